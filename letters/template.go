package letters

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Template is the text of a letter, an email or a phone script, as a secretary edits it.
//
// The template language is deliberately tiny, so that user text can never run code or read
// files: placeholders {{champ}} or {{groupe.champ}} with French names (English aliases and
// names typed without accents are accepted), and conditional blocks
// {{si champ}} … {{sinon}} … {{fin}} shown when the field has a value (an amount above
// zero). A block tag or a placeholder alone on its line takes the whole line with it when it
// is hidden or empty, so blocks and optional lines leave no blank lines behind.
type Template struct {
	ID       string
	Channel  Channel
	Language string // "fr" or "en": the language of dates in the output
	Subject  string
	Body     string
}

// TemplateError locates a mistake in a template for the editor.
type TemplateError struct {
	Line, Column int // 1-based; Column counts characters, not bytes
	// Text is the part of the template at fault, as written ("{{client.nomm}}").
	Text string
	// InSubject is true when the mistake is in the subject line rather than the body.
	InSubject bool

	tplKey     string         // translation key of the message
	tplArgs    map[string]any // its placeholders, untranslated
	tplSuggest []string       // nearby field names, for unknown fields
}

// Error is a translated sentence: where the mistake is and what to change.
func (e *TemplateError) Error() string {
	args := map[string]any{
		"If":   "{{" + resources.T("tpl.word.if") + " …}}",
		"Else": "{{" + resources.T("tpl.word.else") + "}}",
		"End":  "{{" + resources.T("tpl.word.end") + "}}",
	}
	for k, v := range e.tplArgs {
		args[k] = v
	}
	msg := resources.T(e.tplKey, args)
	switch {
	case len(e.tplSuggest) > 0:
		msg += " " + resources.T("tpl.err.suggest", map[string]any{"Fields": strings.Join(e.tplSuggest, ", ")})
	case e.tplKey == "tpl.err.unknown_field" || e.tplKey == "tpl.err.unknown_condition":
		msg += " " + resources.T("tpl.err.see_help")
	}
	where := map[string]any{"Line": e.Line, "Column": e.Column, "Message": msg}
	if e.InSubject {
		return resources.T("tpl.err.where_subject", where)
	}
	return resources.T("tpl.err.where_line", where)
}

// tplCtx is what the fields read.
type tplCtx struct {
	company  Company
	rcpt     Recipient
	facts    Facts
	language string
}

func (c *tplCtx) money(v money.Cents) string { return money.FormatCurrency(v, c.facts.Currency) }
func (c *tplCtx) date(d civil.Date) string   { return tplLongDate(d, c.language) }

// tplField is one name a template may use. value is nil for names that only make sense as a
// condition ({{si promesse}}); present is nil when "has a value" means a non-empty text.
type tplField struct {
	fr, en  string
	also    []string // further aliases
	value   func(*tplCtx) string
	present func(*tplCtx) bool
}

func tplAmount(get func(*tplCtx) money.Cents) (func(*tplCtx) string, func(*tplCtx) bool) {
	return func(c *tplCtx) string { return c.money(get(c)) },
		func(c *tplCtx) bool { return get(c) > 0 }
}

func tplDate(get func(*tplCtx) civil.Date) (func(*tplCtx) string, func(*tplCtx) bool) {
	return func(c *tplCtx) string { return c.date(get(c)) },
		func(c *tplCtx) bool { return !get(c).IsZero() }
}

