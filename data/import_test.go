package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

var ctx = context.Background()

func openTemp(t *testing.T) *Ledger {
	t.Helper()
	resources.SetLanguage("fr")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	l, err := Open(filepath.Join(t.TempDir(), "ledger.db"), Options{Now: func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func day(s string) civil.Date {
	d, err := civil.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openItems(t *testing.T, l *Ledger) map[string]money.Cents {
	t.Helper()
	items, err := l.Items(ctx, ItemFilter{OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]money.Cents{}
	for _, it := range items {
		out[it.Number] = it.Open
	}
	return out
}

const week1 = `Balance âgée au 20/11/2026
Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû;E-mail
C001;Dupont SARL;F001;01/10/2026;31/10/2026;1 200,00;1 200,00;compta@dupont.fr
C001;Dupont SARL;F002;15/10/2026;14/11/2026;300,50;300,50;compta@dupont.fr
C002;Martin & Fils;F003;20/09/2026;20/10/2026;2 400,00;1 000,00;
C002;Martin & Fils;AV01;25/09/2026;25/09/2026;-100,00;-100,00;
C003;Lefèvre;F004;01/11/2026;01/12/2026;50,00;50,00;l@lefevre.fr
C003;Lefèvre;F005;01/06/2026;01/07/2026;80,00;0,00;l@lefevre.fr
;;;;;;;
Total;;;;;3 930,50;2 450,50;
`

func TestWeeklyReimport(t *testing.T) {
	l := openTemp(t)
	p1 := writeFile(t, "export-semaine-47.csv", week1)
	rep, err := l.Import(ctx, p1, ImportOptions{AsOf: day("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 6 || rep.Updated != 0 || rep.Settled != 0 || len(rep.Rejected) != 0 || rep.Ignored != 2 {
		t.Fatalf("first import: %+v", rep)
	}
	want := map[string]money.Cents{"F001": 120000, "F002": 30050, "F003": 100000, "AV01": -10000, "F004": 5000}
	if got := openItems(t, l); !equalMap(got, want) {
		t.Fatalf("open items %v, want %v", got, want)
	}
	// Next week, under another name: F001 paid (absent), F003 partly paid, F006 new.
	week2 := strings.Replace(week1, "C001;Dupont SARL;F001;01/10/2026;31/10/2026;1 200,00;1 200,00;compta@dupont.fr\n", "", 1)
	week2 = strings.Replace(week2, "2 400,00;1 000,00", "2 400,00;400,00", 1)
	week2 += "C003;Lefèvre;F006;20/11/2026;20/12/2026;99,99;99,99;l@lefevre.fr\n"
	p2 := writeFile(t, "export semaine 48.csv", week2)
	rep, err = l.Import(ctx, p2, ImportOptions{AsOf: day("2026-11-27")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 1 || rep.Updated != 1 || rep.Settled != 1 || rep.Unchanged != 4 {
		t.Fatalf("second import: %+v", rep)
	}
	want = map[string]money.Cents{"F002": 30050, "F003": 40000, "AV01": -10000, "F004": 5000, "F006": 9999}
	if got := openItems(t, l); !equalMap(got, want) {
		t.Fatalf("open items %v, want %v", got, want)
	}
	hist, err := l.History(ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) < 2 || hist[0].Kind != "import.settled" || hist[0].Items[0] != "F001" || hist[0].OccurredOn != day("2026-11-27") {
		t.Fatalf("history of C001: %+v", hist)
	}
	// Unchanged snapshot: nothing moves.
	rep, err = l.Import(ctx, p2, ImportOptions{AsOf: day("2026-11-27")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New+rep.Updated+rep.Settled != 0 || rep.Unchanged != 6 {
		t.Fatalf("same snapshot again: %+v", rep)
	}
	// Undo twice: back to the first week's ledger.
	if _, err := l.UndoLastImport(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := l.UndoLastImport(ctx); err != nil {
		t.Fatal(err)
	}
	want = map[string]money.Cents{"F001": 120000, "F002": 30050, "F003": 100000, "AV01": -10000, "F004": 5000}
	if got := openItems(t, l); !equalMap(got, want) {
		t.Fatalf("after undo %v, want %v", got, want)
	}
	if _, err := l.UndoLastImport(ctx); err != nil {
		t.Fatal(err)
	}
	if empty, _ := l.IsEmpty(ctx); !empty {
		t.Fatal("undoing the first import should leave an empty ledger")
	}
	if _, err := l.UndoLastImport(ctx); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo with nothing left: %v", err)
	}
}

func equalMap(a, b map[string]money.Cents) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
