package dunning

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

func penaltyDate(t testing.TB, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseISO(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// penaltyNBSP lets expected notes be written with a plain space before "%".
func penaltyNBSP(s string) string { return strings.ReplaceAll(s, " %", "\u00a0%") }

func penaltyLoad(t *testing.T, js string) RateTable {
	t.Helper()
	tbl, err := LoadRates(strings.NewReader(js))
	if err != nil {
		t.Fatalf("LoadRates: %v", err)
	}
	return tbl
}

type penaltyPartWant struct {
	from, to string
	days, bp int
}

type penaltyCase struct {
	name                       string
	amount                     money.Cents
	due, paid                  string
	contractBP                 int
	days, rateBP               int
	parts                      []penaltyPartWant
	interest, indemnity, total money.Cents
	notes                      []string
}

// Expected interest is worked by hand: amount cents × Σ(bp × days) / 3 650 000, rounded
// once, half away from zero.
var penaltyCases = []penaltyCase{
	{
		// 1 000 000 × 1315 × 60 / 3 650 000 = 21 616,438… cents.
		name: "single semester, default rate 13.15 %", amount: 1000000, due: "2025-03-31", paid: "2025-05-30",
		days: 60, rateBP: 1315, parts: []penaltyPartWant{{"2025-04-01", "2025-05-30", 60, 1315}},
		interest: 21616, indemnity: 4000, total: 25616,
	},
	{
		name: "due today: not late", amount: 1000000, due: "2025-03-31", paid: "2025-03-31",
	},
	{
		name: "paid before the due date", amount: 1000000, due: "2025-03-31", paid: "2025-03-20",
	},
	{
		// 1 000 000 × 1315 / 3 650 000 = 360,27.
		name: "paid the day after", amount: 1000000, due: "2025-03-31", paid: "2025-04-01",
		days: 1, rateBP: 1315, parts: []penaltyPartWant{{"2025-04-01", "2025-04-01", 1, 1315}},
		interest: 360, indemnity: 4000, total: 4360,
	},
	{
		// 1 000 000 × (1315 × 15 + 1215 × 15) / 3 650 000 = 10 397,26.
		name: "across 2025-S1 and 2025-S2", amount: 1000000, due: "2025-06-15", paid: "2025-07-15",
		days: 30, rateBP: 1265,
		parts:    []penaltyPartWant{{"2025-06-16", "2025-06-30", 15, 1315}, {"2025-07-01", "2025-07-15", 15, 1215}},
		interest: 10397, indemnity: 4000, total: 14397,
		notes: []string{"Le retard s'étend sur plusieurs semestres, chaque période à son propre taux : " +
			"du 16/06/2025 au 30/06/2025 (15 jours) à 13,15 % ; du 01/07/2025 au 15/07/2025 (15 jours) à 12,15 %."},
	},
	{
		// Σ bp × days = 1450 × 30 + 1425 × 184 + 1315 × 59 = 383 285;
		// 500 000 × 383 285 / 3 650 000 = 52 504,79; rate 383 285 / 273 = 1403,97.
		name: "across three semesters", amount: 500000, due: "2024-05-31", paid: "2025-02-28",
		days: 273, rateBP: 1404,
		parts: []penaltyPartWant{{"2024-06-01", "2024-06-30", 30, 1450}, {"2024-07-01", "2024-12-31", 184, 1425},
			{"2025-01-01", "2025-02-28", 59, 1315}},
		interest: 52505, indemnity: 4000, total: 56505,
		notes: []string{"Le retard s'étend sur plusieurs semestres, chaque période à son propre taux : " +
			"du 01/06/2024 au 30/06/2024 (30 jours) à 14,50 % ; du 01/07/2024 au 31/12/2024 (184 jours) à 14,25 % ; " +
			"du 01/01/2025 au 28/02/2025 (59 jours) à 13,15 %."},
	},
	{
		// 29 days of February 2024 + 31 of March, still over 365: 1 000 000 × 1450 × 60 / 3 650 000
		// = 23 835,62 (over 366 it would be 23 770,49).
		name: "leap year, divisor stays 365", amount: 1000000, due: "2024-01-31", paid: "2024-03-31",
		days: 60, rateBP: 1450, parts: []penaltyPartWant{{"2024-02-01", "2024-03-31", 60, 1450}},
		interest: 23836, indemnity: 4000, total: 27836,
	},
	{
		// 5 % < floor 7,86 %: 1 000 000 × 786 × 30 / 3 650 000 = 6 460,27. 2026-S1 is flagged verify.
		name: "contract rate below the floor", amount: 1000000, due: "2026-01-31", paid: "2026-03-02", contractBP: 500,
		days: 30, rateBP: 786, parts: []penaltyPartWant{{"2026-02-01", "2026-03-02", 30, 786}},
		interest: 6460, indemnity: 4000, total: 10460,
		notes: []string{
			"Le taux contractuel de 5,00 % est inférieur au plancher légal de 7,86 % (3 × le taux d'intérêt " +
				"légal du 1er semestre 2026) : le plancher s'applique.",
			"Les taux du 1er semestre 2026 sont à vérifier (taux appliqué : 7,86 %) : confirmez-les auprès " +
				"de la Banque de France et du Journal officiel avant de réclamer ces pénalités.",
		},
	},
	{
		// 10 % ≥ floor 8,28 %, used as is rather than the default 12,15 %:
		// 1 000 000 × 1000 × 30 / 3 650 000 = 8 219,18.
		name: "contract rate above the floor", amount: 1000000, due: "2025-09-30", paid: "2025-10-30", contractBP: 1000,
		days: 30, rateBP: 1000, parts: []penaltyPartWant{{"2025-10-01", "2025-10-30", 30, 1000}},
		interest: 8219, indemnity: 4000, total: 12219,
	},
	{
		// 13 % clears the 2023-S2 floor (12,66 %) but not the 2024-S1 one (15,21 %):
		// 1 000 000 × (1300 × 10 + 1521 × 10) / 3 650 000 = 7 728,77; rate 1410,5 → 1411.
		name: "contract rate floored in one semester only", amount: 1000000, due: "2023-12-21", paid: "2024-01-10",
		contractBP: 1300, days: 20, rateBP: 1411,
		parts:    []penaltyPartWant{{"2023-12-22", "2023-12-31", 10, 1300}, {"2024-01-01", "2024-01-10", 10, 1521}},
		interest: 7729, indemnity: 4000, total: 11729,
		notes: []string{
			"Le taux contractuel de 13,00 % est inférieur au plancher légal de 15,21 % (3 × le taux d'intérêt " +
				"légal du 1er semestre 2024) : le plancher s'applique.",
			"Le retard s'étend sur plusieurs semestres, chaque période à son propre taux : " +
				"du 22/12/2023 au 31/12/2023 (10 jours) à 13,00 % ; du 01/01/2024 au 10/01/2024 (10 jours) à 15,21 %.",
		},
	},
	{
		// 36 500 × 1450 × 1 / 3 650 000 = 14,5 exactly → 15.
		name: "exact half cent rounds up", amount: 36500, due: "2024-03-31", paid: "2024-04-01",
		days: 1, rateBP: 1450, parts: []penaltyPartWant{{"2024-04-01", "2024-04-01", 1, 1450}},
		interest: 15, indemnity: 4000, total: 4015,
	},
	{
		// 36 500 × 1450 × 3 / 3 650 000 = 43,5 exactly → 44.
		name: "exact half cent over three days", amount: 36500, due: "2024-03-31", paid: "2024-04-03",
		days: 3, rateBP: 1450, parts: []penaltyPartWant{{"2024-04-01", "2024-04-03", 3, 1450}},
		interest: 44, indemnity: 4000, total: 4044,
	},
	{
		// 1000 × 1825 / 3 650 000 = 0,5 exactly → 1; 999 gives 0,4995 → 0.
		name: "half cent on a contract rate", amount: 1000, due: "2025-03-31", paid: "2025-04-01", contractBP: 1825,
		days: 1, rateBP: 1825, parts: []penaltyPartWant{{"2025-04-01", "2025-04-01", 1, 1825}},
		interest: 1, indemnity: 4000, total: 4001,
	},
	{
		name: "just under half a cent", amount: 999, due: "2025-03-31", paid: "2025-04-01", contractBP: 1825,
		days: 1, rateBP: 1825, parts: []penaltyPartWant{{"2025-04-01", "2025-04-01", 1, 1825}},
		interest: 0, indemnity: 4000, total: 4000,
	},
	{
		// Parts worth 0,36 and 0,33 cent: rounded apart they give 0, the exact sum 0,69 gives 1.
		name: "rounded once, not per part", amount: 1000, due: "2025-06-29", paid: "2025-07-01",
		days: 2, rateBP: 1265,
		parts:    []penaltyPartWant{{"2025-06-30", "2025-06-30", 1, 1315}, {"2025-07-01", "2025-07-01", 1, 1215}},
		interest: 1, indemnity: 4000, total: 4001,
		notes: []string{"Le retard s'étend sur plusieurs semestres, chaque période à son propre taux : " +
			"du 30/06/2025 au 30/06/2025 (1 jour) à 13,15 % ; du 01/07/2025 au 01/07/2025 (1 jour) à 12,15 %."},
	},
	{
		// 40 € per invoice even when the interest is nothing.
		name: "indemnity on a one-cent invoice", amount: 1, due: "2025-03-31", paid: "2025-05-30",
		days: 60, rateBP: 1315, parts: []penaltyPartWant{{"2025-04-01", "2025-05-30", 60, 1315}},
		interest: 0, indemnity: 4000, total: 4000,
	},
	{
		// 10¹⁵ cents × 1315 × 60 overflows int64 before the division: 21 616 438 356 164,38.
		name: "large amount", amount: 1_000_000_000_000_000, due: "2025-03-31", paid: "2025-05-30",
		days: 60, rateBP: 1315, parts: []penaltyPartWant{{"2025-04-01", "2025-05-30", 60, 1315}},
		interest: 21616438356164, indemnity: 4000, total: 21616438360164,
	},
	{
		name: "credit note", amount: -50000, due: "2025-03-31", paid: "2025-05-30",
	},
	{
		name: "zero amount", amount: 0, due: "2025-03-31", paid: "2025-05-30",
	},
	{
		// No rate needed, so a semester missing from the table does not matter.
		name: "credit note in an unknown semester", amount: -50000, due: "2027-03-31", paid: "2027-05-30",
	},
}

func TestPenaltyCompute(t *testing.T) {
	resources.SetLanguage("fr")
	rates := ShippedRates()
	for _, c := range penaltyCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ComputePenalty(PenaltyInput{Amount: c.amount, Due: penaltyDate(t, c.due),
				Paid: penaltyDate(t, c.paid), ContractBP: c.contractBP}, rates)
			if err != nil {
				t.Fatalf("ComputePenalty: %v", err)
			}
			var parts []PenaltyPart
			for _, p := range c.parts {
				parts = append(parts, PenaltyPart{From: penaltyDate(t, p.from), To: penaltyDate(t, p.to), Days: p.days, RateBP: p.bp})
			}
			var notes []string
			for _, n := range c.notes {
				notes = append(notes, penaltyNBSP(n))
			}
			want := Penalty{DaysLate: c.days, RateBP: c.rateBP, Parts: parts, Interest: c.interest,
				Indemnity: c.indemnity, Total: c.total, Notes: notes}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestPenaltyMissingSemester(t *testing.T) {
	resources.SetLanguage("fr")
	t.Cleanup(func() { resources.SetLanguage("fr") })
	for _, c := range []struct {
		due, paid string
		want      []string
	}{
		{"2027-01-31", "2027-03-01", []string{"2027-S1"}},
		{"2026-06-15", "2027-01-10", []string{"2026-S2", "2027-S1"}},
		{"2022-12-15", "2023-01-15", []string{"2022-S2"}},
	} {
		for _, contract := range []int{0, 2000} { // a contract rate still needs the semester's floor
			_, err := ComputePenalty(PenaltyInput{Amount: 100000, Due: penaltyDate(t, c.due), Paid: penaltyDate(t, c.paid),
				ContractBP: contract}, ShippedRates())
			var mre *MissingRateError
			if !errors.As(err, &mre) {
				t.Fatalf("%s → %s: error %v, want *MissingRateError", c.due, c.paid, err)
			}
			if !reflect.DeepEqual(mre.Semesters, c.want) {
				t.Errorf("%s → %s: semesters %v, want %v", c.due, c.paid, mre.Semesters, c.want)
			}
		}
	}

	err := &MissingRateError{Semesters: []string{"2026-S2", "2027-S1"}}
	msg := err.Error()
	for _, part := range []string{"2nd semestre 2026 (2026-S2), 1er semestre 2027 (2027-S1)", "Banque de France", "Journal officiel",
		"taux d'intérêt légal", "BCE"} {
		if !strings.Contains(msg, part) {
			t.Errorf("French message %q lacks %q", msg, part)
		}
	}
	resources.SetLanguage("en")
	msg = err.Error()
	for _, part := range []string{"second half of 2026 (2026-S2), first half of 2027 (2027-S1)", "Banque de France", "Journal officiel"} {
		if !strings.Contains(msg, part) {
			t.Errorf("English message %q lacks %q", msg, part)
		}
	}
}

func TestPenaltyBadInput(t *testing.T) {
	resources.SetLanguage("fr")
	due, paid := penaltyDate(t, "2025-03-31"), penaltyDate(t, "2025-05-30")
	for _, c := range []struct {
		name string
		in   PenaltyInput
		want string
	}{
		{"no due date", PenaltyInput{Amount: 100, Paid: paid}, "date d'échéance"},
		{"no payment date", PenaltyInput{Amount: 100, Due: due}, "date de paiement"},
		{"negative contract rate", PenaltyInput{Amount: 100, Due: due, Paid: paid, ContractBP: -1}, "négatif"},
		// 1000 % a year for 60 days is 1,64 times the amount: beyond int64 cents.
		{"interest beyond int64", PenaltyInput{Amount: math.MaxInt64, Due: due, Paid: paid, ContractBP: 100000}, "trop élevé"},
	} {
		_, err := ComputePenalty(c.in, ShippedRates())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestPenaltyRatesFor(t *testing.T) {
	rates := ShippedRates()
	for _, c := range []struct {
		date string
		want SemesterRate
		ok   bool
	}{
		{"2023-01-01", SemesterRate{"2023-S1", 250, 1250, 206, 618, false}, true},
		{"2025-06-30", SemesterRate{"2025-S1", 315, 1315, 371, 1113, false}, true},
		{"2025-07-01", SemesterRate{"2025-S2", 215, 1215, 276, 828, false}, true},
		{"2026-06-30", SemesterRate{"2026-S1", 215, 1215, 262, 786, true}, true},
		{"2022-12-31", SemesterRate{}, false},
		{"2026-07-01", SemesterRate{}, false},
	} {
		got, ok := rates.For(penaltyDate(t, c.date))
		if got != c.want || ok != c.ok {
			t.Errorf("For(%s) = %+v, %v; want %+v, %v", c.date, got, ok, c.want, c.ok)
		}
	}
}

func TestPenaltyUserRatesMerged(t *testing.T) {
	resources.SetLanguage("fr")
	// The user confirms 2026-S1 (dropping "verify") and adds 2026-S2, giving one rate of each
	// pair: the other is derived.
	user := penaltyLoad(t, `{"semesters": [
		{"semester": "2026-S1", "ecb_bp": 215, "legal_bp": 262},
		{"semester": "2026-S2", "default_bp": 1200, "floor_bp": 750}
	]}`)
	shipped := ShippedRates()
	merged := shipped.Merge(user)

	for _, c := range []struct {
		tbl  RateTable
		date string
		want SemesterRate
		ok   bool
	}{
		{merged, "2026-03-01", SemesterRate{"2026-S1", 215, 1215, 262, 786, false}, true},
		{merged, "2026-09-01", SemesterRate{"2026-S2", 200, 1200, 250, 750, false}, true},
		{merged, "2024-09-01", SemesterRate{"2024-S2", 425, 1425, 492, 1476, false}, true},
		{shipped, "2026-03-01", SemesterRate{"2026-S1", 215, 1215, 262, 786, true}, true}, // Merge copies
		{shipped, "2026-09-01", SemesterRate{}, false},
	} {
		got, ok := c.tbl.For(penaltyDate(t, c.date))
		if got != c.want || ok != c.ok {
			t.Errorf("For(%s) = %+v, %v; want %+v, %v", c.date, got, ok, c.want, c.ok)
		}
	}

	// 1 000 000 × (1215 × 10 + 1200 × 10) / 3 650 000 = 6 616,44; rate 1207,5 → 1208.
	in := PenaltyInput{Amount: 1000000, Due: penaltyDate(t, "2026-06-20"), Paid: penaltyDate(t, "2026-07-10")}
	got, err := ComputePenalty(in, merged)
	if err != nil {
		t.Fatal(err)
	}
	if got.Interest != 6616 || got.Total != 10616 || got.RateBP != 1208 || len(got.Parts) != 2 || len(got.Notes) != 1 {
		t.Errorf("merged rates: %+v", got)
	}
	if _, err := ComputePenalty(in, shipped); !errors.As(err, new(*MissingRateError)) {
		t.Errorf("shipped rates alone: error %v, want *MissingRateError", err)
	}
}

func TestPenaltyLoadRates(t *testing.T) {
	resources.SetLanguage("fr")
	// The ECB rate was 0 from 2016 to 2022: a real rate, not a missing one.
	tbl := penaltyLoad(t, `{"source": "x", "semesters": [{"semester": "2021-S1", "ecb_bp": 0, "legal_bp": 79}]}`)
	if got, ok := tbl.For(civil.New(2021, time.March, 1)); !ok || got != (SemesterRate{"2021-S1", 0, 1000, 79, 237, false}) {
		t.Errorf("ECB at 0: %+v %v", got, ok)
	}
	for _, c := range []struct{ name, js, want string }{
		{"not JSON", `{"semesters": [`, "illisible"},
		{"misspelt key", `{"semesters": [{"semester": "2027-S1", "ecb": 200, "legal_bp": 250}]}`, "illisible"},
		{"third semester", `{"semesters": [{"semester": "2027-S3", "ecb_bp": 200, "legal_bp": 250}]}`, "« 2027-S3 »"},
		{"short year", `{"semesters": [{"semester": "27-S1", "ecb_bp": 200, "legal_bp": 250}]}`, "« 27-S1 »"},
		{"twice", `{"semesters": [{"semester": "2027-S1", "ecb_bp": 200, "legal_bp": 250},
			{"semester": "2027-S1", "ecb_bp": 210, "legal_bp": 250}]}`, "deux fois"},
		{"no ECB nor default", `{"semesters": [{"semester": "2027-S1", "legal_bp": 250}]}`, "2027-S1"},
		{"no legal nor floor", `{"semesters": [{"semester": "2027-S1", "ecb_bp": 200}]}`, "2027-S1"},
		{"negative", `{"semesters": [{"semester": "2027-S1", "ecb_bp": -50, "default_bp": 950, "legal_bp": 250}]}`, "négatif"},
		{"default not ECB + 10", `{"semesters": [{"semester": "2027-S1", "ecb_bp": 200, "default_bp": 1300, "legal_bp": 250}]}`,
			penaltyNBSP("(13,00 %) doit valoir le taux BCE (2,00 %)")},
		{"floor not 3 × legal", `{"semesters": [{"semester": "2027-S1", "ecb_bp": 200, "legal_bp": 250, "floor_bp": 700}]}`,
			penaltyNBSP("(7,00 %) doit valoir 3 fois le taux d'intérêt légal (2,50 %)")},
		{"floor not divisible by 3", `{"semesters": [{"semester": "2027-S1", "ecb_bp": 200, "floor_bp": 701}]}`, "plancher"},
	} {
		_, err := LoadRates(strings.NewReader(c.js))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestPenaltyFormatRateBP(t *testing.T) {
	for bp, want := range map[int]string{1215: "12,15 %", 500: "5,00 %", 7: "0,07 %", 0: "0,00 %", 10000: "100,00 %", -25: "-0,25 %"} {
		if got := FormatRateBP(bp); got != penaltyNBSP(want) {
			t.Errorf("FormatRateBP(%d) = %q, want %q", bp, got, penaltyNBSP(want))
		}
	}
}

func BenchmarkPenaltyThreeSemesters(b *testing.B) {
	rates := ShippedRates()
	in := PenaltyInput{Amount: 500000, Due: penaltyDate(b, "2024-05-31"), Paid: penaltyDate(b, "2025-02-28")}
	for b.Loop() {
		if _, err := ComputePenalty(in, rates); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPenaltyOneSemester(b *testing.B) {
	rates := ShippedRates()
	in := PenaltyInput{Amount: 1000000, Due: penaltyDate(b, "2025-03-31"), Paid: penaltyDate(b, "2025-05-30")}
	for b.Loop() {
		if _, err := ComputePenalty(in, rates); err != nil {
			b.Fatal(err)
		}
	}
}
