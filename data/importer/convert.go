package importer

import (
	"strings"

	"encaisse/data/civil"
	"encaisse/data/money"
	"encaisse/resources"
)

// RowKind says what a spreadsheet row turned out to be.
type RowKind int

const (
	RowRecord   RowKind = iota // an invoice, credit note or payment
	RowBlank                   // nothing in it
	RowTotal                   // a total or subtotal line
	RowRejected                // unreadable: see the issue
)

// Converter turns the data rows of a table into records under a mapping.
type Converter struct {
	mapping      Mapping
	header       []string
	defaultTerms int
	decimal      map[Field]rune // CSV: the file's decimal separator per amount column
	noDueColumn  bool
}

// NewConverter prepares the conversion. defaultTerms (days) makes a due date when the file
// has none.
func NewConverter(header []string, m Mapping, defaultTerms int) *Converter {
	if defaultTerms <= 0 {
		defaultTerms = 30
	}
	_, hasDue := m[FieldDue]
	return &Converter{mapping: m, header: header, defaultTerms: defaultTerms,
		decimal: map[Field]rune{}, noDueColumn: !hasDue}
}

// NoDueColumn reports that due dates will all be computed from the default terms.
func (c *Converter) NoDueColumn() bool { return c.noDueColumn }

// LearnDecimals looks at sample data rows to find each amount column's decimal separator,
// for text files where "1.234" could be either a thousand or one euro.
func (c *Converter) LearnDecimals(sample [][]string) {
	for _, f := range []Field{FieldAmount, FieldOpen, FieldDebit, FieldCredit} {
		col, ok := c.mapping[f]
		if !ok {
			continue
		}
		var vals []string
		for _, r := range sample {
			if col < len(r) && r[col] != "" {
				vals = append(vals, r[col])
			}
		}
		if d := SniffDecimal(vals); d != 0 {
			c.decimal[f] = d
		}
	}
}

func (c *Converter) cell(cells []string, f Field) string {
	col, ok := c.mapping[f]
	if !ok || col >= len(cells) {
		return ""
	}
	return strings.TrimSpace(strings.Trim(cells[col], "\u00a0"))
}

func (c *Converter) column(f Field) string {
	col := c.mapping[f]
	name := ColumnName(col)
	if col < len(c.header) && strings.TrimSpace(c.header[col]) != "" {
		name += " « " + strings.TrimSpace(c.header[col]) + " »"
	}
	return name
}

func blank(cells []string) bool {
	for _, v := range cells {
		if strings.TrimSpace(strings.Trim(v, "\u00a0")) != "" {
			return false
		}
	}
	return true
}

func isTotalLine(cells []string) bool {
	for _, v := range cells {
		n := Normalize(v)
		if n == "" {
			continue
		}
		first, _, _ := strings.Cut(n, " ")
		switch first {
		case "total", "totaux", "sous", "soustotal", "grand", "cumul":
			if first == "sous" || first == "grand" {
				return strings.Contains(n, "total")
			}
			return true
		}
	}
	return false
}

// date reads a date cell: spreadsheets hand over date cells as Excel day numbers, and a
// CSV saved by Excel may too; anything else is text.
func (c *Converter) date(raw string) (civil.Date, error) {
	if looksSerial(raw) {
		return civil.ParseExcelSerial(raw)
	}
	return civil.Parse(raw)
}

