package civil

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestNewNormalises(t *testing.T) {
	cases := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, time.January, 32, "2026-02-01"},
		{2026, time.February, 29, "2026-03-01"},
		{2024, time.February, 29, "2024-02-29"},
		{2026, time.December, 32, "2027-01-01"},
		{2026, 13, 1, "2027-01-01"},
		{2026, time.March, 0, "2026-02-28"},
		{1, time.January, 1, "0001-01-01"},
	}
	for _, c := range cases {
		if got := New(c.y, c.m, c.d).String(); got != c.want {
			t.Errorf("New(%d, %d, %d) = %s, want %s", c.y, c.m, c.d, got, c.want)
		}
	}
	if New(1, time.January, 1) != 1 {
		t.Errorf("0001-01-01 should be 1, got %d", New(1, time.January, 1))
	}
	if New(1970, time.January, 1) != unixEpoch {
		t.Errorf("1970-01-01 = %d, want %d", New(1970, time.January, 1), unixEpoch)
	}
}

func TestZero(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" || d.French() != "" {
		t.Fatalf("zero date: %q %q", d.String(), d.French())
	}
	if y, m, day := d.YMD(); y != 0 || m != 0 || day != 0 {
		t.Errorf("zero YMD = %d %d %d", y, m, day)
	}
	if !d.Time().IsZero() {
		t.Errorf("zero Time = %v", d.Time())
	}
	if Of(time.Time{}) != 0 {
		t.Errorf("Of(zero time) = %d", Of(time.Time{}))
	}
	if d.AddDays(3) != 0 || d.AddMonths(1) != 0 || d.EndOfMonth() != 0 || d.StartOfMonth() != 0 {
		t.Error("arithmetic on the zero date should keep it zero")
	}
}

func TestOfAndTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	// 00:30 in Paris is still the previous day in UTC: Of must use the local day.
	tm := time.Date(2026, time.November, 20, 0, 30, 0, 0, paris)
	d := Of(tm)
	if d.String() != "2026-11-20" {
		t.Fatalf("Of = %s", d)
	}
	want := time.Date(2026, time.November, 20, 0, 0, 0, 0, time.UTC)
	if !d.Time().Equal(want) || d.Time().Location() != time.UTC {
		t.Errorf("Time = %v", d.Time())
	}
	y, m, day := d.YMD()
	if y != 2026 || m != time.November || day != 20 || d.Year() != 2026 || d.Month() != time.November || d.Day() != 20 {
		t.Errorf("YMD = %d %d %d", y, m, day)
	}
	if d.Weekday() != time.Friday {
		t.Errorf("Weekday = %v", d.Weekday())
	}
	if d.French() != "20/11/2026" {
		t.Errorf("French = %s", d.French())
	}
}

