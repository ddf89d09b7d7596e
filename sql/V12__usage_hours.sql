-- =====================================================================================
-- Hourly rollups of MINUTE meters, so that a query over days or months reads one row per hour
-- instead of sixty (one subject's month: 720 rows instead of 43,200).
--
--   * meterflow.usage_hours: per (meter, subject, group values, UTC hour) the merge of that
--     hour's minute rows in usage_windows (counts and sums add, least / greatest, the latest by
--     (latest_time, latest_digest)), for every aggregation but UNIQUE_COUNT.
--   * An hour is "sealed" once meterflow.seal_usage_hours has rolled it up: usage_hours_sealed
--     holds, per generation and meter, the end of the sealed hours. The committer merges a delta
--     for a sealed hour into both tables in the same transaction (a late event or a backfill), so
--     a sealed hour row always equals the merge of its minute rows. Hours are sealed some minutes
--     after they end: the live hours cost the committer nothing more.
--   * The two agree without a race: every commit holds its generation's pipeline_owner row FOR
--     SHARE from its first statement on, and sealing takes that row FOR UPDATE before it reads
--     the minutes. So a commit is wholly before a seal (the seal reads its minutes) or wholly
--     after it (the commit reads the new sealed_until and merges its late deltas into the hours).
--   * query_usage reads whole sealed hours from usage_hours for HOUR, DAY, MONTH and whole-range
--     buckets, and minutes for the rest of the range; answers are the same as before.
-- =====================================================================================

CREATE TABLE meterflow.usage_hours (
    generation    int         NOT NULL,
    meter         text        NOT NULL,
    subject       text        NOT NULL,
    group_values  jsonb       NOT NULL,
    hour_start    timestamptz NOT NULL,
    event_count   bigint      NOT NULL DEFAULT 0,
    value_sum     numeric,
    value_min     numeric,
    value_max     numeric,
    latest_time   timestamptz,
    latest_digest bytea,
    latest_value  numeric,
    PRIMARY KEY (generation, meter, subject, hour_start, group_values)
);
CREATE INDEX usage_hours_meter_time ON meterflow.usage_hours (generation, meter, hour_start);
COMMENT ON TABLE meterflow.usage_hours IS
    'The merge of each sealed UTC hour of usage_windows (MINUTE meters, all aggregations but UNIQUE_COUNT). Read by query_usage.';

CREATE TABLE meterflow.usage_hours_sealed (
    generation   int         NOT NULL,
    meter        text        NOT NULL,
    sealed_until timestamptz NOT NULL,
    PRIMARY KEY (generation, meter)
);
COMMENT ON TABLE meterflow.usage_hours_sealed IS
    'Per generation and meter: the hours before sealed_until are in usage_hours. Commits read it FOR SHARE.';

-- The same row-level security as usage_windows: a portal request sees its subject only.
ALTER TABLE meterflow.usage_hours ENABLE ROW LEVEL SECURITY;
CREATE POLICY portal_subject ON meterflow.usage_hours FOR SELECT
    USING (coalesce(current_setting('meterflow.portal_subject', true), '') = ''
           OR subject = current_setting('meterflow.portal_subject', true));
CREATE POLICY writers_insert ON meterflow.usage_hours FOR INSERT WITH CHECK (true);
CREATE POLICY writers_update ON meterflow.usage_hours FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY writers_delete ON meterflow.usage_hours FOR DELETE USING (true);

-- Rolls up the hours of generation p_generation that end at or before p_until (rounded down to
-- an hour), at most p_max_hours hours per meter from its first unsealed window: a large backlog
-- (the first run after the upgrade) is sealed over several calls, each pausing the generation's
-- commits only briefly. An hour with a minute committed within p_quiet is not sealed yet, nor
-- any after it: a replay or backfill writing into past hours is not written twice while it runs.
-- Returns the number of hours sealed (0: nothing was due).
CREATE FUNCTION meterflow.seal_usage_hours(p_generation int, p_until timestamptz, p_max_hours int DEFAULT 6,
                                           p_quiet interval DEFAULT interval '0')
