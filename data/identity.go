package data

import (
	"context"
	"strings"
)

// Correspondent is what a letter or an email needs about a customer.
type Correspondent struct {
	Code, Name, Address string
	Contact             string // primary contact's name
	Role                string
	Email               string   // primary address
	Cc                  []string // the other contacts' addresses
}

// CustomerCorrespondent reads a customer's name, postal address and contacts.
func (l *Ledger) CustomerCorrespondent(ctx context.Context, code string) (*Correspondent, error) {
	c := &Correspondent{Code: code}
	var id int64
	if err := l.ro.QueryRowContext(ctx, `SELECT id, name, address FROM customers WHERE code = ?`, code).
		Scan(&id, &c.Name, &c.Address); err != nil {
		return nil, userErr(err, "collect.err.no_customer", map[string]any{"Code": code})
	}
	// An address imported on one line ("12 rue X, 69003 Lyon") is split where a post code starts.
	if !strings.Contains(c.Address, "\n") {
		if i := strings.LastIndex(c.Address, ", "); i > 0 {
			c.Address = c.Address[:i] + "\n" + c.Address[i+2:]
		}
	}
	rows, err := l.ro.QueryContext(ctx, `SELECT name, role, email FROM contacts WHERE customer_id = ?
		ORDER BY is_primary DESC, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, role, email string
		if err := rows.Scan(&name, &role, &email); err != nil {
			return nil, err
		}
		if c.Contact == "" && name != "" {
			c.Contact, c.Role = name, role
		}
		switch {
		case email == "":
		case c.Email == "":
			c.Email = email
		case email != c.Email:
			c.Cc = append(c.Cc, email)
		}
	}
	return c, rows.Err()
}

// Settings returns every setting whose key starts with prefix, without the prefix.
func (l *Ledger) Settings(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := l.ro.QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE ?`, prefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[strings.TrimPrefix(k, prefix)] = v
	}
	return out, rows.Err()
}
