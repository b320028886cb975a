package dunning

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

var agingAsOf = civil.New(2026, 11, 20)

// agingFrench runs the test in French and restores the language after.
func agingFrench(t *testing.T) {
	t.Helper()
	prev := resources.Language()
	resources.SetLanguage("fr")
	t.Cleanup(func() { resources.SetLanguage(prev) })
}

// agingInv is an open invoice of cust due dueIn days after agingAsOf (negative: overdue),
// issued 30 days before its due date.
func agingInv(number, cust string, dueIn int, open money.Cents) Item {
	due := agingAsOf.AddDays(dueIn)
	return Item{Number: number, Customer: cust, Kind: Invoice, Issued: due.AddDays(-30), Due: due,
		Amount: open, Open: open, Currency: "EUR"}
}

// agingKeys returns the keys of the buckets holding money, in order.
func agingKeys(a Aging, amounts []money.Cents) []string {
	var keys []string
	for i, c := range amounts {
		if c != 0 {
			keys = append(keys, a.Buckets[i].Key)
		}
	}
	return keys
}

func TestAgingBucketOfOneItem(t *testing.T) {
	custom := AgingOptions{Buckets: Buckets{Edges: []int{15, 45, 120}}}
	byIssue := AgingOptions{Basis: AgeByIssue}
	cases := []struct {
		name      string
		dueIn     int // due date relative to the as-of date
		issuedAgo int // days from the issue date to the as-of date; -1: 30 days before due
		opt       AgingOptions
		want      string
	}{
		{"due in 10 days", 10, -1, AgingOptions{}, "not_due"},
		{"due today is not due", 0, -1, AgingOptions{}, "not_due"},
		{"day 1", -1, -1, AgingOptions{}, "d1_30"},
		{"day 30", -30, -1, AgingOptions{}, "d1_30"},
		{"day 31", -31, -1, AgingOptions{}, "d31_60"},
		{"day 60", -60, -1, AgingOptions{}, "d31_60"},
		{"day 61", -61, -1, AgingOptions{}, "d61_90"},
		{"day 90", -90, -1, AgingOptions{}, "d61_90"},
		{"day 91", -91, -1, AgingOptions{}, "d91_plus"},
		{"day 400", -400, -1, AgingOptions{}, "d91_plus"},
		{"custom: day 15", -15, -1, custom, "d1_15"},
		{"custom: day 16", -16, -1, custom, "d16_45"},
		{"custom: day 46", -46, -1, custom, "d46_120"},
		{"custom: day 121", -121, -1, custom, "d121_plus"},
		{"custom: not due", 3, -1, custom, "not_due"},
		{"by issue: issued today", 30, 0, byIssue, "d0_30"},
		{"by issue: 30 days old, not yet due", 15, 30, byIssue, "d0_30"},
		{"by issue: 31 days old", 15, 31, byIssue, "d31_60"},
		{"by issue: 91 days old", -61, 91, byIssue, "d91_plus"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := agingInv("F1", "C1", c.dueIn, 12345)
			if c.issuedAgo >= 0 {
				it.Issued = agingAsOf.AddDays(-c.issuedAgo)
			}
			a := Age([]Item{it}, nil, agingAsOf, c.opt)
			if a.Err != nil {
				t.Fatal(a.Err)
			}
			eur, ok := a.Currency("EUR")
			if !ok {
				t.Fatalf("no EUR block in %+v", a)
			}
			if got := agingKeys(a, eur.Total.Amounts); !slices.Equal(got, []string{c.want}) {
				t.Errorf("buckets %v, want [%s]", got, c.want)
			}
			if eur.Total.Open != 12345 || eur.Total.Items != 1 {
				t.Errorf("total %d over %d items, want 12345 over 1", eur.Total.Open, eur.Total.Items)
			}
		})
	}
}

