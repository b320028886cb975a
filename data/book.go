package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/dunning"
)

// BookOptions say how much of the ledger the rules need.
type BookOptions struct {
	// History loads settled items and every payment too (DSO, trends, forecast, risk);
	// without it only open items are read (the agenda, the call queue).
	History bool
}

// Settings keys for the collection rules; absent keys take dunning.DefaultSettings.
const (
	SettingDefaultScenario = "dunning.default_scenario"
	SettingMinOverdue      = "dunning.min_overdue_cents"
	SettingMinGapDays      = "dunning.min_gap_days"
	SettingPromiseGrace    = "dunning.promise_grace_days"
	SettingStaleImportDays = "dunning.stale_import_days"
	SettingLateRateBP      = "dunning.late_rate_bp"
)

// LoadBook reads what the rules of collection work on.
func (l *Ledger) LoadBook(ctx context.Context, opt BookOptions) (*dunning.Book, error) {
	if err := l.seedScenarios(ctx); err != nil {
		return nil, err
	}
	b := &dunning.Book{}
	var err error
	if b.Settings, err = l.collectionSettings(ctx); err != nil {
		return nil, err
	}
	// The items, the largest part, are read on a second connection while the customers and
	// the rest are read on the first; their customer codes are filled in once both are done.
	type loaded struct {
		b         dunning.Book
		customers []int64
		err       error
	}
	itemsDone := make(chan loaded, 1)
	go func() {
		var r loaded
		r.customers, r.err = l.loadItems(ctx, &r.b, opt.History)
		itemsDone <- r
	}()
	err = l.loadCustomers(ctx, b, opt.History)
	for _, f := range []func(context.Context, *dunning.Book) error{l.loadScenarios, l.loadPromises,
		l.loadDisputes, l.loadActions, l.loadCoverage} {
		if err != nil {
			break
		}
		err = f(ctx, b)
	}
	items := <-itemsDone
	if err == nil {
		err = items.err
	}
	if err != nil {
		return nil, fmt.Errorf("load ledger: %w", err)
	}
	codes := make(map[int64]string, len(b.Customers))
	for _, c := range b.Customers {
		codes[c.ID] = c.Code
	}
	b.Items = items.b.Items
	for i := range b.Items {
		b.Items[i].Customer = codes[items.customers[i]]
	}
	return b, nil
}

func (l *Ledger) collectionSettings(ctx context.Context) (dunning.Settings, error) {
	s := dunning.DefaultSettings()
	rows, err := l.ro.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE 'dunning.%'`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		n, nerr := strconv.Atoi(v)
		switch {
		case k == SettingDefaultScenario:
			s.DefaultScenario = v
		case nerr != nil:
			// A hand-edited value that is not a number keeps the default.
		case k == SettingMinOverdue:
			s.MinOverdue = money.Cents(n)
		case k == SettingMinGapDays:
			s.MinGapDays = n
		case k == SettingPromiseGrace:
			s.PromiseGraceDays = n
		case k == SettingStaleImportDays:
			s.StaleImportDays = n
		case k == SettingLateRateBP:
			s.RateBP = n
		}
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	s.DefaultTermsDays = l.defaultTerms(ctx)
	return s, nil
}

// loadCustomers reads the customers, only those with open items unless all is set (the
// agenda and the call queue have nothing to say about the others).
func (l *Ledger) loadCustomers(ctx context.Context, b *dunning.Book, all bool) error {
	where, cwhere := "", ""
	if !all {
		const open = `(SELECT customer_id FROM items WHERE open_cents <> 0)`
		where, cwhere = ` WHERE c.id IN `+open, ` AND customer_id IN `+open
	}
	rows, err := l.ro.QueryContext(ctx, `
		SELECT c.id, c.code, c.name, c.segment, COALESCE(s.name, ''), c.on_hold, c.strategic,
			COALESCE(c.credit_limit_cents, 0), COALESCE(c.terms_days, 0), COALESCE(c.late_rate_bp, 0)
		FROM customers c LEFT JOIN scenarios s ON s.id = c.scenario_id`+where+`
		ORDER BY c.code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		var c dunning.Customer
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &c.Segment, &c.Scenario, &c.OnHold, &c.Strategic,
			&c.CreditLimit, &c.TermsDays, &c.RateBP); err != nil {
			return err
		}
		byID[c.ID] = len(b.Customers)
		b.Customers = append(b.Customers, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// One pass over the contacts rather than a lookup per customer: the primary contact's
	// phone and email win, else the oldest contact that has one.
	crows, err := l.ro.QueryContext(ctx, `SELECT customer_id, is_primary, email, phone FROM contacts
		WHERE (email <> '' OR phone <> '')`+cwhere)
	if err != nil {
		return err
	}
	defer crows.Close()
	fromPrimary := map[int64]bool{}
	for crows.Next() {
		var id int64
		var primary bool
		var email, phone string
		if err := crows.Scan(&id, &primary, &email, &phone); err != nil {
			return err
		}
		i, ok := byID[id]
		if !ok || fromPrimary[id] {
			continue
		}
		c := &b.Customers[i]
		if primary {
			fromPrimary[id] = true
			if email != "" {
				c.Email = email
			}
			if phone != "" {
				c.Phone = phone
			}
			continue
		}
		if c.Email == "" {
			c.Email = email
		}
		if c.Phone == "" {
			c.Phone = phone
		}
	}
	return crows.Err()
}

