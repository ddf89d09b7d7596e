-- =====================================================================================
-- API keys and portal tokens of the HTTP API (./meterflow serve).
--
--   api_keys: one row per key. Only the SHA-256 of the key is stored: the key itself is printed
--   once by `./meterflow api-key create` and cannot be recovered. scope ingest | read | admin,
--   or portal (a customer-scoped token: subject set, meters optional, expires_at set).
--
--   Row-level security on the usage tables: when a request sets meterflow.portal_subject (the
--   server does, from a portal token, inside the query's transaction), a reader sees that
--   subject's rows only, so a bug in the server cannot hand one customer another's usage.
--   Owners (the job) are not subject to it.
-- =====================================================================================
CREATE TABLE meterflow.api_keys (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    scope       text        NOT NULL CHECK (scope IN ('ingest', 'read', 'admin', 'portal')),
    key_hash    bytea       NOT NULL UNIQUE,
    subject     text,
    meters      text[],
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz,
    CHECK ((scope = 'portal') = (subject IS NOT NULL))
);
COMMENT ON TABLE meterflow.api_keys IS
    'HTTP API keys (SHA-256 only) and portal tokens; revoked_at set = refused.';

-- Portal tokens are minted by the API server, which connects as a reader: a narrow definer
-- function instead of INSERT on the table (a reader can already read all usage, so a token
-- grants nothing more than the reader has).
CREATE FUNCTION meterflow.create_portal_token(p_id text, p_hash bytea, p_subject text, p_meters text[], p_expires timestamptz)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = meterflow, pg_temp AS $fn$
    INSERT INTO meterflow.api_keys (id, name, scope, key_hash, subject, meters, expires_at)
    VALUES (p_id, 'portal:' || p_subject, 'portal', p_hash, p_subject, p_meters, p_expires)
$fn$;
REVOKE ALL ON FUNCTION meterflow.create_portal_token(text, bytea, text, text[], timestamptz) FROM PUBLIC;

ALTER TABLE meterflow.usage_windows ENABLE ROW LEVEL SECURITY;
ALTER TABLE meterflow.usage_unique_values ENABLE ROW LEVEL SECURITY;
CREATE POLICY portal_subject ON meterflow.usage_windows FOR SELECT
    USING (coalesce(current_setting('meterflow.portal_subject', true), '') = ''
           OR subject = current_setting('meterflow.portal_subject', true));
CREATE POLICY portal_subject ON meterflow.usage_unique_values FOR SELECT
    USING (coalesce(current_setting('meterflow.portal_subject', true), '') = ''
           OR subject = current_setting('meterflow.portal_subject', true));
-- Writers that are not the owner (a separate job role) keep every other command.
CREATE POLICY writers_insert ON meterflow.usage_windows FOR INSERT WITH CHECK (true);
CREATE POLICY writers_update ON meterflow.usage_windows FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY writers_delete ON meterflow.usage_windows FOR DELETE USING (true);
CREATE POLICY writers_insert ON meterflow.usage_unique_values FOR INSERT WITH CHECK (true);
CREATE POLICY writers_update ON meterflow.usage_unique_values FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY writers_delete ON meterflow.usage_unique_values FOR DELETE USING (true);

DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT SELECT ON meterflow.api_keys TO meterflow_reader;
        GRANT EXECUTE ON FUNCTION meterflow.create_portal_token(text, bytea, text, text[], timestamptz) TO meterflow_reader;
    END IF;
END
$grants$;
