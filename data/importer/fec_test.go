package importer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// item is a record as the tests write it: dates ISO, amounts in cents, "" for no date.
type fecWant struct {
	Row      int
	Customer string
	Number   string
	Kind     Kind
	Issued   string
	Due      string
	Amount   money.Cents
	Open     money.Cents
	Settled  string
}

func (i fecWant) String() string {
	return fmt.Sprintf("row %d %s %s %s issued %s due %s amount %d open %d settled %q",
		i.Row, i.Customer, i.Number, i.Kind, i.Issued, i.Due, i.Amount, i.Open, i.Settled)
}

func fecWants(recs []Record) []fecWant {
	var out []fecWant
	for _, r := range recs {
		out = append(out, fecWant{r.Row, r.CustomerCode, r.Number, r.Kind, r.Issued.String(),
			r.Due.String(), r.Amount, r.Open, r.SettledOn.String()})
	}
	return out
}

func fecDay(s string) civil.Date {
	d, err := civil.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

func parseFECFixture(t *testing.T, name string, opt FECOptions) *FECResult {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "fec", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ParseFEC(f, opt)
	if err != nil {
		t.Fatalf("ParseFEC(%s): %v", name, err)
	}
	checkFECInvariants(t, res)
	return res
}

// parseText writes text to a file in a temporary directory and parses it from there, the
// way the app reads a user's export.
func parseFECText(t *testing.T, text string, opt FECOptions) *FECResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fec.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ParseFEC(f, opt)
	if err != nil {
		t.Fatalf("ParseFEC: %v", err)
	}
	checkFECInvariants(t, res)
	return res
}

func checkFECInvariants(t *testing.T, res *FECResult) {
	t.Helper()
	if err := fecInvariants(res); err != nil {
		t.Error(err)
	}
}

// fecInvariants holds for any input: what the aged balance and the ledger rely on.
func fecInvariants(res *FECResult) error {
	seen := map[string]bool{}
	for _, r := range res.Records {
		switch {
		case r.Amount == 0:
			return fmt.Errorf("row %d %s: zero amount", r.Row, r.Number)
		case r.Open != 0 && (r.Open > 0) != (r.Amount > 0):
			return fmt.Errorf("row %d %s: open %d against amount %d", r.Row, r.Number, r.Open, r.Amount)
		case (r.Amount > 0 && r.Open > r.Amount) || (r.Amount < 0 && r.Open < r.Amount):
			return fmt.Errorf("row %d %s: open %d beyond amount %d", r.Row, r.Number, r.Open, r.Amount)
		case r.Number == "" || seen[r.Number]:
			return fmt.Errorf("row %d: number %q empty or repeated", r.Row, r.Number)
		case r.Currency != "EUR" || r.CustomerCode == "":
			return fmt.Errorf("row %d %s: currency %q customer %q", r.Row, r.Number, r.Currency, r.CustomerCode)
		case (r.Kind == Invoice) != (r.Amount > 0):
			return fmt.Errorf("row %d %s: kind %s for amount %d", r.Row, r.Number, r.Kind, r.Amount)
		case r.Open != 0 && !r.SettledOn.IsZero():
			return fmt.Errorf("row %d %s: open but settled on %s", r.Row, r.Number, r.SettledOn)
		}
		seen[r.Number] = true
	}
	return nil
}

func compareFEC(t *testing.T, got []Record, want []fecWant) {
	t.Helper()
	g := fecWants(got)
	for i := 0; i < max(len(g), len(want)); i++ {
		switch {
		case i >= len(g):
			t.Errorf("missing  %v", want[i])
		case i >= len(want):
			t.Errorf("extra    %v", g[i])
		case g[i] != want[i]:
			t.Errorf("got      %v\nwant     %v", g[i], want[i])
		}
	}
}

func fecNames(recs []Record) map[string]string {
	m := map[string]string{}
	for _, r := range recs {
		m[r.CustomerCode] = r.CustomerName
	}
	return m
}

func fecReasons(issues []Issue) string {
	var b strings.Builder
	for _, is := range issues {
		fmt.Fprintf(&b, "%d: %s\n", is.Row, is.Reason)
	}
	return b.String()
}

