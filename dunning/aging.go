package dunning

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Basis is the date an item's age counts from.
type Basis string

// Ageing bases. The zero Basis ages by due date.
const (
	AgeByDue   Basis = "due"   // days past due: the usual aged balance
	AgeByIssue Basis = "issue" // days since the invoice date
)

// Buckets are the upper limits of the age buckets, in days: positive and strictly
// ascending. By due date, 30, 60, 90 give not due / 1–30 / 31–60 / 61–90 / over 90 (the
// due date itself, day 0, is always the limit of "not due"); by invoice date they give
// 0–30 / 31–60 / 61–90 / over 90. No edges means the default 30, 60, 90.
type Buckets struct {
	Edges []int
}

// DefaultBuckets are the usual French aged-balance buckets.
func DefaultBuckets() Buckets { return Buckets{Edges: []int{30, 60, 90}} }

// EdgesError reports a bucket edge list that cannot be used. Its message is a translated
// sentence, computed when read so it follows the language in force.
type EdgesError struct {
	Edges []int
	At    int // index of the first bad edge
}

func (e *EdgesError) Error() string {
	edge := e.Edges[e.At]
	data := map[string]any{"Position": e.At + 1, "Edge": edge}
	if edge <= 0 {
		return resources.T("dso.aging.edge_not_positive", data)
	}
	data["Previous"] = e.Edges[e.At-1]
	return resources.T("dso.aging.edge_not_ascending", data)
}

// BasisError reports an ageing basis that is neither by due date nor by invoice date.
type BasisError struct {
	Basis Basis
}

func (e *BasisError) Error() string {
	return resources.T("dso.aging.bad_basis", map[string]any{"Basis": string(e.Basis)})
}

// Validate reports the first edge that is not positive or not above the previous one.
func (b Buckets) Validate() error {
	for i, e := range b.Edges {
		if e <= 0 || (i > 0 && e <= b.Edges[i-1]) {
			return &EdgesError{Edges: slices.Clone(b.Edges), At: i}
		}
	}
	return nil
}

// AgingBucket is one column of the aged balance: an item belongs to it when its age in
// days is between Min and Max inclusive.
type AgingBucket struct {
	Key   string // stable key: "not_due", "d1_30", "d31_60", "d61_90", "d91_plus"; "d0_30" by invoice date
	Label string // for display, in the current language ("1 à 30 j")
	Min   int    // math.MinInt for "not due"
	Max   int    // math.MaxInt for the last bucket
}

// Layout lists the buckets the edges give for basis, in display order.
func (b Buckets) Layout(basis Basis) ([]AgingBucket, error) {
	if basis != "" && basis != AgeByDue && basis != AgeByIssue {
		return nil, &BasisError{Basis: basis}
	}
	edges := b.Edges
	if len(edges) == 0 {
		edges = DefaultBuckets().Edges
	}
	if err := (Buckets{Edges: edges}).Validate(); err != nil {
		return nil, err
	}
	out := make([]AgingBucket, 0, len(edges)+2)
	from := 0
	if basis != AgeByIssue {
		out = append(out, AgingBucket{Key: "not_due", Label: resources.T("dso.bucket.not_due"), Min: math.MinInt, Max: 0})
		from = 1
	}
	for _, e := range edges {
		out = append(out, AgingBucket{
			Key:   fmt.Sprintf("d%d_%d", from, e),
			Label: resources.T("dso.bucket.range", map[string]any{"From": from, "To": e}),
			Min:   from,
			Max:   e,
		})
		from = e + 1
	}
	out = append(out, AgingBucket{
		Key:   fmt.Sprintf("d%d_plus", from),
		Label: resources.T("dso.bucket.over", map[string]any{"Days": from - 1}),
		Min:   from,
		Max:   math.MaxInt,
	})
	return out, nil
}

// AgingOptions choose the buckets and the date ages count from; the zero value is the
// default aged balance by due date.
type AgingOptions struct {
	Buckets Buckets
	Basis   Basis
}

