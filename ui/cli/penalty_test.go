package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/resources"
)

// penaltyRun runs the command against a ledger path that must stay untouched: penalty
// needs no ledger.
func penaltyRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	resources.SetLanguage("fr")
	db := filepath.Join(t.TempDir(), "never.db")
	var out, errb bytes.Buffer
	today, _ := civil.ParseISO("2026-11-20")
	code := Run(context.Background(), Env{Stdout: &out, Stderr: &errb, Today: today, DB: db}, append([]string{"penalty"}, args...))
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("penalty %v touched the ledger %s", args, db)
	}
	return code, out.String(), errb.String()
}

type penaltyResult struct {
	DaysLate       int      `json:"days_late"`
	RatePct        float64  `json:"rate_pct"`
	InterestCents  int64    `json:"interest_cents"`
	IndemnityCents int64    `json:"indemnity_cents"`
	TotalCents     int64    `json:"total_cents"`
	Notes          []string `json:"notes"`
}

func TestPenaltyJSON(t *testing.T) {
	for _, c := range []struct {
		name      string
		args      []string
		want      penaltyResult
		rateText  string // rate_pct as written, two decimals
		noteParts []string
	}{
		{
			// domain.md's case: 10 000 € 60 days at 13,15 % = 216,16 €.
			name: "default rate", args: []string{"--amount", "10000,00", "--due", "2025-03-31", "--paid", "2025-05-30"},
			want:     penaltyResult{60, 13.15, 21616, 4000, 25616, []string{}},
			rateText: `"rate_pct": 13.15`,
		},
		{
			name: "contract rate below the floor", args: []string{"--amount", "10000.00", "--due", "2026-01-31",
				"--paid", "2026-03-02", "--rate", "5"},
			want:      penaltyResult{DaysLate: 30, RatePct: 7.86, InterestCents: 6460, IndemnityCents: 4000, TotalCents: 10460},
			rateText:  `"rate_pct": 7.86`,
			noteParts: []string{"plancher légal de 7,86\u00a0%", "à vérifier"},
		},
		{
			// 1 000 000 × 1250 × 30 / 3 650 000 = 10 273,97.
			name: "contract rate with a decimal comma", args: []string{"--amount", "10 000", "--due", "2025-09-30",
				"--paid", "2025-10-30", "--rate", "12,5", "--json"},
			want:     penaltyResult{30, 12.5, 10274, 4000, 14274, []string{}},
			rateText: `"rate_pct": 12.50`,
		},
		{
			name: "paid on the due date", args: []string{"--amount", "500", "--due", "2025-03-31", "--paid", "2025-03-31"},
			want:     penaltyResult{0, 0, 0, 0, 0, []string{}},
			rateText: `"rate_pct": 0.00`,
		},
		{
			name: "credit note", args: []string{"--amount", "-500,00", "--due", "2025-03-31", "--paid", "2025-05-30"},
			want:     penaltyResult{0, 0, 0, 0, 0, []string{}},
			rateText: `"rate_pct": 0.00`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if args[len(args)-1] != "--json" {
				args = append(args, "--json")
			}
			code, out, stderr := penaltyRun(t, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(out, c.rateText) {
				t.Errorf("rate_pct not written with two decimals (%s): %s", c.rateText, out)
			}
			var got penaltyResult
			dec := json.NewDecoder(strings.NewReader(out))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if c.noteParts != nil {
				if len(got.Notes) != len(c.noteParts) {
					t.Fatalf("notes %q, want %d", got.Notes, len(c.noteParts))
				}
				for i, part := range c.noteParts {
					if !strings.Contains(got.Notes[i], part) {
						t.Errorf("note %d %q lacks %q", i, got.Notes[i], part)
					}
				}
				c.want.Notes = got.Notes
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestPenaltyTable(t *testing.T) {
	code, out, stderr := penaltyRun(t, "--amount", "10000,00", "--due", "2025-06-15", "--paid", "2025-07-15")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// 1 000 000 × (1315 × 15 + 1215 × 15) / 3 650 000 = 103,97 €, plus 40 €.
	for _, part := range []string{"Du", "Au", "Jours", "Taux annuel", "16/06/2025", "30/06/2025", "13,15\u00a0%",
		"01/07/2025", "15/07/2025", "12,15\u00a0%", "Jours de retard", "30", "12,65\u00a0%",
		"Taux moyen pondéré", "Pénalités de retard", "103,97\u00a0€", "Indemnité forfaitaire de recouvrement", "40,00\u00a0€", "143,97\u00a0€",
		"plusieurs semestres"} {
		if !strings.Contains(out, part) {
			t.Errorf("table lacks %q:\n%s", part, out)
		}
	}
	if code, out, _ := penaltyRun(t, "--amount", "100", "--due", "2025-03-31", "--paid", "2025-03-30"); code != ExitOK ||
		!strings.Contains(out, "ni pénalités ni indemnité") {
		t.Errorf("not late: %d %q", code, out)
	}
}

func TestPenaltyExitCodes(t *testing.T) {
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"missing semester", []string{"--amount", "100", "--due", "2027-01-31", "--paid", "2027-03-01"}, ExitError,
			[]string{"1er semestre 2027 (2027-S1)", "Banque de France", "Journal officiel"}},
		{"no flags", nil, ExitUsage, []string{"--amount", "--due", "--paid"}},
		{"no payment date", []string{"--amount", "100", "--due", "2025-03-31"}, ExitUsage, []string{"--paid"}},
		{"no amount", []string{"--due", "2025-03-31", "--paid", "2025-05-30"}, ExitUsage, []string{"--amount"}},
		{"bad amount", []string{"--amount", "cent", "--due", "2025-03-31", "--paid", "2025-05-30"}, ExitUsage,
			[]string{"« cent »"}},
		{"French date", []string{"--amount", "100", "--due", "31/03/2025", "--paid", "2025-05-30"}, ExitUsage,
			[]string{"« 31/03/2025 »", "AAAA-MM-JJ"}},
		{"rate with three decimals", []string{"--amount", "100", "--due", "2025-03-31", "--paid", "2025-05-30",
			"--rate", "12,555"}, ExitUsage, []string{"« 12,555 »"}},
		{"zero rate", []string{"--amount", "100", "--due", "2025-03-31", "--paid", "2025-05-30", "--rate", "0"},
			ExitUsage, []string{"omettez --rate"}},
		{"negative rate", []string{"--amount", "100", "--due", "2025-03-31", "--paid", "2025-05-30", "--rate", "-5"},
			ExitUsage, []string{"« -5 »"}},
		{"extra argument", []string{"--amount", "100", "--due", "2025-03-31", "--paid", "2025-05-30", "F1"},
			ExitUsage, []string{"F1"}},
		{"help", []string{"-h"}, ExitOK, []string{"-amount", "-rate"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := penaltyRun(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d: %q", code, c.code, stderr)
			}
			if c.code != ExitOK && out != "" {
				t.Errorf("wrote to stdout on failure: %q", out)
			}
			for _, part := range c.stderr {
				if !strings.Contains(stderr, part) {
					t.Errorf("stderr %q lacks %q", stderr, part)
				}
			}
		})
	}
}

func TestPenaltyParseRate(t *testing.T) {
	for in, want := range map[string]int{"8": 800, "12,5": 1250, "12.15": 1215, "7,86 %": 786, " 10% ": 1000, "0,07": 7,
		"0": 0, "": 0, "abc": 0, "12,555": 0, "-5": 0, ",5": 0, "1,2,3": 0, "12 345": 0} {
		got, ok := penaltyParseRate(in)
		if ok != (want > 0) || ok && got != want {
			t.Errorf("penaltyParseRate(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}
