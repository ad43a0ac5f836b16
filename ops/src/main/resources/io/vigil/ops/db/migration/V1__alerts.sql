-- Vigil's case-management table: one row per alert id, written idempotently by the JDBC alert sink.
-- Applied once at start by io.vigil.ops.db.AlertSchema (recorded in vigil_schema_history).

CREATE TABLE alerts (
    alert_id         text        PRIMARY KEY CHECK (alert_id ~ '^[0-9a-f]{32}$'),
    rule             text        NOT NULL,
    rule_version     integer     NOT NULL,
    severity         text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    key_type         text        NOT NULL,
    alert_key        text        NOT NULL,
    tx_id            text,
    event_time       timestamptz NOT NULL,
    event_time_ms    bigint      NOT NULL,
    window_start     timestamptz,
    window_end       timestamptz,
    state            text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'amended', 'retracted')),
    details          jsonb       NOT NULL,
    alert_json       text        NOT NULL,
    first_written_at timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN alerts.alert_json IS 'the alert as the engine emitted it (its latest version), one JSON line';
COMMENT ON COLUMN alerts.state IS 'open: as first emitted; amended: re-emitted after an out-of-order event; retracted: withdrawn';

-- what analysts ask: everything on a card (or merchant, device ...), a rule's alerts over time, alerts since T
CREATE INDEX alerts_by_key ON alerts (key_type, alert_key, event_time);
CREATE INDEX alerts_by_rule_time ON alerts (rule, event_time);
CREATE INDEX alerts_by_event_time ON alerts (event_time);
CREATE INDEX alerts_open_by_severity ON alerts (severity, event_time) WHERE state <> 'retracted';

-- an alert the table refused (a constraint, a value PostgreSQL cannot store): kept here with the reason, never dropped
CREATE TABLE alert_rejects (
    alert_id    text        PRIMARY KEY,
    sql_state   text        NOT NULL,
    error       text        NOT NULL,
    alert_json  text        NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now()
);

-- how far each sink has written, updated in the same transaction as the rows it covers
CREATE TABLE alert_sink_progress (
    sink           text        PRIMARY KEY,
    position       bigint      NOT NULL,
    alerts_written bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
