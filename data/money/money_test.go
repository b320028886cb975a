package money

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Cents
	}{
		{"0", 0},
		{"12", 1200},
		{"12,50", 1250},
		{"12.50", 1250},
		{"12,5", 1250},
		{"1234.5", 123450},
		{"-12,50", -1250},
		{"+12,50", 1250},
		{"\u221212,50", -1250},
		{"12,50-", -1250},
		{"12,50 -", -1250},
		{"(12,50)", -1250},
		{"( 12,50 )", -1250},
		{"(12,50 €)", -1250},
		{"(12,50) €", -1250},
		{"12,50 €", 1250},
		{"12,50€", 1250},
		{"12,50\u00a0€", 1250},
		{"€12.50", 1250},
		{"€ 12.50", 1250},
		{"-€12.50", -1250},
		{"€-12.50", -1250},
		{"-12,50 €", -1250},
		{"EUR 12,50", 1250},
		{"12,50 EUR", 1250},
		{"12,50 eur", 1250},
		{"12,50 euros", 1250},
		{"USD 1,234.56", 123456},
		{"$1,234.56", 123456},
		{"1 234,56", 123456},
		{"1\u00a0234,56", 123456},
		{"1\u202f234,56", 123456},
		{"1'234.56", 123456},
		{"1 234 567,89", 123456789},
		{"1.234,56", 123456},
		{"1,234.56", 123456},
		{"1.234.567,89", 123456789},
		{"1,234,567.89", 123456789},
		{"1.234.567", 123456700},
		{"1,234,567", 123456700},
		{"1 234", 123400},
		{"1,234", 123},   // a single comma is decimal
		{"1.234", 123},   // and so is a single dot (raw Excel values)
		{"1.235", 124},   // rounded once, half away from zero
		{".5", 50},       //
		{",5", 50},       //
		{"-,5", -50},     //
		{"0,05", 5},      //
		{"-0,05", -5},    //
		{"-0,00", 0},     //
		{"0.125", 13},    //
		{"-0.125", -13},  //
		{"0.124999", 12}, //
		{"0.005", 1},
		{"0.0049999", 0},
		{"-0.005", -1},
		{"1234.5599999999999", 123456},
		{"0.30000000000000004", 30},
		{"1234.5649999999999", 123456},
		{"99.995", 10000},
		{" 000000000001437,12", 143712},
		{"-000000000000012,00", -1200},
		{"000000000000000,00", 0},
		{"1.5E3", 150000},
		{"1.5e3", 150000},
		{"1.5E+3", 150000},
		{"1.2345678E-2", 1},
		{"1.5E-2", 2},
		{"-1.5E-2", -2},
		{"5E-3", 1},
		{"4.9E-3", 0},
		{"1E0", 100},
		{"12E2", 120000},
		{"0.00012E4", 120},
		{"1.5E-9999999", 0},
		{"0E9999999", 0},
		{"-1.5E3", -150000},
		{"  12,50  ", 1250},
		{"\t12,50\t", 1250},
		{"92233720368547758.07", math.MaxInt64},
		{"-92233720368547758.08", math.MinInt64},
		{"92 233 720 368 547 758,07", math.MaxInt64},
		{"9.2233720368547758E16", 9223372036854775800},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
}

