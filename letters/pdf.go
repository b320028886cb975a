package letters

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"codeberg.org/go-pdf/fpdf"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Geometry of the page, in millimetres (A4 portrait, NF Z 11-001 habits).
const (
	pdfFamily   = "dejavu"
	pdfPageW    = 210.0
	pdfPageH    = 297.0
	pdfLeft     = 20.0
	pdfRight    = 20.0
	pdfTop      = 15.0
	pdfBottom   = 30.0 // kept free for the footer
	pdfContentW = pdfPageW - pdfLeft - pdfRight
	pdfLimit    = pdfPageH - pdfBottom // content stops above this line

	// The address window of a DL envelope (window on the right).
	pdfWinX     = 110.0
	pdfWinY     = 45.0
	pdfWinW     = 85.0
	pdfWinLines = 6
	pdfDateY    = 82.0

	pdfSenderW   = 85.0 // stops short of the window column
	pdfLogoH     = 14.0
	pdfLogoMaxW  = 60.0
	pdfBodyPt    = 10.0
	pdfBodyLine  = 5.0
	pdfTablePt   = 8.0
	pdfMinPt     = 5.0
	pdfRowH      = 5.5
	pdfHeadLine  = 3.8
	pdfTotalValW = 35.0
	pdfFooterPt  = 7.0
	pdfFooterY   = 270.0
	pdfFootLine  = 3.2
	pdfPageNoY   = 285.5
	pdfSignX     = 120.0
	pdfSignW     = 70.0
	pdfSignRoom  = 20.0 // blank space for the handwritten signature
	pdfEllipsis  = "…"
)

// WriteLetter writes one letter as a PDF document to w.
func WriteLetter(w io.Writer, l Letter) error {
	return WriteLetters(w, []Letter{l})
}

// WriteLetters writes the letters into one PDF, for batch printing: each letter starts on a
// new page and numbers its own pages ("Page 1/2" of that letter).
func WriteLetters(w io.Writer, letters []Letter) error {
	if len(letters) == 0 {
		return pdfFail("pdf.err.no_letters", nil, nil)
	}
	d := pdfNewDoc()
	for _, l := range letters {
		if err := d.letter(l); err != nil {
			return err
		}
	}
	return d.output(w)
}

