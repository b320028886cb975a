package dunning

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// agendaToday is the date every agenda test runs at unless it says otherwise.
var agendaToday = civil.New(2026, time.November, 20)

// agendaDay is agendaToday moved by n days (negative: in the past).
func agendaDay(n int) civil.Date { return agendaToday.AddDays(n) }

// agendaInv is an open EUR invoice of C1 that is daysLate days overdue at agendaToday.
func agendaInv(num string, daysLate int, open money.Cents) Item {
	due := agendaDay(-daysLate)
	return Item{Number: num, Customer: "C1", Kind: Invoice, Issued: due.AddDays(-30), Due: due,
		Amount: open, Open: open, Currency: "EUR", FirstSeen: due.AddDays(-30)}
}

// agendaCredit is an open credit note of C1 (open is given positive).
func agendaCredit(num string, open money.Cents) Item {
	d := agendaDay(-10)
	return Item{Number: num, Customer: "C1", Kind: Credit, Issued: d, Due: d, Amount: -open, Open: -open, Currency: "EUR"}
}

// agendaAct is an action with C1 daysAgo days before agendaToday.
func agendaAct(step string, daysAgo int) Action {
	return Action{Customer: "C1", On: agendaDay(-daysAgo), Channel: Email, Scenario: "Standard", Step: step}
}

// agendaBook is a fresh ledger with customer C1 and the given items.
func agendaBook(items ...Item) Book {
	return Book{
		Customers:  []Customer{{Code: "C1", Name: "Dupont SARL", Phone: "01 02 03 04 05"}},
		Items:      items,
		Scenarios:  DefaultScenarios(),
		Settings:   DefaultSettings(),
		LastImport: agendaToday,
	}
}

// agendaWant is what a test expects for customer C1.
type agendaWant struct {
	step     string // proposed step; "" when C1 must be skipped with skip
	skip     string
	validate bool
	overdue  money.Cents
	invoices []string
	credits  []string
	broken   bool
	reason   []string // parts the reason must contain
}

func agendaCheck(t *testing.T, res AgendaResult, want agendaWant) {
	t.Helper()
	var got *Proposal
	for i := range res.Proposals {
		if res.Proposals[i].Customer == "C1" {
			got = &res.Proposals[i]
		}
	}
	var skip *Skip
	for i := range res.Skipped {
		if res.Skipped[i].Customer == "C1" {
			skip = &res.Skipped[i]
		}
	}
	if got != nil && skip != nil {
		t.Fatalf("C1 both proposed (%s) and skipped (%s)", got.Step, skip.Code)
	}
	if want.step == "" {
		if got != nil {
			t.Fatalf("C1 proposed %q (%s), want skipped %q", got.Step, got.Reason, want.skip)
		}
		if skip == nil {
			t.Fatalf("C1 neither proposed nor skipped, want skip %q", want.skip)
		}
		if skip.Code != want.skip {
			t.Fatalf("skip code %q (%s), want %q", skip.Code, skip.Reason, want.skip)
		}
		agendaContains(t, skip.Reason, want.reason)
		return
	}
	if got == nil {
		if skip != nil {
			t.Fatalf("C1 skipped %q (%s), want step %q", skip.Code, skip.Reason, want.step)
		}
		t.Fatalf("C1 not proposed, want step %q", want.step)
	}
	if got.Step != want.step {
		t.Errorf("step %q, want %q (%s)", got.Step, want.step, got.Reason)
	}
	if got.Validate != want.validate {
		t.Errorf("validate %v, want %v", got.Validate, want.validate)
	}
	if want.overdue != 0 && got.Overdue != want.overdue {
		t.Errorf("overdue %d, want %d", got.Overdue, want.overdue)
	}
	if want.invoices != nil && !slices.Equal(got.Invoices, want.invoices) {
		t.Errorf("invoices %v, want %v", got.Invoices, want.invoices)
	}
	if !slices.Equal(got.Credits, want.credits) {
		t.Errorf("credits %v, want %v", got.Credits, want.credits)
	}
	if got.BrokenPromise != want.broken {
		t.Errorf("broken promise %v, want %v", got.BrokenPromise, want.broken)
	}
	agendaContains(t, got.Reason, want.reason)
}

