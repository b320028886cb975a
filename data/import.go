package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"encaisse/data/civil"
	"encaisse/data/importer"
	"encaisse/data/money"
	"encaisse/resources"
)

// ImportOptions say how to read a file and what to do with it.
type ImportOptions struct {
	AsOf          civil.Date       // the snapshot's date; required
	Format        Format           // "" or auto: detected
	DryRun        bool             // count and report, write nothing
	ConfirmSettle bool             // allow settling more than a third of the source's open items
	Mapping       importer.Mapping // a corrected mapping; nil: remembered or automatic
	HeaderRow     int              // 1-based header row with Mapping; 0: found automatically
	DefaultTerms  int              // days from invoice to due date when the file has none; 0: setting or 30
	// Progress receives rows read so far and the total when known (0 otherwise). It is
	// called from the import's goroutine: a UI must hop to its own thread.
	Progress func(done, total int)
}

// Quality is the data-quality report shown before and after an import.
type Quality struct {
	CustomersWithoutEmail []string `json:"customers_without_email"`
	CustomersWithoutPhone []string `json:"customers_without_phone"`
	DueBeforeIssue        int      `json:"due_before_issue"`
	OlderThanTwoYears     int      `json:"older_than_two_years"`
	IssuedAfterAsOf       int      `json:"issued_after_as_of"`
	DueComputed           int      `json:"due_computed"`
}

// ImportReport tells what an import did, or would do on a dry run.
type ImportReport struct {
	New       int              `json:"new"`
	Updated   int              `json:"updated"`
	Settled   int              `json:"settled"`
	Unchanged int              `json:"unchanged"`
	Ignored   int              `json:"ignored"`
	Rejected  []importer.Issue `json:"rejected"`
	Warnings  []importer.Issue `json:"warnings"`
	Quality   Quality          `json:"quality"`

	ImportID   int64            `json:"import_id,omitempty"`
	DryRun     bool             `json:"dry_run"`
	Format     Format           `json:"format"`
	Encoding   string           `json:"encoding,omitempty"`
	HeaderRow  int              `json:"header_row,omitempty"`
	Mapping    importer.Mapping `json:"mapping,omitempty"`
	Rows       int              `json:"rows"`
	OpenBefore int              `json:"open_before"`
	// NeedsConfirm: the snapshot settles more than a third of the source's open items by
	// leaving them out; Import refuses it without ConfirmSettle.
	NeedsConfirm bool   `json:"needs_confirm"`
	Backup       string `json:"backup,omitempty"`
}

// ErrConfirmSettle is wrapped by SettleError.
var ErrConfirmSettle = errors.New("import would settle more than a third of the open items")

// SettleError stops an import that would settle too many items at once: a partial export
// is a common mistake. Nothing was written; import again with ConfirmSettle.
type SettleError struct {
	Settled, Open int
	Report        *ImportReport
}

func (e *SettleError) Error() string {
	return resources.T("import.err.too_many_settled", map[string]any{"Settled": e.Settled, "Open": e.Open})
}

func (e *SettleError) Unwrap() error { return ErrConfirmSettle }

// DefaultTermsSetting is the settings key of the default payment terms in days.
const DefaultTermsSetting = "default_terms_days"

// rowResult is one row on its way from the reader to the writer.
type rowResult struct {
	rec      importer.Record
	kind     importer.RowKind
	issue    *importer.Issue
	warnings []importer.Issue
}

// parsed is what the reading side found before any row is written.
type parsed struct {
	format    Format
	encoding  string
	header    []string
	headerRow int
	mapping   importer.Mapping
	signature string
	warnings  []importer.Issue
	rows      <-chan []rowResult
	errc      <-chan error
	stop      func()
}

const batchSize = 512

// Import reads a ledger snapshot and applies it: new items added, lower balances recorded
// as payments, items of the same source missing from the snapshot settled at the as-of
// date. One transaction: on any error, or a dry run, the ledger is left exactly as it was.
func (l *Ledger) Import(ctx context.Context, path string, opt ImportOptions) (*ImportReport, error) {
	if opt.AsOf.IsZero() {
		return nil, fmt.Errorf("import: as-of date required")
	}
	if opt.DefaultTerms <= 0 {
		opt.DefaultTerms = l.defaultTerms(ctx)
	}
	format, err := resolveFormat(path, opt.Format)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	p, err := l.startReading(ctx, path, format, opt)
	if err != nil {
		return nil, err
	}
	defer p.stop()
	return l.apply(ctx, filepath.Base(path), p, opt)
}

