-- =====================================================================================
-- meterflow schema, version 1: generations, meters, usage windows, commit fence,
-- pipeline counters, rejected events, and the read-only role.
--
-- Applied by Flyway (io.meterflow.sink.Migrations) at job start-up, in one transaction,
-- as the job's writer user (the user in the job's PostgreSQL settings). Every object
-- lives in schema "meterflow"; Flyway's own history table is meterflow.flyway_schema_history.
--
-- Conventions
--   * Every data table starts its key with "generation". A rebuild writes a new generation
--     and then switches meterflow.active_generation in one UPDATE; readers (query_usage,
--     the active_* views) only ever see the active generation. Old generations stay until
--     meterflow.drop_generation() deletes them.
--   * Times are timestamptz (UTC instants). Stored windows are aligned in UTC at the
--     meter's windowSize (MINUTE, HOUR or DAY); coarser windows and other time zones are
--     rolled up at query time by meterflow.query_usage (V2).
--   * Values are numeric (arbitrary precision): 0.1 + 0.2 = 0.3 exactly, as billing needs.
--   * The job only ever writes through bind parameters (arrays unnested server-side);
--     no SQL text is ever built from event content.
-- =====================================================================================

CREATE SCHEMA IF NOT EXISTS meterflow;

-- -------------------------------------------------------------------------------------
-- Generations: one per build of the usage tables. Generation 1 is created active.
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.generations (
    generation int         PRIMARY KEY CHECK (generation > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    note       text
);
COMMENT ON TABLE meterflow.generations IS
    'One row per generation of the usage tables (a rebuild writes a new generation, then activates it).';

-- Exactly one row: the generation readers see. Switch it with
--   SELECT meterflow.activate_generation(2);   (or UPDATE meterflow.active_generation SET generation = 2)
CREATE TABLE meterflow.active_generation (
    generation int NOT NULL REFERENCES meterflow.generations (generation)
);
-- At most one row (the constant index key), and the DELETE trigger below keeps at least one.
CREATE UNIQUE INDEX active_generation_single_row ON meterflow.active_generation ((true));
COMMENT ON TABLE meterflow.active_generation IS
    'Exactly one row: the generation query_usage and the active_* views read. Update it to switch atomically.';

INSERT INTO meterflow.generations (generation, note) VALUES (1, 'created by migration V1');
INSERT INTO meterflow.active_generation (generation) VALUES (1);

CREATE FUNCTION meterflow.forbid_active_generation_delete() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'meterflow.active_generation must keep exactly one row'
        USING HINT = 'Switch generations with UPDATE meterflow.active_generation SET generation = N '
                     'or SELECT meterflow.activate_generation(N).';
END
$fn$;
CREATE TRIGGER active_generation_keep_one_row
    BEFORE DELETE OR TRUNCATE ON meterflow.active_generation
    FOR EACH STATEMENT EXECUTE FUNCTION meterflow.forbid_active_generation_delete();

-- -------------------------------------------------------------------------------------
-- Meters: synced by the job at start-up (PostgresUsageStore.syncMeters), so query_usage
-- knows each meter's aggregation, stored granularity and groupBy keys. A meter whose
-- aggregation or windowSize changes is refused by the job (stored rows would be misread):
-- rebuild into a new generation instead.
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.meters (
    generation     int         NOT NULL REFERENCES meterflow.generations (generation),
    slug           text        NOT NULL,
    event_type     text        NOT NULL,
    aggregation    text        NOT NULL
        CHECK (aggregation IN ('SUM', 'COUNT', 'AVG', 'MIN', 'MAX', 'UNIQUE_COUNT', 'LATEST')),
    window_size    text        NOT NULL CHECK (window_size IN ('MINUTE', 'HOUR', 'DAY')),
    group_by       text[]      NOT NULL DEFAULT '{}',
    value_property text,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation, slug)
);
COMMENT ON TABLE meterflow.meters IS
    'Meter definitions per generation, written by the job at start-up; read by query_usage.';