func agendaContains(t *testing.T, text string, parts []string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("reason %q does not contain %q", text, p)
		}
	}
}

// agendaFrench runs the tests in French, the language the reasons are checked in.
func agendaFrench(t *testing.T) {
	t.Helper()
	prev := resources.Language()
	resources.SetLanguage("fr")
	t.Cleanup(func() { resources.SetLanguage(prev) })
}

func TestAgendaRules(t *testing.T) {
	agendaFrench(t)
	cases := []struct {
		name  string
		items []Item
		edit  func(b *Book)
		want  agendaWant
	}{
		{name: "due today is not overdue", items: []Item{agendaInv("F1", 0, 50000)},
			want: agendaWant{skip: SkipNotDue, reason: []string{"prochaine échéance le 20/11/2026"}}},
		{name: "due yesterday: first step not reached", items: []Item{agendaInv("F1", 1, 50000)},
			want: agendaWant{skip: SkipNotReached, reason: []string{"« Relance 1 » le 22/11/2026", "depuis 1 jour."}}},
		{name: "day 2: not reached", items: []Item{agendaInv("F1", 2, 50000)},
			want: agendaWant{skip: SkipNotReached}},
		{name: "day 3: relance 1", items: []Item{agendaInv("F1", 3, 50000)},
			want: agendaWant{step: "Relance 1", overdue: 50000, invoices: []string{"F1"},
				reason: []string{"Relance 1 : 1 facture échue depuis 3 jours, 500,00\u00a0€."}}},
		{name: "day 14: still relance 1", items: []Item{agendaInv("F1", 14, 50000)},
			want: agendaWant{step: "Relance 1"}},
		{name: "day 15 with the app closed: relance 2, not relance 1", items: []Item{agendaInv("F1", 15, 50000)},
			want: agendaWant{step: "Relance 2"}},
		{name: "day 24: relance 2", items: []Item{agendaInv("F1", 24, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 1", 21)} },
			want: agendaWant{step: "Relance 2", reason: []string{"étape « Relance 1 » faite le 30/10/2026"}}},
		{name: "day 25: appel", items: []Item{agendaInv("F1", 25, 50000)},
			want: agendaWant{step: "Appel"}},
		{name: "day 39: appel", items: []Item{agendaInv("F1", 39, 50000)},
			want: agendaWant{step: "Appel"}},
		{name: "day 40 without reminder: formal notice waits, appel instead", items: []Item{agendaInv("F1", 40, 50000)},
			want: agendaWant{step: "Appel", reason: []string{"étape « Mise en demeure » reportée : une première relance doit partir avant"}}},
		{name: "day 40 after relance 1: mise en demeure to validate", items: []Item{agendaInv("F1", 40, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 1", 37)} },
			want: agendaWant{step: "Mise en demeure", validate: true}},
		{name: "app closed 50 days: the last ordinary step", items: []Item{agendaInv("F1", 50, 50000)},
			want: agendaWant{step: "Appel"}},
		{name: "app closed 50 days after relance 1: mise en demeure", items: []Item{agendaInv("F1", 50, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 1", 47)} },
			want: agendaWant{step: "Mise en demeure", validate: true}},
		// Litigation needs the proof of a formal notice: without one, the notice comes first.
		{name: "day 60 after relance 1 only: the formal notice before litigation", items: []Item{agendaInv("F1", 60, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 1", 57)} },
			want: agendaWant{step: "Mise en demeure", validate: true}},
		{name: "day 60 after the formal notice: contentieux", items: []Item{agendaInv("F1", 60, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{agendaAct("Relance 1", 57), agendaAct("Mise en demeure", 18)}
			},
			want: agendaWant{step: "Contentieux", validate: true}},
		{name: "an action without scenario name counts for its step", items: []Item{agendaInv("F1", 45, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{{Customer: "C1", On: agendaDay(-20), Channel: Phone, Step: "Appel"}}
			},
			want: agendaWant{step: "Mise en demeure", validate: true}},
		{name: "an action of another scenario does not count", items: []Item{agendaInv("F1", 45, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{{Customer: "C1", On: agendaDay(-20), Channel: Phone, Scenario: "Clients stratégiques", Step: "Appel"}}
			},
			want: agendaWant{step: "Appel"}},
		{name: "relance 1 of an earlier cycle does not count", items: []Item{agendaInv("F1", 45, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 1", 60)} },
			want: agendaWant{step: "Appel"}},
		{name: "relance 2 done: relance 1 never comes back", items: []Item{agendaInv("F1", 23, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Relance 2", 8)} },
			want: agendaWant{skip: SkipStepsDone, reason: []string{"« Relance 2 » faite le 12/11/2026", "« Appel » le 22/11/2026"}}},
		{name: "every step done", items: []Item{agendaInv("F1", 90, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{agendaAct("Relance 1", 87), agendaAct("Contentieux", 20)}
			},
			want: agendaWant{skip: SkipStepsDone, reason: []string{"Toutes les étapes du scénario « Standard » sont faites"}}},
		{name: "every invoice listed in one proposal, by due date", items: []Item{
			agendaInv("F3", 5, 10000), agendaInv("F1", 20, 20000), agendaInv("F2", 20, 30000), agendaInv("F4", 0, 99900),
		}, want: agendaWant{step: "Relance 2", overdue: 60000, invoices: []string{"F1", "F2", "F3"},
			reason: []string{"Relance 2 : 3 factures échues, la plus ancienne depuis 20 jours, 600,00\u00a0€."}}},
		{name: "credit notes netted in", items: []Item{agendaInv("F1", 5, 50000), agendaCredit("AV1", 12000)},
			want: agendaWant{step: "Relance 1", overdue: 38000, credits: []string{"AV1"},
				reason: []string{"380,00\u00a0€ ; avoirs et acomptes déduits : 120,00\u00a0€."}}},
		{name: "credit notes bigger than the overdue amount", items: []Item{agendaInv("F1", 30, 50000), agendaCredit("AV1", 60000)},
			want: agendaWant{skip: SkipCreditCovers, reason: []string{"(600,00\u00a0€) couvrent les factures échues (500,00\u00a0€)"}}},
		{name: "credit note equal to the overdue amount", items: []Item{agendaInv("F1", 30, 50000), agendaCredit("AV1", 50000)},
			want: agendaWant{skip: SkipCreditCovers}},
		{name: "a disputed credit note is not netted", items: []Item{agendaInv("F1", 30, 50000), agendaCredit("AV1", 60000)},
			edit: func(b *Book) { b.Disputes = []Dispute{{Item: "AV1", Opened: agendaDay(-3)}} },
			want: agendaWant{step: "Appel", overdue: 50000}},
		{name: "9,99 € is below the 10 € minimum", items: []Item{agendaInv("F1", 10, 999)},
			want: agendaWant{skip: SkipBelowMinimum, reason: []string{"9,99\u00a0€", "minimum de 10,00\u00a0€", "« Relance 1 »"}}},
		{name: "10,00 € is chased", items: []Item{agendaInv("F1", 10, 1000)},
			want: agendaWant{step: "Relance 1", overdue: 1000}},
		{name: "step minimum 0 takes the settings' minimum", items: []Item{agendaInv("F1", 10, 4999)},
			edit: func(b *Book) {
				b.Scenarios = []Scenario{{Name: "Standard", Steps: []Step{{Name: "R", Channel: Email, DelayDays: 1}}}}
				b.Settings.MinOverdue = 5000
			},
			want: agendaWant{skip: SkipBelowMinimum, reason: []string{"minimum de 50,00\u00a0€"}}},
		{name: "open dispute: not chased", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) { b.Disputes = []Dispute{{Item: "F1", Opened: agendaDay(-10)}} },
			want: agendaWant{skip: SkipDisputed, reason: []string{"La facture échue est en litige"}}},
		{name: "dispute closed: chased again", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Disputes = []Dispute{{Item: "F1", Opened: agendaDay(-20), Closed: agendaDay(-2)}}
			},
			want: agendaWant{step: "Appel"}},
		{name: "only the disputed invoice is left out", items: []Item{agendaInv("F1", 30, 50000), agendaInv("F2", 4, 7000)},
			edit: func(b *Book) { b.Disputes = []Dispute{{Item: "F1", Opened: agendaDay(-10)}} },
			want: agendaWant{step: "Relance 1", overdue: 7000, invoices: []string{"F2"}}},
		{name: "promise within grace: not chased", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(-2), Amount: 50000, Created: agendaDay(-8)}}
			},
			want: agendaWant{skip: SkipPromised, reason: []string{"pas de relance avant le 21/11/2026"}}},
		{name: "promise broken yesterday: chased, said so", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(-3), Amount: 50000, Created: agendaDay(-8)}}
			},
			want: agendaWant{step: "Appel", broken: true,
				reason: []string{"promesse de paiement du 17/11/2026 non tenue (500,00\u00a0€ promis), les relances reprennent"}}},
		{name: "promise kept by partial payments does not protect the rest", items: []Item{func() Item {
			it := agendaInv("F1", 30, 70000)
			it.Amount = 120000
			it.Payments = []Payment{{On: agendaDay(-6), Amount: 30000}, {On: agendaDay(-4), Amount: 20000}}
			return it
		}()},
			edit: func(b *Book) {
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(5), Amount: 50000, Created: agendaDay(-8)}}
			},
			want: agendaWant{step: "Appel", overdue: 70000}},
		{name: "cancelled promise does not protect", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(5), Amount: 50000, Created: agendaDay(-8), Status: PromiseCancelled}}
			},
			want: agendaWant{step: "Appel"}},
		{name: "promise naming one invoice protects only it", items: []Item{agendaInv("F1", 30, 50000), agendaInv("F2", 20, 8000)},
			edit: func(b *Book) {
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(5), Amount: 50000, Items: []string{"F1"}, Created: agendaDay(-8)}}
			},
			want: agendaWant{step: "Relance 2", overdue: 8000, invoices: []string{"F2"}}},
		{name: "disputed and promised", items: []Item{agendaInv("F1", 30, 50000), agendaInv("F2", 20, 8000)},
			edit: func(b *Book) {
				b.Disputes = []Dispute{{Item: "F2", Opened: agendaDay(-10)}}
				b.Promises = []Promise{{Customer: "C1", Date: agendaDay(5), Amount: 50000, Items: []string{"F1"}, Created: agendaDay(-8)}}
			},
			want: agendaWant{skip: SkipPromised, reason: []string{"en litige (1)", "promesse de paiement (1)", "avant le 28/11/2026"}}},
		{name: "customer on hold", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) { b.Customers[0].OnHold = true },
			want: agendaWant{skip: SkipOnHold}},
		{name: "customer back from hold: the step reached meanwhile", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Customers[0].OnHold = false
				b.Actions = []Action{agendaAct("Relance 1", 27)}
			},
			want: agendaWant{step: "Appel"}},
		{name: "contacted 6 days ago: too soon", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{{Customer: "C1", On: agendaDay(-6), Channel: Phone, Outcome: "no_answer"}}
			},
			want: agendaWant{skip: SkipRecentContact, reason: []string{"Dernier contact le 14/11/2026", "avant le 21/11/2026", "7 jours"}}},
		{name: "contacted 7 days ago: chased", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Actions = []Action{{Customer: "C1", On: agendaDay(-7), Channel: Phone, Outcome: "no_answer"}}
			},
			want: agendaWant{step: "Appel"}},
		{name: "an action after the agenda's date is ignored", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) { b.Actions = []Action{agendaAct("Appel", -1)} },
			want: agendaWant{step: "Appel"}},
		{name: "petits montants: email only, relance 3", items: []Item{agendaInv("F1", 50, 50000)},
			edit: func(b *Book) { b.Customers[0].Scenario = "Petits montants" },
			want: agendaWant{step: "Relance 3"}},
		{name: "strategic scenario: a call at day 5", items: []Item{agendaInv("F1", 5, 50000)},
			edit: func(b *Book) { b.Customers[0].Scenario = "Clients stratégiques" },
			want: agendaWant{step: "Appel de courtoisie"}},
		{name: "strategic scenario never reaches a formal notice", items: []Item{agendaInv("F1", 200, 50000)},
			edit: func(b *Book) { b.Customers[0].Scenario = "Clients stratégiques" },
			want: agendaWant{step: "Appel"}},
		{name: "default scenario from the settings", items: []Item{agendaInv("F1", 50, 50000)},
			edit: func(b *Book) { b.Settings.DefaultScenario = "Petits montants" },
			want: agendaWant{step: "Relance 3"}},
		{name: "formal notice first and nothing before it", items: []Item{agendaInv("F1", 20, 50000)},
			edit: func(b *Book) {
				b.Scenarios = []Scenario{{Name: "Standard", Steps: []Step{
					{Name: "MED", Channel: Registered, DelayDays: 10, FormalNotice: true}}}}
			},
			want: agendaWant{skip: SkipFormalWaits, reason: []string{"L'étape « MED » est atteinte"}}},
		{name: "step counted from the previous one done", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Scenarios = []Scenario{{Name: "Standard", Steps: []Step{
					{Name: "R1", Channel: Email, DelayDays: 3},
					{Name: "R2", Channel: Email, DelayDays: 10, FromPrevious: true}}}}
				b.Actions = []Action{agendaAct("R1", 8)} // R2 comes 10 days later: 2 days from now
			},
			want: agendaWant{skip: SkipStepsDone, reason: []string{"« R2 » le 22/11/2026"}}},
		{name: "the only step done before it was reached", items: []Item{agendaInv("F1", 2, 50000)},
			edit: func(b *Book) {
				b.Scenarios = []Scenario{{Name: "Standard", Steps: []Step{{Name: "R1", Channel: Email, DelayDays: 3}}}}
				b.Actions = []Action{agendaAct("R1", 1)}
			},
			want: agendaWant{skip: SkipStepsDone, reason: []string{"Toutes les étapes du scénario « Standard » sont faites (dernière : « R1 » le 19/11/2026)"}}},
		{name: "a scenario without steps falls back to the default", items: []Item{agendaInv("F1", 5, 50000)},
			edit: func(b *Book) {
				b.Scenarios = append(b.Scenarios, Scenario{Name: "Vide"})
				b.Customers[0].Scenario = "Vide"
			},
			want: agendaWant{step: "Relance 1"}},
		{name: "only empty scenarios: the shipped ones", items: []Item{agendaInv("F1", 5, 50000)},
			edit: func(b *Book) { b.Scenarios = []Scenario{{Name: "Standard"}} },
			want: agendaWant{step: "Relance 1"}},
		{name: "step counted from the previous one reached", items: []Item{agendaInv("F1", 13, 50000)},
			edit: func(b *Book) {
				b.Scenarios = []Scenario{{Name: "Standard", Steps: []Step{
					{Name: "R1", Channel: Email, DelayDays: 3},
					{Name: "R2", Channel: Email, DelayDays: 10, FromPrevious: true}}}}
			},
			want: agendaWant{step: "R2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := agendaBook(tc.items...)
			if tc.edit != nil {
				tc.edit(&b)
			}
			agendaCheck(t, Agenda(b, agendaToday), tc.want)
		})
	}
}

