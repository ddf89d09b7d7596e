-- =====================================================================================
-- Series meters (docs/series.md): INCREASE (cumulative counters with resets) and
-- TIME_WEIGHTED (gauges, value x time).
--
--   * meterflow.meters accepts the two aggregations and records a TIME_WEIGHTED meter's
--     unit: INTEGRAL (value-seconds, the default) or AVERAGE. The rows are the same either
--     way, so the unit may change without a rebuild (the job updates it like group_by).
--   * usage_windows rows of series meters: event_count = samples whose event time falls in
--     the window, value_sum = the window's usage (the sum of the job's correcting deltas,
--     which may be negative on the way; the committed total never is for sane input).
--   * query_usage: INCREASE and TIME_WEIGHTED/INTEGRAL return trim_scale(sum(value_sum)),
--     canonical, so the result does not depend on the order the corrections arrived in;
--     TIME_WEIGHTED/AVERAGE returns that divided by the bucket's length in seconds
--     (the whole range for window_size NULL), with PostgreSQL's numeric division scale.
-- =====================================================================================

ALTER TABLE meterflow.meters DROP CONSTRAINT meters_aggregation_check;
ALTER TABLE meterflow.meters ADD CONSTRAINT meters_aggregation_check
    CHECK (aggregation IN ('SUM', 'COUNT', 'AVG', 'MIN', 'MAX', 'UNIQUE_COUNT', 'LATEST', 'INCREASE', 'TIME_WEIGHTED'));
ALTER TABLE meterflow.meters ADD COLUMN unit text,
    ADD CONSTRAINT meters_unit_check
        CHECK (unit IS NULL OR (unit IN ('INTEGRAL', 'AVERAGE') AND aggregation = 'TIME_WEIGHTED'));
COMMENT ON COLUMN meterflow.meters.unit IS
    'TIME_WEIGHTED only: what query_usage returns, INTEGRAL (value-seconds) or AVERAGE over the bucket.';

-- As V10 (its fast path skips series meters: their rows are corrections to merge), plus the two
-- series aggregations (the CASE below and the AVERAGE branch).
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
          || v_value_expr || ' AS v FROM meterflow.usage_windows w WHERE ' || v_where
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
        USING v_generation, p_meter, p_from, p_to, p_subject, v_unit, v_zone, v_drop;
END
$fn$;