RETURNS int
LANGUAGE plpgsql AS $fn$
DECLARE
    v_meter  text;
    v_old    timestamptz;
    v_first  timestamptz;
    v_until  timestamptz := date_trunc('hour', p_until, 'UTC');
    v_to     timestamptz;
    v_sealed int := 0;
BEGIN
    -- Waits for the generation's commits in flight (they hold the row FOR SHARE); commits that
    -- start later wait for this transaction, then read what it sealed.
    PERFORM 1 FROM meterflow.pipeline_owner o WHERE o.generation = p_generation FOR UPDATE;
    FOR v_meter IN
        SELECT m.slug FROM meterflow.meters m
        WHERE m.generation = p_generation AND m.window_size = 'MINUTE' AND m.aggregation <> 'UNIQUE_COUNT'
        ORDER BY m.slug
    LOOP
        INSERT INTO meterflow.usage_hours_sealed (generation, meter, sealed_until)
        VALUES (p_generation, v_meter, '-infinity') ON CONFLICT DO NOTHING;
        SELECT s.sealed_until INTO v_old FROM meterflow.usage_hours_sealed s
        WHERE s.generation = p_generation AND s.meter = v_meter;
        CONTINUE WHEN v_old >= v_until;
        SELECT date_trunc('hour', min(w.window_start), 'UTC') INTO v_first FROM meterflow.usage_windows w
        WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_old AND w.window_start < v_until;
        v_to := CASE WHEN v_first IS NULL THEN v_until ELSE least(v_until, v_first + p_max_hours * interval '1 hour') END;
        IF v_first IS NOT NULL AND p_quiet > interval '0' THEN
            v_to := coalesce((SELECT date_trunc('hour', min(w.window_start), 'UTC') FROM meterflow.usage_windows w
                              WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_first
                                AND w.window_start < v_to AND w.last_committed_at > now() - p_quiet), v_to);
            CONTINUE WHEN v_to <= v_first;
        END IF;
        INSERT INTO meterflow.usage_hours AS h (generation, meter, subject, group_values, hour_start, event_count,
                value_sum, value_min, value_max, latest_time, latest_digest, latest_value)
        SELECT w.generation, w.meter, w.subject, w.group_values, date_trunc('hour', w.window_start, 'UTC'),
               sum(w.event_count), sum(w.value_sum), min(w.value_min), max(w.value_max),
               (array_agg(w.latest_time ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1],
               (array_agg(w.latest_digest ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1],
               (array_agg(w.latest_value ORDER BY w.latest_time DESC, w.latest_digest DESC) FILTER (WHERE w.latest_value IS NOT NULL))[1]
        FROM meterflow.usage_windows w
        WHERE w.generation = p_generation AND w.meter = v_meter AND w.window_start >= v_old AND w.window_start < v_to
        GROUP BY w.generation, w.meter, w.subject, w.group_values, date_trunc('hour', w.window_start, 'UTC')
        -- Rows of hours sealed before (sealed_until set back by hand) are replaced by their minutes' merge.
        ON CONFLICT (generation, meter, subject, hour_start, group_values) DO UPDATE SET
            event_count = EXCLUDED.event_count, value_sum = EXCLUDED.value_sum, value_min = EXCLUDED.value_min,
            value_max = EXCLUDED.value_max, latest_time = EXCLUDED.latest_time, latest_digest = EXCLUDED.latest_digest,
            latest_value = EXCLUDED.latest_value;
        UPDATE meterflow.usage_hours_sealed s SET sealed_until = v_to
        WHERE s.generation = p_generation AND s.meter = v_meter;
        v_sealed := v_sealed + CASE WHEN v_first IS NULL THEN 0
                                    ELSE (extract(epoch FROM v_to - v_first) / 3600)::int END;
    END LOOP;
    RETURN v_sealed;
END
$fn$;
COMMENT ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval) IS
    'Rolls up the hours ending by p_until of a generation''s MINUTE meters into usage_hours (the committer calls it now and then).';
REVOKE EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval) FROM PUBLIC;

