// Package demo generates a deterministic demo ledger for a French wholesaler of office and
// industrial supplies: customers with contacts, every invoice and credit note of a period
// with its open balance as of a given day, promises to pay and disputes. The same options
// always give the same data, so screenshots, tests and benchmarks are reproducible.
package demo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/data/money"
)

// Options of Generate. Zero values take the documented defaults.
type Options struct {
	Customers int        // default 60 when 0
	Invoices  int        // invoices and credit notes over the period; 900 when it and Customers are 0
	Seed      uint64     // default 1 when 0
	Today     civil.Date // the as-of date of the ledger; required
	Months    int        // history length, default 18
}

// Contact is a person to write to or call at a customer.
type Contact struct {
	Name, Role, Email, Phone string
	Channel                  string // "email", "letter" or "phone"
	Primary                  bool
}

// Customer is a customer account.
type Customer struct {
	Code, Name, SIREN, Address, PostCode, City, Segment string
	Strategic                                           bool
	CreditLimit                                         money.Cents
	TermsDays                                           int    // 30, 45 or 60
	Habit                                               string // payment habit the data was drawn from
	Contacts                                            []Contact
}

// Promise is a promise to pay noted during a call.
type Promise struct {
	CustomerCode string
	Date         civil.Date
	Amount       money.Cents
	Invoices     []string
	Note         string
	Created      civil.Date
}

// Dispute is an open dispute on an invoice.
type Dispute struct {
	Invoice string
	Reason  string // "goods_not_received", "quality", "price", "invoice_not_received", "other"
	Note    string
	Opened  civil.Date
}

// Dataset is a generated ledger as of Options.Today.
type Dataset struct {
	Customers []Customer
	Records   []importer.Record // every invoice and credit note of the period, paid or not
	Promises  []Promise
	Disputes  []Dispute
}

// Payment habits, as stored in Customer.Habit.
const (
	HabitPunctual = "ponctuel"
	HabitSlightly = "retard léger"
	HabitChronic  = "retard chronique"
	HabitBad      = "mauvais payeur"
	HabitDisputes = "litigieux"
)

// Segments, as stored in Customer.Segment.
const (
	SegmentSME    = "PME"
	SegmentKey    = "Grand compte"
	SegmentPublic = "Collectivité"
	SegmentCraft  = "Artisan"
)

const (
	punctual = iota
	slightly
	chronic
	bad
	disputes
)

var habitNames = [...]string{HabitPunctual, HabitSlightly, HabitChronic, HabitBad, HabitDisputes}

// habitShares are percentages of customers per habit, in the order above.
var habitShares = []int{45, 25, 15, 10, 5}