func TestAgingLayoutKeysAndLabels(t *testing.T) {
	agingFrench(t)
	cases := []struct {
		name   string
		opt    AgingOptions
		keys   []string
		labels []string
	}{
		{"default", AgingOptions{},
			[]string{"not_due", "d1_30", "d31_60", "d61_90", "d91_plus"},
			[]string{"Non échu", "1 à 30 j", "31 à 60 j", "61 à 90 j", "Plus de 90 j"}},
		{"explicit default", AgingOptions{Buckets: DefaultBuckets(), Basis: AgeByDue},
			[]string{"not_due", "d1_30", "d31_60", "d61_90", "d91_plus"},
			[]string{"Non échu", "1 à 30 j", "31 à 60 j", "61 à 90 j", "Plus de 90 j"}},
		{"one edge", AgingOptions{Buckets: Buckets{Edges: []int{45}}},
			[]string{"not_due", "d1_45", "d46_plus"},
			[]string{"Non échu", "1 à 45 j", "Plus de 45 j"}},
		{"by invoice date", AgingOptions{Basis: AgeByIssue},
			[]string{"d0_30", "d31_60", "d61_90", "d91_plus"},
			[]string{"0 à 30 j", "31 à 60 j", "61 à 90 j", "Plus de 90 j"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Age(nil, nil, agingAsOf, c.opt)
			if a.Err != nil {
				t.Fatal(a.Err)
			}
			var keys, labels []string
			for _, b := range a.Buckets {
				keys = append(keys, b.Key)
				labels = append(labels, b.Label)
			}
			if !slices.Equal(keys, c.keys) || !slices.Equal(labels, c.labels) {
				t.Errorf("got %v %q, want %v %q", keys, labels, c.keys, c.labels)
			}
			if len(a.Currencies) != 0 {
				t.Errorf("no items but %d currency blocks", len(a.Currencies))
			}
		})
	}
}

func TestAgingBadOptions(t *testing.T) {
	agingFrench(t)
	cases := []struct {
		name  string
		opt   AgingOptions
		at    int    // index of the bad edge, -1 for a bad basis
		words string // part of the French message
	}{
		{"zero edge", AgingOptions{Buckets: Buckets{Edges: []int{0, 30, 60, 90}}}, 0, "Limite n° 1 des tranches : 0 jours"},
		{"negative edge", AgingOptions{Buckets: Buckets{Edges: []int{30, -5}}}, 1, "supérieurs à zéro"},
		{"repeated edge", AgingOptions{Buckets: Buckets{Edges: []int{30, 30, 60}}}, 1, "30 jours ne vient pas après 30 jours"},
		{"descending", AgingOptions{Buckets: Buckets{Edges: []int{30, 90, 60}}}, 2, "Limite n° 3 des tranches : 60 jours ne vient pas après 90 jours"},
		{"unknown basis", AgingOptions{Basis: "paid"}, -1, "Base d'ancienneté inconnue « paid »"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Age([]Item{agingInv("F1", "C1", -10, 100)}, nil, agingAsOf, c.opt)
			if a.Err == nil {
				t.Fatalf("no error for %+v", c.opt)
			}
			if a.Currencies != nil || a.Buckets != nil {
				t.Errorf("figures given with a bad option: %+v", a)
			}
			if !strings.Contains(a.Err.Error(), c.words) {
				t.Errorf("message %q lacks %q", a.Err, c.words)
			}
			var ee *EdgesError
			var be *BasisError
			switch {
			case c.at < 0 && !errors.As(a.Err, &be):
				t.Errorf("error %T, want *BasisError", a.Err)
			case c.at >= 0 && (!errors.As(a.Err, &ee) || ee.At != c.at):
				t.Errorf("error %#v, want *EdgesError at %d", a.Err, c.at)
			}
			if c.at >= 0 && c.opt.Buckets.Validate() == nil {
				t.Error("Validate accepts what Age refuses")
			}
		})
	}
	for _, good := range [][]int{nil, {1}, {30, 60, 90}, {7, 14, 30, 45, 365}} {
		if err := (Buckets{Edges: good}).Validate(); err != nil {
			t.Errorf("Validate(%v) = %v", good, err)
		}
	}
}

