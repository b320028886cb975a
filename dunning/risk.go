package dunning

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Thresholds of the risk score rules (see Risk).
const (
	RiskAvgLateDays   = 15 // average delay, in whole days, above which the score drops
	RiskOldestDays    = 60 // days an item may stay overdue before the score drops
	RiskNoHistoryDays = 30 // the same for a customer that never paid anything yet
)

// Risk scores, best first.
const riskScores = "ABCD"

// CustomerRisk is the payment behaviour and exposure of one customer.
//
// Amount-based figures (AvgDaysLate, Exposure, Overdue, LimitUse) read only the items in
// the customer's main currency, the one most of its items are in, since amounts of two
// currencies cannot be added or weighed against each other. Counts and days (PaidCount,
// PaidLate, ShareLate, OldestDaysLate, BrokenPromises) read every item: a late invoice in
// a second currency is still late.
type CustomerRisk struct {
	Customer, Name string
	Currency       string
	// AvgDaysLate is the amount-weighted days between due date and payment, an early
	// payment counting as 0: paying one invoice early does not make up for paying another
	// late, and a risk score must not let it.
	AvgDaysLate    float64
	PaidCount      int // invoices with at least one payment up to the as-of date
	PaidLate       int // of those, invoices with a payment after the due date
	ShareLate      float64
	BrokenPromises int
	Exposure       money.Cents // open balance, credit notes and payments on account netted
	CreditLimit    money.Cents // 0: no limit set
	LimitUse       float64     // Exposure / CreditLimit; 0 without a limit
	Overdue        money.Cents // open balance of the items past due
	OldestDaysLate int         // days late of the oldest overdue open item
	Score          string      // "A" (best) to "D"
	Reasons        []string    // one sentence per rule that applied, or why the score is A
}

// Risk scores every customer of b at asOf, worst first: by score (D first), then by
// exposure, largest first, then by customer code.
//
// The score starts at A and each rule below that applies takes it one letter down, never
// below D (RiskRules gives the same list in the user's language):
//   - the average delay, rounded to whole days as shown, is over RiskAvgLateDays days;
//   - more than half of the paid invoices were paid late;
//   - a promise to pay was broken (two or more broken promises take two letters);
//   - the exposure is over the credit limit, when one is set;
//   - the oldest overdue item is more than RiskOldestDays days late;
//   - the customer has no paid history and an item more than RiskNoHistoryDays days late.
//
// Reasons holds one sentence per rule that applied; for an A it says the customer pays on
// time, how late it pays on average, or that it has no payment history yet.
func Risk(b Book, asOf civil.Date) []CustomerRisk {
	groups := riskGroupItems(b)
	broken := make([]int, len(groups.codes))
	for i := range b.Promises {
		p := &b.Promises[i]
		if p.Status != PromiseBroken || p.Created.After(asOf) {
			continue
		}
		if g, ok := groups.index[p.Customer]; ok {
			broken[g]++
		}
	}
	text := riskPreparePhrases()

	out := make([]CustomerRisk, len(groups.codes))
	// Every customer's reasons share one backing array: one allocation instead of one
	// per customer. Each takes a full slice expression, so appending to it copies.
	text.pool = make([]string, 0, 2*len(out))
	var parts riskCurrencyParts
	for g, code := range groups.codes {
		r := &out[g]
		r.Customer = code
		if c := groups.customer[g]; c >= 0 {
			r.Name = b.Customers[c].Name
			r.CreditLimit = b.Customers[c].CreditLimit
		}
		r.BrokenPromises = broken[g]
		idx := groups.items(g)
		parts.split(b.Items, idx, asOf)
		mainPart := parts.main()
		r.Currency = mainPart.currency
		r.AvgDaysLate = mainPart.pay.lateAvg()
		for _, part := range parts.list {
			r.PaidCount += part.pay.paid
			r.PaidLate += part.pay.late
			inMain := part.currency == r.Currency
			for _, i := range part.items {
				it := &b.Items[i]
				open := it.OpenAt(asOf)
				if inMain {
					r.Exposure += open
				}
				if late := it.DaysLate(asOf); open > 0 && late > 0 {
					r.OldestDaysLate = max(r.OldestDaysLate, late)
					if inMain {
						r.Overdue += open
					}
				}
			}
		}
		if r.PaidCount > 0 {
			r.ShareLate = float64(r.PaidLate) / float64(r.PaidCount)
		}
		if r.CreditLimit > 0 {
			r.LimitUse = float64(r.Exposure) / float64(r.CreditLimit)
		}
		riskScore(r, &text)
	}

	// Sort small keys rather than whole CustomerRisk values, comparing codes only on ties.
	type riskKey struct {
		score    byte
		exposure money.Cents
		i        int32
	}
	keys := make([]riskKey, len(out))
	for i := range out {
		keys[i] = riskKey{out[i].Score[0], out[i].Exposure, int32(i)}
	}
	slices.SortFunc(keys, func(a, b riskKey) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if a.exposure != b.exposure {
			return cmp.Compare(b.exposure, a.exposure)
		}
		return cmp.Compare(out[a.i].Customer, out[b.i].Customer)
	})
	sorted := make([]CustomerRisk, len(out))
	for k, key := range keys {
		sorted[k] = out[key.i]
	}
	return sorted
}