// tplFields lists every name, in the order the editor's help shows them.
var tplFields = func() []*tplField {
	f := func(fr, en string, value func(*tplCtx) string, present func(*tplCtx) bool, also ...string) *tplField {
		return &tplField{fr: fr, en: en, also: also, value: value, present: present}
	}
	amount := func(fr, en string, get func(*tplCtx) money.Cents) *tplField {
		v, p := tplAmount(get)
		return f(fr, en, v, p)
	}
	date := func(fr, en string, get func(*tplCtx) civil.Date) *tplField {
		v, p := tplDate(get)
		return f(fr, en, v, p)
	}
	promise := func(c *tplCtx) PromiseFacts {
		if c.facts.Promise == nil {
			return PromiseFacts{}
		}
		return *c.facts.Promise
	}
	return []*tplField{
		f("société.nom", "company.name", func(c *tplCtx) string { return c.company.Name }, nil),
		f("société.adresse", "company.address", func(c *tplCtx) string { return c.company.Address }, nil),
		f("société.ville", "company.city", func(c *tplCtx) string { return c.company.City }, nil),
		f("société.siret", "company.siret", func(c *tplCtx) string { return c.company.SIRET }, nil),
		f("société.tva", "company.vat", func(c *tplCtx) string { return c.company.VAT }, nil),
		f("société.iban", "company.iban", func(c *tplCtx) string { return c.company.IBAN }, nil),
		f("société.bic", "company.bic", func(c *tplCtx) string { return c.company.BIC }, nil),
		f("société.téléphone", "company.phone", func(c *tplCtx) string { return c.company.Phone }, nil),
		f("société.email", "company.email", func(c *tplCtx) string { return c.company.Email }, nil, "société.e-mail"),
		f("société.site", "company.website", func(c *tplCtx) string { return c.company.Website }, nil),
		f("société.signataire", "company.signatory", func(c *tplCtx) string { return c.company.Signatory }, nil),
		f("société.fonction", "company.role", func(c *tplCtx) string { return c.company.Role }, nil),
		f("client.nom", "customer.name", func(c *tplCtx) string { return c.rcpt.Name }, nil, "client.name"),
		f("client.code", "customer.code", func(c *tplCtx) string { return c.rcpt.Code }, nil),
		f("client.adresse", "customer.address", func(c *tplCtx) string { return c.rcpt.Address }, nil, "client.address"),
		f("client.contact", "customer.contact", func(c *tplCtx) string { return c.rcpt.Contact }, nil, "contact"),
		f("client.civilité", "customer.civility", func(c *tplCtx) string { return c.rcpt.Civility }, nil, "client.civility"),
		f("client.email", "customer.email", func(c *tplCtx) string { return c.rcpt.Email }, nil, "client.e-mail"),
		f("formule_appel", "salutation", func(c *tplCtx) string { return tplSalutation(c.rcpt.Civility, c.language) }, nil),
		amount("total", "total", func(c *tplCtx) money.Cents { return c.facts.Total }),
		amount("pénalités", "penalties", func(c *tplCtx) money.Cents { return c.facts.Penalties }),
		amount("indemnité", "indemnity", func(c *tplCtx) money.Cents { return c.facts.Indemnity }),
		amount("total_dû", "total_due", func(c *tplCtx) money.Cents { return c.facts.Due }),
		f("taux", "rate", func(c *tplCtx) string { return c.facts.RatePct }, nil),
		f("nombre_factures", "invoice_count",
			func(c *tplCtx) string { return fmt.Sprint(len(c.facts.Lines)) },
			func(c *tplCtx) bool { return len(c.facts.Lines) > 0 }),
		date("date", "date", func(c *tplCtx) civil.Date { return c.facts.Today }),
		date("échéance_paiement", "deadline", func(c *tplCtx) civil.Date { return c.facts.Deadline }),
		f("référence", "reference", func(c *tplCtx) string { return c.facts.Reference }, nil),
		f("lien_paiement", "payment_link", tplPaymentLink, nil),
		f("promesse", "promise", nil, func(c *tplCtx) bool { return c.facts.Promise != nil }),
		date("promesse.date", "promise.date", func(c *tplCtx) civil.Date { return promise(c).Date }),
		amount("promesse.montant", "promise.amount", func(c *tplCtx) money.Cents { return promise(c).Amount }),
	}
}()

// tplIndex finds a field by any of its names, normalised.
var tplIndex = func() map[string]*tplField {
	m := map[string]*tplField{}
	for _, f := range tplFields {
		for _, name := range append([]string{f.fr, f.en}, f.also...) {
			m[tplNormalize(name)] = f
		}
	}
	return m
}()