// ImportRecords applies records made by the program itself (the demo ledger) through the
// same path as a file, as a source of its own named name.
func (l *Ledger) ImportRecords(ctx context.Context, name string, recs []importer.Record, opt ImportOptions) (*ImportReport, error) {
	if opt.AsOf.IsZero() {
		return nil, fmt.Errorf("import: as-of date required")
	}
	out := make(chan []rowResult, 1)
	errc := make(chan error, 1)
	batch := make([]rowResult, len(recs))
	for i, r := range recs {
		batch[i] = rowResult{rec: r, kind: importer.RowRecord}
	}
	out <- batch
	close(out)
	errc <- nil
	p := &parsed{format: Format("program"), signature: importer.Signature("program", []string{name}),
		rows: out, errc: errc, stop: func() {}}
	return l.apply(ctx, name, p, opt)
}

func (l *Ledger) apply(ctx context.Context, name string, p *parsed, opt ImportOptions) (*ImportReport, error) {
	rep := &ImportReport{DryRun: opt.DryRun, Format: p.format, Encoding: p.encoding, HeaderRow: p.headerRow,
		Mapping: p.mapping, Warnings: p.warnings, Rejected: []importer.Issue{}}
	if rep.Warnings == nil {
		rep.Warnings = []importer.Issue{}
	}
	if !opt.DryRun {
		empty, err := l.IsEmpty(ctx)
		if err != nil {
			return nil, err
		}
		if !empty {
			if rep.Backup, err = l.Backup(ctx); err != nil {
				return nil, err
			}
		}
	}

	tx, err := l.rw.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	w, err := newWriter(ctx, tx, l, name, p, opt, rep)
	if err != nil {
		return nil, err
	}
	for batch := range p.rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for i := range batch {
			if err := w.apply(&batch[i]); err != nil {
				return nil, err
			}
		}
	}
	if err := <-p.errc; err != nil {
		return nil, err
	}
	if rep.Rows == 0 && p.format != FormatFEC {
		return nil, userErr(nil, "import.err.empty", nil)
	}
	if err := w.finish(); err != nil {
		return nil, err
	}
	rep.NeedsConfirm = w.absentSettled > 0 && w.absentSettled*3 > rep.OpenBefore
	if rep.NeedsConfirm && !opt.ConfirmSettle && !opt.DryRun {
		return nil, &SettleError{Settled: w.absentSettled, Open: rep.OpenBefore, Report: rep}
	}
	if opt.DryRun {
		rep.ImportID = 0
		return rep, nil // the deferred rollback leaves the ledger untouched
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("import commit: %w", err)
	}
	// A snapshot is where payments show: promises are kept or broken from what it says.
	if err := l.refreshAfterImport(ctx, opt.AsOf); err != nil {
		return rep, fmt.Errorf("import done, but checking the promises failed: %w", err)
	}
	return rep, nil
}

func (l *Ledger) refreshAfterImport(ctx context.Context, asOf civil.Date) error {
	var open int
	if err := l.ro.QueryRowContext(ctx, `SELECT COUNT(*) FROM promises WHERE status = 'open'`).Scan(&open); err != nil || open == 0 {
		return err
	}
	b, err := l.LoadBook(ctx, BookOptions{})
	if err != nil {
		return err
	}
	_, err = l.RefreshPromises(ctx, b, asOf)
	return err
}