// WriteLettersFiles writes one PDF file per letter (a letter is one customer's) into dir and
// returns the paths, in the order of letters. name gives a file name for a letter (nil: our
// reference and the customer's name); it is made safe for every file system and unique within
// the batch, and an existing file of that name is replaced. On error, the paths already
// written are returned with it.
func WriteLettersFiles(dir string, letters []Letter, name func(Letter) string) ([]string, error) {
	if len(letters) == 0 {
		return nil, pdfFail("pdf.err.no_letters", nil, nil)
	}
	if name == nil {
		name = pdfDefaultName
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, pdfFail("pdf.err.folder", map[string]any{"Dir": dir, "Detail": err.Error()}, err)
	}
	used := map[string]bool{}
	paths := make([]string, 0, len(letters))
	for _, l := range letters {
		path := filepath.Join(dir, pdfUnique(pdfSafeName(name(l)), used))
		if err := pdfWriteFile(dir, path, l); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// pdfWriteFile writes through a temporary file renamed at the end, so that a failure never
// leaves half a letter under the final name.
func pdfWriteFile(dir, path string, l Letter) error {
	d := pdfNewDoc()
	if err := d.letter(l); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".encaisse-*.pdf")
	if err != nil {
		return pdfFail("pdf.err.folder", map[string]any{"Dir": dir, "Detail": err.Error()}, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	bw := bufio.NewWriter(tmp)
	err = d.output(bw)
	if err == nil {
		if err = bw.Flush(); err != nil {
			err = pdfFail("pdf.err.write", map[string]any{"Detail": err.Error()}, err)
		}
	}
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = pdfFail("pdf.err.write", map[string]any{"Detail": cerr.Error()}, cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return pdfFail("pdf.err.write", map[string]any{"Detail": err.Error()}, err)
	}
	return nil
}

func pdfDefaultName(l Letter) string {
	who := l.Recipient.Name
	if who == "" {
		who = l.Recipient.Code
	}
	var parts []string
	for _, p := range []string{l.Facts.Reference, who} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " - ")
}

// pdfSafeName keeps a file name inside its folder and legal on Windows, macOS and Linux.
func pdfSafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
		case strings.ContainsRune(`/\:*?"<>|`, r):
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSuffix(strings.TrimSpace(b.String()), ".pdf")
	if r := []rune(out); len(r) > 120 {
		out = string(r[:120])
	}
	out = strings.Trim(out, " .")
	if out == "" {
		out = "lettre"
	}
	return out + ".pdf"
}

// pdfUnique adds " (2)", " (3)"… to a name already used in the batch; case is ignored because
// the Windows and macOS file systems ignore it.
func pdfUnique(name string, used map[string]bool) string {
	base := strings.TrimSuffix(name, ".pdf")
	out := name
	for n := 2; used[strings.ToLower(out)]; n++ {
		out = fmt.Sprintf("%s (%d).pdf", base, n)
	}
	used[strings.ToLower(out)] = true
	return out
}

// pdfError is a translated sentence for the user, keeping the cause for logs.
type pdfError struct {
	msg string
	err error
}

func (e *pdfError) Error() string { return e.msg }
func (e *pdfError) Unwrap() error { return e.err }

func pdfFail(key string, args map[string]any, cause error) error {
	if args == nil {
		return &pdfError{msg: resources.T(key), err: cause}
	}
	return &pdfError{msg: resources.T(key, args), err: cause}
}

// A letter is set in its own language (Rendered.Language), whatever language the window
// speaks, and resources.T only speaks the latter: the other language is read here from the
// same embedded files.
var (
	pdfTextsOnce sync.Once
	pdfTexts     map[string]map[string]string
	pdfParsed    sync.Map // language + "\x00" + key → *template.Template
)

func pdfLoadTexts() {
	pdfTexts = map[string]map[string]string{}
	merged, err := resources.Merged()
	if err != nil {
		return // pdfT falls back on resources.T, which shows the key
	}
	for file, raw := range merged {
		var m map[string]string
		if json.Unmarshal(raw, &m) == nil {
			pdfTexts[strings.TrimSuffix(file, ".json")] = m
		}
	}
}

// pdfT translates key into language.
func pdfT(language, key string, data map[string]any) string {
	if language == resources.Language() {
		if data == nil {
			return resources.T(key)
		}
		return resources.T(key, data)
	}
	pdfTextsOnce.Do(pdfLoadTexts)
	text, ok := pdfTexts[language][key]
	if !ok {
		return resources.T(key, data)
	}
	if data == nil || !strings.Contains(text, "{{") {
		return text
	}
	id := language + "\x00" + key
	tpl, ok := pdfParsed.Load(id)
	if !ok {
		t, err := template.New(key).Option("missingkey=zero").Parse(text)
		if err != nil {
			return text
		}
		tpl, _ = pdfParsed.LoadOrStore(id, t)
	}
	var b strings.Builder
	if err := tpl.(*template.Template).Execute(&b, data); err != nil {
		return text
	}
	return b.String()
}

// pdfLanguage maps "en", "en-GB", "EN_us" to a language the app speaks; French otherwise.
func pdfLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	for _, l := range resources.Languages {
		if l == s {
			return l
		}
	}
	return "fr"
}

// pdfLabels are the fixed words of a letter in one language, looked up once per document
// rather than once per letter of a batch.
type pdfLabels struct {
	lang       string
	registered string
	col        map[string]string
	total      string
	penalties  string
	indemnity  string
	due        string
	months     [12]string
	first      string
}

