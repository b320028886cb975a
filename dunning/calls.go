package dunning

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// Call is one customer to phone, with what to talk about.
type Call struct {
	Customer, Name, Phone string
	Currency              string
	Overdue               money.Cents
	OldestDaysLate        int
	Invoices              []string
	// Priority weighs each eligible overdue invoice by its age: Open × (30 + days late) / 30,
	// so a month late counts double. Summed over the main currency only, in cents.
	Priority       int64
	BrokenPromises int
	Strategic      bool
	Added          bool      // the user put the customer on the list
	Proposal       *Proposal // the agenda's proposal for the customer, nil when none
	Reason         string
}

// CallQueue is the morning's phone list: the customers whose agenda step today is a call,
// plus the customers the user added by code. Customers who broke a promise come first,
// then the highest priority, then by code.
func CallQueue(b Book, date civil.Date, added []string) []Call {
	r := agendaNewRun(&b, date)
	wanted := make(map[string]bool, len(added))
	for _, code := range added {
		wanted[code] = true
	}
	// Only the proposals the queue shows are worth their sentences.
	r.wanted = func(ci int, step *Step) bool { return step.Channel == Phone || wanted[b.Customers[ci].Code] }
	parts := make([][]Call, r.parts)
	r.each(func(w *agendaWorker, part, ci int, e *agendaEval) {
		c := &b.Customers[ci]
		isCall := e != nil && e.proposal != nil && e.proposal.Channel == Phone
		if !isCall && (!wanted[c.Code] || !r.first[ci]) {
			return
		}
		if e == nil {
			e = &agendaEval{cust: c}
		}
		parts[part] = append(parts[part], w.call(e, wanted[c.Code]))
	})
	calls := slices.Concat(parts...)
	slices.SortFunc(calls, func(a, b Call) int {
		return cmp.Or(-cmp.Compare(min(a.BrokenPromises, 1), min(b.BrokenPromises, 1)),
			cmp.Compare(b.Priority, a.Priority), cmp.Compare(a.Customer, b.Customer))
	})
	return calls
}

func (r *agendaWorker) call(e *agendaEval, added bool) Call {
	c := e.cust
	call := Call{Customer: c.Code, Name: c.Name, Phone: c.Phone, Strategic: c.Strategic, Added: added,
		Proposal: e.proposal, BrokenPromises: len(e.broken)}
	var parts []string
	if bp := r.latestBroken(e, false); bp != nil {
		key := "agenda.call.broken.one"
		if call.BrokenPromises > 1 {
			key = "agenda.call.broken.many"
		}
		parts = append(parts, r.t(key, "Date", bp.Date.French(), "Count", strconv.Itoa(call.BrokenPromises)))
	}
	if len(e.amounts) > 0 {
		main := e.amounts[0]
		call.Currency, call.Overdue, call.OldestDaysLate = main.currency, main.net(), r.date.Sub(main.oldest)
		amounts := make([]string, len(e.amounts))
		for k, a := range e.amounts {
			amounts[k] = money.FormatCurrency(a.net(), a.currency)
		}
		// Round once, half away from zero, on the whole sum (amounts are positive).
		var weighted int64
		for _, pos := range e.eligible {
			it := r.item(pos)
			call.Invoices = append(call.Invoices, it.Number)
			if agendaCurrency(it.Currency) == main.currency {
				weighted += int64(it.Open) * int64(30+it.DaysLate(r.date))
			}
		}
		call.Priority = (weighted + 15) / 30
		parts = append(parts, r.t("agenda.call.overdue",
			"Amount", r.and(amounts), "Days", r.days(call.OldestDaysLate)))
	}
	if added && (e.proposal == nil || e.proposal.Channel != Phone) {
		parts = append(parts, r.t("agenda.call.added"))
	}
	if e.proposal == nil && e.reason != "" {
		parts = append(parts, strings.TrimSuffix(e.reason, "."))
	}
	if c.Strategic {
		parts = append(parts, r.t("agenda.call.strategic"))
	}
	call.Reason = strings.Join(parts, r.t("agenda.call.sep"))
	return call
}