func (l *Ledger) defaultTerms(ctx context.Context) int {
	v, err := l.Setting(ctx, DefaultTermsSetting, "30")
	if err != nil {
		return 30
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n <= 0 {
		return 30
	}
	return n
}

func (l *Ledger) rememberedMapping(ctx context.Context, signature string) importer.Mapping {
	var raw string
	if err := l.ro.QueryRowContext(ctx, `SELECT mapping FROM sources WHERE signature = ?`, signature).Scan(&raw); err != nil {
		return nil
	}
	var m importer.Mapping
	if json.Unmarshal([]byte(raw), &m) != nil || !m.Usable() {
		return nil
	}
	return m
}

// fecHeader names the FEC columns, for the source signature: every FEC of one company is
// the same source whatever program wrote it.
var fecHeader = []string{"JournalCode", "CompteNum", "CompAuxNum", "PieceRef", "EcritureLet"}

func (l *Ledger) startReading(ctx context.Context, path string, format Format, opt ImportOptions) (*parsed, error) {
	out := make(chan []rowResult, 16)
	errc := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	p := &parsed{format: format, rows: out, errc: errc}
	send := func(b []rowResult) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}

	if format == FormatFEC {
		f, err := os.Open(path)
		if err != nil {
			cancel()
			return nil, userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
		}
		res, err := importer.ParseFEC(f, importer.FECOptions{AsOf: opt.AsOf, DefaultTerms: opt.DefaultTerms})
		f.Close()
		if err != nil {
			cancel()
			return nil, err
		}
		p.encoding = res.Encoding
		p.signature = importer.Signature("fec", fecHeader)
		p.warnings = append(p.warnings, res.Warnings...)
		go func() {
			defer close(out)
			batch := make([]rowResult, 0, batchSize)
			for i := range res.Rejected {
				is := res.Rejected[i]
				batch = append(batch, rowResult{kind: importer.RowRejected, issue: &is})
			}
			for _, r := range res.Records {
				batch = append(batch, rowResult{rec: r, kind: importer.RowRecord})
				if len(batch) == batchSize {
					if !send(batch) {
						errc <- ctx.Err()
						return
					}
					batch = make([]rowResult, 0, batchSize)
				}
			}
			if len(batch) > 0 && !send(batch) {
				errc <- ctx.Err()
				return
			}
			if opt.Progress != nil {
				opt.Progress(res.Lines, res.Lines)
			}
			errc <- nil
		}()
		p.stop = cancel
		return p, nil
	}

	h, err := l.readHead(ctx, path, format, opt, false)
	if err != nil {
		cancel()
		return nil, err
	}
	tbl, closer, head, headRows, hi := h.table, h.closer, h.rows, h.rowNumbers, h.index
	p.encoding, p.header, p.headerRow, p.signature, p.mapping = h.encoding, h.header, h.headerRow, h.signature, h.mapping
	if missing := p.mapping.Missing(); len(missing) > 0 {
		closer.Close()
		cancel()
		var names []string
		for _, f := range missing {
			names = append(names, resources.T("field."+string(f)))
		}
		return nil, userErr(nil, "import.err.missing_fields", map[string]any{"Fields": strings.Join(names, ", ")})
	}
	conv := importer.NewConverter(p.header, p.mapping, opt.DefaultTerms)
	if conv.NoDueColumn() {
		p.warnings = append(p.warnings, importer.Issue{Reason: resources.T("import.warn.no_due_column", map[string]any{"Days": opt.DefaultTerms})})
	}
	if format == FormatCSV {
		conv.LearnDecimals(head[hi+1:])
	}

	// Three stages: this goroutine reads cells, the next converts them, the writer stores
	// them. Reading a workbook is the slowest part, so it gets a core to itself.
	type rawBatch struct {
		rows  []int
		cells [][]string
		done  int
	}
	raw := make(chan rawBatch, 8)
	go func() {
		defer close(raw)
		defer closer.Close()
		put := func(rb rawBatch) bool {
			select {
			case raw <- rb:
				return true
			case <-ctx.Done():
				return false
			}
		}
		rb := rawBatch{rows: headRows[hi+1:], cells: head[hi+1:], done: len(head)}
		for {
			if len(rb.rows) >= batchSize {
				if !put(rb) {
					return
				}
				rb = rawBatch{rows: make([]int, 0, batchSize), cells: make([][]string, 0, batchSize), done: rb.done}
			}
			cells, err := tbl.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				errc <- userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
				return
			}
			rb.done++
			rb.rows = append(rb.rows, tbl.Row())
			rb.cells = append(rb.cells, cells)
		}
		put(rb)
	}()
	go func() {
		defer close(out)
		done := 0
		for rb := range raw {
			batch := make([]rowResult, len(rb.rows))
			for i, row := range rb.rows {
				r := &batch[i]
				r.rec, r.kind, r.issue, r.warnings = conv.Convert(row, rb.cells[i])
			}
			if !send(batch) {
				break
			}
			done = rb.done
			if opt.Progress != nil {
				opt.Progress(done, 0)
			}
		}
		select {
		case err := <-errc:
			errc <- err // the reader failed
			return
		default:
		}
		if err := ctx.Err(); err != nil {
			errc <- err
			return
		}
		if opt.Progress != nil {
			opt.Progress(done, done)
		}
		errc <- nil
	}()
	p.stop = func() {
		cancel()
		for range out { // let the reader finish and close the file
		}
	}
	return p, nil
}

// Everything the writer keeps about the ledger while applying a snapshot.
type custState struct {
	code                 string
	id                   int64
	name, siren, address string
	edited               map[string]bool
	contactID            int64
	email, phone         string
	contactEdited        map[string]bool
	touched              bool
	hasEmail, hasPhone   bool
	newItems             []int64
	newNumbers           []string
}

type itemState struct {
	id         int64
	customerID int64
	number     string
	kind       string
	issued     civil.Date
	due        civil.Date
	amount     money.Cents
	open       money.Cents
	currency   string
	settledOn  civil.Date
	sourceID   sql.NullInt64
	seen       bool
}

type seenRow struct {
	row int
	rec importer.Record
}

type writer struct {
	ctx      context.Context
	tx       *sql.Tx
	l        *Ledger
	opt      ImportOptions
	rep      *ImportReport
	importID int64
	sourceID int64
	stamp    string

	customers map[string]*custState
	byID      map[int64]*custState
	items     map[string]*itemState
	seen      map[string]seenRow
	blanks    int // blank rows not yet known to sit between data rows

	absentSettled int
	paidWithDate  int // new rows already paid, with their settlement date
	twoYearsAgo   civil.Date

	insPayment, insChange, updItem *sql.Stmt

	// New rows go through bulk inserts, with ids counted from the largest in the ledger.
	customersB, contactsB, itemsB, eventsB, linksB *bulk
	lastCustomer, lastContact, lastItem, lastEvent int64
}