func pdfNewLabels(lang string) *pdfLabels {
	lb := &pdfLabels{
		lang:       lang,
		registered: pdfT(lang, "pdf.registered", nil),
		col:        map[string]string{},
		total:      pdfT(lang, "pdf.total", nil),
		penalties:  pdfT(lang, "pdf.total.penalties", nil),
		indemnity:  pdfT(lang, "pdf.total.indemnity", nil),
		due:        pdfT(lang, "pdf.total.due", nil),
		first:      pdfT(lang, "pdf.date.first", nil),
	}
	for _, k := range []string{"number", "issued", "due", "amount", "open", "days", "penalty", "indemnity"} {
		lb.col[k] = pdfT(lang, "pdf.col."+k, nil)
	}
	for i := range lb.months {
		lb.months[i] = pdfT(lang, "pdf.month."+strconv.Itoa(i+1), nil)
	}
	return lb
}

// longDate writes "20 novembre 2026" ("1er novembre 2026") or "20 November 2026".
func (lb *pdfLabels) longDate(d civil.Date) string {
	y, m, day := d.YMD()
	ds := strconv.Itoa(day)
	if day == 1 {
		ds = lb.first
	}
	return pdfT(lb.lang, "pdf.date.long", map[string]any{"Day": ds, "Month": lb.months[m-1], "Year": y})
}

// placeDate writes "Lyon, le 20 novembre 2026".
func (lb *pdfLabels) placeDate(city string, d civil.Date) string {
	date := lb.longDate(d)
	if city = strings.TrimSpace(city); city == "" {
		return pdfT(lb.lang, "pdf.date_only", map[string]any{"Date": date})
	}
	return pdfT(lb.lang, "pdf.place_date", map[string]any{"City": city, "Date": date})
}

type pdfLogo struct {
	name string
	w, h float64
}

// pdfDoc is one PDF being built, possibly holding many letters.
type pdfDoc struct {
	f      *fpdf.Fpdf
	labels map[string]*pdfLabels
	logos  map[string]pdfLogo // logo bytes → image registered once for the whole batch
}

func pdfNewDoc() *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.SetMargins(pdfLeft, pdfTop, pdfRight)
	f.SetAutoPageBreak(true, pdfBottom)
	f.SetCreator("Encaisse", true)
	f.AddUTF8FontFromBytes(pdfFamily, "", resources.FontRegular())
	f.AddUTF8FontFromBytes(pdfFamily, "B", resources.FontBold())
	return &pdfDoc{f: f, labels: map[string]*pdfLabels{}, logos: map[string]pdfLogo{}}
}

func (d *pdfDoc) output(w io.Writer) error {
	if err := d.f.Output(w); err != nil {
		return pdfFail("pdf.err.write", map[string]any{"Detail": err.Error()}, err)
	}
	return nil
}

func (d *pdfDoc) labelsFor(lang string) *pdfLabels {
	lb, ok := d.labels[lang]
	if !ok {
		lb = pdfNewLabels(lang)
		d.labels[lang] = lb
	}
	return lb
}

