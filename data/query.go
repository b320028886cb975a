package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// CustomerBalance is a customer with what it owes, in one currency.
type CustomerBalance struct {
	ID        int64
	Code      string
	Name      string
	Email     string
	Phone     string
	Currency  string
	Open      money.Cents // net open balance, credit notes included
	Overdue   money.Cents // net of the items whose due date is before the as-of date
	OpenItems int
	OldestDue civil.Date // oldest due date among open invoices, zero when none
}

// CustomerBalances lists every customer with its balance at asOf, by name. A customer with
// items in two currencies appears once per currency: amounts in different currencies are
// never added.
func (l *Ledger) CustomerBalances(ctx context.Context, asOf civil.Date) ([]CustomerBalance, error) {
	rows, err := l.ro.QueryContext(ctx, `
		SELECT c.id, c.code, c.name,
			COALESCE((SELECT ct.email FROM contacts ct WHERE ct.customer_id = c.id AND ct.email <> ''
				ORDER BY ct.is_primary DESC, ct.id LIMIT 1), ''),
			COALESCE((SELECT ct.phone FROM contacts ct WHERE ct.customer_id = c.id AND ct.phone <> ''
				ORDER BY ct.is_primary DESC, ct.id LIMIT 1), ''),
			COALESCE(i.currency, 'EUR'),
			COALESCE(SUM(i.open_cents), 0),
			COALESCE(SUM(CASE WHEN i.due < ? THEN i.open_cents ELSE 0 END), 0),
			COUNT(i.id),
			MIN(CASE WHEN i.kind = 'invoice' THEN i.due END)
		FROM customers c
		LEFT JOIN items i ON i.customer_id = c.id AND i.open_cents <> 0
		GROUP BY c.id, c.code, c.name, i.currency
		ORDER BY c.code, COALESCE(i.currency, 'EUR')`, asOf)
	if err != nil {
		return nil, fmt.Errorf("customer balances: %w", err)
	}
	defer rows.Close()
	var out []CustomerBalance
	for rows.Next() {
		var b CustomerBalance
		if err := rows.Scan(&b.ID, &b.Code, &b.Name, &b.Email, &b.Phone, &b.Currency, &b.Open, &b.Overdue,
			&b.OpenItems, &b.OldestDue); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortByName(out)
	return out, nil
}

// sortByName orders customers the way a French reader expects: accents and case do not
// break the alphabet (Cévéplast sits between Cerise and Couverture), code breaks ties.
func sortByName(list []CustomerBalance) {
	col := collate.New(language.French, collate.IgnoreCase)
	var buf collate.Buffer
	keys := make([][]byte, len(list))
	for i := range list {
		keys[i] = append([]byte(nil), col.KeyFromString(&buf, list[i].Name)...)
		buf.Reset()
	}
	idx := make([]int, len(list))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return bytes.Compare(keys[idx[a]], keys[idx[b]]) < 0 })
	sorted := make([]CustomerBalance, len(list))
	for i, j := range idx {
		sorted[i] = list[j]
	}
	copy(list, sorted)
}

// Item is an invoice, credit note or unmatched payment.
type Item struct {
	ID           int64
	Number       string
	CustomerCode string
	CustomerName string
	Kind         string
	Issued       civil.Date
	Due          civil.Date
	DueEstimated bool
	Amount       money.Cents
	Open         money.Cents
	Currency     string
	SettledOn    civil.Date
}

// Status at a date: "settled", "overdue" (due before asOf) or "open".
func (it Item) Status(asOf civil.Date) string {
	switch {
	case it.Open == 0:
		return "settled"
	case it.Due.Before(asOf):
		return "overdue"
	}
	return "open"
}

// ItemFilter narrows Items.
type ItemFilter struct {
	OpenOnly     bool
	CustomerCode string
}

// Items lists items by customer then issue date.
func (l *Ledger) Items(ctx context.Context, f ItemFilter) ([]Item, error) {
	var where []string
	var args []any
	if f.OpenOnly {
		where = append(where, "i.open_cents <> 0")
	}
	if f.CustomerCode != "" {
		where = append(where, "c.code = ?")
		args = append(args, f.CustomerCode)
	}
	q := `SELECT i.id, i.number, c.code, c.name, i.kind, i.issued, i.due, i.due_estimated, i.amount_cents,
		i.open_cents, i.currency, i.settled_on FROM items i JOIN customers c ON c.id = i.customer_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY c.code, i.issued, i.number"
	rows, err := l.ro.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.Number, &it.CustomerCode, &it.CustomerName, &it.Kind, &it.Issued, &it.Due,
			&it.DueEstimated, &it.Amount, &it.Open, &it.Currency, &it.SettledOn); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CustomerExists reports whether a customer code is known.
func (l *Ledger) CustomerExists(ctx context.Context, code string) (bool, error) {
	var n int
	err := l.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers WHERE code = ?`, code).Scan(&n)
	return n > 0, err
}

