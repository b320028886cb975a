package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"encaisse/data"
	"encaisse/letters"
	"encaisse/resources"
	"encaisse/ui/compose"
)

func init() { register("template", cmdTemplate) }

// cmdTemplate shows, replaces or resets a template. The file format is the subject on the
// first line, a blank line, then the body, as "template show" prints it.
//
//	encaisse template list
//	encaisse template show ID [--lang fr|en]
//	encaisse template set ID --file FICHIER [--lang fr|en]
//	encaisse template reset ID [--lang fr|en]
func cmdTemplate(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usageError{resources.T("cli.template.usage")}
	}
	verb := args[0]
	if verb == "list" {
		for _, t := range letters.DefaultTemplates(resources.Language()) {
			fmt.Fprintf(env.Stdout, "%s\t%s\t%s\n", t.ID, t.Channel, t.Subject)
		}
		return nil
	}
	if len(args) < 2 || strings.HasPrefix(args[1], "-") {
		return usageError{resources.T("cli.template.usage")}
	}
	id := args[1]
	fs := newFlags("template "+verb, env)
	lang := fs.String("lang", resources.Language(), resources.T("cli.flag.lang"))
	file := fs.String("file", "", resources.T("cli.flag.template_file"))
	if err := parse(fs, args[2:]); err != nil {
		return err
	}
	if *lang != "fr" && *lang != "en" {
		return usageError{resources.T("cli.template.usage")}
	}
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	switch verb {
	case "show":
		t, err := compose.Template(ctx, l, id, *lang)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\n\n%s\n", t.Subject, t.Body)
		return nil
	case "reset":
		if _, err := compose.Template(ctx, l, id, *lang); err != nil {
			return err
		}
		return l.ResetTemplate(ctx, id, *lang)
	case "set":
		if *file == "" {
			return usageError{resources.T("cli.template.usage")}
		}
		raw, err := os.ReadFile(*file)
		if err != nil {
			return &data.UserError{Msg: resources.T("cli.no_such_file", map[string]any{"File": *file}), Err: err}
		}
		text := strings.ReplaceAll(string(raw), "\r\n", "\n")
		subject, body, _ := strings.Cut(text, "\n")
		def, err := compose.Template(ctx, l, id, *lang)
		if err != nil {
			return err
		}
		t := letters.Template{ID: id, Channel: def.Channel, Language: *lang, Subject: strings.TrimSpace(subject),
			Body: strings.TrimPrefix(body, "\n")}
		if err := compose.SaveTemplate(ctx, l, t); err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, resources.T("cli.template.saved", map[string]any{"ID": id}))
		return nil
	}
	return usageError{resources.T("cli.template.usage")}
}
