package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"encaisse/data/civil"
	"encaisse/resources"
)

// ErrNothingToUndo is returned when no import is left to undo.
var ErrNothingToUndo = errors.New("no import to undo")

// UndoResult describes the import that was undone.
type UndoResult struct {
	ImportID int64
	FileName string
	AsOf     civil.Date
	Backup   string
}

// UndoLastImport puts the ledger back as it was before the newest import that is not undone
// yet: items it added are removed, items and customers it changed get their values back, the
// payments and history lines it wrote go. What the user did since (calls, notes) stays.
// Calling it again undoes the import before.
func (l *Ledger) UndoLastImport(ctx context.Context) (*UndoResult, error) {
	var res UndoResult
	err := l.rw.QueryRowContext(ctx, `SELECT id, file_name, as_of FROM imports WHERE undone_at IS NULL
		ORDER BY id DESC LIMIT 1`).Scan(&res.ImportID, &res.FileName, &res.AsOf)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, userErr(ErrNothingToUndo, "import.err.nothing_to_undo", nil)
	}
	if err != nil {
		return nil, err
	}
	if res.Backup, err = l.Backup(ctx); err != nil {
		return nil, err
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := undoChanges(ctx, tx, res.ImportID); err != nil {
		return nil, fmt.Errorf("undo import %d: %w", res.ImportID, err)
	}
	for _, q := range []string{
		`DELETE FROM payments WHERE import_id = ?`,
		`DELETE FROM events WHERE import_id = ?`,
		`DELETE FROM items WHERE first_import_id = ?`,
		`DELETE FROM customers WHERE created_import_id = ?
			AND NOT EXISTS (SELECT 1 FROM items WHERE items.customer_id = customers.id)`,
		`DELETE FROM import_changes WHERE import_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, res.ImportID); err != nil {
			return nil, fmt.Errorf("undo import %d: %w", res.ImportID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE imports SET undone_at = ? WHERE id = ?`, l.stamp(), res.ImportID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (occurred_on, created_at, kind, text) VALUES (?, ?, ?, ?)`,
		civil.Of(l.now()), l.stamp(), "import.undone",
		resources.T("event.import.undone", map[string]any{"Date": res.AsOf.French()})); err != nil {
		return nil, err
	}
	return &res, tx.Commit()
}

func undoChanges(ctx context.Context, tx *sql.Tx, importID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, row_id, before FROM import_changes
		WHERE import_id = ? ORDER BY id DESC`, importID)
	if err != nil {
		return err
	}
	type change struct {
		table  string
		id     int64
		before string
	}
	var changes []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.table, &c.id, &c.before); err != nil {
			rows.Close()
			return err
		}
		changes = append(changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if err := undoOne(ctx, tx, c.table, c.id, c.before); err != nil {
			return err
		}
	}
	return nil
}

func undoOne(ctx context.Context, tx *sql.Tx, table string, id int64, before string) error {
	switch table {
	case "items":
		var b itemBefore
		if err := json.Unmarshal([]byte(before), &b); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE items SET kind = ?, issued = ?, due = ?, amount_cents = ?, open_cents = ?,
			currency = ?, settled_on = ?, source_id = ? WHERE id = ?`,
			b.Kind, b.Issued, b.Due, b.Amount, b.Open, b.Currency, nullDate(b.SettledOn), b.SourceID, id)
		return err
	case "customers":
		var b struct{ Name, SIREN, Address string }
		if err := json.Unmarshal([]byte(before), &b); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE customers SET name = ?, siren = ?, address = ? WHERE id = ?`,
			b.Name, b.SIREN, b.Address, id)
		return err
	case "contacts":
		if before == "null" {
			_, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ?`, id)
			return err
		}
		var b struct{ Email, Phone string }
		if err := json.Unmarshal([]byte(before), &b); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE contacts SET email = ?, phone = ? WHERE id = ?`, b.Email, b.Phone, id)
		return err
	}
	return fmt.Errorf("unknown journal table %q", table)
}
