package resources

import _ "embed"

// latePayment is the shipped table of late-payment rates per semester. It is data, not
// code, so that a new semester is one line the user (or a release) adds.
//
//go:embed rates/late_payment.json
var latePayment []byte

// LatePaymentRates returns the shipped late-payment rate table (JSON): per semester the
// ECB main refinancing rate, the default rate (ECB + 10 points), the legal interest rate
// for professionals and the floor (3 × legal), in basis points. dunning.LoadRates reads it.
func LatePaymentRates() []byte {
	return append([]byte(nil), latePayment...)
}
