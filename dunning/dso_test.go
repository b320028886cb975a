package dunning

import (
	"math"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
)

const dsoEpsilon = 1e-9

func dsoNear(a, b float64) bool { return math.Abs(a-b) < dsoEpsilon }

func TestDSOCountBackCore(t *testing.T) {
	thirty := func(sales ...money.Cents) []dsoMonth {
		ms := make([]dsoMonth, len(sales))
		for i, s := range sales {
			ms[i] = dsoMonth{Sales: s * 100, Days: 30}
		}
		return ms
	}
	cases := []struct {
		name   string
		open   money.Cents
		months []dsoMonth
		days   float64
		rest   money.Cents
	}{
		// domain.md: 30 + 30 + 32,000/70,000 × 30 = 73.714… days.
		{"published example", 212000_00, thirty(100000, 80000, 70000), 60 + 32000.0/70000*30, 0},
		{"exhausted exactly by two months", 180000_00, thirty(100000, 80000, 70000), 60, 0},
		{"within the current month", 50000_00, thirty(100000, 80000, 70000), 15, 0},
		{"nothing open", 0, thirty(100000), 0, 0},
		{"customers in credit", -5000_00, thirty(100000), 0, 0},
		{"more than the months", 300000_00, thirty(100000, 80000, 70000), 90, 50000_00},
		{"month without sales", 135000_00, thirty(100000, 0, 70000), 30 + 30 + 15, 0},
		{"month of net credit notes counts as no sales", 135000_00, thirty(100000, -20000, 70000), 30 + 30 + 15, 0},
		{"calendar months", 212000_00, []dsoMonth{{100000_00, 30}, {80000_00, 31}, {70000_00, 30}}, 61 + 32000.0/70000*30, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			days, rest := dsoCountBack(c.open, c.months)
			if !dsoNear(days, c.days) || rest != c.rest {
				t.Errorf("got %.12f days, rest %d; want %.12f, rest %d", days, rest, c.days, c.rest)
			}
		})
	}
	if days, _ := dsoCountBack(212000_00, thirty(100000, 80000, 70000)); math.Round(days*100)/100 != 73.71 {
		t.Errorf("published example prints %.2f, want 73.71", days)
	}
}

// dsoItem builds an invoice (or a credit note, amount negative) of amount euros issued
// on the date, with its open balance and payments.
func dsoItem(number string, issued civil.Date, amount, open money.Cents, payments ...Payment) Item {
	kind := Invoice
	if amount < 0 {
		kind = Credit
	}
	return Item{Number: number, Customer: "C1", Kind: kind, Issued: issued, Due: issued.AddDays(30),
		Amount: amount * 100, Open: open * 100, Currency: "EUR", Payments: payments}
}

func dsoPaid(on civil.Date, amount money.Cents) Payment { return Payment{On: on, Amount: amount * 100} }

// dsoOne runs DSO and returns the result of the only currency.
func dsoOne(t *testing.T, items []Item, asOf civil.Date, months int, m Method, salesFrom civil.Date) DSOResult {
	t.Helper()
	rs := DSO(items, asOf, months, m, salesFrom)
	if len(rs) != 1 {
		t.Fatalf("%d results, want 1: %+v", len(rs), rs)
	}
	return rs[0]
}

