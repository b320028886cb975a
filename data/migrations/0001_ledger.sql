-- The ledger of one company. Money in integer cents, dates as ISO text (yyyy-mm-dd),
-- instants as RFC 3339 text. Plain SQL so that a shared PostgreSQL ledger stays possible.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE scenarios (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE scenario_steps (
    id            INTEGER PRIMARY KEY,
    scenario_id   INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    template      TEXT NOT NULL DEFAULT '',
    delay_days    INTEGER NOT NULL,
    from_previous INTEGER NOT NULL DEFAULT 0,
    min_cents     INTEGER NOT NULL DEFAULT 1000,
    validate      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (scenario_id, position)
);

CREATE TABLE templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    channel    TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A source is one export layout of the accounting software, recognised by its header row;
-- the column mapping the user corrected is remembered here.
CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    signature  TEXT NOT NULL UNIQUE,
    format     TEXT NOT NULL,
    label      TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT NOT NULL
);

CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER REFERENCES sources(id),
    file_name       TEXT NOT NULL,
    format          TEXT NOT NULL,
    as_of           TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    new_count       INTEGER NOT NULL DEFAULT 0,
    updated_count   INTEGER NOT NULL DEFAULT 0,
    settled_count   INTEGER NOT NULL DEFAULT 0,
    unchanged_count INTEGER NOT NULL DEFAULT 0,
    ignored_count   INTEGER NOT NULL DEFAULT 0,
    rejected_count  INTEGER NOT NULL DEFAULT 0,
    warning_count   INTEGER NOT NULL DEFAULT 0,
    backup_path     TEXT NOT NULL DEFAULT '',
    undone_at       TEXT
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    siren              TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    segment            TEXT NOT NULL DEFAULT '',
    scenario_id        INTEGER REFERENCES scenarios(id),
    credit_limit_cents INTEGER,
    terms_days         INTEGER,
    on_hold            INTEGER NOT NULL DEFAULT 0,
    strategic          INTEGER NOT NULL DEFAULT 0,
    notes              TEXT NOT NULL DEFAULT '',
    -- fields the user changed in the app, comma-separated: imports leave them alone
    edited             TEXT NOT NULL DEFAULT '',
    created_import_id  INTEGER REFERENCES imports(id),
    created_at         TEXT NOT NULL
);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    channel     TEXT NOT NULL DEFAULT 'email',
    is_primary  INTEGER NOT NULL DEFAULT 0,
    from_import INTEGER NOT NULL DEFAULT 0,
    edited      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer ON contacts(customer_id);

-- Invoices, credit notes and unmatched payments: the open items and the sales history.
CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    number          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    issued          TEXT NOT NULL,
    due             TEXT NOT NULL,
    due_estimated   INTEGER NOT NULL DEFAULT 0,
    amount_cents    INTEGER NOT NULL,
    open_cents      INTEGER NOT NULL,
    currency        TEXT NOT NULL DEFAULT 'EUR',
    settled_on      TEXT,
    source_id       INTEGER REFERENCES sources(id),
    first_import_id INTEGER REFERENCES imports(id),
    last_import_id  INTEGER REFERENCES imports(id)
);
CREATE INDEX items_customer ON items(customer_id);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    paid_on      TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    import_id    INTEGER REFERENCES imports(id),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_item ON payments(item_id);

-- The history: every change and every action, read back as the customer's timeline.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    occurred_on TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    text        TEXT NOT NULL DEFAULT '',
    document    TEXT NOT NULL DEFAULT '',
    import_id   INTEGER REFERENCES imports(id)
);
CREATE INDEX events_customer ON events(customer_id);
CREATE INDEX events_import ON events(import_id);

CREATE TABLE event_items (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, item_id)
);

CREATE TABLE promises (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    promised_on  TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency     TEXT NOT NULL DEFAULT 'EUR',
    note         TEXT NOT NULL DEFAULT '',
    created_on   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open',
    closed_on    TEXT
);

CREATE TABLE promise_items (
    promise_id INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (promise_id, item_id)
);

CREATE TABLE dispute_reasons (
    code  TEXT PRIMARY KEY,
    label TEXT NOT NULL
);
INSERT INTO dispute_reasons (code, label) VALUES
    ('goods_not_received', 'Marchandise non reçue'),
    ('quality', 'Qualité'),
    ('price', 'Prix'),
    ('invoice_not_received', 'Facture non reçue'),
    ('other', 'Autre');

CREATE TABLE disputes (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    reason    TEXT NOT NULL REFERENCES dispute_reasons(code),
    note      TEXT NOT NULL DEFAULT '',
    opened_on TEXT NOT NULL,
    closed_on TEXT
);
CREATE INDEX disputes_item ON disputes(item_id);

-- What each import changed, so that the last one can be undone: the row as it was before.
CREATE TABLE import_changes (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    before     TEXT NOT NULL
);
CREATE INDEX import_changes_import ON import_changes(import_id);
