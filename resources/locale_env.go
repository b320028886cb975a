package resources

import (
	"os"
	"strings"
)

// Containers and CI machines often run with LANG=C.UTF-8, which Fyne's locale lookup (run in
// its package init) cannot parse and reports on stderr at every start, even for headless
// commands. This package is initialised before Fyne's (Go initialises packages in import-path
// order once their imports are ready), so it can say "C" for messages, which Fyne reads as
// "no preference". Only LC_MESSAGES is set, and only when nothing more specific is.
func init() {
	if os.Getenv("LC_ALL") != "" || os.Getenv("LC_MESSAGES") != "" {
		return
	}
	if l := os.Getenv("LANG"); l == "C" || strings.HasPrefix(l, "C.") || l == "POSIX" {
		os.Setenv("LC_MESSAGES", "C")
	}
}