// riskScore applies the rules documented on Risk to r's figures.
func riskScore(r *CustomerRisk, text *riskPhrases) {
	start := len(text.pool)
	down := 0
	avgDays := int(math.Round(r.AvgDaysLate))
	if avgDays > RiskAvgLateDays {
		down++
		text.pool = append(text.pool, text.avgDelay(avgDays))
	}
	if r.PaidLate*2 > r.PaidCount {
		down++
		text.pool = append(text.pool, text.shareLate.render(strconv.Itoa(r.PaidLate), strconv.Itoa(r.PaidCount)))
	}
	switch {
	case r.BrokenPromises == 1:
		down++
		text.pool = append(text.pool, text.brokenOne)
	case r.BrokenPromises > 1:
		down += 2
		text.pool = append(text.pool, text.brokenMany.render(strconv.Itoa(r.BrokenPromises)))
	}
	if r.CreditLimit > 0 && r.Exposure > r.CreditLimit {
		down++
		text.pool = append(text.pool, text.overLimit.render(
			money.FormatCurrency(r.Exposure, r.Currency), money.FormatCurrency(r.CreditLimit, r.Currency)))
	}
	if r.OldestDaysLate > RiskOldestDays {
		down++
		text.pool = append(text.pool, text.oldest.render(strconv.Itoa(r.OldestDaysLate)))
	}
	if r.PaidCount == 0 && r.OldestDaysLate > RiskNoHistoryDays {
		down++
		text.pool = append(text.pool, text.noHistoryOverdue.render(strconv.Itoa(r.OldestDaysLate)))
	}
	r.Score = string(riskScores[min(down, len(riskScores)-1)])
	if down == 0 {
		switch {
		case r.PaidCount == 0:
			text.pool = append(text.pool, text.noHistory)
		case avgDays == 0:
			text.pool = append(text.pool, text.onTime)
		default:
			text.pool = append(text.pool, text.avgDelay(avgDays))
		}
	}
	end := len(text.pool)
	r.Reasons = text.pool[start:end:end]
}

// RiskRules explains the score in the user's language, for the screen that shows it: a
// sentence on how the score works, then one per rule in the order Risk applies them.
func RiskRules() []string {
	return []string{
		resources.T("risk.rule.intro"),
		resources.T("risk.rule.avg_late", map[string]any{"Days": RiskAvgLateDays}),
		resources.T("risk.rule.share_late"),
		resources.T("risk.rule.broken"),
		resources.T("risk.rule.over_limit"),
		resources.T("risk.rule.oldest", map[string]any{"Days": RiskOldestDays}),
		resources.T("risk.rule.no_history", map[string]any{"Days": RiskNoHistoryDays}),
	}
}

