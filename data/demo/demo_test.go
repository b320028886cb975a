package demo

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/data/money"
)

var today = civil.New(2026, 3, 16) // a Monday

func generate(t *testing.T, opt Options) *Dataset {
	t.Helper()
	ds, err := Generate(opt)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opt, err)
	}
	return ds
}

func TestSameSeedSameData(t *testing.T) {
	a := generate(t, Options{Seed: 7, Today: today})
	b := generate(t, Options{Seed: 7, Today: today})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different datasets")
	}
	c := generate(t, Options{Seed: 8, Today: today})
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same dataset")
	}
	// Zero seed means seed 1.
	if !reflect.DeepEqual(generate(t, Options{Today: today}), generate(t, Options{Seed: 1, Today: today})) {
		t.Fatal("seed 0 is not seed 1")
	}
}

func TestErrors(t *testing.T) {
	for _, opt := range []Options{
		{},
		{Customers: -1, Today: today},
		{Invoices: -1, Today: today},
		{Months: -1, Today: today},
	} {
		if _, err := Generate(opt); err == nil {
			t.Errorf("Generate(%+v): no error", opt)
		}
	}
}

func TestDefaultInvariants(t *testing.T) {
	opt := Options{Today: today}
	ds := generate(t, opt)
	if len(ds.Customers) != 60 || len(ds.Records) != 900 {
		t.Fatalf("got %d customers, %d records; want 60, 900", len(ds.Customers), len(ds.Records))
	}
	checkInvariants(t, ds, today, 18)
	checkScenario(t, ds, today)
}

// Other seeds and a weekend as-of date must give the same kind of ledger.
func TestScenarioAcrossSeeds(t *testing.T) {
	for seed := uint64(2); seed <= 25; seed++ {
		day := today.AddDays(int(seed % 7)) // includes a Saturday and a Sunday
		ds := generate(t, Options{Seed: seed, Today: day})
		checkInvariants(t, ds, day, 18)
		checkScenario(t, ds, day)
		if t.Failed() {
			t.Fatalf("seed %d, today %s", seed, day)
		}
	}
}

