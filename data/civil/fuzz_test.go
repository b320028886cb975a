package civil

import "testing"

func checkRoundTrip(t *testing.T, in string, d Date) {
	t.Helper()
	if d.IsZero() {
		t.Fatalf("%q parsed to the zero date", in)
	}
	if back, err := ParseISO(d.String()); err != nil || back != d {
		t.Fatalf("%q → %s: ParseISO gives %s, %v", in, d, back, err)
	}
	if back, err := Parse(d.French()); err != nil || back != d {
		t.Fatalf("%q → %s: Parse(%q) gives %s, %v", in, d, d.French(), back, err)
	}
	if back, err := Parse(d.String()); err != nil || back != d {
		t.Fatalf("%q → %s: Parse(ISO) gives %s, %v", in, d, back, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"20/11/2026", "5/3/26", "20-11-2026", "20.11.26", "2026-11-20",
		"2026/11/20", "20261120", "29/02/2024", "31/02/2026", "20/11/2026 00:00:00",
		"2026-11-20T00:00:00", "20/11/2026 00:00", " 01/01/70 ", "", "abc", "2026-11-20T25:00",
		"01/01/1900", "31/12/2199", "00/00/0000", "\xff/\xfe/2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("error with a date: %q → %d", s, d)
			}
			return
		}
		if y := d.Year(); y < minYear || y > maxYear {
			t.Fatalf("%q → year %d out of range", s, y)
		}
		checkRoundTrip(t, s, d)
	})
}

func FuzzParseExcelSerial(f *testing.F) {
	for _, s := range []string{"45000", "45234.5", "4.5234E4", "1", "59", "60", "61", "0", "-1",
		"1e400", "NaN", "Inf", "0x1p4", "45234,5", "110000", "", " 45234 ", "4.5234e+04", "1E-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseExcelSerial(s)
		if err != nil {
			return
		}
		if y := d.Year(); y < minYear || y > maxYear {
			t.Fatalf("%q → year %d out of range", s, y)
		}
		checkRoundTrip(t, s, d)
	})
}