// letter lays one letter out from a new page; its footers are drawn once its page count is
// known, by going back to each of its pages.
func (d *pdfDoc) letter(l Letter) error {
	f := d.f
	if l.Facts.Today.IsZero() {
		return pdfFail("pdf.err.no_date", map[string]any{"Name": l.Recipient.Name}, nil)
	}
	lb := d.labelsFor(pdfLanguage(l.Rendered.Language))
	first := f.PageCount() + 1
	f.AddPage()
	senderBottom, err := d.sender(l.Company, lb)
	if err != nil {
		return err
	}
	d.recipient(l.Recipient, lb)

	f.SetFont(pdfFamily, "", pdfBodyPt)
	f.SetXY(pdfWinX, pdfDateY)
	f.CellFormat(pdfWinW, pdfBodyLine, d.fit(pdfClean(lb.placeDate(l.Company.City, l.Facts.Today)), pdfWinW), "", 2, "L", false, 0, "")

	f.SetXY(pdfLeft, math.Max(senderBottom+6, pdfDateY+pdfBodyLine+8))
	if l.Rendered.Channel == ChannelRegistered {
		f.SetFont(pdfFamily, "B", pdfBodyPt)
		f.MultiCell(pdfContentW, pdfBodyLine, lb.registered, "", "L", false)
		f.Ln(1.5)
	}
	if s := strings.TrimSpace(l.Rendered.Subject); s != "" {
		f.SetFont(pdfFamily, "B", pdfBodyPt)
		f.MultiCell(pdfContentW, pdfBodyLine, pdfClean(pdfT(lb.lang, "pdf.subject", map[string]any{"Subject": s})), "", "L", false)
	}
	if ref := strings.TrimSpace(l.Facts.Reference); ref != "" {
		f.SetFont(pdfFamily, "", pdfBodyPt)
		f.MultiCell(pdfContentW, pdfBodyLine, pdfClean(pdfT(lb.lang, "pdf.reference", map[string]any{"Reference": ref})), "", "L", false)
	}
	f.Ln(5)
	d.body(l, lb)
	d.signature(l.Company)
	if err := f.Error(); err != nil {
		return pdfFail("pdf.err.render", map[string]any{"Name": l.Recipient.Name, "Detail": err.Error()}, err)
	}
	d.footers(l.Company, lb, first, f.PageCount())
	if err := f.Error(); err != nil {
		return pdfFail("pdf.err.render", map[string]any{"Name": l.Recipient.Name, "Detail": err.Error()}, err)
	}
	return nil
}

// sender draws the company block top left and returns where it ends.
func (d *pdfDoc) sender(c Company, lb *pdfLabels) (float64, error) {
	f := d.f
	y := pdfTop
	if len(c.Logo) > 0 {
		logo, err := d.logo(c.Logo)
		if err != nil {
			return 0, err
		}
		f.ImageOptions(logo.name, pdfLeft, y, logo.w, logo.h, false, fpdf.ImageOptions{}, 0, "")
		y += logo.h + 3
	}
	f.SetXY(pdfLeft, y)
	if c.Name != "" {
		f.SetFont(pdfFamily, "B", 11)
		f.CellFormat(pdfSenderW, 5.5, d.fit(pdfClean(c.Name), pdfSenderW), "", 2, "L", false, 0, "")
	}
	f.SetFont(pdfFamily, "", 9)
	lines := pdfLines(c.Address)
	if c.Phone != "" {
		lines = append(lines, pdfT(lb.lang, "pdf.phone", map[string]any{"Phone": c.Phone}))
	}
	if c.Email != "" {
		lines = append(lines, pdfT(lb.lang, "pdf.email", map[string]any{"Email": c.Email}))
	}
	if c.Website != "" {
		lines = append(lines, c.Website)
	}
	if c.SIRET != "" {
		lines = append(lines, pdfT(lb.lang, "pdf.siret", map[string]any{"SIRET": c.SIRET}))
	}
	for _, s := range lines {
		f.CellFormat(pdfSenderW, 4.2, d.fit(pdfClean(s), pdfSenderW), "", 2, "L", false, 0, "")
	}
	return f.GetY(), nil
}

func (d *pdfDoc) logo(b []byte) (pdfLogo, error) {
	if lg, ok := d.logos[string(b)]; ok {
		return lg, nil
	}
	var kind string
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		kind = "PNG"
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		kind = "JPG"
	default:
		return pdfLogo{}, pdfFail("pdf.err.logo", nil, errors.New("logo is neither PNG nor JPEG"))
	}
	name := "logo" + strconv.Itoa(len(d.logos))
	info := d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(b))
	if err := d.f.Error(); err != nil || info == nil || info.Height() <= 0 {
		return pdfLogo{}, pdfFail("pdf.err.logo", nil, err)
	}
	ratio := info.Width() / info.Height()
	lg := pdfLogo{name: name, w: pdfLogoH * ratio, h: pdfLogoH}
	if lg.w > pdfLogoMaxW {
		lg.w, lg.h = pdfLogoMaxW, pdfLogoMaxW/ratio
	}
	d.logos[string(b)] = lg
	return lg, nil
}