// queue adds a row to a bulk insert; when one batch is full, every pending batch is written,
// parents before children so that foreign keys hold.
func (w *writer) queue(b *bulk, values ...any) error {
	if b.add(values...) {
		return w.flush()
	}
	return nil
}

func (w *writer) flush() error {
	for _, b := range []*bulk{w.customersB, w.contactsB, w.itemsB, w.eventsB, w.linksB} {
		if err := b.flush(w.ctx); err != nil {
			return fmt.Errorf("import: write: %w", err)
		}
	}
	return nil
}

func newWriter(ctx context.Context, tx *sql.Tx, l *Ledger, name string, p *parsed, opt ImportOptions, rep *ImportReport) (*writer, error) {
	// modernc starts a watcher goroutine for every statement run under a cancellable context;
	// the import checks for cancellation between batches instead (apply), which is as prompt.
	w := &writer{ctx: context.WithoutCancel(ctx), tx: tx, l: l, opt: opt, rep: rep, stamp: l.stamp(),
		customers: map[string]*custState{}, byID: map[int64]*custState{},
		items: map[string]*itemState{}, seen: map[string]seenRow{},
		twoYearsAgo: opt.AsOf.AddMonths(-24)}

	mapping, _ := json.Marshal(p.mapping)
	var sourceID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE signature = ?`, p.signature).Scan(&sourceID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO sources (signature, format, label, mapping, created_at, used_at)
			VALUES (?, ?, ?, ?, ?, ?)`, p.signature, string(p.format), name, string(mapping), w.stamp, w.stamp)
		if err != nil {
			return nil, fmt.Errorf("record source: %w", err)
		}
		sourceID, _ = res.LastInsertId()
	case err != nil:
		return nil, err
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE sources SET mapping = ?, used_at = ? WHERE id = ?`,
			string(mapping), w.stamp, sourceID); err != nil {
			return nil, err
		}
	}
	w.sourceID = sourceID
	res, err := tx.ExecContext(ctx, `INSERT INTO imports (source_id, file_name, format, as_of, started_at, backup_path)
		VALUES (?, ?, ?, ?, ?, ?)`, sourceID, name, string(p.format), opt.AsOf, w.stamp, rep.Backup)
	if err != nil {
		return nil, fmt.Errorf("record import: %w", err)
	}
	w.importID, _ = res.LastInsertId()
	rep.ImportID = w.importID

	if err := w.load(); err != nil {
		return nil, err
	}
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	w.insPayment = prep(`INSERT INTO payments (item_id, paid_on, amount_cents, import_id) VALUES (?, ?, ?, ?)`)
	w.insChange = prep(`INSERT INTO import_changes (import_id, table_name, row_id, before) VALUES (?, ?, ?, ?)`)
	w.updItem = prep(`UPDATE items SET kind = ?, issued = ?, due = ?, amount_cents = ?, open_cents = ?, currency = ?,
		settled_on = ?, source_id = ?, last_import_id = ? WHERE id = ?`)
	newB := func(table string, columns ...string) *bulk {
		if err != nil {
			return nil
		}
		var b *bulk
		b, err = newBulk(ctx, tx, table, columns...)
		return b
	}
	w.customersB = newB("customers", "id", "code", "name", "siren", "address", "created_import_id", "created_at")
	w.contactsB = newB("contacts", "id", "customer_id", "email", "phone", "channel", "is_primary", "from_import")
	w.itemsB = newB("items", "id", "customer_id", "number", "kind", "issued", "due", "due_estimated", "amount_cents",
		"open_cents", "currency", "settled_on", "source_id", "first_import_id", "last_import_id")
	w.eventsB = newB("events", "id", "occurred_on", "created_at", "kind", "customer_id", "text", "import_id")
	w.linksB = newB("event_items", "event_id", "item_id")
	if err != nil {
		return nil, fmt.Errorf("prepare import: %w", err)
	}
	return w, nil
}

func fieldSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			m[f] = true
		}
	}
	return m
}

func (w *writer) load() error {
	for _, m := range []struct {
		table string
		last  *int64
	}{{"customers", &w.lastCustomer}, {"contacts", &w.lastContact}, {"items", &w.lastItem}, {"events", &w.lastEvent}} {
		if err := w.tx.QueryRowContext(w.ctx, "SELECT COALESCE(MAX(id), 0) FROM "+m.table).Scan(m.last); err != nil {
			return err
		}
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT id, code, name, siren, address, edited FROM customers`)
	if err != nil {
		return err
	}
	for rows.Next() {
		c := &custState{}
		var edited string
		if err := rows.Scan(&c.id, &c.code, &c.name, &c.siren, &c.address, &edited); err != nil {
			rows.Close()
			return err
		}
		c.edited = fieldSet(edited)
		w.customers[c.code] = c
		w.byID[c.id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = w.tx.QueryContext(w.ctx, `SELECT id, customer_id, email, phone, from_import, edited FROM contacts`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, cid int64
		var email, phone, edited string
		var fromImport bool
		if err := rows.Scan(&id, &cid, &email, &phone, &fromImport, &edited); err != nil {
			rows.Close()
			return err
		}
		c := w.byID[cid]
		if c == nil {
			continue
		}
		c.hasEmail = c.hasEmail || email != ""
		c.hasPhone = c.hasPhone || phone != ""
		if fromImport && c.contactID == 0 {
			c.contactID, c.email, c.phone, c.contactEdited = id, email, phone, fieldSet(edited)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = w.tx.QueryContext(w.ctx, `SELECT id, customer_id, number, kind, issued, due, amount_cents, open_cents,
		currency, settled_on, source_id FROM items`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		it := &itemState{}
		if err := rows.Scan(&it.id, &it.customerID, &it.number, &it.kind, &it.issued, &it.due, &it.amount, &it.open,
			&it.currency, &it.settledOn, &it.sourceID); err != nil {
			return err
		}
		w.items[it.number] = it
		if it.sourceID.Valid && it.sourceID.Int64 == w.sourceID && it.open != 0 {
			w.rep.OpenBefore++
		}
	}
	return rows.Err()
}

func (w *writer) issue(key string, row int, data map[string]any) importer.Issue {
	data["Row"] = row
	return importer.Issue{Row: row, Reason: resources.T(key, data)}
}

func (w *writer) apply(r *rowResult) error {
	switch r.kind {
	case importer.RowBlank:
		w.blanks++
		return nil
	case importer.RowTotal:
		w.rep.Ignored += 1 + w.blanks
		w.blanks = 0
		return nil
	}
	w.rep.Ignored += w.blanks
	w.blanks = 0
	w.rep.Rows++
	w.rep.Warnings = append(w.rep.Warnings, r.warnings...)
	if r.kind == importer.RowRejected {
		w.rep.Rejected = append(w.rep.Rejected, *r.issue)
		return nil
	}
	rec := &r.rec
	if prev, dup := w.seen[rec.Number]; dup {
		if prev.rec.CustomerCode == rec.CustomerCode && sameItem(&prev.rec, rec) {
			w.rep.Ignored++
			w.rep.Warnings = append(w.rep.Warnings, w.issue("import.warn.duplicate", rec.Row, map[string]any{"First": prev.row}))
		} else {
			w.rep.Rejected = append(w.rep.Rejected, w.issue("import.reject.duplicate", rec.Row,
				map[string]any{"Number": rec.Number, "First": prev.row}))
		}
		return nil
	}
	cust, err := w.customer(rec)
	if err != nil {
		return err
	}
	it := w.items[rec.Number]
	if it != nil && it.customerID != cust.id {
		w.rep.Rejected = append(w.rep.Rejected, w.issue("import.reject.number_taken", rec.Row,
			map[string]any{"Number": rec.Number, "Other": w.byID[it.customerID].code}))
		return nil
	}
	w.seen[rec.Number] = seenRow{rec.Row, *rec}
	w.quality(rec)
	if it == nil {
		return w.insert(cust, rec)
	}
	it.seen = true
	return w.update(cust, it, rec)
}

func sameItem(a, b *importer.Record) bool {
	return a.Kind == b.Kind && a.Issued == b.Issued && a.Due == b.Due && a.Amount == b.Amount &&
		a.Open == b.Open && a.Currency == b.Currency
}

func (w *writer) quality(rec *importer.Record) {
	q := &w.rep.Quality
	if rec.Due.Before(rec.Issued) {
		q.DueBeforeIssue++
		w.rep.Warnings = append(w.rep.Warnings, w.issue("import.warn.due_before_issue", rec.Row, map[string]any{"Number": rec.Number}))
	}
	if rec.Open != 0 && rec.Issued.Before(w.twoYearsAgo) {
		q.OlderThanTwoYears++
	}
	if rec.Issued.After(w.opt.AsOf) {
		q.IssuedAfterAsOf++
		w.rep.Warnings = append(w.rep.Warnings, w.issue("import.warn.future", rec.Row, map[string]any{"Number": rec.Number}))
	}
	if rec.DueEstimated {
		q.DueComputed++
	}
}

func nullDate(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// journal keeps a row as it was before the import changed it, for undo.
func (w *writer) journal(table string, id int64, before any) error {
	raw, err := json.Marshal(before)
	if err != nil {
		return err
	}
	_, err = w.insChange.ExecContext(w.ctx, w.importID, table, id, string(raw))
	return err
}

func (w *writer) customer(rec *importer.Record) (*custState, error) {
	c := w.customers[rec.CustomerCode]
	if c == nil {
		w.lastCustomer++
		c = &custState{id: w.lastCustomer, code: rec.CustomerCode, name: rec.CustomerName, siren: rec.SIREN, address: rec.Address, edited: map[string]bool{}, touched: true}
		if err := w.queue(w.customersB, c.id, rec.CustomerCode, rec.CustomerName, rec.SIREN, rec.Address, w.importID, w.stamp); err != nil {
			return nil, err
		}
		w.customers[rec.CustomerCode] = c
		w.byID[c.id] = c
		if rec.Email != "" || rec.Phone != "" {
			channel := "email"
			if rec.Email == "" {
				channel = "phone"
			}
			w.lastContact++
			c.contactID = w.lastContact
			if err := w.queue(w.contactsB, c.contactID, c.id, rec.Email, rec.Phone, channel, 1, 1); err != nil {
				return nil, err
			}
			c.email, c.phone, c.contactEdited = rec.Email, rec.Phone, map[string]bool{}
		}
		c.hasEmail, c.hasPhone = rec.Email != "", rec.Phone != ""
		return c, nil
	}
	if c.touched {
		return c, nil
	}
	c.touched = true
	// The file refreshes what the user did not change in the app.
	type custBefore struct {
		Name    string `json:"name"`
		SIREN   string `json:"siren"`
		Address string `json:"address"`
	}
	before := custBefore{c.name, c.siren, c.address}
	name, siren, address := c.name, c.siren, c.address
	if rec.CustomerName != "" && !c.edited["name"] {
		name = rec.CustomerName
	}
	if rec.SIREN != "" && !c.edited["siren"] {
		siren = rec.SIREN
	}
	if rec.Address != "" && !c.edited["address"] {
		address = rec.Address
	}
	if name != c.name || siren != c.siren || address != c.address {
		if err := w.journal("customers", c.id, before); err != nil {
			return nil, err
		}
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE customers SET name = ?, siren = ?, address = ? WHERE id = ?`,
			name, siren, address, c.id); err != nil {
			return nil, err
		}
		c.name, c.siren, c.address = name, siren, address
	}
	if rec.Email == "" && rec.Phone == "" {
		return c, nil
	}
	if c.contactID == 0 {
		w.lastContact++
		c.contactID = w.lastContact
		if err := w.queue(w.contactsB, c.contactID, c.id, rec.Email, rec.Phone, "email", 1, 1); err != nil {
			return nil, err
		}
		c.email, c.phone, c.contactEdited = rec.Email, rec.Phone, map[string]bool{}
		if err := w.journal("contacts", c.contactID, nil); err != nil {
			return nil, err
		}
	} else {
		email, phone := c.email, c.phone
		if rec.Email != "" && !c.contactEdited["email"] {
			email = rec.Email
		}
		if rec.Phone != "" && !c.contactEdited["phone"] {
			phone = rec.Phone
		}
		if email != c.email || phone != c.phone {
			if err := w.journal("contacts", c.contactID, map[string]string{"email": c.email, "phone": c.phone}); err != nil {
				return nil, err
			}
			if _, err := w.tx.ExecContext(w.ctx, `UPDATE contacts SET email = ?, phone = ? WHERE id = ?`, email, phone, c.contactID); err != nil {
				return nil, err
			}
			c.email, c.phone = email, phone
		}
	}
	c.hasEmail = c.hasEmail || c.email != ""
	c.hasPhone = c.hasPhone || c.phone != ""
	return c, nil
}

func (w *writer) insert(c *custState, rec *importer.Record) error {
	var settled any
	if rec.Open == 0 {
		settled = nullDate(rec.SettledOn)
	}
	w.lastItem++
	id := w.lastItem
	if err := w.queue(w.itemsB, id, c.id, rec.Number, string(rec.Kind), rec.Issued, rec.Due, rec.DueEstimated,
		rec.Amount, rec.Open, rec.Currency, settled, w.sourceID, w.importID, w.importID); err != nil {
		return err
	}
	w.items[rec.Number] = &itemState{id: id, customerID: c.id, number: rec.Number, kind: string(rec.Kind),
		issued: rec.Issued, due: rec.Due, amount: rec.Amount, open: rec.Open, currency: rec.Currency,
		sourceID: sql.NullInt64{Int64: w.sourceID, Valid: true}, seen: true}
	c.newItems = append(c.newItems, id)
	c.newNumbers = append(c.newNumbers, rec.Number)
	w.rep.New++
	if rec.Open == 0 && !rec.SettledOn.IsZero() {
		w.paidWithDate++
	}
	return nil
}

// itemBefore is an item's state as journaled for undo.
type itemBefore struct {
	Kind      string        `json:"kind"`
	Issued    civil.Date    `json:"issued"`
	Due       civil.Date    `json:"due"`
	Amount    money.Cents   `json:"amount"`
	Open      money.Cents   `json:"open"`
	Currency  string        `json:"currency"`
	SettledOn civil.Date    `json:"settled_on"`
	SourceID  sql.NullInt64 `json:"source_id"`
}

func (it *itemState) before() itemBefore {
	return itemBefore{it.kind, it.issued, it.due, it.amount, it.open, it.currency, it.settledOn, it.sourceID}
}

func (w *writer) update(c *custState, it *itemState, rec *importer.Record) error {
	before := it.before()
	oldOpen := it.open
	changed := it.kind != string(rec.Kind) || it.issued != rec.Issued || it.due != rec.Due ||
		it.amount != rec.Amount || it.currency != rec.Currency || it.open != rec.Open ||
		!it.sourceID.Valid || it.sourceID.Int64 != w.sourceID
	if !changed {
		w.rep.Unchanged++
		return nil
	}
	paidOn := rec.SettledOn
	if paidOn.IsZero() {
		paidOn = w.opt.AsOf
	}
	settledOn := it.settledOn
	if rec.Open != 0 {
		settledOn = 0
	} else if oldOpen != 0 {
		settledOn = paidOn
	}
	it.kind, it.issued, it.due, it.amount, it.open, it.currency = string(rec.Kind), rec.Issued, rec.Due, rec.Amount, rec.Open, rec.Currency
	it.settledOn, it.sourceID = settledOn, sql.NullInt64{Int64: w.sourceID, Valid: true}
	if err := w.journal("items", it.id, before); err != nil {
		return err
	}
	if _, err := w.updItem.ExecContext(w.ctx, it.kind, it.issued, it.due, it.amount, it.open, it.currency,
		nullDate(it.settledOn), w.sourceID, w.importID, it.id); err != nil {
		return fmt.Errorf("import row %d: update %s: %w", rec.Row, rec.Number, err)
	}
	fmtc := func(v money.Cents) string { return money.FormatCurrency(v, it.currency) }
	paid := reduces(oldOpen, rec.Open)
	switch {
	case paid && rec.Open == 0:
		w.rep.Settled++
		if err := w.payment(it, oldOpen, paidOn); err != nil {
			return err
		}
		return w.event(c.id, "import.settled", paidOn, []int64{it.id},
			resources.T("event.import.settled", map[string]any{"Number": it.number, "Amount": fmtc(oldOpen)}))
	case paid:
		w.rep.Updated++
		if err := w.payment(it, oldOpen-rec.Open, paidOn); err != nil {
			return err
		}
		return w.event(c.id, "import.payment", paidOn, []int64{it.id},
			resources.T("event.import.payment", map[string]any{"Number": it.number, "Amount": fmtc(oldOpen - rec.Open), "Open": fmtc(rec.Open)}))
	case oldOpen == 0 && rec.Open != 0:
		w.rep.Updated++
		return w.event(c.id, "import.reopened", w.opt.AsOf, []int64{it.id},
			resources.T("event.import.reopened", map[string]any{"Number": it.number, "Open": fmtc(rec.Open)}))
	default:
		w.rep.Updated++
		var what []string
		if before.Amount != rec.Amount {
			what = append(what, resources.T("field.amount")+" "+fmtc(before.Amount)+" → "+fmtc(rec.Amount))
		}
		if before.Open != rec.Open {
			what = append(what, resources.T("field.open")+" "+fmtc(before.Open)+" → "+fmtc(rec.Open))
		}
		if before.Due != rec.Due {
			what = append(what, resources.T("field.due")+" "+before.Due.French()+" → "+rec.Due.French())
		}
		if before.Issued != rec.Issued {
			what = append(what, resources.T("field.issued")+" "+before.Issued.French()+" → "+rec.Issued.French())
		}
		if len(what) == 0 {
			return nil // only the source changed: not worth a line in the history
		}
		return w.event(c.id, "import.updated", w.opt.AsOf, []int64{it.id},
			resources.T("event.import.updated", map[string]any{"Number": it.number, "Change": strings.Join(what, ", ")}))
	}
}

// reduces reports whether the open balance moved toward zero without changing sign.
func reduces(from, to money.Cents) bool {
	if from > 0 {
		return to >= 0 && to < from
	}
	if from < 0 {
		return to <= 0 && to > from
	}
	return false
}

func (w *writer) payment(it *itemState, amount money.Cents, on civil.Date) error {
	_, err := w.insPayment.ExecContext(w.ctx, it.id, on, amount, w.importID)
	return err
}

func (w *writer) event(customerID int64, kind string, on civil.Date, items []int64, text string) error {
	w.lastEvent++
	id := w.lastEvent
	if err := w.queue(w.eventsB, id, on, w.stamp, kind, customerID, text, w.importID); err != nil {
		return err
	}
	for _, it := range items {
		if err := w.queue(w.linksB, id, it); err != nil {
			return err
		}
	}
	return nil
}

// finish settles what the snapshot no longer lists, writes the history of new items and
// the import's counts.
func (w *writer) finish() error {
	var absent []*itemState
	for _, it := range w.items {
		if !it.seen && it.open != 0 && it.sourceID.Valid && it.sourceID.Int64 == w.sourceID {
			absent = append(absent, it)
		}
	}
	sort.Slice(absent, func(i, j int) bool { return absent[i].id < absent[j].id })
	for _, it := range absent {
		before := it.before()
		amount := it.open
		if err := w.journal("items", it.id, before); err != nil {
			return err
		}
		if _, err := w.updItem.ExecContext(w.ctx, it.kind, it.issued, it.due, it.amount, 0, it.currency,
			w.opt.AsOf.String(), w.sourceID, w.importID, it.id); err != nil {
			return err
		}
		it.open, it.settledOn = 0, w.opt.AsOf
		if err := w.payment(it, amount, w.opt.AsOf); err != nil {
			return err
		}
		if err := w.event(it.customerID, "import.settled", w.opt.AsOf, []int64{it.id},
			resources.T("event.import.settled", map[string]any{"Number": it.number, "Amount": money.FormatCurrency(amount, it.currency)})); err != nil {
			return err
		}
		w.absentSettled++
	}
	w.rep.Settled += w.absentSettled

	var codes []string
	for code := range w.customers {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	q := &w.rep.Quality
	for _, code := range codes {
		c := w.customers[code]
		if !c.touched {
			continue
		}
		if !c.hasEmail {
			q.CustomersWithoutEmail = append(q.CustomersWithoutEmail, code)
		}
		if !c.hasPhone {
			q.CustomersWithoutPhone = append(q.CustomersWithoutPhone, code)
		}
		if len(c.newItems) == 0 {
			continue
		}
		numbers := c.newNumbers
		list := strings.Join(numbers[:min(10, len(numbers))], ", ")
		if len(numbers) > 10 {
			list += ", …"
		}
		if err := w.event(c.id, "import.new", w.opt.AsOf, c.newItems,
			resources.T("event.import.new", map[string]any{"Count": len(numbers), "Numbers": list})); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	_, err := w.tx.ExecContext(w.ctx, `UPDATE imports SET rows_read = ?, new_count = ?, updated_count = ?, settled_count = ?,
		unchanged_count = ?, ignored_count = ?, rejected_count = ?, warning_count = ?, paid_count = ? WHERE id = ?`,
		w.rep.Rows, w.rep.New, w.rep.Updated, w.rep.Settled, w.rep.Unchanged, w.rep.Ignored,
		len(w.rep.Rejected), len(w.rep.Warnings), w.paidWithDate, w.importID)
	return err
}

// head is the top of a table file: the first rows, where the header is, and the mapping
// that applies to it. The table stays open on the row after the last one kept.
type head struct {
	table      table
	closer     io.Closer
	encoding   string
	rows       [][]string
	rowNumbers []int
	index      int // of the header in rows
	header     []string
	headerRow  int
	signature  string
	mapping    importer.Mapping
	remembered bool
}

// readHead opens a table file, keeps its first rows and finds the header (the user's row
// when given: a report title often sits above it) and the mapping: the user's, else the
// one remembered for this layout, else the automatic one. With guess, a file whose header
// is not recognised gets its fullest first row as header instead of an error, for the user
// to correct. The caller closes h.closer.
func (l *Ledger) readHead(ctx context.Context, path string, format Format, opt ImportOptions, guess bool) (*head, error) {
	tbl, closer, encoding, err := openTable(path, format)
	if err != nil {
		return nil, err
	}
	h := &head{table: tbl, closer: closer, encoding: encoding, index: -1}
	for len(h.rows) < 30 {
		cells, err := tbl.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			closer.Close()
			return nil, userErr(err, "import.err.open", map[string]any{"File": filepath.Base(path), "Detail": err.Error()})
		}
		h.rows = append(h.rows, cells)
		h.rowNumbers = append(h.rowNumbers, tbl.Row())
	}
	if opt.HeaderRow > 0 {
		for i, r := range h.rowNumbers {
			if r == opt.HeaderRow {
				h.index = i
			}
		}
	} else {
		h.index = importer.FindHeader(h.rows)
	}
	if h.index < 0 && guess {
		// For the mapping screen: the fullest of the first rows is the likeliest header.
		most := 0
		for i, r := range h.rows {
			n := 0
			for _, c := range r {
				if c != "" {
					n++
				}
			}
			if n > most {
				h.index, most = i, n
			}
		}
	}
	if h.index < 0 {
		closer.Close()
		if len(h.rows) == 0 {
			return nil, userErr(nil, "import.err.empty", nil)
		}
		return nil, userErr(nil, "import.err.no_header", map[string]any{"Rows": len(h.rows)})
	}
	h.header, h.headerRow = h.rows[h.index], h.rowNumbers[h.index]
	h.signature = importer.Signature(string(format), h.header)
	switch remembered := l.rememberedMapping(ctx, h.signature); {
	case opt.Mapping != nil:
		h.mapping = opt.Mapping.Clone()
	case remembered != nil:
		h.mapping, h.remembered = remembered, true
	default:
		h.mapping = importer.AutoMap(h.header)
	}
	return h, nil
}
