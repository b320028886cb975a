package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"encaisse/data/civil"
	"encaisse/data/demo"
	"encaisse/data/money"
	"encaisse/dunning"
	"encaisse/resources"
)

// DemoSummary says what WriteDemo wrote.
type DemoSummary struct {
	Customers, Items int
	Open             money.Cents
}

// WriteDemo fills an empty ledger with a generated French company's customers, 18 months of
// invoices with their payments, and a few disputes and promises. The invoices go through the
// same import path as a user's file, so the demo ledger is what an import would make.
func WriteDemo(ctx context.Context, l *Ledger, customers, invoices int, seed uint64, today civil.Date) (*DemoSummary, error) {
	ds, err := demo.Generate(demo.Options{Customers: customers, Invoices: invoices, Seed: seed, Today: today})
	if err != nil {
		return nil, fmt.Errorf("generate demo: %w", err)
	}
	if len(ds.Records) > 0 {
		if _, err := l.ImportRecords(ctx, resources.T("demo.source"), ds.Records,
			ImportOptions{AsOf: today, ConfirmSettle: true}); err != nil {
			return nil, fmt.Errorf("write demo invoices: %w", err)
		}
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stamp := l.stamp()
	ids := map[string]int64{}
	for _, c := range ds.Customers {
		var limit any
		if c.CreditLimit > 0 {
			limit = c.CreditLimit
		}
		address := c.Address
		if c.PostCode != "" || c.City != "" {
			address += ", " + c.PostCode + " " + c.City
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customers (code, name, created_at) VALUES (?, ?, ?)
			ON CONFLICT (code) DO NOTHING`, c.Code, c.Name, stamp); err != nil {
			return nil, err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE code = ?`, c.Code).Scan(&id); err != nil {
			return nil, err
		}
		ids[c.Code] = id
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET name = ?, siren = ?, address = ?, segment = ?, strategic = ?,
			credit_limit_cents = ?, terms_days = ? WHERE id = ?`,
			c.Name, c.SIREN, address, c.Segment, c.Strategic, limit, c.TermsDays, id); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE customer_id = ?`, id); err != nil {
			return nil, err
		}
		for _, ct := range c.Contacts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO contacts (customer_id, name, role, email, phone, channel, is_primary, from_import)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, ct.Name, ct.Role, ct.Email, ct.Phone, ct.Channel, ct.Primary, ct.Primary); err != nil {
				return nil, err
			}
		}
	}
	itemID := func(number string) (int64, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM items WHERE number = ?`, number).Scan(&id)
		return id, err
	}
	event := func(on civil.Date, kind string, customer int64, text string, items []int64) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO events (occurred_on, created_at, kind, customer_id, text) VALUES (?, ?, ?, ?, ?)`,
			on, stamp, kind, customer, text)
		if err != nil {
			return err
		}
		ev, _ := res.LastInsertId()
		for _, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_items (event_id, item_id) VALUES (?, ?)`, ev, it); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range ds.Disputes {
		id, err := itemID(d.Invoice)
		if err != nil {
			return nil, fmt.Errorf("demo dispute on %s: %w", d.Invoice, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO disputes (item_id, reason, note, opened_on) VALUES (?, ?, ?, ?)`,
			id, d.Reason, d.Note, d.Opened); err != nil {
			return nil, err
		}
		var cust int64
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM items WHERE id = ?`, id).Scan(&cust); err != nil {
			return nil, err
		}
		if err := event(d.Opened, "dispute.opened", cust, resources.T("demo.dispute", map[string]any{
			"Number": d.Invoice, "Reason": resources.T("dispute." + d.Reason), "Note": d.Note}), []int64{id}); err != nil {
			return nil, err
		}
	}
	for _, p := range ds.Promises {
		cust, ok := ids[p.CustomerCode]
		if !ok {
			return nil, fmt.Errorf("demo promise for unknown customer %s", p.CustomerCode)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO promises (customer_id, promised_on, amount_cents, note, created_on)
			VALUES (?, ?, ?, ?, ?)`, cust, p.Date, p.Amount, p.Note, p.Created)
		if err != nil {
			return nil, err
		}
		pid, _ := res.LastInsertId()
		var items []int64
		for _, n := range p.Invoices {
			id, err := itemID(n)
			if err != nil {
				return nil, fmt.Errorf("demo promise on %s: %w", n, err)
			}
			items = append(items, id)
			if _, err := tx.ExecContext(ctx, `INSERT INTO promise_items (promise_id, item_id) VALUES (?, ?)`, pid, id); err != nil {
				return nil, err
			}
		}
		if err := event(p.Created, "promise.made", cust, resources.T("demo.promise", map[string]any{
			"Amount": money.FormatCurrency(p.Amount, "EUR"), "Date": p.Date.French(), "Note": p.Note}), items); err != nil {
			return nil, err
		}
	}
	if err := demoReminders(ctx, tx, l, ds, today); err != nil {
		return nil, err
	}
	sum := &DemoSummary{Customers: len(ds.Customers), Items: len(ds.Records)}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(open_cents), 0) FROM items`).Scan(&sum.Open); err != nil {
		return nil, err
	}
	return sum, tx.Commit()
}

// Recreate backs up and empties a ledger, for `demo --force`: the file is replaced by a new
// empty ledger at the same path. The old Ledger is closed; use the returned one.
func Recreate(ctx context.Context, l *Ledger) (*Ledger, error) {
	if _, err := l.Backup(ctx); err != nil {
		return nil, err
	}
	path, now := l.path, l.now
	if err := l.Close(); err != nil {
		return nil, err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("remove old ledger: %w", err)
		}
	}
	return Open(path, Options{Now: now})
}

// demoReminders writes the reminders a collector would already have sent: for two customers
// in three with overdue invoices, every step of their scenario reached before today, as if
// the app had been used every week. The others have never been chased, so the demo agenda
// shows both first reminders and later steps.
func demoReminders(ctx context.Context, tx *sql.Tx, l *Ledger, ds *demo.Dataset, today civil.Date) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.code, c.strategic, MIN(i.due) FROM items i
		JOIN customers c ON c.id = i.customer_id
		WHERE i.kind = 'invoice' AND i.open_cents > 0 AND i.due < ? GROUP BY c.id, c.code, c.strategic ORDER BY c.code`, today)
	if err != nil {
		return err
	}
	type overdue struct {
		id        int64
		code      string
		strategic bool
		oldest    civil.Date
	}
	var list []overdue
	for rows.Next() {
		var o overdue
		if err := rows.Scan(&o.id, &o.code, &o.strategic, &o.oldest); err != nil {
			rows.Close()
			return err
		}
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	scenarios := dunning.DefaultScenarios()
	for i, o := range list {
		if i%3 == 2 {
			continue
		}
		sc := scenarios[0]
		if o.strategic {
			sc = scenarios[1]
		}
		// The step reached today stays to do; those before it were done on time.
		var reached []dunning.Step
		for _, st := range sc.Steps {
			if !today.Before(o.oldest.AddDays(st.DelayDays)) {
				reached = append(reached, st)
			}
		}
		if len(reached) > 0 {
			reached = reached[:len(reached)-1]
		}
		for _, st := range reached {
			on := o.oldest.AddDays(st.DelayDays)
			text := resources.T("collect.action."+string(st.Channel), map[string]any{"Step": st.Name})
			if _, err := l.addEvent(ctx, tx, o.id, actionKind+string(st.Channel), on, text, nil,
				string(st.Channel), sc.Name, st.Name); err != nil {
				return err
			}
		}
	}
	return nil
}
