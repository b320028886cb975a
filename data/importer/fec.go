package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// FECOptions says which lines of a FEC are customer items and how to read them.
type FECOptions struct {
	AsOf         civil.Date // open items at this date; entries dated after it are ignored
	DefaultTerms int        // days added to the invoice date to make the due date (30 when 0)
	Accounts     []string   // receivable account prefixes; default {"411"}; "41" covers 411..419
}

// FECResult is what a FEC gave: the customer items and what could not be read.
type FECResult struct {
	Records   []Record // every customer item: open ones and those settled by the as-of date
	Rejected  []Issue  // unreadable lines (bad date, bad amount, wrong column count)
	Warnings  []Issue  // computed due dates, unbalanced lettering, renamed numbers…
	Lines     int      // data lines read (blank lines excepted)
	Ignored   int      // data lines dated after AsOf, left out
	Encoding  string   // as DecodeText names it: "UTF-8", "ISO-8859-15", "Windows-1252"…
	Separator rune
}

// ErrNotFEC is matched (errors.Is) by the error ParseFEC returns for a file whose header does
// not name the FEC columns, so a caller can try another format.
var ErrNotFEC = errors.New("not a FEC file")

type fecError struct {
	msg string
	err error
}

func (e *fecError) Error() string { return e.msg }
func (e *fecError) Unwrap() error { return e.err }

// fecColumnNames are the 18 columns of the legal layout, in order (article A47 A-1 LPF).
var fecColumnNames = []string{"JournalCode", "JournalLib", "EcritureNum", "EcritureDate",
	"CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
	"Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"}

// fecCols holds the index of each column we use, -1 when absent.
type fecCols struct {
	journal, journalLib, num, date, account, accountLib, aux, auxLib   int
	piece, pieceDate, label, debit, credit, amount, sens, let, dateLet int
	names                                                              []string // as spelt in the file, for messages
}

// fecHeaderName cleans a header cell as spelt in the file, for matching and messages.
func fecHeaderName(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "\ufeff")
	return strings.TrimSpace(strings.Trim(s, `"'`))
}

func fecMapHeader(header []string) (fecCols, []string) {
	c := fecCols{journal: -1, journalLib: -1, num: -1, date: -1, account: -1, accountLib: -1,
		aux: -1, auxLib: -1, piece: -1, pieceDate: -1, label: -1, debit: -1, credit: -1,
		amount: -1, sens: -1, let: -1, dateLet: -1}
	slots := map[string]*int{
		"journalcode": &c.journal, "journallib": &c.journalLib, "ecriturenum": &c.num,
		"ecrituredate": &c.date, "comptenum": &c.account, "comptelib": &c.accountLib,
		"compauxnum": &c.aux, "compauxlib": &c.auxLib, "pieceref": &c.piece,
		"piecedate": &c.pieceDate, "ecriturelib": &c.label, "debit": &c.debit,
		"credit": &c.credit, "montant": &c.amount, "sens": &c.sens, "ecriturelet": &c.let,
		"datelet": &c.dateLet,
	}
	for i, h := range header {
		name := fecHeaderName(h)
		c.names = append(c.names, name)
		if p, ok := slots[strings.ToLower(name)]; ok && *p < 0 {
			*p = i
		}
	}
	var missing []string
	for _, req := range []struct {
		name string
		idx  int
	}{{"JournalCode", c.journal}, {"EcritureDate", c.date}, {"CompteNum", c.account}} {
		if req.idx < 0 {
			missing = append(missing, req.name)
		}
	}
	switch {
	case c.debit >= 0 && c.credit >= 0, c.amount >= 0 && c.sens >= 0:
	case c.amount >= 0:
		missing = append(missing, "Sens")
	case c.sens >= 0:
		missing = append(missing, "Montant")
	default:
		if c.debit < 0 {
			missing = append(missing, "Debit")
		}
		if c.credit < 0 {
			missing = append(missing, "Credit")
		}
	}
	return c, missing
}

// LooksLikeFEC reports whether a header row names the FEC columns: at least JournalCode,
// EcritureDate, CompteNum and either Debit and Credit or Montant and Sens, in any case.
func LooksLikeFEC(header []string) bool {
	_, missing := fecMapHeader(header)
	return len(missing) == 0
}

