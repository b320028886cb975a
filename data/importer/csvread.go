package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrRecordTooLong is returned for a record over maxRecordBytes, which in practice means
// a quote that is never closed: better an error than the whole file in one cell.
var ErrRecordTooLong = errors.New("CSV record too long (unclosed quote?)")

const (
	maxRecordBytes = 1 << 20
	sniffLines     = 50
)

// CSVReader reads the records of a delimited text file in any of the encodings
// DecodeText knows, guessing the separator.
type CSVReader struct {
	r       *csv.Reader
	guard   *recordGuard
	sep     rune
	enc     string
	row     int // Excel row of the last record returned
	lastEnd int // physical line on which that record ended
	err     error
}

// NewCSVReader decodes r's text and guesses the separator among ; , tab and | from the
// first lines. A first line "sep=;", which Excel writes and hides, sets it instead.
func NewCSVReader(r io.Reader) (*CSVReader, error) {
	text, enc, err := DecodeText(r)
	if err != nil {
		return nil, err
	}
	// Peeking keeps the sample in the buffer, so the CSV parser reads it again.
	br := bufio.NewReaderSize(text, sampleSize)
	sample, err := br.Peek(sampleSize)
	atEOF := errors.Is(err, io.EOF)
	if err != nil && !atEOF {
		return nil, err
	}
	c := &CSVReader{enc: enc}
	if sep, n := sepLine(sample); n > 0 {
		if _, err := br.Discard(n); err != nil {
			return nil, err
		}
		c.sep = sep // Excel hides that line, so rows count from the next one
	} else {
		c.sep = sniffSeparator(sample, atEOF)
	}
	c.guard = &recordGuard{r: &lineEnds{r: br}}
	c.r = csv.NewReader(c.guard)
	c.r.Comma = c.sep
	c.r.LazyQuotes = true
	c.r.FieldsPerRecord = -1
	c.r.ReuseRecord = false
	// Lets `a; "b;c"` be quoted; not for tabs, where it would swallow empty cells.
	c.r.TrimLeadingSpace = c.sep != '\t'
	return c, nil
}

// Next returns the next record, its cells trimmed of spaces (U+00A0 too), or io.EOF.
func (c *CSVReader) Next() ([]string, error) {
	if c.err != nil {
		return nil, c.err
	}
	c.guard.n = 0
	rec, err := c.r.Read()
	if err != nil {
		c.err = err
		return nil, err
	}
	// encoding/csv skips blank lines, but Excel shows them as rows: count the lines
	// between the end of the previous record and the start of this one. A cell spanning
	// several lines is still one row, hence the newlines counted in the last cell.
	start, _ := c.r.FieldPos(0)
	last, _ := c.r.FieldPos(len(rec) - 1)
	end := last + strings.Count(rec[len(rec)-1], "\n")
	row := c.row + start - c.lastEnd
	if row <= c.row {
		row = c.row + 1
	}
	c.row, c.lastEnd = row, end
	for i, v := range rec {
		rec[i] = strings.TrimSpace(v)
	}
	return rec, nil
}

// Row is the row number, as Excel shows the file, of the record Next last returned:
// 1 for the first line, blank lines counted, a cell with line breaks counting as one row.
func (c *CSVReader) Row() int { return c.row }

// Separator is the field separator in use.
func (c *CSVReader) Separator() rune { return c.sep }

// Encoding is the name of the file's text encoding, as DecodeText reports it.
func (c *CSVReader) Encoding() string { return c.enc }

// sepLine recognises Excel's "sep=X" first line; n is its length with the line end.
func sepLine(sample []byte) (sep rune, n int) {
	if len(sample) < 5 || !bytes.EqualFold(sample[:4], []byte("sep=")) {
		return 0, 0
	}
	r, size := utf8.DecodeRune(sample[4:])
	// Only what encoding/csv takes as a delimiter; anything else is an ordinary line.
	if r == 0 || r == utf8.RuneError || r == '"' || r == '\r' || r == '\n' || r == 0xFEFF {
		return 0, 0
	}
	n = 4 + size
	switch rest := sample[n:]; {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		n += 2
	case len(rest) > 0 && (rest[0] == '\n' || rest[0] == '\r'):
		n++
	case len(rest) > 0:
		return 0, 0
	}
	return r, n
}

// separators in order of preference when they fit the sample equally well.
var separators = []rune{';', '\t', '|', ','}

// sniffSeparator picks the separator that splits the sample's first lines into the most
// consistent number of columns (more than one); ';' when none does.
func sniffSeparator(sample []byte, atEOF bool) rune {
	best, bestScore := ';', 0
	for _, sep := range separators {
		counts := columnCounts(sample, sep, atEOF)
		freq := map[int]int{}
		mode := 0
		for _, n := range counts {
			freq[n]++
			if freq[n] > freq[mode] || freq[n] == freq[mode] && n > mode {
				mode = n
			}
		}
		if mode > 1 && freq[mode] > bestScore {
			best, bestScore = sep, freq[mode]
		}
	}
	return best
}

