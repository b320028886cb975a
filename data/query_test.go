package data

import (
	"reflect"
	"testing"

	"encaisse/data/importer"
)

// Customers come back in French alphabetical order: accents and case do not push a name to
// the end of the list as a byte order would.
func TestCustomerBalancesFrenchOrder(t *testing.T) {
	l := openTemp(t)
	csv := writeFile(t, "a.csv", "Code client;Client;N° facture;Date;Échéance;Montant\n"+
		"C1;Couverture Martin;F1;01/10/2026;31/10/2026;100,00\n"+
		"C2;Éclat Services;F2;01/10/2026;31/10/2026;100,00\n"+
		"C3;Cévéplast;F3;01/10/2026;31/12/2026;100,00\n"+
		"C4;cabinet Durand;F4;01/10/2026;31/10/2026;100,00\n"+
		"C5;Cerise;F5;01/10/2026;31/10/2026;100,00\n"+
		"C6;Dupont;F6;01/10/2026;31/10/2026;100,00\n")
	if _, err := l.Import(t.Context(), csv, ImportOptions{AsOf: day("2026-11-20")}); err != nil {
		t.Fatal(err)
	}
	rows, err := l.CustomerBalances(t.Context(), day("2026-11-20"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	want := []string{"cabinet Durand", "Cerise", "Cévéplast", "Couverture Martin", "Dupont", "Éclat Services"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("order %q, want %q", names, want)
	}
	if rows[2].Overdue != 0 || rows[2].Open != 10000 || rows[3].Overdue != 10000 {
		t.Fatalf("balances moved with the sort: %+v", rows[2:4])
	}
}

// The preview finds the header under a report title, maps French headers, and follows the
// user's header row and mapping; an import with that mapping uses it and remembers it.
func TestPreviewAndCorrectedMapping(t *testing.T) {
	l := openTemp(t)
	csv := writeFile(t, "odd.csv", "Balance au 20/11/2026\n\n"+
		"Tiers;Nom;Pièce;Le;Pour le;Valeur;Dû\n"+
		"C1;Alpha;F1;01/10/2026;31/10/2026;100,00;60,00\n"+
		"C2;Beta;F2;02/10/2026;01/11/2026;50,00;50,00\n")
	p, err := l.PreviewImport(t.Context(), csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatCSV || p.HeaderRow != 3 || len(p.Rows) != 2 || p.RowNumbers[0] != 4 || p.Rows[1][2] != "F2" {
		t.Fatalf("preview = %+v", p)
	}
	// "Valeur" and "Dû" mean nothing to the automatic mapping: the amount is missing.
	if len(p.Missing) != 1 || p.Missing[0] != importer.FieldAmount || p.Remembered {
		t.Fatalf("missing %v, remembered %v (mapping %v)", p.Missing, p.Remembered, p.Mapping)
	}
	if _, err := l.Import(t.Context(), csv, ImportOptions{AsOf: day("2026-11-20")}); err == nil {
		t.Fatal("import with an unusable mapping succeeded")
	}
	m := p.Mapping.Clone()
	m[importer.FieldAmount], m[importer.FieldOpen] = 5, 6
	m[importer.FieldIssued], m[importer.FieldDue] = 3, 4
	rep, err := l.Import(t.Context(), csv, ImportOptions{AsOf: day("2026-11-20"), Mapping: m, HeaderRow: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 2 {
		t.Fatalf("new = %d", rep.New)
	}
	items, _ := l.Items(t.Context(), ItemFilter{})
	if items[0].Number != "F1" || items[0].Amount != 10000 || items[0].Open != 6000 || items[0].Due != day("2026-10-31") {
		t.Fatalf("F1 = %+v", items[0])
	}
	// Next week the same layout is recognised: the corrected mapping is remembered.
	p, err = l.PreviewImport(t.Context(), csv, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Remembered || len(p.Missing) != 0 || p.Mapping[importer.FieldOpen] != 6 {
		t.Fatalf("second preview: remembered %v missing %v mapping %v", p.Remembered, p.Missing, p.Mapping)
	}
	// A header row chosen by hand wins over the search.
	p, err = l.PreviewImport(t.Context(), csv, ImportOptions{HeaderRow: 4})
	if err != nil {
		t.Fatal(err)
	}
	if p.HeaderRow != 4 || p.Header[2] != "F1" {
		t.Fatalf("preview on row 4 = %+v", p)
	}
}
