package dunning

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// Late-payment penalties between businesses (Code de commerce L441-10 and D441-5).

// penaltyIndemnity is the flat recovery indemnity per invoice paid late (D441-5): 40 €, whatever
// the number of days or of reminders.
const penaltyIndemnity money.Cents = 4000

// penaltyDayBasis is the divisor of the law's formula: 365 even in leap years.
const penaltyDayBasis = 365

// SemesterRate holds one semester's rates in basis points (1215 = 12.15 %).
type SemesterRate struct {
	Semester  string // "2025-S2": S1 is January to June, S2 July to December
	ECBBP     int    // ECB main refinancing rate on the semester's first day
	DefaultBP int    // rate when the contract says nothing: ECB + 10 points
	LegalBP   int    // taux d'intérêt légal for professionals
	FloorBP   int    // lowest contractual rate allowed: 3 × LegalBP
	Verify    bool   // the figures are provisional and need checking
}

// RateTable is the late-payment rates per semester. It is never modified in place: Merge
// returns a new table, so one table may be shared freely.
type RateTable struct {
	bySemester map[string]SemesterRate
}

// penaltyRatesFile is the JSON shape of resources/rates/late_payment.json. Rates are
// pointers so that 0 (the ECB rate of 2016–2022) is told apart from a rate left out.
type penaltyRatesFile struct {
	Source    string `json:"source"` // where the figures are published, for whoever edits the file
	Semesters []struct {
		Semester  string `json:"semester"`
		ECBBP     *int   `json:"ecb_bp"`
		DefaultBP *int   `json:"default_bp"`
		LegalBP   *int   `json:"legal_bp"`
		FloorBP   *int   `json:"floor_bp"`
		Verify    bool   `json:"verify"`
	} `json:"semesters"`
}

// LoadRates reads a rate table in the shape of the shipped file. A user entering a new
// semester may give either rate of each pair (ECB or default, legal or floor): the other
// is derived; when both are given they must agree with the law. Errors are translated
// sentences saying what to fix.
func LoadRates(r io.Reader) (RateTable, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields() // a misspelt key would otherwise read as a missing rate
	var f penaltyRatesFile
	if err := dec.Decode(&f); err != nil {
		return RateTable{}, errors.New(resources.T("penalty.rates.bad_file", map[string]any{"Detail": err.Error()}))
	}
	t := RateTable{bySemester: make(map[string]SemesterRate, len(f.Semesters))}
	for _, e := range f.Semesters {
		if _, _, ok := penaltyParseSemester(e.Semester); !ok {
			return RateTable{}, errors.New(resources.T("penalty.rates.bad_semester", map[string]any{"Value": e.Semester}))
		}
		sem := map[string]any{"Semester": e.Semester}
		if _, dup := t.bySemester[e.Semester]; dup {
			return RateTable{}, errors.New(resources.T("penalty.rates.duplicate", sem))
		}
		ecb, def, okDefault := penaltyPair(e.ECBBP, e.DefaultBP, func(ecb int) int { return ecb + 1000 },
			func(def int) int { return def - 1000 })
		legal, floor, okFloor := penaltyPair(e.LegalBP, e.FloorBP, func(legal int) int { return 3 * legal },
			func(floor int) int { return floor / 3 })
		if !okDefault || !okFloor {
			return RateTable{}, errors.New(resources.T("penalty.rates.missing", sem))
		}
		if ecb < 0 || def < 0 || legal < 0 || floor < 0 {
			return RateTable{}, errors.New(resources.T("penalty.rates.negative", sem))
		}
		if def != ecb+1000 {
			return RateTable{}, errors.New(resources.T("penalty.rates.default_mismatch", map[string]any{
				"Semester": e.Semester, "Default": FormatRateBP(def), "ECB": FormatRateBP(ecb)}))
		}
		// Deriving the legal rate from a floor not divisible by 3 would round it: refuse.
		if floor != 3*legal {
			return RateTable{}, errors.New(resources.T("penalty.rates.floor_mismatch", map[string]any{
				"Semester": e.Semester, "Floor": FormatRateBP(floor), "Legal": FormatRateBP(legal)}))
		}
		t.bySemester[e.Semester] = SemesterRate{Semester: e.Semester, ECBBP: ecb, DefaultBP: def,
			LegalBP: legal, FloorBP: floor, Verify: e.Verify}
	}
	return t, nil
}

// penaltyPair completes a pair of rates linked by the law (base, derived) from whichever
// was given; ok is false when neither was.
func penaltyPair(base, derived *int, fromBase, toBase func(int) int) (b, d int, ok bool) {
	switch {
	case base != nil && derived != nil:
		return *base, *derived, true
	case base != nil:
		return *base, fromBase(*base), true
	case derived != nil:
		return toBase(*derived), *derived, true
	}
	return 0, 0, false
}

