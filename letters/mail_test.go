package letters

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/resources"
)

var mailTestPDF = []byte("%PDF-1.4\n\x00\x01\x02\xff binary bytes\r\n\r\n.\r\n%%EOF\n")

func mailTestLetter() Letter {
	return Letter{
		Company: Company{Name: "Dupont & Fils", Email: "compta@dupont-fils.fr"},
		Recipient: Recipient{
			Code: "C042", Name: "ACME SARL", Email: "compta@acme.fr", Cc: []string{"dg@acme.fr"},
		},
		Facts: Facts{
			Today:    civil.New(2026, time.November, 20),
			Currency: "EUR",
			Lines: []Line{
				{Number: "F-2026-0101", Due: civil.New(2026, time.October, 1), Open: 100000, DaysLate: 50},
				{Number: "F-2026-0102", Due: civil.New(2026, time.October, 31), Open: 23456, DaysLate: 20},
			},
			Total:     123456,
			Due:       123456,
			Reference: "R-2026-0042",
		},
		Rendered: Rendered{
			Channel:  ChannelEmail,
			Language: "fr",
			Subject:  "Relance : factures impayées",
			Body: "Madame, Monsieur,\n\nSauf erreur de notre part, les factures suivantes de A&B <SAS> restent impayées :\n\n" +
				TableMarker + "\n\nCordialement,\nJean Dupont",
		},
	}
}

func mailTestOptions() MailOptions {
	return MailOptions{
		From: "relances@dupont-fils.fr", FromName: "Service comptabilité",
		Date:        time.Date(2026, time.November, 20, 9, 30, 0, 0, time.UTC),
		Attachments: []Attachment{{Name: "F-2026-0101.pdf", Data: mailTestPDF}},
	}
}

// mailTestParts walks a MIME tree and returns its leaf parts by content type, decoded.
func mailTestParts(t *testing.T, header map[string][]string, body io.Reader, out map[string][][]byte, names map[string]string) {
	t.Helper()
	get := func(k string) string {
		if v := header[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ct, params, err := mime.ParseMediaType(get("Content-Type"))
	if err != nil {
		t.Fatalf("content type %q: %v", get("Content-Type"), err)
	}
	if strings.HasPrefix(ct, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("next part: %v", err)
			}
			mailTestParts(t, p.Header, p, out, names)
		}
	}
	data, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("read part %s: %v", ct, err)
	}
	// multipart.Reader decodes quoted-printable itself; base64 is left to us.
	if strings.EqualFold(get("Content-Transfer-Encoding"), "base64") {
		data, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
		if err != nil {
			t.Fatalf("base64 part %s: %v", ct, err)
		}
	}
	if _, dp, err := mime.ParseMediaType(get("Content-Disposition")); err == nil && dp["filename"] != "" {
		names[ct] = dp["filename"]
	}
	out[ct] = append(out[ct], data)
}

func mailTestParse(t *testing.T, raw []byte) (*netmail.Message, map[string][][]byte, map[string]string) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	parts, names := map[string][][]byte{}, map[string]string{}
	mailTestParts(t, msg.Header, msg.Body, parts, names)
	return msg, parts, names
}

func mailTestSubject(t *testing.T, msg *netmail.Message) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	return s
}