// pdfRecipientLines gives at most pdfWinLines lines for the window: name, contact, address.
// When the address is too long its first lines are folded together, so that the last ones
// (street, postcode and city) keep a line each, as the post office reads them.
func pdfRecipientLines(r Recipient, lb *pdfLabels) []string {
	lines := []string{r.Name}
	if contact := strings.TrimSpace(r.Contact); contact != "" {
		if civ := strings.TrimSpace(r.Civility); civ != "" {
			contact = civ + " " + contact
		}
		lines = append(lines, pdfT(lb.lang, "pdf.attention", map[string]any{"Contact": contact}))
	}
	addr := pdfLines(r.Address)
	if room := pdfWinLines - len(lines); len(addr) > room {
		k := len(addr) - room + 1
		addr = append([]string{strings.Join(addr[:k], ", ")}, addr[k:]...)
	}
	return append(lines, addr...)
}

func (d *pdfDoc) recipient(r Recipient, lb *pdfLabels) {
	f := d.f
	f.SetXY(pdfWinX, pdfWinY)
	for i, s := range pdfRecipientLines(r, lb) {
		style := ""
		if i == 0 {
			style = "B"
		}
		f.SetFont(pdfFamily, style, pdfBodyPt)
		f.CellFormat(pdfWinW, pdfBodyLine, d.fit(pdfClean(s), pdfWinW), "", 2, "L", false, 0, "")
	}
}

// pdfWithoutSignature is the body's lines without the signature the templates end with (for
// emails): the letter sets its own signature block on the right.
func pdfWithoutSignature(l Letter) []string {
	lines := strings.Split(strings.ReplaceAll(l.Rendered.Body, "\r\n", "\n"), "\n")
	sig := map[string]bool{}
	for _, v := range []string{l.Company.Signatory, l.Company.Role, l.Company.Name} {
		if v = strings.TrimSpace(v); v != "" {
			sig[v] = true
		}
	}
	for len(lines) > 0 {
		t := strings.TrimSpace(lines[len(lines)-1])
		if t != "" && !sig[t] {
			break
		}
		lines = lines[:len(lines)-1]
	}
	return lines
}

// body sets the paragraphs, and the table where the body has its marker line (or after it).
func (d *pdfDoc) body(l Letter, lb *pdfLabels) {
	var para []string
	flush := func() {
		if len(para) > 0 {
			d.paragraph(strings.Join(para, "\n"))
			para = nil
		}
	}
	table := false
	for _, line := range pdfWithoutSignature(l) {
		switch t := strings.TrimSpace(line); {
		case t == TableMarker:
			flush()
			if !table {
				d.table(l.Facts, lb)
				table = true
			}
		case t == "":
			flush()
		default:
			para = append(para, strings.TrimRight(line, " \t"))
		}
	}
	flush()
	if !table {
		d.table(l.Facts, lb)
	}
}

func (d *pdfDoc) paragraph(text string) {
	f := d.f
	f.SetFont(pdfFamily, "", pdfBodyPt)
	f.SetX(pdfLeft)
	f.MultiCell(pdfContentW, pdfBodyLine, pdfClean(text), "", "J", false)
	f.Ln(2.5)
}

// ensure starts a new page unless h millimetres are left above the footer.
func (d *pdfDoc) ensure(h float64) bool {
	if d.f.GetY()+h > pdfLimit {
		d.f.AddPage()
		return true
	}
	return false
}

