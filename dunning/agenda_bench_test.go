package dunning

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// agendaGenBook builds a large deterministic ledger: customers with five items each on
// average (some paid, some credit notes, a few in dollars), actions, promises and disputes.
func agendaGenBook(customers, items, actions int) Book {
	seed := uint64(42)
	next := func(n int) int { // xorshift: the same ledger on every run
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return int(seed % uint64(n))
	}
	today := civil.New(2026, time.November, 20)
	b := Book{Scenarios: DefaultScenarios(), Settings: DefaultSettings(), LastImport: today.AddDays(-3)}
	scenarios := []string{"", "", "", "", "Petits montants", "Clients stratégiques", "Ancien"}
	for c := range customers {
		b.Customers = append(b.Customers, Customer{Code: fmt.Sprintf("C%05d", c), Name: fmt.Sprintf("Client %d", c),
			Scenario: scenarios[next(len(scenarios))], OnHold: next(50) == 0, Strategic: next(20) == 0})
	}
	for i := range items {
		cust := b.Customers[next(customers)].Code
		due := today.AddDays(30 - next(150))
		amount := money.Cents(500 + next(500000))
		it := Item{Number: fmt.Sprintf("F%06d", i), Customer: cust, Kind: Invoice, Issued: due.AddDays(-30), Due: due,
			Amount: amount, Open: amount, Currency: "EUR", FirstSeen: due.AddDays(-30)}
		switch r := next(100); {
		case r < 30: // paid, with its payment history
			it.Open, it.SettledOn = 0, due.AddDays(next(20))
			it.Payments = []Payment{{On: it.SettledOn, Amount: amount}}
		case r < 38:
			it.Kind, it.Amount, it.Open = Credit, -amount/4, -amount/4
		case r < 40:
			it.Currency = "USD"
		case r < 45: // partly paid
			part := amount / 3
			it.Open -= part
			it.Payments = []Payment{{On: due.AddDays(5), Amount: part}}
		}
		b.Items = append(b.Items, it)
	}
	steps := []string{"Relance 1", "Relance 2", "Appel", "", "Mise en demeure"}
	for range actions {
		b.Actions = append(b.Actions, Action{Customer: b.Customers[next(customers)].Code, On: today.AddDays(-next(60)),
			Channel: Email, Step: steps[next(len(steps))]})
	}
	for i := range items / 100 {
		it := b.Items[next(items)]
		p := Promise{ID: int64(i), Customer: it.Customer, Date: today.AddDays(10 - next(20)), Amount: it.Amount / 2,
			Created: today.AddDays(-10 - next(10))}
		if next(2) == 0 {
			p.Items = []string{it.Number}
		}
		b.Promises = append(b.Promises, p)
	}
	for i := range items / 200 {
		it := b.Items[next(items)]
		b.Disputes = append(b.Disputes, Dispute{ID: int64(i), Item: it.Number, Opened: today.AddDays(-next(40))})
	}
	return b
}

func BenchmarkAgenda(b *testing.B) {
	book := agendaGenBook(20000, 100000, 5000)
	date := civil.New(2026, time.November, 20)
	b.ReportAllocs()
	var res AgendaResult
	for b.Loop() {
		res = Agenda(book, date)
	}
	b.ReportMetric(float64(len(res.Proposals)), "proposals")
	b.ReportMetric(float64(len(res.Skipped)), "skipped")
}

func BenchmarkCallQueue(b *testing.B) {
	book := agendaGenBook(20000, 100000, 5000)
	date := civil.New(2026, time.November, 20)
	added := []string{"C00001", "C00002", "C19999"}
	b.ReportAllocs()
	var calls []Call
	for b.Loop() {
		calls = CallQueue(book, date, added)
	}
	b.ReportMetric(float64(len(calls)), "calls")
}