// tplNormalize lowercases and drops accents: a secretary typing {{societe.telephone}} on a
// keyboard without accents means {{société.téléphone}}.
func tplNormalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case 'à', 'â', 'ä':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'î', 'ï':
			r = 'i'
		case 'ô', 'ö':
			r = 'o'
		case 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Fields lists the French field names, for the editor's help.
func Fields() []string { return FieldsIn("fr") }

// FieldsIn lists the field names in a language ("en" gives the English aliases).
func FieldsIn(language string) []string {
	var out []string
	for _, f := range tplFields {
		if f.value == nil {
			continue
		}
		if language == "en" {
			out = append(out, f.en)
		} else {
			out = append(out, f.fr)
		}
	}
	return out
}

// Salutation is the French form of address for a civility: "Madame,", "Monsieur," or, when
// it is unknown, "Madame, Monsieur,".
func Salutation(civility string) string { return tplSalutation(civility, "fr") }

func tplSalutation(civility, language string) string {
	c := strings.TrimSuffix(tplNormalize(civility), ".")
	female := slices.Contains([]string{"madame", "mme", "mrs", "ms", "miss", "mademoiselle", "mlle"}, c)
	male := slices.Contains([]string{"monsieur", "m", "mr", "sir"}, c)
	if language == "en" {
		switch {
		case female:
			return "Dear Madam,"
		case male:
			return "Dear Sir,"
		}
		return "Dear Sir or Madam,"
	}
	switch {
	case female:
		return "Madame,"
	case male:
		return "Monsieur,"
	}
	return "Madame, Monsieur,"
}

var (
	tplMonthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	tplMonthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// tplLongDate writes "20 novembre 2026" (French writes the first of the month "1er") or
// "20 November 2026"; the zero date gives "".
func tplLongDate(d civil.Date, language string) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.YMD()
	if language == "en" {
		return fmt.Sprintf("%d %s %d", day, tplMonthsEN[m-time.January], y)
	}
	if day == 1 {
		return fmt.Sprintf("1er %s %d", tplMonthsFR[m-time.January], y)
	}
	return fmt.Sprintf("%d %s %d", day, tplMonthsFR[m-time.January], y)
}

// tplPaymentLink fills the company's payment URL pattern with the first invoice and the
// total, in the plain "1234.56" form payment pages read.
func tplPaymentLink(c *tplCtx) string {
	if c.company.PaymentLink == "" {
		return ""
	}
	invoice := ""
	if len(c.facts.Lines) > 0 {
		invoice = c.facts.Lines[0].Number
	}
	return strings.NewReplacer("{invoice}", url.QueryEscape(invoice), "{amount}", c.facts.Total.Euros()).
		Replace(c.company.PaymentLink)
}

// tplToken is a run of text or an action "{{…}}"; tplLex alternates them, text first and
// last, so that every action has a (possibly empty) text on each side.
type tplToken struct {
	text string // literal text, or the action as written
	off  int    // byte offset in the source
}

type tplNodeKind int

const (
	tplNodeText tplNodeKind = iota
	tplNodeField
	tplNodeBlock
)

type tplNode struct {
	kind  tplNodeKind
	text  string
	field *tplField
	// lead and trail are the blanks and line end around a placeholder alone on its line:
	// written only when the field has a value, so an empty one removes its line.
	lead, trail string
	then, els   []*tplNode
	inElse      bool
	off         int    // where a block opens, for the unclosed-block error
	raw         string // the block's tag as written
}

// tplParser turns a source into nodes, or the first mistake found.
type tplParser struct {
	src       string
	inSubject bool
}

func (p *tplParser) fail(off int, text, key string, args map[string]any, suggest []string) *TemplateError {
	line := 1 + strings.Count(p.src[:off], "\n")
	start := strings.LastIndexByte(p.src[:off], '\n') + 1
	return &TemplateError{
		Line: line, Column: 1 + utf8.RuneCountInString(p.src[start:off]), Text: text, InSubject: p.inSubject,
		tplKey: key, tplArgs: args, tplSuggest: suggest,
	}
}

