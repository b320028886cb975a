package dunning

import (
	"slices"
	"strings"
	"testing"

	"encaisse/data/money"
)

func TestCallQueue(t *testing.T) {
	agendaFrench(t)
	date := agendaDay(5) // 25/11/2026: promises dated 20/11 are broken after two days of grace
	inv := func(cust, num string, daysLate int, open money.Cents) Item {
		it := agendaInv(num, daysLate-5, open)
		it.Customer = cust
		return it
	}
	broken := func(cust string) Promise {
		return Promise{Customer: cust, Date: agendaToday, Amount: 100000, Created: agendaDay(-10)}
	}
	b := agendaBook()
	b.Customers = []Customer{
		{Code: "S1", Name: "Stratège SA", Phone: "01 11", Strategic: true, Scenario: "Clients stratégiques"},
		{Code: "B1", Name: "Gros Compte", Phone: "01 22"},
		{Code: "B2", Name: "Deux Factures"},
		{Code: "B3", Name: "Petit Promis"},
		{Code: "A1", Name: "Ajouté Email"},
		{Code: "A2", Name: "Ajouté Récent"},
		{Code: "E1", Name: "Email Seul"},
	}
	b.Items = []Item{
		inv("S1", "S1-1", 45, 234500),
		inv("B1", "B1-1", 30, 500000),
		inv("B2", "B2-1", 31, 1001), inv("B2", "B2-2", 31, 1001),
		inv("B3", "B3-1", 30, 10000),
		inv("A1", "A1-1", 5, 30000),
		inv("A2", "A2-1", 30, 20000),
		inv("E1", "E1-1", 5, 90000000),
	}
	b.Promises = []Promise{broken("S1"), broken("B3")}
	b.Actions = []Action{{Customer: "A2", On: date.AddDays(-2), Channel: Email}}
	b.LastImport = date

	calls := CallQueue(b, date, []string{"A1", "A2", "ZZ", "B1", "A1"})
	type row struct {
		code      string
		priority  int64
		broken    int
		added     bool
		strategic bool
		proposal  string // channel of the proposal, "" when none
	}
	var got []row
	for _, c := range calls {
		r := row{c.Customer, c.Priority, c.BrokenPromises, c.Added, c.Strategic, ""}
		if c.Proposal != nil {
			r.proposal = string(c.Proposal.Channel)
		}
		got = append(got, r)
	}
	want := []row{
		{"S1", 586250, 1, false, true, "phone"}, // 2 345,00 € × (30 + 45) / 30
		{"B3", 20000, 1, false, false, "phone"},
		{"B1", 1000000, 0, true, false, "phone"},
		{"A2", 40000, 0, true, false, ""},
		{"A1", 35000, 0, true, false, "email"},
		{"B2", 4071, 0, false, false, "phone"}, // 2 × 10,01 × 61 / 30 = 40,707: rounded once, not per invoice
	}
	if !slices.Equal(got, want) {
		t.Fatalf("queue\n got %v\nwant %v", got, want)
	}

	s1 := calls[0]
	wantReason := "Promesse du 20/11/2026 non tenue · 2\u00a0345,00\u00a0€ échus, le plus ancien depuis 45 jours · client stratégique"
	if s1.Reason != wantReason {
		t.Errorf("reason\n got %q\nwant %q", s1.Reason, wantReason)
	}
	if s1.Name != "Stratège SA" || s1.Phone != "01 11" || s1.Currency != "EUR" || s1.Overdue != 234500 ||
		s1.OldestDaysLate != 45 || !slices.Equal(s1.Invoices, []string{"S1-1"}) || s1.Proposal.Step != "Appel" ||
		!s1.Proposal.BrokenPromise {
		t.Errorf("S1 call %+v, proposal %+v", s1, s1.Proposal)
	}
	a2 := calls[3]
	if a2.Overdue != 20000 || a2.OldestDaysLate != 30 || !slices.Equal(a2.Invoices, []string{"A2-1"}) {
		t.Errorf("A2 figures %+v", a2)
	}
	for _, part := range []string{"200,00\u00a0€ échus, le plus ancien depuis 30 jours", "ajouté à la liste d'appels", "Dernier contact le 23/11/2026"} {
		if !strings.Contains(a2.Reason, part) {
			t.Errorf("A2 reason %q lacks %q", a2.Reason, part)
		}
	}
	if !strings.Contains(calls[4].Reason, "ajouté à la liste d'appels") || strings.Contains(calls[2].Reason, "ajouté") {
		t.Errorf("added marks: A1 %q, B1 %q", calls[4].Reason, calls[2].Reason)
	}
}

func TestCallQueueEdges(t *testing.T) {
	agendaFrench(t)
	cases := []struct {
		name    string
		items   []Item
		edit    func(b *Book)
		added   []string
		want    int // calls
		overdue money.Cents
		reason  string
	}{
		{name: "nobody to call", items: []Item{agendaInv("F1", 5, 50000)}},
		{name: "added customer with nothing overdue", items: []Item{agendaInv("F1", -5, 50000)}, added: []string{"C1"},
			want: 1, reason: "ajouté à la liste d'appels · Aucune facture échue : prochaine échéance le 25/11/2026"},
		{name: "added customer with no open item", added: []string{"C1"}, want: 1, reason: "ajouté à la liste d'appels"},
		{name: "added customer on hold keeps its figures", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) { b.Customers[0].OnHold = true }, added: []string{"C1"}, want: 1, overdue: 50000,
			reason: "500,00\u00a0€ échus, le plus ancien depuis 30 jours · ajouté à la liste d'appels · Client en attente"},
		{name: "two broken promises", items: []Item{agendaInv("F1", 30, 50000)},
			edit: func(b *Book) {
				b.Promises = []Promise{
					{Customer: "C1", Date: agendaDay(-12), Amount: 100, Created: agendaDay(-20), Items: []string{"F1"}},
					{Customer: "C1", Date: agendaDay(-4), Amount: 100, Created: agendaDay(-8)},
				}
			}, want: 1, overdue: 50000, reason: "2 promesses non tenues, la dernière du 16/11/2026 · 500,00\u00a0€"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := agendaBook(tc.items...)
			if tc.edit != nil {
				tc.edit(&b)
			}
			calls := CallQueue(b, agendaToday, tc.added)
			if len(calls) != tc.want {
				t.Fatalf("%d calls %+v, want %d", len(calls), calls, tc.want)
			}
			if tc.want == 0 {
				return
			}
			c := calls[0]
			if c.Overdue != tc.overdue || !strings.HasPrefix(c.Reason, tc.reason) {
				t.Errorf("overdue %d reason %q; want %d and a reason starting %q", c.Overdue, c.Reason, tc.overdue, tc.reason)
			}
		})
	}
}
