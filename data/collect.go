package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/dunning"
	"encaisse/resources"
)

// ActionInput is a contact with a customer to record: a reminder sent, a letter printed, a
// call made. With Step set, it carries out that step of the customer's scenario, which is how
// the scenario advances.
type ActionInput struct {
	Customer string // code
	On       civil.Date
	Channel  dunning.Channel
	Scenario string
	Step     string
	Outcome  string
	Items    []string // numbers of the items concerned
	Text     string   // what the history shows
	Document string   // a stored letter or message, relative to the ledger's folder
}

func (l *Ledger) customerID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, code string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM customers WHERE code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, userErr(err, "collect.err.no_customer", map[string]any{"Code": code})
	}
	return id, err
}

// itemIDs finds items by number, all belonging to customerID when it is not 0.
func itemIDs(ctx context.Context, tx *sql.Tx, customerID int64, numbers []string) ([]int64, error) {
	var out []int64
	for _, n := range numbers {
		var id, cust int64
		err := tx.QueryRowContext(ctx, `SELECT id, customer_id FROM items WHERE number = ?`, n).Scan(&id, &cust)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, userErr(err, "collect.err.no_item", map[string]any{"Number": n})
		}
		if err != nil {
			return nil, err
		}
		if customerID != 0 && cust != customerID {
			return nil, userErr(nil, "collect.err.other_customer", map[string]any{"Number": n})
		}
		out = append(out, id)
	}
	return out, nil
}

func (l *Ledger) addEvent(ctx context.Context, tx *sql.Tx, customerID int64, kind string, on civil.Date, text string,
	items []int64, extra ...string) (int64, error) {
	cols := []string{"", "", "", "", ""} // channel, scenario, step, outcome, document
	copy(cols, extra)
	res, err := tx.ExecContext(ctx, `INSERT INTO events (occurred_on, created_at, kind, customer_id, text, channel, scenario,
		step, outcome, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		on, l.stamp(), kind, customerID, text, cols[0], cols[1], cols[2], cols[3], cols[4])
	if err != nil {
		return 0, fmt.Errorf("record history: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_items (event_id, item_id) VALUES (?, ?)`, id, it); err != nil {
			return 0, fmt.Errorf("record history: %w", err)
		}
	}
	return id, nil
}

// RecordAction writes a contact with a customer into its history.
func (l *Ledger) RecordAction(ctx context.Context, a ActionInput) error {
	if a.On.IsZero() {
		return fmt.Errorf("record action: date required")
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cid, err := l.customerID(ctx, tx, a.Customer)
	if err != nil {
		return err
	}
	items, err := itemIDs(ctx, tx, cid, a.Items)
	if err != nil {
		return err
	}
	text := a.Text
	if text == "" {
		text = resources.T("collect.action."+string(a.Channel), map[string]any{"Step": a.Step, "Count": len(a.Items)})
	}
	if _, err := l.addEvent(ctx, tx, cid, actionKind+string(a.Channel), a.On, text, items,
		string(a.Channel), a.Scenario, a.Step, a.Outcome, a.Document); err != nil {
		return err
	}
	return tx.Commit()
}

// PromiseInput is a promise to pay noted with a customer.
type PromiseInput struct {
	Customer string
	Date     civil.Date // promised payment date
	Amount   money.Cents
	Currency string
	Items    []string // empty: the customer's overdue items at On
	Note     string
	On       civil.Date // when it was made
}

// AddPromise records a promise to pay and the items it covers.
func (l *Ledger) AddPromise(ctx context.Context, p PromiseInput) (int64, error) {
	if p.Amount <= 0 {
		return 0, userErr(nil, "collect.err.promise_amount", nil)
	}
	if p.Date.Before(p.On) {
		return 0, userErr(nil, "collect.err.promise_past", map[string]any{"Date": p.Date.French()})
	}
	if p.Currency == "" {
		p.Currency = "EUR"
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	cid, err := l.customerID(ctx, tx, p.Customer)
	if err != nil {
		return 0, err
	}
	items, err := itemIDs(ctx, tx, cid, p.Items)
	if err != nil {
		return 0, err
	}
	if len(items) == 0 {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM items WHERE customer_id = ? AND kind = 'invoice'
			AND open_cents > 0 AND due < ? ORDER BY due, number`, cid, p.On)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			items = append(items, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO promises (customer_id, promised_on, amount_cents, currency, note, created_on)
		VALUES (?, ?, ?, ?, ?, ?)`, cid, p.Date, p.Amount, p.Currency, p.Note, p.On)
	if err != nil {
		return 0, err
	}
	pid, _ := res.LastInsertId()
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO promise_items (promise_id, item_id) VALUES (?, ?)`, pid, it); err != nil {
			return 0, err
		}
	}
	text := resources.T("collect.promise.made", map[string]any{"Amount": money.FormatCurrency(p.Amount, p.Currency),
		"Date": p.Date.French(), "Note": p.Note})
	if _, err := l.addEvent(ctx, tx, cid, "promise.made", p.On, text, items); err != nil {
		return 0, err
	}
	return pid, tx.Commit()
}

// OpenDispute puts an item in dispute: it stays in the balances and is never chased.
func (l *Ledger) OpenDispute(ctx context.Context, number, reason, note string, on civil.Date) error {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var label string
	err = tx.QueryRowContext(ctx, `SELECT label FROM dispute_reasons WHERE code = ?`, reason).Scan(&label)
	if errors.Is(err, sql.ErrNoRows) {
		codes, _ := l.DisputeReasons(ctx)
		var list []string
		for _, c := range codes {
			list = append(list, c.Code)
		}
		return userErr(err, "collect.err.reason", map[string]any{"Reason": reason, "Reasons": strings.Join(list, ", ")})
	}
	if err != nil {
		return err
	}
	ids, err := itemIDs(ctx, tx, 0, []string{number})
	if err != nil {
		return err
	}
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM disputes WHERE item_id = ? AND closed_on IS NULL`, ids[0]).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return userErr(nil, "collect.err.dispute_open", map[string]any{"Number": number})
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO disputes (item_id, reason, note, opened_on) VALUES (?, ?, ?, ?)`,
		ids[0], reason, note, on); err != nil {
		return err
	}
	var cid int64
	if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM items WHERE id = ?`, ids[0]).Scan(&cid); err != nil {
		return err
	}
	text := resources.T("collect.dispute.opened", map[string]any{"Number": number, "Reason": label, "Note": note})
	if _, err := l.addEvent(ctx, tx, cid, "dispute.opened", on, text, ids); err != nil {
		return err
	}
	return tx.Commit()
}

