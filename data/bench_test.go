package data

// Import speed, each figure against a baseline measured in the same run:
//
//	go test -run '^$' -bench Import -benchtime 3x ./data/
//
// BenchmarkImportCSV      the CSV import vs the sqlite3 shell's .import of the same file
//                         into a bare table (x-baseline is the ratio; goal ≤ 3)
// BenchmarkImportXLSX     the workbook import vs excelize alone reading it raw (goal ≤ 1.15)
// BenchmarkReimportCSV    an unchanged snapshot again vs the first import (goal ≤ 1)
//
// peak-MB is the process's peak resident memory during the import (Linux), goal < 250.
// With ENCAISSE_BENCH_DIR set, the generated files are kept there for whole-process runs.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"encaisse/dunning"
)

const benchRows = 100_000

func benchDir(b *testing.B) string {
	if d := os.Getenv("ENCAISSE_BENCH_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		return d
	}
	return b.TempDir()
}

// bigXLSX writes the rows of bigCSV as a workbook with date and number cells, the way an
// accounting program exports them.
func bigXLSX(b *testing.B, dir string, n int) string {
	p := filepath.Join(dir, "big.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	header := []any{"Code client", "Raison sociale", "N° facture", "Date facture", "Échéance", "Montant TTC", "Reste dû", "E-mail"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	serial := func(m, d int) excelize.Cell {
		t := time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return excelize.Cell{StyleID: dateStyle, Value: float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)}
	}
	row := make([]any, 8)
	for i := 0; i < n; i++ {
		c := i % max(1, n/5)
		amount := float64(100+i%9000) + float64(i%100)/100
		row[0], row[1], row[2] = fmt.Sprintf("C%05d", c), fmt.Sprintf("Client %d SARL", c), fmt.Sprintf("F%07d", i)
		row[3], row[4] = serial(1+i%10, 1+i%28), serial(2+i%10, 1+i%28)
		row[5], row[6], row[7] = amount, amount, fmt.Sprintf("compta@client%d.fr", c)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// peak measures the process's peak resident memory over fn, in MB; 0 where the system
// does not tell (only Linux resets the high-water mark on request).
func peak(fn func()) float64 {
	runtime.GC()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		fn()
		return 0
	}
	fn()
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

type benchPair struct {
	base, subject time.Duration
	peakMB        float64
}

func (p *benchPair) report(b *testing.B) {
	n := float64(b.N)
	b.ReportMetric(float64(p.base.Milliseconds())/n, "baseline-ms")
	b.ReportMetric(float64(p.subject.Milliseconds())/n, "import-ms")
	b.ReportMetric(float64(p.subject)/float64(p.base), "x-baseline")
	if p.peakMB > 0 {
		b.ReportMetric(p.peakMB, "peak-MB")
	}
}

func timed(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}

// freshLedger opens a new empty ledger at dir/name, removing one a previous run left.
func freshLedger(b *testing.B, dir, name string) *Ledger {
	p := filepath.Join(dir, name)
	for _, f := range []string{p, p + "-wal", p + "-shm"} {
		os.Remove(f)
	}
	os.RemoveAll(BackupDir(p))
	l, err := Open(p, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

func benchImport(b *testing.B, dir, file string, i int) (time.Duration, float64) {
	l := freshLedger(b, dir, fmt.Sprintf("ledger-%d.db", i))
	defer l.Close()
	var d time.Duration
	mb := peak(func() {
		d = timed(func() {
			if _, err := l.Import(context.Background(), file, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
				b.Fatal(err)
			}
		})
	})
	return d, mb
}

func BenchmarkImportCSV(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("the sqlite3 shell is the baseline and is not installed")
	}
	dir := benchDir(b)
	csv := bigCSV(b, dir, benchRows)
	var p benchPair
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bare := filepath.Join(dir, fmt.Sprintf("bare-%d.db", i))
		os.Remove(bare)
		p.base += timed(func() {
			out, err := exec.Command(shell, bare, "-cmd", ".mode csv", "-cmd", ".separator ;", ".import "+csv+" t").CombinedOutput()
			if err != nil {
				b.Fatalf("sqlite3 .import: %v: %s", err, out)
			}
		})
		d, mb := benchImport(b, dir, csv, i)
		p.subject += d
		p.peakMB = max(p.peakMB, mb)
	}
	p.report(b)
}

func BenchmarkImportXLSX(b *testing.B) {
	dir := benchDir(b)
	xlsx := bigXLSX(b, dir, benchRows)
	var p benchPair
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.base += timed(func() {
			f, err := excelize.OpenFile(xlsx)
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.Rows("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for rows.Next() {
				cells, err := rows.Columns(excelize.Options{RawCellValue: true})
				if err != nil {
					b.Fatal(err)
				}
				n += len(cells)
			}
			rows.Close()
			f.Close()
			if n < benchRows {
				b.Fatalf("read %d cells", n)
			}
		})
		d, mb := benchImport(b, dir, xlsx, i)
		p.subject += d
		p.peakMB = max(p.peakMB, mb)
	}
	p.report(b)
}