// Generate builds the dataset described by opt.
func Generate(opt Options) (*Dataset, error) {
	if opt.Customers < 0 || opt.Invoices < 0 || opt.Months < 0 {
		return nil, errors.New("demo: negative option")
	}
	if opt.Today == 0 {
		return nil, errors.New("demo: Today is required")
	}
	// A caller who sets Customers alone wants that many customers and no invoices
	// (Customers: 5 gives an empty ledger); the zero Options is the standard demo.
	if opt.Customers == 0 {
		opt.Customers = 60
		if opt.Invoices == 0 {
			opt.Invoices = 900
		}
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Months == 0 {
		opt.Months = 18
	}
	g := &gen{opt: opt, today: opt.Today, start: opt.Today.AddMonths(-opt.Months)}
	g.holidays = holidays(g.start.Year(), g.today.Year()+2)
	// Separate streams, so that changing the invoice count keeps the same customers.
	g.customers(rand.New(rand.NewPCG(opt.Seed, 0xC0570)))
	if err := g.invoices(rand.New(rand.NewPCG(opt.Seed, 0x1F4C7))); err != nil {
		return nil, err
	}
	g.scenario(rand.New(rand.NewPCG(opt.Seed, 0x5CE4A)))
	return g.dataset(), nil
}

type custGen struct {
	habit  int
	weight float64 // share of the invoices
	median float64 // median amount HT, cents
	zone   byte
	locked bool // shaped by a scenario step: later steps leave it alone
}

type item struct {
	cust     int
	credit   bool
	ht       int64
	issued   civil.Date
	due      civil.Date
	amount   money.Cents
	open     money.Cents
	settled  civil.Date
	disputed bool // withheld by a litigious customer
	locked   bool // shaped by a scenario step: later steps leave it alone
	used     bool // referenced by a dispute or a promise
	number   string
}

type promiseGen struct {
	cust          int
	date, created civil.Date
	amount        money.Cents
	items         []int
	note          string
}

type disputeGen struct {
	item         int
	reason, note string
	opened       civil.Date
}

type gen struct {
	opt          Options
	today, start civil.Date
	holidays     map[civil.Date]bool
	custs        []Customer
	cg           []custGen
	items        []item
	byCust       [][]int // item indices per customer, in issue order
	promises     []promiseGen
	disputes     []disputeGen
}

// ---- customers ----

func (g *gen) customers(r *rand.Rand) {
	n := g.opt.Customers
	habits := make([]int, 0, n)
	for h, c := range apportion(n, habitShares) {
		for range c {
			habits = append(habits, h)
		}
	}
	r.Shuffle(len(habits), func(i, j int) { habits[i], habits[j] = habits[j], habits[i] })

	cityCum := make([]float64, len(cities))
	sum := 0.0
	for i, c := range cities {
		sum += float64(c.Weight)
		cityCum[i] = sum
	}
	names := make(map[string]bool, n)
	domains := make(map[string]bool, n)
	sirens := make(map[string]bool, n)
	g.custs = make([]Customer, n)
	g.cg = make([]custGen, n)
	code := r.IntN(40)
	for i := range n {
		code += 1 + r.IntN(3) // gaps: accounts closed over the years
		seg := pickSegment(r)
		ct := &cities[pickCum(r, cityCum)]
		name, family, seg, ct := companyName(r, seg, ct, cityCum, names)
		names[name] = true

		c := Customer{
			Code:     fmt.Sprintf("C%05d", code),
			Name:     name,
			SIREN:    siren(r, seg, sirens),
			Address:  address(r, seg, name),
			PostCode: ct.PostCodes[r.IntN(len(ct.PostCodes))],
			City:     ct.Name,
			Segment:  seg,
			Habit:    habitNames[habits[i]],
		}
		cg := custGen{habit: habits[i], zone: ct.Zone}
		switch seg {
		case SegmentCraft:
			c.TermsDays = pick(r, []int{30, 30, 30, 30, 45})
			c.CreditLimit = money.Cents(2000+500*r.IntN(13)) * 100
			cg.weight, cg.median = 0.6, 30000
		case SegmentSME:
			c.Strategic = r.Float64() < 0.07
			c.TermsDays = pick(r, []int{30, 30, 30, 30, 45, 45, 45, 60, 60, 60})
			c.CreditLimit = money.Cents(10000+5000*r.IntN(11)) * 100
			cg.weight, cg.median = 1.5, 90000
		case SegmentKey:
			c.Strategic = r.Float64() < 0.6
			c.TermsDays = pick(r, []int{60, 60, 60, 45})
			c.CreditLimit = money.Cents(100000+25000*r.IntN(13)) * 100
			cg.weight, cg.median = 5, 300000
		default: // public buyers have 30 days by law
			c.Strategic = r.Float64() < 0.25
			c.TermsDays = 30
			c.CreditLimit = money.Cents(30000+10000*r.IntN(13)) * 100
			cg.weight, cg.median = 1.2, 110000
		}
		cg.weight *= math.Exp(0.7 * r.NormFloat64())
		if cg.habit == disputes { // one must buy regularly to argue about invoices
			cg.weight = max(cg.weight, 1.5)
		}
		cg.median *= math.Exp(0.35 * r.NormFloat64())

		webmail := seg == SegmentCraft && r.Float64() < 0.25
		var domain string
		if webmail {
			domain = uniqueKey(strings.ReplaceAll(slug(name), "-", "."), "."+slug(ct.Name), domains) + "@" + webmails[r.IntN(len(webmails))]
		} else {
			base := slug(name)
			if strings.HasPrefix(name, "Mairie ") {
				base = "ville-" + slug(ct.Name)
			}
			domain = uniqueKey(base, "-"+slug(ct.Name), domains) + ".fr"
		}
		c.Contacts = contacts(r, seg, name, family, domain, webmail, ct.Zone, r.Float64() < 0.10, r.Float64() < 0.05)
		g.custs[i], g.cg[i] = c, cg
	}
}

func pickSegment(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 50:
		return SegmentSME
	case x < 77:
		return SegmentCraft
	case x < 87:
		return SegmentKey
	default:
		return SegmentPublic
	}
}

// companyName draws an unused name; public bodies are named after their town, so the
// town may change with the name. When the public names of the towns run out, the customer
// becomes an SME.
func companyName(r *rand.Rand, seg string, ct *city, cityCum []float64, used map[string]bool) (name, family, segment string, town *city) {
	for range 30 {
		c := ct
		if seg == SegmentPublic {
			c = &cities[pickCum(r, cityCum)]
		}
		n, f := drawName(r, seg, c)
		if !used[n] {
			return n, f, seg, c
		}
	}
	if seg == SegmentPublic {
		seg = SegmentSME
	}
	n, f := drawName(r, seg, ct)
	for i := 2; used[n]; i++ {
		base, _ := drawName(r, seg, ct)
		n = base + " - " + ct.Name
		if used[n] {
			n = base + " " + strconv.Itoa(i)
		}
	}
	return n, f, seg, ct
}

func drawName(r *rand.Rand, seg string, ct *city) (name, family string) {
	fam := pick(r, familyNames)
	switch seg {
	case SegmentCraft:
		if r.Float64() < 0.6 {
			name = pick(r, crafts) + " " + fam
		} else {
			name = fam + " " + pick(r, trades)
		}
		switch x := r.Float64(); {
		case x < 0.4:
			name += " SARL"
		case x < 0.6:
			name += " EURL"
		}
		return name, fam
	case SegmentSME:
		form := pick(r, []string{"SAS", "SAS", "SARL", "SARL", "SA"})
		switch x := r.Float64(); {
		case x < 0.35:
			return pick(r, firms) + " " + fam + " " + form, fam
		case x < 0.65:
			return brand(r) + " " + form, ""
		case x < 0.80:
			return fam + " " + pick(r, trades) + " " + form, fam
		case x < 0.90:
			return "Société " + pick(r, regionalAdjectives) + " " + of(pick(r, industries)), ""
		default:
			return pick(r, crafts) + " " + fam + " " + form, fam
		}
	case SegmentKey:
		switch x := r.Float64(); {
		case x < 0.4:
			return brand(r) + " " + pick(r, bigSuffixes) + " " + pick(r, []string{"SA", "SAS"}), ""
		case x < 0.6:
			return "Groupe " + fam, fam
		default:
			return "Société " + pick(r, regionalAdjectives) + " " + of(pick(r, industries)) + " SA", ""
		}
	default:
		if r.Float64() < 0.6 {
			return pick(r, publicBodies) + " " + of(ct.Name), ""
		}
		return pick(r, schoolKinds) + " " + pick(r, schoolNames) + ", " + ct.Name, ""
	}
}

