package data

import (
	"reflect"
	"testing"
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
