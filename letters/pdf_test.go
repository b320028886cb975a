package letters

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"encaisse/data/civil"
	"encaisse/resources"
)

// pdfNotice is a mise en demeure with accents everywhere, two invoices with penalties and
// the 40 € indemnity on each.
func pdfNotice() Letter {
	lines := []Line{
		{Number: "F2026-0101", Issued: civil.New(2026, 8, 3), Due: civil.New(2026, 9, 2), Amount: 123456, Open: 123456, DaysLate: 79, Penalty: 3247, Indemnity: 4000},
		{Number: "F2026-0202", Issued: civil.New(2026, 9, 1), Due: civil.New(2026, 10, 1), Amount: 250000, Open: 100000, DaysLate: 50, Penalty: 1664, Indemnity: 4000},
	}
	f := Facts{
		Today:     civil.New(2026, 11, 20),
		Deadline:  civil.New(2026, 11, 28),
		Currency:  "EUR",
		Lines:     lines,
		Total:     223456,
		Penalties: 4911,
		Indemnity: 8000,
		Due:       223456 + 4911 + 8000,
		RatePct:   "12,15 %",
		Reference: "R-2026-0042",
	}
	return Letter{
		Company: Company{
			Name:      "Société Générale de Crème",
			Address:   "12 rue de la Crème\n69002 Lyon",
			City:      "Lyon",
			SIRET:     "123 456 789 00012",
			VAT:       "FR12123456789",
			IBAN:      "FR76 3000 6000 0112 3456 7890 189",
			BIC:       "AGRIFRPP",
			Phone:     "04 78 00 00 00",
			Email:     "compta@creme.example",
			Signatory: "Hélène Dupré",
			Role:      "Service comptabilité",
			Legal:     "SAS au capital de 50 000 € · RCS Lyon 123 456 789 · Siège : 12 rue de la Crème, 69002 Lyon",
		},
		Recipient: Recipient{
			Code:     "C042",
			Name:     "Œuvres Lefèvre",
			Address:  "Bâtiment B\n45 avenue des Œillets\n75011 Paris",
			Contact:  "Jérôme Lefèvre",
			Civility: "Monsieur",
		},
		Facts: f,
		Rendered: Rendered{
			TemplateID: "mise-en-demeure",
			Channel:    ChannelRegistered,
			Language:   "fr",
			Subject:    "Mise en demeure de payer",
			Body: "Monsieur,\n\nMalgré nos relances, les factures suivantes restent impayées à ce jour :\n\n" +
				TableMarker + "\n\n" +
				"Nous vous mettons en demeure de régler la somme de 2 363,67 € avant le 28/11/2026. " +
				"À défaut, nous saisirons le tribunal de commerce d'une requête en injonction de payer, " +
				"sans autre avis de notre part. Des pénalités de retard continuent de courir.\n\n" +
				"Veuillez agréer, Monsieur, l'expression de nos salutations distinguées.",
		},
	}
}

// pdfTools returns the path of a poppler tool, skipping the test when poppler-utils is
// missing unless ENCAISSE_REQUIRE_PDFTOOLS=1 says it must be there.
func pdfTools(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("ENCAISSE_REQUIRE_PDFTOOLS") == "1" {
			t.Fatalf("%s is required (poppler-utils): %v", name, err)
		}
		t.Skipf("%s not installed (poppler-utils)", name)
	}
	return p
}

