package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// csvTempFile stores content in a temporary file, as a user's export would be.
func csvTempFile(t *testing.T, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func csvEncode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

type csvRow struct {
	Row   int
	Cells []string
}

// csvReadFile opens path the way the application does and returns every record.
func csvReadFile(t *testing.T, path string) (*CSVReader, []csvRow) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewCSVReader(bufio.NewReaderSize(f, 256<<10))
	if err != nil {
		t.Fatal(err)
	}
	var rows []csvRow
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next after row %d: %v", r.Row(), err)
		}
		rows = append(rows, csvRow{r.Row(), rec})
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next after EOF = %v", err)
	}
	return r, rows
}

func csvRead(t *testing.T, content []byte) (*CSVReader, []csvRow) {
	t.Helper()
	return csvReadFile(t, csvTempFile(t, content))
}

func csvCells(rows []csvRow) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.Cells
	}
	return out
}

func csvRowNumbers(rows []csvRow) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r.Row
	}
	return out
}

const csvFrenchLine = "Société Générale; Crème brûlée; 1\u00a0234,56 €"

var csvFrenchCells = []string{"Société Générale", "Crème brûlée", "1\u00a0234,56 €"}

func TestCSVUTF8(t *testing.T) {
	for _, bom := range []bool{false, true} {
		content := []byte("Client;Libellé;Montant\r\n" + csvFrenchLine + "\r\n")
		if bom {
			content = append([]byte{0xEF, 0xBB, 0xBF}, content...)
		}
		r, rows := csvRead(t, content)
		if r.Encoding() != "UTF-8" || r.Separator() != ';' {
			t.Errorf("bom=%v: encoding %s, separator %q", bom, r.Encoding(), r.Separator())
		}
		want := [][]string{{"Client", "Libellé", "Montant"}, csvFrenchCells}
		if got := csvCells(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("bom=%v: %q", bom, got)
		}
	}
}

func TestCSVWindows1252(t *testing.T) {
	content := csvEncode(t, charmap.Windows1252, "Client;Libellé;Montant\r\n"+csvFrenchLine+"\r\n")
	if !bytes.Contains(content, []byte{0x80}) || !bytes.Contains(content, []byte{'1', 0xA0, '2'}) {
		t.Fatalf("test file is not the expected Windows-1252: % x", content)
	}
	r, rows := csvRead(t, content)
	if r.Encoding() != "Windows-1252" {
		t.Errorf("encoding %s", r.Encoding())
	}
	if got := csvCells(rows); len(got) != 2 || !reflect.DeepEqual(got[1], csvFrenchCells) {
		t.Errorf("%q", got)
	}
}

func TestCSVISO885915(t *testing.T) {
	text := "Client;Libellé;Montant\nŒuvres du cœur;Dons;12,50 €\n"
	content := csvEncode(t, charmap.ISO8859_15, text)
	if !bytes.Contains(content, []byte{0xA4}) || !bytes.Contains(content, []byte{0xBC}) {
		t.Fatalf("test file is not the expected ISO-8859-15: % x", content)
	}
	r, rows := csvRead(t, content)
	if r.Encoding() != "ISO-8859-15" {
		t.Errorf("encoding %s", r.Encoding())
	}
	want := [][]string{{"Client", "Libellé", "Montant"}, {"Œuvres du cœur", "Dons", "12,50 €"}}
	if got := csvCells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
}

func TestDecodeTextGuesses(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		want string
		text string
	}{
		{"ascii", []byte("a;b\n"), "UTF-8", "a;b\n"},
		{"empty", nil, "UTF-8", ""},
		{"latin1 accents only", []byte("caf\xe9;cr\xe8me\n"), "Windows-1252", "café;crème\n"},
		{"euro 8859-15 after digit", []byte("12,50\xa4\n"), "ISO-8859-15", "12,50€\n"},
		{"euro 8859-15 after space", []byte("12,50 \xa4\n"), "ISO-8859-15", "12,50 €\n"},
		{"oe 8859-15", []byte("s\xbdur\n"), "ISO-8859-15", "sœur\n"},
		{"half in 1252", []byte("1\xbd h;d\xe9j\xe0\n"), "Windows-1252", "1½ h;déjà\n"},
		{"C1 wins", []byte("12 \xa4 \x80\n"), "Windows-1252", "12 ¤ €\n"},
		{"1252 e-acute at the very end", []byte("abc;caf\xe9"), "Windows-1252", "abc;café"},
		{"1252 a-grave before end", []byte("abc\xe0;d"), "Windows-1252", "abcà;d"},
		{"utf8 bom", []byte("\xef\xbb\xbfa\xc3\xa9"), "UTF-8", "aé"},
		{"utf8 cut at end", []byte("\xc3\xa9t\xc3"), "UTF-8", "ét\ufffd"},
		{"utf16le", append([]byte{0xFF, 0xFE}, 'a', 0, 0xE9, 0, '\t', 0, 'b', 0), "UTF-16LE", "aé\tb"},
		{"utf16be", append([]byte{0xFE, 0xFF}, 0, 'a', 0, 0xE9, 0x20, 0xAC), "UTF-16BE", "aé€"},
	}
	for _, c := range cases {
		r, name, err := DecodeText(bytes.NewReader(c.in))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if name != c.want || string(got) != c.text {
			t.Errorf("%s: %s %q, want %s %q", c.name, name, got, c.want, c.text)
		}
	}
}

