package dunning

import (
	"slices"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// SeriesPoint is one currency's figures at one month-end, for the dashboard's trend.
type SeriesPoint struct {
	Currency string
	Date     civil.Date // a month-end, or the as-of date for the current month
	// Outstanding is every item's balance at Date, credit notes and payments netted.
	Outstanding money.Cents
	// Overdue is the balance at Date of the items due before Date, credit notes included
	// (dated by their due date, else their issue date, as in the aged balance).
	Overdue money.Cents
	// Complete is false when Date is before the first import: balances there are unknown
	// (what was paid before the ledger saw an item is lost), and so are the DSOs.
	Complete  bool
	Reason    string // why not Complete
	Simple    DSOResult
	CountBack DSOResult
}

// MonthEndSeries gives, per currency (by code) and then by date from the oldest, the
// figures at the last months month-ends up to asOf, the current month's point being asOf
// itself. The DSOs at each point cover dsoMonths months, exactly as DSO would at that
// date. historyFrom is the as-of date of the first import, salesFrom as for DSO.
func MonthEndSeries(items []Item, asOf civil.Date, months int, dsoMonths int, historyFrom, salesFrom civil.Date) []SeriesPoint {
	months = max(months, 1)
	dsoMonths = max(dsoMonths, 1)
	window := max(dsoMonths, dsoMaxMonths)
	starts := dsoMonthStarts(asOf, months-1+window)
	// dates[q] is the point q months back: asOf, then the end of each earlier month.
	dates := make([]civil.Date, months)
	dates[0] = asOf
	for q := 1; q < months; q++ {
		dates[q] = starts[q-1].AddDays(-1)
	}

	// One pass over the items: each item's balance at every point comes from walking its
	// payments once, backwards, instead of recomputing OpenAt per point.
	var tallies []*seriesTally
	var t *seriesTally
	earliest := starts[len(starts)-1]
	month := dsoMonthTable(starts, asOf)
	for i := range items {
		it := &items[i]
		if it.Issued.After(asOf) {
			continue
		}
		code := agingCurrencyCode(it.Currency)
		if t == nil || t.code != code {
			t = seriesFindTally(&tallies, code, months, len(starts))
		}
		if !it.Issued.Before(earliest) {
			if s := dsoSale(it); s != 0 {
				t.sales[month[it.Issued.Sub(earliest)]] += s
			}
		}
		ref := it.Due
		if ref.IsZero() {
			ref = it.Issued
		}
		seriesAddBalances(t, it, ref, dates)
	}
	slices.SortFunc(tallies, func(a, b *seriesTally) int { return strings.Compare(a.code, b.code) })

	var out []SeriesPoint
	for _, t := range tallies {
		if !t.relevant(months - 1 + dsoMonths) {
			continue
		}
		for q := months - 1; q >= 0; q-- {
			out = append(out, seriesPoint(t, q, dates[q], starts, dsoMonths, historyFrom, salesFrom))
		}
	}
	return out
}

// seriesAddBalances adds an item's balance at each date (dates most recent first).
func seriesAddBalances(t *seriesTally, it *Item, ref civil.Date, dates []civil.Date) {
	if !slices.IsSortedFunc(it.Payments, func(a, b Payment) int { return int(a.On) - int(b.On) }) {
		for q, d := range dates {
			t.add(q, it.OpenAt(d), ref.Before(d))
		}
		return
	}
	open, j := it.Open, len(it.Payments)-1
	for q, d := range dates {
		if d.Before(it.Issued) {
			return
		}
		for j >= 0 && it.Payments[j].On.After(d) {
			open += it.Payments[j].Amount
			j--
		}
		t.add(q, open, ref.Before(d))
	}
}

// seriesTally is one currency's balances per point and sales per month, most recent first.
type seriesTally struct {
	code        string
	outstanding []money.Cents
	overdue     []money.Cents
	sales       []money.Cents
}

func seriesFindTally(tallies *[]*seriesTally, code string, points, months int) *seriesTally {
	for _, t := range *tallies {
		if t.code == code {
			return t
		}
	}
	t := &seriesTally{
		code:        code,
		outstanding: make([]money.Cents, points),
		overdue:     make([]money.Cents, points),
		sales:       make([]money.Cents, months),
	}
	*tallies = append(*tallies, t)
	return t
}

func (t *seriesTally) add(q int, open money.Cents, overdue bool) {
	t.outstanding[q] += open
	if overdue {
		t.overdue[q] += open
	}
}

// relevant reports whether the currency has a balance at some point or sales in some
// point's DSO period (the first periodMonths months): otherwise it would be a flat line.
func (t *seriesTally) relevant(periodMonths int) bool {
	nonZero := func(c money.Cents) bool { return c != 0 }
	return slices.ContainsFunc(t.outstanding, nonZero) || slices.ContainsFunc(t.overdue, nonZero) ||
		slices.ContainsFunc(t.sales[:periodMonths], nonZero)
}

func seriesPoint(t *seriesTally, q int, date civil.Date, starts []civil.Date, dsoMonths int, historyFrom, salesFrom civil.Date) SeriesPoint {
	p := SeriesPoint{
		Currency:    t.code,
		Date:        date,
		Outstanding: t.outstanding[q],
		Overdue:     t.overdue[q],
		Simple:      dsoCompute(t.code, t.outstanding[q], t.sales[q:], date, starts[q:], dsoMonths, MethodSimple, salesFrom),
		CountBack:   dsoCompute(t.code, t.outstanding[q], t.sales[q:], date, starts[q:], dsoMonths, MethodCountBack, salesFrom),
	}
	switch {
	case historyFrom.IsZero():
		p.Reason = resources.T("dso.series.no_history")
	case date.Before(historyFrom):
		p.Reason = resources.T("dso.series.before_history", map[string]any{"Date": date.French(), "From": historyFrom.French()})
	default:
		p.Complete = true
		return p
	}
	// A DSO on an unknown balance would be a wrong number: withhold it with the same reason.
	for _, r := range []*DSOResult{&p.Simple, &p.CountBack} {
		r.Complete, r.Days, r.Reason = false, 0, p.Reason
	}
	return p
}
