package dunning

import (
	"reflect"
	"strings"
	"testing"

	"encaisse/data/money"
	"encaisse/resources"
)

// riskAsOf is a Wednesday; every case below is scored at that date.
var riskAsOf = forecastDay("2026-11-18")

// riskOnTime is a paid history without delay: once on the due date, once early.
var riskOnTime = []Item{
	forecastPaid("C", "H1", "2026-06-30", "2026-06-30", 10000),
	forecastPaid("C", "H2", "2026-07-31", "2026-07-25", 20000),
}

func riskItems(base []Item, more ...Item) []Item { return append(append([]Item{}, base...), more...) }

func riskPromises(status ...PromiseStatus) []Promise {
	var out []Promise
	for _, s := range status {
		out = append(out, Promise{Customer: "C", Date: forecastDay("2026-10-20"),
			Created: forecastDay("2026-10-10"), Status: s})
	}
	return out
}

func TestRiskRules(t *testing.T) {
	cases := []struct {
		name     string
		limit    money.Cents
		items    []Item
		promises []Promise
		want     CustomerRisk // Customer, Name and CreditLimit are filled in by the test
	}{
		{
			name: "pays on time: early counts as 0", items: riskOnTime,
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Score: "A", Reasons: []string{"Paie à l'heure"}},
		},
		{
			name: "no paid history, nothing late", items: []Item{forecastOpen("C", "F1", "2026-11-30", 50000)},
			want: CustomerRisk{Currency: "EUR", Exposure: 50000, Score: "A",
				Reasons: []string{"Pas d'historique de paiement"}},
		},
		{
			name: "average delay 17.25 days: (23×300 + 0×100) / 400, the early payment counting 0",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-07-23", 30000),
				forecastPaid("C", "H2", "2026-07-31", "2026-07-21", 10000),
			},
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 17.25, PaidCount: 2, PaidLate: 1, ShareLate: 0.5,
				Score: "B", Reasons: []string{"Paie en moyenne 17 jours après l'échéance"}},
		},
		{
			name: "average delay 15.5 days shows as 16: over the threshold",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-07-31", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-07-31", 10000),
			},
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 15.5, PaidCount: 2, PaidLate: 1, ShareLate: 0.5,
				Score: "B", Reasons: []string{"Paie en moyenne 16 jours après l'échéance"}},
		},
		{
			name: "average delay 15.4 days shows as 15: within the threshold",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-09-15", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-07-31", 40000),
			},
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 15.4, PaidCount: 2, PaidLate: 1, ShareLate: 0.5,
				Score: "A", Reasons: []string{"Paie en moyenne 15 jours après l'échéance"}},
		},
		{
			name: "half a day late on average: 1 day, singular",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-07-01", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-07-31", 10000),
			},
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 0.5, PaidCount: 2, PaidLate: 1, ShareLate: 0.5,
				Score: "A", Reasons: []string{"Paie en moyenne 1 jour après l'échéance"}},
		},
		{
			name: "more than half paid late: 2 of 3",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-07-02", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-08-02", 10000),
				forecastPaid("C", "H3", "2026-08-31", "2026-08-31", 10000),
			},
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 4.0 / 3, PaidCount: 3, PaidLate: 2, ShareLate: 2.0 / 3,
				Score: "B", Reasons: []string{"Factures payées en retard\u00a0: 2 sur 3"}},
		},
		{
			name: "one broken promise; kept, open and cancelled ones do not count", items: riskOnTime,
			promises: riskPromises(PromiseBroken, PromiseKept, PromiseOpen, PromiseCancelled),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, BrokenPromises: 1,
				Score: "B", Reasons: []string{"1 promesse non tenue"}},
		},
		{
			name: "two broken promises take two letters", items: riskOnTime,
			promises: riskPromises(PromiseBroken, PromiseBroken),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, BrokenPromises: 2,
				Score: "C", Reasons: []string{"2 promesses non tenues"}},
		},
		{
			name: "a promise made after the as-of date is not counted", items: riskOnTime,
			promises: []Promise{{Customer: "C", Created: forecastDay("2026-11-19"), Status: PromiseBroken}},
			want:     CustomerRisk{Currency: "EUR", PaidCount: 2, Score: "A", Reasons: []string{"Paie à l'heure"}},
		},
		{
			name: "exposure over the credit limit", limit: 1000000,
			items: riskItems(riskOnTime,
				forecastOpen("C", "F1", "2026-11-30", 740000), forecastOpen("C", "F2", "2026-12-15", 500000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 1240000, LimitUse: 1.24, Score: "B",
				Reasons: []string{"Encours de 12\u00a0400,00\u00a0€ pour une limite de 10\u00a0000,00\u00a0€"}},
		},
		{
			name: "a credit note brings the exposure under the limit", limit: 1000000,
			items: riskItems(riskOnTime, forecastOpen("C", "F1", "2026-11-30", 1050000), forecastCredit("C", "AV1", 100000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 950000, LimitUse: 0.95, Score: "A",
				Reasons: []string{"Paie à l'heure"}},
		},
		{
			name: "exposure equal to the limit is not over it", limit: 1000000,
			items: riskItems(riskOnTime, forecastOpen("C", "F1", "2026-11-30", 1000000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 1000000, LimitUse: 1, Score: "A",
				Reasons: []string{"Paie à l'heure"}},
		},
		{
			name:  "no limit set: any exposure is fine",
			items: riskItems(riskOnTime, forecastOpen("C", "F1", "2026-11-30", 100000000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 100000000, Score: "A",
				Reasons: []string{"Paie à l'heure"}},
		},
		{
			name: "oldest overdue 61 days", items: riskItems(riskOnTime, forecastOpen("C", "F1", "2026-09-18", 30000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 30000, Overdue: 30000, OldestDaysLate: 61,
				Score: "B", Reasons: []string{"Plus ancienne facture échue depuis 61 jours"}},
		},
		{
			name: "oldest overdue 60 days is tolerated", items: riskItems(riskOnTime, forecastOpen("C", "F1", "2026-09-19", 30000)),
			want: CustomerRisk{Currency: "EUR", PaidCount: 2, Exposure: 30000, Overdue: 30000, OldestDaysLate: 60,
				Score: "A", Reasons: []string{"Paie à l'heure"}},
		},
		{
			name: "no paid history and 31 days late", items: []Item{forecastOpen("C", "F1", "2026-10-18", 30000)},
			want: CustomerRisk{Currency: "EUR", Exposure: 30000, Overdue: 30000, OldestDaysLate: 31, Score: "B",
				Reasons: []string{"Aucun règlement connu et une facture échue depuis 31 jours"}},
		},
		{
			name: "no paid history and 30 days late is tolerated", items: []Item{forecastOpen("C", "F1", "2026-10-19", 30000)},
			want: CustomerRisk{Currency: "EUR", Exposure: 30000, Overdue: 30000, OldestDaysLate: 30, Score: "A",
				Reasons: []string{"Pas d'historique de paiement"}},
		},
		{
			name: "no paid history and 61 days late: two rules",
			items: []Item{
				forecastOpen("C", "F1", "2026-09-18", 30000),
				forecastOpen("C", "F2", "2026-11-10", 20000), // 8 days late
				forecastOpen("C", "F3", "2026-12-10", 10000), // not yet due
			},
			want: CustomerRisk{Currency: "EUR", Exposure: 60000, Overdue: 50000, OldestDaysLate: 61, Score: "C",
				Reasons: []string{"Plus ancienne facture échue depuis 61 jours",
					"Aucun règlement connu et une facture échue depuis 61 jours"}},
		},
		{
			name: "late majority and a broken promise: C",
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-07-05", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-08-05", 10000),
			},
			promises: riskPromises(PromiseBroken),
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 5, PaidCount: 2, PaidLate: 2, ShareLate: 1,
				BrokenPromises: 1, Score: "C",
				Reasons: []string{"Factures payées en retard\u00a0: 2 sur 2", "1 promesse non tenue"}},
		},
		{
			name: "every rule at once stops at D", limit: 100000,
			items: []Item{
				forecastPaid("C", "H1", "2026-06-30", "2026-08-09", 10000),
				forecastPaid("C", "H2", "2026-07-31", "2026-09-09", 10000),
				forecastOpen("C", "F1", "2026-08-20", 150000), // 90 days late
			},
			promises: riskPromises(PromiseBroken, PromiseBroken, PromiseBroken),
			want: CustomerRisk{Currency: "EUR", AvgDaysLate: 40, PaidCount: 2, PaidLate: 2, ShareLate: 1,
				BrokenPromises: 3, Exposure: 150000, LimitUse: 1.5, Overdue: 150000, OldestDaysLate: 90, Score: "D",
				Reasons: []string{
					"Paie en moyenne 40 jours après l'échéance",
					"Factures payées en retard\u00a0: 2 sur 2",
					"3 promesses non tenues",
					"Encours de 1\u00a0500,00\u00a0€ pour une limite de 1\u00a0000,00\u00a0€",
					"Plus ancienne facture échue depuis 90 jours",
				}},
		},
		{
			name: "a payment after the as-of date is not known yet",
			items: []Item{func() Item {
				it := forecastPaid("C", "F1", "2026-10-26", "2026-11-25", 30000)
				return it
			}()},
			want: CustomerRisk{Currency: "EUR", Exposure: 30000, Overdue: 30000, OldestDaysLate: 23, Score: "A",
				Reasons: []string{"Pas d'historique de paiement"}},
		},
		{
			name: "main currency: money in euros, days from every currency",
			items: riskItems(riskOnTime,
				forecastOpen("C", "F1", "2026-11-30", 10000),
				forecastInCurrency(forecastOpen("C", "U1", "2026-09-01", 500000), "USD"),
				// Paid 40 days late in dollars: counted as a late invoice, not in the euro average.
				forecastInCurrency(forecastPaid("C", "U2", "2026-06-30", "2026-08-09", 10000), "USD")),
			want: CustomerRisk{Currency: "EUR", PaidCount: 3, PaidLate: 1, ShareLate: 1.0 / 3, Exposure: 10000,
				OldestDaysLate: 78, Score: "B", Reasons: []string{"Plus ancienne facture échue depuis 78 jours"}},
		},
		{
			name: "main currency dollars: the limit reads in dollars", limit: 1000000,
			items: []Item{
				forecastInCurrency(forecastOpen("C", "U1", "2026-11-30", 740000), "USD"),
				forecastInCurrency(forecastOpen("C", "U2", "2026-12-01", 500000), "USD"),
				forecastOpen("C", "F1", "2026-11-30", 2000000),
			},
			want: CustomerRisk{Currency: "USD", Exposure: 1240000, LimitUse: 1.24, Score: "B",
				Reasons: []string{"Encours de 12\u00a0400,00\u00a0USD pour une limite de 10\u00a0000,00\u00a0USD"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := Book{
				Customers: []Customer{{Code: "C", Name: "Client C", CreditLimit: c.limit}},
				Items:     c.items,
				Promises:  c.promises,
			}
			got := Risk(b, riskAsOf)
			want := c.want
			want.Customer, want.Name, want.CreditLimit = "C", "Client C", c.limit
			if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("Risk =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestRiskOrder(t *testing.T) {
	b := Book{
		Customers: []Customer{
			{Code: "A1", Name: "Petit payeur"},
			{Code: "A2", Name: "Gros payeur"},
			{Code: "B1", CreditLimit: 10000},
			{Code: "B2", CreditLimit: 10000},
			{Code: "D1", CreditLimit: 10000},
			{Code: "Z0", Name: "Sans pièce"},
		},
		Items: []Item{
			forecastOpen("A1", "1", "2026-11-30", 10000),
			forecastOpen("A2", "2", "2026-11-30", 50000),
			forecastOpen("B1", "3", "2026-11-30", 20000),
			forecastOpen("B2", "4", "2026-11-30", 90000),
			forecastOpen("D1", "5", "2026-08-01", 90000), // over limit, 109 days late, no history
			forecastOpen("X9", "6", "2026-11-30", 30000), // a code the customer list lacks
		},
		Promises: []Promise{{Customer: "D1", Status: PromiseBroken}},
	}
	var order []string
	for _, r := range Risk(b, riskAsOf) {
		order = append(order, r.Customer+":"+r.Score+":"+r.Name)
	}
	want := "D1:D: B2:B: B1:B: A2:A:Gros payeur X9:A: A1:A:Petit payeur Z0:A:Sans pièce"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order %q\nwant  %q", got, want)
	}
}

func TestRiskReasonsFollowTheLanguage(t *testing.T) {
	prev := resources.Language()
	resources.SetLanguage("en")
	t.Cleanup(func() { resources.SetLanguage(prev) })
	b := Book{
		Customers: []Customer{{Code: "C", CreditLimit: 1000000}},
		Items:     []Item{forecastOpen("C", "F1", "2026-11-30", 1240000)},
		Promises:  riskPromises(PromiseBroken, PromiseBroken),
	}
	got := Risk(b, riskAsOf)[0].Reasons
	want := []string{"2 broken promises", "Outstanding 12\u00a0400,00\u00a0€ against a limit of 10\u00a0000,00\u00a0€"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reasons %q, want %q", got, want)
	}
}

func TestRiskRulesText(t *testing.T) {
	rules := RiskRules()
	if len(rules) != 7 {
		t.Fatalf("%d sentences, want an introduction and 6 rules: %q", len(rules), rules)
	}
	for _, want := range []struct {
		line int
		text string
	}{{0, "part de A"}, {1, "plus de 15 jours"}, {5, "plus de 60 jours"}, {6, "plus de 30 jours"}} {
		if !strings.Contains(rules[want.line], want.text) {
			t.Errorf("rule %d %q lacks %q", want.line, rules[want.line], want.text)
		}
	}
	for _, r := range rules {
		if strings.HasPrefix(r, "risk.") {
			t.Errorf("untranslated rule %q", r)
		}
	}
}
