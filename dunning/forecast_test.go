package dunning

import (
	"math"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
)

func forecastDay(s string) civil.Date {
	d, err := civil.ParseISO(s)
	if err != nil {
		panic(err)
	}
	return d
}

// forecastOpen is an open invoice of cust issued long before any as-of date of these tests.
func forecastOpen(cust, number, due string, open money.Cents) Item {
	return Item{Number: number, Customer: cust, Kind: Invoice, Issued: forecastDay("2026-01-01"),
		Due: forecastDay(due), Amount: open, Open: open, Currency: "EUR"}
}

// forecastPaid is an invoice settled in one payment.
func forecastPaid(cust, number, due, paidOn string, amount money.Cents) Item {
	it := forecastOpen(cust, number, due, amount)
	it.Open = 0
	it.SettledOn = forecastDay(paidOn)
	it.Payments = []Payment{{On: forecastDay(paidOn), Amount: amount}}
	return it
}

func forecastCredit(cust, number string, amount money.Cents) Item {
	return Item{Number: number, Customer: cust, Kind: Credit, Issued: forecastDay("2026-10-01"),
		Due: forecastDay("2026-10-01"), Amount: -amount, Open: -amount, Currency: "EUR"}
}

func forecastInCurrency(it Item, cur string) Item {
	it.Currency = cur
	return it
}

