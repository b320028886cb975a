package data

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"encaisse/data/importer"
)

// bigCSV writes n invoice rows over n/5 customers.
func bigCSV(t testing.TB, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû;E-mail")
	for i := 0; i < n; i++ {
		c := i % max(1, n/5)
		fmt.Fprintf(w, "C%05d;Client %d SARL;F%07d;%02d/%02d/2026;%02d/%02d/2026;%d,%02d;%d,%02d;compta@client%d.fr\n",
			c, c, i, 1+i%28, 1+i%10, 1+i%28, 2+i%10, 100+i%9000, i%100, 100+i%9000, i%100, c)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// TestKillHelper is the child process of TestKillDuringImport.
func TestKillHelper(t *testing.T) {
	db, file := os.Getenv("ENCAISSE_KILL_DB"), os.Getenv("ENCAISSE_KILL_FILE")
	if db == "" {
		t.Skip("child process of TestKillDuringImport")
	}
	l, err := Open(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Import(ctx, file, ImportOptions{AsOf: day("2026-11-20"), ConfirmSettle: true,
		Progress: func(done, _ int) { fmt.Printf("progress %d\n", done) }})
	t.Fatalf("the import should have been killed, it ended with %v", err)
}

// Killing the process in the middle of a 100,000-row import leaves the ledger as it was.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "ledger.db")
	l, err := Open(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Import(ctx, writeFile(t, "w1.csv", week1), ImportOptions{AsOf: day("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	before := openItems(t, l)
	l.Close()

	big := bigCSV(t, dir, 100000)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillHelper$", "-test.v")
	cmd.Env = append(os.Environ(), "ENCAISSE_KILL_DB="+db, "ENCAISSE_KILL_FILE="+big)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killedAt := 0
	for sc.Scan() {
		if n, ok := strings.CutPrefix(sc.Text(), "progress "); ok {
			if v, _ := strconv.Atoi(n); v >= 30000 {
				killedAt = v
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	if killedAt == 0 {
		t.Fatal("the child never got far enough into the import to be killed")
	}
	l, err = Open(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if res, err := l.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check after kill: %q %v", res, err)
	}
	if after := openItems(t, l); !equalMap(before, after) {
		t.Fatalf("killed at row %d: ledger changed: %d open items, had %d", killedAt, len(after), len(before))
	}
	last, _ := l.LastImport(ctx)
	if last == nil || last.FileName != "w1.csv" {
		t.Fatalf("the killed import left a trace: %+v", last)
	}
}

// A FEC goes through the same ledger path: format detected, open items per customer.
func TestImportFECIntoLedger(t *testing.T) {
	l := openTemp(t)
	path := filepath.Join("importer", "testdata", "fec", "sage_tab.txt")
	rep, err := l.Import(ctx, path, ImportOptions{AsOf: day("2026-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != FormatFEC {
		t.Fatalf("format %s", rep.Format)
	}
	f, _ := os.Open(path)
	defer f.Close()
	res, err := importer.ParseFEC(f, importer.FECOptions{AsOf: day("2026-03-31"), DefaultTerms: 30})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for _, r := range res.Records {
		if r.Open != 0 {
			want[r.Number] = int64(r.Open)
		}
	}
	got := openItems(t, l)
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("open items %v, want %v", got, want)
	}
	for n, v := range want {
		if int64(got[n]) != v {
			t.Fatalf("%s open %d, want %d", n, got[n], v)
		}
	}
	if rep.New != len(res.Records) {
		t.Fatalf("new %d, records %d", rep.New, len(res.Records))
	}
}