func (p *tplParser) lex() ([]tplToken, *TemplateError) {
	var toks []tplToken
	i := 0
	for {
		j := strings.Index(p.src[i:], "{{")
		seg := p.src[i:]
		if j >= 0 {
			seg = p.src[i : i+j]
		}
		// "}}" in plain text is almost always a placeholder whose opening was mistyped.
		if k := strings.Index(seg, "}}"); k >= 0 {
			return nil, p.fail(i+k, "}}", "tpl.err.stray_close", map[string]any{"Open": "{{", "Close": "}}"}, nil)
		}
		toks = append(toks, tplToken{text: seg, off: i})
		if j < 0 {
			return toks, nil
		}
		start := i + j
		rest := p.src[start+2:]
		end := strings.Index(rest, "}}")
		nl := strings.IndexByte(rest, '\n')
		reopen := strings.Index(rest, "{{")
		if end < 0 || (nl >= 0 && nl < end) || (reopen >= 0 && reopen < end) {
			text := rest
			if nl >= 0 {
				text = rest[:nl]
			}
			return nil, p.fail(start, "{{"+text, "tpl.err.unclosed_tag", map[string]any{"Open": "{{", "Close": "}}"}, nil)
		}
		toks = append(toks, tplToken{text: p.src[start : start+2+end+2], off: start})
		i = start + 2 + end + 2
	}
}

// tplBlank reports whether s holds only spaces and tabs.
func tplBlank(s string) bool { return strings.Trim(s, " \t\r") == "" }

// tplAlone reports whether the action at toks[i] is the only thing on its line.
func tplAlone(toks []tplToken, i int) bool {
	prev, next := toks[i-1].text, toks[i+1].text
	nl := strings.LastIndexByte(prev, '\n')
	if !tplBlank(prev[nl+1:]) || (nl < 0 && i-1 != 0) {
		return false
	}
	nl = strings.IndexByte(next, '\n')
	if nl < 0 {
		return tplBlank(next) && i+1 == len(toks)-1
	}
	return tplBlank(next[:nl])
}