func TestAddMonths(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2026-03-31", 1, "2026-04-30"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-01-15", -1, "2025-12-15"},
		{"2026-01-31", -13, "2024-12-31"},
		{"2026-11-30", 3, "2027-02-28"},
		{"2026-05-10", 0, "2026-05-10"},
		{"2026-05-10", 24, "2028-05-10"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2026-12-31", 2, "2027-02-28"},
	}
	for _, c := range cases {
		d, err := ParseISO(c.from)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestAddDaysSubOrder(t *testing.T) {
	a := New(2025, time.December, 20)
	b := New(2026, time.January, 10)
	if b.Sub(a) != 21 || a.Sub(b) != -21 {
		t.Errorf("Sub = %d", b.Sub(a))
	}
	if New(2025, time.January, 1).Sub(New(2024, time.January, 1)) != 366 {
		t.Error("2024 has 366 days")
	}
	if New(2026, time.January, 1).Sub(New(2025, time.January, 1)) != 365 {
		t.Error("2025 has 365 days")
	}
	if a.AddDays(21) != b || b.AddDays(-21) != a {
		t.Error("AddDays")
	}
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Before(a) || !(a < b) {
		t.Error("ordering")
	}
	var zero Date
	if !zero.Before(a) {
		t.Error("zero sorts first")
	}
	if got := New(2024, time.February, 10).EndOfMonth().String(); got != "2024-02-29" {
		t.Errorf("EndOfMonth = %s", got)
	}
	if got := New(2026, time.December, 10).EndOfMonth().String(); got != "2026-12-31" {
		t.Errorf("EndOfMonth = %s", got)
	}
	if got := New(2026, time.December, 10).StartOfMonth().String(); got != "2026-12-01" {
		t.Errorf("StartOfMonth = %s", got)
	}
}

func TestParseISO(t *testing.T) {
	good := map[string]string{
		"2026-11-20": "2026-11-20",
		"2024-02-29": "2024-02-29",
		"0001-01-01": "0001-01-01",
		"9999-12-31": "9999-12-31",
	}
	for in, want := range good {
		d, err := ParseISO(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseISO(%q) = %s, %v", in, d, err)
		}
	}
	for _, in := range []string{"2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01",
		"2026-1-20", "2026/11/20", "20/11/2026", " 2026-11-20", "2026-11-20 ", "2026-11-2x", "+026-11-20"} {
		if _, err := ParseISO(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseISO(%q) err = %v, want ErrInvalid", in, err)
		}
	}
	if _, err := ParseISO(""); !errors.Is(err, ErrEmpty) {
		t.Errorf("ParseISO(\"\") err = %v", err)
	}
}

func TestParse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"20/11/2026", "2026-11-20"},
		{"5/3/2026", "2026-03-05"},
		{"05/03/2026", "2026-03-05"},
		{"20/11/26", "2026-11-20"},
		{"01/01/00", "2000-01-01"},
		{"31/12/69", "2069-12-31"},
		{"01/01/70", "1970-01-01"},
		{"31/12/99", "1999-12-31"},
		{"20-11-2026", "2026-11-20"},
		{"20.11.2026", "2026-11-20"},
		{"20.11.26", "2026-11-20"},
		{"2026-11-20", "2026-11-20"},
		{"2026/11/20", "2026-11-20"},
		{"2026-1-5", "2026-01-05"},
		{"20261120", "2026-11-20"},
		{"  20/11/2026  ", "2026-11-20"},
		{"\u00a020/11/2026\t", "2026-11-20"},
		{"20/11/2026 00:00:00", "2026-11-20"},
		{"20/11/2026 00:00", "2026-11-20"},
		{"20/11/2026 9:05", "2026-11-20"},
		{"2026-11-20T00:00:00", "2026-11-20"},
		{"2026-11-20T13:45:10.123", "2026-11-20"},
		{"2026-11-20 23:59:59", "2026-11-20"},
		{"20261120 00:00:00", "2026-11-20"},
		{"29/02/2024", "2024-02-29"},
		{"29/02/2000", "2000-02-29"},
		{"01/01/1900", "1900-01-01"},
		{"31/12/2199", "2199-12-31"},
		// Day first even when the month-first reading would also be a date.
		{"03/04/2026", "2026-04-03"},
	}
	for _, c := range cases {
		d, err := Parse(c.in)
		if err != nil || d.String() != c.want {
			t.Errorf("Parse(%q) = %s, %v; want %s", c.in, d, err, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	bad := []string{
		"31/02/2026", "29/02/2026", "29/02/1900", "29/02/2100", "31/04/2026", "00/01/2026", "01/00/2026",
		"01/13/2026", "32/01/2026", "11/20/2026", "20/11/1899", "01/01/2200", "20/11/026", "20/11/20266",
		"20/11", "20/11/2026/1", "20/11-2026", "2026-11", "2026111", "202611200", "2026132",
		"20261301", "abc", "20/11/2026 garbage", "20/11/2026 25:00", "20/11/2026 10:60",
		"20/11/2026 10", "20/11/2026T", "20/11/2026 10:00:00:00", "x20/11/2026", "20/11/2026x",
		"2O/11/2026", "+1/11/2026", "-1/11/2026", "1/-1/2026", "20//2026", "/11/2026", "123/11/2026",
		"20/111/2026", "45234", "2026-11-20Z", "20 11 2026", "٢٠/١١/٢٠٢٦",
	}
	for _, in := range bad {
		d, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %s, want error", in, d)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Input != in || !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) err = %#v", in, err)
		}
	}
	for _, in := range []string{"", "   ", "\u00a0"} {
		if _, err := Parse(in); !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) err = %v, want ErrEmpty", in, err)
		}
	}
}

