// Package civil handles calendar dates without clock or time zone: invoice, due and
// payment dates as an accountant writes them.
package civil

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day, stored as days since 0001-01-01 plus one, so that the zero
// value means "no date" and integer comparison orders dates.
type Date int32

// unixEpoch is 1970-01-01 as a Date: 719162 days after 0001-01-01, plus one.
const unixEpoch = 719162 + 1

// Sentinel errors, wrapped by *ParseError.
var (
	ErrEmpty   = errors.New("empty date")
	ErrInvalid = errors.New("invalid date")
)

// ParseError reports text that is not a date.
type ParseError struct {
	Input string
	Err   error // ErrEmpty or ErrInvalid
}

func (e *ParseError) Error() string {
	if e.Err == ErrEmpty {
		return "civil: empty date"
	}
	return fmt.Sprintf("civil: invalid date %q", e.Input)
}

func (e *ParseError) Unwrap() error { return e.Err }

func invalid(s string) error { return &ParseError{Input: s, Err: ErrInvalid} }

// New returns the date y-m-d, normalised like time.Date (32 January is 1 February).
func New(y int, m time.Month, d int) Date {
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	return Date(days + unixEpoch)
}

// Of returns t's calendar day in t's own location; the zero time gives the zero Date.
func Of(t time.Time) Date {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.Date()
	return New(y, m, d)
}

// Time returns midnight UTC on d; the zero Date gives the zero time.
func (d Date) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix((int64(d)-unixEpoch)*86400, 0).UTC()
}

// YMD returns the year, month and day; all zero for the zero Date.
func (d Date) YMD() (int, time.Month, int) {
	if d == 0 {
		return 0, 0, 0
	}
	return d.Time().Date()
}

// Year of d, 0 for the zero Date.
func (d Date) Year() int { y, _, _ := d.YMD(); return y }

// Month of d, 0 for the zero Date.
func (d Date) Month() time.Month { _, m, _ := d.YMD(); return m }

// Day of the month, 0 for the zero Date.
func (d Date) Day() int { _, _, day := d.YMD(); return day }

// Weekday of d (Sunday for the zero Date, which has none).
func (d Date) Weekday() time.Weekday {
	if d == 0 {
		return time.Sunday
	}
	return d.Time().Weekday()
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == 0 }

// AddDays returns d + n days. The zero Date stays zero: no date plus days is still none.
func (d Date) AddDays(n int) Date {
	if d == 0 {
		return 0
	}
	return d + Date(n)
}

// AddMonths returns d + n months, clamped to the end of the target month
// (31 January + 1 month = last day of February). The zero Date stays zero.
func (d Date) AddMonths(n int) Date {
	if d == 0 {
		return 0
	}
	y, m, day := d.YMD()
	total := int(m) - 1 + n
	y += floorDiv(total, 12)
	m = time.Month(total-floorDiv(total, 12)*12) + 1
	if last := daysIn(y, m); day > last {
		day = last
	}
	return New(y, m, day)
}

// Sub returns the number of days d − e.
func (d Date) Sub(e Date) int { return int(d) - int(e) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d < e }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d > e }

// StartOfMonth returns the first day of d's month.
func (d Date) StartOfMonth() Date {
	if d == 0 {
		return 0
	}
	y, m, _ := d.YMD()
	return New(y, m, 1)
}

// EndOfMonth returns the last day of d's month.
func (d Date) EndOfMonth() Date {
	if d == 0 {
		return 0
	}
	y, m, _ := d.YMD()
	return New(y, m, daysIn(y, m))
}

// String returns the ISO form "2026-11-20", or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.YMD()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), day)
}

// French returns "20/11/2026", or "" for the zero Date.
func (d Date) French() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.YMD()
	return fmt.Sprintf("%02d/%02d/%04d", day, int(m), y)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// valid checks a calendar date without normalising it, so 31/02 is refused.
func valid(y, m, d, minYear, maxYear int) bool {
	return y >= minYear && y <= maxYear && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, time.Month(m))
}

// digits parses s as a non-empty run of ASCII digits; ok is false otherwise.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// ParseISO parses exactly yyyy-mm-dd (years 0001 to 9999).
func ParseISO(s string) (Date, error) {
	if s == "" {
		return 0, &ParseError{Input: s, Err: ErrEmpty}
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, invalid(s)
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:])
	if !ok1 || !ok2 || !ok3 || !valid(y, m, d, 1, 9999) {
		return 0, invalid(s)
	}
	return New(y, time.Month(m), d), nil
}

// Year range Parse and FromExcelSerial accept: wider would mostly let typos through.
const (
	minYear = 1900
	maxYear = 2199
)

