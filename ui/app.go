// Package ui is Encaisse's window. Every Fyne import lives here; the ledger is reached
// through package data only.
package ui

import (
	"context"
	"errors"
	"fmt"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/data/money"
	"encaisse/resources"
	"encaisse/ui/cli"
)

// LoadTranslations registers the embedded French and English texts with Fyne.
func LoadTranslations() {
	merged, err := resources.Merged()
	if err != nil {
		log.Printf("translations: %v", err)
		return
	}
	for name, raw := range merged {
		if err := lang.AddTranslations(fyne.NewStaticResource(name, raw)); err != nil {
			log.Printf("translations %s: %v", name, err)
		}
	}
}

// Run opens the ledger at path and shows the main window until it is closed.
func Run(a fyne.App, path string, today func() civil.Date) {
	LoadTranslations()
	resources.SetLanguage(languageOf(lang.SystemLocale().LanguageString()))
	w := a.NewWindow(lang.L("app.name"))
	w.Resize(fyne.NewSize(1100, 700))
	l, err := data.Open(path, data.Options{})
	if err != nil {
		w.SetContent(widget.NewLabel(cli.Message(err)))
		w.ShowAndRun()
		return
	}
	defer l.Close()
	v := NewCustomersView(l, w, today)
	w.SetContent(v.Content())
	v.Reload()
	w.ShowAndRun()
}

func languageOf(tag string) string {
	if len(tag) >= 2 && tag[:2] == "en" {
		return "en"
	}
	return "fr"
}

// CustomersView is the first screen: every customer with what it owes, and the import.
type CustomersView struct {
	ledger *data.Ledger
	win    fyne.Window
	today  func() civil.Date
	rows   []data.CustomerBalance
	table  *widget.Table
	status *widget.Label
	total  *widget.Label
}

// NewCustomersView builds the screen; call Reload to fill it.
func NewCustomersView(l *data.Ledger, w fyne.Window, today func() civil.Date) *CustomersView {
	v := &CustomersView{ledger: l, win: w, today: today, status: widget.NewLabel(""), total: widget.NewLabel("")}
	headers := []string{lang.L("customers.col.code"), lang.L("customers.col.name"), lang.L("customers.col.open"), lang.L("customers.col.overdue")}
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), len(headers) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			lbl := o.(*widget.Label)
			r := v.rows[id.Row]
			lbl.Alignment = fyne.TextAlignLeading
			switch id.Col {
			case 0:
				lbl.SetText(r.Code)
			case 1:
				lbl.SetText(r.Name)
			case 2:
				lbl.Alignment = fyne.TextAlignTrailing
				lbl.SetText(money.FormatCurrency(r.Open, r.Currency))
			case 3:
				lbl.Alignment = fyne.TextAlignTrailing
				lbl.SetText(money.FormatCurrency(r.Overdue, r.Currency))
			}
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		lbl := o.(*widget.Label)
		if id.Col >= 0 {
			lbl.SetText(headers[id.Col])
			if id.Col >= 2 {
				lbl.Alignment = fyne.TextAlignTrailing
			}
		}
	}
	for col, width := range []float32{110, 520, 170, 170} {
		v.table.SetColumnWidth(col, width)
	}
	return v
}

// Content is the screen's widget tree.
func (v *CustomersView) Content() fyne.CanvasObject {
	importBtn := widget.NewButtonWithIcon(lang.L("customers.import"), theme.DownloadIcon(), v.chooseFile)
	importBtn.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, widget.NewLabelWithStyle(lang.L("customers.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		importBtn, v.total)
	v.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { v.chooseFile() })
	return container.NewBorder(top, v.status, nil, nil, v.table)
}

// Reload reads the ledger off the UI thread and applies the result in one fyne.Do.
func (v *CustomersView) Reload() {
	go func() {
		rows, total, status, err := v.load()
		fyne.Do(func() {
			if err != nil {
				dialog.ShowError(errors.New(cli.Message(err)), v.win)
				return
			}
			v.rows = rows
			v.total.SetText(total)
			v.status.SetText(status)
			v.table.Refresh()
		})
	}()
}

func (v *CustomersView) load() ([]data.CustomerBalance, string, string, error) {
	ctx := context.Background()
	rows, err := v.ledger.CustomerBalances(ctx, v.today())
	if err != nil {
		return nil, "", "", err
	}
	var open, overdue money.Cents
	for _, r := range rows {
		if r.Currency == "EUR" {
			open += r.Open
			overdue += r.Overdue
		}
	}
	total := lang.L("customers.total", map[string]any{"Count": len(rows),
		"Open": money.FormatCurrency(open, "EUR"), "Overdue": money.FormatCurrency(overdue, "EUR")})
	last, err := v.ledger.LastImport(ctx)
	if err != nil {
		return nil, "", "", err
	}
	status := lang.L("status.ledger", map[string]any{"Path": v.ledger.Path()})
	if last != nil {
		key := "status.last_import"
		if v.today().Sub(last.AsOf) > 7 {
			key = "status.last_import_old"
		}
		status += " — " + lang.L(key, map[string]any{"Date": last.AsOf.French(), "File": last.FileName})
	}
	return rows, total, status, nil
}

func (v *CustomersView) chooseFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		v.importFile(path, false)
	}, v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".txt", ".CSV", ".XLSX", ".TXT"}))
	d.Show()
}

// importFile runs a dry run first and shows its report; the user confirms, then the real
// import runs. Both run off the UI thread.
func (v *CustomersView) importFile(path string, confirmSettle bool) {
	progress := dialog.NewCustomWithoutButtons(lang.L("import.running"), widget.NewProgressBarInfinite(), v.win)
	progress.Show()
	go func() {
		opt := data.ImportOptions{AsOf: v.today(), DryRun: true, ConfirmSettle: confirmSettle}
		rep, err := v.ledger.Import(context.Background(), path, opt)
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				dialog.ShowError(errors.New(cli.Message(err)), v.win)
				return
			}
			v.confirmImport(path, rep)
		})
	}()
}

func (v *CustomersView) confirmImport(path string, rep *data.ImportReport) {
	text := lang.L("import.summary", map[string]any{"New": rep.New, "Updated": rep.Updated, "Settled": rep.Settled,
		"Unchanged": rep.Unchanged, "Ignored": rep.Ignored, "Rejected": len(rep.Rejected)})
	for i, is := range append(append([]importer.Issue{}, rep.Rejected...), rep.Warnings...) {
		if i == 12 {
			text += "\n…"
			break
		}
		text += "\n• " + is.Reason
	}
	if n := len(rep.Quality.CustomersWithoutEmail); n > 0 {
		text += "\n• " + lang.L("cli.quality.no_email", map[string]any{"Count": n})
	}
	if rep.NeedsConfirm {
		text += "\n\n" + lang.L("import.err.too_many_settled", map[string]any{"Settled": rep.Settled, "Open": rep.OpenBefore})
	}
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(lbl)
	scroll.SetMinSize(fyne.NewSize(620, 320))
	dialog.ShowCustomConfirm(lang.L("import.title"), lang.L("import.do"), lang.L("import.cancel"), scroll, func(ok bool) {
		if !ok {
			return
		}
		go func() {
			_, err := v.ledger.Import(context.Background(), path, data.ImportOptions{AsOf: v.today(), ConfirmSettle: rep.NeedsConfirm})
			fyne.Do(func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("%s", cli.Message(err)), v.win)
					return
				}
				v.Reload()
			})
		}()
	}, v.win)
}