// loadItems reads the items into b.Items and returns each one's customer id, in order:
// LoadBook turns them into codes. Import dates are joined here too, from a map: a join per
// row costs more in SQLite than the lookups.
func (l *Ledger) loadItems(ctx context.Context, b *dunning.Book, history bool) ([]int64, error) {
	var customers []int64
	asOf := map[int64]civil.Date{}
	irows, err := l.ro.QueryContext(ctx, `SELECT id, as_of FROM imports`)
	if err != nil {
		return nil, err
	}
	for irows.Next() {
		var id int64
		var d civil.Date
		if err := irows.Scan(&id, &d); err != nil {
			irows.Close()
			return nil, err
		}
		asOf[id] = d
	}
	irows.Close()
	if err := irows.Err(); err != nil {
		return nil, err
	}
	q := `SELECT id, number, customer_id, kind, issued, due, due_estimated, amount_cents, open_cents,
			currency, settled_on, COALESCE(first_import_id, 0) FROM items`
	if !history {
		q += ` WHERE open_cents <> 0`
	}
	rows, err := l.ro.QueryContext(ctx, q+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	index := map[int64]int{}
	for rows.Next() {
		var it dunning.Item
		var kind string
		var customerID, firstImport int64
		if err := rows.Scan(&it.ID, &it.Number, &customerID, &kind, &it.Issued, &it.Due, &it.DueEstimated,
			&it.Amount, &it.Open, &it.Currency, &it.SettledOn, &firstImport); err != nil {
			return nil, err
		}
		customers = append(customers, customerID)
		it.FirstSeen = asOf[firstImport]
		if it.FirstSeen.IsZero() {
			it.FirstSeen = it.Issued
		}
		it.Kind = dunning.Kind(kind)
		index[it.ID] = len(b.Items)
		b.Items = append(b.Items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Open items keep their partial payments even without the history: a promise is kept
	// by them.
	pq := `SELECT p.item_id, p.paid_on, p.amount_cents FROM payments p`
	if !history {
		pq += ` JOIN items i ON i.id = p.item_id WHERE i.open_cents <> 0`
	}
	prow, err := l.ro.QueryContext(ctx, pq+` ORDER BY p.item_id, p.paid_on, p.id`)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var p dunning.Payment
		if err := prow.Scan(&id, &p.On, &p.Amount); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			b.Items[i].Payments = append(b.Items[i].Payments, p)
		}
	}
	if err := prow.Err(); err != nil {
		return nil, err
	}
	// What the payments do not explain was paid when the ledger did not see it: an item
	// imported already settled was paid on its settlement date, one imported partly paid was
	// paid before it was first seen.
	for i := range b.Items {
		it := &b.Items[i]
		var paid money.Cents
		for _, p := range it.Payments {
			paid += p.Amount
		}
		missing := it.Amount - it.Open - paid
		if missing == 0 {
			continue
		}
		on := it.FirstSeen
		if !it.SettledOn.IsZero() && it.Open == 0 {
			on = it.SettledOn
		}
		it.Payments = append(it.Payments, dunning.Payment{On: on, Amount: missing})
		sortPayments(it.Payments)
	}
	return customers, nil
}

func sortPayments(ps []dunning.Payment) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].On.Before(ps[j-1].On); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func (l *Ledger) loadPromises(ctx context.Context, b *dunning.Book) error {
	rows, err := l.ro.QueryContext(ctx, `SELECT p.id, c.code, p.promised_on, p.amount_cents, p.currency, p.note,
			p.created_on, p.status, p.closed_on
		FROM promises p JOIN customers c ON c.id = p.customer_id ORDER BY p.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	index := map[int64]int{}
	for rows.Next() {
		var p dunning.Promise
		var status string
		if err := rows.Scan(&p.ID, &p.Customer, &p.Date, &p.Amount, &p.Currency, &p.Note, &p.Created, &status, &p.Closed); err != nil {
			return err
		}
		p.Status = dunning.PromiseStatus(status)
		index[p.ID] = len(b.Promises)
		b.Promises = append(b.Promises, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	irows, err := l.ro.QueryContext(ctx, `SELECT pi.promise_id, i.number FROM promise_items pi
		JOIN items i ON i.id = pi.item_id ORDER BY pi.promise_id, i.number`)
	if err != nil {
		return err
	}
	defer irows.Close()
	for irows.Next() {
		var id int64
		var number string
		if err := irows.Scan(&id, &number); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			b.Promises[i].Items = append(b.Promises[i].Items, number)
		}
	}
	return irows.Err()
}

func (l *Ledger) loadDisputes(ctx context.Context, b *dunning.Book) error {
	rows, err := l.ro.QueryContext(ctx, `SELECT d.id, i.number, d.reason, d.note, d.opened_on, d.closed_on
		FROM disputes d JOIN items i ON i.id = d.item_id ORDER BY d.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var d dunning.Dispute
		if err := rows.Scan(&d.ID, &d.Item, &d.Reason, &d.Note, &d.Opened, &d.Closed); err != nil {
			return err
		}
		b.Disputes = append(b.Disputes, d)
	}
	return rows.Err()
}

