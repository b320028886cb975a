// Package ui is Encaisse's window. Every Fyne import lives here; the ledger is reached
// through package data only.
package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"path/filepath"
	"runtime"
	"strings"

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

// LoadTranslations registers the embedded French and English texts with Fyne and makes
// language the one lang.L speaks, whatever the system's locale: Fyne picks its texts from
// the system locale only, so the chosen language's texts are also registered under that
// locale (and under English, Fyne's fallback). The rest of the app (resources.T) follows.
func LoadTranslations(language string) {
	resources.SetLanguage(language)
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
	chosen := merged[language+".json"]
	for _, loc := range []fyne.Locale{lang.SystemLocale(), "en"} {
		if strings.HasPrefix(loc.LanguageString(), language) {
			continue
		}
		if err := lang.AddTranslationsForLocale(chosen, loc); err != nil {
			log.Printf("translations for %s: %v", loc, err)
		}
	}
}

// Run opens the ledger at path and shows the main window until it is closed.
func Run(a fyne.App, path string, today func() civil.Date) {
	LoadTranslations(systemLanguage())
	w := a.NewWindow(lang.L("app.name"))
	w.Resize(fyne.NewSize(1100, 700))
	var ledger *data.Ledger
	defer func() {
		if ledger != nil {
			ledger.Close()
		}
	}()
	var open func()
	open = func() {
		l, err := data.Open(path, data.Options{})
		if err != nil {
			w.SetContent(openFailed(w, path, err, open))
			return
		}
		ledger = l
		v := NewCustomersView(l, w, today)
		w.SetContent(v.Content())
		v.Reload()
	}
	open()
	w.ShowAndRun()
}

// openFailed is the window's content when the ledger cannot be opened: what happened, in
// words, and for a damaged file the way back to its latest backup (the damaged file is kept).
func openFailed(w fyne.Window, path string, err error, retry func()) fyne.CanvasObject {
	msg := widget.NewLabel(cli.Message(err))
	msg.Wrapping = fyne.TextWrapWord
	var de *data.DamageError
	if !errors.As(err, &de) || de.Backup == "" {
		return container.NewPadded(container.NewVBox(msg))
	}
	restore := widget.NewButtonWithIcon(lang.L("damaged.restore"), theme.HistoryIcon(), func() {
		dialog.ShowConfirm(lang.L("damaged.title"), lang.L("damaged.confirm", map[string]any{"Backup": de.Backup, "Kept": path + ".replaced"}),
			func(ok bool) {
				if !ok {
					return
				}
				if err := data.RestoreBackup(path, de.Backup); err != nil {
					dialog.ShowError(errors.New(cli.Message(err)), w)
					return
				}
				retry()
			}, w)
	})
	restore.Importance = widget.HighImportance
	return container.NewPadded(container.NewVBox(msg, container.NewHBox(restore)))
}

// systemLanguage is the user's language: the desktop's on Windows and macOS; elsewhere the
// POSIX variables, where an unset or "C" locale means no choice and the app stays French.
func systemLanguage() string {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return languageOf(lang.SystemLocale().LanguageString())
	}
	return resources.LanguageFromEnv()
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
			// Header cells are recycled across columns: set the alignment every time.
			lbl.Alignment = fyne.TextAlignLeading
			if id.Col >= 2 {
				lbl.Alignment = fyne.TextAlignTrailing
			}
			lbl.SetText(headers[id.Col])
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
		fyne.Do(func() { v.apply(rows, total, status, err) })
	}()
}

// apply shows what load read; on the UI goroutine.
func (v *CustomersView) apply(rows []data.CustomerBalance, total, status string, err error) {
	if err != nil {
		dialog.ShowError(errors.New(cli.Message(err)), v.win)
		return
	}
	v.rows = rows
	v.total.SetText(total)
	v.status.SetText(status)
	v.table.Refresh()
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

// importFile reads the top of the file first: when its columns are not all recognised,
// the user maps them; otherwise a dry run shows what will change and the user confirms.
// Everything that reads the file runs off the UI thread.
func (v *CustomersView) importFile(path string, confirmSettle bool) {
	v.prepareImport(path, data.ImportOptions{ConfirmSettle: confirmSettle}, false)
}

func (v *CustomersView) prepareImport(path string, opt data.ImportOptions, forceMapping bool) {
	progress := dialog.NewCustomWithoutButtons(lang.L("import.running"), widget.NewProgressBarInfinite(), v.win)
	progress.Show()
	go func() {
		ctx := context.Background()
		preview, err := v.ledger.PreviewImport(ctx, path, opt)
		if err == nil && preview.Format != data.FormatFEC && (forceMapping || len(preview.Missing) > 0) {
			fyne.Do(func() {
				progress.Hide()
				v.showMapping(path, preview, opt)
			})
			return
		}
		var rep *data.ImportReport
		if err == nil {
			dry := opt
			dry.AsOf, dry.DryRun = v.today(), true
			rep, err = v.ledger.Import(ctx, path, dry)
		}
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				dialog.ShowError(errors.New(cli.Message(err)), v.win)
				return
			}
			v.confirmImport(path, preview, rep, opt)
		})
	}()
}

// showMapping opens the column-mapping screen; "check" goes on to the dry run with the
// user's mapping, which the import then remembers for this layout.
func (v *CustomersView) showMapping(path string, preview *data.Preview, opt data.ImportOptions) {
	form := newMappingForm(preview)
	var d *dialog.CustomDialog
	check := widget.NewButtonWithIcon(lang.L("mapping.check"), theme.ConfirmIcon(), func() {
		d.Hide()
		next := opt
		next.Mapping, next.HeaderRow = form.Mapping(), preview.HeaderRow
		v.prepareImport(path, next, false)
	})
	check.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(lang.L("import.cancel"), theme.CancelIcon(), func() { d.Hide() })
	form.onChange = func() {
		if form.Usable() {
			check.Enable()
		} else {
			check.Disable()
		}
	}
	form.onHeaderRow = func(row int) {
		d.Hide()
		next := opt
		next.Mapping, next.HeaderRow = nil, row
		v.prepareImport(path, next, true)
	}
	content := form.content()
	d = dialog.NewCustomWithoutButtons(lang.L("mapping.title", map[string]any{"File": filepath.Base(path)}), content, v.win)
	d.SetButtons([]fyne.CanvasObject{cancel, check})
	d.Resize(fyne.NewSize(1040, 640))
	d.Show()
}

func (v *CustomersView) confirmImport(path string, preview *data.Preview, rep *data.ImportReport, opt data.ImportOptions) {
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
	var d *dialog.CustomDialog
	run := widget.NewButtonWithIcon(lang.L("import.do"), theme.ConfirmIcon(), func() {
		d.Hide()
		final := opt
		final.AsOf, final.DryRun, final.ConfirmSettle = v.today(), false, rep.NeedsConfirm
		go func() {
			_, err := v.ledger.Import(context.Background(), path, final)
			fyne.Do(func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("%s", cli.Message(err)), v.win)
					return
				}
				v.Reload()
			})
		}()
	})
	run.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{widget.NewButtonWithIcon(lang.L("import.cancel"), theme.CancelIcon(), func() { d.Hide() })}
	if preview != nil && preview.Format != data.FormatFEC {
		buttons = append(buttons, widget.NewButtonWithIcon(lang.L("mapping.open"), theme.ListIcon(), func() {
			d.Hide()
			v.showMapping(path, preview, opt)
		}))
	}
	d = dialog.NewCustomWithoutButtons(lang.L("import.title"), scroll, v.win)
	d.SetButtons(append(buttons, run))
	d.Show()
}
