package dunning

import (
	"cmp"
	"math"
	"slices"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// Basis of an expected payment date.
const (
	BasisPromise = "promise" // the date of an open promise to pay
	BasisHabit   = "habit"   // due date plus the customer's usual delay
	BasisDue     = "due"     // due date: the customer has no paid history yet
)

// WeekBucket is one week of the forecast, Monday to Sunday; the first one starts at the
// as-of date. Promised is the part of Amount that rests on a promise to pay.
type WeekBucket struct {
	Start, End civil.Date
	Amount     money.Cents
	Promised   money.Cents
}

// ExpectedItem is one open item with the date its payment is expected.
type ExpectedItem struct {
	Number, Customer string
	Expected         civil.Date
	Basis            string // BasisPromise, BasisHabit or BasisDue
	Open             money.Cents
}

// ForecastResult is the cash forecast of one currency.
type ForecastResult struct {
	Currency string
	Weeks    []WeekBucket
	// OverdueNoPromise is overdue money nobody promised and that the customer's habit
	// already expected before the as-of date: no week can honestly be given for it.
	OverdueNoPromise money.Cents
	Later            money.Cents // expected after the last week
	Disputed         money.Cents // open items under dispute, left out of every bucket
	// Items lists the open invoices behind the buckets, by expected date, then in the
	// book's order of customers and items. Credit notes and payments on account are not
	// listed: they only reduce the buckets.
	Items []ExpectedItem
}

// UsualDelay is a customer's payment habit: the average of payment date − due date over
// its paid history (invoices with payments), weighted by the amount of each payment.
// Early payments count negative: the forecast wants the date money will really come, and
// a customer that pays ten days early would be forecast ten days too late if they were
// clamped at zero. ok is false without paid history.
//
// Give it the items of one customer in one currency: amounts are the weights, and a yen
// weighs a hundredth of a euro.
func UsualDelay(items []Item) (days float64, ok bool) {
	var acc riskPayAcc
	for i := range items {
		acc.add(&items[i], 0)
	}
	return acc.usual()
}

// Forecast spreads the open items of b over weeks weekly buckets starting at asOf, one
// result per currency, sorted by currency code.
//
// An item is expected on the date of an open promise that covers it, else on its due date
// plus its customer's usual delay (in the item's currency), else on its due date. A
// promised date already past lands in the first week: the promise still runs. An overdue
// item expected before asOf without a promise goes to OverdueNoPromise; one not yet due
// whose habit date has passed lands in the first week, since it is not late yet. Disputed
// items stay out of the buckets and are totalled in Disputed. Customers on hold are
// forecast like the others: holding reminders back does not stop them paying.
//
// Credit notes and payments on account are deducted from the same customer's earliest
// buckets (overdue first, then week after week): the customer takes them off its next
// payment, and netting them inside each customer keeps one customer's credit from
// hiding another customer's receipts. What is left once the customer's buckets are empty
// is money owed to the customer, not a receipt, and is dropped.
func Forecast(b Book, asOf civil.Date, weeks int) []ForecastResult {
	weeks = max(weeks, 0)
	// Slots: 0 overdue without promise, 1..weeks the weeks, weeks+1 later.
	week1End := asOf.AddDays((7 - int(asOf.Weekday())) % 7)
	slotOf := func(expected civil.Date, promised, overdue bool) int {
		switch {
		case expected.Before(asOf) && !promised && overdue:
			return 0
		case !expected.After(week1End):
			return min(1, weeks+1)
		}
		return min(2+(expected.Sub(week1End)-1)/7, weeks+1)
	}

	groups := riskGroupItems(b)
	disputed := forecastDisputed(b.Disputes, asOf)
	promises := forecastOpenPromises(b, groups)

	results := map[string]*ForecastResult{}
	resultFor := func(cur string) *ForecastResult {
		r := results[cur]
		if r == nil {
			r = &ForecastResult{Currency: cur, Weeks: make([]WeekBucket, weeks)}
			start := asOf
			for w := range r.Weeks {
				end := week1End.AddDays(7 * w)
				r.Weeks[w].Start, r.Weeks[w].End = start, end
				start = end.AddDays(1)
			}
			results[cur] = r
		}
		return r
	}

	var parts riskCurrencyParts
	amount := make([]money.Cents, weeks+2)
	promised := make([]money.Cents, weeks+2)
	for g := range groups.codes {
		idx := groups.items(g)
		if len(idx) == 0 {
			continue
		}
		parts.split(b.Items, idx, asOf)
		for _, part := range parts.list {
			var r *ForecastResult // made at the first open item: settled history alone shows nothing
			delay, hasHabit := part.pay.usual()
			shift := int(math.Round(delay))
			clear(amount)
			clear(promised)
			var credit money.Cents
			for _, i := range part.items {
				it := &b.Items[i]
				open := it.OpenAt(asOf)
				if open == 0 {
					continue
				}
				if r == nil {
					r = resultFor(part.currency)
				}
				switch {
				case len(disputed) > 0 && disputed[it.Number]:
					r.Disputed += open
					continue
				case open < 0:
					credit -= open
					continue
				}
				e := ExpectedItem{Number: it.Number, Customer: it.Customer, Open: open}
				p := forecastCovering(promises[g], b.Items, i)
				switch {
				case p != nil:
					e.Expected, e.Basis = p.Date, BasisPromise
				case hasHabit:
					e.Expected, e.Basis = it.Due.AddDays(shift), BasisHabit
				default:
					e.Expected, e.Basis = it.Due, BasisDue
				}
				s := slotOf(e.Expected, p != nil, it.DaysLate(asOf) > 0)
				amount[s] += open
				if p != nil {
					promised[s] += open
				}
				r.Items = append(r.Items, e)
			}
			for s := range amount {
				if credit == 0 {
					break
				}
				take := min(credit, amount[s])
				// The unpromised part absorbs the credit first: a promise usually
				// names what the customer will actually send.
				if over := take - (amount[s] - promised[s]); over > 0 {
					promised[s] -= over
				}
				amount[s] -= take
				credit -= take
			}
			if r == nil {
				continue
			}
			r.OverdueNoPromise += amount[0]
			for w := range r.Weeks {
				r.Weeks[w].Amount += amount[w+1]
				r.Weeks[w].Promised += promised[w+1]
			}
			r.Later += amount[weeks+1]
		}
	}

	out := make([]ForecastResult, 0, len(results))
	for _, r := range results {
		r.Items = forecastByDate(r.Items)
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b ForecastResult) int { return cmp.Compare(a.Currency, b.Currency) })
	return out
}

