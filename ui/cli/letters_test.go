package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// A ledger with a company identity, two overdue invoices for an accented customer and the
// late-payment rates of the semester (test figures: 1 % ECB, 3 % legal rate).
func lettersLedger(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	csv := filepath.Join(dir, "export.csv")
	os.WriteFile(csv, []byte("Code client;Raison sociale;N° facture;Date facture;Échéance;Montant TTC;Reste dû;E-mail;Adresse\n"+
		"C1;Œuvres Lefèvre;F2026-101;01/09/2026;01/10/2026;1234,56;1234,56;compta@lefevre.fr;3 place Bellecour, 69002 Lyon\n"+
		"C1;Œuvres Lefèvre;F2026-117;15/09/2026;15/10/2026;600,00;450,00;;\n"+
		"C1;Œuvres Lefèvre;F2026-140;10/11/2026;10/12/2026;99,00;99,00;;\n"), 0o644)
	for _, args := range [][]string{
		{"import", csv, "--as-of", "2026-11-20"},
		{"settings", "set", "company.name", "Menuiserie Dubois SARL"},
		{"settings", "set", "company.address", `12 rue des Lilas\n69003 Lyon`},
		{"settings", "set", "company.city", "Lyon"},
		{"settings", "set", "company.siret", "12345678900012"},
		{"settings", "set", "company.signatory", "Élodie Martin"},
		{"settings", "set", "company.iban", "FR76 3000 6000 0112 3456 7890 189"},
		{"settings", "set", "company.bic", "AGRIFRPP"},
		{"settings", "set", "smtp.from", "compta@dubois-menuiserie.fr"},
		{"rates", "set", "2026-S2", "--ecb", "1", "--legal", "3"},
	} {
		if code, _, stderr := run(t, db, args...); code != ExitOK {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	return db, dir
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("ENCAISSE_REQUIRE_PDFTOOLS") == "1" {
			t.Fatal("pdftotext is required (poppler-utils)")
		}
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func TestFormalNoticeLetter(t *testing.T) {
	db, dir := lettersLedger(t)
	out := filepath.Join(dir, "med.pdf")
	code, stdout, stderr := run(t, db, "letter", "--customer", "C1", "--template", "mise-en-demeure", "--out", out)
	if code != ExitOK {
		t.Fatalf("letter: %d %s", code, stderr)
	}
	text := pdfText(t, out)
	for _, want := range []string{"Œuvres Lefèvre", "3 place Bellecour", "69002 Lyon", "F2026-101", "1 234,56 €", "F2026-117",
		"450,00 €", "1 684,56 €", "80,00 €", "Lettre recommandée avec accusé de réception", "Menuiserie Dubois SARL"} {
		if !strings.Contains(text, want) {
			t.Errorf("the formal notice lacks %q", want)
		}
	}
	if strings.Contains(text, "F2026-140") {
		t.Error("an invoice not yet due is claimed")
	}
	if !strings.Contains(stdout, "R-2026-") {
		t.Errorf("no reference announced: %q", stdout)
	}
	// A copy is kept beside the ledger.
	docs, _ := filepath.Glob(filepath.Join(dir, "l.documents", "2026", "11", "*.pdf"))
	if len(docs) != 1 {
		t.Fatalf("stored documents %v", docs)
	}
	if os.Getenv("ENCAISSE_PDF_SHOTS") != "" {
		exec.Command("pdftoppm", "-png", "-r", "60", out, filepath.Join(os.Getenv("ENCAISSE_PDF_SHOTS"), "mise-en-demeure")).Run()
	}
}

func TestEmailDraftAndFailedSend(t *testing.T) {
	db, dir := lettersLedger(t)
	eml := filepath.Join(dir, "relance.eml")
	if code, _, stderr := run(t, db, "email", "--customer", "C1", "--template", "relance2", "--out", eml); code != ExitOK {
		t.Fatalf("email: %d %s", code, stderr)
	}
	raw, _ := os.ReadFile(eml)
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if msg.Header.Get("To") != "<compta@lefevre.fr>" && !strings.Contains(msg.Header.Get("To"), "compta@lefevre.fr") {
		t.Errorf("To = %q", msg.Header.Get("To"))
	}
	if !strings.Contains(subject, "[Réf. R-2026-") {
		t.Errorf("subject %q has no reference tag", subject)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasSuffix(id, "@dubois-menuiserie.fr>") {
		t.Errorf("Message-ID %q is not ours", id)
	}
	if msg.Header.Get("X-Unsent") != "1" {
		t.Error("draft without X-Unsent")
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var pdf bool
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "application/pdf") {
			pdf = true
		}
	}
	if !pdf {
		t.Error("no PDF attached")
	}

	// A server that is not there: the message stays in the outbox with the reason.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	run(t, db, "settings", "set", "smtp.host", "127.0.0.1")
	run(t, db, "settings", "set", "smtp.port", strconv.Itoa(port))
	if code, _, stderr := run(t, db, "send", "--customer", "C1", "--template", "relance1"); code != ExitError || !strings.Contains(stderr, "outbox") {
		t.Fatalf("send to nowhere: %d %q", code, stderr)
	}
	code, out, _ := run(t, db, "outbox", "--json")
	var box []map[string]any
	json.Unmarshal([]byte(out), &box)
	if code != ExitOK || len(box) != 1 || box[0]["status"] != "failed" || box[0]["error"] == "" {
		t.Fatalf("outbox after a failed send: %s", out)
	}
	if _, out, _ := run(t, db, "agenda", "--json"); !strings.Contains(out, `"C1"`) {
		t.Fatal("a failed send counted as a contact")
	}
}

// sink is an SMTP server that accepts every message, for the sending path end to end.
type sink struct {
	mu   sync.Mutex
	msgs [][]byte
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }

type sinkSession struct{ s *sink }

func (*sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (*sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (x *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, b)
	x.s.mu.Unlock()
	return err
}
func (*sinkSession) Reset()        {}
func (*sinkSession) Logout() error { return nil }

// A message the server accepts leaves the outbox and counts as the customer's reminder.
func TestSendThroughSMTP(t *testing.T) {
	db, _ := lettersLedger(t)
	be := &sink{}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	run(t, db, "settings", "set", "smtp.host", "127.0.0.1")
	run(t, db, "settings", "set", "smtp.port", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	run(t, db, "settings", "set", "smtp.tls", "none")
	code, out, stderr := run(t, db, "send", "--customer", "C1", "--template", "relance1")
	if code != ExitOK {
		t.Fatalf("send: %d %s %s", code, out, stderr)
	}
	be.mu.Lock()
	got := be.msgs
	be.mu.Unlock()
	if len(got) != 1 || !bytes.Contains(got[0], []byte("@dubois-menuiserie.fr>")) || !bytes.Contains(got[0], []byte("F2026-101")) {
		t.Fatalf("delivered %d messages: %.300s", len(got), got)
	}
	_, out, _ = run(t, db, "outbox", "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("outbox after success: %s", out)
	}
	_, out, _ = run(t, db, "outbox", "--json", "--all")
	if !strings.Contains(out, `"status": "sent"`) {
		t.Fatalf("sent message not kept: %s", out)
	}
	if _, out, _ := run(t, db, "agenda", "--json"); strings.Contains(out, `"C1"`) {
		t.Fatal("the customer just reminded is proposed again")
	}
}

// A user's template replaces the shipped one until reset; one with a mistake is refused with
// its line, and nothing changes.
func TestEditedTemplate(t *testing.T) {
	db, dir := lettersLedger(t)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Rappel [Réf. {{référence}}]\n\nBonjour,\n\nMerci de régler {{totl}}.\n"), 0o644)
	code, _, stderr := run(t, db, "template", "set", "relance1", "--file", bad)
	if code != ExitError || !strings.Contains(stderr, "3") || !strings.Contains(stderr, "total") {
		t.Fatalf("bad template: %d %q", code, stderr)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Petit rappel [Réf. {{référence}}]\n\nBonjour,\n\nIl reste {{total}} à régler chez {{société.nom}}.\n\n[[tableau]]\n"), 0o644)
	if code, _, stderr := run(t, db, "template", "set", "relance1", "--file", good); code != ExitOK {
		t.Fatalf("good template: %d %q", code, stderr)
	}
	_, shown, _ := run(t, db, "template", "show", "relance1")
	if !strings.HasPrefix(shown, "Petit rappel") {
		t.Fatalf("show after set: %q", shown)
	}
	out := filepath.Join(dir, "r1.pdf")
	if code, _, stderr := run(t, db, "letter", "--customer", "C1", "--template", "relance1", "--out", out); code != ExitOK {
		t.Fatalf("letter: %s", stderr)
	}
	if text := pdfText(t, out); !strings.Contains(text, "Il reste 1 684,56 €") {
		t.Fatalf("edited template not used:\n%s", text)
	}
	run(t, db, "template", "reset", "relance1")
	if _, shown, _ := run(t, db, "template", "show", "relance1"); strings.HasPrefix(shown, "Petit rappel") {
		t.Fatal("reset kept the user's text")
	}
}
