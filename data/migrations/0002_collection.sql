-- What the rules of collection need on top of the ledger: recorded actions carry their
-- channel and the scenario step they carried out; steps know their second channel and
-- whether they are a formal notice; customers may have a contractual late-payment rate.

ALTER TABLE events ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN scenario TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN step TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN outcome TEXT NOT NULL DEFAULT '';

ALTER TABLE scenario_steps ADD COLUMN also TEXT NOT NULL DEFAULT '';
ALTER TABLE scenario_steps ADD COLUMN formal_notice INTEGER NOT NULL DEFAULT 0;

ALTER TABLE customers ADD COLUMN late_rate_bp INTEGER;

-- Rows an import brought in already paid with their settlement date: such a file carries
-- sales history, not only the open items.
ALTER TABLE imports ADD COLUMN paid_count INTEGER NOT NULL DEFAULT 0;

CREATE INDEX promises_customer ON promises(customer_id);
CREATE INDEX promise_items_item ON promise_items(item_id);

