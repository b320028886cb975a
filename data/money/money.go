// Package money reads and writes amounts as integer cents. Amounts are parsed from their
// decimal text digit by digit, never through a float, so "0,10" is exactly 10 cents.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Cents is an amount in hundredths of the currency unit.
type Cents int64

// Sentinel errors, wrapped by *ParseError.
var (
	ErrEmpty    = errors.New("empty amount")
	ErrInvalid  = errors.New("invalid amount")
	ErrOverflow = errors.New("amount out of range")
)

// ParseError reports text that is not an amount.
type ParseError struct {
	Input string
	Err   error // ErrEmpty, ErrInvalid or ErrOverflow
}

func (e *ParseError) Error() string {
	switch e.Err {
	case ErrEmpty:
		return "money: empty amount"
	case ErrOverflow:
		return fmt.Sprintf("money: amount %q out of range", e.Input)
	}
	return fmt.Sprintf("money: invalid amount %q", e.Input)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an amount, guessing its decimal separator. See ParseWith.
func Parse(s string) (Cents, error) { return ParseWith(s, 0) }

// currencies that may precede or follow an amount, longest first so "EUROS" wins over
// "EUR". Matched case-insensitively.
var currencies = []string{
	"euros", "euro", "eur", "usd", "gbp", "chf", "cad", "aud", "jpy", "cny", "xpf", "xof", "xaf",
	"mad", "tnd", "dzd", "sek", "nok", "dkk", "pln", "€", "$", "£", "¥",
}

// ParseWith reads an amount such as "1 234,56 €", "-1.234,56", "(12,50)", "12,50-",
// " 000000000001437,12" or Excel's raw "1234.5599999999999" and "1.5E3".
//
// decimal is the file's decimal separator, ',' or '.', when the caller knows it; with 0
// it is guessed: when both appear the last one is decimal, a character repeated is a
// thousands separator, and a single one is decimal. Spaces (also U+00A0 and U+202F) and
// apostrophes are always thousands separators; groups are checked. Any other decimal
// value is treated as 0. The amount is rounded once to cents, half away from zero.
func ParseWith(s string, decimal rune) (Cents, error) {
	fail := func(err error) (Cents, error) { return 0, &ParseError{Input: s, Err: err} }
	t := trim(s)
	if t == "" {
		return fail(ErrEmpty)
	}
	neg, signs := false, 0
	currency, openParen, closeParen := false, false, false

	// Peel signs, currency and parentheses off the left end, then the right end.
	for {
		t = trim(t)
		if !currency {
			if rest, ok := cutCurrency(t, true); ok {
				t, currency = rest, true
				continue
			}
		}
		if r, n := utf8.DecodeRuneInString(t); n > 0 {
			switch r {
			case '-', '+', '\u2212':
				signs++
				neg = r != '+'
				t = t[n:]
				continue
			case '(':
				if openParen {
					return fail(ErrInvalid)
				}
				openParen = true
				signs++
				neg = true
				t = t[n:]
				continue
			}
		}
		break
	}
	for {
		t = trim(t)
		if !currency {
			if rest, ok := cutCurrency(t, false); ok {
				t, currency = rest, true
				continue
			}
		}
		if r, n := utf8.DecodeLastRuneInString(t); n > 0 {
			switch r {
			case '-', '+', '\u2212':
				signs++
				neg = r != '+'
				t = t[:len(t)-n]
				continue
			case ')':
				if closeParen {
					return fail(ErrInvalid)
				}
				closeParen = true
				t = t[:len(t)-n]
				continue
			}
		}
		break
	}
	if signs > 1 || openParen != closeParen || t == "" {
		return fail(ErrInvalid)
	}

	var intDigits, fracDigits string
	var ok bool
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		intDigits, fracDigits, ok = scientific(t[:i], t[i+1:])
	} else {
		intDigits, fracDigits, ok = plain(t, decimal)
	}
	if !ok {
		return fail(ErrInvalid)
	}
	mag, ok := toCents(intDigits, fracDigits, neg)
	if !ok {
		return fail(ErrOverflow)
	}
	if neg {
		return Cents(-mag), nil // mag up to 2⁶³ wraps to MinInt64 exactly
	}
	return Cents(mag), nil
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f', '\u2007', '\u2009':
		return true
	}
	return false
}

func trim(s string) string { return strings.TrimFunc(s, isSpace) }

// cutCurrency removes a currency sign or code from the start (or end) of s. A code must
// not run into letters, so "EURO" is not "EUR" followed by "O".
func cutCurrency(s string, prefix bool) (string, bool) {
	for _, c := range currencies {
		if len(s) < len(c) {
			continue
		}
		var rest string
		var next rune
		if prefix {
			if !strings.EqualFold(s[:len(c)], c) {
				continue
			}
			rest = s[len(c):]
			next, _ = utf8.DecodeRuneInString(rest)
		} else {
			if !strings.EqualFold(s[len(s)-len(c):], c) {
				continue
			}
			rest = s[:len(s)-len(c)]
			next, _ = utf8.DecodeLastRuneInString(rest)
		}
		if isLetter(next) {
			continue
		}
		return rest, true
	}
	return s, false
}

func isLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xC0 && r != utf8.RuneError && !isSpace(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// scientific splits mantissa × 10^exp (Excel raw values such as "1.2345678E-2") into
// integer and fraction digits by moving the decimal point.
func scientific(mant, exp string) (string, string, bool) {
	ip, fp, _ := strings.Cut(strings.Replace(mant, ",", ".", 1), ".")
	if ip == "" && fp == "" || !allDigits(ip) || !allDigits(fp) {
		return "", "", false
	}
	sign := 1
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		if exp[0] == '-' {
			sign = -1
		}
		exp = exp[1:]
	}
	if exp == "" || !allDigits(exp) {
		return "", "", false
	}
	exp = strings.TrimLeft(exp, "0")
	if len(exp) > 4 { // beyond any amount or any cent: cap rather than build huge strings
		exp = "9999"
	}
	e, _ := strconv.Atoi(exp)
	e *= sign
	digits := strings.TrimLeft(ip+fp, "0")
	point := len(ip) - (len(ip+fp) - len(digits)) + e // position of the point in digits
	if digits == "" {
		return "", "", true
	}
	switch {
	case point > 40: // far beyond int64 cents
		return strings.Repeat("9", 40), "", true
	case point < -3: // below half a cent: rounds to zero
		return "", "", true
	case point <= 0:
		return "", strings.Repeat("0", -point) + digits, true
	case point >= len(digits):
		return digits + strings.Repeat("0", point-len(digits)), "", true
	}
	return digits[:point], digits[point:], true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Thousands separator classes: a number may use only one.
const (
	sepNone = iota
	sepSpace
	sepApostrophe
	sepDot
	sepComma
)

// plain splits a number without exponent into integer and fraction digits, working out
// which of ',' and '.' is the decimal separator and checking the thousands groups.
func plain(t string, decimal rune) (string, string, bool) {
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	var dec byte
	switch decimal {
	case ',', '.':
		dec = byte(decimal)
	default:
		switch {
		case dots > 0 && commas > 0:
			dec = t[strings.LastIndexAny(t, ".,")]
		case dots == 1:
			dec = '.'
		case commas == 1:
			dec = ','
		}
	}
	intPart, frac := t, ""
	if dec != 0 {
		if strings.Count(t, string(dec)) > 1 {
			return "", "", false
		}
		if i := strings.IndexByte(t, dec); i >= 0 {
			intPart, frac = t[:i], t[i+1:]
			if frac == "" || !allDigits(frac) {
				return "", "", false
			}
		}
	}
	// Integer part: digits in groups, the first of 1 to 3 digits and then exactly 3.
	class, group, groups := sepNone, 0, 0
	var digits strings.Builder
	for _, r := range intPart {
		c := sepNone
		switch {
		case r >= '0' && r <= '9':
			digits.WriteByte(byte(r))
			group++
			continue
		case isSpace(r):
			c = sepSpace
		case r == '\'' || r == '\u2019':
			c = sepApostrophe
		case r == '.':
			c = sepDot
		case r == ',':
			c = sepComma
		default:
			return "", "", false
		}
		if class != sepNone && c != class {
			return "", "", false
		}
		class = c
		if group == 0 || group > 3 || groups > 0 && group != 3 {
			return "", "", false
		}
		groups++
		group = 0
	}
	if class != sepNone && group != 3 {
		return "", "", false
	}
	if digits.Len() == 0 && frac == "" {
		return "", "", false
	}
	return digits.String(), frac, true
}

// toCents computes |amount| in cents from its digits, rounding half away from zero on the
// third decimal. Negative amounts may reach 2⁶³ so that MinInt64 parses.
func toCents(intDigits, frac string, neg bool) (uint64, bool) {
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	frac += "000"
	all := strings.TrimLeft(intDigits, "0") + frac[:2]
	var v uint64
	for i := 0; i < len(all); i++ {
		d := uint64(all[i] - '0')
		if v > (limit-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	if frac[2] >= '5' {
		if v == limit {
			return 0, false
		}
		v++
	}
	return v, true
}

// Format writes c the French way: "-1 234,56", with U+00A0 between thousands.
func Format(c Cents) string {
	mag := uint64(c)
	if c < 0 {
		mag = -mag
	}
	units := strconv.FormatUint(mag/100, 10)
	var b strings.Builder
	if c < 0 {
		b.WriteByte('-')
	}
	for i := 0; i < len(units); i++ {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteByte(units[i])
	}
	fmt.Fprintf(&b, ",%02d", mag%100)
	return b.String()
}

// FormatCurrency writes "1 234,56 €" for EUR (or no currency) and "1 234,56 USD" for
// others, with a no-break space so the unit never wraps away from the number.
func FormatCurrency(c Cents, currency string) string {
	if currency == "" || strings.EqualFold(currency, "EUR") {
		return Format(c) + "\u00a0€"
	}
	return Format(c) + "\u00a0" + currency
}

// Euros writes c as plain "1234.56", for machine-read output.
func (c Cents) Euros() string {
	mag := uint64(c)
	sign := ""
	if c < 0 {
		mag = -mag
		sign = "-"
	}
	return fmt.Sprintf("%s%d.%02d", sign, mag/100, mag%100)
}
