package data

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// The same French export as a workbook (date cells, number cells, a text date, a blank
// row, a total line, a bad date and a bad amount) and as a Windows-1252 CSV with no-break
// space thousands must give the same ledger and the same rejected rows.
func TestXLSXAndCSVGiveSameLedger(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "balance.xlsx")
	f := excelize.NewFile()
	sh := "Sheet1"
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "Balance âgée clients au 20/11/2026")
	for i, h := range []string{"Code client", "Raison sociale", "N° facture", "Date facture", "Échéance", "Montant TTC", "Reste dû"} {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(c, h)
	}
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	rows := [][]any{
		{"C001", "Société Générale de Crème", "F001", d(2026, 10, 1), d(2026, 10, 31), 1234.56, 1234.56},
		{"C001", "Société Générale de Crème", "F002", "15/10/2026", d(2026, 11, 14), 300.5, 100.25},
		{"C002", "Œuvres Lefèvre", "F003", d(2026, 9, 20), d(2026, 10, 20), 12000, 12000},
		{nil, nil, nil, nil, nil, nil, nil},
		{"C002", "Œuvres Lefèvre", "AV01", d(2026, 9, 25), d(2026, 9, 25), -100, -100},
		{"C003", "Dubois", "F004", "31/02/2026", d(2026, 12, 1), 50, 50},
		{"C003", "Dubois", "F005", d(2026, 11, 1), d(2026, 12, 1), "12,3,4", 10},
		{"Total", nil, nil, nil, nil, 13485.06, 13284.81},
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+4)
			set(cell, v)
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle(sh, cell, cell, dateStyle)
			}
		}
	}
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}

	nb := "\u00a0"
	csvText := strings.Join([]string{
		"Balance âgée clients au 20/11/2026",
		"",
		"Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû",
		"C001;Société Générale de Crème;F001;01/10/2026;31/10/2026;1" + nb + "234,56;1" + nb + "234,56",
		"C001;Société Générale de Crème;F002;15/10/2026;14/11/2026;300,50;100,25",
		"C002;Œuvres Lefèvre;F003;20/09/2026;20/10/2026;12" + nb + "000,00;12" + nb + "000,00",
		";;;;;;",
		"C002;Œuvres Lefèvre;AV01;25/09/2026;25/09/2026;-100,00;-100,00",
		"C003;Dubois;F004;31/02/2026;01/12/2026;50,00;50,00",
		"C003;Dubois;F005;01/11/2026;01/12/2026;12,3,4;10,00",
		"Total;;;;;13" + nb + "485,06;13" + nb + "284,81",
	}, "\r\n") + "\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(csvText)
	if err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "balance.csv")
	if err := os.WriteFile(csvPath, []byte(enc), 0o644); err != nil {
		t.Fatal(err)
	}

	type result struct {
		Items    []Item
		Rejected []int
		Counts   [5]int
	}
	run := func(path string) result {
		l := openTemp(t)
		rep, err := l.Import(ctx, path, ImportOptions{AsOf: day("2026-11-20")})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		items, err := l.Items(ctx, ItemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range items {
			items[i].ID = 0
		}
		var rej []int
		for _, r := range rep.Rejected {
			rej = append(rej, r.Row)
		}
		return result{items, rej, [5]int{rep.New, rep.Updated, rep.Settled, rep.Unchanged, rep.Ignored}}
	}
	a, b := run(xlsx), run(csvPath)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("xlsx and csv differ:\nxlsx %+v\ncsv  %+v", a, b)
	}
	if want := []int{9, 10}; !reflect.DeepEqual(a.Rejected, want) {
		t.Fatalf("rejected rows %v, want %v", a.Rejected, want)
	}
	if a.Counts != [5]int{4, 0, 0, 0, 2} {
		t.Fatalf("counts new/updated/settled/unchanged/ignored = %v", a.Counts)
	}
	byNum := map[string]Item{}
	for _, it := range a.Items {
		byNum[it.Number] = it
	}
	if it := byNum["F001"]; it.Amount != 123456 || it.Issued != day("2026-10-01") || it.Due != day("2026-10-31") || it.CustomerName != "Société Générale de Crème" {
		t.Fatalf("F001 = %+v", it)
	}
	if it := byNum["F002"]; it.Open != 10025 || it.Issued != day("2026-10-15") {
		t.Fatalf("F002 = %+v", it)
	}
	if it := byNum["AV01"]; it.Kind != "credit" || it.Open != -10000 {
		t.Fatalf("AV01 = %+v", it)
	}
}

// Workbooks written by LibreOffice and the Excel-style CSV of the same rows, over two
// weekly snapshots: the ledgers must match at each step and the second week must give the
// right counts (see testdata/libreoffice/README.md).
func TestLibreOfficeWorkbookAndCSVOverTwoWeeks(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join("testdata", "libreoffice")
	type step struct {
		Items    []Item
		Rejected []int
		Counts   [5]int // new, updated, settled, unchanged, ignored
	}
	run := func(ext string) []step {
		l := openTemp(t)
		var out []step
		for i, asOf := range []string{"2026-11-20", "2026-11-27"} {
			path := filepath.Join(dir, "balance-week"+string(rune('1'+i))+"."+ext)
			rep, err := l.Import(ctx, path, ImportOptions{AsOf: day(asOf)})
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			items, err := l.Items(ctx, ItemFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range items {
				items[i].ID = 0
			}
			var rej []int
			for _, r := range rep.Rejected {
				rej = append(rej, r.Row)
			}
			out = append(out, step{items, rej, [5]int{rep.New, rep.Updated, rep.Settled, rep.Unchanged, rep.Ignored}})
		}
		return out
	}
	x, c := run("xlsx"), run("csv")
	for i := range x {
		if !reflect.DeepEqual(x[i], c[i]) {
			t.Fatalf("week %d: workbook and CSV differ:\nxlsx %+v\ncsv  %+v", i+1, x[i], c[i])
		}
	}
	if want := []int{9, 10}; !reflect.DeepEqual(x[0].Rejected, want) {
		t.Fatalf("week 1 rejected rows %v, want %v (the impossible date and the bad amount)", x[0].Rejected, want)
	}
	// Week 1: F001, F002, F003, AV01 new; the blank row between data rows and the total
	// line ignored (the blank row under the title is above the header).
	if want := [5]int{4, 0, 0, 0, 2}; x[0].Counts != want {
		t.Fatalf("week 1 counts %v, want %v", x[0].Counts, want)
	}
	// Week 2: F006 new; F002 partly paid; F001 gone, so paid; F003 and AV01 unchanged.
	if want := [5]int{1, 1, 1, 2, 1}; x[1].Counts != want {
		t.Fatalf("week 2 counts %v, want %v", x[1].Counts, want)
	}
	byNum := map[string]Item{}
	for _, it := range x[1].Items {
		byNum[it.Number] = it
	}
	if it := byNum["F001"]; it.Open != 0 || it.SettledOn != day("2026-11-27") || it.Amount != 123456 || it.Due != day("2026-10-31") {
		t.Fatalf("F001 after week 2 = %+v", it)
	}
	if it := byNum["F002"]; it.Open != 5000 || it.Issued != day("2026-10-15") {
		t.Fatalf("F002 after week 2 = %+v", it)
	}
	if it := byNum["AV01"]; it.Kind != "credit" || it.Open != -10000 {
		t.Fatalf("AV01 = %+v", it)
	}
	if it := byNum["F006"]; it.Open != 48000 || it.CustomerName != "Dubois" {
		t.Fatalf("F006 = %+v", it)
	}
}