// The reason of the brief, word for word: three invoices, the oldest 18 days late, and the
// first reminder sent on 05/11/2026.
func TestAgendaReasonWorkedExample(t *testing.T) {
	agendaFrench(t)
	b := agendaBook(agendaInv("F1", 18, 50000), agendaInv("F2", 12, 40000), agendaInv("F3", 9, 33456))
	b.Actions = []Action{{Customer: "C1", On: civil.New(2026, time.November, 5), Channel: Email, Scenario: "Standard", Step: "Relance 1"}}
	res := Agenda(b, agendaToday)
	if len(res.Proposals) != 1 {
		t.Fatalf("proposals %+v, skipped %+v", res.Proposals, res.Skipped)
	}
	p := res.Proposals[0]
	want := "Relance 2 : 3 factures échues, la plus ancienne depuis 18 jours, 1\u00a0234,56\u00a0€ ; étape « Relance 1 » faite le 05/11/2026."
	if p.Reason != want {
		t.Errorf("reason\n got %q\nwant %q", p.Reason, want)
	}
	if p.Channel != Email || !slices.Equal(p.Also, []Channel{Letter}) || p.Template != "relance2" || p.StepIndex != 1 ||
		p.OldestDaysLate != 18 || p.Overdue != 123456 || p.CustomerName != "Dupont SARL" || p.Scenario != "Standard" {
		t.Errorf("proposal %+v", p)
	}
	resources.SetLanguage("en")
	want = "Relance 2: 3 overdue invoices, the oldest for 18 days, 1\u00a0234,56\u00a0€; step “Relance 1” done on 05/11/2026."
	if got := Agenda(b, agendaToday).Proposals[0].Reason; got != want {
		t.Errorf("English reason\n got %q\nwant %q", got, want)
	}
}

