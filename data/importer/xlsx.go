package importer

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// XLSXReader streams the rows of a workbook's first worksheet as raw cell values: numbers
// as written in the file (dates as Excel day numbers), text as text. The formatted read is
// several times slower and depends on the cell styles, so dates are converted by us.
type XLSXReader struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

// OpenXLSX opens the workbook at path on its first worksheet.
func OpenXLSX(path string) (*XLSXReader, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("workbook has no worksheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, err
	}
	return &XLSXReader{f: f, rows: rows}, nil
}

var rawCells = excelize.Options{RawCellValue: true}

// Next returns the next row's cells (io.EOF after the last). Rows missing from the file
// come back empty, so Row stays the number Excel shows.
func (x *XLSXReader) Next() ([]string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	x.row++
	return x.rows.Columns(rawCells)
}

// Row is the 1-based row number of the last row returned.
func (x *XLSXReader) Row() int { return x.row }

// Close releases the workbook and its temporary files.
func (x *XLSXReader) Close() error {
	x.rows.Close()
	return x.f.Close()
}