func TestUsualDelay(t *testing.T) {
	partial := forecastOpen("C", "P", "2026-01-10", 30000)
	partial.Open = 10000
	partial.Payments = []Payment{
		{On: forecastDay("2026-01-20"), Amount: 10000}, // +10 days
		{On: forecastDay("2026-02-09"), Amount: 10000}, // +30 days
	}
	appliedCredit := forecastCredit("C", "AV1", 50000)
	appliedCredit.Open = 0
	appliedCredit.Payments = []Payment{{On: forecastDay("2026-12-31"), Amount: -50000}}

	cases := []struct {
		name  string
		items []Item
		want  float64
		ok    bool
	}{
		{"weighted by amount: (10×100 + 20×300) / 400", []Item{
			forecastPaid("C", "A", "2026-01-31", "2026-02-10", 10000),
			forecastPaid("C", "B", "2026-03-31", "2026-04-20", 30000),
		}, 17.5, true},
		{"early payments count negative: (−5×200 + 2×100) / 300", []Item{
			forecastPaid("C", "A", "2026-05-10", "2026-05-05", 20000),
			forecastPaid("C", "B", "2026-06-10", "2026-06-12", 10000),
		}, -800.0 / 300, true},
		{"each partial payment weighs its own amount", []Item{partial}, 20, true},
		{"applying a credit note is not a payment", []Item{
			appliedCredit,
			forecastPaid("C", "A", "2026-05-10", "2026-05-14", 20000),
		}, 4, true},
		{"open items only: no paid history", []Item{
			forecastOpen("C", "A", "2026-05-10", 20000), appliedCredit,
		}, 0, false},
		{"no items", nil, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := UsualDelay(c.items)
			if ok != c.ok || math.Abs(got-c.want) > 1e-9 {
				t.Errorf("UsualDelay = %v, %v; want %v, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

// forecastSlot is an expected bucket total: week number (1-based) → amount and promised part.
type forecastSlot struct{ amount, promised money.Cents }

type forecastWant struct {
	currency                 string
	weeks                    map[int]forecastSlot // weeks not listed must be empty
	overdue, later, disputed money.Cents
	items                    map[string]string // number → "expected basis"; nil: not checked
	itemCount                int               // checked when items is not nil
}

func TestForecast(t *testing.T) {
	wed := forecastDay("2026-11-18") // weeks: 18–22 Nov, 23–29 Nov, … 8–14 Feb 2027
	sun := forecastDay("2026-11-22") // weeks: 22 Nov, 23–29 Nov, … 8–14 Feb 2027
	// C17 usually pays 17.5 days late (10 days on 100 €, 20 on 300 €): 18 days once rounded.
	late17 := []Item{
		forecastPaid("C17", "H1", "2026-06-30", "2026-07-10", 10000),
		forecastPaid("C17", "H2", "2026-07-31", "2026-08-20", 30000),
	}
	// E5 pays five days early.
	early5 := []Item{forecastPaid("E5", "H3", "2026-06-30", "2026-06-25", 10000)}
	with := func(base []Item, more ...Item) []Item { return append(append([]Item{}, base...), more...) }

	cases := []struct {
		name  string
		asOf  civil.Date
		weeks int
		book  Book
		want  []forecastWant
	}{
		{
			name: "no history: expected on the due date", asOf: wed, weeks: 13,
			book: Book{Items: []Item{forecastOpen("C1", "F1", "2026-11-25", 100000)}},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{2: {100000, 0}},
				items: map[string]string{"F1": "2026-11-25 due"}, itemCount: 1}},
		},
		{
			name: "habit shifts the week: due Fri 20 Nov + 18 days = Tue 8 Dec, week 4", asOf: wed, weeks: 13,
			book: Book{Items: with(late17,
				forecastOpen("C17", "F1", "2026-11-20", 100000),
				// 10 days overdue, but this customer usually pays 18 days late: not lost yet.
				forecastOpen("C17", "F2", "2026-11-08", 20000),
			)},
			want: []forecastWant{{currency: "EUR",
				weeks: map[int]forecastSlot{2: {20000, 0}, 4: {100000, 0}},
				items: map[string]string{"F1": "2026-12-08 habit", "F2": "2026-11-26 habit"}, itemCount: 2}},
		},
		{
			name: "promise date wins over habit", asOf: wed, weeks: 13,
			book: Book{
				Items: with(late17, forecastOpen("C17", "F1", "2026-11-10", 50000)),
				Promises: []Promise{{Customer: "C17", Date: forecastDay("2026-12-01"), Items: []string{"F1"},
					Created: forecastDay("2026-11-16"), Status: PromiseOpen}},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{3: {50000, 50000}},
				items: map[string]string{"F1": "2026-12-01 promise"}, itemCount: 1}},
		},
		{
			name: "broken, kept and cancelled promises are not used", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{forecastOpen("C1", "F1", "2026-11-30", 50000)},
				Promises: []Promise{
					{Customer: "C1", Date: forecastDay("2026-11-19"), Items: []string{"F1"}, Created: forecastDay("2026-11-01"), Status: PromiseBroken},
					{Customer: "C1", Date: forecastDay("2026-11-19"), Items: []string{"F1"}, Created: forecastDay("2026-11-01"), Status: PromiseKept},
					{Customer: "C1", Date: forecastDay("2026-11-19"), Items: []string{"F1"}, Created: forecastDay("2026-11-01"), Status: PromiseCancelled},
				},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{3: {50000, 0}},
				items: map[string]string{"F1": "2026-11-30 due"}, itemCount: 1}},
		},
		{
			name: "a promise date already past still lands in week 1", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{forecastOpen("C1", "F1", "2026-10-15", 70000)},
				Promises: []Promise{{Customer: "C1", Date: forecastDay("2026-11-16"), Items: []string{"F1"},
					Created: forecastDay("2026-11-02"), Status: PromiseOpen}},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{1: {70000, 70000}},
				items: map[string]string{"F1": "2026-11-16 promise"}, itemCount: 1}},
		},
		{
			name: "a blanket promise covers what was overdue when it was made", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{
					forecastOpen("C1", "F1", "2026-10-15", 30000), // overdue on 1 Nov: promised
					forecastOpen("C1", "F2", "2026-11-05", 20000), // not yet due on 1 Nov
					forecastOpen("C2", "G1", "2026-10-15", 10000), // another customer
				},
				Promises: []Promise{{Customer: "C1", Date: forecastDay("2026-11-27"),
					Created: forecastDay("2026-11-01"), Status: PromiseOpen}},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{2: {30000, 30000}}, overdue: 30000,
				items: map[string]string{"F1": "2026-11-27 promise", "F2": "2026-11-05 due", "G1": "2026-10-15 due"}, itemCount: 3}},
		},
		{
			name: "the latest promise wins", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{forecastOpen("C1", "F1", "2026-10-15", 30000)},
				Promises: []Promise{
					{Customer: "C1", Date: forecastDay("2026-11-20"), Created: forecastDay("2026-11-01"), Status: PromiseOpen},
					{Customer: "C1", Date: forecastDay("2026-12-04"), Items: []string{"F1"}, Created: forecastDay("2026-11-17"), Status: PromiseOpen},
				},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{3: {30000, 30000}},
				items: map[string]string{"F1": "2026-12-04 promise"}, itemCount: 1}},
		},
		{
			name: "overdue without promise: no history, and habit already past", asOf: wed, weeks: 13,
			book: Book{Items: with(late17,
				forecastOpen("C1", "F1", "2026-10-31", 25000),
				forecastOpen("C17", "F2", "2026-10-20", 40000), // + 18 days = 7 Nov
			)},
			want: []forecastWant{{currency: "EUR", overdue: 65000,
				items: map[string]string{"F1": "2026-10-31 due", "F2": "2026-11-07 habit"}, itemCount: 2}},
		},
		{
			name: "an early payer's habit date already past, not yet due: week 1", asOf: wed, weeks: 13,
			book: Book{Items: with(early5, forecastOpen("E5", "F1", "2026-11-20", 12345))},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{1: {12345, 0}},
				items: map[string]string{"F1": "2026-11-15 habit"}, itemCount: 1}},
		},
		{
			name: "13 weeks, Monday to Sunday, from a Wednesday", asOf: wed, weeks: 13,
			book: Book{Items: []Item{
				forecastOpen("C1", "D0", "2026-11-18", 1),  // due today: not late, week 1
				forecastOpen("C1", "D1", "2026-11-22", 2),  // Sunday: week 1
				forecastOpen("C1", "D2", "2026-11-23", 4),  // Monday: week 2
				forecastOpen("C1", "D3", "2026-11-29", 8),  // Sunday: week 2
				forecastOpen("C1", "D4", "2027-02-08", 16), // Monday: week 13
				forecastOpen("C1", "D5", "2027-02-14", 32), // Sunday: week 13
				forecastOpen("C1", "D6", "2027-02-15", 64), // Monday: later
				forecastOpen("C1", "D7", "2027-06-30", 128),
			}},
			want: []forecastWant{{currency: "EUR",
				weeks: map[int]forecastSlot{1: {3, 0}, 2: {12, 0}, 13: {48, 0}}, later: 192}},
		},
		{
			name: "asOf on a Sunday: week 1 is that day alone", asOf: sun, weeks: 13,
			book: Book{Items: []Item{
				forecastOpen("C1", "D1", "2026-11-22", 1),
				forecastOpen("C1", "D2", "2026-11-23", 2),
				forecastOpen("C1", "D3", "2027-02-14", 4),
				forecastOpen("C1", "D4", "2027-02-15", 8),
				forecastOpen("C1", "D5", "2026-11-21", 16), // yesterday, no promise
			}},
			want: []forecastWant{{currency: "EUR",
				weeks: map[int]forecastSlot{1: {1, 0}, 2: {2, 0}, 13: {4, 0}}, later: 8, overdue: 16}},
		},
		{
			name: "credit notes net the same customer's earliest buckets", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{
					forecastOpen("C1", "F1", "2026-10-01", 10000), // overdue without promise
					forecastOpen("C1", "F2", "2026-11-25", 20000), // week 2
					forecastOpen("C1", "F3", "2026-12-16", 30000), // week 5
					forecastCredit("C1", "AV1", 35000),            // 100 + 200 + 50
					forecastOpen("C2", "G1", "2026-11-25", 40000), // week 2, untouched
					// C3: 100 € unpromised and 500 € promised in week 3, 200 € on account.
					forecastOpen("C3", "H1", "2026-12-02", 10000),
					forecastOpen("C3", "H2", "2026-10-10", 50000),
					{Number: "R1", Customer: "C3", Kind: OnAccount, Issued: forecastDay("2026-11-02"),
						Due: forecastDay("2026-11-02"), Amount: -20000, Open: -20000, Currency: "EUR"},
					// C4's credit is larger than everything it owes: the rest is dropped.
					forecastOpen("C4", "K1", "2026-11-25", 10000),
					forecastCredit("C4", "AV2", 30000),
				},
				Promises: []Promise{{Customer: "C3", Date: forecastDay("2026-12-03"), Items: []string{"H2"},
					Created: forecastDay("2026-11-10"), Status: PromiseOpen}},
			},
			want: []forecastWant{{currency: "EUR",
				weeks: map[int]forecastSlot{2: {40000, 0}, 3: {40000, 40000}, 5: {25000, 0}},
				items: map[string]string{"F1": "2026-10-01 due", "F2": "2026-11-25 due", "F3": "2026-12-16 due",
					"G1": "2026-11-25 due", "H1": "2026-12-02 due", "H2": "2026-12-03 promise", "K1": "2026-11-25 due"},
				itemCount: 7}},
		},
		{
			name: "disputed items are left out and totalled", asOf: wed, weeks: 13,
			book: Book{
				Items: []Item{
					forecastOpen("C1", "F1", "2026-11-25", 10000), // open dispute
					forecastOpen("C1", "F2", "2026-11-25", 20000), // dispute closed before asOf
					forecastOpen("C1", "F3", "2026-11-25", 40000), // dispute opened after asOf
				},
				Disputes: []Dispute{
					{Item: "F1", Opened: forecastDay("2026-11-01")},
					{Item: "F2", Opened: forecastDay("2026-10-01"), Closed: forecastDay("2026-11-10")},
					{Item: "F3", Opened: forecastDay("2026-11-19")},
				},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{2: {60000, 0}}, disputed: 10000,
				items: map[string]string{"F2": "2026-11-25 due", "F3": "2026-11-25 due"}, itemCount: 2}},
		},
		{
			name: "two currencies stay apart, credit notes included", asOf: wed, weeks: 13,
			book: Book{Items: []Item{
				forecastOpen("C1", "F1", "2026-11-25", 10000),
				forecastInCurrency(forecastOpen("C1", "U1", "2026-11-25", 70000), "USD"),
				forecastInCurrency(forecastCredit("C1", "UAV", 5000), "USD"),
				forecastInCurrency(forecastOpen("C2", "F2", "2026-12-01", 20000), ""), // blank: euros
			}},
			want: []forecastWant{
				{currency: "EUR", weeks: map[int]forecastSlot{2: {10000, 0}, 3: {20000, 0}}},
				{currency: "USD", weeks: map[int]forecastSlot{2: {65000, 0}}},
			},
		},
		{
			name: "the habit is read in the item's currency", asOf: wed, weeks: 13,
			book: Book{Items: with(late17, forecastInCurrency(forecastOpen("C17", "U1", "2026-11-25", 70000), "USD"))},
			want: []forecastWant{{currency: "USD", weeks: map[int]forecastSlot{2: {70000, 0}},
				items: map[string]string{"U1": "2026-11-25 due"}, itemCount: 1}},
		},
		{
			name: "customers on hold are forecast normally", asOf: wed, weeks: 13,
			book: Book{
				Customers: []Customer{{Code: "C1", OnHold: true}},
				Items:     []Item{forecastOpen("C1", "F1", "2026-11-25", 10000)},
			},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{2: {10000, 0}}}},
		},
		{
			name: "a balance at a past as-of date counts the payments made since", asOf: wed, weeks: 13,
			book: Book{Items: []Item{func() Item {
				it := forecastOpen("C1", "F1", "2026-11-25", 10000)
				it.Payments = []Payment{{On: forecastDay("2026-11-20"), Amount: 5000}}
				return it
			}()}},
			want: []forecastWant{{currency: "EUR", weeks: map[int]forecastSlot{2: {15000, 0}}}},
		},
		{
			name: "zero weeks: everything not overdue is later", asOf: wed, weeks: 0,
			book: Book{Items: []Item{
				forecastOpen("C1", "F1", "2026-11-18", 10000),
				forecastOpen("C1", "F2", "2026-11-01", 20000),
			}},
			want: []forecastWant{{currency: "EUR", later: 10000, overdue: 20000}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Forecast(c.book, c.asOf, c.weeks)
			if len(got) != len(c.want) {
				t.Fatalf("got %d currencies, want %d: %+v", len(got), len(c.want), got)
			}
			for k, w := range c.want {
				forecastCheck(t, got[k], w, c.weeks)
			}
		})
	}
}

