package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"encaisse/data/importer"
	"encaisse/resources"
)

// Format of an import file.
type Format string

const (
	FormatAuto Format = "auto"
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
	FormatFEC  Format = "fec"
)

// UserError is an error whose text is a translated sentence for the user.
type UserError struct {
	Msg string
	Err error
}

func (e *UserError) Error() string { return e.Msg }
func (e *UserError) Unwrap() error { return e.Err }

func userErr(err error, key string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	return &UserError{Msg: resources.T(key, data), Err: err}
}

// ErrUnknownFormat is returned for a file that is not xlsx, CSV or FEC.
var ErrUnknownFormat = errors.New("unknown file format")

// DetectFormat looks at a file's first bytes (and only then its name) to tell its format.
func DetectFormat(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", userErr(ErrUnknownFormat, "import.err.xls", nil)
	case n == 0:
		return "", userErr(ErrUnknownFormat, "import.err.empty", nil)
	}
	if bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return "", userErr(ErrUnknownFormat, "import.err.format", nil)
	}
	// A FEC is a text file whose first line names the FEC columns.
	text, _, err := importer.DecodeText(bytes.NewReader(head))
	if err == nil {
		line, _ := bufio.NewReader(text).ReadString('\n')
		for _, sep := range []string{"\t", "|", ";", ","} {
			if importer.LooksLikeFEC(strings.Split(strings.TrimRight(line, "\r\n"), sep)) {
				return FormatFEC, nil
			}
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return "", userErr(ErrUnknownFormat, "import.err.format", nil)
	}
	return FormatCSV, nil
}

// table is a stream of rows, from a workbook or a CSV file.
type table interface {
	Next() ([]string, error)
	Row() int
}

func openTable(path string, format Format) (table, io.Closer, string, error) {
	switch format {
	case FormatXLSX:
		x, err := importer.OpenXLSX(path)
		if err != nil {
			return nil, nil, "", userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
		}
		return x, x, "", nil
	case FormatCSV:
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, "", userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
		}
		r, err := importer.NewCSVReader(bufio.NewReaderSize(f, 256<<10))
		if err != nil {
			f.Close()
			return nil, nil, "", userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
		}
		return r, f, r.Encoding(), nil
	}
	return nil, nil, "", fmt.Errorf("no table reader for %s", format)
}

// resolveFormat is the format asked for, or the one detected when that is "" or auto.
func resolveFormat(path string, asked Format) (Format, error) {
	if asked != "" && asked != FormatAuto {
		return asked, nil
	}
	return DetectFormat(path)
}