var penaltyShipped = sync.OnceValue(func() RateTable {
	t, err := LoadRates(bytes.NewReader(resources.LatePaymentRates()))
	if err != nil {
		// The embedded file is part of the build and a test parses it: this is a broken build.
		panic("dunning: shipped late-payment rates: " + err.Error())
	}
	return t
})

// ShippedRates is the rate table shipped with the app (resources/rates/late_payment.json).
func ShippedRates() RateTable { return penaltyShipped() }

// Merge returns t completed by user's entries; for a semester in both, the user's wins.
func (t RateTable) Merge(user RateTable) RateTable {
	out := RateTable{bySemester: make(map[string]SemesterRate, len(t.bySemester)+len(user.bySemester))}
	for k, v := range t.bySemester {
		out.bySemester[k] = v
	}
	for k, v := range user.bySemester {
		out.bySemester[k] = v
	}
	return out
}

// For returns the rates of the semester containing d.
func (t RateTable) For(d civil.Date) (SemesterRate, bool) {
	r, ok := t.bySemester[penaltySemesterKey(d)]
	return r, ok
}

// penaltySemesterKey names d's semester: January–June is S1, July–December S2.
func penaltySemesterKey(d civil.Date) string {
	half := 1
	if d.Month() > time.June {
		half = 2
	}
	return fmt.Sprintf("%04d-S%d", d.Year(), half)
}

// penaltySemesterEnd is the last day of d's semester, where a late period is split.
func penaltySemesterEnd(d civil.Date) civil.Date {
	if d.Month() > time.June {
		return civil.New(d.Year(), time.December, 31)
	}
	return civil.New(d.Year(), time.June, 30)
}

