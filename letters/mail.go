package letters

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"
	"unicode"
	"unicode/utf8"

	"encaisse/data/money"
	"encaisse/resources"

	gomail "github.com/wneessen/go-mail"
)

// Attachment is a file joined to an email, usually the PDF of an invoice or a letter.
type Attachment struct {
	Name        string
	Data        []byte
	ContentType string // "application/pdf" when empty
}

// MailOptions are the sender's settings and the parts that do not come from the template.
type MailOptions struct {
	From        string // sender address, required
	FromName    string // display name; the company's name when empty
	Attachments []Attachment
	Date        time.Time // now when zero
}

// Message is a composed email, ready to be sent by Send or saved by WriteEML.
type Message struct {
	MessageID string // with its angle brackets, as in the header
	From      string // bare address, the SMTP envelope sender
	To, Cc    []string
	Subject   string
	Raw       []byte // the full RFC 5322 message, CRLF line endings
}

// Address fields named by AddressError.
const (
	AddressFrom = "from"
	AddressTo   = "to"
	AddressCc   = "cc"
)

// AddressError reports a missing or malformed address; Error is a translated sentence
// naming the address and where to fix it.
type AddressError struct {
	Field    string // AddressFrom, AddressTo or AddressCc
	Address  string // as given, control characters removed; empty when missing
	Customer string // the recipient's name, for to and cc
}

func (e *AddressError) Error() string {
	data := map[string]any{"Address": e.Address, "Name": e.Customer}
	switch {
	case e.Field == AddressFrom && e.Address == "":
		return resources.T("mail.err.nofrom")
	case e.Field == AddressFrom:
		return resources.T("mail.err.from", data)
	case e.Field == AddressTo && e.Address == "":
		return resources.T("mail.err.noto", data)
	case e.Field == AddressTo:
		return resources.T("mail.err.to", data)
	}
	return resources.T("mail.err.cc", data)
}

// mailComposeError wraps a failure of the MIME writer in a sentence for the user.
type mailComposeError struct{ err error }

func (e *mailComposeError) Error() string {
	return resources.T("mail.err.compose", map[string]any{"Detail": e.err.Error()})
}

func (e *mailComposeError) Unwrap() error { return e.err }

// Compose builds the email of a letter: headers, a plain-text body with the table of
// invoices, an HTML alternative and the attachments.
func Compose(l Letter, opt MailOptions) (*Message, error) {
	customer := mailClean(l.Recipient.Name)
	from, err := mailAddress(opt.From, AddressFrom, "")
	if err != nil {
		return nil, err
	}
	if mailCleanAddr(l.Recipient.Email) == "" {
		return nil, &AddressError{Field: AddressTo, Customer: customer}
	}
	to, err := mailAddress(l.Recipient.Email, AddressTo, customer)
	if err != nil {
		return nil, err
	}
	var cc []string
	for _, a := range l.Recipient.Cc {
		if mailCleanAddr(a) == "" {
			continue // an empty slot in the customer's record is no address
		}
		addr, err := mailAddress(a, AddressCc, customer)
		if err != nil {
			return nil, err
		}
		cc = append(cc, addr)
	}

	language := l.Rendered.Language
	subject := mailClean(l.Rendered.Subject)
	if ref := mailClean(l.Facts.Reference); ref != "" && !strings.Contains(subject, ref) {
		tag := mailT(language, "mail.tag", map[string]any{"Reference": ref})
		subject = strings.TrimSpace(subject + " " + tag)
	}
	date := opt.Date
	if date.IsZero() {
		date = time.Now()
	}
	id, err := mailMessageID(l.Facts.Reference, from)
	if err != nil {
		return nil, &mailComposeError{err}
	}
	fromName := mailClean(opt.FromName)
	if fromName == "" {
		fromName = mailClean(l.Company.Name)
	}

	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	// Structured addresses, not "name <addr>" strings for go-mail to re-parse: a quote or
	// backslash in a company name must stay part of the name.
	m.FromMailAddress(&netmail.Address{Name: fromName, Address: from})
	m.AddToMailAddress(&netmail.Address{Name: customer, Address: to})
	for _, a := range cc {
		m.AddCcMailAddress(&netmail.Address{Address: a})
	}
	m.Subject(subject)
	m.SetMessageIDWithValue(strings.Trim(id, "<>"))
	m.SetDateWithValue(date)
	m.SetUserAgent("Encaisse")

	table := mailTable(l.Facts, language)
	m.SetBodyString(gomail.TypeTextPlain, mailPlainBody(l.Rendered.Body, table))
	m.AddAlternativeString(gomail.TypeTextHTML, mailHTMLBody(l.Rendered.Body, table))
	for i, a := range opt.Attachments {
		name := mailAttachmentName(a.Name, i)
		ct := mailClean(a.ContentType)
		if ct == "" {
			ct = "application/pdf"
		}
		if err := m.AttachReader(name, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(ct))); err != nil {
			return nil, &mailComposeError{err}
		}
	}
	var raw bytes.Buffer
	if _, err := m.WriteTo(&raw); err != nil {
		return nil, &mailComposeError{err}
	}
	return &Message{MessageID: id, From: from, To: []string{to}, Cc: cc, Subject: subject, Raw: raw.Bytes()}, nil
}

