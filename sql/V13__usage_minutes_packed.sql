-- =====================================================================================
-- MINUTE answers packed by hour. One subject's month of minute windows is 43,200 rows; read,
-- sent and parsed one at a time they took most of an HTTP answer. A sealed hour row now also
-- holds its minutes' values, and meterflow.query_usage_minutes answers query_usage's MINUTE rows
-- (in UTC) with one row per packed hour, 720 for the month, and one per loose minute.
--
--   * minute_offsets / minute_values: per stored minute of the hour, in minute order, its
--     offset from hour_start in minutes and its value as query_usage answers it for a bucket
--     of one stored window (meterflow.minute_value). Only for COUNT, SUM, AVG, MIN, MAX and
--     LATEST meters; NULL ("not packed") otherwise.
--   * Any change of an hour row's values by another statement than the packing one (the
--     committer merging a late event or a backfill, a hand edit) clears its arrays in a
--     trigger, whatever version of the job wrote it: that hour's minutes are then read one by
--     one until seal_usage_hours packs it again, once its minutes were left alone for p_quiet.
--   * Hour rows sealed before this migration start unpacked and are packed by later seal calls,
--     p_max_repack rows per meter and call.
-- =====================================================================================

ALTER TABLE meterflow.usage_hours
    ADD COLUMN minute_offsets smallint[],
    ADD COLUMN minute_values  numeric[];
CREATE INDEX usage_hours_unpacked ON meterflow.usage_hours (generation, meter, hour_start)
    WHERE minute_offsets IS NULL;
COMMENT ON COLUMN meterflow.usage_hours.minute_offsets IS
    'The hour''s stored minutes (minutes after hour_start, ascending); NULL until seal_usage_hours packs the hour.';
COMMENT ON COLUMN meterflow.usage_hours.minute_values IS
    'The value query_usage answers for each minute of minute_offsets (meterflow.minute_value).';