type pdfCol struct {
	label  string
	w      float64
	align  string
	amount bool
	text   func(Line) string
}

func pdfColumns(facts Facts, lb *pdfLabels) []pdfCol {
	extra := false
	for _, ln := range facts.Lines {
		if ln.Penalty != 0 || ln.Indemnity != 0 {
			extra = true
			break
		}
	}
	cur := facts.Currency
	amount := func(get func(Line) money.Cents) func(Line) string {
		return func(ln Line) string { return money.FormatCurrency(get(ln), cur) }
	}
	days := func(ln Line) string {
		if ln.DaysLate <= 0 {
			return ""
		}
		return strconv.Itoa(ln.DaysLate)
	}
	cols := []pdfCol{
		{label: lb.col["number"], align: "L", text: func(ln Line) string { return ln.Number }},
		{label: lb.col["issued"], align: "C", text: func(ln Line) string { return ln.Issued.French() }},
		{label: lb.col["due"], align: "C", text: func(ln Line) string { return ln.Due.French() }},
		{label: lb.col["amount"], align: "R", amount: true, text: amount(func(ln Line) money.Cents { return ln.Amount })},
		{label: lb.col["open"], align: "R", amount: true, text: amount(func(ln Line) money.Cents { return ln.Open })},
		{label: lb.col["days"], align: "R", text: days},
	}
	widths := []float64{42, 24, 24, 30, 30, 20}
	if extra {
		cols = append(cols,
			pdfCol{label: lb.col["penalty"], align: "R", amount: true, text: amount(func(ln Line) money.Cents { return ln.Penalty })},
			pdfCol{label: lb.col["indemnity"], align: "R", amount: true, text: amount(func(ln Line) money.Cents { return ln.Indemnity })},
		)
		widths = []float64{28, 19, 19, 25, 25, 14, 21, 19}
	}
	for i := range cols {
		cols[i].w = widths[i]
	}
	return cols
}

type pdfTotal struct {
	label string
	value money.Cents
	bold  bool
}

func pdfTotals(facts Facts, lb *pdfLabels) []pdfTotal {
	rows := []pdfTotal{{label: lb.total, value: facts.Total}}
	if facts.Penalties != 0 {
		rows = append(rows, pdfTotal{label: lb.penalties, value: facts.Penalties})
	}
	if facts.Indemnity != 0 {
		rows = append(rows, pdfTotal{label: lb.indemnity, value: facts.Indemnity})
	}
	if len(rows) > 1 {
		rows = append(rows, pdfTotal{label: lb.due, value: facts.Due, bold: true})
	} else {
		rows[0].bold = true
	}
	return rows
}

