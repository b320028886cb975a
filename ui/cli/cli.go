// Package cli is Encaisse's command line: the same ledger as the window, for scripts and
// automated checks. Amounts in JSON are integer cents, dates yyyy-mm-dd.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/data/money"
	"encaisse/resources"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command needs from the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	Today          civil.Date // the injected clock
	DB             string     // the ledger file
}

// command runs one subcommand with its own arguments.
type command func(ctx context.Context, env Env, args []string) error

// commands maps each subcommand to its function. Each file of this package registers its
// own in init, so that adding a command touches no shared list.
var commands = map[string]command{}

func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("cli: command registered twice: " + name)
	}
	commands[name] = c
}

func init() {
	register("demo", cmdDemo)
	register("import", cmdImport)
	register("customers", cmdCustomers)
	register("invoices", cmdInvoices)
	register("undo-import", cmdUndo)
}

// IsCommand reports whether name is a subcommand.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// Run executes one subcommand and returns the process exit code.
func Run(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || !IsCommand(args[0]) {
		fmt.Fprintln(env.Stderr, resources.T("cli.usage"))
		return ExitUsage
	}
	err := commands[args[0]](ctx, env, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "encaisse %s: %s\n", args[0], ue.msg)
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "encaisse %s: %s\n", args[0], Message(err))
		return ExitError
	}
}

// Message is the sentence to show a user for an error: the translated text when the error
// carries one, else a translated lead-in and the detail, on one line.
func Message(err error) string {
	var ue *data.UserError
	var se *data.SettleError
	var ve *data.VersionError
	var de *data.DamageError
	switch {
	case errors.As(err, &se):
		return se.Error() + " " + resources.T("cli.confirm_settle")
	case errors.As(err, &ue):
		return ue.Msg
	case errors.As(err, &ve):
		return resources.T("ledger.err.newer", map[string]any{"File": ve.File, "App": ve.App})
	case errors.As(err, &de):
		if de.Backup != "" {
			return resources.T("ledger.err.damaged_backup", map[string]any{"Path": de.Path, "Backup": de.Backup})
		}
		return resources.T("ledger.err.damaged", map[string]any{"Path": de.Path})
	}
	return resources.T("cli.error", map[string]any{"Detail": strings.ReplaceAll(err.Error(), "\n", " ")})
}

func newFlags(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{resources.T("cli.extra_args", map[string]any{"Args": strings.Join(fs.Args(), " ")})}
	}
	return nil
}

func parseDate(s string, def civil.Date) (civil.Date, error) {
	if s == "" {
		return def, nil
	}
	d, err := civil.ParseISO(s)
	if err != nil {
		return 0, usageError{resources.T("cli.bad_date", map[string]any{"Value": s})}
	}
	return d, nil
}

func open(env Env) (*data.Ledger, error) {
	return data.Open(env.DB, data.Options{})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func cmdDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags("demo", env)
	customers := fs.Int("customers", 60, resources.T("cli.flag.customers"))
	invoices := fs.Int("invoices", 900, resources.T("cli.flag.invoices"))
	seed := fs.Uint64("seed", 1, resources.T("cli.flag.seed"))
	force := fs.Bool("force", false, resources.T("cli.flag.force"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *customers <= 0 || *invoices < 0 {
		return usageError{resources.T("cli.bad_demo_size")}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	empty, err := l.IsEmpty(ctx)
	if err != nil {
		l.Close()
		return err
	}
	if !empty {
		if !*force {
			l.Close()
			return &data.UserError{Msg: resources.T("cli.demo_not_empty", map[string]any{"Path": env.DB})}
		}
		if l, err = data.Recreate(ctx, l); err != nil {
			return err
		}
	}
	defer l.Close()
	sum, err := data.WriteDemo(ctx, l, *customers, *invoices, *seed, env.Today)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.demo_done", map[string]any{
		"Path": env.DB, "Customers": sum.Customers, "Items": sum.Items, "Open": money.FormatCurrency(sum.Open, "EUR")}))
	return nil
}

// parseMapping reads --map "number=B,open=F,customer_code=A".
func parseMapping(s string) (importer.Mapping, error) {
	if s == "" {
		return nil, nil
	}
	m := importer.Mapping{}
	known := map[importer.Field]bool{}
	for _, f := range importer.Fields {
		known[f] = true
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		f := importer.Field(strings.TrimSpace(k))
		col, okCol := importer.ColumnIndex(v)
		if !ok || !known[f] || !okCol {
			return nil, usageError{resources.T("cli.bad_mapping", map[string]any{"Value": part})}
		}
		m[f] = col
	}
	return m, nil
}