-- The value of one stored window as the bucket of its own length (query_usage's fast path).
CREATE FUNCTION meterflow.minute_value(p_aggregation text, p_count bigint, p_sum numeric, p_min numeric,
                                       p_max numeric, p_latest numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE p_aggregation
        WHEN 'COUNT'  THEN p_count::numeric
        WHEN 'SUM'    THEN p_sum
        WHEN 'AVG'    THEN trim_scale(p_sum / nullif(p_count, 0))
        WHEN 'MIN'    THEN p_min
        WHEN 'MAX'    THEN p_max
        WHEN 'LATEST' THEN p_latest
    END
$fn$;

CREATE FUNCTION meterflow.usage_hours_unpack() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.minute_offsets IS NOT DISTINCT FROM OLD.minute_offsets
       AND NEW.minute_values IS NOT DISTINCT FROM OLD.minute_values
       AND (NEW.event_count, NEW.value_sum, NEW.value_min, NEW.value_max, NEW.latest_time, NEW.latest_digest, NEW.latest_value)
           IS DISTINCT FROM
           (OLD.event_count, OLD.value_sum, OLD.value_min, OLD.value_max, OLD.latest_time, OLD.latest_digest, OLD.latest_value) THEN
        NEW.minute_offsets := NULL;
        NEW.minute_values := NULL;
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER usage_hours_unpack BEFORE UPDATE ON meterflow.usage_hours
    FOR EACH ROW EXECUTE FUNCTION meterflow.usage_hours_unpack();

-- As V12, plus: the hours it seals are packed, and so are up to p_max_repack unpacked sealed hour
-- rows per meter whose minutes were left alone for p_quiet. Returns the hours sealed plus the hour
-- rows packed again (0: nothing was due).
DROP FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval);
CREATE FUNCTION meterflow.seal_usage_hours(p_generation int, p_until timestamptz, p_max_hours int DEFAULT 6,
                                           p_quiet interval DEFAULT interval '0', p_max_repack int DEFAULT 240)
RETURNS int
LANGUAGE plpgsql AS $fn$
DECLARE
    v_meter  text;
    v_agg    text;
    v_packs  boolean;
    v_old    timestamptz;
    v_first  timestamptz;
    v_until  timestamptz := date_trunc('hour', p_until, 'UTC');
    v_to     timestamptz;
    v_sealed int := 0;
    v_n      int;
BEGIN
    -- Waits for the generation's commits in flight (they hold the row FOR SHARE); commits that
    -- start later wait for this transaction, then read what it sealed.
    PERFORM 1 FROM meterflow.pipeline_owner o WHERE o.generation = p_generation FOR UPDATE;
    FOR v_meter, v_agg IN
        SELECT m.slug, m.aggregation FROM meterflow.meters m
        WHERE m.generation = p_generation AND m.window_size = 'MINUTE' AND m.aggregation <> 'UNIQUE_COUNT'
        ORDER BY m.slug
    LOOP
        v_packs := v_agg IN ('COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'LATEST');
        INSERT INTO meterflow.usage_hours_sealed (generation, meter, sealed_until)
        VALUES (p_generation, v_meter, '-infinity') ON CONFLICT DO NOTHING;
        SELECT s.sealed_until INTO v_old FROM meterflow.usage_hours_sealed s
        WHERE s.generation = p_generation AND s.meter = v_meter;

        IF v_old < v_until THEN
            SELECT date_trunc('hour', min(w.window_start), 'UTC') INTO v_first FROM meterflow.usage_windows w
            WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_old AND w.window_start < v_until;
            v_to := CASE WHEN v_first IS NULL THEN v_until ELSE least(v_until, v_first + p_max_hours * interval '1 hour') END;
            IF v_first IS NOT NULL AND p_quiet > interval '0' THEN
                v_to := coalesce((SELECT date_trunc('hour', min(w.window_start), 'UTC') FROM meterflow.usage_windows w
                                  WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_first
                                    AND w.window_start < v_to AND w.last_committed_at > now() - p_quiet), v_to);
            END IF;
            IF v_first IS NULL OR v_to > v_first THEN
                INSERT INTO meterflow.usage_hours AS h (generation, meter, subject, group_values, hour_start, event_count,
                        value_sum, value_min, value_max, latest_time, latest_digest, latest_value, minute_offsets, minute_values)
                SELECT w.generation, w.meter, w.subject, w.group_values, date_trunc('hour', w.window_start, 'UTC'),
                       sum(w.event_count), sum(w.value_sum), min(w.value_min), max(w.value_max),
                       (array_agg(w.latest_time ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1],
                       (array_agg(w.latest_digest ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1],
                       (array_agg(w.latest_value ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1],
                       CASE WHEN v_packs THEN array_agg(
                           (extract(epoch FROM w.window_start - date_trunc('hour', w.window_start, 'UTC')) / 60)::smallint
                           ORDER BY w.window_start) END,
                       CASE WHEN v_packs THEN array_agg(meterflow.minute_value(v_agg, w.event_count, w.value_sum, w.value_min,
                           w.value_max, w.latest_value) ORDER BY w.window_start) END
                FROM meterflow.usage_windows w
                WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_old AND w.window_start < v_to
                GROUP BY w.generation, w.meter, w.subject, w.group_values, date_trunc('hour', w.window_start, 'UTC')
                -- Rows of hours sealed before (sealed_until set back by hand) are replaced by their minutes' merge.
                ON CONFLICT (generation, meter, subject, hour_start, group_values) DO UPDATE SET
                    event_count = EXCLUDED.event_count, value_sum = EXCLUDED.value_sum, value_min = EXCLUDED.value_min,
                    value_max = EXCLUDED.value_max, latest_time = EXCLUDED.latest_time, latest_digest = EXCLUDED.latest_digest,
                    latest_value = EXCLUDED.latest_value, minute_offsets = EXCLUDED.minute_offsets,
                    minute_values = EXCLUDED.minute_values;
                UPDATE meterflow.usage_hours_sealed s SET sealed_until = v_to
                WHERE s.generation = p_generation AND s.meter = v_meter;
                v_old := v_to;
                v_sealed := v_sealed + CASE WHEN v_first IS NULL THEN 0
                                            ELSE (extract(epoch FROM v_to - v_first) / 3600)::int END;
            END IF;
        END IF;

        -- Sealed hours whose arrays a later delta cleared: packed again from their minutes once
        -- these were left alone for p_quiet (an hour a backfill still writes into is not packed twice).
        IF v_packs AND p_max_repack > 0 THEN
            WITH stale AS (
                SELECT h.subject, h.group_values, h.hour_start FROM meterflow.usage_hours h
                WHERE h.generation = p_generation AND h.meter = v_meter AND h.minute_offsets IS NULL AND h.hour_start < v_old
                ORDER BY h.hour_start LIMIT p_max_repack
            ), packed AS (
                SELECT s.subject, s.group_values, s.hour_start,
                       coalesce(array_agg((extract(epoch FROM w.window_start - s.hour_start) / 60)::smallint
                                          ORDER BY w.window_start) FILTER (WHERE w.window_start IS NOT NULL), '{}') AS offsets,
                       coalesce(array_agg(meterflow.minute_value(v_agg, w.event_count, w.value_sum, w.value_min, w.value_max,
                                          w.latest_value) ORDER BY w.window_start) FILTER (WHERE w.window_start IS NOT NULL), '{}') AS vals,
                       max(w.last_committed_at) AS last_commit
                FROM stale s LEFT JOIN meterflow.usage_windows w
                  ON w.generation = p_generation AND w.meter = v_meter AND w.subject = s.subject
                 AND w.window_start >= s.hour_start AND w.window_start < s.hour_start + interval '1 hour'
                 AND w.group_values = s.group_values
                GROUP BY s.subject, s.group_values, s.hour_start
            )
            UPDATE meterflow.usage_hours h SET minute_offsets = p.offsets, minute_values = p.vals
            FROM packed p
            WHERE h.generation = p_generation AND h.meter = v_meter AND h.subject = p.subject
              AND h.hour_start = p.hour_start AND h.group_values = p.group_values
              AND (p_quiet <= interval '0' OR p.last_commit IS NULL OR p.last_commit <= now() - p_quiet);
            GET DIAGNOSTICS v_n = ROW_COUNT;
            v_sealed := v_sealed + v_n;
        END IF;
    END LOOP;
    RETURN v_sealed;
END
$fn$;
COMMENT ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval, int) IS
    'Rolls up and packs the hours ending by p_until of a generation''s MINUTE meters into usage_hours (the committer calls it now and then).';
REVOKE EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval, int) FROM PUBLIC;

-- query_usage(p_meter, p_from, p_to, 'MINUTE', 'UTC', p_subject, p_group_by), the same rows in the
-- same order, packed: row r stands for the minutes r_start + r_minutes[i] minutes, each one minute
-- long, of value r_values[i]. Where every bucket is one stored minute and no two stored rows merge
-- (query_usage's fast path), a packed sealed hour is one row; every other minute is a row of one.
-- Anything else (other meters, other aggregations, merged group values, bad arguments: the same
-- errors) is query_usage's own answer, a row per minute.
CREATE FUNCTION meterflow.query_usage_minutes(
    p_meter    text,
    p_from     timestamptz,
    p_to       timestamptz,
    p_subject  text DEFAULT NULL,
    p_group_by text[] DEFAULT '{}'
) RETURNS TABLE (r_subject text, r_group_values jsonb, r_start timestamptz, r_minutes smallint[], r_values numeric[])
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
AS $fn$
DECLARE
    v_generation int;
    v_meter      meterflow.meters%ROWTYPE;
    v_keep       text[] := coalesce(p_group_by, '{}');
    v_drop       text[];
    v_one_group  boolean := false;
    v_sealed     timestamptz;
    v_roll_from  timestamptz;
    v_roll_to    timestamptz;
    v_value      text;
    v_where      text;
    v_sql        text;
BEGIN
    SELECT a.generation INTO v_generation FROM meterflow.active_generation a;
    SELECT * INTO v_meter FROM meterflow.meters m WHERE m.generation = v_generation AND m.slug = p_meter;
    IF FOUND AND p_from < p_to AND v_meter.window_size = 'MINUTE'
       AND v_meter.aggregation IN ('COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'LATEST')
       AND NOT EXISTS (SELECT 1 FROM unnest(v_keep) k WHERE k IS NULL OR NOT k = ANY (v_meter.group_by)) THEN
        SELECT coalesce(array_agg(k), '{}') INTO v_drop FROM unnest(v_meter.group_by) k WHERE NOT k = ANY (v_keep);
        -- query_usage's test for "no two stored rows merge".
        v_one_group := p_subject IS NOT NULL
            AND (SELECT w.group_values FROM meterflow.usage_windows w
                 WHERE w.generation = v_generation AND w.meter = p_meter AND w.subject = p_subject
                 ORDER BY w.group_values LIMIT 1)
                IS NOT DISTINCT FROM
                (SELECT w.group_values FROM meterflow.usage_windows w
                 WHERE w.generation = v_generation AND w.meter = p_meter AND w.subject = p_subject
                 ORDER BY w.group_values DESC LIMIT 1);
    END IF;
    IF v_drop IS NULL OR NOT (v_one_group OR (cardinality(v_drop) = 0 AND cardinality(v_keep) > 0)) THEN
        RETURN QUERY SELECT q.subject, q.group_values, q.window_start, '{0}'::smallint[], ARRAY[q.value]
            FROM meterflow.query_usage(p_meter, p_from, p_to, 'MINUTE', 'UTC', p_subject, p_group_by) q
            ORDER BY 1, 2, 3;
        RETURN;
    END IF;

    -- Whole UTC hours in range before sealed_until are packed, unless a delta since cleared them.
    SELECT s.sealed_until INTO v_sealed FROM meterflow.usage_hours_sealed s
    WHERE s.generation = v_generation AND s.meter = p_meter;
    v_roll_from := date_trunc('hour', p_from, 'UTC');
    IF v_roll_from < p_from THEN
        v_roll_from := v_roll_from + interval '1 hour';
    END IF;
    v_roll_to := least(date_trunc('hour', p_to, 'UTC'), coalesce(v_sealed, '-infinity'));
    IF v_roll_to <= v_roll_from THEN
        v_roll_from := p_from; -- no packed hours: every minute is loose
        v_roll_to := p_from;
    END IF;

    -- $1 generation, $2 meter, $3 from, $4 to, $5 subject, $6 packed from, $7 packed to, $8 keys dropped, $9 aggregation
    v_value := 'ARRAY[meterflow.minute_value($9, w.event_count, w.value_sum, w.value_min, w.value_max, w.latest_value)]';
    v_where := CASE WHEN p_subject IS NULL THEN '' ELSE ' AND h.subject = $5' END;
    v_sql := 'SELECT x.subject, '
          || CASE WHEN cardinality(v_keep) = 0 THEN '''{}''::jsonb'
                  WHEN cardinality(v_drop) = 0 THEN 'x.group_values' ELSE 'x.group_values - $8' END
          || ', x.s, x.m, x.v FROM ('
          || 'SELECT h.subject, h.group_values, h.hour_start AS s, h.minute_offsets AS m, h.minute_values AS v'
          || ' FROM meterflow.usage_hours h WHERE h.generation = $1 AND h.meter = $2 AND h.hour_start >= $6'
          || ' AND h.hour_start < $7 AND h.minute_offsets IS NOT NULL' || v_where
          -- the minutes of the range outside the packed hours
          || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, ''{0}''::smallint[], ' || v_value
          || ' FROM meterflow.usage_windows w WHERE w.generation = $1 AND w.meter = $2'
          || ' AND ((w.window_start >= $3 AND w.window_start < $6) OR (w.window_start >= $7 AND w.window_start < $4))'
          || replace(v_where, 'h.', 'w.')
          -- the minutes of sealed hours a delta unpacked (every minute of a sealed hour has its hour row)
          || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, ''{0}''::smallint[], ' || v_value
          || ' FROM meterflow.usage_hours h JOIN meterflow.usage_windows w ON w.generation = h.generation'
          || ' AND w.meter = h.meter AND w.subject = h.subject AND w.window_start >= h.hour_start'
          || ' AND w.window_start < h.hour_start + interval ''1 hour'' AND w.group_values = h.group_values'
          || ' WHERE h.generation = $1 AND h.meter = $2 AND h.hour_start >= $6 AND h.hour_start < $7'
          || ' AND h.minute_offsets IS NULL' || v_where
          || ') x ORDER BY ' || CASE WHEN v_one_group THEN 'x.s' ELSE 'x.subject, x.group_values, x.s' END;
    RETURN QUERY EXECUTE v_sql
        USING v_generation, p_meter, p_from, p_to, p_subject, v_roll_from, v_roll_to, v_drop, v_meter.aggregation;
END
$fn$;
COMMENT ON FUNCTION meterflow.query_usage_minutes(text, timestamptz, timestamptz, text, text[]) IS
    'query_usage''s MINUTE rows in UTC, packed by hour: each row is r_start + r_minutes[i] minutes (one minute long), value r_values[i].';

DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT EXECUTE ON FUNCTION meterflow.query_usage_minutes(text, timestamptz, timestamptz, text, text[]),
            meterflow.minute_value(text, bigint, numeric, numeric, numeric, numeric) TO meterflow_reader;
        -- Default privileges give readers every new function; sealing is the writer's.
        REVOKE EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval, int) FROM meterflow_reader;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_writer') THEN
        GRANT EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval, int) TO meterflow_writer;
    END IF;
END
$grants$;