// actionKind prefixes the history kind of a contact with a customer.
const actionKind = "action."

func (l *Ledger) loadActions(ctx context.Context, b *dunning.Book) error {
	rows, err := l.ro.QueryContext(ctx, `SELECT c.code, e.occurred_on, e.channel, e.scenario, e.step, e.outcome
		FROM events e JOIN customers c ON c.id = e.customer_id
		WHERE e.kind LIKE 'action.%' ORDER BY e.occurred_on, e.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a dunning.Action
		var channel string
		if err := rows.Scan(&a.Customer, &a.On, &channel, &a.Scenario, &a.Step, &a.Outcome); err != nil {
			return err
		}
		a.Channel = dunning.Channel(channel)
		b.Actions = append(b.Actions, a)
	}
	return rows.Err()
}

// loadCoverage says how far back the ledger's history goes. The first import of open items
// only is where balances and sales start being known; a FEC, or an export that carried paid
// invoices with their settlement dates, knows them from its oldest invoice.
func (l *Ledger) loadCoverage(ctx context.Context, b *dunning.Book) error {
	var firstID int64
	var firstAsOf civil.Date
	var format string
	var paid int
	err := l.ro.QueryRowContext(ctx, `SELECT id, as_of, format, paid_count FROM imports WHERE undone_at IS NULL
		ORDER BY as_of, id LIMIT 1`).Scan(&firstID, &firstAsOf, &format, &paid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := l.ro.QueryRowContext(ctx, `SELECT MAX(as_of) FROM imports WHERE undone_at IS NULL`).Scan(&b.LastImport); err != nil {
		return err
	}
	b.HistoryFrom, b.SalesFrom = firstAsOf, firstAsOf
	if format == string(FormatFEC) || paid > 0 {
		var oldest civil.Date
		if err := l.ro.QueryRowContext(ctx, `SELECT MIN(issued) FROM items WHERE first_import_id = ? AND kind = 'invoice'`,
			firstID).Scan(&oldest); err != nil {
			return err
		}
		if !oldest.IsZero() && oldest.Before(firstAsOf) {
			b.HistoryFrom, b.SalesFrom = oldest, oldest
		}
	}
	return nil
}

func (l *Ledger) loadScenarios(ctx context.Context, b *dunning.Book) error {
	rows, err := l.ro.QueryContext(ctx, `SELECT s.id, s.name, st.name, st.channel, st.also, st.template, st.delay_days,
			st.from_previous, st.min_cents, st.validate, st.formal_notice
		FROM scenarios s JOIN scenario_steps st ON st.scenario_id = s.id ORDER BY s.id, st.position`)
	if err != nil {
		return err
	}
	defer rows.Close()
	last := int64(-1)
	for rows.Next() {
		var id int64
		var name, channel, also string
		var st dunning.Step
		if err := rows.Scan(&id, &name, &st.Name, &channel, &also, &st.Template, &st.DelayDays, &st.FromPrevious,
			&st.MinOverdue, &st.Validate, &st.FormalNotice); err != nil {
			return err
		}
		st.Channel = dunning.Channel(channel)
		for _, a := range strings.Split(also, ",") {
			if a != "" {
				st.Also = append(st.Also, dunning.Channel(a))
			}
		}
		if id != last {
			b.Scenarios = append(b.Scenarios, dunning.Scenario{Name: name})
			last = id
		}
		sc := &b.Scenarios[len(b.Scenarios)-1]
		sc.Steps = append(sc.Steps, st)
	}
	return rows.Err()
}

const settingScenariosSeeded = "scenarios.seeded"

// seedScenarios writes the shipped scenarios into a new ledger once; after that they are the
// user's to edit or delete.
func (l *Ledger) seedScenarios(ctx context.Context) error {
	if v, err := l.Setting(ctx, settingScenariosSeeded, ""); err != nil || v != "" {
		return err
	}
	return l.SaveScenarios(ctx, dunning.DefaultScenarios(), true)
}

// SaveScenarios writes scenarios, replacing the steps of those with the same name.
// Customers keep their scenario. The shipped ones are written with seed set.
func (l *Ledger) SaveScenarios(ctx context.Context, list []dunning.Scenario, seed bool) error {
	for _, s := range list {
		if err := dunning.ValidateScenario(s); err != nil {
			return &UserError{Msg: err.Error(), Err: err}
		}
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scenarios (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, s.Name); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM scenarios WHERE name = ?`, s.Name).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM scenario_steps WHERE scenario_id = ?`, id); err != nil {
			return err
		}
		for i, st := range s.Steps {
			var also []string
			for _, a := range st.Also {
				also = append(also, string(a))
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_steps (scenario_id, position, name, channel, also, template,
				delay_days, from_previous, min_cents, validate, formal_notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, i+1, st.Name, string(st.Channel), strings.Join(also, ","), st.Template, st.DelayDays, st.FromPrevious,
				st.MinOverdue, st.Validate, st.FormalNotice); err != nil {
				return err
			}
		}
	}
	if seed {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, '1')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingScenariosSeeded); err != nil {
			return err
		}
	}
	return tx.Commit()
}