// riskPhrases holds the reason sentences of one Risk call, translated once.
type riskPhrases struct {
	pool                         []string // backing array of the reasons
	onTime, noHistory, brokenOne string
	avgDelayOne                  string
	avgDelayMany, shareLate      riskPhrase
	brokenMany, overLimit        riskPhrase
	oldest, noHistoryOverdue     riskPhrase
}

func riskPreparePhrases() riskPhrases {
	return riskPhrases{
		onTime:           resources.T("risk.reason.on_time"),
		noHistory:        resources.T("risk.reason.no_history"),
		brokenOne:        resources.T("risk.reason.broken_one"),
		avgDelayOne:      resources.T("risk.reason.avg_delay_one"),
		avgDelayMany:     riskPrepare("risk.reason.avg_delay_many", "Days"),
		shareLate:        riskPrepare("risk.reason.share_late", "Late", "Paid"),
		brokenMany:       riskPrepare("risk.reason.broken_many", "Count"),
		overLimit:        riskPrepare("risk.reason.over_limit", "Exposure", "Limit"),
		oldest:           riskPrepare("risk.reason.oldest", "Days"),
		noHistoryOverdue: riskPrepare("risk.reason.no_history_overdue", "Days"),
	}
}

func (t *riskPhrases) avgDelay(days int) string {
	if days == 1 {
		return t.avgDelayOne
	}
	return t.avgDelayMany.render(strconv.Itoa(days))
}

// riskPhrase is a translated sentence cut at its placeholders. resources.T parses its
// template on every call, which for tens of thousands of customers would cost more than
// the whole score; so each sentence is translated once with markers in place of its
// values, and the values are put back in by plain concatenation.
type riskPhrase struct {
	parts []string // literal text at even positions, the value's index at odd ones
	index []int    // index[k] is the value for parts[2k+1]
}

// riskMarker wraps a value index in NUL bytes, which no translation contains.
const riskMarker = "\x00"

func riskPrepare(key string, fields ...string) riskPhrase {
	data := make(map[string]any, len(fields))
	for i, f := range fields {
		data[f] = riskMarker + strconv.Itoa(i) + riskMarker
	}
	p := riskPhrase{parts: strings.Split(resources.T(key, data), riskMarker)}
	for k := 1; k < len(p.parts); k += 2 {
		n, _ := strconv.Atoi(p.parts[k])
		p.index = append(p.index, n)
	}
	return p
}

