package letters

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// tplToday is the day the sample letters are written.
var tplToday = civil.New(2026, time.November, 20)

// tplSample is a realistic case: two overdue invoices with penalties and indemnities, and a
// promise to pay.
func tplSample() (Company, Recipient, Facts) {
	co := Company{
		Name: "Atelier Dupuis SARL", Address: "12 rue des Tanneurs\n69002 Lyon", City: "Lyon",
		SIRET: "512 345 678 00021", VAT: "FR12512345678", Website: "dupuis.fr", IBAN: "FR76 3000 6000 0112 3456 7890 189", BIC: "AGRIFRPP",
		Phone: "04 78 12 34 56", Email: "compta@dupuis.fr", Signatory: "Claire Martin",
		Role: "Service comptabilité", PaymentLink: "https://pay.example/{invoice}?amount={amount}",
	}
	r := Recipient{
		Code: "C042", Name: "Boulangerie Leroy", Address: "3 place du Marché\n38000 Grenoble",
		Contact: "Jean Leroy", Civility: "Monsieur", Email: "jean@leroy.fr",
	}
	lines := []Line{
		{Number: "F-2026/101", Issued: civil.New(2026, time.August, 3), Due: civil.New(2026, time.September, 2),
			Amount: 123456, Open: 123456, DaysLate: 79, Penalty: 3237, Indemnity: 4000},
		{Number: "F-2026/117", Issued: civil.New(2026, time.August, 28), Due: civil.New(2026, time.September, 27),
			Amount: 80000, Open: 50000, DaysLate: 54, Penalty: 899, Indemnity: 4000},
	}
	f := Facts{
		Today: tplToday, Deadline: tplToday.AddDays(8), Currency: "EUR", Lines: lines,
		Total: 173456, Penalties: 4136, Indemnity: 8000, Due: 173456 + 4136 + 8000,
		RatePct: "12,15 %", Reference: "R-2026-0042",
		Promise: &PromiseFacts{Date: civil.New(2026, time.December, 1), Amount: 100000},
	}
	return co, r, f
}

// tplInLanguage switches the language of error messages for one test.
func tplInLanguage(t *testing.T, language string) {
	t.Helper()
	prev := resources.Language()
	resources.SetLanguage(language)
	t.Cleanup(func() { resources.SetLanguage(prev) })
}

// tplCheckErr checks body and returns its *TemplateError, failing when there is none.
func tplCheckErr(t *testing.T, body string) *TemplateError {
	t.Helper()
	err := Template{ID: "test", Channel: ChannelEmail, Language: "fr", Body: body}.Check()
	var te *TemplateError
	if !errors.As(err, &te) {
		t.Fatalf("Check(%q) = %v, want a *TemplateError", body, err)
	}
	return te
}

// tplRenderBody renders a body alone with the sample facts.
func tplRenderBody(t *testing.T, language, body string, edit func(*Company, *Recipient, *Facts)) string {
	t.Helper()
	co, r, f := tplSample()
	if edit != nil {
		edit(&co, &r, &f)
	}
	out, err := Render(Template{ID: "test", Channel: ChannelLetter, Language: language, Body: body}, co, r, f)
	if err != nil {
		t.Fatalf("Render(%q): %v", body, err)
	}
	return out.Body
}

