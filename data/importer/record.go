// Package importer reads the files a user brings from the accounting software (Excel, CSV,
// FEC) and turns them into records: one invoice, credit note or unapplied payment each.
// It does not touch the ledger; data applies the records.
package importer

import (
	"encaisse/data/civil"
	"encaisse/data/money"
)

// Kind of an open item.
type Kind string

const (
	Invoice Kind = "invoice"
	Credit  Kind = "credit"  // credit note (avoir)
	Payment Kind = "payment" // payment not matched to an invoice (FEC)
)

// Record is one row of a ledger snapshot, normalised.
type Record struct {
	Row          int // spreadsheet row as Excel shows it (header = 1), or FEC line number
	CustomerCode string
	CustomerName string
	Email        string
	Phone        string
	Address      string
	SIREN        string
	Number       string
	Kind         Kind
	Issued       civil.Date
	Due          civil.Date
	DueEstimated bool        // no due date in the file: issue date + terms
	Amount       money.Cents // TTC, signed: negative for credit notes and payments
	Open         money.Cents // open balance at the as-of date, same sign as Amount
	Currency     string      // ISO 4217, "EUR" when the file says nothing
	SettledOn    civil.Date  // when the file tells when the item was settled (FEC lettering)
}

// Issue is a rejected row or a warning, with a translated reason.
type Issue struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}
