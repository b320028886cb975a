package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"encaisse/data"
	"encaisse/data/money"
	"encaisse/dunning"
	"encaisse/resources"
)

func init() { register("penalty", cmdPenalty) }

// penaltyJSON is the machine-read result of the penalty command.
type penaltyJSON struct {
	DaysLate       int         `json:"days_late"`
	RatePct        json.Number `json:"rate_pct"` // a number written with two decimals: 12.15
	InterestCents  money.Cents `json:"interest_cents"`
	IndemnityCents money.Cents `json:"indemnity_cents"`
	TotalCents     money.Cents `json:"total_cents"`
	Notes          []string    `json:"notes"`
}

// cmdPenalty computes the late-payment penalties of one invoice from the shipped rate
// table and the semesters entered with "rates set" in the ledger, when there is one. It
// never creates a ledger, so it works before any import.
func cmdPenalty(ctx context.Context, env Env, args []string) error {
	fs := newFlags("penalty", env)
	amountText := fs.String("amount", "", resources.T("penalty.flag.amount"))
	dueText := fs.String("due", "", resources.T("penalty.flag.due"))
	paidText := fs.String("paid", "", resources.T("penalty.flag.paid"))
	rateText := fs.String("rate", "", resources.T("penalty.flag.rate"))
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *amountText == "" || *dueText == "" || *paidText == "" {
		return usageError{resources.T("penalty.usage")}
	}
	amount, err := money.Parse(*amountText)
	if err != nil {
		return usageError{resources.T("penalty.bad_amount", map[string]any{"Value": *amountText})}
	}
	due, err := parseDate(*dueText, 0)
	if err != nil {
		return err
	}
	paid, err := parseDate(*paidText, 0)
	if err != nil {
		return err
	}
	contractBP := 0
	if *rateText != "" {
		bp, ok := penaltyParseRate(*rateText)
		if !ok {
			return usageError{resources.T("penalty.bad_rate", map[string]any{"Value": *rateText})}
		}
		contractBP = bp
	}

	rates, err := ledgerRates(ctx, env)
	if err != nil {
		return err
	}
	p, err := dunning.ComputePenalty(dunning.PenaltyInput{Amount: amount, Due: due, Paid: paid, ContractBP: contractBP}, rates)
	if err != nil {
		// dunning's errors are translated sentences (a missing semester says where rates are published).
		msg := err.Error()
		var missing *dunning.MissingRateError
		if errors.As(err, &missing) {
			msg += " " + resources.T("rates.how", map[string]any{"Semester": missing.Semesters[0]})
		}
		return &data.UserError{Msg: msg, Err: err}
	}
	if *asJSON {
		notes := p.Notes
		if notes == nil {
			notes = []string{}
		}
		return writeJSON(env.Stdout, penaltyJSON{DaysLate: p.DaysLate,
			RatePct:       json.Number(fmt.Sprintf("%d.%02d", p.RateBP/100, p.RateBP%100)),
			InterestCents: p.Interest, IndemnityCents: p.Indemnity, TotalCents: p.Total, Notes: notes})
	}
	if p.DaysLate == 0 {
		fmt.Fprintln(env.Stdout, resources.T("penalty.not_late"))
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", resources.T("penalty.col.from"), resources.T("penalty.col.to"),
		resources.T("penalty.col.days"), resources.T("penalty.col.rate"))
	for _, part := range p.Parts {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t\n", part.From.French(), part.To.French(), part.Days, dunning.FormatRateBP(part.RateBP))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout)
	rateLabel := "penalty.sum.rate"
	for _, part := range p.Parts {
		if part.RateBP != p.Parts[0].RateBP {
			rateLabel = "penalty.sum.rate_avg" // the parts' rates differ: RateBP is their average
		}
	}
	tw = tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, row := range [][2]string{
		{resources.T("penalty.sum.days"), strconv.Itoa(p.DaysLate)},
		{resources.T(rateLabel), dunning.FormatRateBP(p.RateBP)},
		{resources.T("penalty.sum.interest"), money.FormatCurrency(p.Interest, "EUR")},
		{resources.T("penalty.sum.indemnity"), money.FormatCurrency(p.Indemnity, "EUR")},
		{resources.T("penalty.sum.total"), money.FormatCurrency(p.Total, "EUR")},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range p.Notes {
		fmt.Fprintln(env.Stdout, "  ! "+n)
	}
	return nil
}

// penaltyParseRate reads a positive annual percentage such as "8", "12,5", "12.15" or
// "7,86 %" into basis points. More than two decimals is refused rather than rounded: a
// contract rate is written to the hundredth. Zero is refused too, since ContractBP 0 means
// "no contractual rate" and would silently apply the default rate.
func penaltyParseRate(s string) (int, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, _ := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	if whole == "" || len(whole) > 4 || len(frac) > 2 || !penaltyDigits(whole) || !penaltyDigits(frac) {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi(frac)
	bp := w*100 + f
	return bp, bp > 0
}

func penaltyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
