package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"encaisse/data/civil"
	"encaisse/dunning"
	"encaisse/resources"
)

// DocumentsDir is the folder beside the ledger that keeps every letter and message sent.
func DocumentsDir(ledgerPath string) string {
	return strings.TrimSuffix(ledgerPath, filepath.Ext(ledgerPath)) + ".documents"
}

// StoreDocument keeps a generated document beside the ledger, under its year and month, and
// returns its path relative to the ledger's folder (what the history links to). An existing
// name gets a number rather than being overwritten.
func (l *Ledger) StoreDocument(on civil.Date, name string, content []byte) (string, error) {
	dir := filepath.Join(DocumentsDir(l.path), fmt.Sprintf("%04d", on.Year()), fmt.Sprintf("%02d", int(on.Month())))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create documents folder: %w", err)
	}
	base := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 1; ; i++ {
		candidate := base
		if i > 1 {
			candidate = stem + "-" + strconv.Itoa(i) + ext
		}
		p := filepath.Join(dir, candidate)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("store document: %w", err)
		}
		if _, err := f.Write(content); err != nil {
			f.Close()
			return "", fmt.Errorf("store document: %w", err)
		}
		if err := f.Close(); err != nil {
			return "", fmt.Errorf("store document: %w", err)
		}
		rel, _ := filepath.Rel(filepath.Dir(l.path), p)
		return filepath.ToSlash(rel), nil
	}
}

// DocumentPath turns a path from the history back into a file path.
func (l *Ledger) DocumentPath(rel string) string {
	return filepath.Join(filepath.Dir(l.path), filepath.FromSlash(rel))
}

const settingNextReference = "reference.next"

// NextReference hands out the next reference tag, "R-2026-0042": the year of on and a
// number that never repeats in this ledger.
func (l *Ledger) NextReference(ctx context.Context, on civil.Date) (string, error) {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	var v string
	err = tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingNextReference).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	n, _ := strconv.Atoi(v)
	n++
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingNextReference, strconv.Itoa(n)); err != nil {
		return "", err
	}
	return fmt.Sprintf("R-%04d-%04d", on.Year(), n), tx.Commit()
}

// Outbox states.
const (
	OutboxQueued = "queued"
	OutboxSent   = "sent"
	OutboxFailed = "failed"
)

// OutboxInput is a composed message to keep until it is sent.
type OutboxInput struct {
	Customer  string
	MessageID string
	Reference string
	Template  string
	Scenario  string
	Step      string
	To        string
	Subject   string
	Raw       []byte // the whole message, kept as an .eml document
	Items     []string
	On        civil.Date
}

// OutboxEntry is a message in the outbox.
type OutboxEntry struct {
	ID        int64    `json:"id"`
	Customer  string   `json:"customer"`
	MessageID string   `json:"message_id"`
	Reference string   `json:"reference"`
	Template  string   `json:"template"`
	Scenario  string   `json:"scenario,omitempty"`
	Step      string   `json:"step,omitempty"`
	To        string   `json:"to"`
	Subject   string   `json:"subject"`
	Document  string   `json:"document"`
	Status    string   `json:"status"`
	Error     string   `json:"error,omitempty"`
	Attempts  int      `json:"attempts"`
	Items     []string `json:"invoices"`
}

