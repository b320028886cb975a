package data

import (
	"context"
	"database/sql"
	"errors"
)

// SavedTemplate is a template the user edited; the shipped text stays in resources/ and is
// what "reset to default" goes back to.
type SavedTemplate struct {
	ID, Language, Channel, Subject, Body string
}

func templateKey(id, language string) string { return id + "." + language }

// SavedTemplate returns the user's version of a template, ok false when there is none.
func (l *Ledger) SavedTemplate(ctx context.Context, id, language string) (SavedTemplate, bool, error) {
	t := SavedTemplate{ID: id, Language: language}
	err := l.ro.QueryRowContext(ctx, `SELECT channel, subject, body FROM templates WHERE name = ?`, templateKey(id, language)).
		Scan(&t.Channel, &t.Subject, &t.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return t, false, nil
	}
	return t, err == nil, err
}

// SaveTemplate keeps the user's version of a template. The caller checks it first.
func (l *Ledger) SaveTemplate(ctx context.Context, t SavedTemplate) error {
	_, err := l.rw.ExecContext(ctx, `INSERT INTO templates (name, channel, subject, body, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET channel = excluded.channel, subject = excluded.subject, body = excluded.body,
		updated_at = excluded.updated_at`, templateKey(t.ID, t.Language), t.Channel, t.Subject, t.Body, l.stamp())
	return err
}

// ResetTemplate drops the user's version: the shipped text applies again.
func (l *Ledger) ResetTemplate(ctx context.Context, id, language string) error {
	_, err := l.rw.ExecContext(ctx, `DELETE FROM templates WHERE name = ?`, templateKey(id, language))
	return err
}