// CloseDispute ends the open dispute on an item: it is chased again from then on.
func (l *Ledger) CloseDispute(ctx context.Context, number string, on civil.Date) error {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := itemIDs(ctx, tx, 0, []string{number})
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE disputes SET closed_on = ? WHERE item_id = ? AND closed_on IS NULL`, on, ids[0])
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userErr(nil, "collect.err.no_dispute", map[string]any{"Number": number})
	}
	var cid int64
	if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM items WHERE id = ?`, ids[0]).Scan(&cid); err != nil {
		return err
	}
	if _, err := l.addEvent(ctx, tx, cid, "dispute.closed", on, resources.T("collect.dispute.closed", map[string]any{"Number": number}), ids); err != nil {
		return err
	}
	return tx.Commit()
}

// DisputeReason is one entry of the editable list of dispute reasons.
type DisputeReason struct{ Code, Label string }

// DisputeReasons lists the reasons a dispute can have.
func (l *Ledger) DisputeReasons(ctx context.Context) ([]DisputeReason, error) {
	rows, err := l.ro.QueryContext(ctx, `SELECT code, label FROM dispute_reasons ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DisputeReason
	for rows.Next() {
		var r DisputeReason
		if err := rows.Scan(&r.Code, &r.Label); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RefreshPromises settles the state of open promises at date d (kept when the money came,
// broken when the date and grace passed without it) and writes each change into the
// history, so that a broken promise stays broken even if the money comes later. It returns
// the promises that changed.
func (l *Ledger) RefreshPromises(ctx context.Context, b *dunning.Book, d civil.Date) ([]dunning.Promise, error) {
	var changed []dunning.Promise
	byCustomer := map[string][]dunning.Item{}
	for _, it := range b.Items {
		byCustomer[it.Customer] = append(byCustomer[it.Customer], it)
	}
	for i := range b.Promises {
		p := &b.Promises[i]
		if p.Status != dunning.PromiseOpen {
			continue
		}
		st := dunning.PromiseStatusAt(*p, byCustomer[p.Customer], d, b.Settings.PromiseGraceDays)
		if st == p.Status {
			continue
		}
		p.Status, p.Closed = st, d
		changed = append(changed, *p)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, p := range changed {
		if _, err := tx.ExecContext(ctx, `UPDATE promises SET status = ?, closed_on = ? WHERE id = ?`, string(p.Status), d, p.ID); err != nil {
			return nil, err
		}
		cid, err := l.customerID(ctx, tx, p.Customer)
		if err != nil {
			return nil, err
		}
		text := resources.T("collect.promise."+string(p.Status), map[string]any{"Amount": money.FormatCurrency(p.Amount, p.Currency),
			"Date": p.Date.French()})
		if _, err := l.addEvent(ctx, tx, cid, "promise."+string(p.Status), d, text, nil); err != nil {
			return nil, err
		}
	}
	return changed, tx.Commit()
}

// CollectionEdit changes how a customer is chased; nil fields stay as they are.
type CollectionEdit struct {
	OnHold      *bool
	Strategic   *bool
	Scenario    *string      // "" puts the customer back on the default scenario
	CreditLimit *money.Cents // 0 removes the limit
	RateBP      *int         // contractual late-payment rate; 0 removes it
	Segment     *string
}

// EditCollection applies a user's change to a customer's collection settings and notes it
// in the history (putting a customer on hold, or taking it off, matters later).
func (l *Ledger) EditCollection(ctx context.Context, code string, e CollectionEdit, on civil.Date) error {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cid, err := l.customerID(ctx, tx, code)
	if err != nil {
		return err
	}
	nullable := func(v int64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	var changes []string
	exec := func(q string, arg any, what string) error {
		if _, err := tx.ExecContext(ctx, q, arg, cid); err != nil {
			return err
		}
		changes = append(changes, what)
		return nil
	}
	if e.OnHold != nil {
		key := "collect.edit.hold_off"
		if *e.OnHold {
			key = "collect.edit.hold_on"
		}
		if err := exec(`UPDATE customers SET on_hold = ? WHERE id = ?`, *e.OnHold, resources.T(key)); err != nil {
			return err
		}
	}
	if e.Strategic != nil {
		if err := exec(`UPDATE customers SET strategic = ? WHERE id = ?`, *e.Strategic,
			resources.T("collect.edit.strategic", map[string]any{"On": *e.Strategic})); err != nil {
			return err
		}
	}
	if e.Scenario != nil {
		var sid any
		if *e.Scenario != "" {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM scenarios WHERE name = ?`, *e.Scenario).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return userErr(err, "collect.err.no_scenario", map[string]any{"Name": *e.Scenario})
			}
			if err != nil {
				return err
			}
			sid = id
		}
		if err := exec(`UPDATE customers SET scenario_id = ? WHERE id = ?`, sid,
			resources.T("collect.edit.scenario", map[string]any{"Name": *e.Scenario})); err != nil {
			return err
		}
	}
	if e.CreditLimit != nil {
		if err := exec(`UPDATE customers SET credit_limit_cents = ? WHERE id = ?`, nullable(int64(*e.CreditLimit)),
			resources.T("collect.edit.limit", map[string]any{"Amount": money.FormatCurrency(*e.CreditLimit, "EUR")})); err != nil {
			return err
		}
	}
	if e.RateBP != nil {
		if err := exec(`UPDATE customers SET late_rate_bp = ? WHERE id = ?`, nullable(int64(*e.RateBP)),
			resources.T("collect.edit.rate", map[string]any{"Rate": dunning.FormatRateBP(*e.RateBP)})); err != nil {
			return err
		}
	}
	if e.Segment != nil {
		if err := exec(`UPDATE customers SET segment = ? WHERE id = ?`, *e.Segment,
			resources.T("collect.edit.segment", map[string]any{"Name": *e.Segment})); err != nil {
			return err
		}
	}
	if len(changes) == 0 {
		return nil
	}
	if _, err := l.addEvent(ctx, tx, cid, "customer.collection", on, strings.Join(changes, " ; "), nil); err != nil {
		return err
	}
	return tx.Commit()
}

// SetDisputeReason adds a reason to the list disputes choose from, or renames one.
func (l *Ledger) SetDisputeReason(ctx context.Context, code, label string) error {
	code, label = strings.TrimSpace(code), strings.TrimSpace(label)
	if code == "" || label == "" {
		return userErr(nil, "collect.err.reason_empty", nil)
	}
	_, err := l.rw.ExecContext(ctx, `INSERT INTO dispute_reasons (code, label) VALUES (?, ?)
		ON CONFLICT (code) DO UPDATE SET label = excluded.label`, code, label)
	return err
}

// RemoveDisputeReason takes a reason off the list; one that disputes use stays, since their
// history names it.
func (l *Ledger) RemoveDisputeReason(ctx context.Context, code string) error {
	var used int
	if err := l.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM disputes WHERE reason = ?`, code).Scan(&used); err != nil {
		return err
	}
	if used > 0 {
		return userErr(nil, "collect.err.reason_used", map[string]any{"Reason": code, "Count": used})
	}
	_, err := l.rw.ExecContext(ctx, `DELETE FROM dispute_reasons WHERE code = ?`, code)
	return err
}