func pdfWrite(t *testing.T, letters ...Letter) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "letters.pdf")
	var b bytes.Buffer
	if err := WriteLetters(&b, letters); err != nil {
		t.Fatalf("WriteLetters: %v", err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdfRun(t *testing.T, tool string, args ...string) string {
	t.Helper()
	out, err := exec.Command(pdfTools(t, tool), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

// pdfText reads pages first..last (0: all) with pdftotext -layout.
func pdfText(t *testing.T, path string, first, last int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if first > 0 {
		args = append(args, "-f", strconv.Itoa(first), "-l", strconv.Itoa(last))
	}
	return pdfRun(t, "pdftotext", append(args, path, "-")...)
}

// pdfNorm makes every run of spaces (no-break ones included) one plain space, so that
// comparisons ignore layout columns and U+00A0.
func pdfNorm(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(pdfRun(t, "pdfinfo", path))
	if m == nil {
		t.Fatalf("pdfinfo gave no page count for %s", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func pdfWant(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, pdfNorm(w)) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

func TestWriteLetterFormalNotice(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	path := pdfWrite(t, l)
	if n := pdfPages(t, path); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
	raw := pdfText(t, path, 0, 0)
	text := pdfNorm(raw)
	pdfWant(t, text,
		"Société Générale de Crème", "12 rue de la Crème", "69002 Lyon", "SIRET : 123 456 789 00012",
		"Œuvres Lefèvre", "À l'attention de Monsieur Jérôme Lefèvre", "Bâtiment B", "45 avenue des Œillets", "75011 Paris",
		"Lyon, le 20 novembre 2026",
		"Lettre recommandée avec accusé de réception",
		"Objet : Mise en demeure de payer", "Notre référence : R-2026-0042",
		"N° facture", "Échéance", "Montant TTC", "Reste dû", "Pénalités", "Indemnité",
		"F2026-0101 03/08/2026 02/09/2026 1 234,56 € 1 234,56 € 79 32,47 € 40,00 €",
		"F2026-0202 01/09/2026 01/10/2026 2 500,00 € 1 000,00 € 50 16,64 € 40,00 €",
		"Total 2 234,56 €", "Pénalités de retard 49,11 €", "Indemnité forfaitaire de recouvrement 80,00 €",
		"Total dû 2 363,67 €", "taux annuel de 12,15 %",
		"Hélène Dupré", "Service comptabilité",
		"SAS au capital de 50 000 €", "TVA intracommunautaire : FR12123456789", "IBAN : FR76 3000 6000 0112 3456 7890 189", "BIC : AGRIFRPP",
		"Page 1/1",
	)
	for _, r := range []string{"Œ", "é", "€"} {
		if !strings.Contains(raw, r) {
			t.Errorf("%q did not survive the PDF", r)
		}
	}
	// The table sits at the marker: after the first paragraph, before the formal demand.
	intro := strings.Index(text, "restent impayées")
	table := strings.Index(text, "N° facture")
	demand := strings.Index(text, "Nous vous mettons en demeure")
	if intro < 0 || !(intro < table && table < demand) {
		t.Errorf("table not at the marker: intro %d, table %d, demand %d", intro, table, demand)
	}
	if strings.Contains(text, TableMarker) {
		t.Error("the table marker was printed")
	}
	// The mention precedes the subject, and the subject precedes the body.
	if a, b := strings.Index(text, "Lettre recommandée"), strings.Index(text, "Objet :"); a > b || b > intro {
		t.Errorf("order of mention %d, subject %d, body %d", a, b, intro)
	}
	pdfShot(t, path, "mise-en-demeure")
}

// pdfShot renders the first page to PNG for a person to look at, when ENCAISSE_PDF_SHOTS
// names a folder.
func pdfShot(t *testing.T, path, name string) {
	t.Helper()
	dir := os.Getenv("ENCAISSE_PDF_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdfRun(t, "pdftoppm", "-png", "-r", "60", path, filepath.Join(dir, name))
}

func TestWriteLetterPlainLetterHasNoRegisteredMention(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	l.Rendered.Channel = ChannelLetter
	text := pdfNorm(pdfText(t, pdfWrite(t, l), 0, 0))
	if strings.Contains(text, "recommandée") {
		t.Error("a plain letter carries the registered mention")
	}
	pdfWant(t, text, "Objet : Mise en demeure de payer")
}

func TestWriteLetterWithoutPenaltiesHasSixColumns(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	l.Rendered.Body = "Madame, Monsieur,\n\nSauf erreur de notre part, ces factures restent à régler."
	for i := range l.Facts.Lines {
		l.Facts.Lines[i].Penalty, l.Facts.Lines[i].Indemnity = 0, 0
	}
	l.Facts.Penalties, l.Facts.Indemnity, l.Facts.Due = 0, 0, l.Facts.Total
	text := pdfNorm(pdfText(t, pdfWrite(t, l), 0, 0))
	pdfWant(t, text, "Jours", "retard", "F2026-0101 03/08/2026 02/09/2026 1 234,56 € 1 234,56 € 79", "Total 2 234,56 €")
	for _, absent := range []string{"Pénalités", "Indemnité", "Total dû"} {
		if strings.Contains(text, absent) {
			t.Errorf("%q printed though no line has it", absent)
		}
	}
	// Without a marker, the table follows the body.
	if strings.Index(text, "N° facture") < strings.Index(text, "restent à régler") {
		t.Error("table before the body although the body has no marker")
	}
}

func TestWriteLetterInItsOwnLanguage(t *testing.T) {
	resources.SetLanguage("fr") // the window speaks French, the letter English
	l := pdfNotice()
	l.Company.City = "London"
	l.Facts.Today = civil.New(2026, 11, 1)
	l.Rendered.Language = "en-GB"
	l.Rendered.Subject = "Formal notice"
	l.Rendered.Body = "Dear Sir,\n\n" + TableMarker
	text := pdfNorm(pdfText(t, pdfWrite(t, l), 0, 0))
	pdfWant(t, text, "London, 1 November 2026", "Registered letter with acknowledgement of receipt",
		"Subject: Formal notice", "Our reference: R-2026-0042", "For the attention of Monsieur Jérôme Lefèvre",
		"Invoice no.", "Due date", "Balance due", "Total due 2 363,67 €", "Page 1/1")
	for _, fr := range []string{"Objet", "Échéance", "novembre"} {
		if strings.Contains(text, fr) {
			t.Errorf("French %q in an English letter", fr)
		}
	}
}

func TestLongDate(t *testing.T) {
	fr, en := pdfNewLabels("fr"), pdfNewLabels("en")
	cases := []struct {
		lb   *pdfLabels
		city string
		d    civil.Date
		want string
	}{
		{fr, "Lyon", civil.New(2026, 11, 20), "Lyon, le 20 novembre 2026"},
		{fr, "Lyon", civil.New(2027, 1, 1), "Lyon, le 1er janvier 2027"},
		{fr, "Lyon", civil.New(2026, 8, 15), "Lyon, le 15 août 2026"},
		{fr, "", civil.New(2026, 2, 2), "Le 2 février 2026"},
		{en, "City", civil.New(2026, 11, 20), "City, 20 November 2026"},
		{en, "City", civil.New(2026, 12, 1), "City, 1 December 2026"},
	}
	for _, c := range cases {
		if got := c.lb.placeDate(c.city, c.d); got != c.want {
			t.Errorf("placeDate(%q, %s) in %s = %q, want %q", c.city, c.d, c.lb.lang, got, c.want)
		}
	}
}

// pdfManyLines gives n invoices of 1 000,00 € each.
func pdfManyLines(l Letter, n int) Letter {
	l.Facts.Lines = nil
	l.Facts.Total, l.Facts.Penalties, l.Facts.Indemnity = 0, 0, 0
	for i := 1; i <= n; i++ {
		l.Facts.Lines = append(l.Facts.Lines, Line{
			Number: fmt.Sprintf("FA-%04d", i), Issued: civil.New(2026, 6, 1), Due: civil.New(2026, 7, 1),
			Amount: 100000, Open: 100000, DaysLate: 142, Penalty: 4729, Indemnity: 4000,
		})
		l.Facts.Total += 100000
		l.Facts.Penalties += 4729
		l.Facts.Indemnity += 4000
	}
	l.Facts.Due = l.Facts.Total + l.Facts.Penalties + l.Facts.Indemnity
	return l
}

func TestWriteLetterTableBreaksAcrossPages(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfManyLines(pdfNotice(), 60)
	path := pdfWrite(t, l)
	pdfShot(t, path, "soixante-factures")
	pages := pdfPages(t, path)
	if pages < 2 {
		t.Fatalf("60 invoices fit on %d page", pages)
	}
	all := pdfNorm(pdfText(t, path, 0, 0))
	for i := 1; i <= 60; i++ {
		row := fmt.Sprintf("FA-%04d 01/06/2026 01/07/2026 1 000,00 € 1 000,00 € 142 47,29 € 40,00 €", i)
		if n := strings.Count(all, row); n != 1 {
			t.Errorf("row %d printed %d times", i, n)
		}
	}
	p2 := pdfNorm(pdfText(t, path, 2, 2))
	pdfWant(t, p2, "N° facture Date Échéance", "Reste dû", fmt.Sprintf("Page 2/%d", pages))
	if !regexp.MustCompile(`FA-\d{4}`).MatchString(p2) {
		t.Error("page 2 holds no row of the table")
	}
	// The header opens page 2: it comes before its first row.
	if h, r := strings.Index(p2, "N° facture"), regexp.MustCompile(`FA-\d{4}`).FindStringIndex(p2); r == nil || h > r[0] {
		t.Errorf("header at %d, first row at %v on page 2", h, r)
	}
	// The totals stay with the last row, the signature closes the last page.
	for p := 1; p <= pages; p++ {
		text := pdfNorm(pdfText(t, path, p, p))
		pdfWant(t, text, fmt.Sprintf("Page %d/%d", p, pages))
		if strings.Contains(text, "FA-0060") {
			pdfWant(t, text, "Total 60 000,00 €", "Pénalités de retard 2 837,40 €", "Indemnité forfaitaire de recouvrement 2 400,00 €", "Total dû 65 237,40 €")
		} else if strings.Contains(text, "Total dû") {
			t.Errorf("totals on page %d, away from the last row", p)
		}
		if p == pages {
			pdfWant(t, text, "Hélène Dupré", "Service comptabilité")
		}
	}
	pdfWant(t, pdfNorm(pdfText(t, path, 1, 1)), fmt.Sprintf("Page 1/%d", pages), "Œuvres Lefèvre")
}

func TestWriteLettersBatchStartsEachLetterOnANewPage(t *testing.T) {
	resources.SetLanguage("fr")
	a, b, c := pdfNotice(), pdfManyLines(pdfNotice(), 60), pdfNotice()
	a.Recipient.Name, b.Recipient.Name, c.Recipient.Name = "Alpha Œnologie", "Bêta Forges", "Gamma Crêperie"
	bPath := pdfWrite(t, b)
	bPages := pdfPages(t, bPath)
	path := pdfWrite(t, a, b, c)
	if got, want := pdfPages(t, path), 1+bPages+1; got != want {
		t.Fatalf("batch has %d pages, want %d", got, want)
	}
	starts := []struct {
		page  int
		name  string
		pages int
	}{{1, a.Recipient.Name, 1}, {2, b.Recipient.Name, bPages}, {2 + bPages, c.Recipient.Name, 1}}
	for _, s := range starts {
		raw := pdfText(t, path, s.page, s.page)
		firstLine := ""
		for _, line := range strings.Split(raw, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				firstLine = line
				break
			}
		}
		if firstLine != "Société Générale de Crème" {
			t.Errorf("page %d starts with %q, want the letterhead", s.page, firstLine)
		}
		pdfWant(t, pdfNorm(raw), s.name, fmt.Sprintf("Page 1/%d", s.pages), "Lyon, le 20 novembre 2026")
	}
	// The pages of the long letter in the middle number themselves 1..bPages.
	for p := 2; p <= bPages; p++ {
		pdfWant(t, pdfNorm(pdfText(t, path, 1+p, 1+p)), fmt.Sprintf("Page %d/%d", p, bPages))
	}
}

// pdfWord is a word of pdftotext -bbox, in points from the top left corner.
type pdfWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

func pdfWords(t *testing.T, path string) ([]pdfWord, float64, float64) {
	t.Helper()
	out := pdfRun(t, "pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
	page := regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)"`).FindStringSubmatch(out)
	if page == nil {
		t.Fatal("no page in pdftotext -bbox output")
	}
	pw, _ := strconv.ParseFloat(page[1], 64)
	ph, _ := strconv.ParseFloat(page[2], 64)
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var words []pdfWord
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		w := pdfWord{text: strings.NewReplacer("&amp;", "&", "&apos;", "'", "&quot;", `"`).Replace(m[5])}
		w.xMin, _ = strconv.ParseFloat(m[1], 64)
		w.yMin, _ = strconv.ParseFloat(m[2], 64)
		w.xMax, _ = strconv.ParseFloat(m[3], 64)
		w.yMax, _ = strconv.ParseFloat(m[4], 64)
		words = append(words, w)
	}
	return words, pw, ph
}

const pdfPt = 72 / 25.4 // points per millimetre

func TestWriteLetterKeepsTextInsideItsBoxes(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	l.Recipient.Name = "Établissements Œcuméniques de Fabrication de Crèmes Glacées et de Sorbets Réunis"
	l.Recipient.Address = "Zone industrielle des Près\nBâtiment C, porte 4\nAllée des Érables\n45 avenue des Œillets\n75011 Paris"
	l.Facts.Lines[0].Number = "FACTURE-2026-000000000000000000000000000123456789"
	l.Facts.Lines[1].Open = 12345678901 // 123 456 789,01 €: wider than its column at 8 pt
	path := pdfWrite(t, l)
	pdfShot(t, path, "debordements")
	words, pw, ph := pdfWords(t, path)
	if len(words) < 50 {
		t.Fatalf("only %d words read", len(words))
	}
	var inWindow, numberWords []pdfWord
	for _, w := range words {
		if w.xMin < 0 || w.yMin < 0 || w.xMax > pw || w.yMax > ph {
			t.Errorf("%q at (%.0f,%.0f)-(%.0f,%.0f) leaves the page", w.text, w.xMin, w.yMin, w.xMax, w.yMax)
		}
		if w.xMin >= (pdfWinX-1)*pdfPt && w.yMin >= (pdfWinY-1)*pdfPt && w.yMax <= (pdfWinY+pdfWinLines*pdfBodyLine+1)*pdfPt {
			inWindow = append(inWindow, w)
		}
		if strings.HasPrefix(w.text, "FACTURE-2026") {
			numberWords = append(numberWords, w)
		}
	}
	// The window shows six lines at most, none wider than the window.
	var text []string
	rows := map[int]bool{}
	for _, w := range inWindow {
		if w.xMax > (pdfWinX+pdfWinW)*pdfPt {
			t.Errorf("%q ends at %.1f mm, right of the window", w.text, w.xMax/pdfPt)
		}
		rows[int(w.yMin)] = true
		text = append(text, w.text)
	}
	joined := strings.Join(text, " ")
	if len(rows) > pdfWinLines {
		t.Errorf("%d lines in the window: %s", len(rows), joined)
	}
	for _, want := range []string{"Établissements", "…", "75011", "Paris", "Œillets"} {
		if !strings.Contains(joined, want) {
			t.Errorf("window lacks %q: %s", want, joined)
		}
	}
	// The long invoice number is cut within its column (28 mm from the left margin).
	if len(numberWords) != 1 || !strings.HasSuffix(numberWords[0].text, "…") {
		t.Fatalf("long number printed as %v, want one word cut with an ellipsis", numberWords)
	}
	if right := (pdfLeft + 28) * pdfPt; numberWords[0].xMax > right {
		t.Errorf("invoice number ends at %.1f mm, past its column at %.1f mm", numberWords[0].xMax/pdfPt, right/pdfPt)
	}
	// The big amount is whole (set smaller), not cut.
	var amount string
	for i, w := range words {
		if w.text == "789,01" && i >= 2 && i+1 < len(words) {
			amount = strings.Join([]string{words[i-2].text, words[i-1].text, w.text, words[i+1].text}, " ")
			break
		}
	}
	if pdfNorm(amount) != "123 456 789,01 €" {
		t.Errorf("big amount printed as %q", amount)
	}
}

func pdfPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for x := range 120 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{R: uint8(x * 2), G: 80, B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteLettersLogoOnceForTheBatch(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	l.Company.Logo = pdfPNG(t)
	path := pdfWrite(t, l, l)
	pdfShot(t, path, "logo")
	out := pdfRun(t, "pdfimages", "-list", path)
	var objects []string
	for _, line := range strings.Split(out, "\n")[2:] {
		if f := strings.Fields(line); len(f) > 11 {
			if f[3] != "120" || f[4] != "40" {
				t.Errorf("image is %sx%s, want the 120x40 logo", f[3], f[4])
			}
			objects = append(objects, f[10])
		}
	}
	if len(objects) != 2 || objects[0] != objects[1] {
		t.Errorf("logo shown as objects %v, want the same object on both pages", objects)
	}
	text := pdfNorm(pdfText(t, path, 1, 1))
	pdfWant(t, text, "Société Générale de Crème", "Œuvres Lefèvre")
}

func TestWriteLetterErrorsSayWhatToFix(t *testing.T) {
	resources.SetLanguage("fr")
	var b bytes.Buffer

	err := WriteLetters(&b, nil)
	if err == nil || !strings.Contains(err.Error(), "choisissez au moins un client") {
		t.Errorf("empty batch: %v", err)
	}

	undated := pdfNotice()
	undated.Facts.Today = 0
	err = WriteLetter(&b, undated)
	if err == nil || !strings.Contains(err.Error(), "Œuvres Lefèvre") || !strings.Contains(err.Error(), "date") {
		t.Errorf("undated letter: %v", err)
	}

	for name, logo := range map[string][]byte{
		"not an image": []byte("GIF89a……"),
		"broken png":   append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 40)...),
	} {
		l := pdfNotice()
		l.Company.Logo = logo
		err = WriteLetter(&b, l)
		if err == nil || !strings.Contains(err.Error(), "PNG ou JPEG") {
			t.Errorf("%s: %v", name, err)
		}
		var pe *pdfError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %T is not the translated kind", name, err)
		}
	}

	resources.SetLanguage("en")
	defer resources.SetLanguage("fr")
	if err := WriteLetter(&b, undated); err == nil || !strings.Contains(err.Error(), "set today's date") {
		t.Errorf("English undated letter: %v", err)
	}
}

func TestWriteLetterSurvivesOddCharacters(t *testing.T) {
	resources.SetLanguage("fr")
	l := pdfNotice()
	l.Rendered.Body = "Bonjour 👋,\tmerci\x00 de régler.\r\n\r\n" + TableMarker
	l.Recipient.Name = "Œuvres 🎨 Lefèvre"
	text := pdfNorm(pdfText(t, pdfWrite(t, l), 0, 0))
	pdfWant(t, text, "Bonjour ?, merci de régler.", "Œuvres ? Lefèvre", "F2026-0101")
}

func TestWriteLettersFiles(t *testing.T) {
	resources.SetLanguage("fr")
	dir := filepath.Join(t.TempDir(), "lettres")
	a, b, c := pdfNotice(), pdfNotice(), pdfNotice()
	b.Recipient.Name = "Bêta Forges"
	c.Recipient.Name = "Gamma/Crêperie"
	c.Facts.Reference = "R-2026-0044"
	paths, err := WriteLettersFiles(dir, []Letter{a, b, c}, func(l Letter) string {
		if l.Recipient.Name == "Bêta Forges" {
			return "../" + a.Recipient.Name // collides with a, and tries to leave the folder
		}
		return l.Recipient.Name
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Œuvres Lefèvre.pdf", "-Œuvres Lefèvre.pdf", "Gamma-Crêperie.pdf"}
	if len(paths) != len(want) {
		t.Fatalf("paths = %v", paths)
	}
	for i, p := range paths {
		if filepath.Dir(p) != dir || filepath.Base(p) != want[i] {
			t.Errorf("path %d = %s, want %s in %s", i, p, want[i], dir)
		}
		if n := pdfPages(t, p); n != 1 {
			t.Errorf("%s has %d pages", p, n)
		}
	}
	pdfWant(t, pdfNorm(pdfText(t, paths[1], 0, 0)), "Bêta Forges")
	pdfWant(t, pdfNorm(pdfText(t, paths[2], 0, 0)), "Gamma/Crêperie", "R-2026-0044")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d entries, want 3 (no temporary file left)", len(entries))
	}

	// Default names: our reference and the customer; the same name twice gets a number.
	paths, err = WriteLettersFiles(dir, []Letter{a, a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{filepath.Base(paths[0]), filepath.Base(paths[1])}; got[0] != "R-2026-0042 - Œuvres Lefèvre.pdf" || got[1] != "R-2026-0042 - Œuvres Lefèvre (2).pdf" {
		t.Errorf("default names = %v", got)
	}

	// A letter that cannot be laid out stops the batch, keeping what was written.
	bad := a
	bad.Facts.Today = 0
	paths, err = WriteLettersFiles(dir, []Letter{a, bad}, nil)
	if err == nil || len(paths) != 1 {
		t.Errorf("bad second letter: paths %v, err %v", paths, err)
	}
}

func TestPdfSafeName(t *testing.T) {
	cases := map[string]string{
		"":                       "lettre.pdf",
		"  ..  ":                 "lettre.pdf",
		"a:b*c?d\"e<f>g|h\\i/j":  "a-b-c-d-e-f-g-h-i-j.pdf",
		"Relance.pdf":            "Relance.pdf",
		"tab\there":              "tabhere.pdf",
		strings.Repeat("é", 200): strings.Repeat("é", 120) + ".pdf",
	}
	for in, want := range cases {
		if got := pdfSafeName(in); got != want {
			t.Errorf("pdfSafeName(%q) = %q, want %q", in, got, want)
		}
	}
}