func brand(r *rand.Rand) string {
	return pick(r, brandPrefixes) + pick(r, brandSuffixes)
}

// of puts "de" before a noun with French elision: "de Lyon", "d'Annecy", "du Mans".
func of(s string) string {
	switch {
	case strings.HasPrefix(s, "Le "):
		return "du " + s[len("Le "):]
	case strings.HasPrefix(s, "Les "):
		return "des " + s[len("Les "):]
	}
	if first, _ := utf8.DecodeRuneInString(s); strings.ContainsRune("aeiouyhAEIOUYHéÉèÈêÊîÎôÔ", first) {
		return "d'" + s
	}
	return "de " + s
}

// siren draws a unique 9-digit SIREN with a valid Luhn check digit; public bodies start
// with 2, as INSEE numbers them.
func siren(r *rand.Rand, seg string, used map[string]bool) string {
	for {
		var b [9]byte
		if seg == SegmentPublic {
			b[0] = '2'
		} else {
			b[0] = byte('3' + r.IntN(7))
		}
		for i := 1; i < 8; i++ {
			b[i] = byte('0' + r.IntN(10))
		}
		for d := byte('0'); d <= '9'; d++ {
			b[8] = d
			if LuhnValid(string(b[:])) {
				break
			}
		}
		s := string(b[:])
		if !used[s] {
			used[s] = true
			return s
		}
	}
}