func TestTplDefaultsRenderInBothLanguages(t *testing.T) {
	want := map[string]Channel{
		"rappel-courtois": ChannelEmail, "relance1": ChannelEmail, "relance2": ChannelEmail,
		"relance3": ChannelEmail, "mise-en-demeure": ChannelRegistered, "releve": ChannelLetter,
		"confirmation-promesse": ChannelEmail, "appel": ChannelPhone,
	}
	tag := map[string]string{"fr": "[Réf. R-2026-0042]", "en": "[Ref. R-2026-0042]"}
	co, r, f := tplSample()
	for _, language := range []string{"fr", "en"} {
		ts := DefaultTemplates(language)
		if len(ts) != len(want) {
			t.Errorf("%s: %d default templates, want %d", language, len(ts), len(want))
		}
		for _, tp := range ts {
			ch, ok := want[tp.ID]
			if !ok {
				t.Errorf("%s: unexpected template %q", language, tp.ID)
				continue
			}
			if tp.Channel != ch || tp.Language != language {
				t.Errorf("%s %s: channel %q language %q, want %q %q", language, tp.ID, tp.Channel, tp.Language, ch, language)
			}
			out, err := Render(tp, co, r, f)
			if err != nil {
				t.Errorf("%s %s: %v", language, tp.ID, err)
				continue
			}
			if out.TemplateID != tp.ID || out.Channel != ch || out.Language != language {
				t.Errorf("%s %s: rendered as %q %q %q", language, tp.ID, out.TemplateID, out.Channel, out.Language)
			}
			all := out.Subject + "\n" + out.Body
			for _, bad := range []string{"{{", "}}", "<no value>", "\n\n\n"} {
				if strings.Contains(all, bad) {
					t.Errorf("%s %s: output contains %q:\n%s", language, tp.ID, bad, all)
				}
			}
			if out.Subject == "" || strings.Contains(out.Subject, "\n") {
				t.Errorf("%s %s: subject %q", language, tp.ID, out.Subject)
			}
			hasTable := slices.Contains(strings.Split(out.Body, "\n"), TableMarker)
			if hasTable != (tp.ID != "appel") {
				t.Errorf("%s %s: table marker line present = %v", language, tp.ID, hasTable)
			}
			if ch == ChannelEmail && !strings.Contains(out.Subject, tag[language]) {
				t.Errorf("%s %s: subject %q lacks the reference tag %q", language, tp.ID, out.Subject, tag[language])
			}
		}
	}
}

func TestTplFormalNoticeStatesTheDebt(t *testing.T) {
	co, r, f := tplSample()
	amounts := []string{
		money.FormatCurrency(f.Total, "EUR"), money.FormatCurrency(f.Penalties, "EUR"),
		money.FormatCurrency(8000, "EUR"), money.FormatCurrency(f.Due, "EUR"),
	}
	if amounts[2] != "80,00\u00a0€" {
		t.Fatalf("2 × 40 € written %q", amounts[2])
	}
	want := map[string][]string{
		"fr": {"28 novembre 2026", "L441-10", "D441-5", "12,15 %", "injonction de payer", "huit jours", "Monsieur,", "Claire Martin"},
		"en": {"28 November 2026", "L441-10", "D441-5", "12,15 %", "injonction de payer", "eight days", "Dear Sir,", "Claire Martin"},
	}
	for language, parts := range want {
		tp, ok := DefaultTemplate("mise-en-demeure", language)
		if !ok {
			t.Fatalf("%s: no mise-en-demeure", language)
		}
		out, err := Render(tp, co, r, f)
		if err != nil {
			t.Fatalf("%s: %v", language, err)
		}
		for _, p := range append(parts, amounts...) {
			if !strings.Contains(out.Body, p) {
				t.Errorf("%s: formal notice lacks %q:\n%s", language, p, out.Body)
			}
		}
		if !strings.Contains(out.Subject, "R-2026-0042") {
			t.Errorf("%s: subject %q lacks the reference", language, out.Subject)
		}
	}
}