// table lays out Facts.Lines with the header repeated on each page it spans and the totals
// kept with the last row.
func (d *pdfDoc) table(facts Facts, lb *pdfLabels) {
	if len(facts.Lines) == 0 {
		return
	}
	f := d.f
	cols := pdfColumns(facts, lb)
	totals := pdfTotals(facts, lb)
	totalsH := float64(len(totals))*pdfRowH + 2
	f.SetFont(pdfFamily, "B", pdfTablePt)
	heads := make([][]string, len(cols))
	headH := 0.0
	for i, c := range cols {
		heads[i] = f.SplitText(c.label, c.w)
		headH = math.Max(headH, float64(len(heads[i]))*pdfHeadLine+1.6)
	}
	header := func() {
		f.SetFont(pdfFamily, "B", pdfTablePt)
		f.SetDrawColor(160, 160, 160)
		f.SetFillColor(232, 232, 232)
		f.SetLineWidth(0.2)
		x, y := pdfLeft, f.GetY()
		for i, c := range cols {
			f.Rect(x, y, c.w, headH, "FD")
			top := y + (headH-float64(len(heads[i]))*pdfHeadLine)/2
			for j, s := range heads[i] {
				f.SetXY(x, top+float64(j)*pdfHeadLine)
				f.CellFormat(c.w, pdfHeadLine, d.fit(s, c.w), "", 0, "C", false, 0, "")
			}
			x += c.w
		}
		f.SetXY(pdfLeft, y+headH)
	}

	first := headH + pdfRowH
	if len(facts.Lines) == 1 {
		first += totalsH
	}
	f.Ln(1)
	d.ensure(first)
	header()
	for i, ln := range facts.Lines {
		need := pdfRowH
		if i == len(facts.Lines)-1 {
			need += totalsH
		}
		if d.ensure(need) {
			header()
		}
		f.SetFont(pdfFamily, "", pdfTablePt)
		x, y := pdfLeft, f.GetY()
		for _, c := range cols {
			f.SetXY(x, y)
			d.cell(c.w, pdfRowH, pdfClean(c.text(ln)), c.align, c.amount, "1")
			x += c.w
		}
		f.SetXY(pdfLeft, y+pdfRowH)
	}

	f.Ln(2)
	labelW := pdfContentW - pdfTotalValW
	for _, t := range totals {
		style := ""
		if t.bold {
			style = "B"
		}
		f.SetFont(pdfFamily, style, pdfTablePt+0.5)
		y := f.GetY()
		f.SetXY(pdfLeft, y)
		f.CellFormat(labelW, pdfRowH, d.fit(t.label, labelW), "", 0, "R", false, 0, "")
		d.cell(pdfTotalValW, pdfRowH, money.FormatCurrency(t.value, facts.Currency), "R", true, "1")
		f.SetXY(pdfLeft, y+pdfRowH)
	}
	if facts.RatePct != "" && facts.Penalties != 0 {
		f.Ln(1)
		f.SetFont(pdfFamily, "", pdfTablePt)
		f.MultiCell(pdfContentW, 4, pdfClean(pdfT(lb.lang, "pdf.rate", map[string]any{"Rate": facts.RatePct})), "", "L", false)
	}
	f.SetDrawColor(0, 0, 0)
	f.Ln(4)
}

// cell draws text in a w-wide cell without overflowing it: an amount is set smaller (cutting
// digits would change it), other text is cut with an ellipsis.
func (d *pdfDoc) cell(w, h float64, s, align string, amount bool, border string) {
	f := d.f
	if !amount {
		f.CellFormat(w, h, d.fit(s, w), border, 0, align, false, 0, "")
		return
	}
	size, _ := f.GetFontSize()
	avail := w - 2*f.GetCellMargin()
	shrunk := size
	for f.GetStringWidth(s) > avail && shrunk > pdfMinPt {
		shrunk -= 0.5
		f.SetFontSize(shrunk)
	}
	f.CellFormat(w, h, d.fit(s, w), border, 0, align, false, 0, "")
	if shrunk != size {
		f.SetFontSize(size)
	}
}

// fit cuts s with an ellipsis so that it holds in a cell w wide in the current font.
func (d *pdfDoc) fit(s string, w float64) string {
	f := d.f
	avail := w - 2*f.GetCellMargin()
	if f.GetStringWidth(s) <= avail {
		return s
	}
	avail -= f.GetStringWidth(pdfEllipsis)
	used := 0.0
	for i, r := range s {
		used += f.GetStringWidth(string(r))
		if used > avail {
			return strings.TrimRight(s[:i], " ") + pdfEllipsis
		}
	}
	return s
}

func (d *pdfDoc) signature(c Company) {
	if c.Signatory == "" && c.Role == "" {
		return
	}
	f := d.f
	d.ensure(6 + 2*pdfBodyLine + pdfSignRoom)
	f.SetXY(pdfSignX, f.GetY()+6)
	if c.Signatory != "" {
		f.SetFont(pdfFamily, "B", pdfBodyPt)
		f.CellFormat(pdfSignW, pdfBodyLine, d.fit(pdfClean(c.Signatory), pdfSignW), "", 2, "L", false, 0, "")
	}
	if c.Role != "" {
		f.SetFont(pdfFamily, "", pdfBodyPt)
		f.CellFormat(pdfSignW, pdfBodyLine, d.fit(pdfClean(c.Role), pdfSignW), "", 2, "L", false, 0, "")
	}
}