// LuhnValid reports whether s is all digits with a valid Luhn checksum, as SIREN numbers
// have.
func LuhnValid(s string) bool {
	if s == "" {
		return false
	}
	sum := 0
	for i := range len(s) {
		c := s[len(s)-1-i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func address(r *rand.Rand, seg, name string) string {
	if strings.HasPrefix(name, "Mairie ") {
		return "Hôtel de ville, " + strconv.Itoa(1+r.IntN(12)) + " place de la Mairie"
	}
	num := strconv.Itoa(1 + r.IntN(150))
	if x := r.Float64(); x < 0.05 {
		num += " bis"
	} else if x < 0.07 {
		num += " ter"
	}
	street := num + " " + pick(r, streetTypes) + " " + pick(r, streetNames)
	if (seg == SegmentSME || seg == SegmentKey) && r.Float64() < 0.3 {
		return pick(r, businessParks) + ", " + street
	}
	return street
}

func contacts(r *rand.Rand, seg, name, family, domain string, webmail bool, zone byte, noEmail, noPhone bool) []Contact {
	var cs []Contact
	add := func(first, last, role, email, phone, channel string) {
		cs = append(cs, Contact{Name: first + " " + last, Role: role, Email: email, Phone: phone, Channel: channel, Primary: len(cs) == 0})
	}
	at := func(local string) string { return local + "@" + domain }
	switch seg {
	case SegmentCraft:
		f, first := person(r)
		last := family
		if last == "" || r.Float64() < 0.3 {
			last = pick(r, familyNames)
		}
		email := domain // a webmail address is the whole address
		if !webmail {
			email = at(pick(r, []string{"contact", personal(first, last)}))
		}
		add(first, last, gendered(f, "Gérante", "Gérant"), email, mobile(r), pick(r, []string{"email", "email", "phone"}))
		if r.Float64() < 0.4 {
			_, first := person(r)
			email := ""
			if !webmail {
				email = at("secretariat")
			}
			add(first, last, roleSecretary, email, landline(r, zone), "email")
		}
	case SegmentSME:
		_, first := person(r)
		last := pick(r, familyNames)
		add(first, last, roleAP, at(pick(r, []string{"compta", "comptabilite", initial(first, last)})), landline(r, zone), "email")
		if r.Float64() < 0.7 {
			f, first := person(r)
			last := family
			if last == "" || r.Float64() < 0.4 {
				last = pick(r, familyNames)
			}
			role := gendered(f, "Gérante", "Gérant")
			if r.Float64() < 0.3 {
				role = gendered(f, "Directrice administrative et financière", "Directeur administratif et financier")
			}
			add(first, last, role, at(personal(first, last)), mobile(r), "phone")
		}
		if r.Float64() < 0.5 {
			_, first := person(r)
			last := pick(r, familyNames)
			add(first, last, roleBuyer, at(personal(first, last)), landline(r, zone), "email")
		}
	case SegmentKey:
		_, first := person(r)
		last := pick(r, familyNames)
		add(first, last, roleAP, at(pick(r, []string{"comptabilite.fournisseurs", "factures", "compta.fournisseurs"})), landline(r, zone), "email")
		f, first := person(r)
		last = pick(r, familyNames)
		add(first, last, gendered(f, "Acheteuse", "Acheteur"), at(personal(first, last)), landline(r, zone), "email")
		if r.Float64() < 0.6 {
			f, first := person(r)
			last := pick(r, familyNames)
			add(first, last, gendered(f, "Directrice administrative et financière", "Directeur administratif et financier"), at(personal(first, last)), mobile(r), "phone")
		}
	default:
		_, first := person(r)
		last := pick(r, familyNames)
		channel := "email"
		if r.Float64() < 0.4 { // public accounting still runs on paper
			channel = "letter"
		}
		add(first, last, roleFinance, at(pick(r, []string{"finances", "comptabilite"})), landline(r, zone), channel)
		if r.Float64() < 0.6 {
			_, first := person(r)
			last := pick(r, familyNames)
			role := roleTechnical
			if strings.HasPrefix(name, "Mairie ") {
				role = roleTown
			}
			for _, k := range schoolKinds {
				if strings.HasPrefix(name, k+" ") {
					role = roleSchool
				}
			}
			add(first, last, role, at(personal(first, last)), landline(r, zone), "phone")
		}
	}
	for i := range cs {
		c := &cs[i]
		if noEmail {
			c.Email = ""
		}
		if noPhone {
			c.Phone = ""
		}
		if c.Channel == "email" && c.Email == "" {
			c.Channel = "phone"
		}
		if c.Channel == "phone" && c.Phone == "" {
			c.Channel = "email"
			if c.Email == "" {
				c.Channel = "letter"
			}
		}
	}
	return cs
}

func person(r *rand.Rand) (female bool, first string) {
	if r.IntN(2) == 0 {
		return true, pick(r, femaleFirstNames)
	}
	return false, pick(r, maleFirstNames)
}

func gendered(female bool, f, m string) string {
	if female {
		return f
	}
	return m
}

// personal is the "prenom.nom" local part of an email address.
func personal(first, last string) string {
	return slugWords(first, "-") + "." + slugWords(last, "")
}

// initial is the "p.nom" local part of an email address.
func initial(first, last string) string {
	return slugWords(first, "")[:1] + "." + slugWords(last, "")
}

func landline(r *rand.Rand, zone byte) string {
	return "0" + string(zone) + fmt.Sprintf(" %02d %02d %02d %02d", 10+r.IntN(90), r.IntN(100), r.IntN(100), r.IntN(100))
}

func mobile(r *rand.Rand) string {
	return pick(r, []string{"06", "06", "07"}) + fmt.Sprintf(" %02d %02d %02d %02d", r.IntN(100), r.IntN(100), r.IntN(100), r.IntN(100))
}

// ---- text helpers ----

var folds = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ô': "o", 'ö': "o", 'ó': "o", 'ù': "u", 'û': "u", 'ü': "u",
	'ú': "u", 'ÿ': "y", 'ñ': "n", 'œ': "oe", 'æ': "ae",
}

// fold lowercases s and spells its accented letters in ASCII; other non-ASCII runes are
// dropped, so the result is safe in an email address.
func fold(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if f, ok := folds[c]; ok {
			b.WriteString(f)
		} else if c < 0x80 {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Abbreviations French organisations use in their domain names.
var abbreviations = strings.NewReplacer(
	"centre communal d'action sociale", "ccas",
	"centre hospitalier", "ch",
	"communaute de communes", "cc",
	"etablissements", "ets",
	"lycee professionnel", "lp",
)

var stopWords = map[string]bool{
	"sarl": true, "sas": true, "sa": true, "eurl": true, "snc": true, "et": true, "de": true,
	"du": true, "des": true, "la": true, "le": true, "les": true, "d": true, "l": true,
}

// slug turns a company name into a domain label: "Menuiserie Dubois SARL" →
// "menuiserie-dubois".
func slug(name string) string {
	words := strings.FieldsFunc(abbreviations.Replace(fold(name)), notAlnum)
	words = slices.DeleteFunc(words, func(w string) bool { return stopWords[w] })
	if len(words) == 0 {
		return "client"
	}
	return strings.Join(words, "-")
}

func slugWords(s, sep string) string {
	return strings.Join(strings.FieldsFunc(fold(s), notAlnum), sep)
}

func notAlnum(c rune) bool {
	return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
}

// uniqueKey returns base, or base with suffix, or with a number, whichever is unused, and
// marks it used.
func uniqueKey(base, suffix string, used map[string]bool) string {
	k := base
	if used[k] {
		k = base + suffix
	}
	for i := 2; used[k]; i++ {
		k = base + suffix + strconv.Itoa(i)
	}
	used[k] = true
	return k
}

// ---- random helpers ----

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// pickCum draws an index with probability proportional to its weight, given the running
// sums of the weights.
func pickCum(r *rand.Rand, cum []float64) int {
	i := sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
	return min(i, len(cum)-1)
}

// apportion splits n by percentages with the largest remainders, so that small counts
// still get every habit they can.
func apportion(n int, pct []int) []int {
	out := make([]int, len(pct))
	rem := make([]int, len(pct))
	left := n
	for i, p := range pct {
		out[i] = n * p / 100
		rem[i] = n * p % 100
		left -= out[i]
	}
	order := make([]int, len(pct))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for i := 0; left > 0; i++ {
		out[order[i%len(order)]]++
		left--
	}
	return out
}

func shuffled(r *rand.Rand, s []int) []int {
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	return s
}

// ---- dates ----

// holidays are the French public holidays from year lo to hi, when no invoice is issued
// and no payment lands.
func holidays(lo, hi int) map[civil.Date]bool {
	h := make(map[civil.Date]bool)
	for y := lo; y <= hi; y++ {
		for _, d := range []civil.Date{
			civil.New(y, 1, 1), civil.New(y, 5, 1), civil.New(y, 5, 8), civil.New(y, 7, 14),
			civil.New(y, 8, 15), civil.New(y, 11, 1), civil.New(y, 11, 11), civil.New(y, 12, 25),
		} {
			h[d] = true
		}
		e := easter(y)
		h[e.AddDays(1)] = true  // Easter Monday
		h[e.AddDays(39)] = true // Ascension
		h[e.AddDays(50)] = true // Whit Monday
	}
	return h
}

// easter is Easter Sunday of the Gregorian year y (Meeus/Jones/Butcher).
func easter(y int) civil.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	if month == 3 {
		return civil.New(y, 3, 1).AddDays(day - 1)
	}
	return civil.New(y, 4, 1).AddDays(day - 1)
}

func (g *gen) workday(d civil.Date) bool {
	w := d.Weekday()
	return w != time.Saturday && w != time.Sunday && !g.holidays[d]
}

func (g *gen) nextWorkday(d civil.Date) civil.Date {
	for !g.workday(d) {
		d = d.AddDays(1)
	}
	return d
}

func (g *gen) prevWorkday(d civil.Date) civil.Date {
	for !g.workday(d) {
		d = d.AddDays(-1)
	}
	return d
}

// ---- invoices ----

const (
	minHT = 6700    // cents: TTC stays above ~80 €
	maxHT = 2083300 // cents: TTC stays below ~25,000 €
)

func ttc(ht int64) int64 { return (ht*12 + 5) / 10 } // TVA 20 %, rounded half up

func (g *gen) invoices(r *rand.Rand) error {
	n := g.opt.Invoices
	g.byCust = make([][]int, len(g.custs))
	if n == 0 {
		return nil
	}
	// Working days of the period, recent ones busier (the business grows) and August
	// and the Christmas weeks quieter.
	var days []civil.Date
	for d := g.start; !d.After(g.today); d = d.AddDays(1) {
		if g.workday(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return errors.New("demo: no working day in the period")
	}
	cum := make([]float64, len(days))
	sum := 0.0
	for i, d := range days {
		w := 1 + 0.5*float64(i)/float64(len(days))
		switch _, m, day := d.YMD(); {
		case m == 8:
			w *= 0.55
		case m == 12 && day > 20:
			w *= 0.6
		case m == 7:
			w *= 0.85
		}
		sum += w
		cum[i] = sum
	}
	picked := make([]int, n)
	for i := range picked {
		picked[i] = pickCum(r, cum)
	}
	slices.Sort(picked)

	custCum := make([]float64, len(g.custs))
	sum = 0
	for i, c := range g.cg {
		sum += c.weight
		custCum[i] = sum
	}
	lastInv := make([]int, len(g.custs))
	for i := range lastInv {
		lastInv[i] = -1
	}
	g.items = make([]item, n)
	for k, di := range picked {
		c := pickCum(r, custCum)
		it := item{cust: c, issued: days[di]}
		if li := lastInv[c]; li >= 0 && g.items[li].issued.Before(it.issued) && r.Float64() < 0.04 {
			// A credit note for part of (rarely all of) the customer's last invoice:
			// a return, a price adjustment, a cancelled order.
			ref := g.items[li].ht
			ht := ref
			switch x := r.Float64(); {
			case x < 0.1:
			case x < 0.3:
				ht = int64(float64(ref) * (0.35 + 0.35*r.Float64()))
			default:
				ht = int64(float64(ref) * (0.05 + 0.30*r.Float64()))
			}
			if r.IntN(2) == 0 && ht >= 1000 {
				ht = ht / 100 * 100
			}
			ht = max(ht, min(ref, 1500))
			it.credit, it.ht = true, ht
			it.amount = -money.Cents(ttc(ht))
			it.due = it.issued
			g.pay(&it, g.nextWorkday(it.issued.AddDays(30+r.IntN(30))), false)
		} else {
			it.ht = amountHT(r, g.cg[c].median)
			it.amount = money.Cents(ttc(it.ht))
			it.due = it.issued.AddDays(g.custs[c].TermsDays)
			g.payInvoice(r, &it)
			lastInv[c] = k
		}
		g.items[k] = it
		g.byCust[c] = append(g.byCust[c], k)
	}
	return nil
}

func amountHT(r *rand.Rand, median float64) int64 {
	var ht float64
	for range 8 {
		ht = median * math.Exp(0.85*r.NormFloat64())
		if ht >= minHT && ht <= maxHT {
			break
		}
	}
	c := int64(math.Round(min(max(ht, minHT), maxHT)))
	switch x := r.Float64(); { // services and flat fees are round figures
	case x < 0.15:
		c = c / 1000 * 1000
	case x < 0.40:
		c = c / 100 * 100
	}
	return max(c, minHT)
}

// payInvoice draws the payment day from the customer's habit.
func (g *gen) payInvoice(r *rand.Rand, it *item) {
	var late int
	never := false
	switch g.cg[it.cust].habit {
	case punctual:
		late = r.IntN(6) + r.IntN(6) - 5
		if r.Float64() < 0.04 { // the odd forgotten invoice
			late = 15 + r.IntN(31)
		}
	case slightly:
		late = 5 + r.IntN(21)
		if r.Float64() < 0.05 {
			late = 30 + r.IntN(31)
		}
	case chronic:
		late = 30 + r.IntN(61)
	case bad:
		switch x := r.Float64(); {
		case x < 0.45:
			late = 30 + r.IntN(81)
		case x < 0.85:
			late = 110 + r.IntN(131)
		default:
			never = true
		}
	case disputes:
		if r.Float64() < 0.3 {
			it.disputed = true
			late = 60 + r.IntN(141)
			never = r.Float64() < 0.4
		} else {
			late = 5 + r.IntN(26)
		}
	}
	on := it.due.AddDays(late)
	if on.Before(it.issued) {
		on = it.issued
	}
	g.pay(it, g.nextWorkday(on), never)
}

// pay settles it on day on, unless that is after today or it is never paid.
func (g *gen) pay(it *item, on civil.Date, never bool) {
	if never || on.After(g.today) {
		it.open, it.settled = it.amount, 0
	} else {
		it.open, it.settled = 0, on
	}
}

// ---- scenario: what a collector must find on Monday morning ----

func (g *gen) dpd(i int) int { return g.today.Sub(g.items[i].due) }

// bucket of days past due: 0 not due, 1: 1–30, 2: 31–60, 3: 61–90, 4: over 90.
func bucket(dpd int) int {
	switch {
	case dpd <= 0:
		return 0
	case dpd <= 30:
		return 1
	case dpd <= 60:
		return 2
	case dpd <= 90:
		return 3
	default:
		return 4
	}
}

// openInvoice reports whether item i is an open invoice (not a credit note).
func (g *gen) openInvoice(i int) bool {
	it := &g.items[i]
	return !it.credit && it.open > 0
}

// free reports whether a scenario step may still change item i.
func (g *gen) free(i int) bool {
	it := &g.items[i]
	return !it.credit && !it.locked && !it.used && !g.cg[it.cust].locked
}

func (g *gen) scenario(r *rand.Rand) {
	if len(g.items) == 0 {
		return
	}
	g.partials(r)
	g.creditCovers(r)
	g.tinyBalances(r)
	g.withhold(r)
	g.fillBuckets(r)
	g.calibrate(r)
	g.makeDisputes(r)
	g.makePromises(r)
}

// partials leaves about 5 % of the open invoices partly paid (between 20 % and 80 % open).
func (g *gen) partials(r *rand.Rand) {
	var open []int
	for i := range g.items {
		if g.openInvoice(i) {
			open = append(open, i)
		}
	}
	k := (len(open)*5 + 50) / 100
	for _, i := range shuffled(r, open)[:k] {
		it := &g.items[i]
		f := 0.25 + 0.5*r.Float64()
		paid := money.Cents(math.Round(float64(it.amount)*(1-f)/100)) * 100 // round euros
		it.open = it.amount - paid
	}
}

// creditCovers gives two or three customers a recent credit note at least as large as
// their overdue balance: the app must not chase them. Failing customers with a small
// overdue balance, it takes customers who hold back an invoice until the credit note
// comes.
func (g *gen) creditCovers(r *rand.Rand) {
	want := 2 + r.IntN(2)
	custs := shuffled(r, seq(len(g.custs)))
	for pass := 0; pass < 2 && want > 0; pass++ {
		for _, c := range custs {
			if want == 0 {
				break
			}
			if h := g.cg[c].habit; h == bad || h == disputes || g.cg[c].locked {
				continue
			}
			var overdue money.Cents
			var last civil.Date
			held := -1
			for _, i := range g.byCust[c] {
				if g.openInvoice(i) && g.dpd(i) > 0 {
					overdue += g.items[i].open
					last = g.items[i].issued
				}
				if pass == 1 && g.free(i) && g.items[i].open == 0 && g.dpd(i) >= 5 && g.dpd(i) <= 60 {
					held = i
				}
			}
			if pass == 1 {
				if overdue != 0 || held < 0 {
					continue
				}
				overdue, last = g.items[held].amount, g.items[held].issued
			}
			if overdue <= 0 || overdue > 500000 {
				continue
			}
			recent := -1
			for _, i := range g.byCust[c] {
				if g.free(i) && g.items[i].issued.After(last) && g.today.Sub(g.items[i].issued) <= 35 {
					recent = i
				}
			}
			if recent < 0 {
				continue
			}
			if held >= 0 {
				g.items[held].open, g.items[held].settled = g.items[held].amount, 0
			}
			it := &g.items[recent]
			it.credit = true
			it.ht = (int64(overdue)*10 + 11) / 12 // HT rounded up, so TTC covers the overdue
			it.ht = (it.ht + 99) / 100 * 100
			it.amount = -money.Cents(ttc(it.ht))
			it.due = it.issued
			it.open, it.settled = it.amount, 0
			g.cg[c].locked = true
			want--
		}
	}
}

// tinyBalances leaves a few short payments of a few euros open: amounts a collector
// skips.
func (g *gen) tinyBalances(r *rand.Rand) {
	want := 2 + r.IntN(3)
	for _, i := range shuffled(r, seq(len(g.items))) {
		if want == 0 {
			break
		}
		it := &g.items[i]
		if !g.free(i) || it.open != 0 || g.dpd(i) < 10 || g.dpd(i) > 240 {
			continue
		}
		it.open = money.Cents(50 + r.IntN(950))
		it.settled = 0
		it.locked = true
		want--
	}
}

// minHeld is how many overdue invoices litigious customers hold back at least.
const minHeld = 5

// withhold makes sure litigious customers hold back a few overdue invoices, for the
// disputes to come.
func (g *gen) withhold(r *rand.Rand) {
	held := 0
	var cand []int
	for i := range g.items {
		it := &g.items[i]
		if g.cg[it.cust].habit != disputes || !g.free(i) || g.dpd(i) <= 0 {
			continue
		}
		if it.disputed && it.open > 0 {
			held++
		} else if it.open == 0 && g.dpd(i) <= 200 {
			cand = append(cand, i)
		}
	}
	for _, i := range shuffled(r, cand) {
		if held >= minHeld {
			break
		}
		it := &g.items[i]
		it.disputed = true
		it.open, it.settled = it.amount, 0
		held++
	}
}

// fillBuckets reopens a paid invoice where an aging bucket would be empty, and keeps a
// few invoices not yet due.
func (g *gen) fillBuckets(r *rand.Rand) {
	count := make([]int, 5)
	for i := range g.items {
		if g.openInvoice(i) {
			count[bucket(g.dpd(i))]++
		}
	}
	for b := range count {
		need := 1
		if b == 0 {
			need = 3
		}
		if count[b] >= need {
			continue
		}
		var late, all []int
		for i := range g.items {
			it := &g.items[i]
			if !g.free(i) || it.open != 0 || bucket(g.dpd(i)) != b || g.dpd(i) > 400 {
				continue
			}
			all = append(all, i)
			if g.cg[it.cust].habit != punctual {
				late = append(late, i)
			}
		}
		cand := late
		if len(cand) < need-count[b] {
			cand = all
		}
		for _, i := range shuffled(r, cand) {
			if count[b] >= need {
				break
			}
			it := &g.items[i]
			it.open, it.settled = it.amount, 0
			count[b]++
		}
	}
}

// calibrate brings the share of the outstanding more than 60 days overdue between 15 and
// 25 %, as in a typical SME ledger, by settling or reopening old invoices.
func (g *gen) calibrate(r *rand.Rand) {
	var total, old money.Cents
	count := make([]int, 5)
	held := 0
	for i := range g.items {
		if g.items[i].disputed && g.items[i].open > 0 && g.dpd(i) > 0 {
			held++
		}
		total += g.items[i].open
		if g.items[i].open > 0 && g.dpd(i) > 60 {
			old += g.items[i].open
			if !g.items[i].credit {
				count[bucket(g.dpd(i))]++
			}
		}
	}
	if total <= 0 {
		return
	}
	target := 0.17 + 0.06*r.Float64()
	share := func() float64 { return float64(old) / float64(total) }
	// Late payers are the last to settle an old invoice and the first to leave one open.
	rank := func(i int) int {
		if g.items[i].disputed {
			return 4 // held back until the dispute is settled
		}
		switch g.cg[g.items[i].cust].habit {
		case bad:
			return 3
		case disputes:
			return 2
		case chronic:
			return 1
		}
		return 0
	}
	switch {
	case share() > 0.25:
		var cand []int
		for i := range g.items {
			if g.free(i) && g.items[i].open > 0 && g.dpd(i) > 60 {
				cand = append(cand, i)
			}
		}
		shuffled(r, cand)
		sort.SliceStable(cand, func(a, b int) bool { return rank(cand[a]) < rank(cand[b]) })
		for _, i := range cand {
			if share() <= target {
				break
			}
			b := bucket(g.dpd(i))
			it := &g.items[i]
			if count[b] <= 1 || it.disputed && held <= minHeld || float64(old-it.open) < 0.16*float64(total-it.open) {
				continue // keep the bucket and the disputes to come, do not overshoot
			}
			if it.disputed {
				held--
			}
			old -= it.open
			total -= it.open
			count[b]--
			on := g.nextWorkday(it.due.AddDays(30 + r.IntN(max(1, g.dpd(i)-30))))
			if on.After(g.today) {
				on = g.prevWorkday(g.today)
			}
			it.open, it.settled = 0, on
		}
	case share() < 0.15:
		var cand []int
		for i := range g.items {
			if g.free(i) && g.items[i].open == 0 && g.dpd(i) > 60 && g.dpd(i) <= 450 {
				cand = append(cand, i)
			}
		}
		shuffled(r, cand)
		sort.SliceStable(cand, func(a, b int) bool { return rank(cand[a]) > rank(cand[b]) })
		for _, i := range cand {
			if share() >= target {
				break
			}
			it := &g.items[i]
			if float64(old+it.amount) > 0.24*float64(total+it.amount) {
				continue
			}
			it.open, it.settled = it.amount, 0
			old += it.open
			total += it.open
		}
	}
}

// makeDisputes opens three to six disputes on overdue invoices, mostly those litigious
// customers withhold.
func (g *gen) makeDisputes(r *rand.Rand) {
	want := 3 + r.IntN(4)
	var withheld, litigious, others []int
	for i := range g.items {
		if !g.free(i) || !g.openInvoice(i) || g.dpd(i) <= 0 {
			continue
		}
		switch {
		case g.items[i].disputed:
			withheld = append(withheld, i)
		case g.cg[g.items[i].cust].habit == disputes:
			litigious = append(litigious, i)
		case g.items[i].open == g.items[i].amount:
			others = append(others, i)
		}
	}
	// Litigious customers first, then at most one dispute elsewhere unless they run out.
	pool := append(shuffled(r, withheld), shuffled(r, litigious)...)
	shuffled(r, others)
	n := min(len(pool), want-r.IntN(2))
	picked := append(pool[:n:n], others[:min(len(others), want-n)]...)
	if len(picked) < want {
		picked = append(picked, pool[n:min(len(pool), n+want-len(picked))]...)
	}
	for _, i := range picked {
		reasons := []string{"quality", "price", "goods_not_received", "quality", "price"}
		if g.cg[g.items[i].cust].habit != disputes {
			reasons = []string{"invoice_not_received", "other", "goods_not_received"}
		}
		reason := pick(r, reasons)
		it := &g.items[i]
		it.used = true
		opened := g.nextWorkday(it.due.AddDays(r.IntN(min(25, g.dpd(i)))))
		if opened.After(g.today) {
			opened = g.today
		}
		g.disputes = append(g.disputes, disputeGen{item: i, reason: reason, note: pick(r, disputeNotes[reason]), opened: opened})
	}
}

// makePromises notes three to six promises to pay: at least one already broken, one due
// in the next two weeks, sometimes one due today or yesterday (not broken yet).
func (g *gen) makePromises(r *rand.Rand) {
	want := 3 + r.IntN(4)
	kinds := []string{"broken", "future"}
	for len(kinds) < want {
		switch len(kinds) {
		case 2:
			kinds = append(kinds, "grace")
		case 3:
			kinds = append(kinds, "broken")
		default:
			kinds = append(kinds, "future")
		}
	}
	rank := map[int]int{chronic: 0, bad: 1, slightly: 2, disputes: 3, punctual: 4}
	custs := shuffled(r, seq(len(g.custs)))
	sort.SliceStable(custs, func(a, b int) bool { return rank[g.cg[custs[a]].habit] < rank[g.cg[custs[b]].habit] })
	next := 0
	for _, kind := range kinds {
		var date, created civil.Date
		switch kind {
		case "broken":
			date = g.prevWorkday(g.today.AddDays(-3 - r.IntN(15)))
			created = g.prevWorkday(date.AddDays(-3 - r.IntN(10)))
		case "grace":
			date = g.today.AddDays(-r.IntN(2))
			if !g.workday(date) {
				date = g.today
			}
			created = g.prevWorkday(date.AddDays(-3 - r.IntN(8)))
		default:
			date = g.nextWorkday(g.today.AddDays(1 + r.IntN(12)))
			if date.Sub(g.today) > 14 {
				date = g.today.AddDays(14)
			}
			created = g.prevWorkday(g.today.AddDays(-r.IntN(8)))
		}
		for ; next < len(custs); next++ {
			c := custs[next]
			if g.cg[c].locked {
				continue
			}
			var items []int
			var amount money.Cents
			for _, i := range g.byCust[c] {
				it := &g.items[i]
				if g.free(i) && g.openInvoice(i) && !it.disputed && it.due.Before(created) && len(items) < 3 {
					items = append(items, i)
					amount += it.open
				}
			}
			if len(items) == 0 {
				continue
			}
			for _, i := range items {
				g.items[i].used = true
			}
			if amount >= 40000 && r.Float64() < 0.25 { // an instalment, in round hundreds
				amount = max(10000, amount/2/10000*10000)
			}
			who := g.custs[c].Name
			if cs := g.custs[c].Contacts; len(cs) > 0 {
				who = cs[0].Name
			}
			note := fmt.Sprintf(pick(r, promiseNotes), who)
			g.promises = append(g.promises, promiseGen{cust: c, date: date, created: created, amount: amount, items: items, note: note})
			next++
			break
		}
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// ---- output ----

func (g *gen) dataset() *Dataset {
	// Numbers run per kind and per issue year, in issue order, as French invoicing
	// requires (a continuous chronological sequence).
	type key struct {
		credit bool
		year   int
	}
	seqs := map[key]int{}
	var lastDay civil.Date
	year := 0
	for i := range g.items {
		it := &g.items[i]
		if it.issued != lastDay {
			lastDay, year = it.issued, it.issued.Year()
		}
		k := key{it.credit, year}
		seqs[k]++
		prefix := "FA"
		if it.credit {
			prefix = "AV"
		}
		it.number = fmt.Sprintf("%s%d-%05d", prefix, year, seqs[k])
	}

	ds := &Dataset{Customers: g.custs, Records: make([]importer.Record, len(g.items))}
	addresses := make([]string, len(g.custs))
	emails := make([]string, len(g.custs))
	phones := make([]string, len(g.custs))
	for i, c := range g.custs {
		addresses[i] = c.Address + ", " + c.PostCode + " " + c.City
		for _, ct := range c.Contacts {
			if ct.Primary {
				emails[i], phones[i] = ct.Email, ct.Phone
			}
		}
	}
	for i := range g.items {
		it := &g.items[i]
		c := &g.custs[it.cust]
		kind := importer.Invoice
		if it.credit {
			kind = importer.Credit
		}
		ds.Records[i] = importer.Record{
			CustomerCode: c.Code,
			CustomerName: c.Name,
			Email:        emails[it.cust],
			Phone:        phones[it.cust],
			Address:      addresses[it.cust],
			SIREN:        c.SIREN,
			Number:       it.number,
			Kind:         kind,
			Issued:       it.issued,
			Due:          it.due,
			Amount:       it.amount,
			Open:         it.open,
			Currency:     "EUR",
			SettledOn:    it.settled,
		}
	}
	for _, p := range g.promises {
		nums := make([]string, len(p.items))
		for k, i := range p.items {
			nums[k] = g.items[i].number
		}
		ds.Promises = append(ds.Promises, Promise{
			CustomerCode: g.custs[p.cust].Code, Date: p.date, Amount: p.amount,
			Invoices: nums, Note: p.note, Created: p.created,
		})
	}
	sort.SliceStable(ds.Promises, func(a, b int) bool { return ds.Promises[a].Date.Before(ds.Promises[b].Date) })
	for _, d := range g.disputes {
		ds.Disputes = append(ds.Disputes, Dispute{Invoice: g.items[d.item].number, Reason: d.reason, Note: d.note, Opened: d.opened})
	}
	sort.SliceStable(ds.Disputes, func(a, b int) bool { return ds.Disputes[a].Opened.Before(ds.Disputes[b].Opened) })
	return ds
}