// AgingLine is one row of the aged balance.
type AgingLine struct {
	Key     string        // customer code or segment ("" for the customers without segment, and the total)
	Name    string        // customer name, on customer lines
	Open    money.Cents   // net open balance: the sum of Amounts, negative when credits exceed
	Amounts []money.Cents // per bucket, in the order of Aging.Buckets
	Items   int           // open items counted
}

// AgingCurrency is the aged balance of one currency.
type AgingCurrency struct {
	Currency  string
	Total     AgingLine
	Customers []AgingLine // by customer code
	Segments  []AgingLine // by segment name, "" first
}

// Aging is an aged balance at a date, one block per currency since amounts in different
// currencies never add up.
type Aging struct {
	AsOf       civil.Date
	Basis      Basis
	Buckets    []AgingBucket
	Currencies []AgingCurrency // by currency code
	// Err is set, and there are no figures, when the options cannot be used
	// (*EdgesError or *BasisError).
	Err error
}

// Currency returns the block of one currency.
func (a Aging) Currency(code string) (AgingCurrency, bool) {
	for _, c := range a.Currencies {
		if c.Currency == code {
			return c, true
		}
	}
	return AgingCurrency{}, false
}

// Age builds the aged balance at asOf from the items' balances at that date, so a past
// date works too (payments made since are added back; items not yet issued are left out).
// Credit notes and payments on account are open items like invoices and net off in every
// total; they sit in the bucket of their own date, as accounting software shows them.
// Items whose customer is not in customers count under their code, without segment.
func Age(items []Item, customers []Customer, asOf civil.Date, opt AgingOptions) Aging {
	basis := opt.Basis
	if basis == "" {
		basis = AgeByDue
	}
	res := Aging{AsOf: asOf, Basis: basis}
	layout, err := opt.Buckets.Layout(basis)
	if err != nil {
		res.Err = err
		return res
	}
	res.Buckets = layout

	// Upper limits of every bucket but the last, which has none. By due date the first is
	// 0, so an item due today or later is not due; by invoice date nothing is younger than
	// 0 days since unissued items are left out.
	limits := make([]int, 0, len(layout))
	for _, b := range layout[:len(layout)-1] {
		limits = append(limits, b.Max)
	}
	byIssue := basis == AgeByIssue
	nb := len(layout)

	ix := agingIndexCustomers(customers)
	var curs []*agingCurrency
	var cur *agingCurrency
	lastCode, lastCust := "", int32(-1)
	for i := range items {
		it := &items[i]
		open := agingOpenAt(it, asOf)
		if open == 0 {
			continue
		}
		ref := it.Due
		if byIssue || ref.IsZero() {
			ref = it.Issued
		}
		age := asOf.Sub(ref)
		bucket := len(limits)
		for j, l := range limits {
			if age <= l {
				bucket = j
				break
			}
		}

		code := agingCurrencyCode(it.Currency)
		if cur == nil || cur.code != code {
			cur = agingFindCurrency(&curs, code, nb)
		}
		if lastCust < 0 || it.Customer != lastCode {
			lastCode, lastCust = it.Customer, ix.lookup(it.Customer)
		}
		cur.add(lastCust, ix.seg[lastCust], bucket, open, nb, ix.count(), len(ix.segs))
	}

	order := ix.sortedOrder()
	segOrder := make([]int32, len(ix.segs))
	for i := range segOrder {
		segOrder[i] = int32(i)
	}
	slices.SortFunc(segOrder, func(a, b int32) int { return strings.Compare(ix.segs[a], ix.segs[b]) })

	slices.SortFunc(curs, func(a, b *agingCurrency) int { return strings.Compare(a.code, b.code) })
	res.Currencies = make([]AgingCurrency, 0, len(curs))
	for _, c := range curs {
		res.Currencies = append(res.Currencies, c.result(ix, order, segOrder, nb))
	}
	return res
}