// footers draws the footer of pages first..last (one letter): the legal mentions, the
// company's identifiers and "Page n/total" of that letter.
func (d *pdfDoc) footers(c Company, lb *pdfLabels, first, last int) {
	f := d.f
	f.SetFont(pdfFamily, "", pdfFooterPt)
	var lines []string
	if legal := strings.Join(strings.Fields(pdfClean(c.Legal)), " "); legal != "" {
		lines = f.SplitText(legal, pdfContentW)
		if len(lines) > 2 {
			// More than two lines of mentions: the second one ends with an ellipsis.
			lines = []string{lines[0], d.fit(strings.Join(lines[1:], " "), pdfContentW)}
		}
	}
	var ids []string
	for _, p := range [][2]string{{"pdf.siret", c.SIRET}, {"pdf.vat", c.VAT}, {"pdf.iban", c.IBAN}, {"pdf.bic", c.BIC}} {
		if p[1] != "" {
			ids = append(ids, pdfT(lb.lang, p[0], map[string]any{strings.ToUpper(strings.TrimPrefix(p[0], "pdf.")): p[1]}))
		}
	}
	// The identifiers go on as few lines as they fill, two at most, never cut inside one.
	var idLines []string
	for _, id := range ids {
		id = pdfClean(id)
		n := len(idLines)
		if n > 0 && f.GetStringWidth(idLines[n-1]+" · "+id) <= pdfContentW-2*f.GetCellMargin() {
			idLines[n-1] += " · " + id
		} else if n < 2 {
			idLines = append(idLines, id)
		} else {
			idLines[n-1] += " · " + id
		}
	}
	for _, s := range idLines {
		lines = append(lines, d.fit(s, pdfContentW))
	}

	// Footers are below the page-break line: break-free while they are drawn.
	f.SetAutoPageBreak(false, 0)
	total := last - first + 1
	for p := first; p <= last; p++ {
		f.SetPage(p)
		// The page's content stream ends in whatever state its last drawing left: set
		// everything the footer uses.
		f.SetFont(pdfFamily, "", pdfFooterPt)
		f.SetDrawColor(170, 170, 170)
		f.SetLineWidth(0.2)
		f.SetTextColor(90, 90, 90)
		f.Line(pdfLeft, pdfFooterY, pdfPageW-pdfRight, pdfFooterY)
		y := pdfFooterY + 1.5
		for _, s := range lines {
			f.SetXY(pdfLeft, y)
			f.CellFormat(pdfContentW, pdfFootLine, s, "", 0, "C", false, 0, "")
			y += pdfFootLine
		}
		f.SetXY(pdfLeft, pdfPageNoY)
		page := pdfT(lb.lang, "pdf.page", map[string]any{"Page": p - first + 1, "Pages": total})
		f.CellFormat(pdfContentW, 3.5, page, "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
		f.SetDrawColor(0, 0, 0)
	}
	f.SetPage(last)
	f.SetAutoPageBreak(true, pdfBottom)
}

// pdfLines splits a multi-line field into its non-blank lines.
func pdfLines(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// pdfClean drops control characters and replaces runes beyond the Basic Multilingual Plane
// (emoji): fpdf's UTF-8 fonts index widths by a 16-bit code and fail the whole document on
// anything above.
func pdfClean(s string) string {
	clean := true
	for _, r := range s {
		if r > 0xffff || (r < 0x20 && r != '\n') || r == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case r == '\n':
			b.WriteByte('\n')
		case r < 0x20 || r == 0x7f:
		case r > 0xffff:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
