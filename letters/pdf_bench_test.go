package letters

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// pdfBenchLetters gives n one-page formal notices of three invoices each.
func pdfBenchLetters(n int) []Letter {
	letters := make([]Letter, n)
	for i := range letters {
		l := pdfNotice()
		l.Recipient.Name = fmt.Sprintf("Œuvres Lefèvre n° %d", i+1)
		l.Facts.Lines = append(l.Facts.Lines, Line{
			Number: fmt.Sprintf("F2026-%04d", 300+i), Issued: civil.New(2026, 9, 15), Due: civil.New(2026, 10, 15),
			Amount: 98765, Open: 98765, DaysLate: 36, Penalty: 1183, Indemnity: 4000,
		})
		l.Facts.Total += 98765
		l.Facts.Penalties += 1183
		l.Facts.Indemnity += 4000
		l.Facts.Due = l.Facts.Total + l.Facts.Penalties + l.Facts.Indemnity
		letters[i] = l
	}
	return letters
}

// pdfHeapProbe discards the PDF and, when fpdf starts writing, notes the live heap (after a
// GC, so garbage does not blur it): the whole document and its compressed output are held
// in memory then. The time the probe takes is kept apart, to be left out of the timing.
type pdfHeapProbe struct {
	heap  uint64
	spent time.Duration
}

func (p *pdfHeapProbe) Write(b []byte) (int, error) {
	if p.heap == 0 {
		start := time.Now()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		p.heap = m.HeapInuse
		p.spent = time.Since(start)
	}
	return len(b), nil
}

// pdfBaseline writes the same pages with raw fpdf: same font, same lines of text, set with
// Cell and MultiCell at fixed places, without fitting, wrapping decisions, page numbering
// per letter or translations. It is the floor WriteLetters is measured against.
func pdfBaseline(w io.Writer, letters []Letter) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCompression(true)
	f.SetMargins(pdfLeft, pdfTop, pdfRight)
	f.SetAutoPageBreak(true, pdfBottom)
	f.AddUTF8FontFromBytes(pdfFamily, "", resources.FontRegular())
	f.AddUTF8FontFromBytes(pdfFamily, "B", resources.FontBold())
	for _, l := range letters {
		c, r, facts := l.Company, l.Recipient, l.Facts
		f.AddPage()
		f.SetFont(pdfFamily, "B", 11)
		f.CellFormat(85, 5.5, c.Name, "", 2, "L", false, 0, "")
		f.SetFont(pdfFamily, "", 9)
		for _, s := range append(strings.Split(c.Address, "\n"), "Tél. : "+c.Phone, "Courriel : "+c.Email, "SIRET : "+c.SIRET) {
			f.CellFormat(85, 4.2, s, "", 2, "L", false, 0, "")
		}
		f.SetXY(pdfWinX, pdfWinY)
		f.SetFont(pdfFamily, "B", 10)
		f.CellFormat(pdfWinW, 5, r.Name, "", 2, "L", false, 0, "")
		f.SetFont(pdfFamily, "", 10)
		for _, s := range append([]string{"À l'attention de " + r.Civility + " " + r.Contact}, strings.Split(r.Address, "\n")...) {
			f.CellFormat(pdfWinW, 5, s, "", 2, "L", false, 0, "")
		}
		f.SetXY(pdfWinX, pdfDateY)
		f.CellFormat(pdfWinW, 5, c.City+", le 20 novembre 2026", "", 1, "L", false, 0, "")
		f.SetY(100)
		f.SetFont(pdfFamily, "B", 10)
		f.MultiCell(pdfContentW, 5, "Lettre recommandée avec accusé de réception", "", "L", false)
		f.MultiCell(pdfContentW, 5, "Objet : "+l.Rendered.Subject, "", "L", false)
		f.SetFont(pdfFamily, "", 10)
		f.MultiCell(pdfContentW, 5, "Notre référence : "+facts.Reference, "", "L", false)
		for _, p := range strings.Split(l.Rendered.Body, "\n\n") {
			if p == TableMarker {
				f.SetFont(pdfFamily, "B", 8)
				for _, h := range []string{"N° facture", "Date", "Échéance", "Montant TTC", "Reste dû", "Jours de retard", "Pénalités", "Indemnité"} {
					f.CellFormat(21, 6, h, "1", 0, "C", false, 0, "")
				}
				f.Ln(6)
				f.SetFont(pdfFamily, "", 8)
				for _, ln := range facts.Lines {
					for _, s := range []string{ln.Number, ln.Issued.French(), ln.Due.French(), money.FormatCurrency(ln.Amount, "EUR"),
						money.FormatCurrency(ln.Open, "EUR"), fmt.Sprint(ln.DaysLate), money.FormatCurrency(ln.Penalty, "EUR"), money.FormatCurrency(ln.Indemnity, "EUR")} {
						f.CellFormat(21, 5.5, s, "1", 0, "R", false, 0, "")
					}
					f.Ln(5.5)
				}
				for _, t := range [][2]string{{"Total", money.FormatCurrency(facts.Total, "EUR")}, {"Pénalités de retard", money.FormatCurrency(facts.Penalties, "EUR")},
					{"Indemnité forfaitaire de recouvrement", money.FormatCurrency(facts.Indemnity, "EUR")}, {"Total dû", money.FormatCurrency(facts.Due, "EUR")}} {
					f.CellFormat(135, 5.5, t[0], "", 0, "R", false, 0, "")
					f.CellFormat(35, 5.5, t[1], "1", 1, "R", false, 0, "")
				}
				f.MultiCell(pdfContentW, 4, "Pénalités de retard calculées au taux annuel de "+facts.RatePct+".", "", "L", false)
				continue
			}
			f.MultiCell(pdfContentW, 5, p, "", "J", false)
			f.Ln(2.5)
		}
		f.SetX(pdfSignX)
		f.SetFont(pdfFamily, "B", 10)
		f.CellFormat(pdfSignW, 5, c.Signatory, "", 2, "L", false, 0, "")
		f.SetFont(pdfFamily, "", 10)
		f.CellFormat(pdfSignW, 5, c.Role, "", 2, "L", false, 0, "")
		f.SetAutoPageBreak(false, 0)
		f.SetFont(pdfFamily, "", 7)
		f.SetXY(pdfLeft, 272)
		f.CellFormat(pdfContentW, 3.2, c.Legal, "", 2, "C", false, 0, "")
		f.CellFormat(pdfContentW, 3.2, "SIRET : "+c.SIRET+" · TVA intracommunautaire : "+c.VAT, "", 2, "C", false, 0, "")
		f.CellFormat(pdfContentW, 3.2, "IBAN : "+c.IBAN+" · BIC : "+c.BIC, "", 2, "C", false, 0, "")
		f.CellFormat(pdfContentW, 3.5, "Page 1/1", "", 2, "R", false, 0, "")
		f.SetAutoPageBreak(true, pdfBottom)
	}
	return f.Output(w)
}