func BenchmarkReimportCSV(b *testing.B) {
	dir := benchDir(b)
	csv := bigCSV(b, dir, benchRows)
	var p benchPair
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := freshLedger(b, dir, fmt.Sprintf("re-%d.db", i))
		var err error
		p.base += timed(func() {
			if _, err := l.Import(context.Background(), csv, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
				b.Fatal(err)
			}
		})
		var rep *ImportReport
		mb := peak(func() {
			p.subject += timed(func() {
				if rep, err = l.Import(context.Background(), csv, ImportOptions{AsOf: day("2026-11-27")}); err != nil {
					b.Fatal(err)
				}
			})
		})
		if rep.Unchanged != benchRows {
			b.Fatalf("re-import: %d unchanged, want %d", rep.Unchanged, benchRows)
		}
		p.peakMB = max(p.peakMB, mb)
		l.Close()
	}
	p.report(b)
}

// BenchmarkRulesVsLoad loads a 100,000-invoice, 20,000-customer demo ledger with its
// history (the baseline) and computes the aged balance and both DSOs on it: the rules must
// take under a tenth of the load (x-baseline < 0.1).
func BenchmarkRulesVsLoad(b *testing.B) {
	dir := benchDir(b)
	l, err := Open(filepath.Join(dir, "rules.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	today := day("2026-11-20")
	if empty, _ := l.IsEmpty(context.Background()); empty {
		if _, err := WriteDemo(context.Background(), l, 20_000, benchRows, 1, today); err != nil {
			b.Fatal(err)
		}
	}
	var p benchPair
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var book *dunning.Book
		p.base += timed(func() {
			if book, err = l.LoadBook(context.Background(), BookOptions{History: true}); err != nil {
				b.Fatal(err)
			}
		})
		if len(book.Items) < benchRows {
			b.Fatalf("loaded %d items", len(book.Items))
		}
		p.subject += timed(func() {
			a := dunning.Age(book.Items, book.Customers, today, dunning.AgingOptions{})
			cb := dunning.DSO(book.Items, today, 3, dunning.MethodCountBack, book.SalesFrom)
			simple := dunning.DSO(book.Items, today, 3, dunning.MethodSimple, book.SalesFrom)
			if a.Err != nil || len(cb) == 0 || len(simple) == 0 || !cb[0].Complete {
				b.Fatalf("rules on the demo ledger: %v %+v", a.Err, cb)
			}
		})
	}
	b.ReportMetric(float64(p.base.Milliseconds())/float64(b.N), "load-ms")
	b.ReportMetric(float64(p.subject.Microseconds())/float64(b.N)/1000, "rules-ms")
	b.ReportMetric(float64(p.subject)/float64(p.base), "x-baseline")
}
