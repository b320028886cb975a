package dunning

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
)

var dsoBenchAsOf = civil.New(2026, 11, 20)

// dsoBenchLedger generates a deterministic ledger of n items over the customers, grouped by
// customer as the ledger loads them: 18 months of invoices (5 % in USD) paid like a real
// ledger's, in one to three payments around the due date, so that those of the last two
// months or so are open or part paid; one in twenty is never paid in full. Credit notes
// and payments on account are applied after a while, or not yet.
func dsoBenchLedger(n, customers int) ([]Item, []Customer) {
	rng := rand.New(rand.NewPCG(2026, 11))
	segments := []string{"", "PME", "GC", "ETI"}
	cs := make([]Customer, customers)
	for i := range cs {
		cs[i] = Customer{ID: int64(i + 1), Code: fmt.Sprintf("C%05d", i), Name: fmt.Sprintf("Client %d", i),
			Segment: segments[i%len(segments)]}
	}
	items := make([]Item, n)
	for i := range items {
		issued := dsoBenchAsOf.AddDays(-rng.IntN(540))
		it := Item{
			ID:       int64(i + 1),
			Number:   fmt.Sprintf("F%06d", i),
			Customer: cs[i*customers/n].Code,
			Kind:     Invoice,
			Issued:   issued,
			Due:      issued.AddDays([]int{30, 45, 60}[rng.IntN(3)]),
			Currency: "EUR",
		}
		if rng.IntN(20) == 0 {
			it.Currency = "USD"
		}
		parts := 1 + rng.IntN(3)
		switch r := rng.IntN(100); {
		case r < 7:
			it.Kind = Credit
			it.Amount = -money.Cents(1000 + rng.IntN(200000))
			parts = 1
		case r < 10:
			it.Kind = OnAccount
			it.Due = issued
			it.Amount = -money.Cents(1000 + rng.IntN(500000))
			parts = 1
		default:
			it.Amount = money.Cents(5000 + rng.IntN(2000000))
		}
		it.Open = it.Amount
		last := it.Due.AddDays(rng.IntN(60) - 20) // the day it is paid in full
		if stuck := rng.IntN(20) == 0; stuck {
			parts, last = 2, dsoBenchAsOf.AddDays(1) // only a first part is ever paid
		}
		for p := range parts {
			on := last.AddDays(-15 * (parts - 1 - p))
			if on.After(dsoBenchAsOf) {
				break
			}
			amount := it.Open / money.Cents(parts-p)
			it.Payments = append(it.Payments, Payment{On: on, Amount: amount})
			it.Open -= amount
			if it.Open == 0 {
				it.SettledOn = on
			}
		}
		items[i] = it
	}
	return items, cs
}

func dsoBenchBig(b *testing.B) ([]Item, []Customer) {
	b.Helper()
	items, customers := dsoBenchLedger(100_000, 20_000)
	b.ReportAllocs()
	b.ResetTimer()
	return items, customers
}

func BenchmarkAging(b *testing.B) {
	items, customers := dsoBenchBig(b)
	for b.Loop() {
		if a := Age(items, customers, dsoBenchAsOf, AgingOptions{}); len(a.Currencies) != 2 {
			b.Fatalf("%d currencies", len(a.Currencies))
		}
	}
}

func BenchmarkDSOCountBack(b *testing.B) {
	items, _ := dsoBenchBig(b)
	for b.Loop() {
		DSO(items, dsoBenchAsOf, 3, MethodCountBack, civil.New(2025, 1, 1))
	}
}

func BenchmarkDSOSimple(b *testing.B) {
	items, _ := dsoBenchBig(b)
	for b.Loop() {
		DSO(items, dsoBenchAsOf, 3, MethodSimple, civil.New(2025, 1, 1))
	}
}

// BenchmarkAgingAndDSO is what the dashboard computes on opening: it must stay far under
// 15 ms for 100,000 items.
func BenchmarkAgingAndDSO(b *testing.B) {
	items, customers := dsoBenchBig(b)
	for b.Loop() {
		Age(items, customers, dsoBenchAsOf, AgingOptions{})
		DSO(items, dsoBenchAsOf, 3, MethodCountBack, civil.New(2025, 1, 1))
		DSO(items, dsoBenchAsOf, 3, MethodSimple, civil.New(2025, 1, 1))
	}
}

func BenchmarkDSOMonthEndSeries(b *testing.B) {
	items, _ := dsoBenchBig(b)
	for b.Loop() {
		if p := MonthEndSeries(items, dsoBenchAsOf, 12, 3, civil.New(2025, 6, 1), civil.New(2025, 1, 1)); len(p) != 24 {
			b.Fatalf("%d points", len(p))
		}
	}
}

// TestDSOBenchLedgerIsConsistent guards the generator the benchmarks and the cross-checks
// rely on: payments in date order, balances that add up, both currencies present, and a
// ledger that looks like a real one (most items settled, a DSO of one to three months).
func TestDSOBenchLedgerIsConsistent(t *testing.T) {
	items, customers := dsoBenchLedger(5000, 1000)
	if len(customers) != 1000 || !slices.IsSortedFunc(customers, func(a, b Customer) int {
		return int(a.ID - b.ID)
	}) {
		t.Fatal("customers")
	}
	currencies := map[string]int{}
	paid := 0
	for _, it := range items {
		currencies[it.Currency]++
		var sum money.Cents
		for i, p := range it.Payments {
			sum += p.Amount
			if i > 0 && p.On.Before(it.Payments[i-1].On) || p.On.After(dsoBenchAsOf) {
				t.Fatalf("%s: payments out of order or in the future: %+v", it.Number, it.Payments)
			}
		}
		if it.Open+sum != it.Amount {
			t.Fatalf("%s: open %d + paid %d != amount %d", it.Number, it.Open, sum, it.Amount)
		}
		if it.Open == 0 {
			paid++
		}
	}
	if len(currencies) != 2 || paid < len(items)*3/4 || paid > len(items)*95/100 {
		t.Errorf("currencies %v, %d settled of %d", currencies, paid, len(items))
	}
	for _, r := range DSO(items, dsoBenchAsOf, 3, MethodCountBack, civil.New(2025, 6, 1)) {
		if !r.Complete || r.Days < 30 || r.Days > 100 {
			t.Errorf("%s count-back DSO %.1f days (%q), want a plausible 30 to 100", r.Currency, r.Days, r.Reason)
		}
	}
}
