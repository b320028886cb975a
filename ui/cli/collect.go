package cli

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/dunning"
	"encaisse/resources"
)

// The commands of the rules of collection: aged balance, DSO, the agenda, the call queue,
// promises, disputes, forecast and risk.
func init() {
	register("aging", cmdAging)
	register("dso", cmdDSO)
	register("agenda", cmdAgenda)
	register("calls", cmdCalls)
	register("promise", cmdPromise)
	register("dispute", cmdDispute)
	register("forecast", cmdForecast)
	register("risk", cmdRisk)
	register("record", cmdRecord)
}

// loadBook reads the ledger for a command that only prints: the damage check runs while
// the ledger is read, and nothing is printed from a damaged file.
func loadBook(ctx context.Context, env Env, history bool) (*dunning.Book, error) {
	l, err := data.Open(env.DB, data.Options{CheckAlongside: true})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	b, err := l.LoadBook(ctx, data.BookOptions{History: history})
	if cerr := l.Check(); cerr != nil {
		return nil, cerr
	}
	return b, err
}

// report holds what the reading commands share: a date flag defaulting to today, and --json.
type report struct {
	fs     *flag.FlagSet
	date   *string
	asJSON *bool
}

func newReport(env Env, name, dateFlag, dateHelp string) *report {
	fs := newFlags(name, env)
	return &report{fs: fs, date: fs.String(dateFlag, "", resources.T(dateHelp)),
		asJSON: fs.Bool("json", false, resources.T("cli.flag.json"))}
}

// parse reads the arguments and returns the date asked for.
func (r *report) parse(env Env, args []string) (civil.Date, error) {
	if err := parse(r.fs, args); err != nil {
		return 0, err
	}
	return parseDate(*r.date, env.Today)
}

// mainCurrency is the block to print first: euros when the ledger has any.
func mainCurrency[T any](list []T, code func(T) string) (T, []T) {
	var zero T
	if len(list) == 0 {
		return zero, nil
	}
	for i, v := range list {
		if code(v) == "EUR" {
			rest := append(append([]T{}, list[:i]...), list[i+1:]...)
			return v, rest
		}
	}
	return list[0], list[1:]
}

type agingBlockJSON struct {
	Currency   string                 `json:"currency"`
	TotalCents money.Cents            `json:"total_cents"`
	Buckets    map[string]money.Cents `json:"buckets"`
	Customers  []agingLineJSON        `json:"customers"`
	Segments   []agingLineJSON        `json:"segments"`
}

type agingLineJSON struct {
	Code       string                 `json:"code,omitempty"`
	Segment    *string                `json:"segment,omitempty"`
	Name       string                 `json:"name,omitempty"`
	TotalCents money.Cents            `json:"total_cents"`
	Buckets    map[string]money.Cents `json:"buckets"`
}

type agingJSON struct {
	AsOf  civil.Date `json:"as_of"`
	Basis string     `json:"basis"`
	agingBlockJSON
	OtherCurrencies []agingBlockJSON `json:"other_currencies,omitempty"`
}

func parseEdges(s string) (dunning.Buckets, error) {
	if s == "" {
		return dunning.DefaultBuckets(), nil
	}
	var b dunning.Buckets
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return b, usageError{resources.T("cli.bad_edges", map[string]any{"Value": s})}
		}
		b.Edges = append(b.Edges, n)
	}
	if err := b.Validate(); err != nil {
		return b, usageError{err.Error()}
	}
	return b, nil
}

