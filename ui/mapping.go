package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"encaisse/data"
	"encaisse/data/importer"
)

// mappingForm lets the user say which column holds which field, and on which row the
// header is, with the first rows of the file under the eyes. It edits a copy of the
// preview's mapping; Mapping gives the result.
type mappingForm struct {
	preview   *data.Preview
	mapping   importer.Mapping
	selects   map[importer.Field]*widget.Select
	headerSel *widget.Select
	missing   *widget.Label
	// onHeaderRow is called when the user picks another header row: the caller reads the
	// file again from there.
	onHeaderRow func(row int)
	onChange    func()
}

// required fields, marked with an asterisk: an import needs them (a customer code or name).
var requiredFields = map[importer.Field]bool{
	importer.FieldCustomerCode: true, importer.FieldNumber: true, importer.FieldAmount: true,
}

func newMappingForm(p *data.Preview) *mappingForm {
	f := &mappingForm{preview: p, mapping: p.Mapping.Clone(), selects: map[importer.Field]*widget.Select{},
		missing: widget.NewLabel("")}
	f.missing.Wrapping = fyne.TextWrapWord
	f.missing.Importance = widget.DangerImportance
	return f
}

// columnChoice is how a column appears in the lists: its letter and its header.
func columnChoice(i int, header []string) string {
	name := ""
	if i < len(header) {
		name = header[i]
	}
	if name == "" {
		return importer.ColumnName(i)
	}
	return importer.ColumnName(i) + " : " + name
}

func (f *mappingForm) columns() int {
	n := len(f.preview.Header)
	for _, r := range f.preview.Rows {
		n = max(n, len(r))
	}
	return n
}

func (f *mappingForm) content() fyne.CanvasObject {
	none := lang.L("mapping.none")
	choices := []string{none}
	for i := 0; i < f.columns(); i++ {
		choices = append(choices, columnChoice(i, f.preview.Header))
	}
	form := widget.NewForm()
	for _, field := range importer.Fields {
		field := field
		sel := widget.NewSelect(choices, nil)
		if col, ok := f.mapping[field]; ok && col+1 < len(choices) {
			sel.SetSelectedIndex(col + 1)
		} else {
			sel.SetSelectedIndex(0)
		}
		sel.OnChanged = func(string) {
			if i := sel.SelectedIndex(); i > 0 {
				// One column feeds one field: take it away from any other.
				for other, col := range f.mapping {
					if other != field && col == i-1 {
						delete(f.mapping, other)
						f.selects[other].SetSelectedIndex(0)
					}
				}
				f.mapping[field] = i - 1
			} else {
				delete(f.mapping, field)
			}
			f.refreshMissing()
		}
		f.selects[field] = sel
		label := lang.L("field." + string(field))
		if requiredFields[field] {
			label += " *"
		}
		form.Append(label, sel)
	}

	var rows []string
	for _, r := range f.preview.Candidates {
		rows = append(rows, lang.L("mapping.row", map[string]any{"Row": r}))
	}
	f.headerSel = widget.NewSelect(rows, nil)
	for i, r := range f.preview.Candidates {
		if r == f.preview.HeaderRow {
			f.headerSel.SetSelectedIndex(i)
		}
	}
	f.headerSel.OnChanged = func(string) {
		if i := f.headerSel.SelectedIndex(); i >= 0 && f.onHeaderRow != nil && f.preview.Candidates[i] != f.preview.HeaderRow {
			f.onHeaderRow(f.preview.Candidates[i])
		}
	}
	headerLine := container.NewHBox(widget.NewLabel(lang.L("mapping.header_row")), f.headerSel)
	// Two short lines rather than one wrapped label: a wrapping label in a border's top
	// reports its height at its narrowest and overlaps what follows.
	top := container.NewVBox(widget.NewLabel(lang.L("mapping.intro")), widget.NewLabel(lang.L("mapping.intro2")), headerLine)
	f.refreshMissing()

	split := container.NewHSplit(container.NewVScroll(form), f.sample())
	split.Offset = 0.42
	return container.NewBorder(top, f.missing, nil, nil, split)
}

// sample is the first rows of the file under the header, as a table.
func (f *mappingForm) sample() fyne.CanvasObject {
	p := f.preview
	cols := f.columns()
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(p.Rows), cols },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := ""
			if r := p.Rows[id.Row]; id.Col < len(r) {
				text = r[id.Col]
			}
			o.(*widget.Label).SetText(text)
		})
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		lbl := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col >= 0:
			lbl.TextStyle.Bold = true
			lbl.SetText(columnChoice(id.Col, p.Header))
		case id.Col < 0 && id.Row >= 0:
			lbl.SetText(fmt.Sprint(p.RowNumbers[id.Row]))
		}
	}
	for c := 0; c < cols; c++ {
		t.SetColumnWidth(c, 150)
	}
	title := widget.NewLabelWithStyle(lang.L("mapping.sample"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(title, nil, nil, nil, t)
}

func (f *mappingForm) refreshMissing() {
	missing := f.mapping.Missing()
	if len(missing) == 0 {
		f.missing.SetText("")
		f.missing.Hide()
	} else {
		var names []string
		for _, m := range missing {
			names = append(names, lang.L("field."+string(m)))
		}
		f.missing.SetText(lang.L("mapping.missing", map[string]any{"Fields": strings.Join(names, ", ")}))
		f.missing.Show()
	}
	if f.onChange != nil {
		f.onChange()
	}
}

// Mapping is the mapping as the user left it.
func (f *mappingForm) Mapping() importer.Mapping { return f.mapping.Clone() }

// Usable reports whether an import can run with it.
func (f *mappingForm) Usable() bool { return len(f.mapping.Missing()) == 0 }
