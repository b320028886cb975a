package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// KeepBackups is how many automatic backups stay beside a ledger.
const KeepBackups = 20

// BackupDir is the folder beside the ledger that holds its dated copies.
func BackupDir(ledgerPath string) string {
	return ledgerPath + ".backups"
}

func backupPrefix(ledgerPath string) string {
	return strings.TrimSuffix(filepath.Base(ledgerPath), filepath.Ext(ledgerPath)) + "-"
}

// Backups lists the backups of a ledger, newest first.
func Backups(ledgerPath string) []string {
	entries, err := os.ReadDir(BackupDir(ledgerPath))
	if err != nil {
		return nil
	}
	prefix := backupPrefix(ledgerPath)
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasPrefix(e.Name(), prefix) && strings.HasSuffix(e.Name(), ".db") {
			out = append(out, filepath.Join(BackupDir(ledgerPath), e.Name()))
		}
	}
	// Names carry a sortable timestamp.
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

// LatestBackup is the newest backup, "" when there is none.
func LatestBackup(ledgerPath string) string {
	if b := Backups(ledgerPath); len(b) > 0 {
		return b[0]
	}
	return ""
}

// Backup writes a consistent copy of the ledger (VACUUM INTO) into the backup folder and
// keeps the newest KeepBackups copies. It returns the copy's path.
func (l *Ledger) Backup(ctx context.Context) (string, error) {
	dir := BackupDir(l.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create backup folder: %w", err)
	}
	stamp := strings.ReplaceAll(l.now().Format("20060102-150405.000"), ".", "-")
	dest := filepath.Join(dir, backupPrefix(l.path)+stamp+".db")
	// Written under a name Backups does not list, then renamed: a crash or a full disk in
	// the middle never leaves a half copy posing as the latest backup.
	tmp := dest + ".part"
	_ = os.Remove(tmp)
	if _, err := l.rw.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("backup to %s: %w", dest, err)
	}
	all := Backups(l.path)
	for _, old := range all[min(KeepBackups, len(all)):] {
		_ = os.Remove(old)
	}
	return dest, nil
}

// RestoreBackup replaces the ledger file at ledgerPath with a backup. The ledger must be
// closed. The file it replaces is kept beside it as <ledger>.replaced (with its -wal), so a
// restore loses nothing either.
func RestoreBackup(ledgerPath, backup string) error {
	raw, err := os.ReadFile(backup)
	if err != nil {
		return fmt.Errorf("read backup: %w", err)
	}
	tmp := ledgerPath + ".restore"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("write ledger: %w", err)
	}
	kept := ledgerPath + ".replaced"
	for _, side := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(kept + side)
		if side == "-shm" {
			_ = os.Remove(ledgerPath + side)
			continue
		}
		if err := os.Rename(ledgerPath+side, kept+side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("keep the replaced ledger: %w", err)
		}
	}
	if err := os.Rename(tmp, ledgerPath); err != nil {
		return fmt.Errorf("replace ledger: %w", err)
	}
	return nil
}