func TestAgendaCurrencies(t *testing.T) {
	agendaFrench(t)
	usd := func(num string, daysLate int, open money.Cents) Item {
		it := agendaInv(num, daysLate, open)
		it.Currency = "USD"
		return it
	}
	cases := []struct {
		name     string
		items    []Item
		currency string
		overdue  money.Cents
		others   []CurrencyAmount
		invoices []string
		reason   string
	}{
		{name: "oldest currency is the main one",
			items:    []Item{agendaInv("E1", 20, 50000), usd("U1", 30, 30000), usd("U2", 4, 1000)},
			currency: "USD", overdue: 31000, others: []CurrencyAmount{{"EUR", 50000}},
			invoices: []string{"U1", "E1", "U2"}, reason: "310,00\u00a0USD et 500,00\u00a0€"},
		{name: "a currency below the minimum is left out",
			items:    []Item{agendaInv("E1", 20, 50000), usd("U1", 30, 500)},
			currency: "EUR", overdue: 50000, invoices: []string{"E1"}, reason: "Relance 2 : 1 facture échue depuis 20 jours, 500,00\u00a0€."},
		{name: "credit notes net within their own currency",
			items: []Item{agendaInv("E1", 20, 50000), usd("U1", 30, 30000),
				func() Item { c := agendaCredit("AVU", 40000); c.Currency = "USD"; return c }()},
			currency: "EUR", overdue: 50000, invoices: []string{"E1"}},
		{name: "blank currency is euros",
			items: []Item{agendaInv("E1", 20, 50000),
				func() Item { it := agendaInv("E2", 10, 2000); it.Currency = ""; return it }()},
			currency: "EUR", overdue: 52000, invoices: []string{"E1", "E2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := Agenda(agendaBook(tc.items...), agendaToday)
			if len(res.Proposals) != 1 {
				t.Fatalf("proposals %+v skipped %+v", res.Proposals, res.Skipped)
			}
			p := res.Proposals[0]
			if p.Currency != tc.currency || p.Overdue != tc.overdue || !slices.Equal(p.Others, tc.others) ||
				!slices.Equal(p.Invoices, tc.invoices) {
				t.Errorf("got %s %d others %v invoices %v; want %s %d others %v invoices %v",
					p.Currency, p.Overdue, p.Others, p.Invoices, tc.currency, tc.overdue, tc.others, tc.invoices)
			}
			agendaContains(t, p.Reason, []string{tc.reason})
		})
	}
}

