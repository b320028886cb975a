package data

import (
	"os"
	"strings"
	"testing"

	"encaisse/dunning"
)

// A queued message stays in the outbox through failures, with the server's answer; only
// the accepted one reaches the history, with its document, and advances the scenario.
func TestOutboxLifecycle(t *testing.T) {
	l := openTemp(t)
	ctx := t.Context()
	csv := writeFile(t, "a.csv", "Code client;Client;N° facture;Date;Échéance;Montant\nC1;Alpha;F1;01/10/2026;15/11/2026;100,00\n")
	if _, err := l.Import(ctx, csv, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	r1, _ := l.NextReference(ctx, day("2026-11-20"))
	r2, _ := l.NextReference(ctx, day("2026-11-20"))
	if r1 != "R-2026-0001" || r2 != "R-2026-0002" {
		t.Fatalf("references %s %s", r1, r2)
	}
	id, err := l.QueueMessage(ctx, OutboxInput{Customer: "C1", MessageID: "<a1." + r1 + "@example.fr>", Reference: r1,
		Template: "relance1", Scenario: "Standard", Step: "Relance 1", To: "compta@alpha.fr", Subject: "Relance [Réf. " + r1 + "]",
		Raw: []byte("Subject: x\r\n\r\nbody"), Items: []string{"F1"}, On: day("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.MarkFailed(ctx, id, "550 5.1.1 mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	box, _ := l.Outbox(ctx, false)
	if len(box) != 1 || box[0].Status != OutboxFailed || !strings.Contains(box[0].Error, "550") || box[0].Attempts != 1 || box[0].Items[0] != "F1" {
		t.Fatalf("outbox after failure: %+v", box)
	}
	if raw, err := os.ReadFile(l.DocumentPath(box[0].Document)); err != nil || string(raw) != "Subject: x\r\n\r\nbody" {
		t.Fatalf("stored message: %q %v", raw, err)
	}
	b, _ := l.LoadBook(ctx, BookOptions{})
	if len(b.Actions) != 0 {
		t.Fatal("a failed message was logged as sent")
	}
	if err := l.MarkSent(ctx, id, day("2026-11-20")); err != nil {
		t.Fatal(err)
	}
	if box, _ := l.Outbox(ctx, false); len(box) != 0 {
		t.Fatalf("sent message still waiting: %+v", box)
	}
	b, _ = l.LoadBook(ctx, BookOptions{})
	if len(b.Actions) != 1 || b.Actions[0].Step != "Relance 1" || b.Actions[0].Channel != dunning.Email {
		t.Fatalf("actions %+v", b.Actions)
	}
	h, _ := l.History(ctx, "C1")
	var found bool
	for _, e := range h {
		if e.Kind == "action.email" && e.Document != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("history has no sent email with its document: %+v", h)
	}
	if err := l.MarkFailed(ctx, id, "late failure"); err == nil {
		t.Fatal("a sent message was marked failed")
	}
}