-- -------------------------------------------------------------------------------------
-- Usage windows: one row per (meter, subject, group values, window start), merged by the
-- committer. Merge rules (the same as io.meterflow.aggregate.WindowDelta):
--   event_count, value_sum, late_*   add
--   value_min / value_max            least / greatest
--   latest_*                         the value of the greatest (latest_time, latest_digest)
-- Which columns are set depends on the meter's aggregation:
--   COUNT         event_count
--   SUM, AVG      event_count, value_sum (AVG = sum(value_sum) / sum(event_count))
--   MIN / MAX     value_min / value_max
--   LATEST        latest_time, latest_digest, latest_value
--   UNIQUE_COUNT  event_count; the distinct values live in usage_unique_values
-- late_event_count / late_value_sum: the part of the row counted after the watermark had
-- closed the window (late adjustments, e.g. backfills), included in the totals above.
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.usage_windows (
    generation         int         NOT NULL,
    meter              text        NOT NULL,
    subject            text        NOT NULL,
    -- The meter's groupBy values, e.g. {"model": "m1", "region": null}: every groupBy key present.
    group_values       jsonb       NOT NULL DEFAULT '{}',
    window_start       timestamptz NOT NULL,
    window_end         timestamptz NOT NULL,
    event_count        bigint      NOT NULL DEFAULT 0,
    value_sum          numeric,
    value_min          numeric,
    value_max          numeric,
    -- LATEST: event time of the latest event, then its 128-bit (source, id) digest as 16 bytes
    -- big-endian (hi then lo), so bytea order is unsigned 128-bit order: a deterministic tie-break.
    latest_time        timestamptz,
    latest_digest      bytea CHECK (octet_length(latest_digest) = 16),
    latest_value       numeric,
    late_event_count   bigint      NOT NULL DEFAULT 0,
    late_value_sum     numeric,
    first_committed_at timestamptz NOT NULL DEFAULT now(),
    last_committed_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (window_end > window_start),
    -- The key is the row identity (generation, meter, subject, group_values, window_start); its
    -- column order puts window_start before group_values so the primary key index also serves
    -- "one meter, one subject, a time range" (a month of minute rows) as one index range scan.
    PRIMARY KEY (generation, meter, subject, window_start, group_values)
);
-- "One meter, all subjects, a time range".
CREATE INDEX usage_windows_meter_time ON meterflow.usage_windows (generation, meter, window_start);
COMMENT ON TABLE meterflow.usage_windows IS
    'Usage per (meter, subject, group values, UTC-aligned window), merged exactly once per checkpoint. Query with meterflow.query_usage.';

-- Exact UNIQUE_COUNT over any merge of windows: the distinct values of each window row.
CREATE TABLE meterflow.usage_unique_values (
    generation   int         NOT NULL,
    meter        text        NOT NULL,
    subject      text        NOT NULL,
    group_values jsonb       NOT NULL DEFAULT '{}',
    window_start timestamptz NOT NULL,
    value        text        NOT NULL,
    PRIMARY KEY (generation, meter, subject, window_start, group_values, value)
);
CREATE INDEX usage_unique_values_meter_time ON meterflow.usage_unique_values (generation, meter, window_start);
COMMENT ON TABLE meterflow.usage_unique_values IS
    'Distinct values per UNIQUE_COUNT window row (insert-if-absent), counted with count(DISTINCT) at query time.';

-- -------------------------------------------------------------------------------------
-- Commit fence: one row per applied committable, inserted first in the committable's
-- transaction. Already there = already applied = the transaction is skipped, so a retried
-- or restored commit is harmless (exactly once). It also records each pipeline lineage's
-- restore history for the stale-state interlock (guarantee 4):
--   * commit ids of one lineage are ordered by (restored_checkpoint, sequence): a run
--     restored from checkpoint k numbers its commits (k, 1), (k, 2), ... The writer's
--     checkpointed state records the position of the last commit it covers; restoring it is
--     refused when a row of the lineage lies beyond that position: PostgreSQL already holds
--     output newer than the state (an old savepoint or checkpoint);
--   * a fresh start (no state) is refused when this generation holds commits of another
--     lineage (it would count everything again): resume from the latest checkpoint or
--     savepoint, or rebuild into a new generation.
-- Pruned after the configured retention, keeping per lineage its row with the greatest
-- (restored_checkpoint, sequence), so the
-- interlock still works. The retention must exceed the age of the oldest checkpoint or
-- savepoint you may restore: its pending commits are recognised by their fence rows only.
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.commit_fence (
    generation          int         NOT NULL REFERENCES meterflow.generations (generation),
    -- UUID born with the job's first state, carried in every checkpoint.
    lineage             text        NOT NULL,
    -- Checkpoint the writer's state was restored from; 0 for a fresh start.
    restored_checkpoint bigint      NOT NULL,
    -- The writer's epoch sequence since that restore.
    sequence            bigint      NOT NULL,
    subtask             int         NOT NULL,
    committed_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation, lineage, restored_checkpoint, sequence, subtask)
);
CREATE INDEX commit_fence_committed_at ON meterflow.commit_fence (generation, committed_at);
COMMENT ON TABLE meterflow.commit_fence IS
    'One row per applied committable (exactly-once fence) and the restore history of each lineage (stale-state interlock).';