// penaltyParseSemester reads "2025-S2".
func penaltyParseSemester(s string) (year, half int, ok bool) {
	if len(s) != 7 || s[4] != '-' || s[5] != 'S' || (s[6] != '1' && s[6] != '2') {
		return 0, 0, false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	year, _ = strconv.Atoi(s[:4])
	if year == 0 {
		return 0, 0, false
	}
	return year, int(s[6] - '0'), true
}

// penaltySemesterName is the semester as a sentence says it: "1er semestre 2026".
func penaltySemesterName(key string) string {
	year, half, ok := penaltyParseSemester(key)
	if !ok {
		return key
	}
	return resources.T("penalty.semester.s"+strconv.Itoa(half), map[string]any{"Year": year})
}

// MissingRateError reports semesters whose rates the table lacks. The app never guesses a
// rate: the user enters the published figures.
type MissingRateError struct {
	Semesters []string // "2027-S1", in date order
}

func (e *MissingRateError) Error() string {
	names := make([]string, len(e.Semesters))
	for i, s := range e.Semesters {
		names[i] = penaltySemesterName(s) + " (" + s + ")"
	}
	return resources.T("penalty.err.missing_rate", map[string]any{"Semesters": strings.Join(names, ", ")})
}

// PenaltyInput is one invoice to compute penalties on.
type PenaltyInput struct {
	Amount money.Cents // TTC: penalties are computed on the amount including VAT
	Due    civil.Date
	Paid   civil.Date // payment date, or the as-of date while unpaid
	// ContractBP is the contract's annual rate in basis points; 0: the contract sets none.
	ContractBP int
}

// PenaltyPart is a stretch of the late period inside one semester.
type PenaltyPart struct {
	From, To civil.Date // both included
	Days     int
	RateBP   int // the rate applied to this part
}

// Penalty is what the creditor may claim on top of the invoice.
type Penalty struct {
	DaysLate  int
	RateBP    int // the rate applied; the day-weighted average when parts differ
	Parts     []PenaltyPart
	Interest  money.Cents
	Indemnity money.Cents
	Total     money.Cents // Interest + Indemnity
	Notes     []string    // translated sentences: floor applied, split period, rates to check
}

// ComputePenalty applies L441-10: interest = amount × annual rate × days late / 365, the
// days counted from the day after the due date to the payment date included, split at each
// 1 January and 1 July so that each part takes its semester's rate, plus the 40 € indemnity.
// The exact sum of the parts is rounded once, half away from zero. A credit note (amount
// ≤ 0) or an invoice paid by its due date owes nothing. A semester missing from rates gives
// a *MissingRateError.
func ComputePenalty(in PenaltyInput, rates RateTable) (Penalty, error) {
	if in.Due.IsZero() || in.Paid.IsZero() {
		return Penalty{}, errors.New(resources.T("penalty.err.no_date"))
	}
	if in.ContractBP < 0 {
		return Penalty{}, errors.New(resources.T("penalty.err.negative_rate"))
	}
	days := in.Paid.Sub(in.Due)
	if in.Amount <= 0 || days <= 0 {
		return Penalty{}, nil
	}

	p := Penalty{DaysLate: days, Indemnity: penaltyIndemnity}
	var missing []string
	var floorNotes, verifyNotes []string
	for from := in.Due.AddDays(1); !from.After(in.Paid); {
		to := penaltySemesterEnd(from)
		if to.After(in.Paid) {
			to = in.Paid
		}
		key := penaltySemesterKey(from)
		sr, ok := rates.bySemester[key]
		if !ok {
			missing = append(missing, key)
			from = to.AddDays(1)
			continue
		}
		rate := sr.DefaultBP
		if in.ContractBP > 0 {
			rate = in.ContractBP
			if rate < sr.FloorBP {
				rate = sr.FloorBP
				floorNotes = append(floorNotes, resources.T("penalty.note.floor", map[string]any{
					"Contract": FormatRateBP(in.ContractBP), "Floor": FormatRateBP(sr.FloorBP),
					"Semester": penaltySemesterName(key)}))
			}
		}
		if sr.Verify {
			verifyNotes = append(verifyNotes, resources.T("penalty.note.verify", map[string]any{
				"Semester": penaltySemesterName(key), "Rate": FormatRateBP(rate)}))
		}
		p.Parts = append(p.Parts, PenaltyPart{From: from, To: to, Days: to.Sub(from) + 1, RateBP: rate})
		from = to.AddDays(1)
	}
	if len(missing) > 0 {
		return Penalty{}, &MissingRateError{Semesters: missing}
	}

	// Σ amount × bp × days over the parts, divided once by 365 × 10 000. big.Int because
	// a large amount over years of delay overflows int64 before the division.
	sum, term := new(big.Int), new(big.Int)
	amount := big.NewInt(int64(in.Amount))
	var bpDays int64
	uniform := true
	for _, part := range p.Parts {
		term.SetInt64(int64(part.RateBP) * int64(part.Days))
		sum.Add(sum, term.Mul(term, amount))
		bpDays += int64(part.RateBP) * int64(part.Days)
		uniform = uniform && part.RateBP == p.Parts[0].RateBP
	}
	interest := penaltyDivRound(sum, big.NewInt(penaltyDayBasis*10000))
	if !interest.IsInt64() || interest.Int64() > math.MaxInt64-int64(penaltyIndemnity) {
		return Penalty{}, errors.New(resources.T("penalty.err.too_large",
			map[string]any{"Amount": money.FormatCurrency(in.Amount, "EUR")}))
	}
	p.Interest = money.Cents(interest.Int64())
	p.Total = p.Interest + p.Indemnity

	if uniform {
		p.RateBP = p.Parts[0].RateBP
	} else {
		p.RateBP = int(penaltyDivRound(big.NewInt(bpDays), big.NewInt(int64(days))).Int64())
	}
	p.Notes = append(p.Notes, floorNotes...)
	if !uniform {
		parts := make([]string, len(p.Parts))
		for i, part := range p.Parts {
			parts[i] = resources.T("penalty.note.part", map[string]any{"From": part.From.French(),
				"To": part.To.French(), "Days": penaltyDays(part.Days), "Rate": FormatRateBP(part.RateBP)})
		}
		p.Notes = append(p.Notes, resources.T("penalty.note.split", map[string]any{"Parts": strings.Join(parts, " ; ")}))
	}
	p.Notes = append(p.Notes, verifyNotes...)
	return p, nil
}

// penaltyDivRound divides two non-negative integers, rounding half away from zero.
func penaltyDivRound(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// penaltyDays writes a count of days: "1 jour", "91 jours".
func penaltyDays(n int) string {
	if n == 1 {
		return resources.T("penalty.days.one")
	}
	return resources.T("penalty.days.many", map[string]any{"Days": n})
}

// FormatRateBP writes basis points as a French percentage: 1215 → "12,15 %", with a
// no-break space so the sign never wraps away from the number.
func FormatRateBP(bp int) string {
	sign := ""
	if bp < 0 {
		sign, bp = "-", -bp
	}
	return fmt.Sprintf("%s%d,%02d\u00a0%%", sign, bp/100, bp%100)
}

// Semesters lists the table's entries by semester.
func (t RateTable) Semesters() []SemesterRate {
	out := make([]SemesterRate, 0, len(t.bySemester))
	for _, r := range t.bySemester {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b SemesterRate) int { return strings.Compare(a.Semester, b.Semester) })
	return out
}