func TestExcelSerial(t *testing.T) {
	cases := []struct {
		v    float64
		want string
	}{
		{1, "1900-01-01"},
		{2, "1900-01-02"},
		{31, "1900-01-31"},
		{32, "1900-02-01"},
		{59, "1900-02-28"},
		{61, "1900-03-01"},
		{366, "1900-12-31"},
		{367, "1901-01-01"},
		{25569, "1970-01-01"},
		{36526, "2000-01-01"},
		{45000, "2023-03-15"},
		{45000.99999, "2023-03-15"},
		{45292.5, "2024-01-01"},
		{46346, "2026-11-20"},
	}
	for _, c := range cases {
		d, err := FromExcelSerial(c.v)
		if err != nil || d.String() != c.want {
			t.Errorf("FromExcelSerial(%v) = %s, %v; want %s", c.v, d, err, c.want)
		}
	}
	last := New(2199, time.December, 31)
	n := float64(last.Sub(excelBase))
	if d, err := FromExcelSerial(n + 0.5); err != nil || d != last {
		t.Errorf("last serial: %s %v", d, err)
	}
	for _, v := range []float64{0, 0.5, -1, 60, 60.5, n + 1} {
		if d, err := FromExcelSerial(v); err == nil {
			t.Errorf("FromExcelSerial(%v) = %s, want error", v, d)
		}
	}
}

func TestParseExcelSerial(t *testing.T) {
	good := map[string]string{
		"45000":       "2023-03-15",
		"45234":       "2023-11-04",
		"45234.5":     "2023-11-04",
		"45234,75":    "2023-11-04",
		" 45234 ":     "2023-11-04",
		"4.5234E4":    "2023-11-04",
		"4.5234e+4":   "2023-11-04",
		"452340E-1":   "2023-11-04",
		"45234.":      "2023-11-04",
		"61":          "1900-03-01",
		"1":           "1900-01-01",
		"045234":      "2023-11-04",
		"45234.99999": "2023-11-04",
	}
	for in, want := range good {
		d, err := ParseExcelSerial(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseExcelSerial(%q) = %s, %v; want %s", in, d, err, want)
		}
	}
	bad := []string{"abc", "0", "60", "-45234", "+45234", "45234.5.1", "Inf", "NaN", "0x1p4", "4_5234",
		"1e", "1e+-4", "E4", ".", "1e400", "999999", "45 234", "20/11/2026"}
	for _, in := range bad {
		if d, err := ParseExcelSerial(in); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseExcelSerial(%q) = %s, %v; want ErrInvalid", in, d, err)
		}
	}
	if _, err := ParseExcelSerial(" "); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		D Date  `json:"d"`
		P *Date `json:"p,omitempty"`
	}
	b, err := json.Marshal(doc{D: New(2026, time.November, 20)})
	if err != nil || string(b) != `{"d":"2026-11-20"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	b, err = json.Marshal(doc{})
	if err != nil || string(b) != `{"d":null}` {
		t.Fatalf("Marshal zero = %s, %v", b, err)
	}
	for in, want := range map[string]Date{
		`{"d":"2026-11-20"}`: New(2026, time.November, 20),
		`{"d":null}`:         0,
		`{"d":""}`:           0,
		`{}`:                 0,
	} {
		v := doc{D: 99}
		if in == `{}` {
			v.D = 0
		}
		if err := json.Unmarshal([]byte(in), &v); err != nil || v.D != want {
			t.Errorf("Unmarshal(%s) = %s, %v", in, v.D, err)
		}
	}
	for _, in := range []string{`{"d":"20/11/2026"}`, `{"d":12}`, `{"d":"2026-02-30"}`} {
		var v doc
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("Unmarshal(%s) should fail", in)
		}
	}
}

func TestSQL(t *testing.T) {
	d := New(2026, time.November, 20)
	v, err := d.Value()
	if err != nil || v != "2026-11-20" {
		t.Fatalf("Value = %v, %v", v, err)
	}
	v, err = Date(0).Value()
	if err != nil || v != nil {
		t.Fatalf("zero Value = %v, %v", v, err)
	}
	var _ driver.Valuer = d
	cases := []struct {
		src  any
		want Date
	}{
		{"2026-11-20", d},
		{[]byte("2026-11-20"), d},
		{nil, 0},
		{"", 0},
		{[]byte(nil), 0},
		{time.Date(2026, time.November, 20, 23, 0, 0, 0, time.FixedZone("x", 5*3600)), d},
		{time.Time{}, 0},
		{"2026-11-20T00:00:00Z", d},
		{"2026-11-20 00:00:00", d},
	}
	for _, c := range cases {
		got := Date(42)
		if err := got.Scan(c.src); err != nil || got != c.want {
			t.Errorf("Scan(%#v) = %s, %v", c.src, got, err)
		}
	}
	for _, src := range []any{"20/11/2026", 12, 3.5, "2026-11-2"} {
		var got Date
		if err := got.Scan(src); err == nil {
			t.Errorf("Scan(%#v) should fail", src)
		}
	}
}