type csvFailingReader struct{}

func (csvFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDecodeTextReadError(t *testing.T) {
	if _, _, err := DecodeText(csvFailingReader{}); err == nil {
		t.Error("want the read error")
	}
	if _, err := NewCSVReader(csvFailingReader{}); err == nil {
		t.Error("want the read error")
	}
}

func TestCSVUTF16(t *testing.T) {
	text := "Client\tLibellé\tMontant\r\n" + strings.ReplaceAll(csvFrenchLine, "; ", "\t") + "\r\n"
	for _, c := range []struct {
		order unicode.Endianness
		name  string
	}{{unicode.LittleEndian, "UTF-16LE"}, {unicode.BigEndian, "UTF-16BE"}} {
		content := csvEncode(t, unicode.UTF16(c.order, unicode.UseBOM), text)
		r, rows := csvRead(t, content)
		if r.Encoding() != c.name || r.Separator() != '\t' {
			t.Errorf("%s: encoding %s, separator %q", c.name, r.Encoding(), r.Separator())
		}
		want := [][]string{{"Client", "Libellé", "Montant"}, csvFrenchCells}
		if got := csvCells(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q", c.name, got)
		}
	}
}

func TestCSVSeparators(t *testing.T) {
	want := [][]string{{"Numéro", "Date", "Montant"}, {"F1", "20/11/2026", "12.50"}, {"F2", "21/11/2026", "7"}}
	for _, sep := range []string{";", ",", "\t", "|"} {
		var b strings.Builder
		for _, rec := range want {
			b.WriteString(strings.Join(rec, sep) + "\n")
		}
		r, rows := csvRead(t, []byte(b.String()))
		if string(r.Separator()) != sep {
			t.Errorf("sep %q: sniffed %q", sep, r.Separator())
		}
		if got := csvCells(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("sep %q: %q", sep, got)
		}
	}
}

func TestSniffSeparator(t *testing.T) {
	cases := []struct {
		name, in string
		want     rune
	}{
		{"single column", "Numéro\nF1\nF2\n", ';'},
		{"decimal commas in a semicolon file", "Nom;Montant\nA;1,50\nB;2,50\nC;3\n", ';'},
		{"commas with quoted semicolons", "a,b,c\n\"x;y\",2,3\n\"p;q;r\",5,6\n", ','},
		{"tie goes to semicolon", "a;b,c\n", ';'},
		{"tab before comma", "a\tb,c\n", '\t'},
		{"pipe before comma", "a|b,c\n", '|'},
		{"consistency beats count", "a,b;c;d\ne,f\ng,h\n", ','},
		{"quoted newline is not a line end", "a;b\n\"x\ny,z,w\";2\n", ';'},
		{"empty", "", ';'},
		{"tab file with empty csvCells", "a\t\tc\nd\t\tf\n", '\t'},
	}
	for _, c := range cases {
		if got := sniffSeparator([]byte(c.in), true); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// An unfinished last line in a partial sample is not counted.
	if got := sniffSeparator([]byte("a;b\nc;d\ne,f,g,h,i"), false); got != ';' {
		t.Errorf("partial sample: %q", got)
	}
}

func TestCSVSepLine(t *testing.T) {
	r, rows := csvRead(t, []byte("sep=,\r\nNom,Montant\r\nA;B,\"1,5\"\r\n"))
	if r.Separator() != ',' {
		t.Errorf("separator %q", r.Separator())
	}
	want := []csvRow{{1, []string{"Nom", "Montant"}}, {2, []string{"A;B", "1,5"}}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("%v", rows)
	}
	// A delimiter encoding/csv refuses makes it an ordinary first line (fuzz finding).
	for _, in := range []string{"sep=\x00", "sep=\x00\na;b\n", "sep=\"\na;b\n"} {
		r, rows := csvRead(t, []byte(in))
		if r.Separator() != ';' || len(rows) == 0 || rows[0].Row != 1 {
			t.Errorf("%q: separator %q, rows %v", in, r.Separator(), rows)
		}
	}
}

func TestCSVQuoted(t *testing.T) {
	content := "Numéro;Libellé;Note\n" +
		"F1;\"Vente; lot 2\";\"Il a dit \"\"payé\"\"\"\n" +
		"F2;\"ligne 1\nligne 2\nligne 3\";x\n" +
		"F3; \"espacé;quoté\";y\n" +
		"F4;pouce 12\" écran;z\n"
	_, rows := csvRead(t, []byte(content))
	want := []csvRow{
		{1, []string{"Numéro", "Libellé", "Note"}},
		{2, []string{"F1", "Vente; lot 2", "Il a dit \"payé\""}},
		{3, []string{"F2", "ligne 1\nligne 2\nligne 3", "x"}},
		{4, []string{"F3", "espacé;quoté", "y"}},
		{5, []string{"F4", "pouce 12\" écran", "z"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %v\nwant %v", rows, want)
	}
}

func TestCSVBlankLinesKeepExcelRows(t *testing.T) {
	cases := []struct {
		name, in string
		want     []int
	}{
		{"LF", "h1;h2\nA;1\n\nB;2\n", []int{1, 2, 4}},
		{"CRLF", "h1;h2\r\nA;1\r\n\r\nB;2\r\n", []int{1, 2, 4}},
		{"CR only", "h1;h2\rA;1\r\rB;2\r", []int{1, 2, 4}},
		{"CR only, no final end", "h1;h2\rA;1\r\r\rB;2", []int{1, 2, 5}},
		{"leading blank lines", "\n\nh1;h2\nA;1\n", []int{3, 4}},
		{"trailing blank lines", "h1;h2\nA;1\n\n\n", []int{1, 2}},
		{"multi-line cell then blank", "h1;h2\n\"a\nb\";1\n\nB;2\n", []int{1, 2, 4}},
		{"spaces are a row", "h1;h2\n  \nB;2\n", []int{1, 2, 3}},
		{"mixed ends", "h1;h2\r\nA;1\n\rB;2\r\n", []int{1, 2, 4}},
	}
	for _, c := range cases {
		_, rows := csvRead(t, []byte(c.in))
		if got := csvRowNumbers(rows); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: rows %v, want %v", c.name, got, c.want)
		}
	}
	// The case the import screen depends on: header row 1, blank row 3, next record row 4.
	_, rows := csvRead(t, []byte("Numéro;Montant\nF1;10\n\nF2;20\n"))
	if len(rows) != 3 || rows[2].Row != 4 || rows[2].Cells[0] != "F2" {
		t.Errorf("%v", rows)
	}
}

func TestCSVCROnlyCells(t *testing.T) {
	_, rows := csvRead(t, []byte("a;b\r1;2\r3;4"))
	want := [][]string{{"a", "b"}, {"1", "2"}, {"3", "4"}}
	if got := csvCells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
}

func TestCSVTrimAndEmpty(t *testing.T) {
	_, rows := csvRead(t, []byte(" a ;\u00a0b\u00a0;\u202fc\t;;\n"))
	want := [][]string{{"a", "b", "c", "", ""}}
	if got := csvCells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
	_, rows = csvRead(t, []byte("a\t\tc\n\t\t\n"))
	want = [][]string{{"a", "", "c"}, {"", "", ""}}
	if got := csvCells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("tabs: %q", got)
	}
	r, rows := csvRead(t, nil)
	if len(rows) != 0 || r.Encoding() != "UTF-8" || r.Separator() != ';' {
		t.Errorf("empty file: %v %s %q", rows, r.Encoding(), r.Separator())
	}
}

func TestCSVUnclosedQuote(t *testing.T) {
	_, rows := csvRead(t, []byte("a;b\n1;\"open\n2;3\n"))
	want := [][]string{{"a", "b"}, {"1", "open\n2;3"}}
	if got := csvCells(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
	// Over the limit the reader gives up instead of holding the file in one cell.
	big := "a;b\n1;\"" + strings.Repeat("x;y\n", maxRecordBytes/2)
	r, err := NewCSVReader(strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); !errors.Is(err, ErrRecordTooLong) {
		t.Errorf("err = %v, want ErrRecordTooLong", err)
	}
	if _, err := r.Next(); !errors.Is(err, ErrRecordTooLong) {
		t.Errorf("the error should stick: %v", err)
	}
}

// The 64 KiB sample may end inside a character: it must still be seen as UTF-8 and
// the character decoded whole.
func TestCSVSampleEndsInsideCharacter(t *testing.T) {
	for _, ch := range []string{"é", "€", "😀"} {
		for cut := 1; cut < len(ch); cut++ {
			var b strings.Builder
			b.WriteString("Libellé;Montant\n")
			at := sampleSize - cut // where the character starts
			for at-b.Len() > 5 {
				b.WriteString("x;1\n")
			}
			b.WriteString(strings.Repeat("x", at-b.Len()-1) + ";")
			b.WriteString(ch + "\n")
			b.WriteString("Crème;2\n")
			content := []byte(b.String())
			if string(content[at:at+len(ch)]) != ch || !utf8.Valid(content) {
				t.Fatalf("%s/%d: character not across the boundary", ch, cut)
			}
			if utf8.Valid(content[:sampleSize]) {
				t.Fatalf("%s/%d: the sample should end inside the character", ch, cut)
			}
			r, rows := csvRead(t, content)
			if r.Encoding() != "UTF-8" {
				t.Errorf("%s/%d: encoding %s", ch, cut, r.Encoding())
			}
			n := len(rows)
			if n < 3 || rows[n-2].Cells[1] != ch || rows[n-1].Cells[0] != "Crème" || rows[0].Cells[0] != "Libellé" {
				t.Errorf("%s/%d: last rows %v", ch, cut, rows[n-2:])
			}
			if rows[n-1].Row != strings.Count(b.String(), "\n") {
				t.Errorf("%s/%d: last row %d", ch, cut, rows[n-1].Row)
			}
		}
	}
}

// csvRepeatReader produces n bytes of line over and over without holding them.
type csvRepeatReader struct {
	line   []byte
	pos, n int
}

func (r *csvRepeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if len(p) > r.n {
		p = p[:r.n]
	}
	w := 0
	for w < len(p) {
		k := copy(p[w:], r.line[r.pos:])
		w += k
		r.pos = (r.pos + k) % len(r.line)
	}
	r.n -= w
	return w, nil
}

func TestDecodeTextStreams(t *testing.T) {
	const size = 32 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	line := []byte("Soci\xe9t\xe9 G\xe9n\xe9rale;1\xa0234,56 \x80\r\n")
	r, name, err := DecodeText(&csvRepeatReader{line: line, n: size})
	if err != nil || name != "Windows-1252" {
		t.Fatalf("%s %v", name, err)
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil || n < size {
		t.Fatalf("copied %d, %v", n, err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("decoding %d MiB allocated %d bytes: not streaming", size>>20, alloc)
	}
}

func TestSniffDecimal(t *testing.T) {
	cases := []struct {
		in   []string
		want rune
	}{
		{[]string{"1234,56", "12,5"}, ','},
		{[]string{"1234.56", "12.5"}, '.'},
		{[]string{"1.234,56"}, ','},
		{[]string{"1,234.56"}, '.'},
		{[]string{"1.234.567"}, ','},
		{[]string{"1,234,567"}, '.'},
		{[]string{"1,234"}, 0},
		{[]string{"1.234"}, 0},
		{[]string{"1234,567"}, ','},
		{[]string{"0,125"}, ','},
		{[]string{",125"}, ','},
		{[]string{"1 234,567"}, ','},
		{[]string{"1,234", "12,50"}, ','},
		{[]string{"1.234", "7", "12.50 €"}, '.'},
		{[]string{"-1 234,56 €", "(12,50)"}, ','},
		{[]string{"12", "7", ""}, 0},
		{[]string{"1.5E3", "2E-2"}, 0},
		{[]string{"12.50 EUR"}, '.'},
		{[]string{"12,50", "13.50"}, 0},
		{[]string{"12,50", "13,50", "14.50"}, ','},
		{nil, 0},
	}
	for _, c := range cases {
		if got := SniffDecimal(c.in); got != c.want {
			t.Errorf("SniffDecimal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
