package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSettingsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	for _, kv := range [][2]string{{"company.name", "Menuiserie Dubois SARL"}, {"company.address", `12 rue des Lilas\n69003 Lyon`},
		{"smtp.port", "587"}, {"smtp.tls", "starttls"}, {"company.siret", "123 456 789 00012"}} {
		if code, _, stderr := run(t, db, "settings", "set", kv[0], kv[1]); code != ExitOK {
			t.Fatalf("set %s: %d %s", kv[0], code, stderr)
		}
	}
	if code, out, _ := run(t, db, "settings", "get", "company.address"); code != ExitOK || out != "12 rue des Lilas\n69003 Lyon\n" {
		t.Fatalf("get address: %q", out)
	}
	if _, out, _ := run(t, db, "settings"); !strings.Contains(out, "company.name = Menuiserie Dubois SARL") || !strings.Contains(out, `Lilas\n69003`) {
		t.Fatalf("list: %s", out)
	}
	for _, bad := range [][]string{{"settings", "set", "smtp.port", "smtp"}, {"settings", "set", "smtp.tls", "ssl"},
		{"settings", "set", "smtp.password", "secret"}, {"settings", "set", "company.siret", "12"}, {"settings", "frobnicate"},
		{"settings", "set", "smtp.from", "pas une adresse"}} {
		if code, _, stderr := run(t, db, bad...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d %q", bad, code, stderr)
		}
	}
}
