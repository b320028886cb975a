package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func collectLedger(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	csv := filepath.Join(dir, "export.csv")
	os.WriteFile(csv, []byte("Code client;Client;N° facture;Date;Échéance;Montant;Reste dû\n"+
		"C1;Alpha;F1;01/09/2026;01/10/2026;1000,00;1000,00\n"+
		"C1;Alpha;F2;01/10/2026;10/11/2026;200,00;200,00\n"+
		"C1;Alpha;F3;01/11/2026;01/12/2026;300,00;300,00\n"+
		"C2;Beta;F4;01/10/2026;05/11/2026;70,00;70,00\n"+
		"C2;Beta;AV1;10/10/2026;10/10/2026;-20,00;-20,00\n"), 0o644)
	if code, _, stderr := run(t, db, "import", csv, "--as-of", "2026-11-20"); code != ExitOK {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

func TestAgendaCommand(t *testing.T) {
	db := collectLedger(t)
	code, out, stderr := run(t, db, "agenda", "--json")
	if code != ExitOK {
		t.Fatalf("agenda: %d %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("agenda json: %v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("%d proposals, want 2: %s", len(got), out)
	}
	for _, key := range []string{"customer", "step", "channel", "overdue_cents", "oldest_days_late", "invoices", "reason"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("proposal lacks %q", key)
		}
	}
	byCustomer := map[string]map[string]any{}
	for _, p := range got {
		byCustomer[p["customer"].(string)] = p
	}
	// Alpha: F1 is 50 days late, no reminder on record: the call, the last ordinary step,
	// with both overdue invoices and not F3, not yet due.
	a := byCustomer["C1"]
	if a["step"] != "Appel" || a["channel"] != "phone" || a["overdue_cents"] != 120000.0 || a["oldest_days_late"] != 50.0 {
		t.Fatalf("C1 proposal %v", a)
	}
	if inv := a["invoices"].([]any); len(inv) != 2 || inv[0] != "F1" || inv[1] != "F2" {
		t.Fatalf("C1 invoices %v", inv)
	}
	// Beta: 70 € overdue less the 20 € credit note; 15 days late: Relance 2.
	if b := byCustomer["C2"]; b["step"] != "Relance 2" || b["overdue_cents"] != 5000.0 {
		t.Fatalf("C2 proposal %v", b)
	}

	// A promise takes C1 off the agenda until its date plus grace; the calls list follows.
	if code, _, stderr := run(t, db, "promise", "--customer", "C1", "--date", "2026-11-27", "--amount", "1200"); code != ExitOK {
		t.Fatalf("promise: %d %s", code, stderr)
	}
	_, out, _ = run(t, db, "agenda", "--json")
	if strings.Contains(out, `"C1"`) {
		t.Fatalf("promised customer still proposed: %s", out)
	}
	if code, out, _ := run(t, db, "agenda", "--json", "--date", "2026-12-01"); code != ExitOK || !strings.Contains(out, `"C1"`) || !strings.Contains(out, `"broken_promise": true`) {
		t.Fatalf("after the promise date plus grace: %d %s", code, out)
	}
	_, out, _ = run(t, db, "calls", "--json", "--date", "2026-12-01")
	if !strings.Contains(out, `"customer": "C1"`) || !strings.Contains(out, `"broken_promises": 1`) {
		t.Fatalf("calls: %s", out)
	}

	// A dispute takes F4 out; closing it brings it back.
	if code, _, stderr := run(t, db, "dispute", "--invoice", "F4", "--reason", "price", "--note", "remise oubliée"); code != ExitOK {
		t.Fatalf("dispute: %d %s", code, stderr)
	}
	if _, out, _ = run(t, db, "agenda", "--json"); strings.Contains(out, `"C2"`) {
		t.Fatalf("disputed invoice chased: %s", out)
	}
	if code, _, _ := run(t, db, "dispute", "--invoice", "F4", "--close"); code != ExitOK {
		t.Fatal("close dispute failed")
	}
	if _, out, _ = run(t, db, "agenda", "--json"); !strings.Contains(out, `"C2"`) {
		t.Fatalf("closed dispute still blocks: %s", out)
	}

	for _, bad := range [][]string{
		{"promise", "--customer", "C1"},
		{"promise", "--customer", "C1", "--date", "2026-11-30", "--amount", "douze"},
		{"dispute", "--invoice", "F4"},
		{"dispute", "--invoice", "F4", "--reason", "price", "--close"},
		{"dso", "--method", "magic"},
		{"aging", "--edges", "60,30"},
	} {
		if code, _, stderr := run(t, db, bad...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
	if code, _, stderr := run(t, db, "dispute", "--invoice", "F99", "--reason", "price"); code != ExitError || !strings.Contains(stderr, "F99") {
		t.Errorf("unknown invoice: %d %q", code, stderr)
	}
}

func TestAgingAndDSOCommands(t *testing.T) {
	db := collectLedger(t)
	code, out, stderr := run(t, db, "aging", "--json")
	if code != ExitOK {
		t.Fatalf("aging: %d %s", code, stderr)
	}
	var a struct {
		AsOf       string           `json:"as_of"`
		TotalCents int64            `json:"total_cents"`
		Buckets    map[string]int64 `json:"buckets"`
		Customers  []struct {
			Code    string           `json:"code"`
			Buckets map[string]int64 `json:"buckets"`
		} `json:"customers"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	// At 20/11: F1 50 days, F2 10 days, F3 not due, F4 15 days, AV1 41 days (credit).
	want := map[string]int64{"not_due": 30000, "d1_30": 27000, "d31_60": 98000, "d61_90": 0, "d91_plus": 0}
	if a.AsOf != "2026-11-20" || a.TotalCents != 155000 || len(a.Customers) != 2 {
		t.Fatalf("aging %+v", a)
	}
	for k, v := range want {
		if a.Buckets[k] != v {
			t.Errorf("bucket %s = %d, want %d", k, a.Buckets[k], v)
		}
	}
	// Open items only, from one import: no true DSO, and the reason says so.
	code, out, _ = run(t, db, "dso", "--json")
	var d map[string]any
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != ExitOK {
		t.Fatalf("dso: %d %v %s", code, err, out)
	}
	if d["complete"] != false || d["reason"] == "" || d["method"] != "countback" || d["months"] != 3.0 {
		t.Fatalf("dso on open items only: %v", d)
	}
	if !strings.Contains(out, `"days": 0.00`) {
		t.Fatalf("days not printed with two decimals: %s", out)
	}
}

// Recording the proposed step advances the scenario: the customer drops off today's agenda
// (just contacted) and comes back later at the next step.
func TestRecordAdvancesScenario(t *testing.T) {
	db := collectLedger(t)
	if code, out, stderr := run(t, db, "record", "--customer", "C2"); code != ExitOK || !strings.Contains(out, "Relance 2") {
		t.Fatalf("record: %d %q %q", code, out, stderr)
	}
	if _, out, _ := run(t, db, "agenda", "--json"); strings.Contains(out, `"C2"`) {
		t.Fatalf("customer proposed again the day it was contacted: %s", out)
	}
	_, out, _ := run(t, db, "agenda", "--json", "--date", "2026-11-30")
	var got []map[string]any
	json.Unmarshal([]byte(out), &got)
	var c2 map[string]any
	for _, p := range got {
		if p["customer"] == "C2" {
			c2 = p
		}
	}
	if c2 == nil || c2["step"] != "Appel" || !strings.Contains(c2["reason"].(string), "Relance 2") {
		t.Fatalf("C2 ten days later: %v", c2)
	}
	for _, bad := range [][]string{{"record"}, {"record", "--customer", "C2", "--channel", "pigeon"}} {
		if code, _, _ := run(t, db, bad...); code != ExitUsage {
			t.Errorf("%v: exit %d", bad, code)
		}
	}
	if code, _, stderr := run(t, db, "record", "--customer", "C2", "--date", "2026-11-21"); code != ExitError || stderr == "" {
		t.Errorf("record with nothing proposed and no channel: %d %q", code, stderr)
	}
	// A dispute has its own aged balance.
	run(t, db, "dispute", "--invoice", "F1", "--reason", "quality")
	code, out, _ := run(t, db, "aging", "--disputes", "--json")
	if code != ExitOK || !strings.Contains(out, `"total_cents": 100000`) || !strings.Contains(out, `"d31_60": 100000`) {
		t.Fatalf("disputes aging: %d %s", code, out)
	}
}
