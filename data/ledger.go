// Package data is the ledger: one SQLite file per company, its schema migrations, the
// repositories the rest of the app reads and writes through, imports and backups.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNewerLedger is returned when the file was written by a newer version of Encaisse.
var ErrNewerLedger = errors.New("ledger written by a newer version")

// ErrDamaged is returned when the file is not a readable ledger.
var ErrDamaged = errors.New("ledger damaged")

// VersionError says which schema versions met.
type VersionError struct {
	File, App int
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("ledger schema version %d is newer than this program's %d", e.File, e.App)
}

func (e *VersionError) Unwrap() error { return ErrNewerLedger }

// DamageError carries what SQLite said and the newest backup, if any, for the user.
type DamageError struct {
	Path   string
	Detail string
	Backup string // newest backup beside the ledger, "" when none
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("ledger %s is damaged: %s", e.Path, e.Detail)
}

func (e *DamageError) Unwrap() error { return ErrDamaged }

// Ledger is an open ledger file. It holds one writer connection (SQLite allows one writer
// at a time; a single connection serialises writes without "database is locked") and a
// small pool of read-only connections so that screens can read while an import writes.
type Ledger struct {
	path string
	rw   *sql.DB
	ro   *sql.DB
	now  func() time.Time
	// checked delivers the result of a check run alongside the caller's first reads
	// (Options.CheckAlongside); nil when Open checked before returning.
	checked chan error
}

// Options for Open.
type Options struct {
	// Now is the wall clock, used for timestamps and backup names (not for civil dates,
	// which callers pass in). Defaults to time.Now.
	Now func() time.Time
	// CheckAlongside runs the damage check (PRAGMA quick_check, which reads the whole file)
	// in the background while the caller reads, for commands that only read and print: they
	// call Check before printing anything. A ledger that needs a migration is always checked
	// first, and so is every ledger opened without this option.
	CheckAlongside bool
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// Reading through a memory map spares a system call per page: the agenda and the
		// damage check read the whole file.
		q.Add("_pragma", "mmap_size(268435456)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// Open opens (creating it if needed) the ledger at path, checks it and brings its schema up
// to date.
func Open(path string, opt Options) (*Ledger, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create folder for ledger: %w", err)
		}
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	rw, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	rw.SetMaxOpenConns(1)
	rw.SetConnMaxIdleTime(0)
	l := &Ledger{path: path, rw: rw, now: opt.Now}
	alongside := opt.CheckAlongside && l.upToDate()
	if !alongside {
		if err := l.check(l.rw); err != nil {
			rw.Close()
			return nil, err
		}
	}
	if err := l.migrate(); err != nil {
		rw.Close()
		return nil, err
	}
	ro, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		rw.Close()
		return nil, err
	}
	ro.SetMaxOpenConns(4)
	l.ro = ro
	if alongside {
		l.checked = make(chan error, 1)
		go func() { l.checked <- l.check(ro) }()
	}
	return l, nil
}

// Check waits for the damage check started by Open with CheckAlongside and returns its
// verdict (a *DamageError); nil at once when Open already checked.
func (l *Ledger) Check() error {
	if l.checked == nil {
		return nil
	}
	err := <-l.checked
	l.checked <- err
	return err
}

// upToDate reports whether the file's schema is the newest this program knows, without
// changing anything; false when it cannot tell.
func (l *Ledger) upToDate() bool {
	var have int
	if err := l.rw.QueryRow(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return false
	}
	return have == SchemaVersion()
}

// checkHeader refuses a file that exists but is not SQLite, before the driver touches it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil // an empty file becomes a new ledger
	}
	if string(head[:n]) != "SQLite format 3\x00" {
		return &DamageError{Path: path, Detail: "not an SQLite database", Backup: LatestBackup(path)}
	}
	return nil
}

func (l *Ledger) check(db *sql.DB) error {
	var res string
	if err := db.QueryRow("PRAGMA quick_check").Scan(&res); err != nil {
		return &DamageError{Path: l.path, Detail: err.Error(), Backup: LatestBackup(l.path)}
	}
	if res != "ok" {
		return &DamageError{Path: l.path, Detail: res, Backup: LatestBackup(l.path)}
	}
	return nil
}

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: want NNNN_name.sql", e.Name())
		}
		out = append(out, migration{v, e.Name()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest schema this program knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (l *Ledger) migrate() error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := l.rw.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("prepare migrations: %w", err)
	}
	var have int
	if err := l.rw.QueryRow(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := SchemaVersion(); have > latest {
		return &VersionError{File: have, App: latest}
	}
	for _, m := range ms {
		if m.version <= have {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		tx, err := l.rw.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
			m.version, l.stamp()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (l *Ledger) stamp() string { return l.now().UTC().Format(time.RFC3339) }

// Path is the ledger file.
func (l *Ledger) Path() string { return l.path }

// Close checkpoints the write-ahead log and closes the file.
func (l *Ledger) Close() error {
	if l.checked != nil {
		_ = l.Check() // the check reads through ro: let it end before closing
	}
	var errs []error
	if l.ro != nil {
		errs = append(errs, l.ro.Close())
	}
	_, _ = l.rw.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	errs = append(errs, l.rw.Close())
	return errors.Join(errs...)
}

// IntegrityCheck runs SQLite's full check and returns its verdict ("ok" when sound).
func (l *Ledger) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	err := l.rw.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// Setting returns a stored setting, or def when unset.
func (l *Ledger) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := l.ro.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	return v, err
}

// SetSetting stores a setting.
func (l *Ledger) SetSetting(ctx context.Context, key, value string) error {
	_, err := l.rw.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// IsEmpty reports whether the ledger holds no customer yet.
func (l *Ledger) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := l.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers`).Scan(&n)
	return n == 0, err
}