func cmdAging(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "aging", "as-of", "cli.flag.as_of")
	edges := rep.fs.String("edges", "", resources.T("cli.flag.edges"))
	byIssue := rep.fs.Bool("by-invoice-date", false, resources.T("cli.flag.by_invoice_date"))
	disputes := rep.fs.Bool("disputes", false, resources.T("cli.flag.aging_disputes"))
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	buckets, err := parseEdges(*edges)
	if err != nil {
		return err
	}
	opt := dunning.AgingOptions{Buckets: buckets, Basis: dunning.AgeByDue}
	if *byIssue {
		opt.Basis = dunning.AgeByIssue
	}
	b, err := loadBook(ctx, env, day.Before(env.Today))
	if err != nil {
		return err
	}
	a := dunning.Age(b.Items, b.Customers, day, opt)
	if *disputes {
		a = dunning.AgeDisputes(b.Items, b.Disputes, day, opt)
	}
	if a.Err != nil {
		return usageError{a.Err.Error()}
	}
	line := func(l dunning.AgingLine) map[string]money.Cents {
		m := map[string]money.Cents{}
		for i, bk := range a.Buckets {
			m[bk.Key] = l.Amounts[i]
		}
		return m
	}
	block := func(c dunning.AgingCurrency) agingBlockJSON {
		out := agingBlockJSON{Currency: c.Currency, TotalCents: c.Total.Open, Buckets: line(c.Total),
			Customers: []agingLineJSON{}, Segments: []agingLineJSON{}}
		for _, l := range c.Customers {
			out.Customers = append(out.Customers, agingLineJSON{Code: l.Key, Name: l.Name, TotalCents: l.Open, Buckets: line(l)})
		}
		for _, l := range c.Segments {
			seg := l.Key
			out.Segments = append(out.Segments, agingLineJSON{Segment: &seg, TotalCents: l.Open, Buckets: line(l)})
		}
		return out
	}
	main, rest := mainCurrency(a.Currencies, func(c dunning.AgingCurrency) string { return c.Currency })
	if main.Currency == "" {
		main.Currency = "EUR"
		main.Total.Amounts = make([]money.Cents, len(a.Buckets))
	}
	if *rep.asJSON {
		out := agingJSON{AsOf: day, Basis: string(opt.Basis), agingBlockJSON: block(main)}
		for _, c := range rest {
			out.OtherCurrencies = append(out.OtherCurrencies, block(c))
		}
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.aging.title", map[string]any{"Date": day.French()}))
	for _, c := range append([]dunning.AgingCurrency{main}, rest...) {
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, resources.T("cli.col.code")+"\t"+resources.T("cli.col.name")+"\t")
		for _, bk := range a.Buckets {
			fmt.Fprint(tw, bk.Label+"\t")
		}
		fmt.Fprintln(tw, resources.T("cli.col.total")+"\t")
		row := func(code, name string, l dunning.AgingLine) {
			fmt.Fprintf(tw, "%s\t%s\t", code, name)
			for _, v := range l.Amounts {
				fmt.Fprint(tw, money.FormatCurrency(v, c.Currency)+"\t")
			}
			fmt.Fprintln(tw, money.FormatCurrency(l.Open, c.Currency)+"\t")
		}
		for _, l := range c.Customers {
			row(l.Key, l.Name, l)
		}
		row("", resources.T("cli.col.total"), c.Total)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// dsoDays is a DSO figure with exactly two decimals in the JSON.
type dsoDays float64

func (d dsoDays) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(math.Round(float64(d)*100)/100, 'f', 2, 64)), nil
}

type dsoJSON struct {
	Method      string      `json:"method"`
	AsOf        civil.Date  `json:"as_of"`
	Months      int         `json:"months"`
	Days        dsoDays     `json:"days"`
	Complete    bool        `json:"complete"`
	Reason      string      `json:"reason"`
	Currency    string      `json:"currency"`
	OpenCents   money.Cents `json:"open_cents"`
	SalesCents  money.Cents `json:"sales_cents"`
	PeriodStart civil.Date  `json:"period_start"`
	PeriodDays  int         `json:"period_days"`
}

