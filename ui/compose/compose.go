// Package compose puts the ledger, the rules and the correspondence together: it turns a
// customer and a template into a letter or an email ready to print or send. The window and
// the command line both use it; it has no Fyne.
package compose

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/dunning"
	"encaisse/letters"
	"encaisse/resources"
)

// NoticeDays is the deadline a formal notice gives, as French practice has it.
const NoticeDays = 8

// Composer builds letters from one ledger.
type Composer struct {
	Ledger *data.Ledger
	Book   *dunning.Book
	Rates  dunning.RateTable
}

// New loads what composing needs.
func New(ctx context.Context, l *data.Ledger) (*Composer, error) {
	b, err := l.LoadBook(ctx, data.BookOptions{})
	if err != nil {
		return nil, err
	}
	rates, err := l.LateRates(ctx)
	if err != nil {
		return nil, err
	}
	return &Composer{Ledger: l, Book: b, Rates: rates}, nil
}

// Company is the sender as the settings describe it.
func (c *Composer) Company(ctx context.Context) (letters.Company, error) {
	s, err := c.Ledger.Settings(ctx, "company.")
	if err != nil {
		return letters.Company{}, err
	}
	co := letters.Company{Name: s["name"], Address: s["address"], City: s["city"], SIRET: s["siret"], VAT: s["vat"],
		IBAN: s["iban"], BIC: s["bic"], Phone: s["phone"], Email: s["email"], Website: s["website"],
		Signatory: s["signatory"], Role: s["role"], Legal: s["legal"], PaymentLink: s["payment_link"]}
	// A reminder says who claims and how to pay: the templates print the address and the
	// bank details.
	var missing []string
	for _, f := range []struct{ key, value string }{{"company.name", co.Name}, {"company.address", co.Address},
		{"company.iban", co.IBAN}, {"company.bic", co.BIC}} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.key)
		}
	}
	if len(missing) > 0 {
		return co, &data.UserError{Msg: resources.T("compose.err.no_company", map[string]any{"Keys": strings.Join(missing, ", ")})}
	}
	if p := s["logo"]; p != "" {
		raw, err := os.ReadFile(p)
		if err != nil {
			return co, &data.UserError{Msg: resources.T("compose.err.logo", map[string]any{"Path": p}), Err: err}
		}
		co.Logo = raw
	}
	return co, nil
}

// Request says what to write to whom.
type Request struct {
	Customer string
	Template string     // template id: relance1, mise-en-demeure…
	On       civil.Date // the letter's date
	Items    []string   // the items concerned; empty: every overdue invoice (every open item for a statement)
	Language string     // "" : the app's
}

