package resources

import (
	"sort"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"
)

// texts returns the key → text table of a language, failing the test if loading failed.
func texts(t *testing.T, language string) map[string]string {
	t.Helper()
	tbl, err := table()
	if err != nil {
		t.Fatalf("loading translations: %v", err)
	}
	m := tbl[language]
	if len(m) == 0 {
		t.Fatalf("no translations for %q", language)
	}
	return m
}

func TestKeysMatchAcrossLanguages(t *testing.T) {
	fr, en := Keys("fr"), Keys("en")
	if len(fr) == 0 || len(en) == 0 {
		t.Fatalf("no keys: fr=%d en=%d", len(fr), len(en))
	}
	inEn := map[string]bool{}
	for _, k := range en {
		inEn[k] = true
	}
	inFr := map[string]bool{}
	for _, k := range fr {
		inFr[k] = true
		if !inEn[k] {
			t.Errorf("key %q is in French but not in English", k)
		}
	}
	for _, k := range en {
		if !inFr[k] {
			t.Errorf("key %q is in English but not in French", k)
		}
	}
}

// placeholders parses text as a template and returns the sorted, distinct field names it uses
// ({{.Name}} gives "Name").
func placeholders(key, text string) ([]string, error) {
	tpl, err := template.New(key).Option("missingkey=zero").Parse(text)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			seen[strings.Join(n.Ident, ".")] = true
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	if tpl.Tree != nil {
		walk(tpl.Tree.Root)
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

func TestTextsParseAndPlaceholdersMatch(t *testing.T) {
	fr, en := texts(t, "fr"), texts(t, "en")
	for _, language := range Languages {
		for _, k := range Keys(language) {
			if _, err := placeholders(k, texts(t, language)[k]); err != nil {
				t.Errorf("%s %q does not parse as a template: %v", language, k, err)
			}
		}
	}
	for k, frText := range fr {
		enText, ok := en[k]
		if !ok {
			continue // reported by TestKeysMatchAcrossLanguages
		}
		frNames, err1 := placeholders(k, frText)
		enNames, err2 := placeholders(k, enText)
		if err1 != nil || err2 != nil {
			continue // reported above
		}
		if strings.Join(frNames, ",") != strings.Join(enNames, ",") {
			t.Errorf("key %q: placeholders differ: fr %v, en %v", k, frNames, enNames)
		}
	}
}

func TestUsageKeepsNewline(t *testing.T) {
	for _, language := range Languages {
		if !strings.Contains(texts(t, language)["cli.usage"], "\n") {
			t.Errorf("%s cli.usage has lost its newline", language)
		}
	}
}

func TestTFillsPlaceholders(t *testing.T) {
	prev := Language()
	t.Cleanup(func() { SetLanguage(prev) })

	data := map[string]any{"Path": "/tmp/demo.encaisse", "Customers": 12, "Items": 345, "Open": "67 890,12 €"}
	want := map[string][]string{
		"fr": {"Registre de démonstration", "/tmp/demo.encaisse", "12 clients", "345 pièces", "67 890,12 €"},
		"en": {"Demo ledger", "/tmp/demo.encaisse", "12 customers", "345 items", "67 890,12 €"},
	}
	for _, language := range Languages {
		SetLanguage(language)
		if got := Language(); got != language {
			t.Fatalf("SetLanguage(%q): Language() = %q", language, got)
		}
		got := T("cli.demo_done", data)
		if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
			t.Errorf("%s: placeholders left unfilled: %q", language, got)
		}
		for _, part := range want[language] {
			if !strings.Contains(got, part) {
				t.Errorf("%s: T(cli.demo_done) = %q, want it to contain %q", language, got, part)
			}
		}
	}
}