-- -------------------------------------------------------------------------------------
-- Pipeline counters, committed in the same fenced transaction as the usage they describe,
-- hence exact. One row per writer subtask so parallel committers never contend on a row;
-- read them summed through the meterflow.counters views.
--
-- Pipeline-wide counters (meter = ''):
--   events_read       every event read: each CloudEvent (each batch element) plus each
--                     record that could not be decoded
--   events_rejected   events rejected as a whole, before meter matching (rejected_events
--                     rows with meter = '')
--   events_unmatched  valid events that match no meter
--   events_metered    valid events matching at least one meter
-- Per meter (meter = the meter's slug):
--   counted           events counted (first delivery within the dedupe horizon)
--   duplicates        deliveries recognised as duplicates, not counted again
--   rejected          events rejected for this meter (e.g. value missing or not a number;
--                     rejected_events rows with meter = slug)
--   late              counted events whose window the watermark had already closed
--                     (included in counted; see usage_windows.late_event_count)
-- Conservation (see meterflow.counter_balance):
--   events_read = events_rejected + events_unmatched + events_metered
--   per meter:  events matched by the meter = counted + duplicates + rejected
--               counted = sum(usage_windows.event_count) of the meter
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.pipeline_counters (
    generation int    NOT NULL,
    meter      text   NOT NULL DEFAULT '',
    counter    text   NOT NULL,
    subtask    int    NOT NULL,
    value      bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (generation, meter, counter, subtask)
);
COMMENT ON TABLE meterflow.pipeline_counters IS
    'Exact pipeline counters per writer subtask; read meterflow.counters / meterflow.active_counters.';

CREATE VIEW meterflow.counters AS
SELECT generation, meter, counter, sum(value)::bigint AS value
FROM meterflow.pipeline_counters
GROUP BY generation, meter, counter;
COMMENT ON VIEW meterflow.counters IS
    'Pipeline counters summed over writer subtasks. meter = '''' for pipeline-wide counters.';

CREATE VIEW meterflow.active_counters AS
SELECT c.meter, c.counter, c.value
FROM meterflow.counters c
JOIN meterflow.active_generation a USING (generation);
COMMENT ON VIEW meterflow.active_counters IS 'meterflow.counters of the active generation.';

-- The pipeline-wide conservation rule, per generation: balanced must always be true.
CREATE VIEW meterflow.counter_balance AS
SELECT generation,
       coalesce(sum(value) FILTER (WHERE counter = 'events_read'), 0)::bigint      AS events_read,
       coalesce(sum(value) FILTER (WHERE counter = 'events_rejected'), 0)::bigint  AS events_rejected,
       coalesce(sum(value) FILTER (WHERE counter = 'events_unmatched'), 0)::bigint AS events_unmatched,
       coalesce(sum(value) FILTER (WHERE counter = 'events_metered'), 0)::bigint   AS events_metered,
       coalesce(sum(value) FILTER (WHERE counter = 'events_read'), 0)
         = coalesce(sum(value) FILTER (WHERE counter IN ('events_rejected', 'events_unmatched', 'events_metered')), 0)
           AS balanced
FROM meterflow.pipeline_counters
WHERE meter = ''
GROUP BY generation;
COMMENT ON VIEW meterflow.counter_balance IS
    'events_read = events_rejected + events_unmatched + events_metered, per generation.';

-- -------------------------------------------------------------------------------------
-- Rejected events: every event (or undecodable Kafka record) not counted, with its reason
-- and Kafka coordinates, so it can be found, fixed and replayed. The key is the Kafka
-- position (plus batch element and meter), so replaying the topic inserts nothing twice.
-- -------------------------------------------------------------------------------------
CREATE TABLE meterflow.rejected_events (
    generation      int         NOT NULL,
    topic           text        NOT NULL,
    partition       int         NOT NULL,
    "offset"        bigint      NOT NULL,
    -- Position inside a batch record (application/cloudevents-batch+json); 0 otherwise.
    batch_index     int         NOT NULL DEFAULT 0,
    -- '' when the event itself is invalid; the meter's slug when rejected for one meter.
    meter           text        NOT NULL DEFAULT '',
    reason          text        NOT NULL,
    detail          text,
    -- The record's bytes, cut to the configured limit; payload_size is the full size.
    payload         bytea,
    payload_size    int,
    headers         jsonb,
    event_id        text,
    event_source    text,
    kafka_timestamp timestamptz,
    rejected_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (generation, topic, partition, "offset", batch_index, meter)
);
CREATE INDEX rejected_events_rejected_at ON meterflow.rejected_events (generation, rejected_at);
COMMENT ON TABLE meterflow.rejected_events IS
    'Events not counted, with reason and Kafka coordinates; idempotent on (topic, partition, offset, batch_index, meter).';

-- -------------------------------------------------------------------------------------
-- Generation management (used by `meterflow rebuild`; also fine by hand).
-- -------------------------------------------------------------------------------------

-- Creates the next generation (not active) and returns its number.
CREATE FUNCTION meterflow.create_generation(note text DEFAULT NULL) RETURNS int
LANGUAGE plpgsql AS $fn$
DECLARE
    g int;
BEGIN
    LOCK TABLE meterflow.generations IN SHARE ROW EXCLUSIVE MODE;
    SELECT coalesce(max(generation), 0) + 1 INTO g FROM meterflow.generations;
    INSERT INTO meterflow.generations (generation, note) VALUES (g, note);
    RETURN g;
END
$fn$;

-- Makes generation g the one readers see, atomically.
CREATE FUNCTION meterflow.activate_generation(g int) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meterflow.generations WHERE generation = g) THEN
        RAISE EXCEPTION 'generation % does not exist', g
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Create it first with SELECT meterflow.create_generation(''note'').';
    END IF;
    UPDATE meterflow.active_generation SET generation = g;
END
$fn$;

-- Deletes every row of a generation that is not active; returns the usage rows deleted.
CREATE FUNCTION meterflow.drop_generation(g int) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
    n bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM meterflow.active_generation WHERE generation = g) THEN
        RAISE EXCEPTION 'generation % is active and cannot be dropped', g
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Activate another generation first with meterflow.activate_generation(N).';
    END IF;
    DELETE FROM meterflow.usage_windows WHERE generation = g;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM meterflow.usage_unique_values WHERE generation = g;
    DELETE FROM meterflow.pipeline_counters WHERE generation = g;
    DELETE FROM meterflow.rejected_events WHERE generation = g;
    DELETE FROM meterflow.commit_fence WHERE generation = g;
    DELETE FROM meterflow.meters WHERE generation = g;
    DELETE FROM meterflow.generations WHERE generation = g;
    RETURN n;
END
$fn$;

-- -------------------------------------------------------------------------------------
-- Roles. The job connects as the writer (the user in its settings, owner of these
-- objects). meterflow_reader is for people and services that query usage: it can read
-- every table and view and run query_usage, never write. Grant it to login users:
--   CREATE ROLE analyst LOGIN PASSWORD '...' IN ROLE meterflow_reader;
-- Roles are cluster-wide, so the role is created only when missing; a writer without
-- CREATEROLE gets a NOTICE and a DBA creates the role (then re-runs the GRANTs below).
-- -------------------------------------------------------------------------------------
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        BEGIN
            CREATE ROLE meterflow_reader NOLOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by another database's migration
            WHEN insufficient_privilege THEN
                RAISE NOTICE 'meterflow: cannot create role meterflow_reader (no CREATEROLE); '
                             'ask a DBA to run: CREATE ROLE meterflow_reader NOLOGIN; then re-run the grants of V1__schema.sql';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT USAGE ON SCHEMA meterflow TO meterflow_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA meterflow TO meterflow_reader;
        -- Tables and views that later migrations create (as this writer) are readable too.
        ALTER DEFAULT PRIVILEGES IN SCHEMA meterflow GRANT SELECT ON TABLES TO meterflow_reader;
        ALTER DEFAULT PRIVILEGES IN SCHEMA meterflow GRANT EXECUTE ON FUNCTIONS TO meterflow_reader;
    END IF;
END
$roles$;

-- Generation management writes: only the owner (writer) may run it.
REVOKE EXECUTE ON FUNCTION meterflow.create_generation(text), meterflow.activate_generation(int),
    meterflow.drop_generation(int) FROM PUBLIC;