// QueueMessage puts a composed message in the outbox.
func (l *Ledger) QueueMessage(ctx context.Context, in OutboxInput) (int64, error) {
	doc, err := l.StoreDocument(in.On, in.Reference+".eml", in.Raw)
	if err != nil {
		return 0, err
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	cid, err := l.customerID(ctx, tx, in.Customer)
	if err != nil {
		return 0, err
	}
	items, err := itemIDs(ctx, tx, cid, in.Items)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox (customer_id, message_id, reference, template, scenario, step,
		to_addr, subject, document, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cid, in.MessageID, in.Reference, in.Template, in.Scenario, in.Step, in.To, in.Subject, doc, OutboxQueued, l.stamp())
	if err != nil {
		return 0, fmt.Errorf("queue message: %w", err)
	}
	id, _ := res.LastInsertId()
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_items (outbox_id, item_id) VALUES (?, ?)`, id, it); err != nil {
			return 0, err
		}
	}
	return id, tx.Commit()
}

// Outbox lists the messages not sent yet (queued or failed), oldest first; with all, the
// sent ones too.
func (l *Ledger) Outbox(ctx context.Context, all bool) ([]OutboxEntry, error) {
	q := `SELECT o.id, COALESCE(c.code, ''), o.message_id, o.reference, o.template, o.scenario, o.step, o.to_addr,
		o.subject, o.document, o.status, o.error, o.attempts FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id`
	if !all {
		q += ` WHERE o.status <> 'sent'`
	}
	rows, err := l.ro.QueryContext(ctx, q+` ORDER BY o.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxEntry
	index := map[int64]int{}
	for rows.Next() {
		var e OutboxEntry
		if err := rows.Scan(&e.ID, &e.Customer, &e.MessageID, &e.Reference, &e.Template, &e.Scenario, &e.Step, &e.To,
			&e.Subject, &e.Document, &e.Status, &e.Error, &e.Attempts); err != nil {
			return nil, err
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	irows, err := l.ro.QueryContext(ctx, `SELECT oi.outbox_id, i.number FROM outbox_items oi JOIN items i ON i.id = oi.item_id
		ORDER BY oi.outbox_id, i.due, i.number`)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var id int64
		var n string
		if err := irows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Items = append(out[i].Items, n)
		}
	}
	return out, irows.Err()
}

// MarkSent records that the server accepted a message: the outbox entry is closed and the
// reminder goes into the customer's history, which advances its scenario.
func (l *Ledger) MarkSent(ctx context.Context, id int64, on civil.Date) error {
	entries, err := l.Outbox(ctx, true)
	if err != nil {
		return err
	}
	var e *OutboxEntry
	for i := range entries {
		if entries[i].ID == id {
			e = &entries[i]
		}
	}
	if e == nil {
		return userErr(nil, "outbox.err.unknown", map[string]any{"ID": id})
	}
	if e.Status == OutboxSent {
		return nil
	}
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, error = '', attempts = attempts + 1, sent_at = ? WHERE id = ?`,
		OutboxSent, l.stamp(), id); err != nil {
		return err
	}
	cid, err := l.customerID(ctx, tx, e.Customer)
	if err != nil {
		return err
	}
	items, err := itemIDs(ctx, tx, cid, e.Items)
	if err != nil {
		return err
	}
	text := resources.T("outbox.sent", map[string]any{"To": e.To, "Subject": e.Subject})
	ev, err := l.addEvent(ctx, tx, cid, actionKind+string(dunning.Email), on, text, items,
		string(dunning.Email), e.Scenario, e.Step, "", e.Document)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET reference = ?, message_id = ? WHERE id = ?`, e.Reference, e.MessageID, ev); err != nil {
		return err
	}
	return tx.Commit()
}

// MarkFailed keeps a message in the outbox with the server's answer, to retry.
func (l *Ledger) MarkFailed(ctx context.Context, id int64, reason string) error {
	res, err := l.rw.ExecContext(ctx, `UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1 WHERE id = ? AND status <> 'sent'`,
		OutboxFailed, reason, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return userErr(nil, "outbox.err.unknown", map[string]any{"ID": id})
	}
	return nil
}

// NoteDocument links a generated letter to the customer's history. Writing a letter is not
// sending it: the scenario advances when the user records the letter as sent or printed.
func (l *Ledger) NoteDocument(ctx context.Context, customer string, on civil.Date, template, reference, document string, numbers []string) error {
	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cid, err := l.customerID(ctx, tx, customer)
	if err != nil {
		return err
	}
	items, err := itemIDs(ctx, tx, cid, numbers)
	if err != nil {
		return err
	}
	text := resources.T("outbox.document", map[string]any{"Template": template, "Reference": reference})
	ev, err := l.addEvent(ctx, tx, cid, "document."+template, on, text, items, "", "", "", "", document)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET reference = ? WHERE id = ?`, reference, ev); err != nil {
		return err
	}
	return tx.Commit()
}