func TestAgendaWarnings(t *testing.T) {
	agendaFrench(t)
	cases := []struct {
		name string
		edit func(b *Book)
		want []string // each warning in order, by a part of it
	}{
		{name: "fresh import", edit: func(b *Book) { b.LastImport = agendaDay(-7) }},
		{name: "stale import", edit: func(b *Book) { b.LastImport = agendaDay(-8) },
			want: []string{"Dernier import le 12/11/2026 : les paiements reçus depuis manquent peut-être."}},
		{name: "never imported", edit: func(b *Book) { b.LastImport = 0 },
			want: []string{"Aucun grand livre n'a encore été importé"}},
		{name: "unknown scenario falls back to the default", edit: func(b *Book) {
			b.Customers[0].Scenario = "Ancien"
			b.Customers = append(b.Customers, Customer{Code: "C0", Scenario: "Ancien"})
		}, want: []string{"Le scénario « Ancien » n'existe pas : le scénario « Standard » est appliqué à la place pour C0, C1."}},
		{name: "unknown default scenario", edit: func(b *Book) { b.Settings.DefaultScenario = "Maison" },
			want: []string{"Le scénario par défaut « Maison » n'existe pas : le scénario « Standard » est appliqué."}},
		{name: "an invalid scenario is reported", edit: func(b *Book) {
			b.Scenarios = append(b.Scenarios, Scenario{Name: "Vide"})
		}, want: []string{"Scénario « Vide » à revoir : Le scénario « Vide » n'a aucune étape"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := agendaBook(agendaInv("F1", 5, 50000))
			tc.edit(&b)
			res := Agenda(b, agendaToday)
			if len(res.Warnings) != len(tc.want) {
				t.Fatalf("warnings %q, want %d", res.Warnings, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(res.Warnings[i], w) {
					t.Errorf("warning %q does not contain %q", res.Warnings[i], w)
				}
			}
			if res.Date != agendaToday {
				t.Errorf("date %v", res.Date)
			}
		})
	}
	// The fallback still proposes the default scenario's step.
	b := agendaBook(agendaInv("F1", 5, 50000))
	b.Customers[0].Scenario = "Ancien"
	agendaCheck(t, Agenda(b, agendaToday), agendaWant{step: "Relance 1"})
}

func TestAgendaOrderAndSkipped(t *testing.T) {
	agendaFrench(t)
	inv := func(cust, num string, daysLate int, open money.Cents) Item {
		it := agendaInv(num, daysLate, open)
		it.Customer = cust
		return it
	}
	b := agendaBook()
	b.Customers = []Customer{
		{Code: "P2"}, {Code: "E1"}, {Code: "P1"}, {Code: "E2"}, {Code: "E3"}, {Code: "L1"}, {Code: "H1", OnHold: true},
		{Code: "N1"}, {Code: "Z1"}, {Code: "E1"},
	}
	b.Items = []Item{
		inv("P2", "a", 30, 10000), inv("E1", "b", 5, 20000), inv("P1", "c", 30, 90000), inv("E2", "d", 5, 20000),
		inv("E3", "e", 16, 50000), inv("L1", "f", 45, 70000), inv("H1", "g", 45, 70000), inv("N1", "h", -3, 70000),
		inv("Z1", "i", 10, 0), inv("X9", "j", 30, 10000), // Z1 has paid; X9 is no known customer
	}
	b.Actions = []Action{{Customer: "L1", On: agendaDay(-40), Scenario: "Standard", Step: "Relance 1"}}
	res := Agenda(b, agendaToday)
	var got []string
	for _, p := range res.Proposals {
		got = append(got, p.Customer+":"+p.Step)
	}
	want := []string{"E3:Relance 2", "E1:Relance 1", "E2:Relance 1", "L1:Mise en demeure", "P1:Appel", "P2:Appel"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	var skipped []string
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Customer+":"+s.Code)
	}
	if want := []string{"H1:on_hold", "N1:not_due"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	if again := Agenda(b, agendaToday); !slices.EqualFunc(again.Proposals, res.Proposals, func(a, b Proposal) bool {
		return a.Customer == b.Customer && a.Reason == b.Reason
	}) {
		t.Error("two runs differ")
	}
}

// The run's own filling of placeholders must write exactly what resources.T writes, in
// both languages, for every key; and a text it cannot fill goes through T.
func TestAgendaTextMatchesT(t *testing.T) {
	prev := resources.Language()
	t.Cleanup(func() { resources.SetLanguage(prev) })
	args := map[string]any{}
	var fields []string
	for i, name := range []string{"Scenario", "Step", "Index", "Days", "Channel", "Previous", "PreviousDays", "Count",
		"Amount", "Date", "Formal", "Disputed", "Promised", "Credits", "Overdue", "Minimum", "Done", "Next", "Name",
		"Default", "Customers", "Error"} {
		value := name + " «é» " + strconv.Itoa(i*7)
		args[name] = value
		fields = append(fields, name, value)
	}
	n := 0
	for _, lang := range resources.Languages {
		resources.SetLanguage(lang)
		r := agendaNewRun(&Book{}, agendaToday) // a new run reads its texts in this language
		for _, key := range resources.Keys(lang) {
			if !strings.HasPrefix(key, "agenda.") {
				continue
			}
			n++
			got, want := r.t(key, fields...), resources.T(key, args)
			if got != want {
				t.Errorf("%s %s: run %q, T %q", lang, key, got, want)
			}
			if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
				t.Errorf("%s %s: placeholder left in %q", lang, key, got)
			}
		}
	}
	if n < 80 {
		t.Errorf("only %d agenda keys checked in two languages", n)
	}

	resources.SetLanguage("fr")
	r := agendaNewRun(&Book{}, agendaToday)
	w := r.newWorker()
	if got := w.days(1) + " / " + w.days(18) + " / " + w.days(18) + " / " + w.days(1000); got != "1 jour / 18 jours / 18 jours / 1000 jours" {
		t.Errorf("days %q", got)
	}
	if got := r.codeList([]string{"A", "B", "C", "D", "E", "F", "G"}); got != "A, B, C, D, E et 2 autres" {
		t.Errorf("code list %q", got)
	}
	if got := r.and([]string{"1", "2", "3"}); got != "1, 2 et 3" {
		t.Errorf("and %q", got)
	}
	// A field the caller did not give: the template engine decides, after what was written.
	text := w.reason("agenda.reason.sep", 0)
	text.add("agenda.call.added")
	text.add("agenda.days.many")
	if want := "ajouté à la liste d'appels ; " + resources.T("agenda.days.many", map[string]any{}); text.b.String() != want {
		t.Errorf("fallback %q, want %q", text.b.String(), want)
	}
	var b strings.Builder
	agendaFill(&b, "k", "{{if .A}}oui{{end}} {{.B}}", []string{"A", "x", "B", "y"})
	if b.String() != "k" { // T is asked for key "k", which does not exist: it returns the key
		t.Errorf("complex template %q", b.String())
	}
}