// Letter fills in a template for a customer: its overdue invoices with the late-payment
// penalties and the flat indemnity computed, totals, deadline and a new reference tag.
func (c *Composer) Letter(ctx context.Context, r Request) (letters.Letter, error) {
	var out letters.Letter
	language := r.Language
	if language == "" {
		language = resources.Language()
	}
	tpl, err := Template(ctx, c.Ledger, r.Template, language)
	if err != nil {
		return out, err
	}
	company, err := c.Company(ctx)
	if err != nil {
		return out, err
	}
	who, err := c.Ledger.CustomerCorrespondent(ctx, r.Customer)
	if err != nil {
		return out, err
	}
	var cust *dunning.Customer
	for i := range c.Book.Customers {
		if c.Book.Customers[i].Code == r.Customer {
			cust = &c.Book.Customers[i]
		}
	}
	rate := c.Book.Settings.RateBP
	if cust != nil && cust.RateBP > 0 {
		rate = cust.RateBP
	}
	facts := letters.Facts{Today: r.On, Deadline: r.On.AddDays(NoticeDays), Currency: "EUR"}
	statement := r.Template == "releve"
	formal := tpl.Channel == letters.ChannelRegistered
	for _, it := range c.Book.Items {
		if it.Customer != r.Customer || it.Open == 0 {
			continue
		}
		chosen := slices.Contains(r.Items, it.Number)
		if len(r.Items) > 0 && !chosen {
			continue
		}
		if len(r.Items) == 0 && !statement && (it.Kind != dunning.Invoice || it.Open <= 0 || !it.Due.Before(r.On)) {
			continue
		}
		line := letters.Line{Number: it.Number, Issued: it.Issued, Due: it.Due, Amount: it.Amount, Open: it.Open,
			DaysLate: it.DaysLate(r.On)}
		facts.Currency = it.Currency
		if formal && line.DaysLate > 0 && it.Open > 0 {
			p, err := dunning.ComputePenalty(dunning.PenaltyInput{Amount: it.Open, Due: it.Due, Paid: r.On, ContractBP: rate}, c.Rates)
			if err != nil {
				return out, &data.UserError{Msg: err.Error(), Err: err}
			}
			line.Penalty, line.Indemnity = p.Interest, p.Indemnity
			facts.RatePct = dunning.FormatRateBP(p.RateBP)
		}
		facts.Lines = append(facts.Lines, line)
		facts.Total += line.Open
		facts.Penalties += line.Penalty
		facts.Indemnity += line.Indemnity
	}
	if len(facts.Lines) == 0 {
		return out, &data.UserError{Msg: resources.T("compose.err.nothing", map[string]any{"Customer": r.Customer, "Date": r.On.French()})}
	}
	slices.SortFunc(facts.Lines, func(a, b letters.Line) int {
		if a.Due != b.Due {
			return int(a.Due) - int(b.Due)
		}
		if a.Number < b.Number {
			return -1
		}
		return 1
	})
	facts.Due = facts.Total + facts.Penalties + facts.Indemnity
	for _, p := range c.Book.Promises {
		if p.Customer == r.Customer && p.Status == dunning.PromiseOpen && !p.Date.Before(r.On) {
			facts.Promise = &letters.PromiseFacts{Date: p.Date, Amount: p.Amount}
		}
	}
	if facts.Reference, err = c.Ledger.NextReference(ctx, r.On); err != nil {
		return out, err
	}
	rcpt := letters.Recipient{Code: who.Code, Name: who.Name, Address: who.Address, Contact: who.Contact,
		Email: who.Email, Cc: who.Cc}
	rendered, err := letters.Render(tpl, company, rcpt, facts)
	if err != nil {
		return out, &data.UserError{Msg: err.Error(), Err: err}
	}
	return letters.Letter{Company: company, Recipient: rcpt, Facts: facts, Rendered: rendered}, nil
}

// FileName is the name a customer's document is stored under.
func FileName(l letters.Letter, ext string) string {
	return fmt.Sprintf("%s-%s-%s.%s", l.Facts.Reference, l.Recipient.Code, l.Rendered.TemplateID, ext)
}

// Amount formats a letter's total for messages.
func Amount(l letters.Letter) string { return money.FormatCurrency(l.Facts.Due, l.Facts.Currency) }

// Template is the template in force: the user's version when there is one, else the shipped
// one.
func Template(ctx context.Context, l *data.Ledger, id, language string) (letters.Template, error) {
	def, ok := letters.DefaultTemplate(id, language)
	if !ok {
		return def, &data.UserError{Msg: resources.T("compose.err.template", map[string]any{"ID": id})}
	}
	saved, found, err := l.SavedTemplate(ctx, id, language)
	if err != nil || !found {
		return def, err
	}
	return letters.Template{ID: id, Channel: letters.Channel(saved.Channel), Language: language, Subject: saved.Subject, Body: saved.Body}, nil
}

// SaveTemplate checks a user's template and keeps it; a mistake comes back with its line and
// what to fix, and nothing is saved.
func SaveTemplate(ctx context.Context, l *data.Ledger, t letters.Template) error {
	if _, ok := letters.DefaultTemplate(t.ID, t.Language); !ok {
		return &data.UserError{Msg: resources.T("compose.err.template", map[string]any{"ID": t.ID})}
	}
	if err := t.Check(); err != nil {
		return &data.UserError{Msg: err.Error(), Err: err}
	}
	return l.SaveTemplate(ctx, data.SavedTemplate{ID: t.ID, Language: t.Language, Channel: string(t.Channel), Subject: t.Subject, Body: t.Body})
}