func cmdDSO(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "dso", "as-of", "cli.flag.as_of")
	method := rep.fs.String("method", "countback", resources.T("cli.flag.dso_method"))
	months := rep.fs.Int("months", 3, resources.T("cli.flag.months"))
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	m := dunning.Method(*method)
	if m != dunning.MethodCountBack && m != dunning.MethodSimple {
		return usageError{resources.T("cli.bad_method", map[string]any{"Value": *method})}
	}
	if *months < 1 || *months > 24 {
		return usageError{resources.T("cli.bad_months", map[string]any{"Value": *months})}
	}
	b, err := loadBook(ctx, env, true)
	if err != nil {
		return err
	}
	results := dunning.DSO(b.Items, day, *months, m, b.SalesFrom)
	main, rest := mainCurrency(results, func(r dunning.DSOResult) string { return r.Currency })
	if main.Currency == "" {
		// No item at all: the DSO of an empty ledger has no sales behind it.
		main = dunning.DSO([]dunning.Item{{Currency: "EUR", Kind: dunning.Invoice}}, day, *months, m, b.SalesFrom)[0]
	}
	toJSON := func(r dunning.DSOResult) dsoJSON {
		return dsoJSON{Method: string(r.Method), AsOf: r.AsOf, Months: r.Months, Days: dsoDays(r.Days), Complete: r.Complete,
			Reason: r.Reason, Currency: r.Currency, OpenCents: r.Open, SalesCents: r.Sales, PeriodStart: r.PeriodStart, PeriodDays: r.PeriodDays}
	}
	if *rep.asJSON {
		if len(rest) == 0 {
			return writeJSON(env.Stdout, toJSON(main))
		}
		out := struct {
			dsoJSON
			Other []dsoJSON `json:"other_currencies"`
		}{dsoJSON: toJSON(main)}
		for _, r := range rest {
			out.Other = append(out.Other, toJSON(r))
		}
		return writeJSON(env.Stdout, out)
	}
	for _, r := range append([]dunning.DSOResult{main}, rest...) {
		if !r.Complete {
			fmt.Fprintln(env.Stdout, resources.T("cli.dso.incomplete", map[string]any{"Method": r.Method.Label(), "Reason": r.Reason}))
			continue
		}
		fmt.Fprintln(env.Stdout, resources.T("cli.dso.result", map[string]any{"Method": r.Method.Label(),
			"Days": strings.Replace(strconv.FormatFloat(r.Days, 'f', 2, 64), ".", ",", 1), "Months": r.Months,
			"Date": r.AsOf.French(), "Open": money.FormatCurrency(r.Open, r.Currency), "Sales": money.FormatCurrency(r.Sales, r.Currency)}))
	}
	return nil
}

type proposalJSON struct {
	Customer       string      `json:"customer"`
	Name           string      `json:"name"`
	Scenario       string      `json:"scenario"`
	Step           string      `json:"step"`
	Channel        string      `json:"channel"`
	Also           []string    `json:"also,omitempty"`
	Template       string      `json:"template"`
	Validate       bool        `json:"validate"`
	Currency       string      `json:"currency"`
	OverdueCents   money.Cents `json:"overdue_cents"`
	OldestDaysLate int         `json:"oldest_days_late"`
	Invoices       []string    `json:"invoices"`
	Credits        []string    `json:"credits,omitempty"`
	Reason         string      `json:"reason"`
	BrokenPromise  bool        `json:"broken_promise,omitempty"`
}

func toProposalJSON(p dunning.Proposal) proposalJSON {
	out := proposalJSON{Customer: p.Customer, Name: p.CustomerName, Scenario: p.Scenario, Step: p.Step, Channel: string(p.Channel),
		Template: p.Template, Validate: p.Validate, Currency: p.Currency, OverdueCents: p.Overdue,
		OldestDaysLate: p.OldestDaysLate, Invoices: p.Invoices, Credits: p.Credits, Reason: p.Reason, BrokenPromise: p.BrokenPromise}
	for _, a := range p.Also {
		out.Also = append(out.Also, string(a))
	}
	if out.Invoices == nil {
		out.Invoices = []string{}
	}
	return out
}

func warn(env Env, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(env.Stderr, resources.T("cli.warning", map[string]any{"Text": w}))
	}
}