// AgeDisputes is the aged balance of the items under a dispute open at asOf, aged like Age
// (from the due date unless opt says otherwise). Disputes name items by number.
func AgeDisputes(items []Item, disputes []Dispute, asOf civil.Date, opt AgingOptions) Aging {
	disputed := map[string]bool{}
	for _, d := range disputes {
		if d.OpenAt(asOf) {
			disputed[d.Item] = true
		}
	}
	var in []Item
	if len(disputed) > 0 {
		for _, it := range items {
			if disputed[it.Number] {
				in = append(in, it)
			}
		}
	}
	return Age(in, nil, asOf, opt)
}

// agingOpenAt is it.OpenAt(d), without reading the payments of an item settled by d: the
// settlement is its last payment, so none is dated after d. Ledgers are mostly settled
// items, and leaving their payment lists alone keeps the item loops fast.
func agingOpenAt(it *Item, d civil.Date) money.Cents {
	if it.Open == 0 && !it.SettledOn.IsZero() && !it.SettledOn.After(d) {
		return 0
	}
	return it.OpenAt(d)
}

// agingCurrencyCode reads an item's currency; an empty code is the ledger's default, EUR,
// so that it does not form a currency of its own.
func agingCurrencyCode(c string) string {
	if c == "" {
		return "EUR"
	}
	return c
}

// agingIndex numbers customers so the item loop adds into slices, not maps: the list's
// customers by their position, those it does not know (counted without name or segment)
// after them as they show up. The ledger loads customers sorted by code and items grouped
// by customer, so a lookup is mostly a look a few customers ahead of the previous one,
// else a binary search; a map is built only for a list out of order.
type agingIndex struct {
	customers []Customer
	unknown   []string // codes of the customers numbered after the list's
	seg       []int32  // segment number per customer
	segs      []string
	sorted    bool             // the list's codes are strictly ascending (so without duplicates)
	byCode    map[string]int32 // list out of order: the first customer of each code
	extra     map[string]int32 // unknown customers
	next      int              // the customer after the previous lookup
	noSeg     int32
}

// agingLookAhead is how many customers without open items the look-ahead skips before
// falling back to a binary search.
const agingLookAhead = 8

func agingIndexCustomers(customers []Customer) *agingIndex {
	ix := &agingIndex{customers: customers, seg: make([]int32, len(customers)), sorted: true, noSeg: -1}
	segBy := map[string]int32{}
	lastSeg, lastSegIdx := "", int32(-1)
	for i := range customers {
		c := &customers[i]
		if lastSegIdx < 0 || c.Segment != lastSeg {
			s, ok := segBy[c.Segment]
			if !ok {
				s = int32(len(ix.segs))
				segBy[c.Segment] = s
				ix.segs = append(ix.segs, c.Segment)
			}
			lastSeg, lastSegIdx = c.Segment, s
		}
		if i > 0 && customers[i-1].Code >= c.Code {
			ix.sorted = false
		}
		ix.seg[i] = lastSegIdx
	}
	if s, ok := segBy[""]; ok {
		ix.noSeg = s
	}
	if !ix.sorted {
		ix.byCode = make(map[string]int32, len(customers))
		for i := range customers {
			if _, dup := ix.byCode[customers[i].Code]; !dup {
				ix.byCode[customers[i].Code] = int32(i)
			}
		}
	}
	return ix
}

// count is how many customers are numbered.
func (ix *agingIndex) count() int { return len(ix.customers) + len(ix.unknown) }

func (ix *agingIndex) code(i int32) string {
	if int(i) < len(ix.customers) {
		return ix.customers[i].Code
	}
	return ix.unknown[int(i)-len(ix.customers)]
}

func (ix *agingIndex) name(i int32) string {
	if int(i) < len(ix.customers) {
		return ix.customers[i].Name
	}
	return ""
}