func TestDSOFigures(t *testing.T) {
	d := civil.New
	// Published simple example: 30,000 open, 60,000 sales over 90 days (January to March
	// 2026: 31 + 28 + 31). A paid December invoice is outside the period.
	q1 := []Item{
		dsoItem("F0", d(2025, 12, 10), 50000, 0, dsoPaid(d(2026, 1, 10), 50000)),
		dsoItem("F1", d(2026, 1, 15), 20000, 0, dsoPaid(d(2026, 2, 20), 20000)),
		dsoItem("F2", d(2026, 2, 15), 20000, 10000, dsoPaid(d(2026, 3, 10), 10000)),
		dsoItem("F3", d(2026, 3, 15), 20000, 20000),
	}
	// April–June 2026 (30 + 31 + 30 days): sales 70,000 / 80,000 / 100,000, 212,000 open.
	q2 := []Item{
		dsoItem("A1", d(2026, 4, 10), 70000, 32000, dsoPaid(d(2026, 5, 30), 38000)),
		dsoItem("M1", d(2026, 5, 12), 80000, 80000),
		dsoItem("J1", d(2026, 6, 5), 60000, 60000),
		dsoItem("J2", d(2026, 6, 25), 40000, 40000),
		dsoItem("J9", d(2026, 7, 1), 99000, 99000), // after the as-of date
	}
	// Mid-month as-of 20/11/2026: September (30) + October (31) + 20 days of November.
	// Sales: September 90,000; October 64,000 less a 2,000 credit note; November 40,000
	// (an invoice of the 25th is after the as-of date). Open at 20/11: 40,000 (paid on
	// the 25th, so still open then) + 12,000 − 2,000 = 50,000.
	mid := []Item{
		dsoItem("S1", d(2026, 9, 3), 90000, 0, dsoPaid(d(2026, 10, 5), 90000)),
		dsoItem("O1", d(2026, 10, 8), 64000, 12000, dsoPaid(d(2026, 10, 30), 52000)),
		dsoItem("AV1", d(2026, 10, 20), -2000, -2000),
		dsoItem("N1", d(2026, 11, 2), 40000, 0, dsoPaid(d(2026, 11, 25), 40000)),
		dsoItem("N2", d(2026, 11, 25), 30000, 30000),
	}
	// Leap year: February 2028 has 29 days.
	leap := []Item{
		dsoItem("L1", d(2028, 2, 1), 29000, 14500, dsoPaid(d(2028, 3, 5), 14500)),
		dsoItem("L2", d(2028, 2, 29), 29000, 0, dsoPaid(d(2028, 2, 29), 29000)),
		dsoItem("L3", d(2028, 3, 10), 31000, 31000),
	}
	nonLeap := []Item{dsoItem("L1", d(2027, 2, 1), 28000, 14000)}
	// Receivables above the period's sales: March (31 days, 62,000 sales) is in the ledger.
	longer := append([]Item{dsoItem("R1", d(2026, 3, 2), 62000, 31000, dsoPaid(d(2026, 4, 2), 31000)),
		dsoItem("R0", d(2026, 2, 2), 10000, 0, dsoPaid(d(2026, 2, 20), 10000))}, q2[:4]...)
	longer[2].Open += 38000_00 // A1 unpaid: 212,000 + 38,000 + 31,000 = 281,000 open

	from := d(2025, 1, 1)
	cases := []struct {
		name       string
		items      []Item
		asOf       civil.Date
		months     int
		method     Method
		days       float64
		open       money.Cents
		sales      money.Cents
		start      civil.Date
		periodDays int
	}{
		{"published simple example", q1, d(2026, 3, 31), 3, MethodSimple, 45, 30000_00, 60000_00, d(2026, 1, 1), 90},
		{"count-back on the same", q1, d(2026, 3, 31), 3, MethodCountBack, 31 + 10000.0/20000*28, 30000_00, 60000_00, d(2026, 1, 1), 90},
		{"count-back, calendar months", q2, d(2026, 6, 30), 3, MethodCountBack, 30 + 31 + 32000.0/70000*30, 212000_00, 250000_00, d(2026, 4, 1), 91},
		{"simple, calendar months", q2, d(2026, 6, 30), 3, MethodSimple, 212000.0 / 250000 * 91, 212000_00, 250000_00, d(2026, 4, 1), 91},
		{"one month", q2, d(2026, 6, 30), 1, MethodSimple, 212000.0 / 100000 * 30, 212000_00, 100000_00, d(2026, 6, 1), 30},
		{"mid-month count-back", mid, d(2026, 11, 20), 3, MethodCountBack, 20 + 10000.0/62000*31, 50000_00, 192000_00, d(2026, 9, 1), 81},
		{"mid-month simple", mid, d(2026, 11, 20), 3, MethodSimple, 50000.0 / 192000 * 81, 50000_00, 192000_00, d(2026, 9, 1), 81},
		{"leap February, simple", leap, d(2028, 2, 29), 1, MethodSimple, 14.5, 29000_00, 58000_00, d(2028, 2, 1), 29},
		{"leap February, count-back", leap, d(2028, 2, 29), 1, MethodCountBack, 14.5, 29000_00, 58000_00, d(2028, 2, 1), 29},
		{"leap February and March, count-back", leap, d(2028, 3, 31), 2, MethodCountBack, 31 + 14500.0/58000*29, 45500_00, 89000_00, d(2028, 2, 1), 60},
		{"leap February and March, simple", leap, d(2028, 3, 31), 2, MethodSimple, 45500.0 / 89000 * 60, 45500_00, 89000_00, d(2028, 2, 1), 60},
		{"non-leap February", nonLeap, d(2027, 2, 28), 1, MethodSimple, 14, 14000_00, 28000_00, d(2027, 2, 1), 28},
		{"count-back walks past the period", longer, d(2026, 6, 30), 3, MethodCountBack, 91 + 15.5, 281000_00, 250000_00, d(2026, 4, 1), 91},
		{"nothing open", q1[:2], d(2026, 3, 31), 3, MethodCountBack, 0, 0, 20000_00, d(2026, 1, 1), 90},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := dsoOne(t, c.items, c.asOf, c.months, c.method, from)
			if !r.Complete || r.Reason != "" {
				t.Fatalf("incomplete: %q", r.Reason)
			}
			if !dsoNear(r.Days, c.days) || r.Open != c.open || r.Sales != c.sales ||
				r.PeriodStart != c.start || r.PeriodDays != c.periodDays {
				t.Errorf("got %.9f days, open %d, sales %d, %s + %d days; want %.9f, %d, %d, %s + %d",
					r.Days, r.Open, r.Sales, r.PeriodStart, r.PeriodDays, c.days, c.open, c.sales, c.start, c.periodDays)
			}
			if r.Currency != "EUR" || r.Method != c.method || r.AsOf != c.asOf || r.Months != c.months {
				t.Errorf("header %s %s %s %d", r.Currency, r.Method, r.AsOf, r.Months)
			}
		})
	}
}

