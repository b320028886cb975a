-- Messages on their way: composed, queued, sent or failed. Only what the server accepted is
-- logged as sent in the history; a failed message stays here to retry.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    message_id  TEXT NOT NULL UNIQUE,
    reference   TEXT NOT NULL,
    template    TEXT NOT NULL,
    scenario    TEXT NOT NULL DEFAULT '',
    step        TEXT NOT NULL DEFAULT '',
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    document    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'queued',
    error       TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX outbox_status ON outbox(status);

CREATE TABLE outbox_items (
    outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (outbox_id, item_id)
);

-- Our reference tag and Message-ID on every reminder, so that replies can be matched.
ALTER TABLE events ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
