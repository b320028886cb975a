package dunning

import (
	"slices"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// PromiseCovers reports whether the promise p is about item it: the items it names, or
// when it names none, the customer's invoices that were overdue and open when it was made
// (in the promise's currency when it has one).
func PromiseCovers(p Promise, it Item) bool {
	return agendaCovers(&p, &it)
}

func agendaCovers(p *Promise, it *Item) bool {
	if it.Customer != p.Customer {
		return false
	}
	if len(p.Items) > 0 {
		return slices.Contains(p.Items, it.Number)
	}
	return it.Kind == Invoice && it.Due.Before(p.Created) && it.OpenAt(p.Created) > 0 &&
		(p.Currency == "" || agendaCurrency(it.Currency) == agendaCurrency(p.Currency))
}

// PromiseStatusAt is the state of p at d, read from the payments on its items. A cancelled
// promise stays cancelled. It is kept once every item it covers is settled, or once their
// open balance fell by at least the promised amount since it was made; a promise about
// items the ledger no longer holds is kept, since an item that left the ledger was paid.
// Otherwise it is broken once d is past its date plus graceDays, and open until then.
func PromiseStatusAt(p Promise, items []Item, d civil.Date, graceDays int) PromiseStatus {
	return agendaPromiseStatus(&p, items, d, graceDays)
}

func agendaPromiseStatus(p *Promise, items []Item, d civil.Date, graceDays int) PromiseStatus {
	if p.Status == PromiseCancelled {
		return PromiseCancelled
	}
	settled := true
	var then, now money.Cents // open balance of the covered items in the promised currency
	for i := range items {
		it := &items[i]
		if !agendaCovers(p, it) {
			continue
		}
		open := it.OpenAt(d)
		if open > 0 {
			settled = false
		}
		if p.Currency == "" || agendaCurrency(it.Currency) == agendaCurrency(p.Currency) {
			then += it.OpenAt(p.Created)
			now += open
		}
	}
	// A promise without an amount ("I will pay it all") is kept only by settling.
	if settled || p.Amount > 0 && then-now >= p.Amount {
		return PromiseKept
	}
	if d.After(p.Date.AddDays(graceDays)) {
		return PromiseBroken
	}
	return PromiseOpen
}

// PromisedItems is the set of the customer's item numbers that a promise still open at d
// protects from reminders. A promise made after d did not exist yet and protects nothing.
func PromisedItems(promises []Promise, items []Item, customer string, d civil.Date, graceDays int) map[string]bool {
	var own []Item
	for i := range items {
		if items[i].Customer == customer {
			own = append(own, items[i])
		}
	}
	set := map[string]bool{}
	for i := range promises {
		p := &promises[i]
		if p.Customer != customer || p.Created.After(d) ||
			agendaPromiseStatus(p, own, d, graceDays) != PromiseOpen {
			continue
		}
		for j := range own {
			if agendaCovers(p, &own[j]) {
				set[own[j].Number] = true
			}
		}
	}
	return set
}

// agendaCurrency is the item's currency code, euros when the ledger left it blank.
func agendaCurrency(c string) string {
	if c == "" {
		return "EUR"
	}
	return c
}