func TestDSOIncomplete(t *testing.T) {
	agingFrench(t)
	d := civil.New
	nov := []Item{
		dsoItem("S1", d(2026, 9, 3), 90000, 0, dsoPaid(d(2026, 10, 5), 90000)),
		dsoItem("N1", d(2026, 11, 2), 40000, 40000),
	}
	old := []Item{dsoItem("X1", d(2025, 3, 1), 1000, 1000)}
	// 400,000 open against 250,000 of sales in April–June and 62,000 in March.
	heavy := []Item{
		dsoItem("R1", d(2026, 3, 2), 62000, 62000),
		dsoItem("A1", d(2026, 4, 10), 70000, 70000),
		dsoItem("M1", d(2026, 5, 12), 80000, 80000),
		dsoItem("J1", d(2026, 6, 5), 100000, 100000),
		dsoItem("X1", d(2024, 1, 5), 88000, 88000),
	}
	cases := []struct {
		name      string
		items     []Item
		asOf      civil.Date
		months    int
		method    Method
		salesFrom civil.Date
		reason    string // the whole French sentence, or a part of it after "…"
	}{
		{"history starts after the period", nov, d(2026, 11, 20), 3, MethodCountBack, d(2026, 10, 1),
			"Le grand livre ne connaît les ventes qu'à partir du 01/10/2026 : il manque l'historique des factures payées depuis le 01/09/2026 pour calculer un DSO sur 3 mois. Importez un FEC ou un export incluant les factures réglées."},
		{"history starts the day after the period", nov, d(2026, 11, 20), 3, MethodSimple, d(2026, 9, 2),
			"…à partir du 02/09/2026 : il manque l'historique des factures payées depuis le 01/09/2026"},
		{"sales history unknown", nov, d(2026, 11, 20), 3, MethodSimple, 0,
			"On ne sait pas depuis quand le grand livre connaît toutes les factures, réglées comprises : les seules factures ouvertes ne permettent pas de calculer un DSO sur 3 mois. Importez un FEC ou un export incluant les factures réglées."},
		{"zero sales in the period", old, d(2026, 11, 20), 3, MethodCountBack, d(2025, 1, 1),
			"Aucune vente nette (factures moins avoirs) en EUR du 01/09/2026 au 20/11/2026 : sans chiffre d'affaires sur la période, le DSO ne peut pas être calculé (encours : 1\u00a0000,00\u00a0€)."},
		{"zero sales, simple", old, d(2026, 11, 20), 3, MethodSimple, d(2025, 1, 1), "…Aucune vente nette"},
		{"count-back runs out of history", heavy, d(2026, 6, 30), 3, MethodCountBack, d(2026, 3, 1),
			"L'encours de 400\u00a0000,00\u00a0€ dépasse toutes les ventes connues depuis le 01/03/2026 : le DSO par épuisement dépasse 122 jours, mais l'historique ne permet pas de remonter plus loin. Importez un FEC ou un export plus ancien incluant les factures réglées."},
		{"count-back beyond 24 months", heavy, d(2026, 6, 30), 3, MethodCountBack, d(2020, 1, 1),
			"L'encours de 400\u00a0000,00\u00a0€ dépasse les ventes des 24 derniers mois : le DSO par épuisement dépasse 730 jours. Vérifiez les créances anciennes (litiges, créances douteuses à passer en perte)."},
		{"unknown method", nov, d(2026, 11, 20), 3, "average", d(2025, 1, 1), "…Méthode de calcul du DSO inconnue « average »"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := dsoOne(t, c.items, c.asOf, c.months, c.method, c.salesFrom)
			if r.Complete || r.Days != 0 {
				t.Errorf("Complete %v with %.3f days, want no figure", r.Complete, r.Days)
			}
			if part, ok := strings.CutPrefix(c.reason, "…"); ok {
				if !strings.Contains(r.Reason, part) {
					t.Errorf("reason %q lacks %q", r.Reason, part)
				}
			} else if r.Reason != c.reason {
				t.Errorf("reason\n%q\nwant\n%q", r.Reason, c.reason)
			}
		})
	}
	// The period's own start is enough history.
	if r := dsoOne(t, nov, d(2026, 11, 20), 3, MethodSimple, d(2026, 9, 1)); !r.Complete {
		t.Errorf("history from the period start refused: %q", r.Reason)
	}
	// The simple method has a figure for the same ledger: it does not walk months.
	if r := dsoOne(t, heavy, d(2026, 6, 30), 3, MethodSimple, d(2020, 1, 1)); !r.Complete || !dsoNear(r.Days, 400000.0/250000*91) {
		t.Errorf("simple method: %+v", r)
	}
}