func (p *tplParser) parse() ([]*tplNode, *TemplateError) {
	toks, err := p.lex()
	if err != nil {
		return nil, err
	}
	// Work out which actions stand alone before trimming anything, so that two such lines in
	// a row both qualify.
	alone := make([]bool, len(toks))
	for i := 1; i < len(toks); i += 2 {
		alone[i] = tplAlone(toks, i)
	}
	headCut := make([]int, len(toks)) // bytes cut from the start of a text
	tailCut := make([]int, len(toks)) // index where the cut end of a text starts
	for i := range toks {
		tailCut[i] = len(toks[i].text)
	}
	for i := 1; i < len(toks); i += 2 {
		if !alone[i] {
			continue
		}
		prev := toks[i-1].text
		tailCut[i-1] = strings.LastIndexByte(prev, '\n') + 1
		next := toks[i+1].text
		if nl := strings.IndexByte(next, '\n'); nl >= 0 {
			headCut[i+1] = nl + 1
		} else {
			headCut[i+1] = len(next)
		}
	}
	textOf := func(i int) string {
		t := toks[i].text
		if headCut[i] >= tailCut[i] {
			return ""
		}
		return t[headCut[i]:tailCut[i]]
	}

	root := &tplNode{kind: tplNodeBlock}
	stack := []*tplNode{root}
	add := func(n *tplNode) {
		top := stack[len(stack)-1]
		if top.inElse {
			top.els = append(top.els, n)
		} else {
			top.then = append(top.then, n)
		}
	}
	for i, tok := range toks {
		if i%2 == 0 {
			if s := textOf(i); s != "" {
				add(&tplNode{kind: tplNodeText, text: s})
			}
			continue
		}
		inner := strings.TrimSpace(tok.text[2 : len(tok.text)-2])
		var word, arg string
		if w := strings.Fields(inner); len(w) > 0 {
			word, arg = tplNormalize(w[0]), strings.TrimSpace(inner[len(w[0]):])
		}
		tagArgs := map[string]any{"Tag": tok.text}
		switch {
		case inner == "":
			return nil, p.fail(tok.off, tok.text, "tpl.err.empty_field", tagArgs, nil)
		case word == "si" || word == "if":
			if arg == "" {
				tagArgs["Example"] = "{{" + resources.T("tpl.word.if") + " " + resources.T("tpl.example_condition") + "}}"
				return nil, p.fail(tok.off, tok.text, "tpl.err.no_condition", tagArgs, nil)
			}
			f := tplIndex[tplNormalize(arg)]
			if f == nil {
				return nil, p.fail(tok.off, tok.text, "tpl.err.unknown_condition",
					map[string]any{"Field": arg}, tplSuggest(arg, true))
			}
			n := &tplNode{kind: tplNodeBlock, field: f, off: tok.off, raw: tok.text}
			add(n)
			stack = append(stack, n)
			continue
		case (word == "sinon" || word == "else") && arg == "":
			if len(stack) == 1 {
				return nil, p.fail(tok.off, tok.text, "tpl.err.stray_else", tagArgs, nil)
			}
			top := stack[len(stack)-1]
			if top.inElse {
				return nil, p.fail(tok.off, tok.text, "tpl.err.double_else", tagArgs, nil)
			}
			top.inElse = true
			continue
		case (word == "fin" || word == "end") && arg == "":
			if len(stack) == 1 {
				return nil, p.fail(tok.off, tok.text, "tpl.err.stray_end", tagArgs, nil)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		f := tplIndex[tplNormalize(inner)]
		if f == nil || f.value == nil {
			return nil, p.fail(tok.off, tok.text, "tpl.err.unknown_field",
				map[string]any{"Field": inner}, tplSuggest(inner, false))
		}
		n := &tplNode{kind: tplNodeField, field: f}
		if alone[i] {
			prev, next := toks[i-1].text, toks[i+1].text
			n.lead = prev[tailCut[i-1]:]
			n.trail = next[:headCut[i+1]]
		}
		add(n)
	}
	if len(stack) > 1 {
		open := stack[len(stack)-1]
		return nil, p.fail(open.off, open.raw, "tpl.err.unclosed_block", map[string]any{"Tag": open.raw}, nil)
	}
	return root.then, nil
}

// tplSuggest proposes the known names closest to an unknown one: the fields of a group when
// only the group was typed ("client"), else those at the smallest edit distance, if small.
func tplSuggest(name string, conditions bool) []string {
	in := tplNormalize(name)
	type spelling struct {
		shown string
		f     *tplField
	}
	var tiers [3][]spelling // French names, English names, other aliases
	for _, f := range tplFields {
		if f.value == nil && !conditions {
			continue
		}
		tiers[0] = append(tiers[0], spelling{f.fr, f})
		tiers[1] = append(tiers[1], spelling{f.en, f})
		for _, a := range f.also {
			tiers[2] = append(tiers[2], spelling{a, f})
		}
	}
	pick := func(keep func(spelling) bool) []string {
		var out []string
		seen := map[*tplField]bool{}
		for _, tier := range tiers {
			for _, s := range tier {
				if !seen[s.f] && keep(s) {
					seen[s.f] = true
					out = append(out, s.shown)
				}
			}
		}
		return out
	}
	group := strings.TrimSuffix(in, ".") + "."
	if byGroup := pick(func(s spelling) bool { return strings.HasPrefix(tplNormalize(s.shown), group) }); len(byGroup) > 0 {
		return byGroup
	}
	best := -1
	for _, tier := range tiers {
		for _, s := range tier {
			if d := tplDistance(in, tplNormalize(s.shown)); best < 0 || d < best {
				best = d
			}
		}
	}
	if best < 0 || best > min(3, max(1, utf8.RuneCountInString(in)/3)) {
		return nil
	}
	out := pick(func(s spelling) bool { return tplDistance(in, tplNormalize(s.shown)) == best })
	return out[:min(len(out), 3)]
}

// tplDistance is the Levenshtein distance between a and b, in characters.
func tplDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// tplPrepare parses the subject and the body.
func (t Template) tplPrepare() (subject, body []*tplNode, err *TemplateError) {
	if i := strings.IndexAny(t.Subject, "\r\n"); i >= 0 {
		p := &tplParser{src: t.Subject, inSubject: true}
		return nil, nil, p.fail(i, t.Subject, "tpl.err.subject_newline", nil, nil)
	}
	subject, err = (&tplParser{src: t.Subject, inSubject: true}).parse()
	if err != nil {
		return nil, nil, err
	}
	body, err = (&tplParser{src: strings.ReplaceAll(t.Body, "\r\n", "\n")}).parse()
	if err != nil {
		return nil, nil, err
	}
	return subject, body, nil
}

// Check reports the first mistake of the template as a *TemplateError, or nil.
func (t Template) Check() error {
	if _, _, err := t.tplPrepare(); err != nil {
		return err
	}
	return nil
}

func tplWrite(b *strings.Builder, nodes []*tplNode, c *tplCtx) {
	for _, n := range nodes {
		switch n.kind {
		case tplNodeText:
			b.WriteString(n.text)
		case tplNodeField:
			if v := n.field.value(c); v != "" {
				b.WriteString(n.lead + v + n.trail)
			}
		case tplNodeBlock:
			if tplPresent(n.field, c) {
				tplWrite(b, n.then, c)
			} else {
				tplWrite(b, n.els, c)
			}
		}
	}
}

func tplPresent(f *tplField, c *tplCtx) bool {
	if f.present != nil {
		return f.present(c)
	}
	return f.value(c) != ""
}

// tplTidy drops trailing blanks and runs of blank lines that empty fields may leave.
func tplTidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

// Render checks the template and fills it in. The TableMarker line is kept for the PDF and
// email writers, which lay the invoices out there.
func Render(t Template, company Company, rcpt Recipient, facts Facts) (Rendered, error) {
	subject, body, err := t.tplPrepare()
	if err != nil {
		return Rendered{}, err
	}
	c := &tplCtx{company: company, rcpt: rcpt, facts: facts, language: t.Language}
	var s, b strings.Builder
	tplWrite(&s, subject, c)
	tplWrite(&b, body, c)
	// A multi-line value (an address) must not break the subject header.
	subj := strings.Join(strings.Fields(strings.ReplaceAll(s.String(), "\n", ", ")), " ")
	return Rendered{
		TemplateID: t.ID,
		Channel:    t.Channel,
		Language:   t.Language,
		Subject:    subj,
		Body:       tplTidy(b.String()),
	}, nil
}

// tplFile is one entry of resources/templates/<language>.json.
type tplFile struct {
	ID      string   `json:"id"`
	Channel Channel  `json:"channel"`
	Subject string   `json:"subject"`
	Body    []string `json:"body"` // lines, easier to read and review in JSON than one string
}

func tplLoad(language string) ([]Template, error) {
	if !slices.Contains(resources.Languages, language) {
		language = "fr"
	}
	var files []tplFile
	if err := json.Unmarshal(resources.Templates(language), &files); err != nil {
		return nil, fmt.Errorf("default templates %s: %w", language, err)
	}
	out := make([]Template, 0, len(files))
	for _, f := range files {
		out = append(out, Template{
			ID: f.ID, Channel: f.Channel, Language: language,
			Subject: f.Subject, Body: strings.Join(f.Body, "\n"),
		})
	}
	return out, nil
}

// DefaultTemplates returns the texts shipped with Encaisse in a language (French for an
// unknown one). It is nil only if the shipped file is broken, which the tests rule out.
func DefaultTemplates(language string) []Template {
	ts, err := tplLoad(language)
	if err != nil {
		return nil
	}
	return ts
}

// DefaultTemplate returns the shipped text of one template, to reset an edited one.
func DefaultTemplate(id, language string) (Template, bool) {
	for _, t := range DefaultTemplates(language) {
		if t.ID == id {
			return t, true
		}
	}
	return Template{}, false
}