func cmdAgenda(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "agenda", "date", "cli.flag.date")
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	b, err := loadBook(ctx, env, false)
	if err != nil {
		return err
	}
	res := dunning.Agenda(*b, day)
	warn(env, res.Warnings)
	if *rep.asJSON {
		out := make([]proposalJSON, 0, len(res.Proposals))
		for _, p := range res.Proposals {
			out = append(out, toProposalJSON(p))
		}
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.agenda.title", map[string]any{"Date": day.French(), "Count": len(res.Proposals)}))
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, p := range res.Proposals {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Customer, p.CustomerName, p.Step,
			money.FormatCurrency(p.Overdue, p.Currency), p.Reason)
	}
	return tw.Flush()
}

type callJSON struct {
	Customer       string      `json:"customer"`
	Name           string      `json:"name"`
	Phone          string      `json:"phone"`
	Currency       string      `json:"currency"`
	OverdueCents   money.Cents `json:"overdue_cents"`
	OldestDaysLate int         `json:"oldest_days_late"`
	Invoices       []string    `json:"invoices"`
	Priority       int64       `json:"priority"`
	BrokenPromises int         `json:"broken_promises"`
	Strategic      bool        `json:"strategic"`
	Added          bool        `json:"added"`
	Step           string      `json:"step,omitempty"`
	Reason         string      `json:"reason"`
}

func cmdCalls(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "calls", "date", "cli.flag.date")
	add := rep.fs.String("add", "", resources.T("cli.flag.add_customers"))
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	b, err := loadBook(ctx, env, false)
	if err != nil {
		return err
	}
	var added []string
	for _, c := range strings.Split(*add, ",") {
		if c = strings.TrimSpace(c); c != "" {
			added = append(added, c)
		}
	}
	queue := dunning.CallQueue(*b, day, added)
	if *rep.asJSON {
		out := make([]callJSON, 0, len(queue))
		for _, c := range queue {
			j := callJSON{Customer: c.Customer, Name: c.Name, Phone: c.Phone, Currency: c.Currency, OverdueCents: c.Overdue,
				OldestDaysLate: c.OldestDaysLate, Invoices: c.Invoices, Priority: c.Priority, BrokenPromises: c.BrokenPromises,
				Strategic: c.Strategic, Added: c.Added, Reason: c.Reason}
			if j.Invoices == nil {
				j.Invoices = []string{}
			}
			if c.Proposal != nil {
				j.Step = c.Proposal.Step
			}
			out = append(out, j)
		}
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.calls.title", map[string]any{"Date": day.French(), "Count": len(queue)}))
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for i, c := range queue {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", i+1, c.Customer, c.Name, c.Phone, money.FormatCurrency(c.Overdue, c.Currency), c.Reason)
	}
	return tw.Flush()
}

func parseEuros(s string) (money.Cents, error) {
	c, err := money.Parse(s)
	if err != nil || c <= 0 {
		return 0, usageError{resources.T("cli.bad_amount", map[string]any{"Value": s})}
	}
	return c, nil
}

func cmdPromise(ctx context.Context, env Env, args []string) error {
	fs := newFlags("promise", env)
	customer := fs.String("customer", "", resources.T("cli.flag.customer"))
	date := fs.String("date", "", resources.T("cli.flag.promise_date"))
	amount := fs.String("amount", "", resources.T("cli.flag.amount"))
	invoices := fs.String("invoices", "", resources.T("cli.flag.promise_invoices"))
	note := fs.String("note", "", resources.T("cli.flag.note"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *customer == "" || *date == "" || *amount == "" {
		return usageError{resources.T("cli.promise.required")}
	}
	day, err := parseDate(*date, 0)
	if err != nil {
		return err
	}
	cents, err := parseEuros(*amount)
	if err != nil {
		return err
	}
	var numbers []string
	for _, n := range strings.Split(*invoices, ",") {
		if n = strings.TrimSpace(n); n != "" {
			numbers = append(numbers, n)
		}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if _, err := l.AddPromise(ctx, data.PromiseInput{Customer: *customer, Date: day, Amount: cents, Items: numbers,
		Note: *note, On: env.Today}); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.promise.done", map[string]any{"Customer": *customer,
		"Amount": money.FormatCurrency(cents, "EUR"), "Date": day.French()}))
	return nil
}