func forecastCheck(t *testing.T, got ForecastResult, w forecastWant, weeks int) {
	t.Helper()
	if got.Currency != w.currency {
		t.Errorf("currency %q, want %q", got.Currency, w.currency)
	}
	if len(got.Weeks) != weeks {
		t.Fatalf("%s: %d weeks, want %d", w.currency, len(got.Weeks), weeks)
	}
	for n := 1; n <= weeks; n++ {
		b := got.Weeks[n-1]
		if want := w.weeks[n]; b.Amount != want.amount || b.Promised != want.promised {
			t.Errorf("%s week %d (%s–%s): amount %d promised %d, want %d and %d",
				w.currency, n, b.Start, b.End, b.Amount, b.Promised, want.amount, want.promised)
		}
		if b.Amount < 0 || b.Promised < 0 || b.Promised > b.Amount {
			t.Errorf("%s week %d: amount %d, promised %d", w.currency, n, b.Amount, b.Promised)
		}
	}
	if got.OverdueNoPromise != w.overdue || got.Later != w.later || got.Disputed != w.disputed {
		t.Errorf("%s: overdue %d later %d disputed %d, want %d %d %d", w.currency,
			got.OverdueNoPromise, got.Later, got.Disputed, w.overdue, w.later, w.disputed)
	}
	if w.items == nil {
		return
	}
	if len(got.Items) != w.itemCount {
		t.Errorf("%s: %d items, want %d: %+v", w.currency, len(got.Items), w.itemCount, got.Items)
	}
	for k, e := range got.Items {
		if k > 0 && e.Expected.Before(got.Items[k-1].Expected) {
			t.Errorf("items not in expected-date order at %d", k)
		}
		if want, s := w.items[e.Number], e.Expected.String()+" "+e.Basis; want != s {
			t.Errorf("%s item %s: %q, want %q", w.currency, e.Number, s, want)
		}
	}
}