func cmdImport(ctx context.Context, env Env, args []string) error {
	fs := newFlags("import", env)
	asOf := fs.String("as-of", "", resources.T("cli.flag.as_of"))
	format := fs.String("format", "auto", resources.T("cli.flag.format"))
	dry := fs.Bool("dry-run", false, resources.T("cli.flag.dry_run"))
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	confirm := fs.Bool("confirm-settle", false, resources.T("cli.flag.confirm_settle"))
	mapping := fs.String("map", "", resources.T("cli.flag.map"))
	header := fs.Int("header-row", 0, resources.T("cli.flag.header_row"))
	// The file may come before or after the flags.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	rest := fs.Args()
	if file == "" && len(rest) > 0 {
		file, rest = rest[0], rest[1:]
	}
	if file == "" || len(rest) > 0 {
		return usageError{resources.T("cli.import_usage")}
	}
	d, err := parseDate(*asOf, env.Today)
	if err != nil {
		return err
	}
	f := data.Format(*format)
	switch f {
	case data.FormatAuto, data.FormatXLSX, data.FormatCSV, data.FormatFEC:
	default:
		return usageError{resources.T("cli.bad_format", map[string]any{"Value": *format})}
	}
	m, err := parseMapping(*mapping)
	if err != nil {
		return err
	}
	if _, err := os.Stat(file); err != nil {
		return &data.UserError{Msg: resources.T("import.err.open", map[string]any{"File": file, "Detail": resources.T("cli.no_such_file")}), Err: err}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	rep, err := l.Import(ctx, file, data.ImportOptions{AsOf: d, Format: f, DryRun: *dry, ConfirmSettle: *confirm,
		Mapping: m, HeaderRow: *header})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(env.Stdout, rep)
	}
	key := "cli.import_done"
	if rep.DryRun {
		key = "cli.import_dry"
	}
	fmt.Fprintln(env.Stdout, resources.T(key, map[string]any{"New": rep.New, "Updated": rep.Updated,
		"Settled": rep.Settled, "Unchanged": rep.Unchanged, "Ignored": rep.Ignored, "Rejected": len(rep.Rejected)}))
	for _, is := range rep.Rejected {
		fmt.Fprintln(env.Stdout, "  ✗ "+is.Reason)
	}
	for _, is := range rep.Warnings {
		fmt.Fprintln(env.Stdout, "  ! "+is.Reason)
	}
	q := rep.Quality
	if n := len(q.CustomersWithoutEmail); n > 0 {
		fmt.Fprintln(env.Stdout, "  ! "+resources.T("cli.quality.no_email", map[string]any{"Count": n}))
	}
	if n := len(q.CustomersWithoutPhone); n > 0 {
		fmt.Fprintln(env.Stdout, "  ! "+resources.T("cli.quality.no_phone", map[string]any{"Count": n}))
	}
	if q.OlderThanTwoYears > 0 {
		fmt.Fprintln(env.Stdout, "  ! "+resources.T("cli.quality.old", map[string]any{"Count": q.OlderThanTwoYears}))
	}
	return nil
}

type customerJSON struct {
	Code         string      `json:"code"`
	Name         string      `json:"name"`
	Email        string      `json:"email"`
	Phone        string      `json:"phone"`
	OpenCents    money.Cents `json:"open_cents"`
	OverdueCents money.Cents `json:"overdue_cents"`
	Currency     string      `json:"currency"`
}

func cmdCustomers(ctx context.Context, env Env, args []string) error {
	fs := newFlags("customers", env)
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	list, err := l.CustomerBalances(ctx, env.Today)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]customerJSON, 0, len(list))
		for _, c := range list {
			out = append(out, customerJSON{c.Code, c.Name, c.Email, c.Phone, c.Open, c.Overdue, c.Currency})
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", resources.T("cli.col.code"), resources.T("cli.col.name"),
		resources.T("cli.col.open"), resources.T("cli.col.overdue"))
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", c.Code, c.Name, money.FormatCurrency(c.Open, c.Currency),
			money.FormatCurrency(c.Overdue, c.Currency))
	}
	return tw.Flush()
}

type invoiceJSON struct {
	Number      string      `json:"number"`
	Customer    string      `json:"customer"`
	Kind        string      `json:"kind"`
	Issued      string      `json:"issued"`
	Due         string      `json:"due"`
	AmountCents money.Cents `json:"amount_cents"`
	OpenCents   money.Cents `json:"open_cents"`
	Currency    string      `json:"currency"`
	Status      string      `json:"status"`
}

func cmdInvoices(ctx context.Context, env Env, args []string) error {
	fs := newFlags("invoices", env)
	openOnly := fs.Bool("open", false, resources.T("cli.flag.open"))
	customer := fs.String("customer", "", resources.T("cli.flag.customer"))
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if *customer != "" {
		ok, err := l.CustomerExists(ctx, *customer)
		if err != nil {
			return err
		}
		if !ok {
			return &data.UserError{Msg: resources.T("cli.no_customer", map[string]any{"Code": *customer})}
		}
	}
	items, err := l.Items(ctx, data.ItemFilter{OpenOnly: *openOnly, CustomerCode: *customer})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]invoiceJSON, 0, len(items))
		for _, it := range items {
			out = append(out, invoiceJSON{it.Number, it.CustomerCode, it.Kind, it.Issued.String(), it.Due.String(),
				it.Amount, it.Open, it.Currency, it.Status(env.Today)})
		}
		return writeJSON(env.Stdout, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", resources.T("cli.col.number"), resources.T("cli.col.code"),
		resources.T("cli.col.issued"), resources.T("cli.col.due"), resources.T("cli.col.amount"),
		resources.T("cli.col.open"), resources.T("cli.col.status"))
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", it.Number, it.CustomerCode, it.Issued.French(), it.Due.French(),
			money.FormatCurrency(it.Amount, it.Currency), money.FormatCurrency(it.Open, it.Currency),
			resources.T("status."+it.Status(env.Today)))
	}
	return tw.Flush()
}

func cmdUndo(ctx context.Context, env Env, args []string) error {
	fs := newFlags("undo-import", env)
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	res, err := l.UndoLastImport(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.undo_done", map[string]any{"File": res.FileName, "Date": res.AsOf.French(), "Backup": res.Backup}))
	return nil
}