func TestTplPromiseAndPenaltyBlocks(t *testing.T) {
	tp, _ := DefaultTemplate("confirmation-promesse", "fr")
	co, r, f := tplSample()
	with, err := Render(tp, co, r, f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(with.Body, "régler 1\u00a0000,00\u00a0€ au plus tard le 1er décembre 2026") {
		t.Errorf("promise not stated:\n%s", with.Body)
	}
	if !strings.HasPrefix(with.Body, "Bonjour Jean Leroy,\n\n") {
		t.Errorf("greeting with contact: %q", with.Body[:30])
	}
	f.Promise = nil
	r.Contact = ""
	without, err := Render(tp, co, r, f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(without.Body, "1er décembre") || !strings.Contains(without.Body, "montant total de 1\u00a0734,56\u00a0€") {
		t.Errorf("without a promise the total should be confirmed:\n%s", without.Body)
	}
	if !strings.HasPrefix(without.Body, "Bonjour,\n\n") {
		t.Errorf("greeting without contact: %q", without.Body[:30])
	}

	r3, _ := DefaultTemplate("relance3", "fr")
	_, _, f = tplSample()
	f.Penalties, f.Indemnity, f.Due = 0, 0, f.Total
	out, err := Render(r3, co, r, f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.Body, "L441-10") {
		t.Errorf("penalty paragraph shown with no penalties:\n%s", out.Body)
	}
	if !strings.Contains(out.Body, "[[tableau]]\n\nSans règlement") {
		t.Errorf("hidden block left a gap:\n%s", out.Body)
	}
}

func TestTplBlocksAndLines(t *testing.T) {
	body := "A\n{{si pénalités}}\nP {{pénalités}}\n{{sinon}}\nRien\n{{fin}}\nB\n  {{société.fonction}}\nC {{si contact}}({{client.contact}}){{fin}}."
	got := tplRenderBody(t, "fr", body, nil)
	if want := "A\nP 41,36\u00a0€\nB\n  Service comptabilité\nC (Jean Leroy)."; got != want {
		t.Errorf("with values:\n%q\nwant\n%q", got, want)
	}
	got = tplRenderBody(t, "fr", body, func(co *Company, r *Recipient, f *Facts) {
		f.Penalties, co.Role, r.Contact = 0, "", ""
	})
	if want := "A\nRien\nB\nC ."; got != want {
		t.Errorf("without values:\n%q\nwant\n%q", got, want)
	}
	// Nested blocks, CRLF line ends, English keywords and names without accents.
	body = "{{if promise}}\r\n{{si penalites}}\r\nX {{promise.amount}}\r\n{{end}}\r\n{{fin}}\r\nY"
	if got := tplRenderBody(t, "fr", body, nil); got != "X 1\u00a0000,00\u00a0€\nY" {
		t.Errorf("nested: %q", got)
	}
	// A tag sharing its line with something else keeps the line and its indent.
	body = "A\n  {{si contact}}{{client.code}}{{fin}}\n{{client.code}}{{si contact}}\nX\n{{fin}}"
	if got := tplRenderBody(t, "fr", body, nil); got != "A\n  C042\nC042\nX" {
		t.Errorf("shared lines: %q", got)
	}
	// Empty fields sharing a line leave at most one blank line.
	got = tplRenderBody(t, "fr", "A\n\n{{société.tva}} {{société.site}}\n\nB", func(co *Company, _ *Recipient, _ *Facts) {
		co.VAT, co.Website = "", ""
	})
	if got != "A\n\nB" {
		t.Errorf("blank lines: %q", got)
	}
	// A value is never read as template text.
	got = tplRenderBody(t, "fr", "{{client.nom}}", func(_ *Company, r *Recipient, _ *Facts) { r.Name = "{{société.iban}}" })
	if got != "{{société.iban}}" {
		t.Errorf("value re-read as a template: %q", got)
	}
}

func TestTplEveryFieldResolves(t *testing.T) {
	for _, language := range []string{"fr", "en"} {
		names := FieldsIn(language)
		if len(names) < 25 {
			t.Fatalf("%s: only %d fields", language, len(names))
		}
		var b strings.Builder
		for _, n := range names {
			b.WriteString(n + "=[{{" + n + "}}]{{si " + n + "}}+{{fin}}\n")
		}
		got := tplRenderBody(t, language, b.String(), nil)
		if strings.Contains(got, "=[]") {
			t.Errorf("%s: a field is empty with the full sample:\n%s", language, got)
		}
	}
	fr := Fields()
	for _, n := range []string{"société.nom", "société.iban", "client.nom", "client.civilité", "total_dû", "échéance_paiement", "lien_paiement", "promesse.montant"} {
		if !slices.Contains(fr, n) {
			t.Errorf("Fields() lacks %q", n)
		}
	}
	if slices.Contains(fr, "promesse") {
		t.Error("Fields() lists the condition-only name promesse")
	}
	if tplRenderBody(t, "fr", "{{company.name}}", nil) != tplRenderBody(t, "fr", "{{société.nom}}", nil) {
		t.Error("the English alias does not give the French field")
	}
}

func TestTplValues(t *testing.T) {
	cases := []struct{ body, want string }{
		{"{{date}}", "20 novembre 2026"},
		{"{{échéance_paiement}}", "28 novembre 2026"},
		{"{{nombre_factures}}", "2"},
		{"{{total_dû}}", money.FormatCurrency(185592, "EUR")},
		{"{{lien_paiement}}", "https://pay.example/F-2026%2F101?amount=1734.56"},
		{"{{client.adresse}}", "3 place du Marché\n38000 Grenoble"},
		{"{{formule_appel}}", "Monsieur,"},
	}
	for _, c := range cases {
		if got := tplRenderBody(t, "fr", c.body, nil); got != c.want {
			t.Errorf("%s = %q, want %q", c.body, got, c.want)
		}
	}
	if got := tplRenderBody(t, "fr", "[{{lien_paiement}}]", func(co *Company, _ *Recipient, _ *Facts) { co.PaymentLink = "" }); got != "[]" {
		t.Errorf("no payment link pattern: %q", got)
	}
	if got := tplRenderBody(t, "fr", "{{total}}", func(_ *Company, _ *Recipient, f *Facts) { f.Currency = "USD" }); got != "1\u00a0734,56\u00a0USD" {
		t.Errorf("currency: %q", got)
	}
	co, r, f := tplSample()
	out, err := Render(Template{Language: "fr", Subject: "Pour {{client.adresse}}"}, co, r, f)
	if err != nil || out.Subject != "Pour 3 place du Marché, 38000 Grenoble" {
		t.Errorf("multi-line value in subject: %q, %v", out.Subject, err)
	}
}

func TestTplLongDates(t *testing.T) {
	cases := []struct {
		d              civil.Date
		language, want string
	}{
		{civil.New(2026, time.November, 20), "en", "20 November 2026"},
		{civil.New(2027, time.January, 1), "en", "1 January 2027"},
		{civil.New(2026, time.November, 20), "fr", "20 novembre 2026"},
		{civil.New(2027, time.January, 1), "fr", "1er janvier 2027"},
		{civil.New(2026, time.August, 15), "fr", "15 août 2026"},
		{civil.New(2026, time.February, 3), "", "3 février 2026"},
		{0, "fr", ""},
	}
	for _, c := range cases {
		if got := tplLongDate(c.d, c.language); got != c.want {
			t.Errorf("tplLongDate(%s, %q) = %q, want %q", c.d, c.language, got, c.want)
		}
	}
	if got := tplRenderBody(t, "en", "{{date}} / {{deadline}} / {{promise.date}}", nil); got != "20 November 2026 / 28 November 2026 / 1 December 2026" {
		t.Errorf("English template dates: %q", got)
	}
	if got := tplRenderBody(t, "fr", "[{{promesse.date}}][{{promesse.montant}}]", func(_ *Company, _ *Recipient, f *Facts) { f.Promise = nil }); got != "[][0,00\u00a0€]" {
		t.Errorf("no promise: %q", got)
	}
}

func TestTplSalutations(t *testing.T) {
	cases := []struct{ civility, fr, en string }{
		{"Madame", "Madame,", "Dear Madam,"},
		{"Mme", "Madame,", "Dear Madam,"},
		{"Monsieur", "Monsieur,", "Dear Sir,"},
		{"M.", "Monsieur,", "Dear Sir,"},
		{" monsieur ", "Monsieur,", "Dear Sir,"},
		{"Mr", "Monsieur,", "Dear Sir,"},
		{"Mlle", "Madame,", "Dear Madam,"},
		{"", "Madame, Monsieur,", "Dear Sir or Madam,"},
		{"Maître", "Madame, Monsieur,", "Dear Sir or Madam,"},
	}
	for _, c := range cases {
		if got := Salutation(c.civility); got != c.fr {
			t.Errorf("Salutation(%q) = %q, want %q", c.civility, got, c.fr)
		}
		if got := tplSalutation(c.civility, "en"); got != c.en {
			t.Errorf("English salutation for %q = %q, want %q", c.civility, got, c.en)
		}
	}
}

func TestTplUnknownFieldSuggestsTheClosest(t *testing.T) {
	tplInLanguage(t, "fr")
	te := tplCheckErr(t, "Madame,\n\nVoici.\nClient nom {{client.nomm}} fin")
	if te.Line != 4 || te.Column != 12 || te.Text != "{{client.nomm}}" || te.InSubject {
		t.Errorf("got line %d column %d text %q subject %v", te.Line, te.Column, te.Text, te.InSubject)
	}
	want := "Ligne 4, colonne 12 : le champ « client.nomm » n'existe pas. Champs possibles proches : client.nom."
	if got := te.Error(); got != want {
		t.Errorf("message\n%q\nwant\n%q", got, want)
	}
	for typo, suggestion := range map[string]string{
		"société.téléfone": "société.téléphone",
		"penalite":         "pénalités",
		"company.nam":      "company.name",
		"totaldu":          "total_dû",
		"client":           "client.nom, client.code, client.adresse",
		"promesse":         "promesse.date, promesse.montant",
	} {
		if msg := tplCheckErr(t, "{{"+typo+"}}").Error(); !strings.Contains(msg, "proches : "+suggestion) {
			t.Errorf("%s: %q, want a suggestion of %s", typo, msg, suggestion)
		}
	}
	for _, far := range []string{"xyzzy", "abc"} {
		if msg := tplCheckErr(t, "{{"+far+"}}").Error(); strings.Contains(msg, "proches") || !strings.Contains(msg, "liste des champs") {
			t.Errorf("%s is far from every field: %q", far, msg)
		}
	}
	if msg := tplCheckErr(t, "{{xyzzy}}").Error(); strings.Contains(msg, "proches") || !strings.Contains(msg, "liste des champs") {
		t.Errorf("far from everything: %q", msg)
	}
	// Accents and case are forgiven, not reported.
	if err := (Template{Body: "{{SOCIETE.Telephone}} {{ total_du }} {{Référence}}"}).Check(); err != nil {
		t.Errorf("unaccented names refused: %v", err)
	}

	tplInLanguage(t, "en")
	want = "Line 4, column 12: there is no field “client.nomm”. Closest fields: client.nom."
	if got := te.Error(); got != want {
		t.Errorf("English message\n%q\nwant\n%q", got, want)
	}
}

func TestTplReportsLineAndColumn(t *testing.T) {
	tplInLanguage(t, "fr")
	cases := []struct {
		name, body   string
		line, column int
		key, text    string
		says         string
	}{
		{"field at line 3", "Madame,\n\n  Total : {{totl}}", 3, 11, "tpl.err.unknown_field", "{{totl}}", "« totl » n'existe pas"},
		{"CRLF", "a\r\nb\r\nc {{totl}}", 3, 3, "tpl.err.unknown_field", "{{totl}}", "Ligne 3, colonne 3"},
		{"column in characters", "Échéance été {{x}}", 1, 14, "tpl.err.unknown_field", "{{x}}", "colonne 14"},
		{"unclosed block", "A\n{{si pénalités}}\nB\n{{si contact}}C{{fin}}\n", 2, 1, "tpl.err.unclosed_block", "{{si pénalités}}", "ajoutez « {{fin}} »"},
		{"stray end", "A\nB\n{{fin}}", 3, 1, "tpl.err.stray_end", "{{fin}}", "« {{si …}} »"},
		{"stray else", "A {{sinon}}", 1, 3, "tpl.err.stray_else", "{{sinon}}", "hors d'un bloc"},
		{"double else", "{{si contact}}a{{sinon}}b{{sinon}}c{{fin}}", 1, 26, "tpl.err.double_else", "{{sinon}}", "un seul"},
		{"unknown condition", "\n{{si penalties2}}x{{fin}}", 2, 1, "tpl.err.unknown_condition", "{{si penalties2}}", "penalties"},
		{"no condition", "{{si}}x{{fin}}", 1, 1, "tpl.err.no_condition", "{{si}}", "{{si pénalités}}"},
		{"unclosed tag", "Bonjour {{client.nom,\nsuite", 1, 9, "tpl.err.unclosed_tag", "{{client.nom,", "ajoutez « }} »"},
		{"unclosed before another", "{{client.nom {{total}}", 1, 1, "tpl.err.unclosed_tag", "{{client.nom {{total}}", "n'est pas refermé"},
		{"stray close", "a\n{client.nom}} b", 2, 12, "tpl.err.stray_close", "}}", "ne ferme rien"},
		{"empty", "x {{ }}", 1, 3, "tpl.err.empty_field", "{{ }}", "aucun nom de champ"},
	}
	for _, c := range cases {
		te := tplCheckErr(t, c.body)
		if te.Line != c.line || te.Column != c.column || te.tplKey != c.key || te.Text != c.text {
			t.Errorf("%s: line %d column %d key %s text %q, want %d %d %s %q",
				c.name, te.Line, te.Column, te.tplKey, te.Text, c.line, c.column, c.key, c.text)
		}
		msg := te.Error()
		if !strings.Contains(msg, c.says) || strings.Contains(msg, "tpl.") || strings.Contains(msg, "<no value>") {
			t.Errorf("%s: message %q, want it to say %q", c.name, msg, c.says)
		}
	}

	err := Template{Subject: "Relance {{référence}}\nsuite"}.Check()
	var te *TemplateError
	if !errors.As(err, &te) || !te.InSubject || te.Column != 22 || !strings.HasPrefix(err.Error(), "Objet, colonne 22 : ") {
		t.Errorf("subject on two lines: %v", err)
	}
	err = Template{Subject: "Relance {{référnce}}", Body: "ok"}.Check()
	if !errors.As(err, &te) || !te.InSubject || !strings.Contains(err.Error(), "référence") {
		t.Errorf("unknown field in subject: %v", err)
	}
	if _, err := Render(Template{Body: "{{fin}}"}, Company{}, Recipient{}, Facts{}); !errors.As(err, &te) {
		t.Errorf("Render does not check first: %v", err)
	}
}

func TestTplCannotRunCode(t *testing.T) {
	tplInLanguage(t, "fr")
	for _, body := range []string{
		`{{printf "%s" .}}`,
		`{{template "x"}}`,
		`{{define "x"}}secret{{end}}`,
		`{{readFile "/etc/passwd"}}`,
		`{{.Company.IBAN}}`,
		`{{ index . 0 }}`,
		`{{call .Open "/etc/passwd"}}`,
		`{{- société.nom -}}`,
	} {
		te := tplCheckErr(t, body)
		if te.tplKey != "tpl.err.unknown_field" || te.Line != 1 || te.Column != 1 {
			t.Errorf("%s: %s at %d:%d, want an unknown field at 1:1", body, te.tplKey, te.Line, te.Column)
		}
		if !strings.Contains(te.Error(), "n'existe pas") {
			t.Errorf("%s: %q", body, te.Error())
		}
	}
}

func TestTplDefaultTemplate(t *testing.T) {
	fr, ok := DefaultTemplate("relance1", "fr")
	if !ok || fr.Subject != "Relance : factures échues [Réf. {{référence}}]" || !strings.Contains(fr.Body, TableMarker) {
		t.Errorf("relance1 fr: %+v %v", fr, ok)
	}
	en, ok := DefaultTemplate("relance1", "en")
	if !ok || en.Language != "en" || en.Body == fr.Body {
		t.Errorf("relance1 en: %+v %v", en, ok)
	}
	if _, ok := DefaultTemplate("nope", "fr"); ok {
		t.Error("unknown id found")
	}
	if de, ok := DefaultTemplate("relance1", "de"); !ok || de.Language != "fr" || de.Body != fr.Body {
		t.Errorf("unknown language should give French: %+v %v", de, ok)
	}
	// Each call hands out fresh values: editing one must not change the defaults.
	ts := DefaultTemplates("fr")
	ts[0].Body = "edited"
	if DefaultTemplates("fr")[0].Body == "edited" {
		t.Error("defaults are shared")
	}
}