// Parse reads a date as spreadsheets and accounting exports write it, always day first:
// dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, each
// optionally followed by a time of day, which is ignored.
func Parse(s string) (Date, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, &ParseError{Input: s, Err: ErrEmpty}
	}
	if i := strings.IndexAny(t, " T"); i >= 0 {
		if !isTime(strings.TrimSpace(t[i+1:])) {
			return 0, invalid(s)
		}
		t = t[:i]
	}
	var y, m, d int
	if len(t) == 8 && !strings.ContainsAny(t, "/-.") {
		var ok1, ok2, ok3 bool
		y, ok1 = digits(t[:4])
		m, ok2 = digits(t[4:6])
		d, ok3 = digits(t[6:])
		if !ok1 || !ok2 || !ok3 {
			return 0, invalid(s)
		}
	} else {
		i := strings.IndexAny(t, "/-.")
		if i < 0 {
			return 0, invalid(s)
		}
		parts := strings.Split(t, t[i:i+1])
		if len(parts) != 3 {
			return 0, invalid(s)
		}
		a, b, c := parts[0], parts[1], parts[2]
		if len(a) == 4 { // year first
			a, c = c, a
		}
		if len(a) < 1 || len(a) > 2 || len(b) < 1 || len(b) > 2 || (len(c) != 2 && len(c) != 4) {
			return 0, invalid(s)
		}
		var ok1, ok2, ok3 bool
		d, ok1 = digits(a)
		m, ok2 = digits(b)
		y, ok3 = digits(c)
		if !ok1 || !ok2 || !ok3 {
			return 0, invalid(s)
		}
		if len(c) == 2 {
			if y < 70 {
				y += 2000
			} else {
				y += 1900
			}
		}
	}
	if !valid(y, m, d, minYear, maxYear) {
		return 0, invalid(s)
	}
	return New(y, time.Month(m), d), nil
}

// isTime accepts h:mm, hh:mm:ss and hh:mm:ss.fff, the time parts exports append to dates.
func isTime(s string) bool {
	hms, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac {
		if _, ok := digits(frac); !ok {
			return false
		}
	}
	parts := strings.Split(hms, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && len(parts) != 3) {
		return false
	}
	for i, p := range parts {
		if len(p) < 1 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return false
		}
		n, ok := digits(p)
		if !ok || (i == 0 && n > 23) || (i > 0 && n > 59) {
			return false
		}
	}
	return true
}

// Excel's 1900 system counts 1900-01-01 as day 1 and wrongly has a 29 February 1900
// (day 60), so from day 61 on the count starts at 1899-12-30.
var (
	excelBase      = New(1899, time.December, 30)
	excelMaxSerial = float64(New(maxYear, time.December, 31).Sub(excelBase))
)

// FromExcelSerial converts an Excel day number (1900 date system) to a date, ignoring the
// time of day in the fraction. Day 60, Excel's non-existent 29/02/1900, is an error.
func FromExcelSerial(v float64) (Date, error) {
	if math.IsNaN(v) || v < 1 || v >= excelMaxSerial+1 {
		return 0, invalid(strconv.FormatFloat(v, 'g', -1, 64))
	}
	n := int(math.Floor(v))
	switch {
	case n == 60:
		return 0, invalid(strconv.FormatFloat(v, 'g', -1, 64))
	case n < 60:
		return excelBase + Date(n+1), nil
	}
	return excelBase + Date(n), nil
}

// ParseExcelSerial reads a raw cell such as "45234", "45234.5" or "4.5234E4" and converts
// it with FromExcelSerial.
func ParseExcelSerial(s string) (Date, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, &ParseError{Input: s, Err: ErrEmpty}
	}
	// Only plain decimal notation: ParseFloat would also take "Inf", hex and underscores.
	t = strings.Replace(t, ",", ".", 1)
	mant, exp, hasExp := strings.Cut(strings.ToLower(t), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	if ip == "" && fp == "" {
		return 0, invalid(s)
	}
	for _, part := range []string{ip, fp} {
		if !allDigits(part) {
			return 0, invalid(s)
		}
	}
	if hasExp {
		e := strings.TrimLeft(exp, "+-")
		if len(exp)-len(e) > 1 || e == "" {
			return 0, invalid(s)
		}
		if !allDigits(e) {
			return 0, invalid(s)
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, invalid(s)
	}
	d, err := FromExcelSerial(v)
	if err != nil {
		return 0, invalid(s)
	}
	return d, nil
}

// allDigits reports whether s is only ASCII digits (possibly none).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MarshalJSON writes the ISO string, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads an ISO string; null and "" give the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := ParseISO(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Scan reads a TEXT "yyyy-mm-dd" column (NULL is the zero Date). It also takes time.Time,
// which SQLite drivers produce for columns declared DATE, and ISO text with a time
// appended, which such drivers may have written.
func (d *Date) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*d = 0
		return nil
	case time.Time:
		*d = Of(v)
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("civil: cannot scan %T into Date", src)
	}
	if s == "" {
		*d = 0
		return nil
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	v, err := ParseISO(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as ISO TEXT, the zero Date as NULL.
func (d Date) Value() (driver.Value, error) {
	if d == 0 {
		return nil, nil
	}
	return d.String(), nil
}