// agingBook is a small ledger whose aged balance was worked out by hand: see the expected
// figures in TestAgingTotalsPerCustomerSegmentCurrency.
func agingBook() ([]Item, []Customer) {
	customers := []Customer{ // deliberately not in code order
		{Code: "C2", Name: "Grands Comptes SA", Segment: "GC"},
		{Code: "C1", Name: "Dupont SARL", Segment: "PME"},
		{Code: "C3", Name: "Martin & Fils"},
	}
	credit := Item{Number: "AV1", Customer: "C3", Kind: Credit, Issued: agingAsOf.AddDays(-10),
		Amount: -150000, Open: -150000, Currency: "EUR"} // no due date: aged from its own date
	future := agingInv("F12", "C1", 31, 500000)
	future.Issued = agingAsOf.AddDays(1)
	settled := agingInv("F13", "C2", -20, 0)
	settled.Amount, settled.SettledOn = 70000, agingAsOf.AddDays(-2)
	settled.Payments = []Payment{{On: agingAsOf.AddDays(-2), Amount: 70000}}
	usd := agingInv("F14", "C1", -100, 99900)
	usd.Currency = "USD"
	noCurrency := agingInv("F11", "Z9", 10, 5000)
	noCurrency.Currency = ""
	items := []Item{
		agingInv("F1", "C1", 0, 10000),
		agingInv("F2", "C1", -1, 20000),
		agingInv("F3", "C1", -30, 30000),
		agingInv("F4", "C1", -31, 40000),
		agingInv("F5", "C2", -60, 50000),
		agingInv("F6", "C2", -61, 60000),
		agingInv("F7", "C2", -90, 70000),
		agingInv("F8", "C2", -91, 80000),
		agingInv("F9", "C3", -45, 100000),
		credit,
		noCurrency, // customer unknown to the list, currency defaulting to EUR
		future,
		settled,
		usd,
	}
	return items, customers
}

func TestAgingTotalsPerCustomerSegmentCurrency(t *testing.T) {
	items, customers := agingBook()
	a := Age(items, customers, agingAsOf, AgingOptions{})
	if a.Err != nil {
		t.Fatal(a.Err)
	}
	var codes []string
	for _, c := range a.Currencies {
		codes = append(codes, c.Currency)
	}
	if !slices.Equal(codes, []string{"EUR", "USD"}) {
		t.Fatalf("currencies %v, want [EUR USD]", codes)
	}
	type line struct {
		key, name string
		open      money.Cents
		amounts   []money.Cents
		items     int
	}
	cases := []struct {
		currency  string
		total     line
		customers []line
		segments  []line
	}{
		{
			currency: "EUR",
			total:    line{"", "", 315000, []money.Cents{15000, -100000, 190000, 130000, 80000}, 11},
			customers: []line{
				{"C1", "Dupont SARL", 100000, []money.Cents{10000, 50000, 40000, 0, 0}, 4},
				{"C2", "Grands Comptes SA", 260000, []money.Cents{0, 0, 50000, 130000, 80000}, 4},
				// The credit note exceeds the overdue invoice: the customer is in credit.
				{"C3", "Martin & Fils", -50000, []money.Cents{0, -150000, 100000, 0, 0}, 2},
				{"Z9", "", 5000, []money.Cents{5000, 0, 0, 0, 0}, 1},
			},
			segments: []line{
				{"", "", -45000, []money.Cents{5000, -150000, 100000, 0, 0}, 3},
				{"GC", "", 260000, []money.Cents{0, 0, 50000, 130000, 80000}, 4},
				{"PME", "", 100000, []money.Cents{10000, 50000, 40000, 0, 0}, 4},
			},
		},
		{
			currency:  "USD",
			total:     line{"", "", 99900, []money.Cents{0, 0, 0, 0, 99900}, 1},
			customers: []line{{"C1", "Dupont SARL", 99900, []money.Cents{0, 0, 0, 0, 99900}, 1}},
			segments:  []line{{"PME", "", 99900, []money.Cents{0, 0, 0, 0, 99900}, 1}},
		},
	}
	check := func(what string, got AgingLine, want line) {
		t.Helper()
		if got.Key != want.key || got.Name != want.name || got.Open != want.open ||
			!slices.Equal(got.Amounts, want.amounts) || got.Items != want.items {
			t.Errorf("%s: got %q %q %d %v %d items, want %q %q %d %v %d items", what,
				got.Key, got.Name, got.Open, got.Amounts, got.Items,
				want.key, want.name, want.open, want.amounts, want.items)
		}
	}
	for _, c := range cases {
		cur, ok := a.Currency(c.currency)
		if !ok {
			t.Fatalf("no %s block", c.currency)
		}
		check(c.currency+" total", cur.Total, c.total)
		if len(cur.Customers) != len(c.customers) {
			t.Errorf("%s: %d customer lines, want %d", c.currency, len(cur.Customers), len(c.customers))
		}
		for i := range min(len(cur.Customers), len(c.customers)) {
			check(c.currency+" customer", cur.Customers[i], c.customers[i])
		}
		if len(cur.Segments) != len(c.segments) {
			t.Errorf("%s: %d segment lines, want %d", c.currency, len(cur.Segments), len(c.segments))
		}
		for i := range min(len(cur.Segments), len(c.segments)) {
			check(c.currency+" segment", cur.Segments[i], c.segments[i])
		}
	}
}

