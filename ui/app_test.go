package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/resources"
)

func testDay() civil.Date { return civil.New(2026, time.November, 20) }

// newLedger is a real SQLite ledger in a temporary folder, filled from a CSV export.
func newLedger(t *testing.T, csv string) *data.Ledger {
	t.Helper()
	resources.SetLanguage("fr")
	dir := t.TempDir()
	l, err := data.Open(filepath.Join(dir, "ledger.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	if csv != "" {
		p := writeTemp(t, "export.csv", csv)
		if _, err := l.Import(t.Context(), p, data.ImportOptions{AsOf: testDay()}); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// capture writes what the window shows to $ENCAISSE_UI_SHOTS/name.png when that variable
// is set, so that a person can look at the screens the tests build.
func capture(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("ENCAISSE_UI_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

const export = "Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû\n" +
	"C1;Couverture Martin;F1;01/10/2026;31/10/2026;1234,56;1234,56\n" +
	"C2;Cévéplast;F2;01/10/2026;31/12/2026;300,00;300,00\n" +
	"C2;Cévéplast;AV1;05/10/2026;05/10/2026;-50,00;-50,00\n"

func TestCustomersViewShowsBalances(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations("fr")
	l := newLedger(t, export)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 700))
	v := NewCustomersView(l, w, testDay)
	w.SetContent(v.Content())
	v.apply(v.load())

	if len(v.rows) != 2 || v.rows[0].Name != "Cévéplast" || v.rows[1].Name != "Couverture Martin" {
		t.Fatalf("rows = %+v", v.rows)
	}
	cell := func(row, col int) *widget.Label {
		o := v.table.CreateCell()
		v.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
		return o.(*widget.Label)
	}
	// Cévéplast: 300,00 open, the credit note netted, nothing overdue at 20/11.
	if got := cell(0, 2); got.Text != "250,00\u00a0€" || got.Alignment != fyne.TextAlignTrailing {
		t.Fatalf("open cell = %q (alignment %v)", got.Text, got.Alignment)
	}
	if got := cell(1, 3).Text; got != "1\u00a0234,56\u00a0€" {
		t.Fatalf("overdue cell = %q", got)
	}
	if !strings.Contains(v.total.Text, "2 clients") || !strings.Contains(v.total.Text, "1\u00a0484,56\u00a0€") {
		t.Fatalf("total line = %q", v.total.Text)
	}
	if !strings.Contains(v.status.Text, "20/11/2026") || !strings.Contains(v.status.Text, "export.csv") {
		t.Fatalf("status line = %q", v.status.Text)
	}
	capture(t, w, "customers")
}

// A file whose amount column is not recognised opens the mapping screen; the import button
// stays disabled until the user maps the amount, and the import then uses that mapping.
func TestMappingScreen(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations("fr")
	l := newLedger(t, "")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 700))
	csv := writeTemp(t, "odd.csv", "Balance au 20/11/2026\n\n"+
		"Tiers;Nom;Pièce;Date facture;Échéance;Valeur;Dû\n"+
		"C1;Alpha;F1;01/10/2026;31/10/2026;100,00;60,00\n"+
		"C2;Beta;F2;02/10/2026;01/11/2026;50,00;50,00\n")
	p, err := l.PreviewImport(t.Context(), csv, data.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := newMappingForm(p)
	w.SetContent(f.content())
	capture(t, w, "mapping")
	if f.Usable() || f.missing.Hidden || !strings.Contains(f.missing.Text, "Montant TTC") {
		t.Fatalf("usable %v, missing %q", f.Usable(), f.missing.Text)
	}
	if f.headerSel.Selected != "Ligne 3" {
		t.Fatalf("header row shown as %q", f.headerSel.Selected)
	}
	f.selects[importer.FieldAmount].SetSelectedIndex(6) // column F: Valeur
	f.selects[importer.FieldOpen].SetSelected("G : Dû")
	if !f.Usable() || !f.missing.Hidden {
		t.Fatalf("still missing %q after mapping the amount", f.missing.Text)
	}
	// Giving a column already used to another field takes it away from the first.
	f.selects[importer.FieldCredit].SetSelected("G : Dû")
	if _, ok := f.Mapping()[importer.FieldOpen]; ok || f.selects[importer.FieldOpen].SelectedIndex() != 0 {
		t.Fatalf("column G mapped twice: %v", f.Mapping())
	}
	f.selects[importer.FieldOpen].SetSelected("G : Dû")

	rep, err := l.Import(t.Context(), csv, data.ImportOptions{AsOf: testDay(), Mapping: f.Mapping(), HeaderRow: p.HeaderRow})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 2 {
		t.Fatalf("new = %d", rep.New)
	}
	items, _ := l.Items(t.Context(), data.ItemFilter{})
	if items[0].Amount != 10000 || items[0].Open != 6000 {
		t.Fatalf("F1 = %+v", items[0])
	}
}

// A damaged ledger shows what happened and offers its latest backup; restoring keeps the
// damaged file and opens the backup.
func TestDamagedLedgerScreen(t *testing.T) {
	test.NewTempApp(t)
	LoadTranslations("fr")
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	l, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	backup, err := l.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	os.WriteFile(path, []byte("not a ledger at all, just some text"), 0o644)
	_, err = data.Open(path, data.Options{})
	if err == nil {
		t.Fatal("damaged ledger opened")
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 500))
	reopened := false
	w.SetContent(openFailed(w, path, err, func() { reopened = true }))
	capture(t, w, "damaged")

	restore := findButton(w.Content(), "Restaurer la dernière sauvegarde")
	var message string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok {
			message += l.Text
		}
	}
	if restore == nil || !strings.Contains(message, backup) {
		t.Fatalf("no restore button, or the backup is not named: %q", message)
	}
	test.Tap(restore)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no confirmation asked before restoring")
	}
	capture(t, w, "damaged-confirm")
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Importance == widget.HighImportance {
			confirm = b
		}
	}
	if confirm == nil {
		t.Fatal("the confirmation has no confirm button")
	}
	test.Tap(confirm)
	if !reopened {
		t.Fatal("the ledger was not reopened after the restore")
	}
	if kept, _ := os.ReadFile(path + ".replaced"); !strings.HasPrefix(string(kept), "not a ledger") {
		t.Fatal("the damaged file was not kept")
	}
	l, err = data.Open(path, data.Options{})
	if err != nil {
		t.Fatalf("restored ledger: %v", err)
	}
	l.Close()
}

func findButton(root fyne.CanvasObject, text string) *widget.Button {
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}