func TestForecastWeekBoundaries(t *testing.T) {
	cases := []struct {
		asOf                 string
		week1End, week13Last string
	}{
		{"2026-11-18", "2026-11-22", "2027-02-14"}, // Wednesday
		{"2026-11-22", "2026-11-22", "2027-02-14"}, // Sunday: a one-day first week
		{"2026-11-16", "2026-11-22", "2027-02-14"}, // Monday: a full first week
	}
	for _, c := range cases {
		t.Run(c.asOf, func(t *testing.T) {
			asOf := forecastDay(c.asOf)
			got := Forecast(Book{Items: []Item{forecastOpen("C1", "F1", c.asOf, 1)}}, asOf, 13)
			if len(got) != 1 || len(got[0].Weeks) != 13 {
				t.Fatalf("got %+v", got)
			}
			w := got[0].Weeks
			if w[0].Start != asOf || w[0].End != forecastDay(c.week1End) || w[12].End != forecastDay(c.week13Last) {
				t.Errorf("week 1 %s–%s, week 13 ends %s; want %s–%s and %s",
					w[0].Start, w[0].End, w[12].End, c.asOf, c.week1End, c.week13Last)
			}
			for n := 1; n < 13; n++ {
				if w[n].Start.Weekday() != 1 || w[n].End.Sub(w[n].Start) != 6 || w[n].Start != w[n-1].End.AddDays(1) {
					t.Errorf("week %d runs %s (%s) to %s", n+1, w[n].Start, w[n].Start.Weekday(), w[n].End)
				}
			}
			if w[0].End.Weekday() != 0 {
				t.Errorf("week 1 ends on %s", w[0].End.Weekday())
			}
		})
	}
}
