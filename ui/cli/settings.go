package cli

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"

	"encaisse/data"
	"encaisse/resources"
)

func init() { register("settings", cmdSettings) }

// settingKinds lists the settings a user may set, with how their value is checked. Passwords
// are not among them: they live in the system keychain or come from the environment.
var settingKinds = map[string]string{
	"company.name": "text", "company.address": "text", "company.city": "text", "company.siret": "siret",
	"company.vat": "text", "company.iban": "text", "company.bic": "text", "company.phone": "text",
	"company.email": "email", "company.website": "text", "company.signatory": "text", "company.role": "text",
	"company.legal": "text", "company.payment_link": "text", "company.logo": "file",
	"smtp.host": "text", "smtp.port": "port", "smtp.user": "text", "smtp.tls": "tls",
	"smtp.insecure_skip_verify": "bool", "smtp.from": "email",
	"imap.host": "text", "imap.port": "port", "imap.user": "text", "imap.tls": "tls",
	"imap.insecure_skip_verify": "bool",
	data.DefaultTermsSetting:    "days", data.SettingMinGapDays: "days", data.SettingPromiseGrace: "days",
	data.SettingStaleImportDays: "days", data.SettingDefaultScenario: "text",
	data.SettingMinOverdue: "cents", data.SettingLateRateBP: "bp",
}

func checkSetting(key, value string) (string, error) {
	kind, ok := settingKinds[key]
	if !ok {
		var keys []string
		for k := range settingKinds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return "", usageError{resources.T("settings.unknown", map[string]any{"Key": key, "Keys": strings.Join(keys, ", ")})}
	}
	bad := func() error {
		return usageError{resources.T("settings.bad."+kind, map[string]any{"Key": key, "Value": value})}
	}
	value = strings.TrimSpace(value)
	// Address lines arrive from a shell as "\n" escapes.
	value = strings.ReplaceAll(value, `\n`, "\n")
	switch kind {
	case "port":
		if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 65535 {
			return "", bad()
		}
	case "tls":
		if value != "starttls" && value != "tls" && value != "none" {
			return "", bad()
		}
	case "bool":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return "", bad()
		}
		value = strconv.FormatBool(b)
	case "email":
		if _, err := mail.ParseAddress(value); err != nil {
			return "", bad()
		}
	case "siret":
		digits := strings.ReplaceAll(value, " ", "")
		if _, err := strconv.Atoi(digits); err != nil || (len(digits) != 9 && len(digits) != 14) {
			return "", bad()
		}
	case "file":
		if _, err := os.Stat(value); err != nil {
			return "", bad()
		}
	case "days", "cents", "bp":
		if n, err := strconv.Atoi(value); err != nil || n < 0 {
			return "", bad()
		}
	}
	return value, nil
}

// cmdSettings: settings (list), settings get KEY, settings set KEY VALUE.
func cmdSettings(ctx context.Context, env Env, args []string) error {
	l, err := open(env)
	if err != nil {
		return err
	}
	defer l.Close()
	switch {
	case len(args) == 0:
		var keys []string
		for k := range settingKinds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v, err := l.Setting(ctx, k, "")
			if err != nil {
				return err
			}
			if v != "" {
				fmt.Fprintf(env.Stdout, "%s = %s\n", k, strings.ReplaceAll(v, "\n", `\n`))
			}
		}
		return nil
	case args[0] == "get" && len(args) == 2:
		if _, ok := settingKinds[args[1]]; !ok {
			_, err := checkSetting(args[1], "")
			return err
		}
		v, err := l.Setting(ctx, args[1], "")
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, v)
		return nil
	case args[0] == "set" && len(args) == 3:
		v, err := checkSetting(args[1], args[2])
		if err != nil {
			return err
		}
		return l.SetSetting(ctx, args[1], v)
	}
	return usageError{resources.T("settings.usage")}
}
