package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"encaisse/data"
	"encaisse/data/civil"
	"encaisse/dunning"
	"encaisse/letters"
	"encaisse/resources"
	"encaisse/ui/compose"
)

func init() {
	register("letter", cmdLetter)
	register("letters", cmdLetters)
	register("email", cmdEmail)
	register("send", cmdSend)
	register("outbox", cmdOutbox)
}

// letterFlags are the flags of the commands that write to one customer.
type letterFlags struct {
	customer, template, date, out *string
}

func newLetterFlags(name string, env Env, withOut bool) (*letterFlags, func([]string) error) {
	fs := newFlags(name, env)
	f := &letterFlags{customer: fs.String("customer", "", resources.T("cli.flag.customer")),
		template: fs.String("template", "", resources.T("cli.flag.template")),
		date:     fs.String("date", "", resources.T("cli.flag.date"))}
	if withOut {
		f.out = fs.String("out", "", resources.T("cli.flag.out"))
	}
	return f, func(args []string) error {
		if err := parse(fs, args); err != nil {
			return err
		}
		if *f.customer == "" || *f.template == "" || (withOut && *f.out == "") {
			return usageError{resources.T("cli.letter.required", map[string]any{"Command": name})}
		}
		return nil
	}
}

func composeOne(ctx context.Context, env Env, l *data.Ledger, f *letterFlags) (letters.Letter, error) {
	day, err := parseDate(*f.date, env.Today)
	if err != nil {
		return letters.Letter{}, err
	}
	c, err := compose.New(ctx, l)
	if err != nil {
		return letters.Letter{}, err
	}
	return c.Letter(ctx, compose.Request{Customer: *f.customer, Template: *f.template, On: day})
}

// keep stores a generated document beside the ledger and notes it in the customer's history.
func keep(ctx context.Context, l *data.Ledger, lt letters.Letter, ext string, content []byte) (string, error) {
	doc, err := l.StoreDocument(lt.Facts.Today, compose.FileName(lt, ext), content)
	if err != nil {
		return "", err
	}
	var numbers []string
	for _, ln := range lt.Facts.Lines {
		numbers = append(numbers, ln.Number)
	}
	return doc, l.NoteDocument(ctx, lt.Recipient.Code, lt.Facts.Today, lt.Rendered.TemplateID, lt.Facts.Reference, doc, numbers)
}

func writeOut(path string, content []byte) error {
	if err := os.WriteFile(path, content, 0o644); err != nil {
		return &data.UserError{Msg: resources.T("cli.err.write", map[string]any{"File": path, "Detail": err.Error()}), Err: err}
	}
	return nil
}

// cmdLetter writes one customer's letter as a PDF.
func cmdLetter(ctx context.Context, env Env, args []string) error {
	f, parseArgs := newLetterFlags("letter", env, true)
	if err := parseArgs(args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	lt, err := composeOne(ctx, env, l, f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := letters.WriteLetter(&buf, lt); err != nil {
		return err
	}
	if err := writeOut(*f.out, buf.Bytes()); err != nil {
		return err
	}
	if _, err := keep(ctx, l, lt, "pdf", buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.letter.done", map[string]any{"File": *f.out, "Reference": lt.Facts.Reference,
		"Amount": compose.Amount(lt)}))
	return nil
}