func (ix *agingIndex) lookup(code string) int32 {
	if i, ok := ix.find(code); ok {
		ix.next = int(i) + 1
		return i
	}
	if i, ok := ix.extra[code]; ok {
		return i
	}
	if ix.extra == nil {
		ix.extra = map[string]int32{}
	}
	if ix.noSeg < 0 {
		ix.noSeg = int32(len(ix.segs))
		ix.segs = append(ix.segs, "")
	}
	i := int32(ix.count())
	ix.extra[code] = i
	ix.unknown = append(ix.unknown, code)
	ix.seg = append(ix.seg, ix.noSeg)
	return i
}

// find looks code up among the list's customers.
func (ix *agingIndex) find(code string) (int32, bool) {
	if !ix.sorted {
		i, ok := ix.byCode[code]
		return i, ok
	}
	cs := ix.customers
	for i := ix.next; i < min(ix.next+agingLookAhead, len(cs)) && cs[i].Code <= code; i++ {
		if cs[i].Code == code {
			return int32(i), true
		}
	}
	i, ok := slices.BinarySearchFunc(cs, code, func(c Customer, code string) int { return strings.Compare(c.Code, code) })
	return int32(i), ok
}

// sortedOrder lists the customer numbers by code; ledgers load customers sorted, so the
// sort is mostly skipped.
func (ix *agingIndex) sortedOrder() []int32 {
	order := make([]int32, ix.count())
	for i := range order {
		order[i] = int32(i)
	}
	if !ix.sorted || len(ix.unknown) > 0 {
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ix.code(a), ix.code(b)) })
	}
	return order
}

// agingCurrency accumulates one currency: bucket amounts in flat slices, nb per row.
type agingCurrency struct {
	code      string
	total     []money.Cents
	items     int
	cust      []money.Cents
	custItems []int32
	seg       []money.Cents
	segItems  []int32
}

func agingFindCurrency(curs *[]*agingCurrency, code string, nb int) *agingCurrency {
	for _, c := range *curs {
		if c.code == code {
			return c
		}
	}
	c := &agingCurrency{code: code, total: make([]money.Cents, nb)}
	*curs = append(*curs, c)
	return c
}

func (c *agingCurrency) add(cust, seg int32, bucket int, open money.Cents, nb, nCust, nSeg int) {
	if int(cust) >= len(c.custItems) {
		c.custItems = append(c.custItems, make([]int32, nCust-len(c.custItems))...)
		c.cust = append(c.cust, make([]money.Cents, nCust*nb-len(c.cust))...)
	}
	if int(seg) >= len(c.segItems) {
		c.segItems = append(c.segItems, make([]int32, nSeg-len(c.segItems))...)
		c.seg = append(c.seg, make([]money.Cents, nSeg*nb-len(c.seg))...)
	}
	c.total[bucket] += open
	c.items++
	c.cust[int(cust)*nb+bucket] += open
	c.custItems[cust]++
	c.seg[int(seg)*nb+bucket] += open
	c.segItems[seg]++
}

func (c *agingCurrency) result(ix *agingIndex, order, segOrder []int32, nb int) AgingCurrency {
	out := AgingCurrency{Currency: c.code, Total: agingLine("", "", c.total, c.items)}
	n := 0
	for _, k := range c.custItems {
		if k > 0 {
			n++
		}
	}
	out.Customers = make([]AgingLine, 0, n)
	for _, i := range order {
		if int(i) >= len(c.custItems) || c.custItems[i] == 0 {
			continue
		}
		out.Customers = append(out.Customers, agingLine(ix.code(i), ix.name(i), c.cust[int(i)*nb:int(i+1)*nb:int(i+1)*nb], int(c.custItems[i])))
	}
	for _, s := range segOrder {
		if int(s) >= len(c.segItems) || c.segItems[s] == 0 {
			continue
		}
		out.Segments = append(out.Segments, agingLine(ix.segs[s], "", c.seg[int(s)*nb:int(s+1)*nb:int(s+1)*nb], int(c.segItems[s])))
	}
	return out
}

func agingLine(key, name string, amounts []money.Cents, items int) AgingLine {
	var open money.Cents
	for _, a := range amounts {
		open += a
	}
	return AgingLine{Key: key, Name: name, Open: open, Amounts: amounts, Items: items}
}
