package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Field is a column's meaning.
type Field string

// The fields a spreadsheet column can be mapped to.
const (
	FieldCustomerCode Field = "customer_code"
	FieldCustomerName Field = "customer_name"
	FieldNumber       Field = "number"
	FieldIssued       Field = "issued"
	FieldDue          Field = "due"
	FieldAmount       Field = "amount"
	FieldOpen         Field = "open"
	FieldDebit        Field = "debit"
	FieldCredit       Field = "credit"
	FieldKind         Field = "kind"
	FieldCurrency     Field = "currency"
	FieldEmail        Field = "email"
	FieldPhone        Field = "phone"
	FieldAddress      Field = "address"
	FieldPostCode     Field = "postcode"
	FieldCity         Field = "city"
	FieldSIREN        Field = "siren"
)

// Fields in the order a mapping screen shows them.
var Fields = []Field{
	FieldCustomerCode, FieldCustomerName, FieldNumber, FieldIssued, FieldDue, FieldAmount,
	FieldOpen, FieldDebit, FieldCredit, FieldKind, FieldCurrency, FieldEmail, FieldPhone,
	FieldAddress, FieldPostCode, FieldCity, FieldSIREN,
}

// Header names seen in French and English exports, normalised (lower case, no accents,
// punctuation as spaces). Order matters inside a field only for documentation.
var synonyms = map[Field][]string{
	FieldCustomerCode: {"code client", "client code", "compte", "compte client", "compte tiers", "code tiers",
		"tiers", "n client", "no client", "num client", "numero client", "numero de client", "n de client",
		"ref client", "reference client", "code", "customer code", "customer id", "customer no",
		"customer number", "account", "account no", "account number", "cpt", "compte auxiliaire"},
	FieldCustomerName: {"raison sociale", "client", "nom client", "nom du client", "nom", "societe",
		"intitule", "intitule compte", "libelle tiers", "libelle compte", "nom tiers", "denomination",
		"customer", "customer name", "name", "company", "company name"},
	FieldNumber: {"n facture", "no facture", "num facture", "numero facture", "numero de facture",
		"n de facture", "facture", "n piece", "no piece", "num piece", "numero piece", "numero de piece",
		"n de piece", "piece", "ref piece", "reference piece", "reference", "ref", "n document",
		"numero document", "invoice", "invoice no", "invoice number", "invoice n", "invoice ref",
		"document", "document no", "document number", "doc no"},
	FieldIssued: {"date facture", "date de facture", "date piece", "date de piece", "date document",
		"date emission", "date d emission", "date", "invoice date", "document date", "date comptable",
		"issue date", "posting date"},
	FieldDue: {"echeance", "date echeance", "date d echeance", "date de l echeance", "date limite",
		"date limite de paiement", "date limite paiement", "date de reglement prevue", "date d exigibilite",
		"due date", "due", "payment due", "due on"},
	FieldAmount: {"montant ttc", "total ttc", "ttc", "montant facture", "montant de la facture",
		"montant initial", "montant", "montant origine", "montant d origine", "total", "amount",
		"invoice amount", "gross amount", "total amount", "original amount"},
	FieldOpen: {"reste du", "reste a payer", "reste a regler", "restant du", "restant", "reste",
		"solde", "solde du", "solde restant", "montant ouvert", "montant restant", "montant du",
		"montant restant du", "encours", "non regle", "open balance", "balance", "open amount",
		"amount due", "outstanding", "remaining", "balance due", "open"},
	FieldDebit:    {"debit", "debit ttc", "debit eur"},
	FieldCredit:   {"credit", "credit ttc", "credit eur"},
	FieldKind:     {"type", "type piece", "type de piece", "type document", "nature", "nature piece", "document type", "doc type"},
	FieldCurrency: {"devise", "monnaie", "currency", "cur"},
	FieldEmail:    {"email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "adresse mail", "email address"},
	FieldPhone:    {"telephone", "tel", "n telephone", "numero de telephone", "telephone fixe", "portable", "mobile", "phone", "phone number"},
	FieldAddress:  {"adresse", "adresse 1", "adresse1", "rue", "address", "address 1", "street"},
	FieldPostCode: {"code postal", "cp", "postcode", "post code", "zip", "zip code"},
	FieldCity:     {"ville", "commune", "localite", "city", "town"},
	FieldSIREN:    {"siren", "siret", "n siren", "n siret", "numero siren", "numero siret"},
}

var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Normalize folds a header cell for matching: lower case, accents off, every run of
// punctuation or spaces as one space, currency marks and units dropped.
func Normalize(s string) string {
	folded, _, err := transform.String(foldAccents, s)
	if err != nil {
		folded = s
	}
	folded = strings.ToLower(folded)
	var b strings.Builder
	space := false
	for _, r := range folded {
		switch {
		case r == '°' || r == 'º':
			// "N°" → "n"
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	words := strings.Fields(b.String())
	kept := words[:0]
	for _, w := range words {
		if w == "eur" || w == "euros" || w == "euro" || w == "en" {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// Mapping gives, for each field, the 0-based column that holds it.
type Mapping map[Field]int

// Clone copies a mapping.
func (m Mapping) Clone() Mapping {
	out := make(Mapping, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Usable reports whether a mapping can make records: an invoice number, a customer, and an
// amount (or open balance, or debit).
func (m Mapping) Usable() bool {
	_, num := m[FieldNumber]
	_, code := m[FieldCustomerCode]
	_, name := m[FieldCustomerName]
	_, amt := m[FieldAmount]
	_, open := m[FieldOpen]
	_, debit := m[FieldDebit]
	return num && (code || name) && (amt || open || debit)
}

// Missing names what a mapping lacks to be usable.
func (m Mapping) Missing() []Field {
	var out []Field
	if _, ok := m[FieldNumber]; !ok {
		out = append(out, FieldNumber)
	}
	_, code := m[FieldCustomerCode]
	_, name := m[FieldCustomerName]
	if !code && !name {
		out = append(out, FieldCustomerCode)
	}
	_, amt := m[FieldAmount]
	_, open := m[FieldOpen]
	_, debit := m[FieldDebit]
	if !amt && !open && !debit {
		out = append(out, FieldAmount)
	}
	return out
}

// AutoMap maps header cells to fields. Each column gets the field whose synonym fits it
// best: an exact synonym beats a header that merely starts with one ("Montant TTC facturé"),
// and a longer synonym beats a shorter one ("date d echeance prevue" is a due date, not an
// issue date). Each column and each field is used once.
func AutoMap(header []string) Mapping {
	type cand struct {
		col   int
		field Field
		score int
		order int
	}
	var cands []cand
	for i, h := range header {
		h = Normalize(h)
		if h == "" {
			continue
		}
		for fi, f := range Fields {
			for _, syn := range synonyms[f] {
				score := 0
				switch {
				case h == syn:
					score = 1000 + len(syn)
				case len(syn) >= 4 && strings.HasPrefix(h, syn+" "):
					score = len(syn)
				}
				if score > 0 {
					cands = append(cands, cand{i, f, score, fi})
				}
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].score != cands[b].score {
			return cands[a].score > cands[b].score
		}
		if cands[a].col != cands[b].col {
			return cands[a].col < cands[b].col
		}
		return cands[a].order < cands[b].order
	})
	m := Mapping{}
	used := map[int]bool{}
	for _, c := range cands {
		if _, done := m[c.field]; done || used[c.col] {
			continue
		}
		m[c.field] = c.col
		used[c.col] = true
	}
	return m
}

// Signature identifies a source by its column layout, not its file name: next week's
// export of the same report has the same signature.
func Signature(format string, header []string) string {
	var cols []string
	for _, h := range header {
		cols = append(cols, Normalize(h))
	}
	for len(cols) > 0 && cols[len(cols)-1] == "" {
		cols = cols[:len(cols)-1]
	}
	sum := sha256.Sum256([]byte(format + "\x00" + strings.Join(cols, "\x1f")))
	return hex.EncodeToString(sum[:12])
}

// maxHeaderSearch is how many leading rows may hold a report title before the header.
const maxHeaderSearch = 30

// FindHeader returns the index in rows of the header row (the first that maps to a usable
// layout), or -1.
func FindHeader(rows [][]string) int {
	best, bestScore := -1, 0
	for i, r := range rows {
		if i >= maxHeaderSearch {
			break
		}
		m := AutoMap(r)
		if !m.Usable() {
			continue
		}
		if len(m) > bestScore {
			best, bestScore = i, len(m)
		}
		// The first usable row wins unless a later one within a few rows maps clearly
		// more columns (a title row with "Client : Dupont" can look usable by accident).
		if best >= 0 && i > best+2 {
			break
		}
	}
	return best
}

// ColumnName is the spreadsheet letter of a 0-based column (0 → A, 26 → AA).
func ColumnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// ColumnIndex parses a spreadsheet column letter ("B", "aa") into a 0-based index.
func ColumnIndex(s string) (int, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1, true
}
