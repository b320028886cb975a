// Package resources embeds what the app ships besides code: translations, icon, fonts,
// default templates and rate tables.
package resources

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template"
)

// Translations are split by area (lang/<area>.<language>.json) so that each part of the code
// keeps its own sentences; Merged joins them per language for Fyne's lang package.
//
//go:embed lang/*.json
var langFS embed.FS

// Languages the app speaks, French first.
var Languages = []string{"fr", "en"}

var (
	mu       sync.RWMutex
	current  = "fr"
	messages map[string]map[string]string // language → key → template text
	loadErr  error
	loadOnce sync.Once
)

func load() {
	messages = map[string]map[string]string{}
	entries, err := fs.ReadDir(langFS, "lang")
	if err != nil {
		loadErr = err
		return
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		dot := strings.LastIndexByte(name, '.')
		if dot < 0 {
			loadErr = fmt.Errorf("translation file %s: want <area>.<lang>.json", e.Name())
			return
		}
		language := name[dot+1:]
		raw, err := langFS.ReadFile(path.Join("lang", e.Name()))
		if err != nil {
			loadErr = err
			return
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			loadErr = fmt.Errorf("translation file %s: %w", e.Name(), err)
			return
		}
		if messages[language] == nil {
			messages[language] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := messages[language][k]; dup {
				loadErr = fmt.Errorf("translation key %q defined twice for %s", k, language)
				return
			}
			messages[language][k] = v
		}
	}
}

func table() (map[string]map[string]string, error) {
	loadOnce.Do(load)
	return messages, loadErr
}

// Merged returns one JSON document per language (file name "fr.json", "en.json"), the form
// Fyne's lang.AddTranslations expects.
func Merged() (map[string][]byte, error) {
	t, err := table()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for language, m := range t {
		raw, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		out[language+".json"] = raw
	}
	return out, nil
}

// Keys lists every key of a language, sorted; tests use it to check both languages agree.
func Keys(language string) []string {
	t, _ := table()
	var keys []string
	for k := range t[language] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SetLanguage chooses the language of T for the headless parts of the app (command line,
// import reports). Unknown languages fall back to French.
func SetLanguage(language string) {
	mu.Lock()
	defer mu.Unlock()
	for _, l := range Languages {
		if l == language {
			current = l
			return
		}
	}
	current = "fr"
}

// Language is the language T speaks.
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// LanguageFromEnv reads the user's locale the way a POSIX program does (LC_ALL, LC_MESSAGES,
// LANG) and returns "en" for English, "fr" otherwise: the users are French first.
func LanguageFromEnv() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "en") {
				return "en"
			}
			return "fr"
		}
	}
	return "fr"
}

// T translates key into the current language, filling {{.Name}} placeholders from data
// (the same syntax as fyne's lang.L). A missing key returns the key itself, so a gap shows.
func T(key string, data ...map[string]any) string {
	t, _ := table()
	language := Language()
	text, ok := t[language][key]
	if !ok {
		text, ok = t["fr"][key]
		if !ok {
			return key
		}
	}
	if len(data) == 0 || !strings.Contains(text, "{{") {
		return text
	}
	tpl, err := parsed(language, key, text)
	if err != nil {
		return text
	}
	var b bytes.Buffer
	if err := tpl.Execute(&b, data[0]); err != nil {
		return text
	}
	return b.String()
}

// Parsing a template costs far more than running it, and the rules fill the same sentences
// thousands of times in one agenda: parsed templates are kept per language and key.
var templates sync.Map // language + "\x00" + key → *template.Template

func parsed(language, key, text string) (*template.Template, error) {
	id := language + "\x00" + key
	if t, ok := templates.Load(id); ok {
		return t.(*template.Template), nil
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(text)
	if err != nil {
		return nil, err
	}
	templates.Store(id, t)
	return t, nil
}
