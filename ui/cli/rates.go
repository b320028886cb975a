package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"encaisse/dunning"
	"encaisse/resources"
)

func init() { register("rates", cmdRates) }

// ledgerRates is the rate table of the ledger at env.DB, or the shipped one when the file
// does not exist (it is not created for that).
func ledgerRates(ctx context.Context, env Env) (dunning.RateTable, error) {
	if _, err := os.Stat(env.DB); errors.Is(err, os.ErrNotExist) {
		return dunning.ShippedRates(), nil
	}
	l, err := open(env)
	if err != nil {
		return dunning.RateTable{}, err
	}
	defer l.Close()
	return l.LateRates(ctx)
}

type rateJSON struct {
	Semester  string `json:"semester"`
	ECBBP     int    `json:"ecb_bp"`
	DefaultBP int    `json:"default_bp"`
	LegalBP   int    `json:"legal_bp"`
	FloorBP   int    `json:"floor_bp"`
	Verify    bool   `json:"verify"`
}

// cmdRates lists the late-payment rates per semester, or with "set" records a semester's
// published rates: encaisse rates set 2026-S2 --ecb 2,15 --legal 2,73.
func cmdRates(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 && args[0] == "set" {
		return cmdRatesSet(ctx, env, args[1:])
	}
	fs := newFlags("rates", env)
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	if err := parse(fs, args); err != nil {
		return err
	}
	t, err := ledgerRates(ctx, env)
	if err != nil {
		return err
	}
	list := t.Semesters()
	if *asJSON {
		out := make([]rateJSON, 0, len(list))
		for _, r := range list {
			out = append(out, rateJSON{r.Semester, r.ECBBP, r.DefaultBP, r.LegalBP, r.FloorBP, r.Verify})
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, resources.T("rates.header")+"\t")
	for _, r := range list {
		mark := ""
		if r.Verify {
			mark = resources.T("rates.verify")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Semester, dunning.FormatRateBP(r.ECBBP), dunning.FormatRateBP(r.DefaultBP),
			dunning.FormatRateBP(r.LegalBP), dunning.FormatRateBP(r.FloorBP), mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	next := env.Today
	if _, ok := t.For(next); !ok {
		fmt.Fprintln(env.Stdout, resources.T("rates.missing_now", map[string]any{"Date": next.French()}))
	}
	return nil
}

func cmdRatesSet(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		return usageError{resources.T("rates.usage")}
	}
	semester := args[0]
	fs := newFlags("rates set", env)
	ecb := fs.String("ecb", "", resources.T("rates.flag.ecb"))
	legal := fs.String("legal", "", resources.T("rates.flag.legal"))
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *ecb == "" || *legal == "" {
		return usageError{resources.T("rates.usage")}
	}
	ecbBP, ok := penaltyParseRateOrZero(*ecb)
	if !ok {
		return usageError{resources.T("penalty.bad_rate", map[string]any{"Value": *ecb})}
	}
	legalBP, ok := penaltyParseRateOrZero(*legal)
	if !ok {
		return usageError{resources.T("penalty.bad_rate", map[string]any{"Value": *legal})}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := l.SetLateRate(ctx, semester, ecbBP, legalBP); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("rates.done", map[string]any{"Semester": semester,
		"Default": dunning.FormatRateBP(ecbBP + 1000), "Floor": dunning.FormatRateBP(3 * legalBP)}))
	return nil
}

// penaltyParseRateOrZero reads a published rate, which unlike a contract rate may be 0 %
// (the ECB rate was, from 2016 to 2022).
func penaltyParseRateOrZero(s string) (int, bool) {
	if bp, ok := penaltyParseRate(s); ok {
		return bp, true
	}
	t := s
	for _, z := range []string{"0", "0,0", "0.0", "0,00", "0.00"} {
		if t == z {
			return 0, true
		}
	}
	return 0, false
}
