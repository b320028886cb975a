package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Every import into a non-empty ledger leaves a dated copy first; only the newest
// KeepBackups stay, and an interrupted copy (".part") is never taken for a backup.
func TestBackupsBeforeImportAndRotation(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	csv := writeFile(t, "a.csv", "Code client;Client;N° facture;Date;Échéance;Montant\nC1;Alpha;F1;01/10/2026;31/10/2026;100,00\n")
	rep, err := l.Import(ctx, csv, ImportOptions{AsOf: day("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Backup != "" || len(Backups(l.Path())) != 0 {
		t.Fatalf("first import into an empty ledger made a backup: %q", rep.Backup)
	}
	rep, err = l.Import(ctx, csv, ImportOptions{AsOf: day("2026-11-27")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Backup == "" || LatestBackup(l.Path()) != rep.Backup {
		t.Fatalf("second import: backup %q, latest %q", rep.Backup, LatestBackup(l.Path()))
	}
	// The copy is a ledger holding the state before the second import.
	b, err := Open(rep.Backup, Options{})
	if err != nil {
		t.Fatal(err)
	}
	last, err := b.LastImport(ctx)
	b.Close()
	if err != nil || last == nil || last.AsOf != day("2026-11-20") {
		t.Fatalf("backup's last import = %+v, %v", last, err)
	}

	os.WriteFile(filepath.Join(BackupDir(l.Path()), backupPrefix(l.Path())+"29991231-000000-000.db.part"), []byte("half"), 0o644)
	for i := 0; i < KeepBackups+3; i++ {
		if _, err := l.Backup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	all := Backups(l.Path())
	if len(all) != KeepBackups {
		t.Fatalf("%d backups kept, want %d", len(all), KeepBackups)
	}
	for _, p := range all {
		if strings.HasSuffix(p, ".part") {
			t.Fatalf("a partial copy is listed: %s", p)
		}
	}
	if all[0] <= all[len(all)-1] {
		t.Fatalf("backups not newest first: %s … %s", all[0], all[len(all)-1])
	}
}

// A file that is not a ledger is refused with the newest backup named, and restoring that
// backup gives a ledger that opens with its data.
func TestDamagedLedgerOffersLatestBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "société.db")
	l, err := Open(path, Options{Now: func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetSetting(t.Context(), "company.name", "Société Test"); err != nil {
		t.Fatal(err)
	}
	backup, err := l.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l.Close()

	// Overwrite the middle of the file, as a bad disk or a copy cut short would.
	raw, _ := os.ReadFile(path)
	for i := 4096; i < len(raw) && i < 4096*3; i++ {
		raw[i] = 0xA5
	}
	os.WriteFile(path, raw, 0o644)
	_, err = Open(path, Options{})
	var de *DamageError
	if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) {
		t.Fatalf("open damaged ledger: %v", err)
	}
	if de.Backup != backup {
		t.Fatalf("damage error names backup %q, want %q", de.Backup, backup)
	}

	os.WriteFile(path, []byte("PK\x03\x04 this is a workbook, not a ledger"), 0o644)
	if _, err = Open(path, Options{}); !errors.As(err, &de) || de.Backup != backup {
		t.Fatalf("open a non-SQLite file: %v", err)
	}

	if err := RestoreBackup(path, de.Backup); err != nil {
		t.Fatal(err)
	}
	if kept, err := os.ReadFile(path + ".replaced"); err != nil || !strings.HasPrefix(string(kept), "PK") {
		t.Fatalf("the replaced file was not kept: %v", err)
	}
	l, err = Open(path, Options{})
	if err != nil {
		t.Fatalf("open restored ledger: %v", err)
	}
	defer l.Close()
	if v, _ := l.Setting(t.Context(), "company.name", ""); v != "Société Test" {
		t.Fatalf("restored ledger setting = %q", v)
	}
}