// The generated ledger must exercise every path the benchmark claims to measure.
func TestAgendaGenBookCoversTheRules(t *testing.T) {
	res := Agenda(agendaGenBook(2000, 10000, 500), civil.New(2026, time.November, 20))
	codes := map[string]int{}
	for _, s := range res.Skipped {
		codes[s.Code]++
	}
	steps := map[string]int{}
	broken := 0
	for _, p := range res.Proposals {
		steps[p.Step]++
		if p.BrokenPromise {
			broken++
		}
	}
	for _, code := range []string{SkipNotDue, SkipOnHold, SkipPromised, SkipRecentContact, SkipNotReached, SkipCreditCovers} {
		if codes[code] == 0 {
			t.Errorf("no customer skipped as %s: %v", code, codes)
		}
	}
	for _, step := range []string{"Relance 1", "Relance 2", "Appel", "Mise en demeure", "Relance 3", "Appel de courtoisie"} {
		if steps[step] == 0 {
			t.Errorf("no proposal for %s: %v", step, steps)
		}
	}
	if broken == 0 || len(res.Warnings) == 0 {
		t.Errorf("broken promises %d, warnings %v", broken, res.Warnings)
	}
}

// Customers are evaluated in ranges side by side: each one's outcome must be what it gets
// alone in the ledger, and the order must not depend on the ranges.
func TestAgendaParallelMatchesOneByOne(t *testing.T) {
	book := agendaGenBook(3*agendaChunk, 15000, 1500)
	date := civil.New(2026, time.November, 20)
	res := Agenda(book, date)
	if r := agendaNewRun(&book, date); r.parts < 2 && runtime.GOMAXPROCS(0) > 1 {
		t.Fatalf("%d customer ranges: the parallel path is not tested", r.parts)
	}
	type outcome struct{ step, skip, reason string }
	got := map[string]outcome{}
	for _, p := range res.Proposals {
		got[p.Customer] = outcome{step: p.Step, reason: p.Reason}
	}
	for _, s := range res.Skipped {
		got[s.Customer] = outcome{skip: s.Code, reason: s.Reason}
	}
	for i := 0; i < len(book.Customers); i += 29 {
		c := book.Customers[i]
		alone := book
		alone.Customers = []Customer{c}
		alone.Items = slices.DeleteFunc(slices.Clone(book.Items), func(it Item) bool { return it.Customer != c.Code })
		alone.Actions = slices.DeleteFunc(slices.Clone(book.Actions), func(a Action) bool { return a.Customer != c.Code })
		alone.Promises = slices.DeleteFunc(slices.Clone(book.Promises), func(p Promise) bool { return p.Customer != c.Code })
		one := Agenda(alone, date)
		var want outcome
		if len(one.Proposals) == 1 {
			want = outcome{step: one.Proposals[0].Step, reason: one.Proposals[0].Reason}
		} else if len(one.Skipped) == 1 {
			want = outcome{skip: one.Skipped[0].Code, reason: one.Skipped[0].Reason}
		}
		if got[c.Code] != want {
			t.Errorf("%s: in the whole ledger %+v, alone %+v", c.Code, got[c.Code], want)
		}
	}
	again := Agenda(book, date)
	if !slices.EqualFunc(res.Proposals, again.Proposals, func(a, b Proposal) bool {
		return a.Customer == b.Customer && a.Reason == b.Reason && slices.Equal(a.Invoices, b.Invoices)
	}) || !slices.Equal(res.Skipped, again.Skipped) {
		t.Error("two runs differ")
	}
	for i := 1; i < len(res.Proposals); i++ {
		a, b := res.Proposals[i-1], res.Proposals[i]
		ra, _ := agendaChannelRank(a.Channel)
		rb, _ := agendaChannelRank(b.Channel)
		if ra > rb || ra == rb && (a.Overdue < b.Overdue || a.Overdue == b.Overdue && a.Customer >= b.Customer) {
			t.Fatalf("proposals %d and %d out of order: %s %s %d, %s %s %d", i-1, i, a.Customer, a.Channel, a.Overdue, b.Customer, b.Channel, b.Overdue)
		}
	}
}