// fecLine is one receivable line kept in memory; other lines are dropped once checked.
type fecLine struct {
	row       int
	journal   string
	num       string
	date      civil.Date
	piece     string
	pieceDate civil.Date
	label     string
	customer  string
	net       money.Cents // debit − credit
	let       string
	dateLet   civil.Date
	open      money.Cents // part still open at AsOf
	settled   civil.Date  // lettering date when settled at AsOf
}

type fecLetterKey struct{ customer, code string }

// fecParser carries the state of one ParseFEC call.
type fecParser struct {
	opt      FECOptions
	terms    int
	prefixes [][]byte
	cols     fecCols
	width    int
	sep      byte
	res      *FECResult
	lines    []fecLine
	journals map[string]string // code → label, first one seen
	names    map[string]string // customer → name, first one seen
	latest   map[fecLetterKey]civil.Date
	dates    map[string]civil.Date // the same few hundred dates repeat over a whole file
	warns    []Issue
}

// ParseFEC reads a Fichier des Écritures Comptables and returns the customer items it holds.
// The error is only for a file that cannot be read as a FEC at all; bad lines are rejected
// one by one and the rest is imported.
func ParseFEC(r io.Reader, opt FECOptions) (*FECResult, error) {
	p := &fecParser{opt: opt, terms: opt.DefaultTerms, res: &FECResult{},
		journals: map[string]string{}, names: map[string]string{},
		latest: map[fecLetterKey]civil.Date{}, dates: map[string]civil.Date{}}
	if p.terms <= 0 {
		p.terms = 30
	}
	for _, a := range opt.Accounts {
		if a = strings.TrimSpace(a); a != "" {
			p.prefixes = append(p.prefixes, []byte(a))
		}
	}
	if len(p.prefixes) == 0 {
		p.prefixes = [][]byte{[]byte("411")}
	}

	src, enc, err := DecodeText(r)
	if err != nil {
		return nil, &fecError{msg: resources.T("fec.err.read", map[string]any{"Line": 1, "Detail": err.Error()}), err: err}
	}
	p.res.Encoding = enc

	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	sc.Split(fecScanLines)
	var fields [][]byte
	row := 0
	header := false
	for sc.Scan() {
		row++
		raw := sc.Bytes()
		if !header {
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			if err := p.header(string(raw)); err != nil {
				return nil, err
			}
			header = true
			continue
		}
		if fecBlank(raw, p.sep) {
			continue
		}
		p.res.Lines++
		fields = fecSplit(fields[:0], raw, p.sep)
		p.line(row, fields)
	}
	if err := sc.Err(); err != nil {
		return nil, &fecError{msg: resources.T("fec.err.read", map[string]any{"Line": row + 1, "Detail": err.Error()}), err: err}
	}
	if !header {
		return nil, &fecError{msg: resources.T("fec.err.empty"), err: ErrNotFEC}
	}
	p.finish()
	return p.res, nil
}

// fecScanLines splits on LF, CRLF or a lone CR (old Mac exports).
func fecScanLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if atEOF {
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // a CR at the end of the buffer: wait to see whether LF follows
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func (p *fecParser) header(line string) error {
	sep, best := byte(','), 0
	for _, s := range []byte{'\t', '|', ';'} {
		if n := strings.Count(line, string(s)); n > best {
			sep, best = s, n
		}
	}
	var cells []string
	for _, f := range fecSplit(nil, []byte(line), sep) {
		cells = append(cells, string(f))
	}
	for len(cells) > 1 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1] // a trailing separator
	}
	cols, missing := fecMapHeader(cells)
	if len(missing) > 0 {
		msg := resources.T("fec.err.not_fec", map[string]any{
			"Columns":  strings.Join(missing, ", "),
			"Expected": strings.Join(fecColumnNames, ", "),
		})
		return &fecError{msg: msg, err: ErrNotFEC}
	}
	p.cols, p.width, p.sep = cols, len(cells), sep
	p.res.Separator = rune(sep)
	return nil
}