func TestComposeMessage(t *testing.T) {
	resources.SetLanguage("fr")
	m, err := Compose(mailTestLetter(), mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	msg, parts, names := mailTestParse(t, m.Raw)

	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "compta@acme.fr" || to[0].Name != "ACME SARL" {
		t.Errorf("To = %v (%v)", to, err)
	}
	cc, err := msg.Header.AddressList("Cc")
	if err != nil || len(cc) != 1 || cc[0].Address != "dg@acme.fr" {
		t.Errorf("Cc = %v (%v)", cc, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "relances@dupont-fils.fr" || from[0].Name != "Service comptabilité" {
		t.Errorf("From = %v (%v)", from, err)
	}
	if m.From != "relances@dupont-fils.fr" || len(m.To) != 1 || m.To[0] != "compta@acme.fr" || len(m.Cc) != 1 || m.Cc[0] != "dg@acme.fr" {
		t.Errorf("envelope: from %q to %v cc %v", m.From, m.To, m.Cc)
	}

	const wantSubject = "Relance : factures impayées [Réf. R-2026-0042]"
	if got := mailTestSubject(t, msg); got != wantSubject {
		t.Errorf("Subject = %q, want %q", got, wantSubject)
	}
	if m.Subject != wantSubject {
		t.Errorf("Message.Subject = %q", m.Subject)
	}

	id := msg.Header.Get("Message-Id")
	if id != m.MessageID || !regexp.MustCompile(`^<[0-9a-f]{24}\.R-2026-0042@dupont-fils\.fr>$`).MatchString(id) {
		t.Errorf("Message-ID = %q (Message.MessageID %q)", id, m.MessageID)
	}
	if host, _ := os.Hostname(); host != "" && strings.Contains(id, "@"+host) {
		t.Errorf("Message-ID %q carries the host name", id)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(mailTestOptions().Date) {
		t.Errorf("Date = %v (%v)", d, err)
	}

	if len(parts["text/plain"]) != 1 || len(parts["text/html"]) != 1 || len(parts["application/pdf"]) != 1 {
		t.Fatalf("parts: %d text, %d html, %d pdf", len(parts["text/plain"]), len(parts["text/html"]), len(parts["application/pdf"]))
	}
	text := string(parts["text/plain"][0])
	for _, want := range []string{"F-2026-0101", "F-2026-0102", "01/10/2026", "1\u00a0000,00\u00a0€", "234,56\u00a0€", "1\u00a0234,56\u00a0€", "Échéance"} {
		if !strings.Contains(text, want) {
			t.Errorf("text body lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, TableMarker) {
		t.Errorf("text body still has the marker:\n%s", text)
	}
	if i, j := strings.Index(text, "restent impayées"), strings.Index(text, "F-2026-0101"); i < 0 || j < i || strings.Index(text, "Cordialement") < j {
		t.Errorf("table not where the marker was:\n%s", text)
	}
	// Amounts are right-aligned: the two invoice amounts end in the same column.
	var ends []int
	for _, ln := range strings.Split(text, "\n") {
		if strings.HasPrefix(ln, "F-2026-010") {
			ends = append(ends, len([]rune(ln[:strings.Index(ln, "€")+len("€")])))
		}
	}
	if len(ends) != 2 || ends[0] != ends[1] {
		t.Errorf("amount columns end at %v:\n%s", ends, text)
	}

	page := string(parts["text/html"][0])
	for _, want := range []string{"<table", "F-2026-0101", "F-2026-0102", "1\u00a0234,56\u00a0€", "A&amp;B &lt;SAS&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("html body lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<SAS>") {
		t.Error("html body does not escape the text")
	}

	if !bytes.Equal(parts["application/pdf"][0], mailTestPDF) {
		t.Errorf("attachment bytes differ: %q", parts["application/pdf"][0])
	}
	if names["application/pdf"] != "F-2026-0101.pdf" {
		t.Errorf("attachment name %q", names["application/pdf"])
	}
}

func TestComposeSubjectTag(t *testing.T) {
	l := mailTestLetter()
	l.Rendered.Subject = "Relance [Réf. R-2026-0042] : factures"
	m, err := Compose(l, mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Relance [Réf. R-2026-0042] : factures" {
		t.Errorf("tag added twice or moved: %q", m.Subject)
	}

	l = mailTestLetter()
	l.Rendered.Language, l.Rendered.Subject = "en", "Overdue invoices"
	m, err = Compose(l, mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Overdue invoices [Ref. R-2026-0042]" {
		t.Errorf("English subject %q", m.Subject)
	}
	_, parts, _ := mailTestParse(t, m.Raw)
	if text := string(parts["text/plain"][0]); !strings.Contains(text, "Due date") || !strings.Contains(text, "Balance due") {
		t.Errorf("English email has French headings:\n%s", text)
	}
}

func TestComposeTableWithoutMarkerAndPenalties(t *testing.T) {
	l := mailTestLetter()
	l.Rendered.Body = "Bonjour,\n\nVoici le relevé."
	l.Facts.Penalties, l.Facts.Indemnity, l.Facts.RatePct = 1234, 8000, "12,15 %"
	l.Facts.Due = l.Facts.Total + 1234 + 8000
	l.Facts.Lines = append(l.Facts.Lines, Line{Number: "F-2026-0200", Due: civil.New(2026, time.December, 15), Open: 5000})
	m, err := Compose(l, mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	_, parts, _ := mailTestParse(t, m.Raw)
	text := string(parts["text/plain"][0])
	if i := strings.Index(text, "Voici le relevé."); i < 0 || strings.Index(text, "F-2026-0101") < i {
		t.Errorf("table not after the body:\n%s", text)
	}
	for _, want := range []string{"Pénalités de retard (12,15 %)", "12,34\u00a0€", "Indemnité forfaitaire de recouvrement", "80,00\u00a0€", "Montant total exigible", "1\u00a0326,90\u00a0€", "non échue"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

func TestComposeNoHeaderInjection(t *testing.T) {
	l := mailTestLetter()
	l.Recipient.Name = "ACME\r\nBcc: evil@attacker.example"
	l.Rendered.Subject = "Relance\r\nX-Evil: 1\n"
	opt := mailTestOptions()
	opt.FromName = "Compta\nX-Evil2: 2"
	opt.Attachments[0].Name = "../../F\r\nX-Evil3: 3.pdf"
	m, err := Compose(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	msg, _, names := mailTestParse(t, m.Raw)
	for _, h := range []string{"Bcc", "X-Evil", "X-Evil2", "X-Evil3"} {
		if v, ok := msg.Header[h]; ok {
			t.Errorf("injected header %s: %v", h, v)
		}
	}
	if bytes.Contains(m.Raw, []byte("\nBcc:")) || bytes.Contains(m.Raw, []byte("\nX-Evil")) {
		t.Errorf("raw message has an injected line:\n%s", m.Raw)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "compta@acme.fr" || to[0].Name != "ACME Bcc: evil@attacker.example" {
		t.Errorf("To = %v (%v)", to, err)
	}
	if got := mailTestSubject(t, msg); got != "Relance X-Evil: 1 [Réf. R-2026-0042]" {
		t.Errorf("Subject = %q", got)
	}
	if n := names["application/pdf"]; !strings.HasPrefix(n, "F X-Evil3") || strings.ContainsAny(n, "/\\\r\n") {
		t.Errorf("attachment name %q", names["application/pdf"])
	}
	// A quote in a name stays in the name instead of breaking the address.
	l = mailTestLetter()
	l.Recipient.Name = `Les "Belles" Tables \ SARL`
	m, err = Compose(l, mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	msg, _, _ = mailTestParse(t, m.Raw)
	if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Name != `Les "Belles" Tables \ SARL` {
		t.Errorf("To = %v (%v)", to, err)
	}
}

func TestComposeBadAddress(t *testing.T) {
	resources.SetLanguage("fr")
	cases := []struct {
		name  string
		edit  func(*Letter, *MailOptions)
		field string
		shown string
	}{
		{"to", func(l *Letter, _ *MailOptions) { l.Recipient.Email = "compta@@acme" }, AddressTo, "compta@@acme"},
		{"to injection", func(l *Letter, _ *MailOptions) { l.Recipient.Email = "compta@acme.fr\r\nBcc: x@evil.example" }, AddressTo, "compta@acme.frBcc: x@evil.example"},
		{"to missing", func(l *Letter, _ *MailOptions) { l.Recipient.Email = " " }, AddressTo, "ACME SARL"},
		{"cc", func(l *Letter, _ *MailOptions) { l.Recipient.Cc = []string{"dg@acme.fr", "jean dupont"} }, AddressCc, "jean dupont"},
		{"from", func(_ *Letter, o *MailOptions) { o.From = "relances.dupont-fils.fr" }, AddressFrom, "relances.dupont-fils.fr"},
		{"from missing", func(_ *Letter, o *MailOptions) { o.From = "" }, AddressFrom, "réglages"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, opt := mailTestLetter(), mailTestOptions()
			c.edit(&l, &opt)
			m, err := Compose(l, opt)
			var ae *AddressError
			if !errors.As(err, &ae) || m != nil {
				t.Fatalf("Compose = %v, %v; want an AddressError", m, err)
			}
			if ae.Field != c.field {
				t.Errorf("field %q, want %q", ae.Field, c.field)
			}
			if msg := err.Error(); !strings.Contains(msg, c.shown) || strings.HasPrefix(msg, "mail.") {
				t.Errorf("message %q does not name %q", msg, c.shown)
			}
		})
	}
	// An empty Cc slot is no address, and is not refused.
	l := mailTestLetter()
	l.Recipient.Cc = []string{"", " "}
	if m, err := Compose(l, mailTestOptions()); err != nil || len(m.Cc) != 0 {
		t.Errorf("empty cc: %v, %v", m, err)
	}
}

func TestWriteEML(t *testing.T) {
	m, err := Compose(mailTestLetter(), mailTestOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, unsent := range []bool{true, false} {
		var b bytes.Buffer
		if err := WriteEML(&b, m, unsent); err != nil {
			t.Fatal(err)
		}
		msg, parts, _ := mailTestParse(t, b.Bytes())
		if got, want := msg.Header.Get("X-Unsent"), map[bool]string{true: "1", false: ""}[unsent]; got != want {
			t.Errorf("unsent %v: X-Unsent = %q", unsent, got)
		}
		if !bytes.HasSuffix(b.Bytes(), m.Raw) || !bytes.Equal(parts["application/pdf"][0], mailTestPDF) {
			t.Errorf("unsent %v: the .eml does not carry the message", unsent)
		}
	}
}

func TestMailtoURL(t *testing.T) {
	got := MailtoURL("compta@acme.fr", "Réf. 1 & 2", "Ligne 1\nLigne 2 = 100 %")
	want := "mailto:compta@acme.fr?subject=R%C3%A9f.%201%20%26%202&body=Ligne%201%0D%0ALigne%202%20%3D%20100%20%25"
	if got != want {
		t.Errorf("MailtoURL = %q\nwant       %q", got, want)
	}
	// An address cannot smuggle its own query.
	if got := MailtoURL("a@b.fr?bcc=evil@x.example", "s", "b"); !strings.HasPrefix(got, "mailto:a@b.fr%3Fbcc%3Devil@x.example?subject=s&body=b") {
		t.Errorf("MailtoURL = %q", got)
	}
}
