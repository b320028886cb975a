package dunning

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// riskBenchAsOf is the as-of date of the benchmark ledger.
var riskBenchAsOf = civil.New(2026, 11, 18)

// riskGenBook builds a deterministic ledger of n items spread at random over customers
// (so not grouped by customer, the worst case for grouping): 60 % paid invoices that
// give the history, open invoices from a year overdue to three months ahead, credit
// notes and payments on account, a few dollar customers, promises and disputes.
func riskGenBook(customers, n int) Book {
	rng := rand.New(rand.NewPCG(7, 11))
	b := Book{Customers: make([]Customer, customers), Items: make([]Item, n)}
	for c := range b.Customers {
		b.Customers[c] = Customer{Code: fmt.Sprintf("C%05d", c), Name: fmt.Sprintf("Client %d", c)}
		if c%3 == 0 {
			b.Customers[c].CreditLimit = money.Cents(500000 + rng.IntN(2000000))
		}
	}
	for i := range b.Items {
		c := rng.IntN(customers)
		due := riskBenchAsOf.AddDays(rng.IntN(450) - 360)
		amount := money.Cents(5000 + rng.IntN(500000))
		it := Item{
			ID: int64(i + 1), Number: fmt.Sprintf("F%06d", i), Customer: b.Customers[c].Code,
			Kind: Invoice, Issued: due.AddDays(-30), Due: due, Amount: amount, Open: amount,
			Currency: "EUR",
		}
		if c%20 == 0 {
			it.Currency = "USD"
		}
		switch r := rng.IntN(100); {
		case r < 5:
			it.Kind, it.Amount, it.Open = Credit, -amount/4, -amount/4
		case r < 7:
			it.Kind, it.Amount, it.Open = OnAccount, -amount/3, -amount/3
		case r < 67 && due.Before(riskBenchAsOf):
			paid := due.AddDays(rng.IntN(70) - 10)
			if paid.After(riskBenchAsOf) {
				paid = riskBenchAsOf
			}
			it.Open, it.SettledOn = 0, paid
			it.Payments = []Payment{{On: paid, Amount: amount}}
		}
		b.Items[i] = it
	}
	statuses := []PromiseStatus{PromiseOpen, PromiseBroken, PromiseKept}
	for p := range customers / 10 {
		c := rng.IntN(customers)
		b.Promises = append(b.Promises, Promise{
			ID: int64(p + 1), Customer: b.Customers[c].Code, Date: riskBenchAsOf.AddDays(rng.IntN(40) - 5),
			Created: riskBenchAsOf.AddDays(-rng.IntN(30)), Status: statuses[p%len(statuses)],
		})
	}
	for d := range n / 200 {
		b.Disputes = append(b.Disputes, Dispute{ID: int64(d + 1), Item: b.Items[rng.IntN(n)].Number,
			Opened: riskBenchAsOf.AddDays(-rng.IntN(60))})
	}
	return b
}

func BenchmarkForecast(b *testing.B) {
	book := riskGenBook(20000, 100000)
	b.ReportAllocs()
	for b.Loop() {
		Forecast(book, riskBenchAsOf, 13)
	}
}

func BenchmarkRisk(b *testing.B) {
	book := riskGenBook(20000, 100000)
	b.ReportAllocs()
	for b.Loop() {
		Risk(book, riskBenchAsOf)
	}
}
