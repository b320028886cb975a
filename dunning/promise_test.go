package dunning

import (
	"maps"
	"slices"
	"testing"

	"encaisse/data/money"
)

// agendaPaid is agendaInv with payments made daysAgo days before agendaToday; open is what
// is left today.
func agendaPaid(num string, daysLate int, open money.Cents, payments map[int]money.Cents) Item {
	it := agendaInv(num, daysLate, open)
	for _, ago := range slices.Sorted(maps.Keys(payments)) {
		it.Payments = append(it.Payments, Payment{On: agendaDay(-ago), Amount: payments[ago]})
		it.Amount += payments[ago]
	}
	if open == 0 {
		it.SettledOn = agendaDay(-slices.Min(slices.Collect(maps.Keys(payments))))
	}
	return it
}

func TestPromiseStatusAt(t *testing.T) {
	// Promised on agendaDay(-10) to pay 600 € by agendaDay(-3); grace 2 days, so it breaks
	// when the agenda's date passes agendaDay(-1).
	base := Promise{Customer: "C1", Date: agendaDay(-3), Amount: 60000, Currency: "EUR", Created: agendaDay(-10)}
	cases := []struct {
		name  string
		edit  func(p *Promise)
		items []Item
		day   int // the date evaluated, days from agendaToday
		want  PromiseStatus
	}{
		{name: "nothing paid, within grace", items: []Item{agendaInv("F1", 30, 100000)}, day: -1, want: PromiseOpen},
		{name: "nothing paid, grace passed", items: []Item{agendaInv("F1", 30, 100000)}, day: 0, want: PromiseBroken},
		{name: "on the promised date", items: []Item{agendaInv("F1", 30, 100000)}, day: -3, want: PromiseOpen},
		{name: "cancelled stays cancelled", edit: func(p *Promise) { p.Status = PromiseCancelled },
			items: []Item{agendaPaid("F1", 30, 0, map[int]money.Cents{5: 100000})}, day: 0, want: PromiseCancelled},
		{name: "stored status broken is evaluated again", edit: func(p *Promise) { p.Status = PromiseBroken },
			items: []Item{agendaInv("F1", 30, 100000)}, day: -2, want: PromiseOpen},
		{name: "kept by settling", items: []Item{agendaPaid("F1", 30, 0, map[int]money.Cents{5: 40000})}, day: 0, want: PromiseKept},
		{name: "kept by partial payments reaching the amount",
			items: []Item{agendaPaid("F1", 30, 40000, map[int]money.Cents{8: 35000, 4: 25000})}, day: 0, want: PromiseKept},
		{name: "partial payments short of the amount",
			items: []Item{agendaPaid("F1", 30, 40100, map[int]money.Cents{8: 35000, 4: 24900})}, day: 0, want: PromiseBroken},
		{name: "payments after the evaluated date do not count yet",
			items: []Item{agendaPaid("F1", 30, 40000, map[int]money.Cents{8: 35000, 1: 25000})}, day: -2, want: PromiseOpen},
		{name: "payments before the promise do not count",
			items: []Item{agendaPaid("F1", 30, 40000, map[int]money.Cents{12: 60000})}, day: 0, want: PromiseBroken},
		{name: "spread over two covered invoices",
			items: []Item{agendaPaid("F1", 30, 0, map[int]money.Cents{6: 30000}), agendaPaid("F2", 20, 10000, map[int]money.Cents{5: 30000})},
			day:   0, want: PromiseKept},
		{name: "an invoice overdue after the promise is not covered",
			items: []Item{agendaPaid("F1", 30, 0, map[int]money.Cents{6: 30000}), agendaInv("F2", 5, 90000)}, day: 0, want: PromiseKept},
		{name: "another currency does not count toward the amount",
			items: []Item{agendaInv("F1", 30, 100000), func() Item {
				it := agendaPaid("U1", 30, 0, map[int]money.Cents{5: 90000})
				it.Currency = "USD"
				return it
			}()}, day: 0, want: PromiseBroken},
		{name: "named items only", edit: func(p *Promise) { p.Items = []string{"F2"} },
			items: []Item{agendaInv("F1", 30, 100000), agendaPaid("F2", 30, 0, map[int]money.Cents{5: 20000})}, day: 0, want: PromiseKept},
		{name: "named item gone from the ledger was paid", edit: func(p *Promise) { p.Items = []string{"F9"} },
			items: []Item{agendaInv("F1", 30, 100000)}, day: 0, want: PromiseKept},
		{name: "no amount: only settling keeps it", edit: func(p *Promise) { p.Amount = 0 },
			items: []Item{agendaPaid("F1", 30, 100, map[int]money.Cents{5: 99900})}, day: 0, want: PromiseBroken},
		{name: "another customer's items are not covered",
			items: []Item{func() Item {
				it := agendaPaid("F1", 30, 0, map[int]money.Cents{5: 100000})
				it.Customer = "C2"
				return it
			}(), agendaInv("F2", 30, 100000)}, day: 0, want: PromiseBroken},
		{name: "grace of zero days", items: []Item{agendaInv("F1", 30, 100000)}, day: -2, want: PromiseBroken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			p.Items = slices.Clone(base.Items)
			if tc.edit != nil {
				tc.edit(&p)
			}
			grace := 2
			if tc.name == "grace of zero days" {
				grace = 0
			}
			if got := PromiseStatusAt(p, tc.items, agendaDay(tc.day), grace); got != tc.want {
				t.Errorf("status %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPromiseCovers(t *testing.T) {
	made := agendaDay(-10)
	blanket := Promise{Customer: "C1", Date: agendaDay(5), Amount: 1000, Created: made}
	named := Promise{Customer: "C1", Date: agendaDay(5), Amount: 1000, Created: made, Items: []string{"F2", "AV1"}}
	usd := blanket
	usd.Currency = "USD"
	other := agendaInv("F1", 30, 1000)
	other.Customer = "C2"
	inUSD := agendaInv("F1", 30, 1000)
	inUSD.Currency = "USD"
	cases := []struct {
		name string
		p    Promise
		it   Item
		want bool
	}{
		{"overdue when promised", blanket, agendaInv("F1", 30, 1000), true},
		{"due on the day it was promised", blanket, agendaInv("F1", 10, 1000), false},
		{"due the day before", blanket, agendaInv("F1", 11, 1000), true},
		{"paid before the promise", blanket, agendaPaid("F1", 30, 0, map[int]money.Cents{12: 1000}), false},
		{"paid after the promise", blanket, agendaPaid("F1", 30, 0, map[int]money.Cents{3: 1000}), true},
		{"credit note", blanket, agendaCredit("AV1", 500), false},
		{"another customer", blanket, other, false},
		{"named", named, agendaInv("F2", 1, 1000), true},
		{"named credit note", named, agendaCredit("AV1", 500), true},
		{"not named", named, agendaInv("F1", 30, 1000), false},
		{"currency of the promise", usd, inUSD, true},
		{"other currency than the promise", usd, agendaInv("F1", 30, 1000), false},
	}
	for _, tc := range cases {
		if got := PromiseCovers(tc.p, tc.it); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPromisedItems(t *testing.T) {
	items := []Item{agendaInv("F1", 30, 1000), agendaInv("F2", 20, 1000), agendaInv("F3", 2, 1000)}
	c2 := agendaInv("G1", 30, 1000)
	c2.Customer = "C2"
	items = append(items, c2)
	promises := []Promise{
		{Customer: "C1", Date: agendaDay(3), Amount: 500, Created: agendaDay(-5), Items: []string{"F1"}},   // open
		{Customer: "C1", Date: agendaDay(-5), Amount: 500, Created: agendaDay(-15), Items: []string{"F2"}}, // broken
		{Customer: "C1", Date: agendaDay(3), Amount: 500, Created: agendaDay(-5), Items: []string{"F3"}, // cancelled
			Status: PromiseCancelled},
		{Customer: "C1", Date: agendaDay(9), Amount: 500, Created: agendaDay(2), Items: []string{"F2", "F3"}}, // made later
		{Customer: "C2", Date: agendaDay(3), Amount: 500, Created: agendaDay(-5)},                             // other customer
	}
	got := slices.Sorted(maps.Keys(PromisedItems(promises, items, "C1", agendaToday, 2)))
	if want := []string{"F1"}; !slices.Equal(got, want) {
		t.Errorf("C1 promised %v, want %v", got, want)
	}
	got = slices.Sorted(maps.Keys(PromisedItems(promises, items, "C2", agendaToday, 2)))
	if want := []string{"G1"}; !slices.Equal(got, want) {
		t.Errorf("C2 promised %v, want %v", got, want)
	}
	// Three days on, the promise made on day 2 is running and covers F2 and F3 by name.
	got = slices.Sorted(maps.Keys(PromisedItems(promises, items, "C1", agendaDay(3), 2)))
	if want := []string{"F1", "F2", "F3"}; !slices.Equal(got, want) {
		t.Errorf("C1 promised at day 3 %v, want %v", got, want)
	}
}
