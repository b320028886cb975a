// Package dunning holds the rules of collection: aging, DSO, scenarios and the agenda,
// promises, disputes, penalties, forecast and risk. It is pure Go: no Fyne, no SQL and no
// clock. data/ loads the ledger into the types below and every function takes its dates.
//
// Money is in integer cents and is never added across currencies: every total is kept per
// currency code.
package dunning

import (
	"encaisse/data/civil"
	"encaisse/data/money"
)

// Kind of an item.
type Kind string

// Item kinds, as stored in the ledger.
const (
	Invoice   Kind = "invoice"
	Credit    Kind = "credit"  // credit note: negative amount
	OnAccount Kind = "payment" // unmatched payment on account: negative amount
)

// Payment is money received against one item, as the weekly snapshots revealed it.
type Payment struct {
	On     civil.Date
	Amount money.Cents // same sign as the item: what it took off the open balance
}

// Item is an invoice, credit note or unmatched payment of a customer.
type Item struct {
	ID           int64
	Number       string
	Customer     string // customer code
	Kind         Kind
	Issued       civil.Date
	Due          civil.Date
	DueEstimated bool        // the due date was computed (issue date + terms), not read
	Amount       money.Cents // TTC; negative for credit notes and payments
	Open         money.Cents // open balance today, same sign as Amount; 0 when settled
	Currency     string      // ISO code, "EUR" by default
	SettledOn    civil.Date  // zero while open
	FirstSeen    civil.Date  // as-of date of the first import that knew the item
	Payments     []Payment   // partial payments in date order (the last one may settle it)
}

// OpenAt is the item's open balance at date d as far as the history tells: zero before it
// was issued; otherwise today's balance plus every payment dated after d. The ledger records
// a settlement as a payment of what remained, so a settled item is open until that date.
// What was paid before the first import saw the item is unknown and stays paid.
func (it Item) OpenAt(d civil.Date) money.Cents {
	if d.Before(it.Issued) {
		return 0
	}
	open := it.Open
	for _, p := range it.Payments {
		if !p.On.After(d) {
			continue
		}
		open += p.Amount
	}
	return open
}

// DaysLate at asOf: days past due, 0 when not yet due (due today is not late).
func (it Item) DaysLate(asOf civil.Date) int {
	if n := asOf.Sub(it.Due); n > 0 {
		return n
	}
	return 0
}

// Customer as the rules see it.
type Customer struct {
	ID          int64
	Code        string
	Name        string
	Segment     string
	Scenario    string // scenario name; "" means the default scenario
	OnHold      bool
	Strategic   bool
	CreditLimit money.Cents // 0: no limit set
	TermsDays   int         // 0: the company's default terms
	// Contractual late-payment rate in basis points per year (1215 = 12.15 %); 0: none.
	RateBP int
	Phone  string
	Email  string
}

// PromiseStatus is the state of a promise to pay.
type PromiseStatus string

// Promise states.
const (
	PromiseOpen      PromiseStatus = "open"
	PromiseKept      PromiseStatus = "kept"
	PromiseBroken    PromiseStatus = "broken"
	PromiseCancelled PromiseStatus = "cancelled"
)

// Promise to pay.
type Promise struct {
	ID       int64
	Customer string
	Date     civil.Date // promised payment date
	Amount   money.Cents
	Currency string
	Items    []string // item numbers covered; empty: all the customer's overdue items
	Note     string
	Created  civil.Date
	Status   PromiseStatus // as stored; Evaluate gives the status at a date
	Closed   civil.Date
}

// Dispute on one item.
type Dispute struct {
	ID     int64
	Item   string // item number
	Reason string // code from the editable reasons list
	Note   string
	Opened civil.Date
	Closed civil.Date // zero while open
}

// OpenAt reports whether the dispute is open at d.
func (d Dispute) OpenAt(at civil.Date) bool {
	return !at.Before(d.Opened) && (d.Closed.IsZero() || at.Before(d.Closed))
}

// Channel of a scenario step or a recorded action.
type Channel string

// Channels.
const (
	Email      Channel = "email"
	Letter     Channel = "letter"
	Phone      Channel = "phone"
	Registered Channel = "registered" // registered letter with receipt (LRAR)
	SMS        Channel = "sms"        // text the user copies into a phone
	Litigation Channel = "litigation" // hand-over to litigation
)

// Action is a contact with a customer recorded in the history: a reminder sent, a letter
// printed, a call made. Step is the scenario step it carried out ("" for a contact outside
// the scenario, which still counts for the minimum gap).
type Action struct {
	Customer string
	On       civil.Date
	Channel  Channel
	Scenario string
	Step     string
	Outcome  string // for calls: promise, dispute, no_answer, callback, not_received, paid, …
}

// Step of a dunning scenario.
type Step struct {
	Name     string
	Channel  Channel
	Also     []Channel // sent together with Channel (Relance 2 goes by email and letter)
	Template string    // template id in letters/
	// DelayDays counts from the due date of the customer's oldest overdue item, or from
	// the previous step when FromPrevious is set.
	DelayDays    int
	FromPrevious bool
	MinOverdue   money.Cents // the step is skipped below this net overdue amount
	Validate     bool        // the user must validate before it goes out
	// FormalNotice marks a mise en demeure: it and the steps after it are proposed only
	// once an earlier reminder was recorded.
	FormalNotice bool
}

// Scenario is an ordered list of steps; users edit them.
type Scenario struct {
	Name  string
	Steps []Step
}

// Settings are the company's collection settings.
type Settings struct {
	DefaultScenario  string
	MinOverdue       money.Cents // default minimum overdue amount for a step (10 €)
	MinGapDays       int         // minimum days between two contacts with a customer (7)
	PromiseGraceDays int         // days after a promise date before it counts as broken (2)
	DefaultTermsDays int         // payment terms when the customer has none (30)
	StaleImportDays  int         // warn when the last import is older than this (7)
	RateBP           int         // company's contractual late-payment rate, 0: legal default
}

// DefaultSettings are the shipped defaults.
func DefaultSettings() Settings {
	return Settings{
		DefaultScenario:  "Standard",
		MinOverdue:       1000,
		MinGapDays:       7,
		PromiseGraceDays: 2,
		DefaultTermsDays: 30,
		StaleImportDays:  7,
	}
}

// Book is everything the rules read, loaded from the ledger by data/.
type Book struct {
	Customers []Customer
	Items     []Item // open items, and settled ones when the caller needs history
	Promises  []Promise
	Disputes  []Dispute
	Actions   []Action // in date order
	Scenarios []Scenario
	Settings  Settings
	// LastImport is the as-of date of the latest import (zero: never imported).
	LastImport civil.Date
	// HistoryFrom is the as-of date of the first import: balances before it are unknown.
	HistoryFrom civil.Date
	// SalesFrom is the first date from which the ledger knows every invoice issued, paid
	// ones included (a FEC gives its whole period; weekly snapshots start at the first
	// import, or earlier when the export carried paid invoices). Zero: unknown.
	SalesFrom civil.Date
}
