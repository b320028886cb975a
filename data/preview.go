package data

import (
	"context"

	"encaisse/data/importer"
)

// Preview is what the column-mapping screen shows before an import: the header found, a
// few rows under it, and how the columns are mapped.
type Preview struct {
	Format     Format
	Encoding   string
	HeaderRow  int        // 1-based, as the spreadsheet shows it
	Header     []string   // the header row's cells
	Rows       [][]string // up to PreviewRows data rows under the header
	RowNumbers []int
	Mapping    importer.Mapping
	Missing    []importer.Field // what the mapping lacks to be usable
	Remembered bool             // the mapping was the one kept for this layout
	// Candidates are the rows a header could be on (the first rows of the file), for a
	// "header on row" choice.
	Candidates []int
}

// PreviewRows is how many data rows a preview carries.
const PreviewRows = 8

// PreviewImport reads the top of a table file as Import would, with the same options
// (HeaderRow and Mapping included), and writes nothing. When no header is recognised it
// guesses the fullest of the first rows, and Missing says what the user must map. A FEC has
// a fixed layout and needs no mapping: its preview has only Format.
func (l *Ledger) PreviewImport(ctx context.Context, path string, opt ImportOptions) (*Preview, error) {
	format, err := resolveFormat(path, opt.Format)
	if err != nil {
		return nil, err
	}
	if format == FormatFEC {
		return &Preview{Format: format}, nil
	}
	h, err := l.readHead(ctx, path, format, opt, true)
	if err != nil {
		return nil, err
	}
	defer h.closer.Close()
	p := &Preview{Format: format, Encoding: h.encoding, HeaderRow: h.headerRow, Header: h.header,
		Mapping: h.mapping, Missing: h.mapping.Missing(), Remembered: h.remembered, Candidates: h.rowNumbers}
	for i := h.index + 1; i < len(h.rows) && len(p.Rows) < PreviewRows; i++ {
		p.Rows = append(p.Rows, h.rows[i])
		p.RowNumbers = append(p.RowNumbers, h.rowNumbers[i])
	}
	return p, nil
}