// BenchmarkLetterBatch prints a batch into one PDF (discarded) and reports: ns/op, the time
// of WriteLetters alone (with the probe's GC in it, left out of x-baseline); x-baseline,
// WriteLetters' time over raw fpdf writing the same pages (goal ≤ 2); heap-MB, the live
// heap when the document is complete (fpdf holds every page until it writes); heap-after-MB,
// the heap in use once the call has returned and a GC has run.
func BenchmarkLetterBatch(b *testing.B) {
	resources.SetLanguage("fr")
	for _, n := range []int{100, 500} {
		b.Run(fmt.Sprintf("letters=%d", n), func(b *testing.B) {
			letters := pdfBenchLetters(n)
			var ours, base time.Duration
			var peak uint64
			for b.Loop() {
				probe := &pdfHeapProbe{}
				start := time.Now()
				if err := WriteLetters(probe, letters); err != nil {
					b.Fatal(err)
				}
				ours += time.Since(start) - probe.spent
				peak = max(peak, probe.heap)

				b.StopTimer()
				start = time.Now()
				if err := pdfBaseline(io.Discard, letters); err != nil {
					b.Fatal(err)
				}
				base += time.Since(start)
				b.StartTimer()
			}
			b.StopTimer()
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(ours)/float64(base), "x-baseline")
			b.ReportMetric(float64(peak)/1e6, "heap-MB")
			b.ReportMetric(float64(m.HeapInuse)/1e6, "heap-after-MB")
		})
	}
}

// TestBaselineWritesTheSamePages keeps the baseline honest: same page count and same
// invoices as WriteLetters, else the ratio would compare different work.
func TestBaselineWritesTheSamePages(t *testing.T) {
	resources.SetLanguage("fr")
	letters := pdfBenchLetters(3)
	ours := pdfWrite(t, letters...)
	var b strings.Builder
	if err := pdfBaseline(&b, letters); err != nil {
		t.Fatal(err)
	}
	path := ours[:len(ours)-len("letters.pdf")] + "baseline.pdf"
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if a, c := pdfPages(t, ours), pdfPages(t, path); a != 3 || c != 3 {
		t.Fatalf("pages: WriteLetters %d, baseline %d, want 3 each", a, c)
	}
	base := pdfNorm(pdfText(t, path, 0, 0))
	for _, want := range []string{"F2026-0300", "F2026-0302", "Œuvres Lefèvre n° 3", "Total dû 3 403,15 €", "Hélène Dupré", "Page 1/1"} {
		if !strings.Contains(base, pdfNorm(want)) {
			t.Errorf("baseline lacks %q", want)
		}
	}
}