func fecBlank(b []byte, sep byte) bool {
	for _, c := range b {
		if c != sep && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// fecSplit cuts a line at sep into trimmed fields. A field wrapped in double quotes may hold
// the separator (seen in ';' exports made through a spreadsheet).
func fecSplit(dst [][]byte, line []byte, sep byte) [][]byte {
	for {
		start := 0
		for start < len(line) && line[start] == ' ' {
			start++
		}
		if start < len(line) && line[start] == '"' {
			if end := fecCloseQuote(line, start+1); end >= 0 {
				field := line[start+1 : end]
				if bytes.Contains(field, []byte(`""`)) {
					field = bytes.ReplaceAll(field, []byte(`""`), []byte(`"`))
				}
				rest := line[end+1:]
				i := bytes.IndexByte(rest, sep)
				dst = append(dst, bytes.TrimSpace(field))
				if i < 0 {
					return dst
				}
				line = rest[i+1:]
				continue
			}
		}
		i := bytes.IndexByte(line, sep)
		if i < 0 {
			return append(dst, bytes.TrimSpace(line))
		}
		dst = append(dst, bytes.TrimSpace(line[:i]))
		line = line[i+1:]
	}
}

// fecCloseQuote finds the quote closing a field opened just before from, skipping "" pairs.
func fecCloseQuote(line []byte, from int) int {
	for j := from; j < len(line); j++ {
		if line[j] != '"' {
			continue
		}
		if j+1 < len(line) && line[j+1] == '"' {
			j++
			continue
		}
		return j
	}
	return -1
}

func (p *fecParser) reject(row int, key string, data map[string]any) {
	data["Line"] = row
	p.res.Rejected = append(p.res.Rejected, Issue{Row: row, Reason: resources.T(key, data)})
}

func (p *fecParser) warn(row int, key string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	data["Line"] = row
	p.warns = append(p.warns, Issue{Row: row, Reason: resources.T(key, data)})
}

func (p *fecParser) column(i int) string { return p.cols.names[i] }

func fecFieldAt(fields [][]byte, i int) []byte {
	if i < 0 {
		return nil
	}
	return fields[i]
}

// date reads a FEC date: AAAAMMJJ, or what else civil.Parse understands (some exports
// write 31/01/2026 or 2026-01-31).
func (p *fecParser) date(b []byte) (civil.Date, bool) {
	if len(b) == 0 {
		return 0, false
	}
	if d, ok := p.dates[string(b)]; ok {
		return d, true
	}
	d, err := civil.Parse(string(b))
	if err != nil || d.IsZero() {
		return 0, false
	}
	if len(p.dates) < 1<<14 {
		p.dates[string(b)] = d
	}
	return d, true
}

func fecDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// fecMaxAmount keeps sums far from int64 overflow: 10 billion euros on one line.
const fecMaxAmount = money.Cents(1_000_000_000_000)

func (p *fecParser) amount(row int, fields [][]byte, col int) (money.Cents, bool) {
	b := fecFieldAt(fields, col)
	if len(b) == 0 {
		return 0, true
	}
	s := string(b)
	dec := '.'
	if strings.ContainsRune(s, ',') {
		dec = ','
	}
	v, err := money.ParseWith(s, dec)
	if err != nil || v > fecMaxAmount || v < -fecMaxAmount || fecSubCent(s, byte(dec)) {
		p.reject(row, "fec.reject.bad_amount", map[string]any{"Value": s, "Column": p.column(col)})
		return 0, false
	}
	return v, true
}

// fecSubCent reports digits other than 0 past the second decimal: a FEC has cents, so
// "1.437" is a thousands separator misread, not 1,44 € once rounded.
func fecSubCent(s string, dec byte) bool {
	i := strings.LastIndexByte(s, dec)
	if i < 0 {
		return false
	}
	for j := i + 3; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		if s[j] != '0' {
			return true
		}
	}
	return false
}

func (p *fecParser) receivable(account []byte) bool {
	for _, pre := range p.prefixes {
		if bytes.HasPrefix(account, pre) {
			return true
		}
	}
	return false
}

func (p *fecParser) line(row int, fields [][]byte) {
	c := &p.cols
	for len(fields) > p.width && len(fields[len(fields)-1]) == 0 {
		fields = fields[:len(fields)-1]
	}
	if len(fields) != p.width {
		p.reject(row, "fec.reject.columns", map[string]any{"Got": len(fields), "Want": p.width})
		return
	}
	date, ok := p.date(fields[c.date])
	if !ok {
		p.reject(row, "fec.reject.bad_date", map[string]any{"Value": string(fields[c.date]), "Column": p.column(c.date)})
		return
	}
	journal := fields[c.journal]
	if _, seen := p.journals[string(journal)]; !seen {
		p.journals[string(journal)] = string(fecFieldAt(fields, c.journalLib))
	}
	account := fields[c.account]
	if !p.receivable(account) {
		if !p.opt.AsOf.IsZero() && date.After(p.opt.AsOf) {
			p.res.Ignored++
		}
		return
	}
	customer, name := fecFieldAt(fields, c.aux), fecFieldAt(fields, c.auxLib)
	if len(customer) == 0 {
		customer, name = account, fecFieldAt(fields, c.accountLib)
	}
	let := string(fecFieldAt(fields, c.let))
	if !p.opt.AsOf.IsZero() && date.After(p.opt.AsOf) {
		// Left out, but a later line still tells when its lettering was made.
		p.res.Ignored++
		if let != "" {
			k := fecLetterKey{string(customer), let}
			if date.After(p.latest[k]) {
				p.latest[k] = date
			}
		}
		return
	}

	var net money.Cents
	if c.debit >= 0 && c.credit >= 0 {
		debit, ok1 := p.amount(row, fields, c.debit)
		if !ok1 {
			return
		}
		credit, ok2 := p.amount(row, fields, c.credit)
		if !ok2 {
			return
		}
		net = debit - credit
	} else {
		amount, ok := p.amount(row, fields, c.amount)
		if !ok {
			return
		}
		switch s := strings.ToLower(string(fields[c.sens])); {
		case s == "d" || s == "+" || strings.HasPrefix(s, "deb") || strings.HasPrefix(s, "déb"):
			net = amount
		case s == "c" || s == "-" || strings.HasPrefix(s, "cr"):
			net = -amount
		case s == "" && amount == 0:
		default:
			p.reject(row, "fec.reject.bad_sens", map[string]any{"Value": string(fields[c.sens]), "Column": p.column(c.sens)})
			return
		}
	}

	l := fecLine{row: row, journal: string(journal), num: string(fecFieldAt(fields, c.num)), date: date,
		piece: string(fecFieldAt(fields, c.piece)), label: string(fecFieldAt(fields, c.label)),
		customer: string(customer), net: net, let: let}
	if d, ok := p.date(fecFieldAt(fields, c.pieceDate)); ok {
		l.pieceDate = d
	}
	if d, ok := p.date(fecFieldAt(fields, c.dateLet)); ok && let != "" {
		l.dateLet = d
	}
	if let != "" {
		k := fecLetterKey{l.customer, let}
		if date.After(p.latest[k]) {
			p.latest[k] = date
		}
	}
	if _, seen := p.names[l.customer]; !seen || p.names[l.customer] == "" {
		p.names[l.customer] = string(name)
	}
	p.lines = append(p.lines, l)
}

// finish settles the lettered lines, groups the lines into items and names them.
func (p *fecParser) finish() {
	p.letter()
	items := p.items()
	p.number(items)

	res := p.res
	res.Records = make([]Record, 0, len(items))
	for _, it := range items {
		if it.clamped {
			p.warn(it.rec.Row, "fec.warn.open_clamped", map[string]any{
				"Number": it.rec.Number, "Customer": p.customerLabel(it.rec.CustomerCode),
				"Open": money.FormatCurrency(it.unclamped, "EUR"), "Amount": money.FormatCurrency(it.rec.Amount, "EUR")})
		}
		res.Records = append(res.Records, it.rec)
	}
	var head []Issue
	if len(res.Records) > 0 {
		head = append(head, Issue{Reason: resources.T("fec.warn.due_computed", map[string]any{"Days": p.terms})})
	} else if res.Lines > 0 {
		var acc []string
		for _, pre := range p.prefixes {
			acc = append(acc, string(pre))
		}
		head = append(head, Issue{Reason: resources.T("fec.warn.no_receivable", map[string]any{"Accounts": strings.Join(acc, ", ")})})
	}
	if res.Ignored > 0 {
		head = append(head, Issue{Reason: resources.T("fec.warn.after_asof", map[string]any{"Count": res.Ignored, "Date": p.opt.AsOf.French()})})
	}
	sort.SliceStable(p.warns, func(i, j int) bool { return p.warns[i].Row < p.warns[j].Row })
	res.Warnings = append(head, p.warns...)
}

// letter works out, for each line, the part still open at AsOf. Lines of one customer
// sharing a code settle each other once the lettering is effective (DateLet on or before
// AsOf; without DateLet, the date of the group's latest line). What a partial lettering
// leaves is kept open on the group's most recent lines on the side that outweighs.
func (p *fecParser) letter() {
	groups := map[fecLetterKey][]int{}
	var order []fecLetterKey
	for i := range p.lines {
		l := &p.lines[i]
		l.open = l.net
		if l.let == "" {
			continue
		}
		eff := l.dateLet
		if eff.IsZero() {
			eff = p.latest[fecLetterKey{l.customer, l.let}]
		}
		if !p.opt.AsOf.IsZero() && eff.After(p.opt.AsOf) {
			continue
		}
		l.settled = eff
		k := fecLetterKey{l.customer, l.let}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		idx := groups[k]
		var net money.Cents
		for _, i := range idx {
			net += p.lines[i].net
			p.lines[i].open = 0
		}
		if net == 0 {
			continue
		}
		p.warn(p.lines[idx[0]].row, "fec.warn.partial_letter", map[string]any{
			"Code": k.code, "Customer": p.customerLabel(k.customer), "Amount": money.FormatCurrency(net, "EUR")})
		side := make([]int, 0, len(idx))
		for _, i := range idx {
			if (net > 0) == (p.lines[i].net > 0) && p.lines[i].net != 0 {
				side = append(side, i)
			}
		}
		sort.Slice(side, func(a, b int) bool {
			la, lb := &p.lines[side[a]], &p.lines[side[b]]
			if la.date != lb.date {
				return la.date.After(lb.date)
			}
			return la.row > lb.row
		})
		rest := net
		for _, i := range side {
			l := &p.lines[i]
			part := l.net
			if (net > 0 && part > rest) || (net < 0 && part < rest) {
				part = rest
			}
			l.open, l.settled = part, 0
			rest -= part
			if rest == 0 {
				break
			}
		}
	}
}

func (p *fecParser) customerLabel(code string) string {
	if n := p.names[code]; n != "" && n != code {
		return code + " (" + n + ")"
	}
	return code
}

type fecItem struct {
	rec       Record
	journal   string
	piece     string
	num       string
	unclamped money.Cents // open balance before it was brought within the amount
	clamped   bool
}

type fecItemKey struct{ journal, customer, ref, num string }

type fecJournalKind int

const (
	fecOther fecJournalKind = iota
	fecSales
	fecOpening
	fecTreasury // bank and cash
	fecMisc     // opérations diverses
)

func (p *fecParser) items() []*fecItem {
	kinds := map[string]fecJournalKind{}
	for code, label := range p.journals {
		kinds[code] = fecClassifyJournal(code, label)
	}
	byKey := map[fecItemKey]*fecItem{}
	var items []*fecItem
	avoir := map[*fecItem]bool{}
	for i := range p.lines {
		l := &p.lines[i]
		jk := kinds[l.journal]
		k := fecItemKey{journal: l.journal, customer: l.customer, ref: l.piece}
		switch {
		case k.ref == "" && l.num != "":
			k.ref = "#" + l.num
		case k.ref == "":
			k.ref = fmt.Sprintf("#L%d", l.row)
		case jk == fecTreasury:
			// Bank journals often carry the statement number as PieceRef: one payment per entry.
			k.num = l.num
		}
		it := byKey[k]
		if it == nil {
			issued := l.pieceDate
			if issued.IsZero() {
				issued = l.date
			}
			it = &fecItem{journal: l.journal, piece: l.piece, num: l.num,
				rec: Record{Row: l.row, CustomerCode: l.customer, Issued: issued,
					Due: issued.AddDays(p.terms), DueEstimated: true, Currency: "EUR"}}
			byKey[k] = it
			items = append(items, it)
		}
		it.rec.Amount += l.net
		it.rec.Open += l.open
		if l.settled.After(it.rec.SettledOn) {
			it.rec.SettledOn = l.settled
		}
		if strings.Contains(strings.ToLower(l.label), "avoir") {
			avoir[it] = true
		}
	}

	kept := items[:0]
	for _, it := range items {
		r := &it.rec
		if r.Amount == 0 {
			continue // a piece cancelled within itself
		}
		r.CustomerName = p.names[r.CustomerCode]
		if r.CustomerName == "" {
			r.CustomerName = r.CustomerCode
		}
		jk := kinds[it.journal]
		switch {
		case r.Amount > 0:
			r.Kind = Invoice
		case jk == fecSales || jk == fecOpening:
			r.Kind = Credit
		case jk == fecOther && avoir[it]:
			r.Kind = Credit
		default:
			r.Kind = Payment
		}
		// An item whose lines are lettered apart can end up open beyond its amount or on
		// the other side; the customer's balance is kept as far as the item allows.
		clamped := r.Open
		if r.Amount > 0 {
			clamped = min(max(clamped, 0), r.Amount)
		} else {
			clamped = max(min(clamped, 0), r.Amount)
		}
		if clamped != r.Open {
			it.unclamped, it.clamped = r.Open, true
			r.Open = clamped
		}
		if r.Open != 0 {
			r.SettledOn = 0
		}
		kept = append(kept, it)
	}
	return kept
}

// number gives each item its number: the PieceRef; for payments the PieceRef when no other
// item has it, else JournalCode-EcritureNum, so that a payment filed under its invoice's
// number stays apart from it. Numbers left equal get -2, -3… and a warning.
func (p *fecParser) number(items []*fecItem) {
	refs := map[string]int{}
	for _, it := range items {
		refs[it.piece]++
	}
	for _, it := range items {
		n := it.piece
		if it.rec.Kind == Payment && (n == "" || refs[n] > 1) {
			n = it.journal + "-" + it.num
			if it.num == "" {
				n = fmt.Sprintf("%s-L%d", it.journal, it.rec.Row)
			}
		}
		if n == "" {
			n = it.journal + "-" + it.num
			if it.num == "" {
				n = fmt.Sprintf("%s-L%d", it.journal, it.rec.Row)
			}
		}
		it.rec.Number = n
	}
	taken := map[string]bool{}
	for _, it := range items {
		taken[it.rec.Number] = true
	}
	used := map[string]bool{}
	for _, it := range items {
		n := it.rec.Number
		if !used[n] {
			used[n] = true
			continue
		}
		for i := 2; ; i++ {
			c := fmt.Sprintf("%s-%d", n, i)
			if !taken[c] && !used[c] {
				p.warn(it.rec.Row, "fec.warn.number_renamed", map[string]any{
					"Number": n, "New": c, "Customer": p.customerLabel(it.rec.CustomerCode)})
				it.rec.Number = c
				used[c] = true
				break
			}
		}
	}
}

// fecClassifyJournal guesses a journal's role from its code and label; French software
// has no standard codes but the habits below cover Sage, EBP, Cegid, Quadra and ACD.
func fecClassifyJournal(code, label string) fecJournalKind {
	c := strings.ToUpper(strings.TrimSpace(code))
	l := fecFold(label)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	prefixed := func(pre ...string) bool {
		for _, p := range pre {
			if strings.HasPrefix(c, p) && fecDigits([]byte(c[len(p):])) {
				return true
			}
		}
		return false
	}
	switch {
	case c == "AN" || c == "RAN" || c == "ANO" || c == "ANX" || has("nouveau"):
		return fecOpening
	case prefixed("VT", "VE", "VEN", "VTE", "VTS", "VENTE", "VENTES", "V") || has("vente"):
		return fecSales
	case prefixed("BQ", "BK", "BNQ", "BAN", "CA", "CAI", "CAIS", "CSS", "CCP", "CHQ", "LCR", "REG", "B") ||
		has("banque", "bank", "caisse", "cash", "tresorerie", "cheque", "lcr", "reglement",
			"encaissement", "virement", "bnp", "lcl", "cic", "credit agricole", "credit mutuel",
			"societe generale", "la poste", "paypal", "stripe"):
		return fecTreasury
	case prefixed("OD", "ODS", "DIV") || has("operations diverses", "divers"):
		return fecMisc
	}
	return fecOther
}

// fecFold lower-cases and strips the French accents, enough to match journal labels.
func fecFold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'à', 'â', 'ä', 'À', 'Â', 'Ä':
			return 'a'
		case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
			return 'e'
		case 'î', 'ï', 'Î', 'Ï':
			return 'i'
		case 'ô', 'ö', 'Ô', 'Ö':
			return 'o'
		case 'ù', 'û', 'ü', 'Ù', 'Û', 'Ü':
			return 'u'
		case 'ç', 'Ç':
			return 'c'
		case '-', '\'', '’', '_':
			return ' '
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