func TestHolidays(t *testing.T) {
	h := holidays(2026, 2026)
	for _, d := range []civil.Date{
		civil.New(2026, 1, 1), civil.New(2026, 4, 6), civil.New(2026, 5, 1), civil.New(2026, 5, 8),
		civil.New(2026, 5, 14), civil.New(2026, 5, 25), civil.New(2026, 7, 14), civil.New(2026, 8, 15),
		civil.New(2026, 11, 1), civil.New(2026, 11, 11), civil.New(2026, 12, 25),
	} {
		if !h[d] {
			t.Errorf("%s is not a holiday", d)
		}
	}
	if len(h) != 11 {
		t.Errorf("%d holidays in 2026", len(h))
	}
	for y, want := range map[int]civil.Date{2024: civil.New(2024, 3, 31), 2025: civil.New(2025, 4, 20), 2027: civil.New(2027, 3, 28)} {
		if got := easter(y); got != want {
			t.Errorf("Easter %d: %s, want %s", y, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"Menuiserie Dubois SARL":                  "menuiserie-dubois",
		"Établissements Lefèvre & Fils SAS":       "ets-lefevre-fils",
		"Centre hospitalier de Saint-Étienne":     "ch-saint-etienne",
		"Société dauphinoise d'emballage SA":      "societe-dauphinoise-emballage",
		"Centre communal d'action sociale d'Aix":  "ccas-aix",
		"Lycée professionnel Jean Moulin, Roanne": "lp-jean-moulin-roanne",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := personal("Anne-Sophie", "Le Gall"); got != "anne-sophie.legall" {
		t.Errorf("personal: %q", got)
	}
	for in, want := range map[string]string{"Lyon": "de Lyon", "Annecy": "d'Annecy", "Le Mans": "du Mans", "Évry": "d'Évry"} {
		if got := of(in); got != want {
			t.Errorf("of(%q) = %q, want %q", in, got, want)
		}
	}
	for s, ok := range map[string]bool{"732829320": true, "732829321": false, "": false, "73282932a": false} {
		if LuhnValid(s) != ok {
			t.Errorf("LuhnValid(%q) = %v", s, !ok)
		}
	}
}

// Other sizes and as-of dates (a public holiday, a year end) keep the scenario.
func TestScenarioAcrossSizes(t *testing.T) {
	for _, opt := range []Options{
		{Customers: 200, Invoices: 3000, Today: civil.New(2026, 1, 1)},
		{Customers: 40, Invoices: 500, Months: 12, Today: civil.New(2025, 12, 31)},
		{Customers: 60, Invoices: 900, Months: 24, Today: civil.New(2026, 8, 14), Seed: 9},
		{Customers: 2000, Invoices: 20000, Months: 36, Today: civil.New(2027, 5, 3), Seed: 4},
	} {
		ds := generate(t, opt)
		checkInvariants(t, ds, opt.Today, opt.Months)
		checkScenario(t, ds, opt.Today)
		if t.Failed() {
			t.Fatalf("%+v", opt)
		}
	}
}

func TestSmall(t *testing.T) {
	ds := generate(t, Options{Customers: 1, Invoices: 1, Today: today})
	if len(ds.Customers) != 1 || len(ds.Records) != 1 || ds.Records[0].Kind != importer.Invoice {
		t.Fatalf("got %d customers, %d records", len(ds.Customers), len(ds.Records))
	}
	checkInvariants(t, ds, today, 18)

	ds = generate(t, Options{Customers: 5, Today: today})
	if len(ds.Customers) != 5 || len(ds.Records) != 0 || len(ds.Promises) != 0 || len(ds.Disputes) != 0 {
		t.Fatalf("Customers 5, Invoices 0: got %d customers, %d records, %d promises, %d disputes",
			len(ds.Customers), len(ds.Records), len(ds.Promises), len(ds.Disputes))
	}
	checkInvariants(t, ds, today, 18)

	for _, opt := range []Options{
		{Customers: 3, Invoices: 10, Today: today, Months: 1},
		{Customers: 20, Invoices: 40, Today: today, Seed: 3},
	} {
		ds := generate(t, opt)
		if len(ds.Records) != opt.Invoices {
			t.Fatalf("%+v: %d records", opt, len(ds.Records))
		}
		checkInvariants(t, ds, today, opt.Months)
	}
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large dataset")
	}
	ds := generate(t, Options{Customers: 20000, Invoices: 100000, Today: today})
	if len(ds.Customers) != 20000 || len(ds.Records) != 100000 {
		t.Fatalf("got %d customers, %d records", len(ds.Customers), len(ds.Records))
	}
	checkInvariants(t, ds, today, 18)
	checkScenario(t, ds, today)
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(Options{Customers: 20000, Invoices: 100000, Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	numberRE = regexp.MustCompile(`^(FA|AV)(\d{4})-(\d{5,})$`)
	phoneRE  = regexp.MustCompile(`^0[1-9]( \d\d){4}$`)
	emailRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$`)
	codeRE   = regexp.MustCompile(`^C\d{5}$`)
	postRE   = regexp.MustCompile(`^\d{5}$`)
)

func checkInvariants(t *testing.T, ds *Dataset, today civil.Date, months int) {
	t.Helper()
	if months == 0 {
		months = 18
	}
	start := today.AddMonths(-months)
	checkUTF8(t, reflect.ValueOf(ds), "Dataset")

	custs := map[string]*Customer{}
	names := map[string]bool{}
	for i := range ds.Customers {
		c := &ds.Customers[i]
		if custs[c.Code] != nil || names[c.Name] {
			t.Errorf("duplicate customer %s %q", c.Code, c.Name)
		}
		custs[c.Code], names[c.Name] = c, true
		if !codeRE.MatchString(c.Code) {
			t.Errorf("customer code %q", c.Code)
		}
		if len(c.SIREN) != 9 || !LuhnValid(c.SIREN) {
			t.Errorf("%s: SIREN %q fails Luhn", c.Code, c.SIREN)
		}
		if !postRE.MatchString(c.PostCode) || c.City == "" || c.Address == "" {
			t.Errorf("%s: address %q %q %q", c.Code, c.Address, c.PostCode, c.City)
		}
		if c.TermsDays != 30 && c.TermsDays != 45 && c.TermsDays != 60 {
			t.Errorf("%s: terms %d", c.Code, c.TermsDays)
		}
		if c.CreditLimit <= 0 || c.Segment == "" || c.Habit == "" {
			t.Errorf("%s: limit %d segment %q habit %q", c.Code, c.CreditLimit, c.Segment, c.Habit)
		}
		primaries := 0
		for _, ct := range c.Contacts {
			if ct.Primary {
				primaries++
			}
			if ct.Email != "" && !emailRE.MatchString(ct.Email) {
				t.Errorf("%s: email %q", c.Code, ct.Email)
			}
			if ct.Phone != "" && !phoneRE.MatchString(ct.Phone) {
				t.Errorf("%s: phone %q", c.Code, ct.Phone)
			}
			switch {
			case ct.Channel == "email" && ct.Email == "",
				ct.Channel == "phone" && ct.Phone == "",
				ct.Channel != "email" && ct.Channel != "phone" && ct.Channel != "letter":
				t.Errorf("%s: channel %q with email %q phone %q", c.Code, ct.Channel, ct.Email, ct.Phone)
			}
			if ct.Name == "" || ct.Role == "" {
				t.Errorf("%s: contact %+v", c.Code, ct)
			}
		}
		if primaries != 1 {
			t.Errorf("%s: %d primary contacts", c.Code, primaries)
		}
	}

	offDays := holidays(start.Year(), today.Year())
	byNumber := map[string]*importer.Record{}
	lastSeq := map[string]int{}
	var prev civil.Date
	for i := range ds.Records {
		r := &ds.Records[i]
		if byNumber[r.Number] != nil {
			t.Errorf("duplicate number %s", r.Number)
		}
		byNumber[r.Number] = r
		m := numberRE.FindStringSubmatch(r.Number)
		if m == nil {
			t.Errorf("number %q", r.Number)
			continue
		}
		if y, _ := strconv.Atoi(m[2]); y != r.Issued.Year() {
			t.Errorf("%s issued %s", r.Number, r.Issued)
		}
		n, _ := strconv.Atoi(m[3])
		if k := m[1] + m[2]; n != lastSeq[k]+1 {
			t.Errorf("%s after %s%d", r.Number, k, lastSeq[k])
		} else {
			lastSeq[k] = n
		}
		if r.Issued.Before(prev) {
			t.Errorf("%s issued %s before the previous record (%s)", r.Number, r.Issued, prev)
		}
		prev = r.Issued
		if (m[1] == "FA") != (r.Kind == importer.Invoice) || (m[1] == "AV") != (r.Kind == importer.Credit) {
			t.Errorf("%s has kind %s", r.Number, r.Kind)
		}
		if r.Row != 0 || r.Currency != "EUR" || r.DueEstimated {
			t.Errorf("%s: row %d currency %q estimated %v", r.Number, r.Row, r.Currency, r.DueEstimated)
		}
		c := custs[r.CustomerCode]
		if c == nil {
			t.Errorf("%s: unknown customer %q", r.Number, r.CustomerCode)
			continue
		}
		if r.CustomerName != c.Name || r.SIREN != c.SIREN || r.Address != c.Address+", "+c.PostCode+" "+c.City {
			t.Errorf("%s: customer fields %q %q %q", r.Number, r.CustomerName, r.SIREN, r.Address)
		}
		for _, ct := range c.Contacts {
			if ct.Primary && (r.Email != ct.Email || r.Phone != ct.Phone) {
				t.Errorf("%s: email %q phone %q, primary contact has %q %q", r.Number, r.Email, r.Phone, ct.Email, ct.Phone)
			}
		}
		switch r.Kind {
		case importer.Invoice:
			if r.Amount < 8000 || r.Amount > 2500000 || r.Open < 0 || r.Open > r.Amount {
				t.Errorf("%s: amount %d open %d", r.Number, r.Amount, r.Open)
			}
			if r.Due != r.Issued.AddDays(c.TermsDays) {
				t.Errorf("%s: issued %s due %s with %d days terms", r.Number, r.Issued, r.Due, c.TermsDays)
			}
		case importer.Credit:
			if r.Amount >= 0 || r.Open > 0 || r.Open < r.Amount {
				t.Errorf("%s: amount %d open %d", r.Number, r.Amount, r.Open)
			}
			if r.Due != r.Issued {
				t.Errorf("%s: credit note issued %s due %s", r.Number, r.Issued, r.Due)
			}
		}
		if r.Due.Before(r.Issued) {
			t.Errorf("%s: due %s before issue %s", r.Number, r.Due, r.Issued)
		}
		if r.Open == 0 {
			if r.SettledOn == 0 || r.SettledOn.After(today) || r.SettledOn.Before(r.Issued) {
				t.Errorf("%s: settled on %s (issued %s, today %s)", r.Number, r.SettledOn, r.Issued, today)
			}
		} else if r.SettledOn != 0 {
			t.Errorf("%s: open %d but settled on %s", r.Number, r.Open, r.SettledOn)
		}
		if r.Issued.Before(start) || r.Issued.After(today) {
			t.Errorf("%s: issued %s outside %s..%s", r.Number, r.Issued, start, today)
		}
		if w := r.Issued.Weekday(); w == time.Saturday || w == time.Sunday || offDays[r.Issued] {
			t.Errorf("%s: issued on %s %s, not a working day", r.Number, w, r.Issued)
		}
	}

	disputed := map[string]bool{}
	for _, d := range ds.Disputes {
		r := byNumber[d.Invoice]
		switch {
		case r == nil:
			t.Errorf("dispute on unknown invoice %q", d.Invoice)
			continue
		case r.Kind != importer.Invoice || r.Open <= 0:
			t.Errorf("dispute on %s: kind %s open %d", d.Invoice, r.Kind, r.Open)
		case disputeNotes[d.Reason] == nil || d.Note == "":
			t.Errorf("dispute on %s: reason %q note %q", d.Invoice, d.Reason, d.Note)
		case d.Opened.Before(r.Issued) || d.Opened.After(today):
			t.Errorf("dispute on %s opened %s", d.Invoice, d.Opened)
		}
		disputed[d.Invoice] = true
	}
	for _, p := range ds.Promises {
		if custs[p.CustomerCode] == nil || len(p.Invoices) == 0 || p.Amount <= 0 || p.Note == "" {
			t.Errorf("promise %+v", p)
		}
		if p.Created.After(today) || !p.Created.Before(p.Date) {
			t.Errorf("promise created %s for %s", p.Created, p.Date)
		}
		var open money.Cents
		for _, n := range p.Invoices {
			r := byNumber[n]
			switch {
			case r == nil:
				t.Errorf("promise on unknown invoice %q", n)
				continue
			case r.CustomerCode != p.CustomerCode || r.Kind != importer.Invoice || r.Open <= 0:
				t.Errorf("promise of %s on %s (customer %s, kind %s, open %d)", p.CustomerCode, n, r.CustomerCode, r.Kind, r.Open)
			case disputed[n]:
				t.Errorf("%s is both disputed and promised", n)
			}
			open += r.Open
		}
		if p.Amount > open {
			t.Errorf("promise of %d for %d open", p.Amount, open)
		}
	}
}

// checkUTF8 walks every string in v.
func checkUTF8(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			checkUTF8(t, v.Elem(), path)
		}
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			t.Errorf("%s: invalid UTF-8 %q", path, v.String())
		}
	case reflect.Slice:
		for i := range v.Len() {
			checkUTF8(t, v.Index(i), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.Struct:
		for i := range v.NumField() {
			checkUTF8(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	}
}

// figures is the aged balance a collector would look at.
type figures struct {
	invoices, credits, open, partial, tiny int
	outstanding, overdue60                 money.Cents
	buckets                                [5]money.Cents // not due, 1–30, 31–60, 61–90, 90+
	bucketCount                            [5]int
	covered                                int // customers whose open credits cover their overdue
	broken, future                         int
}

func measure(ds *Dataset, today civil.Date) figures {
	var f figures
	overdue := map[string]money.Cents{}
	credits := map[string]money.Cents{}
	for _, r := range ds.Records {
		if r.Kind == importer.Credit {
			f.credits++
			credits[r.CustomerCode] -= r.Open
		} else {
			f.invoices++
		}
		f.outstanding += r.Open
		if r.Open == 0 || r.Kind != importer.Invoice {
			continue
		}
		f.open++
		if r.Open != r.Amount {
			f.partial++
		}
		dpd := today.Sub(r.Due)
		b := bucket(dpd)
		f.buckets[b] += r.Open
		f.bucketCount[b]++
		if dpd > 60 {
			f.overdue60 += r.Open
		}
		if dpd > 0 {
			overdue[r.CustomerCode] += r.Open
			if r.Open < 1000 {
				f.tiny++
			}
		}
	}
	for c, o := range overdue {
		if credits[c] >= o {
			f.covered++
		}
	}
	for _, p := range ds.Promises {
		switch {
		case today.Sub(p.Date) > 2:
			f.broken++
		case p.Date.After(today) && p.Date.Sub(today) <= 14:
			f.future++
		}
	}
	return f
}

func checkScenario(t *testing.T, ds *Dataset, today civil.Date) {
	t.Helper()
	f := measure(ds, today)
	for b := 1; b < 5; b++ {
		if f.bucketCount[b] == 0 {
			t.Errorf("aging bucket %d is empty", b)
		}
	}
	if f.bucketCount[0] < 3 {
		t.Errorf("%d invoices not yet due", f.bucketCount[0])
	}
	if share := float64(f.overdue60) / float64(f.outstanding); share < 0.15 || share > 0.25 {
		t.Errorf("overdue > 60 days is %.1f %% of the outstanding", 100*share)
	}
	if f.tiny == 0 || f.covered == 0 || f.partial == 0 {
		t.Errorf("tiny %d, covered by credits %d, partial %d", f.tiny, f.covered, f.partial)
	}
	if n := len(ds.Disputes); n < 3 || n > 6 {
		t.Errorf("%d disputes", n)
	}
	if n := len(ds.Promises); n < 3 || n > 6 || f.broken == 0 || f.future == 0 {
		t.Errorf("%d promises, %d broken, %d in the next two weeks", n, f.broken, f.future)
	}
	litigious := 0
	habit := map[string]string{}
	for _, c := range ds.Customers {
		habit[c.Code] = c.Habit
	}
	for _, d := range ds.Disputes {
		for _, r := range ds.Records {
			if r.Number == d.Invoice && habit[r.CustomerCode] == HabitDisputes {
				litigious++
			}
		}
	}
	if 2*litigious < len(ds.Disputes) {
		t.Errorf("%d of %d disputes at litigious customers", litigious, len(ds.Disputes))
	}
}

// TestFigures prints the aged balance of the default dataset (go test -v -run Figures).
func TestFigures(t *testing.T) {
	ds := generate(t, Options{Today: today})
	f := measure(ds, today)
	eur := func(c money.Cents) string { return strconv.FormatFloat(float64(c)/100, 'f', 2, 64) + " €" }
	var sales money.Cents
	for _, r := range ds.Records {
		sales += r.Amount
	}
	t.Logf("records %d: %d invoices, %d credit notes; sales TTC %s", len(ds.Records), f.invoices, f.credits, eur(sales))
	t.Logf("open invoices %d (%d partly paid, %d tiny overdue); outstanding %s", f.open, f.partial, f.tiny, eur(f.outstanding))
	for b, label := range []string{"not due", "1–30", "31–60", "61–90", "90+"} {
		t.Logf("  %-8s %4d invoices %14s", label, f.bucketCount[b], eur(f.buckets[b]))
	}
	t.Logf("overdue > 60 days: %s = %.1f %% of outstanding", eur(f.overdue60), 100*float64(f.overdue60)/float64(f.outstanding))
	t.Logf("customers covered by credit notes %d; disputes %d; promises %d (%d broken, %d next two weeks)",
		f.covered, len(ds.Disputes), len(ds.Promises), f.broken, f.future)
	habits, segments := map[string]int{}, map[string]int{}
	noEmail, noPhone := 0, 0
	for _, c := range ds.Customers {
		habits[c.Habit]++
		segments[c.Segment]++
		var email, phone bool
		for _, ct := range c.Contacts {
			email = email || ct.Email != ""
			phone = phone || ct.Phone != ""
		}
		if !email {
			noEmail++
		}
		if !phone {
			noPhone++
		}
	}
	t.Logf("habits %v; segments %v; without email %d, without phone %d", habits, segments, noEmail, noPhone)
	for _, c := range ds.Customers[:5] {
		t.Logf("  %s %s | %s | %s, %s %s | %s | %d j", c.Code, c.Name, c.SIREN, c.Address, c.PostCode, c.City, c.Segment, c.TermsDays)
		for _, ct := range c.Contacts {
			t.Logf("      %s (%s) %s %s %s %v", ct.Name, ct.Role, ct.Email, ct.Phone, ct.Channel, ct.Primary)
		}
	}
	for _, p := range ds.Promises {
		t.Logf("promise %s %s %s %v %q", p.CustomerCode, p.Date, eur(p.Amount), p.Invoices, p.Note)
	}
	for _, d := range ds.Disputes {
		t.Logf("dispute %s %s %s %q", d.Invoice, d.Opened, d.Reason, d.Note)
	}
	if !strings.HasPrefix(ds.Records[0].Number, "FA") {
		t.Errorf("first record %s", ds.Records[0].Number)
	}
}