// WriteEML writes m as an .eml file. With unsent, the X-Unsent header makes Outlook open
// it as a draft the user sends from their own mailbox.
func WriteEML(w io.Writer, m *Message, unsent bool) error {
	if m == nil {
		return fmt.Errorf("write eml: no message")
	}
	if unsent {
		if _, err := io.WriteString(w, "X-Unsent: 1\r\n"); err != nil {
			return fmt.Errorf("write eml: %w", err)
		}
	}
	if _, err := w.Write(m.Raw); err != nil {
		return fmt.Errorf("write eml: %w", err)
	}
	return nil
}

// MailtoURL is a mailto: link (RFC 6068) opening the user's mail program with the plain
// text message, for users without SMTP settings. Line breaks become CRLF as the RFC asks.
func MailtoURL(to, subject, body string) string {
	var b strings.Builder
	b.WriteString("mailto:")
	b.WriteString(mailPercent(mailCleanAddr(to), "@"))
	b.WriteString("?subject=")
	b.WriteString(mailPercent(mailClean(subject), ""))
	b.WriteString("&body=")
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\n", "\r\n")
	b.WriteString(mailPercent(body, ""))
	return b.String()
}

// mailPercent escapes every byte but the unreserved ones and those in keep.
func mailPercent(s, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("-._~", c) >= 0 || strings.IndexByte(keep, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// mailClean makes text safe for a header: control characters and line separators become
// spaces (so nothing can start a new header line), runs of spaces collapse.
func mailClean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// mailCleanAddr removes control characters from an address outright: an address with a
// line break in it is then malformed and refused, never split into two headers.
func mailCleanAddr(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s))
}

// mailAddress validates one address and returns its bare form.
func mailAddress(s, field, customer string) (string, error) {
	clean := mailCleanAddr(s)
	bad := &AddressError{Field: field, Address: clean, Customer: customer}
	if clean == "" {
		return "", bad
	}
	a, err := netmail.ParseAddress(clean)
	if err != nil {
		return "", bad
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at <= 0 || at == len(a.Address)-1 || strings.ContainsAny(a.Address, " <>\"") {
		return "", bad
	}
	return a.Address, nil
}

// mailMessageID is our own Message-ID: random, carrying the reference so replies can be
// matched, under the sender's domain (the host name would leak the user's PC name).
func mailMessageID(reference, from string) (string, error) {
	var r [12]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", err
	}
	left := hex.EncodeToString(r[:])
	if ref := mailAtom(reference); ref != "" {
		left += "." + ref
	}
	domain := strings.ToLower(from[strings.LastIndexByte(from, '@')+1:])
	return "<" + left + "@" + domain + ">", nil
}

// mailAtom keeps the characters of a reference that are safe in a Message-ID.
func mailAtom(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return r
		}
		return -1
	}, s)
}