// looksSerial: an Excel day number such as 46345 or 46345.5, not a yyyymmdd date.
func looksSerial(s string) bool {
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) == 0 || len(intPart) > 5 {
		return false
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (c *Converter) amount(cells []string, f Field) (money.Cents, bool, error) {
	raw := c.cell(cells, f)
	if raw == "" {
		return 0, false, nil
	}
	v, err := money.ParseWith(raw, c.decimal[f])
	return v, true, err
}

func (c *Converter) reject(row int, key string, data map[string]any) Issue {
	data["Row"] = row
	return Issue{Row: row, Reason: resources.T(key, data)}
}

// Convert reads one data row. row is the spreadsheet row number, for messages.
func (c *Converter) Convert(row int, cells []string) (Record, RowKind, *Issue, []Issue) {
	if blank(cells) {
		return Record{}, RowBlank, nil, nil
	}
	number := c.cell(cells, FieldNumber)
	if number == "" || isTotalLine([]string{number}) {
		if isTotalLine(cells) {
			return Record{}, RowTotal, nil, nil
		}
		if number == "" {
			is := c.reject(row, "import.reject.no_number", map[string]any{"Column": c.column(FieldNumber)})
			return Record{}, RowRejected, &is, nil
		}
	}
	rec := Record{Row: row, Number: number, Currency: "EUR", Kind: Invoice}
	rec.CustomerCode = c.cell(cells, FieldCustomerCode)
	rec.CustomerName = c.cell(cells, FieldCustomerName)
	if rec.CustomerCode == "" {
		rec.CustomerCode = strings.ToUpper(rec.CustomerName)
	}
	if rec.CustomerName == "" {
		rec.CustomerName = rec.CustomerCode
	}
	if rec.CustomerCode == "" {
		is := c.reject(row, "import.reject.no_customer", map[string]any{"Number": number})
		return Record{}, RowRejected, &is, nil
	}
	var warnings []Issue

	if raw := c.cell(cells, FieldIssued); raw != "" {
		d, err := c.date(raw)
		if err != nil {
			is := c.reject(row, "import.reject.bad_date", map[string]any{"Value": raw, "Column": c.column(FieldIssued)})
			return Record{}, RowRejected, &is, nil
		}
		rec.Issued = d
	}
	if raw := c.cell(cells, FieldDue); raw != "" {
		d, err := c.date(raw)
		if err != nil {
			is := c.reject(row, "import.reject.bad_date", map[string]any{"Value": raw, "Column": c.column(FieldDue)})
			return Record{}, RowRejected, &is, nil
		}
		rec.Due = d
	}
	switch {
	case rec.Issued.IsZero() && rec.Due.IsZero():
		is := c.reject(row, "import.reject.no_date", map[string]any{"Number": number})
		return Record{}, RowRejected, &is, nil
	case rec.Issued.IsZero():
		rec.Issued = rec.Due
		warnings = append(warnings, c.reject(row, "import.warn.issued_from_due", map[string]any{"Number": number}))
	case rec.Due.IsZero():
		rec.Due = rec.Issued.AddDays(c.defaultTerms)
		rec.DueEstimated = true
		if !c.noDueColumn {
			warnings = append(warnings, c.reject(row, "import.warn.due_computed",
				map[string]any{"Number": number, "Days": c.defaultTerms}))
		}
	}

	amount, hasAmount, err := c.amount(cells, FieldAmount)
	if err != nil {
		is := c.reject(row, "import.reject.bad_amount", map[string]any{"Value": c.cell(cells, FieldAmount), "Column": c.column(FieldAmount)})
		return Record{}, RowRejected, &is, nil
	}
	if !hasAmount {
		debit, hasDebit, err := c.amount(cells, FieldDebit)
		if err != nil {
			is := c.reject(row, "import.reject.bad_amount", map[string]any{"Value": c.cell(cells, FieldDebit), "Column": c.column(FieldDebit)})
			return Record{}, RowRejected, &is, nil
		}
		credit, hasCredit, err := c.amount(cells, FieldCredit)
		if err != nil {
			is := c.reject(row, "import.reject.bad_amount", map[string]any{"Value": c.cell(cells, FieldCredit), "Column": c.column(FieldCredit)})
			return Record{}, RowRejected, &is, nil
		}
		amount, hasAmount = debit-credit, hasDebit || hasCredit
	}
	open, hasOpen, err := c.amount(cells, FieldOpen)
	if err != nil {
		is := c.reject(row, "import.reject.bad_amount", map[string]any{"Value": c.cell(cells, FieldOpen), "Column": c.column(FieldOpen)})
		return Record{}, RowRejected, &is, nil
	}
	switch {
	case !hasAmount && !hasOpen:
		is := c.reject(row, "import.reject.no_amount", map[string]any{"Number": number})
		return Record{}, RowRejected, &is, nil
	case !hasAmount:
		amount = open
	case !hasOpen:
		open = amount
	}

	kind := Normalize(c.cell(cells, FieldKind))
	if isCreditKind(kind) || amount < 0 {
		rec.Kind = Credit
		if amount > 0 {
			amount = -amount
		}
		if open > 0 {
			open = -open
		}
	}
	if (open > 0 && amount > 0 && open > amount) || (open < 0 && amount < 0 && open < amount) {
		warnings = append(warnings, c.reject(row, "import.warn.open_exceeds_amount", map[string]any{"Number": number}))
	}
	if open != 0 && (open > 0) != (amount > 0) {
		warnings = append(warnings, c.reject(row, "import.warn.open_sign", map[string]any{"Number": number}))
	}
	rec.Amount, rec.Open = amount, open

	if cur := strings.ToUpper(c.cell(cells, FieldCurrency)); cur != "" && cur != "€" {
		if len(cur) != 3 {
			is := c.reject(row, "import.reject.bad_currency", map[string]any{"Value": cur})
			return Record{}, RowRejected, &is, nil
		}
		rec.Currency = cur
	}
	rec.Email = c.cell(cells, FieldEmail)
	rec.Phone = c.cell(cells, FieldPhone)
	rec.SIREN = strings.ReplaceAll(c.cell(cells, FieldSIREN), " ", "")
	addr := c.cell(cells, FieldAddress)
	if pc, city := c.cell(cells, FieldPostCode), c.cell(cells, FieldCity); pc != "" || city != "" {
		addr = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(addr+", "+strings.TrimSpace(pc+" "+city)), ","))
		addr = strings.TrimPrefix(addr, ", ")
	}
	rec.Address = addr
	return rec, RowRecord, nil, warnings
}

func isCreditKind(k string) bool {
	switch k {
	case "a", "av", "avoir", "avoirs", "credit", "credit note", "creditnote", "cn", "facture d avoir", "note de credit":
		return true
	}
	return strings.HasPrefix(k, "avoir")
}