func hasFECIssue(issues []Issue, row int, parts ...string) bool {
	for _, is := range issues {
		if is.Row != row {
			continue
		}
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(is.Reason, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func fecFrench(t *testing.T) {
	t.Helper()
	prev := resources.Language()
	resources.SetLanguage("fr")
	t.Cleanup(func() { resources.SetLanguage(prev) })
}

func TestFECSage(t *testing.T) {
	fecFrench(t)
	res := parseFECFixture(t, "sage_tab.txt", FECOptions{AsOf: fecDay("2026-03-31")})
	if res.Encoding != "UTF-8" || res.Separator != '\t' || res.Lines != 39 || res.Ignored != 5 {
		t.Errorf("encoding %q separator %q lines %d ignored %d", res.Encoding, res.Separator, res.Lines, res.Ignored)
	}
	if len(res.Rejected) > 0 {
		t.Errorf("rejected:\n%s", fecReasons(res.Rejected))
	}
	compareFEC(t, res.Records, []fecWant{
		{2, "CDUPONT", "FA2025-118", Invoice, "2025-11-20", "2025-12-20", 240000, 0, "2026-01-15"},
		{3, "CLEROY", "FA2025-125", Invoice, "2025-12-15", "2026-01-14", 180000, 180000, ""},
		{5, "CDUPONT", "FA2026-001", Invoice, "2026-01-12", "2026-02-11", 143712, 0, "2026-03-05"},
		{9, "CDUPONT", "VIR0115", Payment, "2026-01-15", "2026-02-14", -240000, 0, "2026-01-15"},
		// AC is a partial lettering: 3000 − 1800 stays open on the invoice.
		{10, "CMARTIN", "FA2026-002", Invoice, "2026-01-20", "2026-02-19", 300000, 120000, ""},
		{13, "CDUPONT", "FA2026-003", Invoice, "2026-02-05", "2026-03-07", 60000, 0, "2026-03-28"},
		{16, "CLEROY", "FA2026-004", Invoice, "2026-02-15", "2026-03-17", 96000, 0, "2026-03-31"},
		{20, "CMARTIN", "VIR0225", Payment, "2026-02-25", "2026-03-27", -180000, 0, "2026-02-25"},
		{22, "CDUPONT", "CHQ4587", Payment, "2026-02-26", "2026-03-28", -143712, 0, "2026-03-05"},
		{23, "CMARTIN", "FA2026-005", Invoice, "2026-03-10", "2026-04-09", 120000, 120000, ""},
		// Lettered AD on 4 April, after the as-of date: both sides still open.
		{27, "CLEROY", "VIR0320", Payment, "2026-03-20", "2026-04-19", -180000, -180000, ""},
		{29, "CBERNARD", "VIR0325", Payment, "2026-03-25", "2026-04-24", -50000, -50000, ""},
		// Filed under its invoice's number: named after the bank entry instead.
		{31, "CDUPONT", "BQ1-13", Payment, "2026-03-28", "2026-04-27", -60000, 0, "2026-03-28"},
		// Two payments on statement RLV03: one item per bank entry.
		{33, "CLEROY", "BQ1-14", Payment, "2026-03-31", "2026-04-30", -96000, 0, "2026-03-31"},
		{35, "CMARTIN", "BQ1-15", Payment, "2026-03-31", "2026-04-30", -20000, -20000, ""},
	})
	for _, r := range res.Records {
		if !r.DueEstimated || r.Currency != "EUR" {
			t.Errorf("%s: DueEstimated %v currency %q", r.Number, r.DueEstimated, r.Currency)
		}
	}
	if n := fecNames(res.Records); n["CLEROY"] != "Leroy Bâtiment" || n["CMARTIN"] != "Martin & Fils" {
		t.Errorf("names %v", n)
	}
	if len(res.Warnings) != 3 ||
		!hasFECIssue(res.Warnings, 0, "échéances", "30 jours") ||
		!hasFECIssue(res.Warnings, 0, "5 ligne", "31/03/2026") ||
		!hasFECIssue(res.Warnings, 10, "« AC »", "CMARTIN", "Martin & Fils", "1\u00a0200,00\u00a0€") {
		t.Errorf("warnings:\n%s", fecReasons(res.Warnings))
	}
}

// One month earlier: the lettering of late February and March is not made yet.
func TestFECSageEarlierAsOf(t *testing.T) {
	res := parseFECFixture(t, "sage_tab.txt", FECOptions{AsOf: fecDay("2026-02-28"), DefaultTerms: 45})
	if res.Ignored != 18 {
		t.Errorf("ignored %d, want 18", res.Ignored)
	}
	compareFEC(t, res.Records, []fecWant{
		{2, "CDUPONT", "FA2025-118", Invoice, "2025-11-20", "2026-01-04", 240000, 0, "2026-01-15"},
		{3, "CLEROY", "FA2025-125", Invoice, "2025-12-15", "2026-01-29", 180000, 180000, ""},
		{5, "CDUPONT", "FA2026-001", Invoice, "2026-01-12", "2026-02-26", 143712, 143712, ""},
		{9, "CDUPONT", "VIR0115", Payment, "2026-01-15", "2026-03-01", -240000, 0, "2026-01-15"},
		{10, "CMARTIN", "FA2026-002", Invoice, "2026-01-20", "2026-03-06", 300000, 120000, ""},
		{13, "CDUPONT", "FA2026-003", Invoice, "2026-02-05", "2026-03-22", 60000, 60000, ""},
		{16, "CLEROY", "FA2026-004", Invoice, "2026-02-15", "2026-04-01", 96000, 96000, ""},
		{20, "CMARTIN", "VIR0225", Payment, "2026-02-25", "2026-04-11", -180000, 0, "2026-02-25"},
		// Received on 26 February, lettered on 5 March.
		{22, "CDUPONT", "CHQ4587", Payment, "2026-02-26", "2026-04-12", -143712, -143712, ""},
	})
}

func TestFECEBP(t *testing.T) {
	fecFrench(t)
	res := parseFECFixture(t, "ebp_pipe.txt", FECOptions{AsOf: fecDay("2026-03-31")})
	if res.Encoding != "ISO-8859-15" || res.Separator != '|' || res.Lines != 25 || res.Ignored != 3 || len(res.Rejected) != 0 {
		t.Errorf("encoding %q separator %q lines %d ignored %d rejected:\n%s",
			res.Encoding, res.Separator, res.Lines, res.Ignored, fecReasons(res.Rejected))
	}
	compareFEC(t, res.Records, []fecWant{
		{2, "411DUPRE", "F25-0456", Invoice, "2025-12-10", "2026-01-09", 84560, 84560, ""},
		// Paid 1199,50 by transfer, the 0,50 left written off in OD, all lettered A.
		{4, "411MARTIN", "F26-0001", Invoice, "2026-01-08", "2026-02-07", 120000, 0, "2026-02-10"},
		{7, "411DUPRE", "F26-0002", Invoice, "2026-01-15", "2026-02-14", 143712, 143712, ""},
		{10, "411GARCIA", "F26-0003", Invoice, "2026-01-22", "2026-02-21", 288000, 0, "2026-03-05"},
		// A credit note written as a negative debit on the sales journal.
		{13, "411GARCIA", "AV26-0001", Credit, "2026-02-05", "2026-03-07", -12000, -12000, ""},
		{17, "411MARTIN", "REM0210", Payment, "2026-02-10", "2026-03-12", -119950, 0, "2026-02-10"},
		{19, "411MARTIN", "OD0210", Payment, "2026-02-10", "2026-03-12", -50, 0, "2026-02-10"},
		{21, "411GARCIA", "CHQ 0012345", Payment, "2026-03-05", "2026-04-04", -288000, 0, "2026-03-05"},
		{23, "411DUPRE", "REM0318", Payment, "2026-03-18", "2026-04-17", -50000, -50000, ""},
	})
	want := map[string]string{"411DUPRE": "Pâtisserie Dupré", "411MARTIN": "Martin Frères", "411GARCIA": "Garcia Électricité"}
	if n := fecNames(res.Records); fmt.Sprint(n) != fmt.Sprint(want) {
		t.Errorf("names %v, want %v", n, want)
	}
	if len(res.Warnings) != 2 {
		t.Errorf("warnings:\n%s", fecReasons(res.Warnings))
	}

	early := parseFECFixture(t, "ebp_pipe.txt", FECOptions{AsOf: fecDay("2026-02-28")})
	compareFEC(t, early.Records, []fecWant{
		{2, "411DUPRE", "F25-0456", Invoice, "2025-12-10", "2026-01-09", 84560, 84560, ""},
		{4, "411MARTIN", "F26-0001", Invoice, "2026-01-08", "2026-02-07", 120000, 0, "2026-02-10"},
		{7, "411DUPRE", "F26-0002", Invoice, "2026-01-15", "2026-02-14", 143712, 143712, ""},
		{10, "411GARCIA", "F26-0003", Invoice, "2026-01-22", "2026-02-21", 288000, 288000, ""},
		{13, "411GARCIA", "AV26-0001", Credit, "2026-02-05", "2026-03-07", -12000, -12000, ""},
		{17, "411MARTIN", "REM0210", Payment, "2026-02-10", "2026-03-12", -119950, 0, "2026-02-10"},
		{19, "411MARTIN", "OD0210", Payment, "2026-02-10", "2026-03-12", -50, 0, "2026-02-10"},
	})
	if early.Ignored != 7 {
		t.Errorf("ignored %d, want 7", early.Ignored)
	}
}

func TestFECCegidMontantSens(t *testing.T) {
	res := parseFECFixture(t, "cegid_montant_sens.txt", FECOptions{AsOf: fecDay("2026-03-31")})
	if res.Lines != 24 || res.Ignored != 3 || len(res.Rejected) != 0 || len(res.Warnings) != 2 {
		t.Errorf("lines %d ignored %d rejected:\n%swarnings:\n%s", res.Lines, res.Ignored, fecReasons(res.Rejected), fecReasons(res.Warnings))
	}
	base := []fecWant{
		{2, "CLI0001", "FC25-0990", Invoice, "2025-12-05", "2026-01-04", 125000, 0, "2026-02-14"},
		{5, "CLI0001", "FC26-0012", Invoice, "2026-01-10", "2026-02-09", 216000, 216000, ""},
		{8, "CLI0002", "FC26-0013", Invoice, "2026-01-18", "2026-02-17", 480000, 0, "2026-03-05"},
		{11, "CLI0002", "A26-0007", Credit, "2026-02-02", "2026-03-04", -60000, 0, "2026-03-05"},
		{15, "CLI0001", "CHQ-7781", Payment, "2026-02-14", "2026-03-16", -125000, 0, "2026-02-14"},
		{16, "CLI0001", "FC26-0020", Invoice, "2026-03-03", "2026-04-02", 99000, 99000, ""},
		{20, "CLI0002", "VIR-HDL-0305", Payment, "2026-03-05", "2026-04-04", -420000, 0, "2026-03-05"},
		// Invoiced in CHF: amounts stay in euros, the accounting currency.
		{21, "CLI0004", "FC26-0024", Invoice, "2026-03-12", "2026-04-11", 150000, 150000, ""},
	}
	compareFEC(t, res.Records, base)
	if n := fecNames(res.Records); n["CLI0002"] != "Hôtel du Lac" {
		t.Errorf("names %v", n)
	}

	// 416 (doubtful customers) only when asked for.
	wide := parseFECFixture(t, "cegid_montant_sens.txt", FECOptions{AsOf: fecDay("2026-03-31"), Accounts: []string{"411", "416"}})
	withDoubtful := append([]fecWant{base[0],
		{3, "CLI0003", "FC25-0801", Invoice, "2025-10-15", "2025-11-14", 360000, 360000, ""}}, base[1:]...)
	compareFEC(t, wide.Records, withDoubtful)
	compareFEC(t, parseFECFixture(t, "cegid_montant_sens.txt", FECOptions{AsOf: fecDay("2026-03-31"), Accounts: []string{"41"}}).Records, withDoubtful)

	early := parseFECFixture(t, "cegid_montant_sens.txt", FECOptions{AsOf: fecDay("2026-02-28")})
	compareFEC(t, early.Records, []fecWant{
		{2, "CLI0001", "FC25-0990", Invoice, "2025-12-05", "2026-01-04", 125000, 0, "2026-02-14"},
		{5, "CLI0001", "FC26-0012", Invoice, "2026-01-10", "2026-02-09", 216000, 216000, ""},
		{8, "CLI0002", "FC26-0013", Invoice, "2026-01-18", "2026-02-17", 480000, 480000, ""},
		{11, "CLI0002", "A26-0007", Credit, "2026-02-02", "2026-03-04", -60000, -60000, ""},
		{15, "CLI0001", "CHQ-7781", Payment, "2026-02-14", "2026-03-16", -125000, 0, "2026-02-14"},
	})
}

func TestFECBadLines(t *testing.T) {
	fecFrench(t)
	res := parseFECFixture(t, "bad_lines.txt", FECOptions{AsOf: fecDay("2026-03-31")})
	compareFEC(t, res.Records, []fecWant{
		{2, "C001", "F001", Invoice, "2026-01-05", "2026-02-04", 12000, 12000, ""},
		{10, "C003", "F005", Invoice, "2026-01-16", "2026-02-15", 25000, 25000, ""},
		// No PieceDate: the entry date is the invoice date.
		{13, "C001", "F007", Invoice, "2026-01-21", "2026-02-20", 9990, 9990, ""},
	})
	if res.Lines != 12 {
		t.Errorf("lines %d, want 12", res.Lines)
	}
	want := []struct {
		row   int
		parts []string
	}{
		{4, []string{"Ligne 4 :", "« 2026013 »", "EcritureDate", "AAAAMMJJ"}},
		{6, []string{"Ligne 6 : montant illisible « 12,3,4 » dans la colonne Debit."}},
		{8, []string{"Ligne 8 :", "17 colonnes au lieu de 18"}},
		{11, []string{"Ligne 11 :", "« 20260230 »"}},
		{12, []string{"Ligne 12 :", "« 1.2.3 »", "Credit"}},
		{14, []string{"Ligne 14 :", "19 colonnes au lieu de 18"}},
	}
	if len(res.Rejected) != len(want) {
		t.Errorf("rejected:\n%s", fecReasons(res.Rejected))
	}
	for _, w := range want {
		if !hasFECIssue(res.Rejected, w.row, w.parts...) {
			t.Errorf("no rejection of line %d with %q in:\n%s", w.row, w.parts, fecReasons(res.Rejected))
		}
	}
}

func TestFECRejectionsInEnglish(t *testing.T) {
	resources.SetLanguage("en")
	defer resources.SetLanguage("fr")
	res := parseFECFixture(t, "bad_lines.txt", FECOptions{AsOf: fecDay("2026-03-31")})
	if !hasFECIssue(res.Rejected, 6, "Line 6: unreadable amount “12,3,4” in column Debit.") {
		t.Errorf("rejected:\n%s", fecReasons(res.Rejected))
	}
}

const fecHead = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n"

// fecRow writes one customer line: journal, entry, date, customer, piece, debit, credit,
// lettering code and date.
func fecRow(j, num, date, cust, piece, debit, credit, let, dateLet string) string {
	return strings.Join([]string{j, j, num, date, "411000", "Clients", cust, "Client " + cust,
		piece, date, "Ecriture " + piece, debit, credit, let, dateLet, "", "", ""}, "\t") + "\n"
}

func TestFECPartialLetteringRemainder(t *testing.T) {
	fecFrench(t)
	text := fecHead +
		fecRow("VT", "1", "20260105", "C1", "F1", "100,00", "0,00", "AA", "20260120") +
		fecRow("VT", "2", "20260110", "C1", "F2", "200,00", "0,00", "AA", "20260120") +
		fecRow("BQ", "3", "20260120", "C1", "P1", "0,00", "250,00", "AA", "20260120") +
		fecRow("VT", "4", "20260105", "C2", "F3", "100,00", "0,00", "ab", "20260125") +
		fecRow("BQ", "5", "20260110", "C2", "P2", "0,00", "60,00", "ab", "20260125") +
		fecRow("BQ", "6", "20260115", "C2", "P3", "0,00", "70,00", "ab", "20260125") +
		// Same code, other case: another lettering, balanced on its own.
		fecRow("VT", "7", "20260106", "C2", "F4", "40,00", "0,00", "AB", "20260125") +
		fecRow("BQ", "8", "20260116", "C2", "P4", "0,00", "40,00", "AB", "20260125")
	res := parseFECText(t, text, FECOptions{AsOf: fecDay("2026-01-31")})
	compareFEC(t, res.Records, []fecWant{
		{2, "C1", "F1", Invoice, "2026-01-05", "2026-02-04", 10000, 0, "2026-01-20"},
		// 300 invoiced, 250 paid: the 50 left stays on the latest invoice.
		{3, "C1", "F2", Invoice, "2026-01-10", "2026-02-09", 20000, 5000, ""},
		{4, "C1", "P1", Payment, "2026-01-20", "2026-02-19", -25000, 0, "2026-01-20"},
		{5, "C2", "F3", Invoice, "2026-01-05", "2026-02-04", 10000, 0, "2026-01-25"},
		{6, "C2", "P2", Payment, "2026-01-10", "2026-02-09", -6000, 0, "2026-01-25"},
		// Overpaid by 30: the excess stays on the latest payment.
		{7, "C2", "P3", Payment, "2026-01-15", "2026-02-14", -7000, -3000, ""},
		{8, "C2", "F4", Invoice, "2026-01-06", "2026-02-05", 4000, 0, "2026-01-25"},
		{9, "C2", "P4", Payment, "2026-01-16", "2026-02-15", -4000, 0, "2026-01-25"},
	})
	if !hasFECIssue(res.Warnings, 2, "« AA »", "C1", "50,00") || !hasFECIssue(res.Warnings, 5, "« ab »", "C2", "-30,00") || len(res.Warnings) != 3 {
		t.Errorf("warnings:\n%s", fecReasons(res.Warnings))
	}
}

// Without DateLet a lettering is dated by the group's latest line, even one past AsOf.
func TestFECLetteringWithoutDate(t *testing.T) {
	text := fecHead +
		fecRow("VT", "1", "20260110", "C1", "F1", "100,00", "0,00", "AA", "") +
		fecRow("BQ", "2", "20260210", "C1", "P1", "0,00", "100,00", "AA", "")
	jan := parseFECText(t, text, FECOptions{AsOf: fecDay("2026-01-31")})
	compareFEC(t, jan.Records, []fecWant{{2, "C1", "F1", Invoice, "2026-01-10", "2026-02-09", 10000, 10000, ""}})
	if len(jan.Warnings) != 2 { // due dates, one line ignored: no unbalanced lettering
		t.Errorf("warnings:\n%s", fecReasons(jan.Warnings))
	}
	feb := parseFECText(t, text, FECOptions{AsOf: fecDay("2026-02-28")})
	compareFEC(t, feb.Records, []fecWant{
		{2, "C1", "F1", Invoice, "2026-01-10", "2026-02-09", 10000, 0, "2026-02-10"},
		{3, "C1", "P1", Payment, "2026-02-10", "2026-03-12", -10000, 0, "2026-02-10"},
	})
	// No as-of date: everything counts and every lettering is made.
	all := parseFECText(t, text, FECOptions{})
	if len(all.Records) != 2 || all.Records[0].Open != 0 || all.Ignored != 0 {
		t.Errorf("no AsOf: %v", fecWants(all.Records))
	}
}

func TestFECUniqueNumbers(t *testing.T) {
	fecFrench(t)
	text := fecHead +
		fecRow("VT", "1", "20260105", "C1", "F100", "100,00", "0,00", "", "") +
		fecRow("VT", "2", "20260106", "C2", "F100", "50,00", "0,00", "", "") +
		fecRow("VT", "3", "20260107", "C3", "F100-2", "70,00", "0,00", "", "") +
		// Payments under their invoice's number, and two under one bank statement.
		fecRow("BQ", "4", "20260110", "C1", "F100", "0,00", "100,00", "", "") +
		fecRow("BQ", "5", "20260111", "C2", "RLV1", "0,00", "20,00", "", "") +
		fecRow("BQ", "6", "20260111", "C3", "RLV1", "0,00", "30,00", "", "") +
		fecRow("BQ", "7", "20260112", "C3", "VIR9", "0,00", "40,00", "", "") +
		// Its natural name BQ-4 is taken by the payment above.
		fecRow("CA", "", "20260113", "C3", "BQ-4", "0,00", "1,00", "", "") +
		fecRow("CA", "", "20260113", "C3", "BQ-4", "0,00", "1,00", "", "")
	res := parseFECText(t, text, FECOptions{AsOf: fecDay("2026-01-31")})
	var got []string
	for _, r := range res.Records {
		got = append(got, r.Number)
	}
	if want := "F100 F100-3 F100-2 BQ-4 BQ-5 BQ-6 VIR9 BQ-4-2"; strings.Join(got, " ") != want {
		t.Errorf("numbers %q, want %q", strings.Join(got, " "), want)
	}
	if !hasFECIssue(res.Warnings, 3, "F100", "F100-3", "C2") || !hasFECIssue(res.Warnings, 9, "BQ-4-2") {
		t.Errorf("warnings:\n%s", fecReasons(res.Warnings))
	}
	if r := res.Records[7]; r.Amount != -200 || r.Kind != Payment {
		t.Errorf("cash item %v", fecWants(res.Records[7:]))
	}
}

func TestFECKinds(t *testing.T) {
	row := func(j, lib, num, cust, piece, label, debit, credit string) string {
		return strings.Join([]string{j, lib, num, "20260115", "411000", "Clients", cust, cust,
			piece, "", label, debit, credit, "", "", "", "", ""}, "\t") + "\n"
	}
	text := fecHead +
		row("FAC", "Facturation", "1", "C1", "A1", "Avoir sur F9", "0,00", "10,00") +
		row("FAC", "Facturation", "2", "C1", "X1", "Remboursement", "0,00", "11,00") +
		row("BQ2", "Crédit Mutuel", "3", "C1", "A2", "Avoir remboursé", "0,00", "12,00") +
		row("OD", "Opérations diverses", "4", "C1", "A3", "Avoir compensé", "0,00", "13,00") +
		row("XX", "Journal des ventes", "5", "C1", "A4", "Retour", "0,00", "14,00") +
		row("RAN", "Reprise", "6", "C1", "A5", "Solde", "0,00", "15,00") +
		row("J9", "Report à-nouveaux", "7", "C1", "A6", "Solde", "0,00", "16,00") +
		row("BQ2", "Crédit Mutuel", "8", "C1", "R1", "Chèque impayé", "17,00", "0,00") +
		row("VT", "Ventes", "9", "C1", "Z1", "Facture annulée", "18,00", "0,00") +
		row("VT", "Ventes", "9", "C1", "Z1", "Facture annulée", "0,00", "18,00")
	res := parseFECText(t, text, FECOptions{AsOf: fecDay("2026-01-31")})
	var got []string
	for _, r := range res.Records {
		got = append(got, r.Number+":"+string(r.Kind))
	}
	want := "A1:credit X1:payment A2:payment A3:payment A4:credit A5:credit A6:credit R1:invoice"
	if strings.Join(got, " ") != want {
		t.Errorf("kinds %q\nwant  %q", strings.Join(got, " "), want)
	}
}

func TestFECVariants(t *testing.T) {
	// ';' separator, quoted fields, Montant + Sens written +/-, a trailing separator,
	// header in upper case, lines ending in a lone CR.
	lines := []string{
		`JOURNALCODE;JOURNALLIB;ECRITURENUM;ECRITUREDATE;COMPTENUM;COMPTELIB;COMPAUXNUM;COMPAUXLIB;PIECEREF;PIECEDATE;ECRITURELIB;MONTANT;SENS;ECRITURELET;DATELET;VALIDDATE;MONTANTDEVISE;IDEVISE;`,
		`VT;Ventes;1;20260105;411000;Clients;C1;"Dupont; Fils";F1;20260105;"Facture ""F1""";1 437,12;+;;;;;;`,
		`VT;Ventes;2;20260106;411000;Clients;C1;"Dupont; Fils";A1;20260106;Avoir;-000000000000012,00;-;;;;;;`,
		`BQ;Banque;3;20260107;411000;Clients;C1;"Dupont; Fils";P1;20260107;Virement;1437.12;C;;;;;`,
		`BQ;Banque;4;20260108;411000;Clients;C1;"Dupont; Fils";P2;20260108;Virement;5,00;X;;;;;`,
	}
	res := parseFECText(t, strings.Join(lines, "\r"), FECOptions{AsOf: fecDay("2026-01-31")})
	compareFEC(t, res.Records, []fecWant{
		{2, "C1", "F1", Invoice, "2026-01-05", "2026-02-04", 143712, 143712, ""},
		// A negative credit is a debit.
		{3, "C1", "A1", Invoice, "2026-01-06", "2026-02-05", 1200, 1200, ""},
		{4, "C1", "P1", Payment, "2026-01-07", "2026-02-06", -143712, -143712, ""},
	})
	if res.Separator != ';' || fecNames(res.Records)["C1"] != "Dupont; Fils" {
		t.Errorf("separator %q names %v", res.Separator, fecNames(res.Records))
	}
	if !hasFECIssue(res.Rejected, 5, "« X »", "SENS") || len(res.Rejected) != 1 {
		t.Errorf("rejected:\n%s", fecReasons(res.Rejected))
	}
}

func TestFECEncodings(t *testing.T) {
	body := fecRow("VT", "1", "20260105", "C1", "F1", "10,00", "0,00", "", "")
	body = strings.Replace(body, "Client C1", "Société Générale — 5 €", 1)

	w1252, err := charmap.Windows1252.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	latin, err := charmap.ISO8859_15.NewEncoder().String(strings.Replace(body, " —", "", 1))
	if err != nil {
		t.Fatal(err)
	}
	var utf16 bytes.Buffer
	utf16.Write([]byte{0xFF, 0xFE})
	for _, r := range fecHead + body {
		utf16.Write([]byte{byte(r), byte(r >> 8)})
	}
	for _, c := range []struct {
		text, encoding, name string
	}{
		{fecHead + body, "UTF-8", "Société Générale — 5 €"},
		{"\ufeff" + fecHead + body, "UTF-8", "Société Générale — 5 €"},
		{fecHead + w1252, "Windows-1252", "Société Générale — 5 €"},
		{fecHead + latin, "ISO-8859-15", "Société Générale 5 €"},
		{utf16.String(), "UTF-16LE", "Société Générale — 5 €"},
	} {
		res := parseFECText(t, c.text, FECOptions{})
		if res.Encoding != c.encoding || len(res.Records) != 1 || res.Records[0].CustomerName != c.name {
			t.Errorf("%s: encoding %q records %v names %v", c.encoding, res.Encoding, fecWants(res.Records), fecNames(res.Records))
		}
	}
}

func TestFECNotAFEC(t *testing.T) {
	fecFrench(t)
	for _, c := range []struct {
		text    string
		missing string
	}{
		{"Code client;Nom;Facture;Total TTC\nC1;Dupont;F1;10\n", "JournalCode, EcritureDate, CompteNum, Debit, Credit"},
		{"JournalCode\tEcritureDate\tCompteNum\tMontant\n", "Sens"},
		{"\n\n", ""},
		{"", ""},
	} {
		_, err := ParseFEC(strings.NewReader(c.text), FECOptions{})
		if err == nil || !errors.Is(err, ErrNotFEC) {
			t.Errorf("%q: err %v", c.text, err)
			continue
		}
		if c.missing != "" && (!strings.Contains(err.Error(), "colonnes manquantes : "+c.missing+".") ||
			!strings.Contains(err.Error(), "18 colonnes") || !strings.Contains(err.Error(), "JournalCode, JournalLib, EcritureNum")) {
			t.Errorf("%q: message %q", c.text, err)
		}
	}
}

func TestFECNoReceivable(t *testing.T) {
	fecFrench(t)
	text := strings.ReplaceAll(fecHead+fecRow("VT", "1", "20260105", "", "F1", "10,00", "0,00", "", ""), "411000", "706000")
	res := parseFECText(t, text, FECOptions{Accounts: []string{" 4111 ", ""}})
	if len(res.Records) != 0 || !hasFECIssue(res.Warnings, 0, "(4111)") {
		t.Errorf("records %v warnings:\n%s", fecWants(res.Records), fecReasons(res.Warnings))
	}
}

func TestLooksLikeFEC(t *testing.T) {
	for _, c := range []struct {
		header string
		want   bool
	}{
		{strings.TrimSpace(fecHead), true},
		{strings.ToLower(strings.TrimSpace(fecHead)), true},
		{"\ufeff\"JournalCode\"\t EcritureDate \tCompteNum\tMontant\tSens", true},
		{"JournalCode\tEcritureDate\tCompteNum\tDebit", false},
		{"JournalCode\tEcritureDate\tDebit\tCredit", false},
		{"Code client\tFacture\tMontant", false},
	} {
		if got := LooksLikeFEC(strings.Split(c.header, "\t")); got != c.want {
			t.Errorf("LooksLikeFEC(%q) = %v", c.header, got)
		}
	}
}

// Every fec.* key the code uses exists in both languages, and the two files agree.
func TestFECTranslations(t *testing.T) {
	src, err := os.ReadFile("fec.go")
	if err != nil {
		t.Fatal(err)
	}
	fr, en := map[string]bool{}, map[string]bool{}
	for _, k := range resources.Keys("fr") {
		fr[k] = strings.HasPrefix(k, "fec.")
	}
	for _, k := range resources.Keys("en") {
		en[k] = strings.HasPrefix(k, "fec.")
	}
	for _, k := range regexp.MustCompile(`"(fec\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1) {
		if !fr[k[1]] || !en[k[1]] {
			t.Errorf("key %s missing in fr or en", k[1])
		}
	}
	for k, isFEC := range fr {
		if isFEC && !en[k] {
			t.Errorf("key %s only in fr", k)
		}
	}
	for k, isFEC := range en {
		if isFEC && !fr[k] {
			t.Errorf("key %s only in en", k)
		}
	}
}

// bigFEC writes a year of activity: per invoice three lines (customer, sales, VAT), and a
// payment of two lines lettered to every other invoice. lines must be a multiple of 10.
func bigFEC(lines int) []byte {
	var b bytes.Buffer
	b.Grow(lines * 150)
	b.WriteString(fecHead)
	start := fecDay("2026-01-01")
	n := 0
	for i := 0; n < lines; i++ {
		d := start.AddDays(i % 300).String()
		d = strings.ReplaceAll(d, "-", "")
		cust := fmt.Sprintf("C%04d", i%800)
		ref := fmt.Sprintf("FA%06d", i)
		ht, ttc := 1000+i%9000, (1000+i%9000)*12/10
		let := ""
		if i%2 == 0 {
			let = fmt.Sprintf("L%d", i)
		}
		fmt.Fprintf(&b, "VT\tVentes\t%d\t%s\t411000\tClients\t%s\tClient %s\t%s\t%s\tFacture %s\t%d,00\t0,00\t%s\t\t%s\t\t\r\n", i, d, cust, cust, ref, d, ref, ttc, let, d)
		fmt.Fprintf(&b, "VT\tVentes\t%d\t%s\t706000\tVentes\t\t\t%s\t%s\tFacture %s\t0,00\t%d,00\t\t\t%s\t\t\r\n", i, d, ref, d, ref, ht, d)
		fmt.Fprintf(&b, "VT\tVentes\t%d\t%s\t445710\tTVA collectée\t\t\t%s\t%s\tFacture %s\t0,00\t%d,00\t\t\t%s\t\t\r\n", i, d, ref, d, ref, ttc-ht, d)
		n += 3
		if let != "" {
			fmt.Fprintf(&b, "BQ\tBanque\tB%d\t%s\t512000\tBanque\t\t\tVIR%06d\t%s\tVirement %s\t%d,00\t0,00\t\t\t%s\t\t\r\n", i, d, i, d, cust, ttc, d)
			fmt.Fprintf(&b, "BQ\tBanque\tB%d\t%s\t411000\tClients\t%s\tClient %s\tVIR%06d\t%s\tVirement %s\t0,00\t%d,00\t%s\t%s\t%s\t\t\r\n", i, d, cust, cust, i, d, cust, ttc, let, d, d)
			n += 2
		}
	}
	return b.Bytes()
}

func TestFECLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, bigFEC(100_000), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := ParseFEC(f, FECOptions{AsOf: fecDay("2026-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, r := range res.Records {
		if r.Open != 0 {
			open++
		}
	}
	// 100,000 lines = 12,500 × (3 + 2 + 3): 25,000 invoices, half of them paid.
	if res.Lines != 100_000 || len(res.Records) != 37_500 || open != 12_500 || len(res.Rejected) != 0 || len(res.Warnings) != 1 {
		t.Errorf("lines %d records %d open %d rejected %d warnings %d", res.Lines, len(res.Records), open, len(res.Rejected), len(res.Warnings))
	}
	checkFECInvariants(t, res)
}

func BenchmarkParseFEC(b *testing.B) {
	data := bigFEC(100_000)
	asOf := fecDay("2026-12-31")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFEC(bytes.NewReader(data), FECOptions{AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}
