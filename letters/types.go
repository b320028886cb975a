// Package letters is Encaisse's correspondence: templates, PDF letters, emails and their
// sending. No Fyne. The data it renders comes in the types below, filled by the caller from
// the ledger and the rules (dunning/).
package letters

import (
	"encaisse/data/civil"
	"encaisse/data/money"
)

// Channel of a template.
type Channel string

// Template channels.
const (
	ChannelEmail      Channel = "email"
	ChannelLetter     Channel = "letter"
	ChannelRegistered Channel = "registered" // lettre recommandée avec accusé de réception
	ChannelSMS        Channel = "sms"
	ChannelPhone      Channel = "phone" // a phone script
)

// Company is the sender: the user's company.
type Company struct {
	Name      string
	Address   string // several lines separated by "\n"
	City      string // for "Lyon, le 20 novembre 2026"
	SIRET     string
	VAT       string // n° de TVA intracommunautaire
	IBAN, BIC string
	Phone     string
	Email     string
	Website   string
	Signatory string // name of the person who signs
	Role      string // signatory's role ("Service comptabilité")
	Legal     string // legal mentions for the footer (form, capital, RCS)
	Logo      []byte // PNG or JPEG, optional
	// PaymentLink is a URL pattern where {invoice} and {amount} are replaced, optional.
	PaymentLink string
}

// Recipient is the customer written to.
type Recipient struct {
	Code     string
	Name     string
	Address  string // several lines separated by "\n", postcode and city on the last
	Contact  string // contact's name, optional
	Civility string // "Madame", "Monsieur", optional
	Email    string
	Cc       []string
}

// Line is one item of the table of a letter or email.
type Line struct {
	Number   string
	Issued   civil.Date
	Due      civil.Date
	Amount   money.Cents
	Open     money.Cents
	DaysLate int
	// Penalty and Indemnity are the late-payment interest and the 40 € flat indemnity of
	// this invoice (computed by dunning), zero when not applicable.
	Penalty   money.Cents
	Indemnity money.Cents
}

// Facts are the figures and dates a template may show, beyond company and recipient.
type Facts struct {
	Today     civil.Date
	Deadline  civil.Date // payment demanded by (today + 8 days for a formal notice)
	Currency  string
	Lines     []Line
	Total     money.Cents // sum of Open
	Penalties money.Cents // sum of Penalty
	Indemnity money.Cents // sum of Indemnity
	Due       money.Cents // Total + Penalties + Indemnity
	RatePct   string      // the late-payment rate applied, e.g. "12,15 %"
	Reference string      // our reference tag, e.g. "R-2026-0042"
	Promise   *PromiseFacts
}

// PromiseFacts describe a promise to confirm.
type PromiseFacts struct {
	Date   civil.Date
	Amount money.Cents
}

// Rendered is a template filled in: what a PDF letter or an email carries.
type Rendered struct {
	TemplateID string
	Channel    Channel
	Language   string
	Subject    string
	// Body is plain text; paragraphs are separated by a blank line. The table of lines is
	// not in it: the letter and the email lay Facts.Lines out themselves, where the body
	// has the marker line TableMarker (or after the body when it has none).
	Body string
}

// TableMarker is the line of a rendered body where the table of items goes.
const TableMarker = "[[tableau]]"

// Letter is everything a PDF letter needs.
type Letter struct {
	Company   Company
	Recipient Recipient
	Facts     Facts
	Rendered  Rendered
}
