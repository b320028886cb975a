package money

import (
	"errors"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"12,50 €", "€12.50", "EUR 12,50", "12,50 EUR", "1 234,56", "1\u00a0234,56", "1\u202f234,56",
	"1'234.56", "1.234,56", "1,234.56", "1234.5", "-12,50", "+12,50", "12,50-", "(12,50)",
	" 000000000001437,12", "-000000000000012,00", "1 234", ".5", ",5", "1.5E3", "1.2345678E-2",
	"1234.5599999999999", "0.30000000000000004", "0.125", "-0.125", "12.34.5", "NaN", "Inf", "",
	"92233720368547758.07", "-92233720368547758.08", "1E30", "1.5E-9999", "((1))", "€", "1,234",
}

// checkParsed verifies that a successfully parsed amount survives both output forms.
func checkParsed(t *testing.T, in string, c Cents) {
	t.Helper()
	if back, err := Parse(Format(c)); err != nil || back != c {
		t.Fatalf("%q → %d: Parse(%q) = %d, %v", in, c, Format(c), back, err)
	}
	if back, err := ParseWith(c.Euros(), '.'); err != nil || back != c {
		t.Fatalf("%q → %d: ParseWith(%q, '.') = %d, %v", in, c, c.Euros(), back, err)
	}
	if back, err := Parse(FormatCurrency(c, "EUR")); err != nil || back != c {
		t.Fatalf("%q → %d: Parse(%q) = %d, %v", in, c, FormatCurrency(c, "EUR"), back, err)
	}
}

func checkErr(t *testing.T, in string, c Cents, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Input != in || c != 0 {
		t.Fatalf("%q: bad error %#v (value %d)", in, err, c)
	}
	if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrOverflow) {
		t.Fatalf("%q: error %v wraps no sentinel", in, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			checkErr(t, s, c, err)
			return
		}
		checkParsed(t, s, c)
	})
}

func FuzzParseWith(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, []rune{0, ',', '.'}[i%3])
	}
	f.Fuzz(func(t *testing.T, s string, dec rune) {
		c, err := ParseWith(s, dec)
		if err != nil {
			checkErr(t, s, c, err)
			return
		}
		checkParsed(t, s, c)
		// Without a decimal separator in the text, the hint cannot matter.
		if !strings.ContainsAny(s, ".,") {
			if g, err := Parse(s); err != nil || g != c {
				t.Fatalf("%q: ParseWith(%q) = %d but Parse = %d, %v", s, dec, c, g, err)
			}
		}
	})
}
