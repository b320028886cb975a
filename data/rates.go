package data

import (
	"bytes"
	"context"
	"encoding/json"

	"encaisse/dunning"
)

// settingLateRates holds the semesters the user entered, in the shipped file's shape.
const settingLateRates = "rates.late_payment"

type userRate struct {
	Semester string `json:"semester"`
	ECBBP    int    `json:"ecb_bp"`
	LegalBP  int    `json:"legal_bp"`
}

type userRates struct {
	Semesters []userRate `json:"semesters"`
}

func (l *Ledger) userRates(ctx context.Context) (userRates, error) {
	var u userRates
	raw, err := l.Setting(ctx, settingLateRates, "")
	if err != nil || raw == "" {
		return u, err
	}
	return u, json.Unmarshal([]byte(raw), &u)
}

// LateRates is the late-payment rate table in force for this ledger: the shipped semesters,
// completed or corrected by those the user entered.
func (l *Ledger) LateRates(ctx context.Context) (dunning.RateTable, error) {
	u, err := l.userRates(ctx)
	if err != nil {
		return dunning.RateTable{}, err
	}
	raw, _ := json.Marshal(u)
	user, err := dunning.LoadRates(bytes.NewReader(raw))
	if err != nil {
		return dunning.RateTable{}, &UserError{Msg: err.Error(), Err: err}
	}
	return dunning.ShippedRates().Merge(user), nil
}

// SetLateRate records a semester's rates as published (the ECB main refinancing rate on its
// first day and the legal interest rate for professionals), in basis points; the default
// rate (ECB + 10 points) and the floor (3 × legal) follow from them.
func (l *Ledger) SetLateRate(ctx context.Context, semester string, ecbBP, legalBP int) error {
	u, err := l.userRates(ctx)
	if err != nil {
		return err
	}
	kept := u.Semesters[:0]
	for _, r := range u.Semesters {
		if r.Semester != semester {
			kept = append(kept, r)
		}
	}
	u.Semesters = append(kept, userRate{semester, ecbBP, legalBP})
	raw, _ := json.Marshal(u)
	if _, err := dunning.LoadRates(bytes.NewReader(raw)); err != nil {
		return &UserError{Msg: err.Error(), Err: err}
	}
	return l.SetSetting(ctx, settingLateRates, string(raw))
}
