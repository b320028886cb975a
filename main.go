// Encaisse helps a small French business get its unpaid invoices paid.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"time"

	"fyne.io/fyne/v2/app"

	"encaisse/data/civil"
	"encaisse/resources"
	"encaisse/ui"
	"encaisse/ui/cli"
)

const appID = "fr.encaisse.app"

func main() {
	resources.SetLanguage(resources.LanguageFromEnv())
	flags := flag.NewFlagSet("encaisse", flag.ContinueOnError)
	db := flags.String("db", "", "ledger file (default: in the app's storage folder)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		if err == flag.ErrHelp {
			return
		}
		os.Exit(cli.ExitUsage)
	}
	args := flags.Args()
	if len(args) > 0 {
		if !cli.IsCommand(args[0]) {
			fmt.Fprintln(os.Stderr, resources.T("cli.usage"))
			os.Exit(cli.ExitUsage)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		path := *db
		if path == "" {
			path = filepath.Join(storageRoot(), "encaisse.db")
		}
		code := cli.Run(ctx, cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Today: civil.Of(time.Now()), DB: path}, args)
		stop()
		os.Exit(code)
	}
	a := app.NewWithID(appID)
	path := *db
	if path == "" {
		path = filepath.Join(a.Storage().RootURI().Path(), "encaisse.db")
	}
	ui.Run(a, path, func() civil.Date { return civil.Of(time.Now()) })
}

// storageRoot is the folder Fyne gives the app as its storage, computed without starting
// Fyne so that headless commands need no display.
func storageRoot() string {
	switch runtime.GOOS {
	case "windows":
		home, _ := os.UserHomeDir()
		return filepath.Join(home, "AppData", "Roaming", "fyne", appID)
	case "darwin":
		home, _ := os.UserHomeDir()
		return filepath.Join(home, "Library", "Preferences", "fyne", appID)
	}
	dir, _ := os.UserConfigDir()
	return filepath.Join(dir, "fyne", appID)
}