// forecastDisputed is the set of item numbers under a dispute open at asOf.
func forecastDisputed(disputes []Dispute, asOf civil.Date) map[string]bool {
	set := map[string]bool{}
	for _, d := range disputes {
		if d.OpenAt(asOf) {
			set[d.Item] = true
		}
	}
	return set
}

// forecastOpenPromises lists, per customer group, the promises still running.
func forecastOpenPromises(b Book, groups riskGroups) [][]*Promise {
	out := make([][]*Promise, len(groups.codes))
	for i := range b.Promises {
		p := &b.Promises[i]
		if p.Status != PromiseOpen || p.Date.IsZero() {
			continue
		}
		if g, ok := groups.index[p.Customer]; ok {
			out[g] = append(out[g], p)
		}
	}
	return out
}

// forecastCovering returns the open promise whose date applies to item i, or nil. A
// promise covers the items it names, or when it names none every item of the customer
// overdue when it was made. When several cover the item, the latest made wins (it is the
// customer's last word), then one naming the item over a blanket one, then the earlier date.
func forecastCovering(promises []*Promise, items []Item, i int32) *Promise {
	it := &items[i]
	var best *Promise
	bestNamed := false
	for _, p := range promises {
		named := slices.Contains(p.Items, it.Number)
		if !named {
			made := p.Created
			if made.IsZero() {
				continue
			}
			if len(p.Items) > 0 || it.DaysLate(made) == 0 || it.OpenAt(made) <= 0 {
				continue
			}
		}
		if best == nil || cmp.Or(
			cmp.Compare(p.Created, best.Created),
			forecastBoolCmp(named, bestNamed),
			cmp.Compare(best.Date, p.Date)) > 0 {
			best, bestNamed = p, named
		}
	}
	return best
}

func forecastBoolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// forecastByDate sorts items by expected date, keeping their order among items expected
// the same day. They were appended customer by customer in book order, so that order is
// kept without comparing strings; sorting integer keys (date, position) and moving each
// item once is several times faster than a stable sort of the items themselves.
func forecastByDate(items []ExpectedItem) []ExpectedItem {
	keys := make([]uint64, len(items))
	for i, e := range items {
		keys[i] = uint64(uint32(e.Expected))<<32 | uint64(i)
	}
	slices.Sort(keys)
	out := make([]ExpectedItem, len(items))
	for k, key := range keys {
		out[k] = items[uint32(key)]
	}
	return out
}