func TestParseWith(t *testing.T) {
	cases := []struct {
		in   string
		dec  rune
		want Cents
	}{
		{"1,234", '.', 123400},
		{"1,234", ',', 123},
		{"1.234", ',', 123400},
		{"1.234", '.', 123},
		{"1.234,56", ',', 123456},
		{"1,234.56", '.', 123456},
		{"1234,56", ',', 123456},
		{"1234.56", '.', 123456},
		{"1 234.56", '.', 123456},
		{"12", ',', 1200},
		{"1.5E3", ',', 150000},
		{"12,50 €", 'x', 1250}, // unknown separator: guessed
	}
	for _, c := range cases {
		got, err := ParseWith(c.in, c.dec)
		if err != nil || got != c.want {
			t.Errorf("ParseWith(%q, %q) = %d, %v; want %d", c.in, c.dec, got, err, c.want)
		}
	}
	bad := []struct {
		in  string
		dec rune
	}{
		{"1.234,56", '.'},
		{"1,234.56", ','},
		{"1234,5", '.'},
		{"1234.5", ','},
		{"1,2,3", ','},
		{"12.34.5", ','},
	}
	for _, c := range bad {
		if got, err := ParseWith(c.in, c.dec); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseWith(%q, %q) = %d, %v; want ErrInvalid", c.in, c.dec, got, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	invalid := []string{
		"abc", "12a", "12,50 €€", "€ 12,50 €", "EUR 12,50 €", "12,50 XYZ", "12 EURx", "NaN", "Inf", "-Inf",
		"infinity", "--12", "+-12", "-12-", "-(12)", "(-12)", "(12", "12)", "((12))", "12,50--",
		"12.34.5", "1,23.45", "1.234,567.89", "1,234.567,89", "1.23,45", "12,34,5", "1 23", "1  234",
		"12 34,56", "1234 567", " 1 234 5", "1 234.567 8", "1.234 567", "1'234 567", "1,,5", "1..5",
		"12,", "12.", ",", ".", "-", "+", "()", "€", "EUR", "1,5,", "1 234,5 6", "12-50", "1/2",
		"0x10", "1_000", "1e", "e5", "1e+", "1e5.5", "1.5.E3", "1 5E3", "1.2.3E4", "E", "12,50 e",
		"\u00a0-\u00a0", "١٢", "12\u200b", "1\x00", "\xff12",
	}
	for _, in := range invalid {
		got, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Input != in || !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) err = %#v, want ErrInvalid", in, err)
		}
	}
	for _, in := range []string{"", " ", "\u00a0\u202f"} {
		if _, err := Parse(in); !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) err = %v, want ErrEmpty", in, err)
		}
	}
	for _, in := range []string{
		"92233720368547758.08", "-92233720368547758.09", "92233720368547758.075",
		"99999999999999999999999", "1E30", "1.5E9999999", "000092233720368547758,08",
	} {
		if got, err := Parse(in); !errors.Is(err, ErrOverflow) {
			t.Errorf("Parse(%q) = %d, %v; want ErrOverflow", in, got, err)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		c    Cents
		want string
	}{
		{0, "0,00"},
		{5, "0,05"},
		{-5, "-0,05"},
		{100, "1,00"},
		{-100, "-1,00"},
		{99999, "999,99"},
		{100000, "1\u00a0000,00"},
		{123456, "1\u00a0234,56"},
		{-123456, "-1\u00a0234,56"},
		{123456789, "1\u00a0234\u00a0567,89"},
		{-123456789, "-1\u00a0234\u00a0567,89"},
		{math.MaxInt64, "92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,07"},
		{math.MinInt64, "-92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,08"},
	}
	for _, c := range cases {
		if got := Format(c.c); got != c.want {
			t.Errorf("Format(%d) = %q, want %q", c.c, got, c.want)
		}
		if back, err := Parse(c.want); err != nil || back != c.c {
			t.Errorf("Parse(Format(%d)) = %d, %v", c.c, back, err)
		}
	}
}

func TestFormatCurrency(t *testing.T) {
	cases := []struct {
		c    Cents
		cur  string
		want string
	}{
		{123456, "EUR", "1\u00a0234,56\u00a0€"},
		{123456, "", "1\u00a0234,56\u00a0€"},
		{-5, "EUR", "-0,05\u00a0€"},
		{123456, "USD", "1\u00a0234,56\u00a0USD"},
		{100, "CHF", "1,00\u00a0CHF"},
	}
	for _, c := range cases {
		if got := FormatCurrency(c.c, c.cur); got != c.want {
			t.Errorf("FormatCurrency(%d, %q) = %q, want %q", c.c, c.cur, got, c.want)
		}
		if back, err := Parse(c.want); err != nil || back != c.c {
			t.Errorf("Parse(%q) = %d, %v", c.want, back, err)
		}
	}
}

func TestEuros(t *testing.T) {
	cases := []struct {
		c    Cents
		want string
	}{
		{0, "0.00"},
		{5, "0.05"},
		{-5, "-0.05"},
		{123456, "1234.56"},
		{-123456, "-1234.56"},
		{math.MinInt64, "-92233720368547758.08"},
	}
	for _, c := range cases {
		if got := c.c.Euros(); got != c.want {
			t.Errorf("Euros(%d) = %q, want %q", c.c, got, c.want)
		}
		if back, err := ParseWith(c.want, '.'); err != nil || back != c.c {
			t.Errorf("ParseWith(%q) = %d, %v", c.want, back, err)
		}
	}
}