func TestDSOCurrenciesApart(t *testing.T) {
	d := civil.New
	usd := dsoItem("U1", d(2026, 5, 1), 45000, 45000)
	usd.Currency = "USD"
	usdOld := dsoItem("U0", d(2025, 5, 1), 7000, 7000)
	usdOld.Currency = "USD"
	gbpPaidLongAgo := dsoItem("G0", d(2025, 5, 1), 7000, 0, dsoPaid(d(2025, 6, 1), 7000))
	gbpPaidLongAgo.Currency = "GBP"
	noCurrency := dsoItem("E2", d(2026, 6, 2), 30000, 30000)
	noCurrency.Currency = ""
	items := []Item{dsoItem("E1", d(2026, 4, 1), 60000, 0, dsoPaid(d(2026, 5, 1), 60000)), usd, noCurrency, usdOld, gbpPaidLongAgo}
	rs := DSO(items, d(2026, 6, 30), 3, MethodSimple, d(2025, 1, 1))
	if len(rs) != 2 {
		t.Fatalf("%d results, want EUR and USD: %+v", len(rs), rs)
	}
	want := []struct {
		currency    string
		open, sales money.Cents
		days        float64
	}{
		{"EUR", 30000_00, 90000_00, 30000.0 / 90000 * 91},
		{"USD", 52000_00, 45000_00, 52000.0 / 45000 * 91},
	}
	for i, w := range want {
		r := rs[i]
		if r.Currency != w.currency || r.Open != w.open || r.Sales != w.sales || !dsoNear(r.Days, w.days) || !r.Complete {
			t.Errorf("%d: %s open %d sales %d %.6f days, want %s %d %d %.6f", i, r.Currency, r.Open, r.Sales, r.Days,
				w.currency, w.open, w.sales, w.days)
		}
	}
	if DSO(nil, d(2026, 6, 30), 3, MethodSimple, d(2025, 1, 1)) != nil {
		t.Error("results without items")
	}
}

func TestDSOMethodLabels(t *testing.T) {
	agingFrench(t)
	for m, want := range map[Method]string{
		MethodCountBack: "Par épuisement du chiffre d'affaires",
		MethodSimple:    "Méthode comptable",
		"other":         "other",
	} {
		if got := m.Label(); got != want {
			t.Errorf("%s: %q, want %q", m, got, want)
		}
	}
}