// columnCounts counts the columns of the sample's first non-blank lines for sep, reading
// quotes as encoding/csv does with LazyQuotes. An unfinished last line is left out.
func columnCounts(sample []byte, sep rune, atEOF bool) []int {
	var counts []int
	cols, empty := 1, true
	fieldStart, inQuote := true, false
	for i := 0; i < len(sample) && len(counts) < sniffLines; {
		r, size := utf8.DecodeRune(sample[i:])
		i += size
		if inQuote {
			if r == '"' {
				if i < len(sample) && sample[i] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch {
		case r == '\n' || r == '\r':
			if !empty {
				counts = append(counts, cols)
			}
			cols, empty, fieldStart = 1, true, true
			continue
		case r == sep:
			cols++
			fieldStart = true
		case fieldStart && r == '"':
			inQuote, fieldStart = true, false
		case fieldStart && r == ' ' && sep != '\t':
			// leading spaces are trimmed before a quote
		default:
			fieldStart = false
		}
		empty = false
	}
	if atEOF && !empty && len(counts) < sniffLines {
		counts = append(counts, cols)
	}
	return counts
}

// SniffDecimal guesses the decimal separator of an amount column from sample cells:
// ',' or '.', or 0 when the cells do not tell (no separator, or only "1,234"-like
// values that could be thousands).
func SniffDecimal(values []string) rune {
	comma, dot := 0, 0
	for _, v := range values {
		switch decimalOf(strings.TrimSpace(v)) {
		case ',':
			comma++
		case '.':
			dot++
		}
	}
	switch {
	case comma > dot:
		return ','
	case dot > comma:
		return '.'
	}
	return 0
}

// decimalOf tells which separator a single amount shows to be decimal, or 0.
func decimalOf(v string) rune {
	if looksScientific(v) {
		return 0 // Excel's raw "1.5E3" says nothing about the file's own habit
	}
	last := strings.LastIndexAny(v, ".,")
	if last < 0 {
		return 0
	}
	sep, other := rune(v[last]), rune(',')
	if sep == ',' {
		other = '.'
	}
	if strings.ContainsRune(v[:last], other) {
		return sep // "1.234,56": the last one is decimal
	}
	if strings.Count(v, string(sep)) > 1 {
		return other // "1.234.567": repeated, so thousands
	}
	after := 0
	for after < len(v)-last-1 && isASCIIDigit(v[last+1+after]) {
		after++
	}
	before := 0
	for before < last && isASCIIDigit(v[last-1-before]) {
		before++
	}
	switch {
	case after == 0:
		return 0
	case after != 3:
		return sep // "12,5", "12,50", "0,1234"
	case before == 0 || before > 3 || v[last-before:last] == "0":
		return sep // ",125", "1234,567", "0,125" cannot be thousands
	case last-before > 0 && strings.ContainsAny(v[:last-before], " \u00a0\u202f'"):
		return sep // "1 234,567": spaces already group the thousands
	}
	return 0
}

// looksScientific reports a digit, then e or E, then a digit or sign: "1.5E3", "2e-2".
func looksScientific(v string) bool {
	for i := 1; i+1 < len(v); i++ {
		if (v[i] == 'e' || v[i] == 'E') && isASCIIDigit(v[i-1]) &&
			(isASCIIDigit(v[i+1]) || v[i+1] == '-' || v[i+1] == '+') {
			return true
		}
	}
	return false
}

// lineEnds turns CRLF and lone CR (old Mac exports) into LF, which encoding/csv
// otherwise would not see as a line end.
type lineEnds struct {
	r  io.Reader
	cr bool // the previous byte was CR: drop a following LF
}

func (l *lineEnds) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		w := 0
		for _, c := range p[:n] {
			switch {
			case c == '\n' && l.cr:
				l.cr = false
				continue
			case c == '\r':
				c, l.cr = '\n', true
			default:
				l.cr = false
			}
			p[w] = c
			w++
		}
		// Only a dropped LF: read on rather than return 0 bytes without an error.
		if w > 0 || err != nil || n == 0 {
			return w, err
		}
	}
}

// recordGuard fails once too many bytes are read for one record.
type recordGuard struct {
	r io.Reader
	n int // bytes read since the current record started
}

func (g *recordGuard) Read(p []byte) (int, error) {
	if g.n > maxRecordBytes {
		return 0, ErrRecordTooLong
	}
	n, err := g.r.Read(p)
	g.n += n
	return n, err
}