func cmdDispute(ctx context.Context, env Env, args []string) error {
	fs := newFlags("dispute", env)
	invoice := fs.String("invoice", "", resources.T("cli.flag.invoice"))
	reason := fs.String("reason", "", resources.T("cli.flag.reason"))
	note := fs.String("note", "", resources.T("cli.flag.note"))
	closeIt := fs.Bool("close", false, resources.T("cli.flag.close"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *invoice == "" || (*reason == "") == !*closeIt {
		return usageError{resources.T("cli.dispute.required")}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if *closeIt {
		if err := l.CloseDispute(ctx, *invoice, env.Today); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, resources.T("cli.dispute.closed", map[string]any{"Number": *invoice}))
		return nil
	}
	if err := l.OpenDispute(ctx, *invoice, *reason, *note, env.Today); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.dispute.opened", map[string]any{"Number": *invoice}))
	return nil
}

type weekJSON struct {
	Start         civil.Date  `json:"start"`
	End           civil.Date  `json:"end"`
	AmountCents   money.Cents `json:"amount_cents"`
	PromisedCents money.Cents `json:"promised_cents"`
}

type forecastJSON struct {
	Currency              string      `json:"currency"`
	Weeks                 []weekJSON  `json:"weeks"`
	OverdueNoPromiseCents money.Cents `json:"overdue_no_promise_cents"`
	LaterCents            money.Cents `json:"later_cents"`
	DisputedCents         money.Cents `json:"disputed_cents"`
}

func cmdForecast(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "forecast", "as-of", "cli.flag.as_of")
	weeks := rep.fs.Int("weeks", 13, resources.T("cli.flag.weeks"))
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	if *weeks < 1 || *weeks > 104 {
		return usageError{resources.T("cli.bad_weeks", map[string]any{"Value": *weeks})}
	}
	b, err := loadBook(ctx, env, true)
	if err != nil {
		return err
	}
	results := dunning.Forecast(*b, day, *weeks)
	out := make([]forecastJSON, 0, len(results))
	for _, r := range results {
		f := forecastJSON{Currency: r.Currency, OverdueNoPromiseCents: r.OverdueNoPromise, LaterCents: r.Later, DisputedCents: r.Disputed}
		for _, w := range r.Weeks {
			f.Weeks = append(f.Weeks, weekJSON{w.Start, w.End, w.Amount, w.Promised})
		}
		out = append(out, f)
	}
	if *rep.asJSON {
		return writeJSON(env.Stdout, out)
	}
	for _, f := range out {
		fmt.Fprintln(env.Stdout, resources.T("cli.forecast.title", map[string]any{"Date": day.French(), "Currency": f.Currency}))
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, resources.T("cli.forecast.header")+"\t")
		for _, w := range f.Weeks {
			fmt.Fprintf(tw, "%s – %s\t%s\t%s\t\n", w.Start.French(), w.End.French(),
				money.FormatCurrency(w.AmountCents, f.Currency), money.FormatCurrency(w.PromisedCents, f.Currency))
		}
		fmt.Fprintf(tw, "%s\t%s\t\t\n", resources.T("cli.forecast.overdue"), money.FormatCurrency(f.OverdueNoPromiseCents, f.Currency))
		fmt.Fprintf(tw, "%s\t%s\t\t\n", resources.T("cli.forecast.later"), money.FormatCurrency(f.LaterCents, f.Currency))
		fmt.Fprintf(tw, "%s\t%s\t\t\n", resources.T("cli.forecast.disputed"), money.FormatCurrency(f.DisputedCents, f.Currency))
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

type riskJSON struct {
	Customer         string      `json:"customer"`
	Name             string      `json:"name"`
	Currency         string      `json:"currency"`
	Score            string      `json:"score"`
	AvgDaysLate      float64     `json:"avg_days_late"`
	PaidCount        int         `json:"paid_count"`
	PaidLate         int         `json:"paid_late"`
	ShareLate        float64     `json:"share_late"`
	BrokenPromises   int         `json:"broken_promises"`
	ExposureCents    money.Cents `json:"exposure_cents"`
	CreditLimitCents money.Cents `json:"credit_limit_cents"`
	LimitUse         float64     `json:"limit_use"`
	OverdueCents     money.Cents `json:"overdue_cents"`
	OldestDaysLate   int         `json:"oldest_days_late"`
	Reasons          []string    `json:"reasons"`
}

func cmdRisk(ctx context.Context, env Env, args []string) error {
	rep := newReport(env, "risk", "as-of", "cli.flag.as_of")
	day, err := rep.parse(env, args)
	if err != nil {
		return err
	}
	b, err := loadBook(ctx, env, true)
	if err != nil {
		return err
	}
	list := dunning.Risk(*b, day)
	round := func(v float64) float64 { return math.Round(v*100) / 100 }
	if *rep.asJSON {
		out := make([]riskJSON, 0, len(list))
		for _, r := range list {
			out = append(out, riskJSON{r.Customer, r.Name, r.Currency, r.Score, round(r.AvgDaysLate), r.PaidCount, r.PaidLate,
				round(r.ShareLate), r.BrokenPromises, r.Exposure, r.CreditLimit, round(r.LimitUse), r.Overdue, r.OldestDaysLate, r.Reasons})
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Score, r.Customer, r.Name, money.FormatCurrency(r.Exposure, r.Currency),
			strings.Join(r.Reasons, " · "))
	}
	return tw.Flush()
}

// cmdRecord writes a contact with a customer into its history. Without --step it records
// the step the agenda proposes for the customer that day, with its channel and invoices,
// which is what advances the scenario.
func cmdRecord(ctx context.Context, env Env, args []string) error {
	fs := newFlags("record", env)
	customer := fs.String("customer", "", resources.T("cli.flag.customer"))
	channel := fs.String("channel", "", resources.T("cli.flag.channel"))
	step := fs.String("step", "", resources.T("cli.flag.step"))
	outcome := fs.String("outcome", "", resources.T("cli.flag.outcome"))
	note := fs.String("note", "", resources.T("cli.flag.note"))
	date := fs.String("date", "", resources.T("cli.flag.date"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *customer == "" {
		return usageError{resources.T("cli.record.required")}
	}
	day, err := parseDate(*date, env.Today)
	if err != nil {
		return err
	}
	in := data.ActionInput{Customer: *customer, On: day, Channel: dunning.Channel(*channel), Step: *step,
		Outcome: *outcome, Text: *note}
	if *step == "" {
		b, err := loadBook(ctx, env, false)
		if err != nil {
			return err
		}
		var found *dunning.Proposal
		for _, p := range dunning.Agenda(*b, day).Proposals {
			if p.Customer == *customer {
				found = &p
				break
			}
		}
		if found == nil && *channel == "" {
			return &data.UserError{Msg: resources.T("cli.record.no_proposal", map[string]any{"Customer": *customer, "Date": day.French()})}
		}
		if found != nil {
			in.Scenario, in.Step, in.Items = found.Scenario, found.Step, found.Invoices
			if *channel == "" {
				in.Channel = found.Channel
			}
		}
	}
	switch in.Channel {
	case dunning.Email, dunning.Letter, dunning.Phone, dunning.Registered, dunning.SMS, dunning.Litigation:
	default:
		return usageError{resources.T("cli.bad_channel", map[string]any{"Value": *channel})}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := l.RecordAction(ctx, in); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.record.done", map[string]any{"Customer": *customer, "Step": in.Step,
		"Channel": string(in.Channel), "Date": day.French()}))
	return nil
}