// cmdLetters writes the agenda's letters of a day (letters, registered letters and the
// letter half of "email + letter" steps) into one printable PDF.
func cmdLetters(ctx context.Context, env Env, args []string) error {
	fs := newFlags("letters", env)
	date := fs.String("date", "", resources.T("cli.flag.date"))
	out := fs.String("out", "", resources.T("cli.flag.out"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{resources.T("cli.letter.required", map[string]any{"Command": "letters"})}
	}
	day, err := parseDate(*date, env.Today)
	if err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	c, err := compose.New(ctx, l)
	if err != nil {
		return err
	}
	var batch []letters.Letter
	for _, p := range dunning.Agenda(*c.Book, day).Proposals {
		paper := p.Channel == dunning.Letter || p.Channel == dunning.Registered
		for _, a := range p.Also {
			paper = paper || a == dunning.Letter
		}
		if !paper || p.Template == "" {
			continue
		}
		lt, err := c.Letter(ctx, compose.Request{Customer: p.Customer, Template: p.Template, On: day, Items: p.Invoices})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Customer, err)
		}
		batch = append(batch, lt)
	}
	if len(batch) == 0 {
		fmt.Fprintln(env.Stdout, resources.T("cli.letters.none", map[string]any{"Date": day.French()}))
		return nil
	}
	var buf bytes.Buffer
	if err := letters.WriteLetters(&buf, batch); err != nil {
		return err
	}
	if err := writeOut(*out, buf.Bytes()); err != nil {
		return err
	}
	for _, lt := range batch {
		var one bytes.Buffer
		if err := letters.WriteLetter(&one, lt); err != nil {
			return err
		}
		if _, err := keep(ctx, l, lt, "pdf", one.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.letters.done", map[string]any{"File": *out, "Count": len(batch)}))
	return nil
}

// mailFor composes the email of a letter, with the letter attached as a PDF.
func mailFor(ctx context.Context, l *data.Ledger, lt letters.Letter) (*letters.Message, error) {
	s, err := l.Settings(ctx, "smtp.")
	if err != nil {
		return nil, err
	}
	from := s["from"]
	if from == "" {
		from = lt.Company.Email
	}
	if from == "" {
		return nil, &data.UserError{Msg: resources.T("cli.email.no_from")}
	}
	var pdf bytes.Buffer
	if err := letters.WriteLetter(&pdf, lt); err != nil {
		return nil, err
	}
	m, err := letters.Compose(lt, letters.MailOptions{From: from, FromName: lt.Company.Name, Date: time.Now(),
		Attachments: []letters.Attachment{{Name: compose.FileName(lt, "pdf"), Data: pdf.Bytes(), ContentType: "application/pdf"}}})
	if err != nil {
		return nil, &data.UserError{Msg: err.Error(), Err: err}
	}
	return m, nil
}

// cmdEmail composes a customer's email as an .eml draft the user's mail program opens.
func cmdEmail(ctx context.Context, env Env, args []string) error {
	f, parseArgs := newLetterFlags("email", env, true)
	if err := parseArgs(args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	lt, err := composeOne(ctx, env, l, f)
	if err != nil {
		return err
	}
	m, err := mailFor(ctx, l, lt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := letters.WriteEML(&buf, m, true); err != nil {
		return err
	}
	if err := writeOut(*f.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.email.done", map[string]any{"File": *f.out, "To": m.To, "Reference": lt.Facts.Reference}))
	return nil
}

// smtpAccount reads the configured account; the password comes from the environment (the
// window uses the system keychain).
func smtpAccount(ctx context.Context, l *data.Ledger) (letters.SMTPAccount, error) {
	s, err := l.Settings(ctx, "smtp.")
	if err != nil {
		return letters.SMTPAccount{}, err
	}
	if s["host"] == "" {
		return letters.SMTPAccount{}, &data.UserError{Msg: resources.T("cli.send.no_account")}
	}
	port, _ := strconv.Atoi(s["port"])
	if port == 0 {
		port = 587
	}
	tls := s["tls"]
	if tls == "" {
		tls = "starttls"
	}
	insecure, _ := strconv.ParseBool(s["insecure_skip_verify"])
	return letters.SMTPAccount{Host: s["host"], Port: port, User: s["user"], Password: os.Getenv("ENCAISSE_SMTP_PASSWORD"),
		TLS: tls, InsecureSkipVerify: insecure, Timeout: 30 * time.Second}, nil
}

// deliver sends one queued message and records the outcome: sent into the history, or
// failed with the server's answer, kept in the outbox.
func deliver(ctx context.Context, l *data.Ledger, acct letters.SMTPAccount, id int64, m *letters.Message, on civil.Date) error {
	if err := letters.Send(ctx, acct, m); err != nil {
		if ferr := l.MarkFailed(ctx, id, err.Error()); ferr != nil {
			return errors.Join(err, ferr)
		}
		return &data.UserError{Msg: resources.T("cli.send.failed", map[string]any{"To": m.To, "Detail": err.Error()}), Err: err}
	}
	return l.MarkSent(ctx, id, on)
}

// cmdSend composes a customer's email, puts it in the outbox and sends it by SMTP.
func cmdSend(ctx context.Context, env Env, args []string) error {
	f, parseArgs := newLetterFlags("send", env, false)
	if err := parseArgs(args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	acct, err := smtpAccount(ctx, l)
	if err != nil {
		return err
	}
	lt, err := composeOne(ctx, env, l, f)
	if err != nil {
		return err
	}
	m, err := mailFor(ctx, l, lt)
	if err != nil {
		return err
	}
	var numbers []string
	for _, ln := range lt.Facts.Lines {
		numbers = append(numbers, ln.Number)
	}
	scenario, step := stepOf(ctx, l, lt)
	id, err := l.QueueMessage(ctx, data.OutboxInput{Customer: lt.Recipient.Code, MessageID: m.MessageID, Reference: lt.Facts.Reference,
		Template: lt.Rendered.TemplateID, Scenario: scenario, Step: step, To: joinAddrs(append(append([]string{}, m.To...), m.Cc...)),
		Subject: m.Subject, Raw: m.Raw,
		Items: numbers, On: lt.Facts.Today})
	if err != nil {
		return err
	}
	if err := deliver(ctx, l, acct, id, m, lt.Facts.Today); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, resources.T("cli.send.done", map[string]any{"To": joinAddrs(m.To), "Reference": lt.Facts.Reference}))
	return nil
}

// stepOf is the agenda's step for the customer that day when its template is the one
// written, so that sending it advances the scenario.
func stepOf(ctx context.Context, l *data.Ledger, lt letters.Letter) (string, string) {
	b, err := l.LoadBook(ctx, data.BookOptions{})
	if err != nil {
		return "", ""
	}
	for _, p := range dunning.Agenda(*b, lt.Facts.Today).Proposals {
		if p.Customer == lt.Recipient.Code && p.Template == lt.Rendered.TemplateID {
			return p.Scenario, p.Step
		}
	}
	return "", ""
}

func joinAddrs(list []string) string { return strings.Join(list, ", ") }

// cmdOutbox lists the messages waiting (queued or failed) and, with --retry, sends them again.
func cmdOutbox(ctx context.Context, env Env, args []string) error {
	fs := newFlags("outbox", env)
	asJSON := fs.Bool("json", false, resources.T("cli.flag.json"))
	all := fs.Bool("all", false, resources.T("cli.flag.outbox_all"))
	retry := fs.Bool("retry", false, resources.T("cli.flag.retry"))
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	if *retry {
		acct, err := smtpAccount(ctx, l)
		if err != nil {
			return err
		}
		waiting, err := l.Outbox(ctx, false)
		if err != nil {
			return err
		}
		var failed int
		for _, e := range waiting {
			raw, err := os.ReadFile(l.DocumentPath(e.Document))
			if err != nil {
				return err
			}
			m := &letters.Message{MessageID: e.MessageID, To: strings.Split(e.To, ", "), Subject: e.Subject, Raw: raw}
			if err := deliver(ctx, l, acct, e.ID, m, env.Today); err != nil {
				failed++
				fmt.Fprintln(env.Stderr, Message(err))
			}
		}
		fmt.Fprintln(env.Stdout, resources.T("cli.outbox.retried", map[string]any{"Sent": len(waiting) - failed, "Failed": failed}))
		if failed > 0 {
			return &data.UserError{Msg: resources.T("cli.outbox.some_failed", map[string]any{"Failed": failed})}
		}
		return nil
	}
	list, err := l.Outbox(ctx, *all)
	if err != nil {
		return err
	}
	if *asJSON {
		if list == nil {
			list = []data.OutboxEntry{}
		}
		return writeJSON(env.Stdout, list)
	}
	for _, e := range list {
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.Status, e.Customer, e.To, e.Subject, e.Error)
	}
	return nil
}