func TestAgingPastDateUsesPaymentHistory(t *testing.T) {
	// Invoice of 1 000 € issued 01/09, due 01/10, paid 400 € on 15/10 and the rest on 10/11.
	it := Item{Number: "F1", Customer: "C1", Kind: Invoice, Currency: "EUR",
		Issued: civil.New(2026, 9, 1), Due: civil.New(2026, 10, 1), Amount: 100000, Open: 0,
		SettledOn: civil.New(2026, 11, 10),
		Payments:  []Payment{{On: civil.New(2026, 10, 15), Amount: 40000}, {On: civil.New(2026, 11, 10), Amount: 60000}}}
	cases := []struct {
		asOf civil.Date
		open money.Cents // 0: no line at all
		key  string
	}{
		{civil.New(2026, 8, 31), 0, ""}, // not yet issued
		{civil.New(2026, 9, 1), 100000, "not_due"},
		{civil.New(2026, 10, 1), 100000, "not_due"},
		{civil.New(2026, 10, 2), 100000, "d1_30"},
		{civil.New(2026, 10, 15), 60000, "d1_30"}, // the payment of the day is in
		{civil.New(2026, 10, 31), 60000, "d1_30"},
		{civil.New(2026, 11, 1), 60000, "d31_60"},
		{civil.New(2026, 11, 9), 60000, "d31_60"},
		{civil.New(2026, 11, 10), 0, ""},
	}
	for _, c := range cases {
		a := Age([]Item{it}, nil, c.asOf, AgingOptions{})
		eur, ok := a.Currency("EUR")
		if c.open == 0 {
			if ok {
				t.Errorf("%s: settled or unissued item still aged: %+v", c.asOf, eur)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: no EUR block", c.asOf)
			continue
		}
		if got := agingKeys(a, eur.Total.Amounts); eur.Total.Open != c.open || !slices.Equal(got, []string{c.key}) {
			t.Errorf("%s: %d in %v, want %d in %s", c.asOf, eur.Total.Open, got, c.open, c.key)
		}
	}
}

func TestAgeDisputes(t *testing.T) {
	items := []Item{
		agingInv("F1", "C1", -40, 100000),
		agingInv("F2", "C1", -5, 50000),
		agingInv("F3", "C2", -100, 70000),
		agingInv("F4", "C2", -70, 30000),
	}
	disputes := []Dispute{
		{Item: "F1", Reason: "price", Opened: agingAsOf.AddDays(-50)},
		{Item: "F2", Reason: "quality", Opened: agingAsOf.AddDays(-20), Closed: agingAsOf.AddDays(-2)},
		{Item: "F3", Reason: "delivery", Opened: agingAsOf.AddDays(1)},
		{Item: "F9", Reason: "price", Opened: agingAsOf.AddDays(-9)}, // no such item
	}
	cases := []struct {
		name    string
		asOf    civil.Date
		amounts []money.Cents
		custs   []string
	}{
		{"today: only F1 is disputed", agingAsOf, []money.Cents{0, 0, 100000, 0, 0}, []string{"C1"}},
		// Three days ago F1 was 37 days late and F2, 2 days late, was still disputed.
		{"three days ago", agingAsOf.AddDays(-3), []money.Cents{0, 50000, 100000, 0, 0}, []string{"C1"}},
		{"tomorrow: F3 disputed too", agingAsOf.AddDays(1), []money.Cents{0, 0, 100000, 0, 70000}, []string{"C1", "C2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := AgeDisputes(items, disputes, c.asOf, AgingOptions{})
			eur, ok := a.Currency("EUR")
			if !ok {
				t.Fatalf("no EUR block: %+v", a)
			}
			if !slices.Equal(eur.Total.Amounts, c.amounts) {
				t.Errorf("amounts %v, want %v", eur.Total.Amounts, c.amounts)
			}
			var custs []string
			for _, l := range eur.Customers {
				custs = append(custs, l.Key)
			}
			if !slices.Equal(custs, c.custs) {
				t.Errorf("customers %v, want %v", custs, c.custs)
			}
		})
	}
	if a := AgeDisputes(items, nil, agingAsOf, AgingOptions{}); len(a.Currencies) != 0 {
		t.Errorf("no dispute but %+v", a.Currencies)
	}
}

// TestAgingMatchesNaiveSums checks the slice-indexed accumulation against a plain
// per-item recomputation on a generated ledger, with customer lists in order or not and
// items of customers the list does not know.
func TestAgingMatchesNaiveSums(t *testing.T) {
	items, all := dsoBenchLedger(3000, 400)
	asOf := dsoBenchAsOf.AddDays(-40)
	var gaps, reversed []Customer
	for i, c := range all {
		if i%7 != 3 && i > 20 { // the first 20 and every seventh are unknown
			gaps = append(gaps, c)
		}
	}
	reversed = slices.Clone(gaps)
	slices.Reverse(reversed)
	lists := map[string][]Customer{"sorted": all, "sorted with gaps": gaps, "reversed with gaps": reversed,
		"duplicates": append(slices.Clone(all[:200]), all...), "none": nil}
	for name, customers := range lists {
		t.Run(name, func(t *testing.T) {
			a := Age(items, customers, asOf, AgingOptions{Buckets: Buckets{Edges: []int{10, 45, 180}}})
			if a.Err != nil {
				t.Fatal(a.Err)
			}
			type key struct{ currency, customer string }
			want := map[key][]money.Cents{}
			for _, it := range items {
				open := it.OpenAt(asOf)
				if open == 0 {
					continue
				}
				k := key{agingCurrencyCode(it.Currency), it.Customer}
				if want[k] == nil {
					want[k] = make([]money.Cents, len(a.Buckets))
				}
				age := asOf.Sub(it.Due)
				for i, b := range a.Buckets {
					if age >= b.Min && age <= b.Max {
						want[k][i] += open
					}
				}
			}
			names := map[string]string{}
			for _, c := range customers {
				names[c.Code] = c.Name
			}
			lines := 0
			for _, cur := range a.Currencies {
				if !slices.IsSortedFunc(cur.Customers, func(x, y AgingLine) int { return strings.Compare(x.Key, y.Key) }) {
					t.Errorf("%s customers not sorted by code", cur.Currency)
				}
				for _, l := range cur.Customers {
					lines++
					if w := want[key{cur.Currency, l.Key}]; !slices.Equal(l.Amounts, w) || l.Name != names[l.Key] {
						t.Errorf("%s %s %q: %v, want %q %v", cur.Currency, l.Key, l.Name, l.Amounts, names[l.Key], w)
					}
				}
			}
			if lines != len(want) || len(a.Currencies) != 2 {
				t.Errorf("%d customer lines in %d currencies, want %d in 2", lines, len(a.Currencies), len(want))
			}
		})
	}
}