func (p riskPhrase) render(values ...string) string {
	n := 0
	for k, s := range p.parts {
		if k%2 == 0 {
			n += len(s)
		} else {
			n += len(values[p.index[k/2]])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for k, s := range p.parts {
		if k%2 == 0 {
			b.WriteString(s)
		} else {
			b.WriteString(values[p.index[k/2]])
		}
	}
	return b.String()
}

// riskPayAcc sums a customer's paid history: the days between due date and payment of
// each payment on an invoice, weighted by the payment's amount. Only invoices count:
// applying a credit note is not the customer paying.
type riskPayAcc struct {
	signed, clamped, weight float64 // Σ days×amount, Σ max(days,0)×amount, Σ amount
	paid, late              int     // invoices with a payment, and with one after due
}

// add takes the item's payments made on or before upTo (every payment when upTo is zero).
func (a *riskPayAcc) add(it *Item, upTo civil.Date) {
	if it.Kind != Invoice || it.Due.IsZero() {
		return
	}
	if upTo.IsZero() {
		upTo = math.MaxInt32
	}
	paid, late := false, false
	for _, p := range it.Payments {
		if p.On.After(upTo) {
			break // payments are in date order
		}
		w := math.Abs(float64(p.Amount))
		if w == 0 {
			continue
		}
		days := float64(p.On.Sub(it.Due))
		a.signed += days * w
		a.clamped += max(days, 0) * w
		a.weight += w
		paid = true
		late = late || days > 0
	}
	if paid {
		a.paid++
		if late {
			a.late++
		}
	}
}

func (a *riskPayAcc) usual() (float64, bool) {
	if a.weight == 0 {
		return 0, false
	}
	return a.signed / a.weight, true
}

func (a *riskPayAcc) lateAvg() float64 {
	if a.weight == 0 {
		return 0
	}
	return a.clamped / a.weight
}

// riskCurrency is an item's currency code; the ledger leaves it blank for euros.
func riskCurrency(c string) string {
	if c == "" {
		return "EUR"
	}
	return c
}

// riskGroups holds the book's items grouped by customer, built in one pass so Forecast
// and Risk read each item a fixed number of times whatever the number of customers.
type riskGroups struct {
	codes    []string       // the book's customers, then codes only items mention
	customer []int          // index in Book.Customers, -1 for a code only items mention
	index    map[string]int // code → group
	start    []int          // items of group g are order[start[g]:start[g+1]]
	order    []int32        // item indices, grouped
}

func riskGroupItems(b Book) riskGroups {
	gr := riskGroups{
		codes:    make([]string, 0, len(b.Customers)),
		customer: make([]int, 0, len(b.Customers)),
		index:    make(map[string]int, len(b.Customers)),
	}
	for i, c := range b.Customers {
		if _, dup := gr.index[c.Code]; !dup {
			gr.index[c.Code] = len(gr.codes)
			gr.codes = append(gr.codes, c.Code)
			gr.customer = append(gr.customer, i)
		}
	}
	groupOf := make([]int32, len(b.Items))
	last, lastG := "", -1 // exports list a customer's items together: skip the map then
	for i := range b.Items {
		code := b.Items[i].Customer
		if lastG < 0 || code != last {
			g, ok := gr.index[code]
			if !ok {
				g = len(gr.codes)
				gr.index[code] = g
				gr.codes = append(gr.codes, code)
				gr.customer = append(gr.customer, -1)
			}
			last, lastG = code, g
		}
		groupOf[i] = int32(lastG)
	}
	gr.start = make([]int, len(gr.codes)+1)
	for _, g := range groupOf {
		gr.start[g+1]++
	}
	for g := range gr.codes {
		gr.start[g+1] += gr.start[g]
	}
	next := slices.Clone(gr.start[:len(gr.codes)])
	gr.order = make([]int32, len(b.Items))
	for i, g := range groupOf {
		gr.order[next[g]] = int32(i)
		next[g]++
	}
	return gr
}

func (gr riskGroups) items(g int) []int32 { return gr.order[gr.start[g]:gr.start[g+1]] }

// riskCurrencyParts splits one customer's items by currency and sums the paid history of
// each part on the way, reusing its buffers from one customer to the next.
type riskCurrencyParts struct {
	list []riskCurrencyPart
}

type riskCurrencyPart struct {
	currency string
	items    []int32
	pay      riskPayAcc // payments up to the as-of date
}

func (p *riskCurrencyParts) split(items []Item, idx []int32, asOf civil.Date) {
	p.list = p.list[:0]
	for _, i := range idx {
		cur := riskCurrency(items[i].Currency)
		k := len(p.list) - 1 // the currency of the previous item, most often
		if k < 0 || p.list[k].currency != cur {
			k = slices.IndexFunc(p.list, func(x riskCurrencyPart) bool { return x.currency == cur })
		}
		if k < 0 {
			k = len(p.list)
			if k < cap(p.list) { // reuse the item buffer an earlier customer left there
				p.list = p.list[:k+1]
				p.list[k] = riskCurrencyPart{currency: cur, items: p.list[k].items[:0]}
			} else {
				p.list = append(p.list, riskCurrencyPart{currency: cur})
			}
		}
		p.list[k].items = append(p.list[k].items, i)
		p.list[k].pay.add(&items[i], asOf)
	}
}

// main is the part of the currency most items are in, the alphabetically first on a tie;
// an empty euro part for a customer without items.
func (p *riskCurrencyParts) main() riskCurrencyPart {
	best := -1
	for k, part := range p.list {
		if best < 0 || len(part.items) > len(p.list[best].items) ||
			len(part.items) == len(p.list[best].items) && part.currency < p.list[best].currency {
			best = k
		}
	}
	if best < 0 {
		return riskCurrencyPart{currency: "EUR"}
	}
	return p.list[best]
}
