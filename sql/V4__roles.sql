-- =====================================================================================
-- meterflow V4: separate roles for writing, reading usage, and reading rejected payloads.
--
--   meterflow_writer          what the job needs at run time: read and write rows, run
--                             the generation functions; no DDL (it owns nothing, and has no
--                             CREATE on the schema). Run migrations as the owner with
--                             `./meterflow migrate`, then the job with `postgres.migrate: false`.
--   meterflow_reader          usage, counters, meters and rejection metadata; NOT the raw
--                             rejected payloads and headers (they may hold customer data).
--   meterflow_payload_reader  the rejected payloads and headers (grant it with meterflow_reader
--                             to whoever triages rejections).
--
-- Grant them to login users, e.g.:
--   CREATE ROLE meterflow_job LOGIN PASSWORD '...' IN ROLE meterflow_writer;
--   CREATE ROLE analyst       LOGIN PASSWORD '...' IN ROLE meterflow_reader;
--   CREATE ROLE triage        LOGIN PASSWORD '...' IN ROLE meterflow_reader, meterflow_payload_reader;
-- As in V1, roles are created only when missing; an owner without CREATEROLE gets a NOTICE,
-- and a DBA creates the roles (then re-runs the grants below).
-- =====================================================================================

DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['meterflow_writer', 'meterflow_payload_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN
                    NULL; -- created concurrently by another database's migration
                WHEN insufficient_privilege THEN
                    RAISE NOTICE 'meterflow: cannot create role % (no CREATEROLE); ask a DBA to run: '
                                 'CREATE ROLE % NOLOGIN; then re-run the grants of V4__roles.sql', r, r;
            END;
        END IF;
    END LOOP;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_writer') THEN
        GRANT USAGE ON SCHEMA meterflow TO meterflow_writer;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA meterflow TO meterflow_writer;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA meterflow TO meterflow_writer;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA meterflow TO meterflow_writer;
        -- The migration history is the owner's: the job only reads it (to check the schema is current).
        REVOKE INSERT, UPDATE, DELETE ON meterflow.flyway_schema_history FROM meterflow_writer;
        -- Objects that later migrations create (as the owner) are usable too.
        ALTER DEFAULT PRIVILEGES IN SCHEMA meterflow GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO meterflow_writer;
        ALTER DEFAULT PRIVILEGES IN SCHEMA meterflow GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO meterflow_writer;
        ALTER DEFAULT PRIVILEGES IN SCHEMA meterflow GRANT EXECUTE ON FUNCTIONS TO meterflow_writer;
    END IF;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        -- Column privileges: every column of rejected_events except payload and headers.
        REVOKE SELECT ON meterflow.rejected_events FROM meterflow_reader;
        GRANT SELECT (generation, topic, partition, "offset", batch_index, meter, reason, detail,
                      payload_size, event_id, event_source, kafka_timestamp, rejected_at)
            ON meterflow.rejected_events TO meterflow_reader;
    END IF;

    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_payload_reader') THEN
        GRANT USAGE ON SCHEMA meterflow TO meterflow_payload_reader;
        GRANT SELECT ON meterflow.rejected_events TO meterflow_payload_reader;
    END IF;
END
$roles$;
