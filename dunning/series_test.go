package dunning

import (
	"slices"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/data/money"
)

// seriesHistory is a small ledger whose month-end figures were worked out by hand.
func seriesHistory() []Item {
	d := civil.New
	usd := dsoItem("E", d(2026, 8, 1), 700, 700)
	usd.Due = d(2026, 8, 31)
	usd.Currency = "USD"
	credit := dsoItem("C", d(2026, 6, 10), -500, -500)
	credit.Due = 0 // aged, and counted overdue, from its own date
	return []Item{
		dsoItem("A", d(2026, 1, 10), 1000, 0, dsoPaid(d(2026, 3, 5), 400), dsoPaid(d(2026, 5, 20), 600)),
		dsoItem("B", d(2026, 4, 15), 2000, 2000),
		credit,
		dsoItem("D", d(2026, 10, 25), 3000, 3000),
		usd,
	}
}

func TestMonthEndSeriesFigures(t *testing.T) {
	d := civil.New
	asOf, historyFrom, salesFrom := d(2026, 11, 20), d(2026, 3, 15), d(2026, 1, 1)
	points := MonthEndSeries(seriesHistory(), asOf, 12, 3, historyFrom, salesFrom)
	if len(points) != 24 {
		t.Fatalf("%d points, want 12 per currency", len(points))
	}
	const none = -1.0 // no DSO figure
	// A: 1,000 issued 10/01 due 09/02, paid 400 on 05/03 and 600 on 20/05. B: 2,000 issued
	// 15/04 due 15/05. C: credit note −500 of 10/06. D: 3,000 issued 25/10 due 24/11.
	// DSO over 3 months, sales known from 01/01/2026; count-back goes on past the period.
	want := []struct {
		currency          string
		date              civil.Date
		outstanding       money.Cents
		overdue           money.Cents
		complete          bool
		simple, countBack float64
	}{
		{"EUR", d(2025, 12, 31), 0, 0, false, none, none},
		{"EUR", d(2026, 1, 31), 1000, 0, false, none, none},
		{"EUR", d(2026, 2, 28), 1000, 1000, false, none, none},
		{"EUR", d(2026, 3, 31), 600, 600, true, 600.0 / 1000 * 90, 31 + 28 + 18.6},
		{"EUR", d(2026, 4, 30), 2600, 600, true, 2600.0 / 2000 * 89, 30 + 31 + 28 + 18.6},
		{"EUR", d(2026, 5, 31), 2000, 2000, true, 92, 31 + 30},
		{"EUR", d(2026, 6, 30), 1500, 1500, true, 91, 30 + 31 + 22.5},
		{"EUR", d(2026, 7, 31), 1500, 1500, true, none, none}, // net sales May–July: −500
		{"EUR", d(2026, 8, 31), 1500, 1500, true, none, none},
		{"EUR", d(2026, 9, 30), 1500, 1500, true, none, none}, // no sales July–September
		{"EUR", d(2026, 10, 31), 4500, 1500, true, 4500.0 / 3000 * 92, 31 + 30 + 31 + 31 + 30 + 31 + 22.5},
		{"EUR", d(2026, 11, 20), 4500, 1500, true, 4500.0 / 3000 * 81, 20 + 31 + 30 + 31 + 31 + 30 + 31 + 22.5},
		{"USD", d(2025, 12, 31), 0, 0, false, none, none},
		{"USD", d(2026, 1, 31), 0, 0, false, none, none},
		{"USD", d(2026, 2, 28), 0, 0, false, none, none},
		{"USD", d(2026, 3, 31), 0, 0, true, none, none},
		{"USD", d(2026, 4, 30), 0, 0, true, none, none},
		{"USD", d(2026, 5, 31), 0, 0, true, none, none},
		{"USD", d(2026, 6, 30), 0, 0, true, none, none},
		{"USD", d(2026, 7, 31), 0, 0, true, none, none},
		{"USD", d(2026, 8, 31), 700, 0, true, 92, 31}, // due on the day: not yet overdue
		{"USD", d(2026, 9, 30), 700, 700, true, 92, 30 + 31},
		{"USD", d(2026, 10, 31), 700, 700, true, 700.0 / 700 * 92, 31 + 30 + 31},
		{"USD", d(2026, 11, 20), 700, 700, true, none, none}, // no USD sale since September
	}
	for i, w := range want {
		p := points[i]
		if p.Currency != w.currency || p.Date != w.date || p.Outstanding != w.outstanding*100 ||
			p.Overdue != w.overdue*100 || p.Complete != w.complete {
			t.Errorf("point %d: %s %s out %d overdue %d complete %v; want %s %s %d %d %v", i,
				p.Currency, p.Date, p.Outstanding, p.Overdue, p.Complete,
				w.currency, w.date, w.outstanding*100, w.overdue*100, w.complete)
		}
		if p.Complete == (p.Reason != "") {
			t.Errorf("point %d (%s): Complete %v with reason %q", i, p.Date, p.Complete, p.Reason)
		}
		for _, m := range []struct {
			r    DSOResult
			want float64
		}{{p.Simple, w.simple}, {p.CountBack, w.countBack}} {
			got := m.r.Days
			if !m.r.Complete {
				got = none
				if m.r.Reason == "" {
					t.Errorf("point %d %s %s: no figure and no reason", i, p.Date, m.r.Method)
				}
			}
			if !dsoNear(got, m.want) || m.r.AsOf != p.Date || m.r.Months != 3 {
				t.Errorf("point %d %s %s: %.6f days (as of %s over %d months), want %.6f",
					i, p.Date, m.r.Method, got, m.r.AsOf, m.r.Months, m.want)
			}
		}
	}
	if r := points[1].CountBack.Reason; !strings.Contains(r, "31/01/2026") || !strings.Contains(r, "15/03/2026") {
		t.Errorf("reason before the first import: %q", r)
	}
	if p := MonthEndSeries(seriesHistory(), asOf, 12, 3, 0, salesFrom)[11]; p.Complete || p.Reason == "" || p.CountBack.Complete {
		t.Errorf("unknown first import: %+v", p)
	}
}

