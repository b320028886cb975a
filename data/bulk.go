package data

import (
	"context"
	"database/sql"
	"strings"
)

// bulk inserts rows into one table several at a time. One statement per row costs more in
// the driver than the insert itself; a prepared statement of bulkRows rows divides that cost.
// Ids are chosen by the caller (the import is the only writer inside its transaction), so
// nothing needs the rowid back.
type bulk struct {
	tx    *sql.Tx
	head  string // INSERT INTO t (a, b) VALUES
	tuple string // (?, ?)
	cols  int
	full  *sql.Stmt
	args  []any
	rows  int
}

const bulkRows = 100

func newBulk(ctx context.Context, tx *sql.Tx, table string, columns ...string) (*bulk, error) {
	b := &bulk{tx: tx, cols: len(columns),
		head:  "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ",
		tuple: "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"}
	var err error
	b.full, err = tx.PrepareContext(ctx, b.query(bulkRows))
	return b, err
}

func (b *bulk) query(n int) string {
	return b.head + strings.TrimSuffix(strings.Repeat(b.tuple+", ", n), ", ")
}

// add queues one row; full reports that the batch should be flushed.
func (b *bulk) add(values ...any) (full bool) {
	b.args = append(b.args, values...)
	b.rows++
	return b.rows == bulkRows
}

func (b *bulk) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.rows == bulkRows {
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = b.tx.ExecContext(ctx, b.query(b.rows), b.args...)
	}
	clear(b.args)
	b.args, b.rows = b.args[:0], 0
	return err
}
