-- The sink reads the alert outbox: its progress mark names which outbox (its id) and the last alert written there,
-- so a mark left by another outbox is never taken for a place in this one.
ALTER TABLE alert_sink_progress ADD COLUMN outbox_id text;
ALTER TABLE alert_sink_progress ADD COLUMN last_alert_id text;
