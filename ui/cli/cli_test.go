package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/resources"
)

func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	resources.SetLanguage("fr")
	var out, errb bytes.Buffer
	today, _ := civil.ParseISO("2026-11-20")
	code := Run(context.Background(), Env{Stdout: &out, Stderr: &errb, Today: today, DB: db}, args)
	return code, out.String(), errb.String()
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	csv := filepath.Join(dir, "export.csv")
	os.WriteFile(csv, []byte("Code client;Client;N° facture;Date;Échéance;Montant;Reste dû\n"+
		"C1;Alpha;F1;01/10/2026;31/10/2026;100,00;100,00\n"+
		"C1;Alpha;F2;01/10/2026;31/12/2026;50,00;50,00\n"+
		"C2;Beta;F3;01/10/2026;31/10/2026;70,00;70,00\n"+
		"C2;Beta;F4;xx/10/2026;31/10/2026;70,00;70,00\n"), 0o644)

	if code, _, stderr := run(t, db, "import"); code != ExitUsage || !strings.Contains(stderr, "fichier") {
		t.Fatalf("import without file: %d %q", code, stderr)
	}
	if code, _, _ := run(t, db, "import", csv, "--as-of", "20/11/2026"); code != ExitUsage {
		t.Fatalf("bad --as-of should be a usage error, got %d", code)
	}
	if code, _, stderr := run(t, db, "import", filepath.Join(dir, "missing.csv")); code != ExitError || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("missing file: %d %q", code, stderr)
	}
	code, out, stderr := run(t, db, "import", csv, "--json")
	if code != ExitOK {
		t.Fatalf("import: %d %s", code, stderr)
	}
	var rep struct {
		New      int `json:"new"`
		Rejected []struct {
			Row    int    `json:"row"`
			Reason string `json:"reason"`
		} `json:"rejected"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err, out)
	}
	if rep.New != 3 || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 5 {
		t.Fatalf("import report %s", out)
	}

	code, out, _ = run(t, db, "customers", "--json")
	var custs []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &custs) != nil || len(custs) != 2 {
		t.Fatalf("customers: %d %s", code, out)
	}
	if custs[0]["code"] != "C1" || custs[0]["open_cents"] != float64(15000) || custs[0]["overdue_cents"] != float64(10000) {
		t.Fatalf("customer C1: %v", custs[0])
	}
	code, out, _ = run(t, db, "invoices", "--open", "--customer", "C1", "--json")
	var invs []map[string]any
	if code != ExitOK || json.Unmarshal([]byte(out), &invs) != nil || len(invs) != 2 {
		t.Fatalf("invoices: %d %s", code, out)
	}
	if invs[0]["number"] != "F1" || invs[0]["due"] != "2026-10-31" || invs[0]["status"] != "overdue" || invs[1]["status"] != "open" {
		t.Fatalf("invoices: %v", invs)
	}
	if code, _, _ := run(t, db, "invoices", "--customer", "NOPE"); code != ExitError {
		t.Fatalf("unknown customer should fail, got %d", code)
	}

	// A snapshot with only one of the three open items would settle two: refused without
	// --confirm-settle, ledger untouched.
	partial := filepath.Join(dir, "partial.csv")
	os.WriteFile(partial, []byte("Code client;Client;N° facture;Date;Échéance;Montant;Reste dû\n"+
		"C1;Alpha;F1;01/10/2026;31/10/2026;100,00;100,00\n"), 0o644)
	if code, _, stderr := run(t, db, "import", partial); code != ExitError || !strings.Contains(stderr, "--confirm-settle") {
		t.Fatalf("partial snapshot: %d %q", code, stderr)
	}
	if _, out, _ := run(t, db, "invoices", "--open", "--json"); strings.Count(out, `"number"`) != 3 {
		t.Fatalf("refused import changed the ledger: %s", out)
	}
	if code, _, stderr := run(t, db, "import", partial, "--confirm-settle"); code != ExitOK {
		t.Fatalf("confirmed: %d %s", code, stderr)
	}
	if code, _, _ := run(t, db, "undo-import"); code != ExitOK {
		t.Fatal("undo failed")
	}
	if _, out, _ := run(t, db, "invoices", "--open", "--json"); strings.Count(out, `"number"`) != 3 {
		t.Fatalf("undo did not restore: %s", out)
	}

	if code, _, stderr := run(t, db, "demo", "--customers", "3", "--invoices", "10"); code != ExitError || !strings.Contains(stderr, "--force") {
		t.Fatalf("demo over a non-empty ledger: %d %q", code, stderr)
	}
	if code, out, stderr := run(t, db, "demo", "--customers", "3", "--invoices", "10", "--force"); code != ExitOK || !strings.Contains(out, "3 clients") {
		t.Fatalf("demo --force: %d %q %q", code, out, stderr)
	}
	if code, _, _ := run(t, db, "bogus"); code != ExitUsage {
		t.Fatal("unknown command should be a usage error")
	}
}

func TestNewerLedgerRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	if code, _, _ := run(t, db, "customers"); code != ExitOK {
		t.Fatal("fresh ledger")
	}
	// Pretend a future version wrote the file.
	if err := bumpSchema(db); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, db, "customers")
	if code != ExitError || !strings.Contains(stderr, "version plus récente") {
		t.Fatalf("newer ledger: %d %q", code, stderr)
	}
	// A file that is not a ledger at all.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is not sqlite at all, sorry"), 0o644)
	if code, _, stderr := run(t, junk, "customers"); code != ExitError || !strings.Contains(stderr, "endommagé") {
		t.Fatalf("junk ledger: %d %q", code, stderr)
	}
}
