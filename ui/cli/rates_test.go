package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A semester missing from the shipped table is refused until the user enters its published
// rates; then the penalty uses them, for this ledger only.
func TestRatesCompleteTheTable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	args := []string{"penalty", "--amount", "1000", "--due", "2026-09-30", "--paid", "2026-12-03", "--json"}
	code, _, stderr := run(t, db, args...)
	if code != ExitError || !strings.Contains(stderr, "2026-S2") || !strings.Contains(stderr, "rates set 2026-S2") {
		t.Fatalf("missing semester: %d %q", code, stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatal("penalty created a ledger")
	}
	for _, bad := range [][]string{
		{"rates", "set"},
		{"rates", "set", "2026-S2", "--ecb", "2,15"},
		{"rates", "set", "2026-S2", "--ecb", "deux", "--legal", "3"},
	} {
		if code, _, _ := run(t, db, bad...); code != ExitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
	if code, _, stderr := run(t, db, "rates", "set", "2026-S3", "--ecb", "2", "--legal", "3"); code != ExitError || stderr == "" {
		t.Errorf("semester S3 accepted: %d %q", code, stderr)
	}
	// Test figures, not the published ones: 1,00 % ECB and 3,00 % legal rate.
	if code, out, stderr := run(t, db, "rates", "set", "2026-S2", "--ecb", "1", "--legal", "3"); code != ExitOK || !strings.Contains(out, "11,00") || !strings.Contains(out, "9,00") {
		t.Fatalf("rates set: %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, db, args...)
	if code != ExitOK {
		t.Fatalf("penalty after rates set: %d %s", code, stderr)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	// 1 000 € × 11 % × 64 days / 365 = 19,287… → 19,29 €.
	if p["days_late"] != 64.0 || p["interest_cents"] != 1929.0 || p["rate_pct"] != 11.0 {
		t.Fatalf("penalty %v", p)
	}
	code, out, _ = run(t, db, "rates", "--json")
	if code != ExitOK || !strings.Contains(out, `"semester": "2026-S2"`) || !strings.Contains(out, `"floor_bp": 900`) {
		t.Fatalf("rates list: %s", out)
	}
}