// ImportInfo is one line of the import history.
type ImportInfo struct {
	ID        int64
	FileName  string
	Format    string
	AsOf      civil.Date
	StartedAt string
	New       int
	Updated   int
	Settled   int
	Unchanged int
	Rejected  int
}

// LastImport is the newest import not undone; nil when there is none.
func (l *Ledger) LastImport(ctx context.Context) (*ImportInfo, error) {
	var im ImportInfo
	err := l.ro.QueryRowContext(ctx, `SELECT id, file_name, format, as_of, started_at, new_count, updated_count,
		settled_count, unchanged_count, rejected_count FROM imports WHERE undone_at IS NULL
		ORDER BY id DESC LIMIT 1`).Scan(&im.ID, &im.FileName, &im.Format, &im.AsOf, &im.StartedAt, &im.New,
		&im.Updated, &im.Settled, &im.Unchanged, &im.Rejected)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &im, nil
}

// Event is one line of a customer's history.
type Event struct {
	ID         int64
	OccurredOn civil.Date
	Kind       string
	Text       string
	Items      []string
	Document   string // a stored letter or message, relative to the ledger's folder
	Reference  string // our reference tag on a reminder
}

// History lists a customer's events, newest first.
func (l *Ledger) History(ctx context.Context, code string) ([]Event, error) {
	rows, err := l.ro.QueryContext(ctx, `SELECT e.id, e.occurred_on, e.kind, e.text, e.document, e.reference, COALESCE(i.number, '')
		FROM events e JOIN customers c ON c.id = e.customer_id
		LEFT JOIN event_items ei ON ei.event_id = e.id LEFT JOIN items i ON i.id = ei.item_id
		WHERE c.code = ? ORDER BY e.occurred_on DESC, e.id DESC, i.number`, code)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", code, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var number string
		if err := rows.Scan(&e.ID, &e.OccurredOn, &e.Kind, &e.Text, &e.Document, &e.Reference, &number); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == e.ID {
			out[n-1].Items = append(out[n-1].Items, number)
			continue
		}
		if number != "" {
			e.Items = []string{number}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CustomerEdit changes a customer's fields from the app; nil fields stay. The fields set
// here are marked as the user's, so that later imports leave them alone.
type CustomerEdit struct {
	Name, SIREN, Address, Email, Phone *string
}

// EditCustomer applies a user's edit.
func (l *Ledger) EditCustomer(ctx context.Context, code string, e CustomerEdit) error {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	var edited string
	if err := tx.QueryRowContext(ctx, `SELECT id, edited FROM customers WHERE code = ?`, code).Scan(&id, &edited); err != nil {
		return fmt.Errorf("customer %s: %w", code, err)
	}
	marks := fieldSet(edited)
	set := func(col string, v *string) error {
		if v == nil {
			return nil
		}
		marks[col] = true
		_, err := tx.ExecContext(ctx, `UPDATE customers SET `+col+` = ? WHERE id = ?`, *v, id)
		return err
	}
	for col, v := range map[string]*string{"name": e.Name, "siren": e.SIREN, "address": e.Address} {
		if err := set(col, v); err != nil {
			return err
		}
	}
	if e.Email != nil || e.Phone != nil {
		var cid int64
		var cedited string
		err := tx.QueryRowContext(ctx, `SELECT id, edited FROM contacts WHERE customer_id = ?
			ORDER BY from_import DESC, is_primary DESC, id LIMIT 1`, id).Scan(&cid, &cedited)
		if errors.Is(err, sql.ErrNoRows) {
			res, err := tx.ExecContext(ctx, `INSERT INTO contacts (customer_id, is_primary) VALUES (?, 1)`, id)
			if err != nil {
				return err
			}
			cid, _ = res.LastInsertId()
		} else if err != nil {
			return err
		}
		cm := fieldSet(cedited)
		for col, v := range map[string]*string{"email": e.Email, "phone": e.Phone} {
			if v == nil {
				continue
			}
			cm[col] = true
			if _, err := tx.ExecContext(ctx, `UPDATE contacts SET `+col+` = ? WHERE id = ?`, *v, cid); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET edited = ? WHERE id = ?`, joinSet(cm), cid); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET edited = ? WHERE id = ?`, joinSet(marks), id); err != nil {
		return err
	}
	return tx.Commit()
}

func joinSet(m map[string]bool) string {
	var keys []string
	for _, k := range []string{"name", "siren", "address", "email", "phone"} {
		if m[k] {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, ",")
}