func mailAttachmentName(name string, i int) string {
	name = mailClean(name)
	if k := strings.LastIndexAny(name, `/\`); k >= 0 {
		name = name[k+1:] // a path would leak the user's folders
	}
	if name == "" {
		name = "document-" + strconv.Itoa(i+1) + ".pdf"
	}
	return name
}

// mailRow is one row of the table; amount rows (totals) leave Due and Late empty.
type mailRow struct {
	Number, Due, Open, Late string
	Total                   bool
}

type mailTableData struct {
	Head []string // number, due, open, late
	Rows []mailRow
}

func mailTable(f Facts, language string) mailTableData {
	t := mailTableData{Head: []string{
		mailT(language, "mail.col.number", nil), mailT(language, "mail.col.due", nil),
		mailT(language, "mail.col.open", nil), mailT(language, "mail.col.late", nil),
	}}
	for _, ln := range f.Lines {
		late := mailT(language, "mail.notdue", nil)
		if ln.DaysLate > 0 {
			late = strconv.Itoa(ln.DaysLate)
		}
		due := ""
		if !ln.Due.IsZero() {
			due = ln.Due.French()
		}
		t.Rows = append(t.Rows, mailRow{Number: mailClean(ln.Number), Due: due,
			Open: money.FormatCurrency(ln.Open, f.Currency), Late: late})
	}
	total := func(key string, data map[string]any, c money.Cents) {
		t.Rows = append(t.Rows, mailRow{Number: mailT(language, key, data),
			Open: money.FormatCurrency(c, f.Currency), Total: true})
	}
	total("mail.total", nil, f.Total)
	if f.Penalties != 0 || f.Indemnity != 0 {
		if f.Penalties != 0 {
			if f.RatePct != "" {
				total("mail.penaltiesrate", map[string]any{"Rate": f.RatePct}, f.Penalties)
			} else {
				total("mail.penalties", nil, f.Penalties)
			}
		}
		if f.Indemnity != 0 {
			total("mail.indemnity", nil, f.Indemnity)
		}
		total("mail.due", nil, f.Due)
	}
	return t
}

// mailPlainTable lays the table out in columns; amounts are right-aligned. Widths count
// runes, since the amounts hold no-break spaces and the labels accents.
func mailPlainTable(t mailTableData) string {
	width := func(s string) int { return utf8.RuneCountInString(s) }
	w := make([]int, 4)
	for i, h := range t.Head {
		w[i] = width(h)
	}
	for _, r := range t.Rows {
		if r.Total {
			continue
		}
		for i, c := range []string{r.Number, r.Due, r.Open, r.Late} {
			w[i] = max(w[i], width(c))
		}
	}
	// Total labels span the number and due columns.
	for _, r := range t.Rows {
		if r.Total {
			if extra := width(r.Number) - (w[0] + 2 + w[1]); extra > 0 {
				w[1] += extra
			}
			w[2] = max(w[2], width(r.Open))
		}
	}
	left := func(s string, n int) string { return s + strings.Repeat(" ", max(0, n-width(s))) }
	right := func(s string, n int) string { return strings.Repeat(" ", max(0, n-width(s))) + s }
	var b strings.Builder
	line := func(cells ...string) { b.WriteString(strings.TrimRight(strings.Join(cells, "  "), " ") + "\n") }
	line(left(t.Head[0], w[0]), left(t.Head[1], w[1]), right(t.Head[2], w[2]), right(t.Head[3], w[3]))
	line(strings.Repeat("-", w[0]+w[1]+w[2]+w[3]+6))
	for i, r := range t.Rows {
		if r.Total {
			if i > 0 && !t.Rows[i-1].Total {
				line(strings.Repeat("-", w[0]+w[1]+w[2]+w[3]+6))
			}
			line(left(r.Number, w[0]+2+w[1]), right(r.Open, w[2]))
			continue
		}
		line(left(r.Number, w[0]), left(r.Due, w[1]), right(r.Open, w[2]), right(r.Late, w[3]))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// mailSplitBody returns the body before and after the marker line, and whether it had one.
func mailSplitBody(body string) (before, after string, found bool) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	lines := strings.Split(body, "\n")
	for i, ln := range lines {
		if strings.TrimSpace(ln) == TableMarker {
			return strings.Join(lines[:i], "\n"), strings.Join(lines[i+1:], "\n"), true
		}
	}
	return body, "", false
}

func mailPlainBody(body string, t mailTableData) string {
	before, after, _ := mailSplitBody(body)
	parts := []string{strings.TrimRight(before, "\n ")}
	parts = append(parts, mailPlainTable(t))
	if a := strings.Trim(after, "\n"); a != "" {
		parts = append(parts, a)
	}
	if parts[0] == "" {
		parts = parts[1:]
	}
	return strings.Join(parts, "\n\n") + "\n"
}

func mailHTMLBody(body string, t mailTableData) string {
	before, after, _ := mailSplitBody(body)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n" +
		"<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px\">\n")
	mailHTMLParagraphs(&b, before)
	mailHTMLTable(&b, t)
	mailHTMLParagraphs(&b, after)
	b.WriteString("</body></html>\n")
	return b.String()
}

// mailHTMLParagraphs writes blank-line separated paragraphs, keeping the line breaks
// inside them (addresses, signatures).
func mailHTMLParagraphs(b *strings.Builder, text string) {
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		p = strings.Trim(p, "\n")
		if strings.TrimSpace(p) == "" {
			continue
		}
		lines := strings.Split(p, "\n")
		for i := range lines {
			lines[i] = html.EscapeString(lines[i])
		}
		b.WriteString("<p>" + strings.Join(lines, "<br>\n") + "</p>\n")
	}
}

func mailHTMLTable(b *strings.Builder, t mailTableData) {
	const cell = "border:1px solid #999;padding:4px 8px"
	b.WriteString("<table style=\"border-collapse:collapse\">\n<tr>")
	for i, h := range t.Head {
		align := "left"
		if i >= 2 {
			align = "right"
		}
		fmt.Fprintf(b, "<th style=\"%s;text-align:%s\">%s</th>", cell, align, html.EscapeString(h))
	}
	b.WriteString("</tr>\n")
	for _, r := range t.Rows {
		if r.Total {
			fmt.Fprintf(b, "<tr><td colspan=\"2\" style=\"%s\"><b>%s</b></td><td style=\"%s;text-align:right\"><b>%s</b></td><td style=\"%s\"></td></tr>\n",
				cell, html.EscapeString(r.Number), cell, html.EscapeString(r.Open), cell)
			continue
		}
		fmt.Fprintf(b, "<tr><td style=\"%s\">%s</td><td style=\"%s\">%s</td><td style=\"%s;text-align:right\">%s</td><td style=\"%s;text-align:right\">%s</td></tr>\n",
			cell, html.EscapeString(r.Number), cell, html.EscapeString(r.Due),
			cell, html.EscapeString(r.Open), cell, html.EscapeString(r.Late))
	}
	b.WriteString("</table>\n")
}

// The email speaks the customer's language (Rendered.Language), which may differ from the
// user's: resources.T only speaks the latter, so the merged tables are read here.
var (
	mailLangOnce sync.Once
	mailLang     map[string]map[string]string
	mailTpl      sync.Map // language + "\x00" + key → *template.Template
)

func mailT(language, key string, data map[string]any) string {
	mailLangOnce.Do(func() {
		mailLang = map[string]map[string]string{}
		merged, err := resources.Merged()
		if err != nil {
			return
		}
		for file, raw := range merged {
			var m map[string]string
			if json.Unmarshal(raw, &m) == nil {
				mailLang[strings.TrimSuffix(file, ".json")] = m
			}
		}
	})
	text, ok := mailLang[language][key]
	if !ok {
		if data == nil {
			return resources.T(key)
		}
		return resources.T(key, data)
	}
	if !strings.Contains(text, "{{") {
		return text
	}
	id := language + "\x00" + key
	v, ok := mailTpl.Load(id)
	if !ok {
		tpl, err := template.New(key).Option("missingkey=zero").Parse(text)
		if err != nil {
			return text
		}
		v, _ = mailTpl.LoadOrStore(id, tpl)
	}
	var b bytes.Buffer
	if err := v.(*template.Template).Execute(&b, data); err != nil {
		return text
	}
	return b.String()
}