func TestMonthEndSeriesUnsortedPayments(t *testing.T) {
	d := civil.New
	sorted := dsoItem("A", d(2026, 2, 1), 800, 0, dsoPaid(d(2026, 4, 10), 500), dsoPaid(d(2026, 7, 10), 300))
	unsorted := sorted
	unsorted.Payments = []Payment{sorted.Payments[1], sorted.Payments[0]}
	want := MonthEndSeries([]Item{sorted}, d(2026, 9, 30), 9, 3, d(2026, 1, 1), d(2026, 1, 1))
	got := MonthEndSeries([]Item{unsorted}, d(2026, 9, 30), 9, 3, d(2026, 1, 1), d(2026, 1, 1))
	if !slices.Equal(got, want) {
		t.Errorf("unsorted payments give\n%+v\nwant\n%+v", got, want)
	}
	var outs []money.Cents
	for _, p := range want {
		outs = append(outs, p.Outstanding/100)
	}
	if !slices.Equal(outs, []money.Cents{0, 800, 800, 300, 300, 300, 0, 0, 0}) {
		t.Errorf("outstanding January–September: %v", outs)
	}
}

// TestMonthEndSeriesMatchesDSO checks every point against the direct computation: balances
// by OpenAt and DSO at that date, on a generated ledger.
func TestMonthEndSeriesMatchesDSO(t *testing.T) {
	items, _ := dsoBenchLedger(4000, 500)
	asOf, salesFrom := dsoBenchAsOf.AddDays(-7), civil.New(2025, 6, 1)
	points := MonthEndSeries(items, asOf, 12, 3, civil.New(2020, 1, 1), salesFrom)
	if len(points) != 24 {
		t.Fatalf("%d points", len(points))
	}
	for _, p := range points {
		var out, overdue money.Cents
		for _, it := range items {
			if agingCurrencyCode(it.Currency) != p.Currency {
				continue
			}
			open := it.OpenAt(p.Date)
			out += open
			if it.Due.Before(p.Date) {
				overdue += open
			}
		}
		if p.Outstanding != out || p.Overdue != overdue || !p.Complete {
			t.Errorf("%s %s: out %d overdue %d, want %d %d", p.Currency, p.Date, p.Outstanding, p.Overdue, out, overdue)
		}
		for _, r := range []DSOResult{p.Simple, p.CountBack} {
			i := slices.IndexFunc(DSO(items, p.Date, 3, r.Method, salesFrom), func(x DSOResult) bool { return x.Currency == p.Currency })
			if i < 0 {
				t.Errorf("%s %s %s: no DSO result", p.Currency, p.Date, r.Method)
				continue
			}
			if direct := DSO(items, p.Date, 3, r.Method, salesFrom)[i]; r != direct {
				t.Errorf("%s %s: series %+v, DSO %+v", p.Currency, p.Date, r, direct)
			}
		}
	}
}
