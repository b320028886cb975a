package data

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"encaisse/dunning"
)

// Two weekly exports of a customer ledger, then the collector's own actions: the agenda of
// the second Friday proposes one action per customer with every overdue invoice, and none of
// the cases a collector never chases.
func TestAgendaOnWeeklyExports(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	head := "Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû;Téléphone\n"
	rows := []string{
		"C01;Alpha;F101;15/09/2026;15/10/2026;1 200,00;1 200,00;01 02 03 04 05", // 36 days late
		"C01;Alpha;F102;01/10/2026;01/11/2026;300,00;300,00;",                   // 19 days late
		"C01;Alpha;F103;15/11/2026;15/12/2026;500,00;500,00;",                   // not due
		"C02;Beta;F201;10/10/2026;10/11/2026;80,00;80,00;",                      // 10 days late
		"C02;Beta;F202;01/09/2026;01/10/2026;2 000,00;2 000,00;",                // disputed below
		"C03;Gamma;F301;20/09/2026;20/10/2026;640,00;640,00;",                   // promised below
		"C04;Delta;F401;01/09/2026;01/10/2026;900,00;900,00;",                   // customer on hold
		"C05;Epsilon;F501;01/10/2026;01/11/2026;300,00;300,00;",                 // covered by AV501
		"C05;Epsilon;AV501;05/10/2026;05/10/2026;-400,00;-400,00;",
		"C06;Zeta;F601;05/10/2026;05/11/2026;5,00;5,00;",            // under 10 €
		"C07;Eta;F701;01/09/2026;01/10/2026;3 000,00;2 500,00;",     // 50 days, relance 1 done
		"C08;Theta;F801;25/09/2026;25/10/2026;450,00;450,00;",       // called 4 days ago
		"C09;Iota;F901;19/10/2026;19/11/2026;700,00;700,00;",        // 1 day late: no step yet
		"C10;Kappa;F1001;20/10/2026;20/11/2026;250,00;250,00;",      // due today
		"C11;Lambda;F1101;01/08/2026;01/09/2026;1 000,00;1 000,00;", // promise broken
		"C12;Mu;F1201;01/09/2026;05/10/2026;620,00;620,00;",         // dispute closed: chased again
		"C13;Nu;F1301;01/09/2026;01/10/2026;430,00;430,00;",         // back from hold
	}
	week1 := head + strings.Join(rows, "\n") + "\nC01;Alpha;F104;10/09/2026;10/10/2026;150,00;150,00;\n"
	week2 := head + strings.Join(rows, "\n") + "\nC12;Mu;F1202;01/11/2026;01/12/2026;100,00;100,00;\n"
	if _, err := l.Import(ctx, writeFile(t, "semaine46.csv", week1), ImportOptions{AsOf: day("2026-11-13")}); err != nil {
		t.Fatal(err)
	}
	rep, err := l.Import(ctx, writeFile(t, "semaine47.csv", week2), ImportOptions{AsOf: day("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Settled != 1 || rep.New != 1 {
		t.Fatalf("week 2: %d settled (F104 paid), %d new (F1202)", rep.Settled, rep.New)
	}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	must(l.OpenDispute(ctx, "F202", "quality", "pièces rayées", day("2026-11-14")))
	must(l.OpenDispute(ctx, "F1201", "invoice_not_received", "", day("2026-11-02")))
	must(l.CloseDispute(ctx, "F1201", day("2026-11-10")))
	if _, err := l.AddPromise(ctx, PromiseInput{Customer: "C03", Date: day("2026-11-25"), Amount: 64000, On: day("2026-11-15")}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddPromise(ctx, PromiseInput{Customer: "C11", Date: day("2026-11-16"), Amount: 100000,
		Items: []string{"F1101"}, On: day("2026-11-09")}); err != nil {
		t.Fatal(err)
	}
	must(l.EditCollection(ctx, "C04", CollectionEdit{OnHold: &yes}, day("2026-11-14")))
	must(l.EditCollection(ctx, "C13", CollectionEdit{OnHold: &yes}, day("2026-10-01")))
	must(l.EditCollection(ctx, "C13", CollectionEdit{OnHold: &no}, day("2026-11-12")))
	must(l.RecordAction(ctx, ActionInput{Customer: "C07", On: day("2026-10-05"), Channel: dunning.Email,
		Scenario: "Standard", Step: "Relance 1", Items: []string{"F701"}}))
	must(l.RecordAction(ctx, ActionInput{Customer: "C08", On: day("2026-11-16"), Channel: dunning.Phone, Outcome: "no_answer"}))

	b, err := l.LoadBook(ctx, BookOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.LastImport != day("2026-11-20") || b.HistoryFrom != day("2026-11-13") || len(b.Scenarios) != 3 {
		t.Fatalf("book: last import %s, history from %s, %d scenarios", b.LastImport, b.HistoryFrom, len(b.Scenarios))
	}
	res := dunning.Agenda(*b, day("2026-11-20"))
	type want struct {
		step     string
		invoices []string
		validate bool
	}
	wants := map[string]want{
		"C01": {"Appel", []string{"F101", "F102"}, false},
		"C02": {"Relance 1", []string{"F201"}, false},
		"C07": {"Mise en demeure", []string{"F701"}, true},
		"C11": {"Mise en demeure", []string{"F1101"}, true},
		"C12": {"Mise en demeure", []string{"F1201"}, true},
		"C13": {"Mise en demeure", []string{"F1301"}, true},
	}
	got := map[string]want{}
	for _, p := range res.Proposals {
		if _, dup := got[p.Customer]; dup {
			t.Fatalf("two proposals for %s", p.Customer)
		}
		got[p.Customer] = want{p.Step, p.Invoices, p.Validate}
		if p.Reason == "" {
			t.Errorf("%s: no reason given", p.Customer)
		}
	}
	// C11, C12 and C13 have no reminder on record: the formal notice waits for one, and
	// the last ordinary step (the call) is proposed instead.
	for _, c := range []string{"C11", "C12", "C13"} {
		w := wants[c]
		w.step, w.validate = "Appel", false
		wants[c] = w
	}
	if !reflect.DeepEqual(got, wants) {
		t.Fatalf("agenda:\n got %v\nwant %v", got, wants)
	}
	var broken bool
	for _, p := range res.Proposals {
		if p.Customer == "C11" {
			broken = p.BrokenPromise
		}
	}
	if !broken {
		t.Error("C11's broken promise is not flagged")
	}
	skipped := map[string]string{}
	for _, s := range res.Skipped {
		skipped[s.Customer] = s.Code
	}
	wantSkip := map[string]string{
		"C03": dunning.SkipPromised, "C04": dunning.SkipOnHold, "C05": dunning.SkipCreditCovers,
		"C06": dunning.SkipBelowMinimum, "C08": dunning.SkipRecentContact, "C09": dunning.SkipNotReached,
		"C10": dunning.SkipNotDue,
	}
	for c, code := range wantSkip {
		if skipped[c] != code {
			t.Errorf("%s skipped as %q, want %q", c, skipped[c], code)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings on a fresh import: %v", res.Warnings)
	}

	// A week later without a new import, the agenda warns that payments may be missing.
	if res := dunning.Agenda(*b, day("2026-11-30")); len(res.Warnings) == 0 {
		t.Error("no warning about a ten-day-old import")
	}

	// The promise check writes C11's broken promise into the history, once.
	changed, err := l.RefreshPromises(ctx, b, day("2026-11-20"))
	if err != nil || len(changed) != 1 || changed[0].Customer != "C11" || changed[0].Status != dunning.PromiseBroken {
		t.Fatalf("refresh promises: %+v, %v", changed, err)
	}
	if again, _ := l.RefreshPromises(ctx, b, day("2026-11-20")); len(again) != 0 {
		t.Fatalf("second refresh changed %+v", again)
	}
	h, err := l.History(ctx, "C11")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range h {
		kinds = append(kinds, e.Kind)
	}
	sort.Strings(kinds)
	if !reflect.DeepEqual(kinds, []string{"import.new", "promise.broken", "promise.made"}) {
		t.Fatalf("C11 history kinds %v", kinds)
	}
}

// Bad input to the collector's actions is refused with a sentence, and changes nothing.
func TestCollectErrors(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	csv := writeFile(t, "a.csv", "Code client;Client;N° facture;Date;Échéance;Montant\n"+
		"C1;Alpha;F1;01/10/2026;31/10/2026;100,00\nC2;Beta;F2;01/10/2026;31/10/2026;100,00\n")
	if _, err := l.Import(ctx, csv, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	var ue *UserError
	for name, err := range map[string]error{
		"unknown reason": l.OpenDispute(ctx, "F1", "weather", "", day("2026-11-20")),
		"unknown item":   l.OpenDispute(ctx, "F9", "quality", "", day("2026-11-20")),
		"no dispute":     l.CloseDispute(ctx, "F1", day("2026-11-20")),
		"other customer": func() error {
			_, err := l.AddPromise(ctx, PromiseInput{Customer: "C1", Date: day("2026-11-30"), Amount: 100, Items: []string{"F2"}, On: day("2026-11-20")})
			return err
		}(),
		"past date": func() error {
			_, err := l.AddPromise(ctx, PromiseInput{Customer: "C1", Date: day("2026-11-01"), Amount: 100, On: day("2026-11-20")})
			return err
		}(),
		"unknown customer": l.RecordAction(ctx, ActionInput{Customer: "C9", On: day("2026-11-20"), Channel: dunning.Phone}),
		"unknown scenario": l.EditCollection(ctx, "C1", CollectionEdit{Scenario: ptr("Sans pitié")}, day("2026-11-20")),
	} {
		if err == nil || !errors.As(err, &ue) || ue.Msg == "" || strings.Contains(ue.Msg, "{{") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := l.OpenDispute(ctx, "F1", "quality", "", day("2026-11-20")); err != nil {
		t.Fatal(err)
	}
	if err := l.OpenDispute(ctx, "F1", "price", "", day("2026-11-21")); err == nil {
		t.Error("a second open dispute on the same invoice was accepted")
	}
	b, _ := l.LoadBook(ctx, BookOptions{})
	if len(b.Promises) != 0 || len(b.Actions) != 0 || len(b.Disputes) != 1 {
		t.Fatalf("refused actions left traces: %d promises, %d actions, %d disputes", len(b.Promises), len(b.Actions), len(b.Disputes))
	}
}

func ptr[T any](v T) *T { return &v }

// A promise is kept when the next weekly snapshot no longer lists the invoices it covered.
func TestPromiseKeptAtImport(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	head := "Code client;Client;N° facture;Date;Échéance;Montant\n"
	if _, err := l.Import(ctx, writeFile(t, "s1.csv", head+"C1;Alpha;F1;01/09/2026;01/10/2026;400,00\nC1;Alpha;F2;01/11/2026;01/12/2026;90,00\n"),
		ImportOptions{AsOf: day("2026-11-13")}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddPromise(ctx, PromiseInput{Customer: "C1", Date: day("2026-11-18"), Amount: 40000, On: day("2026-11-13")}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Import(ctx, writeFile(t, "s2.csv", head+"C1;Alpha;F2;01/11/2026;01/12/2026;90,00\n"),
		ImportOptions{AsOf: day("2026-11-20"), ConfirmSettle: true}); err != nil {
		t.Fatal(err)
	}
	b, err := l.LoadBook(ctx, BookOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Promises) != 1 || b.Promises[0].Status != dunning.PromiseKept || b.Promises[0].Items[0] != "F1" {
		t.Fatalf("promise after the paying snapshot: %+v", b.Promises)
	}
}

// The list of dispute reasons is the user's: a reason can be added and used, and one in use
// cannot be removed.
func TestDisputeReasonsEditable(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	csv := writeFile(t, "a.csv", "Code client;Client;N° facture;Date;Échéance;Montant\nC1;Alpha;F1;01/10/2026;31/10/2026;100,00\n")
	if _, err := l.Import(ctx, csv, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	if err := l.SetDisputeReason(ctx, "delivery_late", "Livraison en retard"); err != nil {
		t.Fatal(err)
	}
	if err := l.OpenDispute(ctx, "F1", "delivery_late", "", day("2026-11-20")); err != nil {
		t.Fatal(err)
	}
	if err := l.RemoveDisputeReason(ctx, "delivery_late"); err == nil {
		t.Fatal("a reason in use was removed")
	}
	if err := l.RemoveDisputeReason(ctx, "price"); err != nil {
		t.Fatal(err)
	}
	reasons, _ := l.DisputeReasons(ctx)
	var codes []string
	for _, r := range reasons {
		codes = append(codes, r.Code)
	}
	if strings.Join(codes, ",") != "delivery_late,goods_not_received,invoice_not_received,other,quality" {
		t.Fatalf("reasons %v", codes)
	}
	if err := l.SetDisputeReason(ctx, " ", "x"); err == nil {
		t.Fatal("empty code accepted")
	}
}
