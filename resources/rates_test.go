package resources

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// ratesFile mirrors the shape of rates/late_payment.json.
type ratesFile struct {
	Source    string `json:"source"`
	Semesters []struct {
		Semester  string `json:"semester"`
		ECBBP     *int   `json:"ecb_bp"`
		DefaultBP *int   `json:"default_bp"`
		LegalBP   *int   `json:"legal_bp"`
		FloorBP   *int   `json:"floor_bp"`
		Verify    bool   `json:"verify"`
	} `json:"semesters"`
}

func TestLatePaymentRatesShipped(t *testing.T) {
	dec := json.NewDecoder(bytes.NewReader(LatePaymentRates()))
	dec.DisallowUnknownFields()
	var f ratesFile
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("embedded late_payment.json: %v", err)
	}
	for _, where := range []string{"Banque de France", "Journal officiel"} {
		if !strings.Contains(f.Source, where) {
			t.Errorf("source note %q does not say the rates are published by %s", f.Source, where)
		}
	}
	// Figures from the table in domain.md, in basis points.
	want := []struct {
		semester               string
		ecb, def, legal, floor int
		verify                 bool
	}{
		{"2023-S1", 250, 1250, 206, 618, false},
		{"2023-S2", 400, 1400, 422, 1266, false},
		{"2024-S1", 450, 1450, 507, 1521, false},
		{"2024-S2", 425, 1425, 492, 1476, false},
		{"2025-S1", 315, 1315, 371, 1113, false},
		{"2025-S2", 215, 1215, 276, 828, false},
		{"2026-S1", 215, 1215, 262, 786, true},
	}
	if len(f.Semesters) != len(want) {
		t.Fatalf("%d semesters, want %d", len(f.Semesters), len(want))
	}
	for i, w := range want {
		s := f.Semesters[i]
		if s.ECBBP == nil || s.DefaultBP == nil || s.LegalBP == nil || s.FloorBP == nil {
			t.Errorf("%s: a rate is missing: %+v", s.Semester, s)
			continue
		}
		if s.Semester != w.semester || *s.ECBBP != w.ecb || *s.DefaultBP != w.def || *s.LegalBP != w.legal ||
			*s.FloorBP != w.floor || s.Verify != w.verify {
			t.Errorf("entry %d = %s ecb %d default %d legal %d floor %d verify %v, want %+v",
				i, s.Semester, *s.ECBBP, *s.DefaultBP, *s.LegalBP, *s.FloorBP, s.Verify, w)
		}
		// The two rules of the law hold on every line, whatever the figures.
		if *s.DefaultBP != *s.ECBBP+1000 {
			t.Errorf("%s: default %d ≠ ECB %d + 1000", s.Semester, *s.DefaultBP, *s.ECBBP)
		}
		if *s.FloorBP != 3**s.LegalBP {
			t.Errorf("%s: floor %d ≠ 3 × legal %d", s.Semester, *s.FloorBP, *s.LegalBP)
		}
	}
}

func TestLatePaymentRatesIsACopy(t *testing.T) {
	b := LatePaymentRates()
	b[0] = 'x'
	if LatePaymentRates()[0] != '{' {
		t.Fatal("a caller changed the embedded rate table")
	}
}
