-- =====================================================================================
-- Hourly rollup of minute windows, for query_usage's aggregated answers (HOUR, DAY, MONTH, or the
-- whole range) of the additive aggregations: COUNT, SUM, AVG, INCREASE, TIME_WEIGHTED.
--
--   usage_hours holds, per (generation, meter, subject, group values, UTC hour), the sums of the
--   stored windows shorter than an hour (a MINUTE meter's) that start in that hour: how many
--   windows, their event_count and value_sum totals. Statement triggers on usage_windows keep it
--   in the same transaction as every write (the job's fenced commit, a generation pruned), so it is
--   never ahead or behind: a commit that rolls back rolls its rollup change back too. An insert
--   adds its windows, an upsert what they gained (new minus old, summed per hour); anything else (a
--   delete, a changed key, a value's scale shrinking or a value becoming NULL) recomputes the hours
--   it touched from usage_windows.
--   Invariant (tested): usage_hours = the GROUP BY of those rows of usage_windows, value for value,
--   numeric scale included (sums keep the greatest scale, and an upsert's scale never shrinks).
--
--   query_usage then reads a month of one subject as 720 hourly rows instead of 43,200 minute
--   rows, plus the stored minute windows of the partial hours at the ends of an unaligned range.
--   Only where that is the grouped path's answer exactly: an additive aggregation, a MINUTE meter,
--   no rolled-up hour straddling two requested buckets (zones with a whole-hour offset; e.g.
--   Asia/Kolkata by day is answered from the minutes as before). MIN, MAX, LATEST, UNIQUE_COUNT,
--   MINUTE buckets and HOUR/DAY meters are answered as before.
--
-- The backfill reads usage_windows once, in the migration's transaction, while the triggers'
-- creation holds the job's writes back: on a large table run `./meterflow migrate` when a short
-- pause of the job's writes is acceptable.
-- =====================================================================================

CREATE TABLE meterflow.usage_hours (
    generation   int         NOT NULL,
    meter        text        NOT NULL,
    subject      text        NOT NULL,
    group_values jsonb       NOT NULL,
    hour_start   timestamptz NOT NULL,
    -- Stored windows rolled into the row (the row is removed when none is left).
    window_rows  bigint      NOT NULL,
    event_count  bigint      NOT NULL,
    -- Of them, those with a value_sum; value_sum is their total, NULL when there is none.
    value_rows   bigint      NOT NULL,
    value_sum    numeric,
    PRIMARY KEY (generation, meter, subject, hour_start, group_values)
);
CREATE INDEX usage_hours_meter_time ON meterflow.usage_hours (generation, meter, hour_start);
COMMENT ON TABLE meterflow.usage_hours IS
    'Hourly (UTC) sums of the sub-hour windows of usage_windows, kept by its triggers in the same transaction; read by query_usage.';

-- Portal queries see their subject only, as in usage_windows (V6); writers keep every command.
ALTER TABLE meterflow.usage_hours ENABLE ROW LEVEL SECURITY;
CREATE POLICY portal_subject ON meterflow.usage_hours FOR SELECT
    USING (coalesce(current_setting('meterflow.portal_subject', true), '') = ''
           OR subject = current_setting('meterflow.portal_subject', true));
CREATE POLICY writers_insert ON meterflow.usage_hours FOR INSERT WITH CHECK (true);
CREATE POLICY writers_update ON meterflow.usage_hours FOR UPDATE USING (true) WITH CHECK (true);
CREATE POLICY writers_delete ON meterflow.usage_hours FOR DELETE USING (true);

CREATE TYPE meterflow.usage_hour_key AS (
    generation int, meter text, subject text, group_values jsonb, hour_start timestamptz);

-- Sets the given hours to the sums of what usage_windows holds of them now.
CREATE FUNCTION meterflow.usage_hours_recompute(p_keys meterflow.usage_hour_key[]) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM meterflow.usage_hours h USING unnest(p_keys) k
    WHERE h.generation = k.generation AND h.meter = k.meter AND h.subject = k.subject
      AND h.hour_start = k.hour_start AND h.group_values = k.group_values;
    INSERT INTO meterflow.usage_hours
    SELECT w.generation, w.meter, w.subject, w.group_values, k.hour_start,
           count(*), sum(w.event_count), count(w.value_sum), sum(w.value_sum)
    FROM (SELECT DISTINCT * FROM unnest(p_keys)) k
    JOIN meterflow.usage_windows w
      ON w.generation = k.generation AND w.meter = k.meter AND w.subject = k.subject AND w.group_values = k.group_values
     AND w.window_start >= k.hour_start AND w.window_start < k.hour_start + interval '1 hour'
    WHERE w.window_end - w.window_start < interval '1 hour'
    GROUP BY 1, 2, 3, 4, 5;
END
$fn$;

CREATE FUNCTION meterflow.usage_hours_insert() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO meterflow.usage_hours AS h
    SELECT n.generation, n.meter, n.subject, n.group_values, date_trunc('hour', n.window_start, 'UTC'),
           count(*), sum(n.event_count), count(n.value_sum), sum(n.value_sum)
    FROM new_rows n
    WHERE n.window_end - n.window_start < interval '1 hour'
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (generation, meter, subject, hour_start, group_values) DO UPDATE SET
        window_rows = h.window_rows + EXCLUDED.window_rows,
        event_count = h.event_count + EXCLUDED.event_count,
        value_rows  = h.value_rows + EXCLUDED.value_rows,
        value_sum   = CASE WHEN EXCLUDED.value_sum IS NULL THEN h.value_sum WHEN h.value_sum IS NULL THEN EXCLUDED.value_sum
                           ELSE h.value_sum + EXCLUDED.value_sum END;
    RETURN NULL;
END
$fn$;

-- An update (the job's upsert of windows it already wrote): per hour, the new rows' sums minus the
-- old rows' are added, when the hour keeps its windows and its values' count and greatest scale
-- (adding the difference then leaves what summing the windows again gives); other hours are recomputed.
CREATE FUNCTION meterflow.usage_hours_update() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_keys meterflow.usage_hour_key[];
BEGIN
    WITH o AS (
        SELECT r.generation, r.meter, r.subject, r.group_values, date_trunc('hour', r.window_start, 'UTC') AS hour_start,
               count(*) AS n, sum(r.event_count) AS c, count(r.value_sum) AS vn, sum(r.value_sum) AS v,
               coalesce(max(scale(r.value_sum)), -1) AS sc
        FROM old_rows r WHERE r.window_end - r.window_start < interval '1 hour' GROUP BY 1, 2, 3, 4, 5
    ), n AS (
        SELECT r.generation, r.meter, r.subject, r.group_values, date_trunc('hour', r.window_start, 'UTC') AS hour_start,
               count(*) AS n, sum(r.event_count) AS c, count(r.value_sum) AS vn, sum(r.value_sum) AS v,
               coalesce(max(scale(r.value_sum)), -1) AS sc
        FROM new_rows r WHERE r.window_end - r.window_start < interval '1 hour' GROUP BY 1, 2, 3, 4, 5
    ), d AS (
        SELECT coalesce(n.generation, o.generation) AS generation, coalesce(n.meter, o.meter) AS meter,
               coalesce(n.subject, o.subject) AS subject, coalesce(n.group_values, o.group_values) AS group_values,
               coalesce(n.hour_start, o.hour_start) AS hour_start,
               n.c - o.c AS dc, n.v - o.v AS dv,
               coalesce(n.n = o.n AND n.vn = o.vn AND n.sc >= o.sc, false) AS additive
        FROM n FULL JOIN o ON n.generation = o.generation AND n.meter = o.meter AND n.subject = o.subject
                          AND n.hour_start = o.hour_start AND n.group_values = o.group_values
    ), added AS (
        UPDATE meterflow.usage_hours h
        SET event_count = h.event_count + d.dc,
            value_sum = CASE WHEN d.dv IS NULL THEN h.value_sum ELSE h.value_sum + d.dv END
        FROM d
        WHERE d.additive AND h.generation = d.generation AND h.meter = d.meter AND h.subject = d.subject
          AND h.hour_start = d.hour_start AND h.group_values = d.group_values
        RETURNING 1
    )
    SELECT array_agg(ROW(d.generation, d.meter, d.subject, d.group_values, d.hour_start)::meterflow.usage_hour_key)
    INTO v_keys FROM d WHERE NOT d.additive;
    IF v_keys IS NOT NULL THEN
        PERFORM meterflow.usage_hours_recompute(v_keys);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION meterflow.usage_hours_delete() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE
    v_keys meterflow.usage_hour_key[];
BEGIN
    SELECT array_agg(DISTINCT ROW(r.generation, r.meter, r.subject, r.group_values,
                                  date_trunc('hour', r.window_start, 'UTC'))::meterflow.usage_hour_key)
    INTO v_keys FROM old_rows r WHERE r.window_end - r.window_start < interval '1 hour';
    IF v_keys IS NOT NULL THEN
        PERFORM meterflow.usage_hours_recompute(v_keys);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION meterflow.usage_hours_truncate() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    TRUNCATE meterflow.usage_hours;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER usage_hours_insert AFTER INSERT ON meterflow.usage_windows
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meterflow.usage_hours_insert();
CREATE TRIGGER usage_hours_update AFTER UPDATE ON meterflow.usage_windows
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meterflow.usage_hours_update();
CREATE TRIGGER usage_hours_delete AFTER DELETE ON meterflow.usage_windows
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION meterflow.usage_hours_delete();
CREATE TRIGGER usage_hours_truncate AFTER TRUNCATE ON meterflow.usage_windows
    FOR EACH STATEMENT EXECUTE FUNCTION meterflow.usage_hours_truncate();

-- What is stored already (the triggers above hold writes back until the migration commits).
INSERT INTO meterflow.usage_hours
SELECT w.generation, w.meter, w.subject, w.group_values, date_trunc('hour', w.window_start, 'UTC'),
       count(*), sum(w.event_count), count(w.value_sum), sum(w.value_sum)
FROM meterflow.usage_windows w
WHERE w.window_end - w.window_start < interval '1 hour'
GROUP BY 1, 2, 3, 4, 5;

-- As V11, plus the rollup path (before the grouped path, below).
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
    v_from        text;            -- the rows the grouped query reads
    v_hour_from   timestamptz;     -- whole UTC hours inside [p_from, p_to)
    v_hour_to     timestamptz;
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
    -- $1 generation, $2 meter, $3 from_time, $4 to_time, $5 subject, $6 unit, $7 zone, $8 keys to drop,
    -- $9 / $10 the whole UTC hours (rollup path)
    v_group_expr := CASE WHEN cardinality(v_keep) = 0 THEN '''{}''::jsonb' ELSE 'w.group_values - $8' END;
    v_bucket_expr := CASE WHEN v_unit IS NULL THEN '$3' ELSE 'meterflow.bucket_start(w.window_start, $6, $7)' END;
    v_where := 'w.generation = $1 AND w.meter = $2 AND w.window_start >= $3 AND w.window_start < $4'
               || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND w.subject = $5' END;
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

    -- ---- rollup path: the whole hours of the range from usage_hours ------------------------
    -- The additive aggregations need only the sums of event_count and value_sum over each bucket,
    -- and a bucket that is a union of whole UTC hours (plus, at the range's ends, minutes) has the
    -- sums of its hours' rows: each hour row holds the exact sums (scale included) of the stored
    -- windows starting in it. Every bucket is: the unit is coarser than a minute and no hour with
    -- rows straddles two buckets of the zone (checked on the hour rows, unless in UTC).
    v_from := 'meterflow.usage_windows w WHERE ' || v_where;
    v_hour_from := date_trunc('hour', p_from, 'UTC');
    IF v_hour_from < p_from THEN
        v_hour_from := v_hour_from + interval '1 hour';
    END IF;
    v_hour_to := date_trunc('hour', p_to, 'UTC');
    IF v_meter.aggregation IN ('COUNT', 'SUM', 'AVG', 'INCREASE', 'TIME_WEIGHTED') AND v_meter.window_size = 'MINUTE'
       AND (v_rank IS NULL OR v_rank > 1) AND v_hour_from < v_hour_to
       AND (v_unit IS NULL
            OR upper(v_zone) IN ('UTC', 'ETC/UTC', 'ZULU', 'ETC/ZULU', 'UCT', 'ETC/UCT', 'UNIVERSAL', 'ETC/UNIVERSAL')
            OR NOT EXISTS (
                SELECT 1 FROM meterflow.usage_hours h
                WHERE h.generation = v_generation AND h.meter = p_meter
                  AND (p_subject IS NULL OR h.subject = p_subject)
                  AND h.hour_start >= v_hour_from AND h.hour_start < v_hour_to
                  AND meterflow.bucket_start(h.hour_start, v_unit, v_zone)
                      <> meterflow.bucket_start(h.hour_start + interval '1 hour' - interval '1 microsecond', v_unit, v_zone))) THEN
        -- $9 / $10: the whole hours; the stored windows before and after them are read as they are.
        v_from := '(SELECT h.subject, h.group_values, h.hour_start AS window_start, h.event_count,'
               || ' CASE WHEN h.value_rows > 0 THEN h.value_sum END AS value_sum FROM meterflow.usage_hours h'
               || ' WHERE h.generation = $1 AND h.meter = $2 AND h.hour_start >= $9 AND h.hour_start < $10'
               || CASE WHEN p_subject IS NULL THEN '' ELSE ' AND h.subject = $5' END
               -- Two plain ranges (not one OR), so that each is an index range scan of the subject's rows.
               || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, w.event_count, w.value_sum'
               || ' FROM meterflow.usage_windows w WHERE ' || v_where || ' AND w.window_start < $9'
               || ' UNION ALL SELECT w.subject, w.group_values, w.window_start, w.event_count, w.value_sum'
               || ' FROM meterflow.usage_windows w WHERE ' || v_where || ' AND w.window_start >= $10) w';
    END IF;

    v_sql := 'WITH r AS (SELECT w.subject, ' || v_group_expr || ' AS gv, ' || v_bucket_expr || ' AS b, '
          || v_value_expr || ' AS v FROM ' || v_from
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
        USING v_generation, p_meter, p_from, p_to, p_subject, v_unit, v_zone, v_drop, v_hour_from, v_hour_to;
END
$fn$;


DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT SELECT ON meterflow.usage_hours TO meterflow_reader;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_writer') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON meterflow.usage_hours TO meterflow_writer;
    END IF;
END
$grants$;
