package dunning

import (
	"slices"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Method of computing the DSO.
type Method string

// DSO methods.
const (
	// MethodCountBack exhausts the receivables month by month backwards ("méthode par
	// épuisement du chiffre d'affaires"), the one French credit managers prefer.
	MethodCountBack Method = "countback"
	// MethodSimple is the accounting method: open / sales × days of the period.
	MethodSimple Method = "simple"
)

// Label names the method for display.
func (m Method) Label() string {
	switch m {
	case MethodCountBack:
		return resources.T("dso.method.countback")
	case MethodSimple:
		return resources.T("dso.method.simple")
	}
	return string(m)
}

// dsoMaxMonths is how far back the count-back walk may go when the receivables exceed the
// sales of the chosen period.
const dsoMaxMonths = 24

// DSOResult is the DSO of one currency at a date.
type DSOResult struct {
	Currency string
	Method   Method
	AsOf     civil.Date
	Months   int
	// Days is kept with full precision; print it with 2 decimals. Zero when not Complete.
	Days     float64
	Complete bool
	Reason   string      // why there is no figure, in words, when not Complete
	Open     money.Cents // receivables at AsOf, credit notes and payments on account netted
	Sales    money.Cents // sales TTC of the period, net of credit notes
	// The period: from the 1st of the month Months−1 months before AsOf's, to AsOf.
	PeriodStart civil.Date
	PeriodDays  int
}

// DSO computes the days sales outstanding at asOf over the last months calendar months
// (the current month up to asOf, plus the months−1 before it), one result per currency,
// by currency code. salesFrom is the first date from which the ledger knows every invoice,
// paid ones included (zero: unknown); without sales history there is no DSO, and the
// result says so rather than printing a wrong figure. Currencies with neither open items
// nor sales in the period are left out.
func DSO(items []Item, asOf civil.Date, months int, method Method, salesFrom civil.Date) []DSOResult {
	months = max(months, 1)
	n := max(months, dsoMaxMonths)
	starts := dsoMonthStarts(asOf, n)
	tallies := dsoTallies(items, asOf, starts)
	var out []DSOResult
	for _, t := range tallies {
		if t.open == 0 && !slices.ContainsFunc(t.sales[:months], func(s money.Cents) bool { return s != 0 }) {
			continue
		}
		out = append(out, dsoCompute(t.code, t.open, t.sales, asOf, starts, months, method, salesFrom))
	}
	return out
}

// dsoMonth is what count-back needs of one month.
type dsoMonth struct {
	Sales money.Cents
	Days  int
}

// dsoCountBack walks the months from the most recent backwards, taking each month's sales
// off the receivables while they cover them and adding its days, then the fraction of the
// month that exhausts the rest. rest is what the months could not exhaust (0 when done).
func dsoCountBack(open money.Cents, months []dsoMonth) (days float64, rest money.Cents) {
	rest = open
	for _, m := range months {
		if rest <= 0 {
			return days, 0
		}
		// A month whose credit notes exceed its invoices has nothing to exhaust: it counts
		// its days, and its negative figure must not swell the rest.
		s := max(m.Sales, 0)
		if rest >= s {
			rest -= s
			days += float64(m.Days)
			continue
		}
		return days + float64(rest)/float64(s)*float64(m.Days), 0
	}
	return days, max(rest, 0)
}

// dsoMonthStarts returns the 1st of asOf's month and of the n−1 months before it,
// most recent first.
func dsoMonthStarts(asOf civil.Date, n int) []civil.Date {
	starts := make([]civil.Date, n)
	first := asOf.StartOfMonth()
	for k := range starts {
		starts[k] = first.AddMonths(-k)
	}
	return starts
}

// dsoMonthTable maps a day, counted from the earliest month's 1st, to its month's index
// in starts (most recent first), up to asOf: the item loops index it instead of searching.
func dsoMonthTable(starts []civil.Date, asOf civil.Date) []uint16 {
	earliest := starts[len(starts)-1]
	table := make([]uint16, asOf.Sub(earliest)+1)
	k := len(starts) - 1
	for day := range table {
		if k > 0 && !earliest.AddDays(day).Before(starts[k-1]) {
			k--
		}
		table[day] = uint16(k)
	}
	return table
}

// dsoSale is what an item adds to the sales of the month it was issued in. Credit notes
// count negative: they cancel part of a sale (returns, price corrections), so counting
// invoices gross would overstate the sales and understate the DSO.
func dsoSale(it *Item) money.Cents {
	if it.Kind == Invoice || it.Kind == Credit {
		return it.Amount
	}
	return 0
}

// dsoTally is one currency's receivables at the as-of date and its sales per month, most
// recent first.
type dsoTally struct {
	code  string
	open  money.Cents
	sales []money.Cents
}

// dsoTallies sums, in one pass, each currency's open balance at asOf and its sales of the
// months of starts (up to asOf), by currency code.
func dsoTallies(items []Item, asOf civil.Date, starts []civil.Date) []*dsoTally {
	var tallies []*dsoTally
	var t *dsoTally
	earliest := starts[len(starts)-1]
	month := dsoMonthTable(starts, asOf)
	for i := range items {
		it := &items[i]
		if it.Issued.After(asOf) {
			continue
		}
		code := agingCurrencyCode(it.Currency)
		if t == nil || t.code != code {
			t = dsoFindTally(&tallies, code, len(starts))
		}
		t.open += agingOpenAt(it, asOf)
		if it.Issued.Before(earliest) {
			continue
		}
		if s := dsoSale(it); s != 0 {
			t.sales[month[it.Issued.Sub(earliest)]] += s
		}
	}
	slices.SortFunc(tallies, func(a, b *dsoTally) int { return strings.Compare(a.code, b.code) })
	return tallies
}

func dsoFindTally(tallies *[]*dsoTally, code string, n int) *dsoTally {
	for _, t := range *tallies {
		if t.code == code {
			return t
		}
	}
	t := &dsoTally{code: code, sales: make([]money.Cents, n)}
	*tallies = append(*tallies, t)
	return t
}

// dsoCompute gives the DSO at asOf from a currency's receivables and its monthly sales
// (sales[k] is the month starting starts[k]; index 0 is asOf's month, counted to asOf).
func dsoCompute(currency string, open money.Cents, sales []money.Cents, asOf civil.Date, starts []civil.Date, months int, method Method, salesFrom civil.Date) DSOResult {
	res := DSOResult{
		Currency:    currency,
		Method:      method,
		AsOf:        asOf,
		Months:      months,
		Open:        open,
		PeriodStart: starts[months-1],
		PeriodDays:  asOf.Sub(starts[months-1]) + 1,
	}
	for _, s := range sales[:months] {
		res.Sales += s
	}
	incomplete := func(key string, data map[string]any) DSOResult {
		res.Reason = resources.T(key, data)
		return res
	}
	switch {
	case method != MethodCountBack && method != MethodSimple:
		return incomplete("dso.incomplete.method", map[string]any{"Method": string(method)})
	case salesFrom.IsZero():
		return incomplete("dso.incomplete.no_sales_from", map[string]any{"Months": months})
	case salesFrom.After(res.PeriodStart):
		return incomplete("dso.incomplete.short_history", map[string]any{
			"From": salesFrom.French(), "Start": res.PeriodStart.French(), "Months": months,
		})
	case res.Sales <= 0:
		return incomplete("dso.incomplete.no_sales", map[string]any{
			"Currency": currency, "Start": res.PeriodStart.French(), "End": asOf.French(),
			"Open": money.FormatCurrency(open, currency),
		})
	}
	res.Complete = true
	if open <= 0 {
		// Nothing is owed (or customers are in credit): no day of sales is outstanding.
		return res
	}
	if method == MethodSimple {
		res.Days = float64(open) / float64(res.Sales) * float64(res.PeriodDays)
		return res
	}

	// Receivables may exceed the period's sales (slow payers, old unpaid invoices): rather
	// than stop at the period, the walk goes on into older months as long as the ledger
	// knows their sales, up to dsoMaxMonths, so the figure stays a true count-back. Only
	// when that history runs out with money left is the DSO unknown (it is "more than").
	walk := make([]dsoMonth, 0, len(sales))
	limit := min(max(months, dsoMaxMonths), len(sales))
	for k := 0; k < limit; k++ {
		if k >= months && salesFrom.After(starts[k]) {
			break
		}
		days := asOf.Sub(starts[0]) + 1
		if k > 0 {
			days = starts[k-1].Sub(starts[k])
		}
		walk = append(walk, dsoMonth{Sales: sales[k], Days: days})
	}
	days, rest := dsoCountBack(open, walk)
	if rest == 0 {
		res.Days = days
		return res
	}
	res.Complete = false
	data := map[string]any{"Open": money.FormatCurrency(open, currency), "Days": int(days), "Months": len(walk)}
	if len(walk) < limit {
		data["From"] = salesFrom.French()
		return incomplete("dso.incomplete.beyond_history", data)
	}
	return incomplete("dso.incomplete.beyond_max", data)
}