CREATE OR REPLACE FUNCTION meterflow.drop_generation(g int) RETURNS bigint
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
    DELETE FROM meterflow.usage_hours WHERE generation = g;
    DELETE FROM meterflow.usage_hours_sealed WHERE generation = g;
    DELETE FROM meterflow.usage_unique_values WHERE generation = g;
    DELETE FROM meterflow.pipeline_counters WHERE generation = g;
    DELETE FROM meterflow.rejected_events WHERE generation = g;
    DELETE FROM meterflow.commit_fence WHERE generation = g;
    DELETE FROM meterflow.pipeline_owner WHERE generation = g;
    DELETE FROM meterflow.meters WHERE generation = g;
    DELETE FROM meterflow.generations WHERE generation = g;
    RETURN n;
END
$fn$;
REVOKE EXECUTE ON FUNCTION meterflow.drop_generation(int) FROM PUBLIC;

-- As V11, plus whole sealed hours read from usage_hours in the grouped path.
CREATE OR REPLACE FUNCTION meterflow.query_usage_impl(
    p_meter       text,
    p_from        timestamptz,
    p_to          timestamptz,
    p_window_size text,
    p_time_zone   text,
    p_subject     text,
    p_group_by    text[]
) RETURNS TABLE (r_subject text, r_group_values jsonb, r_window_start timestamptz, r_window_end timestamptz, r_value numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
-- RETURN QUERY collects the rows in a tuplestore: a month of minutes (~5 MB) stays in memory.
SET work_mem = '32MB'
AS $fn$
DECLARE
    v_generation  int;
    v_meter       meterflow.meters%ROWTYPE;
    v_unit        text;            -- 'minute' | 'hour' | 'day' | 'month' | NULL (whole range)
    v_rank        int;             -- requested granularity: 1 minute .. 4 month
    v_stored_rank int;             -- stored granularity: 1 minute .. 3 day
    v_stored_len  interval;
    v_zone        text := coalesce(p_time_zone, 'UTC');
    v_keep        text[] := coalesce(p_group_by, '{}');
    v_drop        text[];          -- the meter's groupBy keys merged away
    v_unknown     text[];
    v_group_expr  text;
    v_bucket_expr text;
    v_value_expr  text;
    v_where       text;
    v_sql         text;
    v_straddles   boolean;
    v_row_value   text;            -- one stored row's value (fast path)
    v_one_group   boolean := false;
    v_utc         boolean;
    v_sort        text;
    v_sealed      timestamptz;     -- the hours before it are in usage_hours
    v_roll_from   timestamptz;     -- [v_roll_from, v_roll_to): whole hours read from usage_hours
    v_roll_to     timestamptz;
    v_source      text;
BEGIN
    -- ---- arguments ---------------------------------------------------------------------
    IF p_from IS NULL OR p_to IS NULL OR p_from >= p_to THEN
        RAISE EXCEPTION 'meterflow.query_usage: from_time (%) must be before to_time (%)', p_from, p_to
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The range is [from_time, to_time): from inclusive, to exclusive, both required.';
    END IF;

    SELECT a.generation INTO v_generation FROM meterflow.active_generation a;
    SELECT * INTO v_meter FROM meterflow.meters m WHERE m.generation = v_generation AND m.slug = p_meter;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'meterflow.query_usage: unknown meter "%"', p_meter
            USING ERRCODE = 'undefined_object',
                  HINT = format('Meters of the active generation %s: %s.', v_generation,
                      coalesce((SELECT string_agg(m.slug, ', ' ORDER BY m.slug) FROM meterflow.meters m
                                WHERE m.generation = v_generation), 'none (has the job started?)'));
    END IF;

    v_rank := CASE upper(p_window_size) WHEN 'MINUTE' THEN 1 WHEN 'HOUR' THEN 2 WHEN 'DAY' THEN 3 WHEN 'MONTH' THEN 4 END;
    IF p_window_size IS NOT NULL AND v_rank IS NULL THEN
        RAISE EXCEPTION 'meterflow.query_usage: unknown window_size "%"', p_window_size
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use MINUTE, HOUR, DAY, MONTH, or NULL for one row over the whole range.';
    END IF;
    v_unit := lower(p_window_size);
    v_stored_rank := CASE v_meter.window_size WHEN 'MINUTE' THEN 1 WHEN 'HOUR' THEN 2 ELSE 3 END;
    v_stored_len := ('1 ' || lower(v_meter.window_size))::interval;
    IF v_rank < v_stored_rank THEN
        RAISE EXCEPTION 'meterflow.query_usage: window_size % is finer than meter "%" stores (%)',
                upper(p_window_size), p_meter, v_meter.window_size
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Query with window_size %s or coarser, or set the meter''s windowSize to %s and rebuild.',
                                v_meter.window_size, upper(p_window_size));
    END IF;

    -- Numeric offsets ('+05:00', 'UTC+5') follow POSIX, where the sign is inverted: refuse them.
    IF v_zone ~ '^\s*[+-]?[0-9]' OR v_zone ~* '^(utc|gmt)\s*[+-]' THEN
        RAISE EXCEPTION 'meterflow.query_usage: time zone "%" is not an IANA zone name', v_zone
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use an IANA name such as UTC, Europe/Berlin or America/New_York (fixed offsets: Etc/GMT-5 is UTC+5).';
    END IF;
    BEGIN
        PERFORM now() AT TIME ZONE v_zone;
    EXCEPTION WHEN invalid_parameter_value OR feature_not_supported THEN
        RAISE EXCEPTION 'meterflow.query_usage: unknown time zone "%"', v_zone
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use an IANA name such as UTC, Europe/Berlin or America/New_York (see pg_timezone_names).';
    END;

    SELECT array_agg(k ORDER BY k) INTO v_unknown FROM unnest(v_keep) k WHERE k IS NULL OR NOT k = ANY (v_meter.group_by);
    IF v_unknown IS NOT NULL THEN
        RAISE EXCEPTION 'meterflow.query_usage: group_by key(s) % not in the groupBy of meter "%"', v_unknown, p_meter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Meter "%s" groups by: %s.', p_meter,
                      CASE WHEN cardinality(v_meter.group_by) = 0 THEN 'nothing'
                           ELSE array_to_string(v_meter.group_by, ', ') END);
    END IF;
    SELECT coalesce(array_agg(k), '{}') INTO v_drop FROM unnest(v_meter.group_by) k WHERE NOT k = ANY (v_keep);

    -- Stored windows must each fall inside one bucket: HOUR- or DAY-stored windows are UTC
    -- aligned and straddle local days in most zones (MINUTE-stored windows always fit).
    IF v_unit IS NOT NULL AND v_stored_rank > 1 THEN
        SELECT EXISTS (
            SELECT 1 FROM meterflow.usage_windows w
            WHERE w.generation = v_generation AND w.meter = p_meter
              AND (p_subject IS NULL OR w.subject = p_subject)
              AND w.window_start >= p_from AND w.window_start < p_to
              AND meterflow.bucket_start(w.window_start, v_unit, v_zone)
                  <> meterflow.bucket_start(w.window_start + v_stored_len - interval '1 microsecond', v_unit, v_zone))
        INTO v_straddles;
        IF v_straddles THEN
            RAISE EXCEPTION 'meterflow.query_usage: meter "%" stores % windows (UTC aligned), which straddle % buckets in time zone %',
                    p_meter, v_meter.window_size, upper(p_window_size), v_zone
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Query in UTC (or a zone whose offset is a whole number of stored windows), '
                             'or store the meter at a finer windowSize and rebuild.';
        END IF;
    END IF;

    -- ---- fast path: every bucket is one stored window and no two stored rows merge -----
    -- Then each output row is one stored row: no GROUP BY, and the rows come in output order from
    -- an index (one subject's month of minutes: an ordered index range scan). Rows and values are
    -- exactly the grouped path's (groups of one row). Equal units and a passed straddle check mean
    -- each stored window lies inside one bucket of its own length, or (a DAY window in a 25-hour
    -- local day) alone in it; bucket_start is strictly increasing in window_start, so window_start
    -- orders the buckets. No two rows merge when no groupBy key is dropped, or when all of the
    -- subject's rows of this meter carry the same group values (two probes of the index below).
    v_row_value := CASE v_meter.aggregation
        WHEN 'COUNT'  THEN 'w.event_count::numeric'
        WHEN 'SUM'    THEN 'w.value_sum'
        WHEN 'AVG'    THEN 'trim_scale(w.value_sum / nullif(w.event_count, 0))'
        WHEN 'MIN'    THEN 'w.value_min'
        WHEN 'MAX'    THEN 'w.value_max'
        WHEN 'LATEST' THEN 'w.latest_value'
    END;
    IF v_row_value IS NOT NULL AND v_rank = v_stored_rank THEN
        v_one_group := p_subject IS NOT NULL
            AND (SELECT w.group_values FROM meterflow.usage_windows w
                 WHERE w.generation = v_generation AND w.meter = p_meter AND w.subject = p_subject
                 ORDER BY w.group_values LIMIT 1)
                IS NOT DISTINCT FROM
                (SELECT w.group_values FROM meterflow.usage_windows w
                 WHERE w.generation = v_generation AND w.meter = p_meter AND w.subject = p_subject
                 ORDER BY w.group_values DESC LIMIT 1);
    END IF;
    IF v_row_value IS NOT NULL AND v_rank = v_stored_rank
       AND (v_one_group OR (cardinality(v_drop) = 0 AND cardinality(v_keep) > 0)) THEN
        -- In UTC a stored window is its bucket: no per-row time zone arithmetic.
        v_utc := upper(v_zone) IN ('UTC', 'ETC/UTC', 'ZULU', 'ETC/ZULU', 'UCT', 'ETC/UCT', 'UNIVERSAL', 'ETC/UNIVERSAL');
        v_sql := 'SELECT w.subject, '
              || CASE WHEN cardinality(v_keep) = 0 THEN '''{}''::jsonb'
                      WHEN cardinality(v_drop) = 0 THEN 'w.group_values' ELSE 'w.group_values - $8' END || ', '
              || CASE WHEN v_utc THEN 'w.window_start, w.window_start + (''1 '' || $6)::interval'
                      ELSE 'meterflow.bucket_start(w.window_start, $6, $7),'
                           ' meterflow.bucket_end(meterflow.bucket_start(w.window_start, $6, $7), $6, $7)' END
              || ', ' || v_row_value
              || ' FROM meterflow.usage_windows w'
              || ' WHERE w.generation = $1 AND w.meter = $2 AND w.window_start >= $3 AND w.window_start < $4'
              || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND w.subject = $5' END
              -- One group: the primary key's order (subject, window_start) is the output order.
              || CASE WHEN v_one_group THEN ' ORDER BY w.window_start' ELSE ' ORDER BY w.subject, w.group_values, w.window_start' END;
        -- For one subject the index order is the answer: the planner, costing random heap reads,
        -- would rather sort a bitmap scan's rows (3x slower, and past work_mem on disk).
        v_sort := current_setting('enable_sort');
        IF p_subject IS NOT NULL THEN
            PERFORM set_config('enable_sort', 'off', true);
        END IF;
        RETURN QUERY EXECUTE v_sql
            USING v_generation, p_meter, p_from, p_to, p_subject, v_unit, v_zone, v_drop;
        PERFORM set_config('enable_sort', v_sort, true);
        RETURN;
    END IF;

    -- ---- the query: fixed fragments only; arguments are $1..$8 ------------------------
    -- $1 generation, $2 meter, $3 from_time, $4 to_time, $5 subject, $6 unit, $7 zone, $8 keys to drop
    v_group_expr := CASE WHEN cardinality(v_keep) = 0 THEN '''{}''::jsonb' ELSE 'w.group_values - $8' END;
    v_bucket_expr := CASE WHEN v_unit IS NULL THEN '$3' ELSE 'meterflow.bucket_start(w.window_start, $6, $7)' END;
    v_where := 'w.generation = $1 AND w.meter = $2 AND w.window_start >= $3 AND w.window_start < $4'
               || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND w.subject = $5' END;
    v_source := 'meterflow.usage_windows w WHERE ' || v_where;

    -- Whole sealed hours of a MINUTE meter come from usage_hours (one row per hour instead of 60)
    -- when every hour lies inside one bucket (UTC, or a zone whose offsets are whole hours in the
    -- range); the minutes before and after them from usage_windows. An hour row is the merge of its
    -- minute rows (counts and sums add, least / greatest, the latest), so every bucket's value is
    -- the same either way.
    IF v_meter.window_size = 'MINUTE' AND v_meter.aggregation <> 'UNIQUE_COUNT' AND (v_unit IS NULL OR v_rank >= 2) THEN
        SELECT s.sealed_until INTO v_sealed FROM meterflow.usage_hours_sealed s
        WHERE s.generation = v_generation AND s.meter = p_meter;
        v_roll_from := date_trunc('hour', p_from, 'UTC');
        IF v_roll_from < p_from THEN
            v_roll_from := v_roll_from + interval '1 hour';
        END IF;
        v_roll_to := least(date_trunc('hour', p_to, 'UTC'), coalesce(v_sealed, '-infinity'));
        -- Narrowed to the hours that hold rows: the zone check below walks them.
        IF v_roll_to > v_roll_from THEN
            SELECT greatest(v_roll_from, min(h.hour_start)),
                   CASE WHEN min(h.hour_start) IS NOT NULL THEN least(v_roll_to, max(h.hour_start) + interval '1 hour') END
            INTO v_roll_from, v_roll_to
            FROM meterflow.usage_hours h
            WHERE h.generation = v_generation AND h.meter = p_meter AND h.hour_start >= v_roll_from AND h.hour_start < v_roll_to;
        END IF;
        IF v_roll_to > v_roll_from AND v_unit IS NOT NULL
           AND upper(v_zone) NOT IN ('UTC', 'ETC/UTC', 'ZULU', 'ETC/ZULU', 'UCT', 'ETC/UCT', 'UNIVERSAL', 'ETC/UNIVERSAL')
           AND EXISTS (SELECT 1 FROM generate_series(v_roll_from, v_roll_to - interval '1 hour', interval '1 hour') h
                       WHERE meterflow.bucket_start(h, v_unit, v_zone)
                             <> meterflow.bucket_start(h + interval '59 minutes', v_unit, v_zone)) THEN
            v_roll_to := NULL; -- an hour straddles two buckets in this zone (e.g. UTC+05:30): minutes only
        END IF;
        IF v_roll_to > v_roll_from THEN
            v_source := '(SELECT h.subject, h.group_values, h.hour_start AS window_start, h.event_count, h.value_sum,'
                || ' h.value_min, h.value_max, h.latest_time, h.latest_digest, h.latest_value FROM meterflow.usage_hours h'
                || ' WHERE h.generation = $1 AND h.meter = $2 AND h.hour_start >= $9 AND h.hour_start < $10'
                || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND h.subject = $5' END
                || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, w.event_count, w.value_sum, w.value_min,'
                || ' w.value_max, w.latest_time, w.latest_digest, w.latest_value FROM meterflow.usage_windows w'
                || ' WHERE w.generation = $1 AND w.meter = $2 AND w.window_start >= $3 AND w.window_start < $9'
                || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND w.subject = $5' END
                || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, w.event_count, w.value_sum, w.value_min,'
                || ' w.value_max, w.latest_time, w.latest_digest, w.latest_value FROM meterflow.usage_windows w'
                || ' WHERE w.generation = $1 AND w.meter = $2 AND w.window_start >= $10 AND w.window_start < $4'
                || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND w.subject = $5' END
                || ') w';
        END IF;
    END IF;
    v_value_expr := CASE v_meter.aggregation
        WHEN 'COUNT'  THEN 'sum(w.event_count)::numeric'
        WHEN 'SUM'    THEN 'sum(w.value_sum)'
        WHEN 'AVG'    THEN 'trim_scale(sum(w.value_sum) / nullif(sum(w.event_count), 0))'
        WHEN 'MIN'    THEN 'min(w.value_min)'
        WHEN 'MAX'    THEN 'max(w.value_max)'
        WHEN 'LATEST' THEN '(array_agg(w.latest_value ORDER BY w.latest_time DESC, w.latest_digest DESC)'
                           ' FILTER (WHERE w.latest_value IS NOT NULL))[1]'
        WHEN 'UNIQUE_COUNT' THEN 'NULL::numeric'
        -- Series window deltas add like SUM; the sum's scale depends on the arrival order of the
        -- corrections (0.25 - 0.05 = 0.20), so it is returned canonically: one text per number.
        WHEN 'INCREASE'      THEN 'trim_scale(sum(w.value_sum))'
        WHEN 'TIME_WEIGHTED' THEN 'trim_scale(sum(w.value_sum))'
    END;

    v_sql := 'WITH r AS (SELECT w.subject, ' || v_group_expr || ' AS gv, ' || v_bucket_expr || ' AS b, '
          || v_value_expr || ' AS v FROM ' || v_source
          || ' GROUP BY 1, 2, 3)';
    IF v_meter.aggregation = 'UNIQUE_COUNT' THEN
        -- Distinct values over the merged windows, counted exactly; a bucket with windows but
        -- no values (not produced by the job) counts 0.
        v_sql := v_sql || ', u AS (SELECT w.subject, ' || v_group_expr || ' AS gv, ' || v_bucket_expr
              || ' AS b, count(DISTINCT w.value)::numeric AS v FROM meterflow.usage_unique_values w WHERE '
              || v_where || ' GROUP BY 1, 2, 3)'
              || ' SELECT r.subject, r.gv, r.b, '
              || CASE WHEN v_unit IS NULL THEN '$4' ELSE 'meterflow.bucket_end(r.b, $6, $7)' END
              || ', coalesce(u.v, 0) FROM r LEFT JOIN u ON u.subject = r.subject AND u.gv = r.gv AND u.b = r.b'
              || ' ORDER BY 1, 2, 3';
    ELSIF v_meter.aggregation = 'TIME_WEIGHTED' AND v_meter.unit = 'AVERAGE' THEN
        -- The average value over the bucket (the whole range without window_size): value-seconds
        -- divided by the bucket's seconds, a time with no sample counting as 0.
        v_sql := v_sql || ', e AS (SELECT r.*, '
              || CASE WHEN v_unit IS NULL THEN '$4' ELSE 'meterflow.bucket_end(r.b, $6, $7)' END
              || ' AS be FROM r)'
              || ' SELECT e.subject, e.gv, e.b, e.be, trim_scale(e.v / extract(epoch FROM e.be - e.b)) FROM e'
              || ' ORDER BY 1, 2, 3';
    ELSE
        v_sql := v_sql || ' SELECT r.subject, r.gv, r.b, '
              || CASE WHEN v_unit IS NULL THEN '$4' ELSE 'meterflow.bucket_end(r.b, $6, $7)' END
              || ', r.v FROM r ORDER BY 1, 2, 3';
    END IF;

    RETURN QUERY EXECUTE v_sql
        USING v_generation, p_meter, p_from, p_to, p_subject, v_unit, v_zone, v_drop, v_roll_from, v_roll_to;
END
$fn$;


DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT SELECT ON meterflow.usage_hours, meterflow.usage_hours_sealed TO meterflow_reader;
        -- Default privileges give readers every new function; sealing is the writer's.
        REVOKE EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval) FROM meterflow_reader;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_writer') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON meterflow.usage_hours, meterflow.usage_hours_sealed TO meterflow_writer;
        GRANT EXECUTE ON FUNCTION meterflow.seal_usage_hours(int, timestamptz, int, interval) TO meterflow_writer;
    END IF;
END
$grants$;
