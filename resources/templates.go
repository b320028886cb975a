package resources

import "embed"

// The default letter and email texts are data, not code: a release can reword them without
// touching the renderer, and the user's edited copies live in the ledger beside them.
//
//go:embed templates/*.json
var templateFS embed.FS

// Templates returns the shipped default templates of a language as JSON: an array of
// {"id", "channel", "subject", "body"} where body is an array of lines. Unknown languages
// get the French texts, as SetLanguage does.
func Templates(language string) []byte {
	raw, err := templateFS.ReadFile("templates/" + language + ".json")
	if err != nil {
		// The French file is embedded at build time, so this cannot fail.
		raw, _ = templateFS.ReadFile("templates/fr.json")
	}
	return raw
}
