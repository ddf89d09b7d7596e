-- =====================================================================================
-- meterflow.query_usage: roll stored windows up to minute / hour / day / month buckets in
-- any IANA time zone, or to one row over the whole range, with subject and group filters.
--
--   SELECT * FROM meterflow.query_usage(
--       meter      => 'tokens',
--       from_time  => '2026-03-01T00:00:00-05:00',
--       to_time    => '2026-04-01T00:00:00-04:00',
--       window_size => 'DAY',
--       time_zone  => 'America/New_York',
--       subject    => 'customer-1',
--       group_by   => ARRAY['model']);
--
-- Contract
--   * Reads the active generation only (meterflow.active_generation).
--   * Selects stored windows with from_time <= window_start < to_time.
--   * window_size MINUTE | HOUR | DAY | MONTH (case-insensitive): one row per subject, group
--     and bucket. Buckets are aligned in time_zone: DAY and MONTH are local calendar days
--     and months (a DST day is 23 or 25 hours), MINUTE and HOUR are local clock minutes and
--     hours (the repeated hour of a fall-back day is two buckets, not one). window_start /
--     window_end are the bucket's bounds. Buckets with no stored window produce no row.
--   * window_size NULL: one row per subject and group over the whole range, with
--     window_start = from_time and window_end = to_time.
--   * subject NULL: every subject.
--   * group_by: the meter's groupBy keys to keep; the other keys are merged. The output
--     group_values holds only the kept keys ({} when none are kept).
--   * value, by the meter's aggregation, over everything merged into the row:
--       COUNT         sum of event counts
--       SUM           sum of values
--       AVG           total sum / total count (not an average of averages)
--       MIN / MAX     least / greatest value
--       UNIQUE_COUNT  exact number of distinct values over the merged windows
--       LATEST        the value of the event with the greatest (event time, event digest)
--   * Errors (SQLSTATE 42704 for an unknown meter, 22023 otherwise), each with a HINT:
--     unknown meter, unknown window_size, window_size finer than the meter's stored
--     windowSize, stored windows that straddle the requested buckets (e.g. DAY-stored data
--     queried by day in a zone other than UTC), bad time zone, group_by key not in the
--     meter's groupBy, from_time >= to_time (or NULL).
--
-- Speed: the query runs with the actual arguments (dynamic SQL with bind parameters, so
-- each call gets a plan for its own subject filter), through the primary key index for one
-- subject and through usage_windows_meter_time for all subjects. Only fixed SQL fragments
-- are assembled; every argument is passed as a parameter ($1..$n), never spliced in.
-- =====================================================================================

-- Start of the bucket holding ts. MINUTE / HOUR: subtract the local clock's minutes
-- (and seconds) from the instant itself, so ambiguous local times (the repeated hour of a
-- fall-back day) stay two distinct buckets. DAY / MONTH: local calendar truncation.
CREATE FUNCTION meterflow.bucket_start(ts timestamptz, unit text, time_zone text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN unit IN ('minute', 'hour')
            THEN ts - ((ts AT TIME ZONE time_zone) - date_trunc(unit, ts AT TIME ZONE time_zone))
        ELSE date_trunc(unit, ts, time_zone)
    END
$fn$;
COMMENT ON FUNCTION meterflow.bucket_start(timestamptz, text, text) IS
    'Start of the minute/hour/day/month bucket holding ts, aligned in time_zone.';

-- End of the bucket starting at bucket_start: a fixed length for MINUTE / HOUR, the next
-- local midnight / first of the month for DAY / MONTH (23 or 25 hours on DST days).
CREATE FUNCTION meterflow.bucket_end(bucket_start timestamptz, unit text, time_zone text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN unit IN ('minute', 'hour') THEN bucket_start + ('1 ' || unit)::interval
        ELSE ((bucket_start AT TIME ZONE time_zone) + ('1 ' || unit)::interval) AT TIME ZONE time_zone
    END
$fn$;
COMMENT ON FUNCTION meterflow.bucket_end(timestamptz, text, text) IS
    'End (exclusive) of the bucket that starts at bucket_start, in time_zone.';

-- The implementation. PL/pgSQL cannot name an argument like a result column (subject), so the
-- documented signature below is a thin SQL wrapper around this function.
CREATE FUNCTION meterflow.query_usage_impl(
    p_meter       text,
    p_from        timestamptz,
    p_to          timestamptz,
    p_window_size text,
    p_time_zone   text,
    p_subject     text,
    p_group_by    text[]
) RETURNS TABLE (r_subject text, r_group_values jsonb, r_window_start timestamptz, r_window_end timestamptz, r_value numeric)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
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
    ELSE
        v_sql := v_sql || ' SELECT r.subject, r.gv, r.b, '
              || CASE WHEN v_unit IS NULL THEN '$4' ELSE 'meterflow.bucket_end(r.b, $6, $7)' END
              || ', r.v FROM r ORDER BY 1, 2, 3';
    END IF;

    RETURN QUERY EXECUTE v_sql
        USING v_generation, p_meter, p_from, p_to, p_subject, v_unit, v_zone, v_drop;
END
$fn$;

CREATE FUNCTION meterflow.query_usage(
    meter       text,
    from_time   timestamptz,
    to_time     timestamptz,
    window_size text        DEFAULT NULL,
    time_zone   text        DEFAULT 'UTC',
    subject     text        DEFAULT NULL,
    group_by    text[]      DEFAULT '{}'
) RETURNS TABLE (subject text, group_values jsonb, window_start timestamptz, window_end timestamptz, value numeric)
LANGUAGE sql STABLE PARALLEL RESTRICTED
AS $fn$
    SELECT * FROM meterflow.query_usage_impl(meter, from_time, to_time, window_size, time_zone, subject, group_by)
$fn$;

COMMENT ON FUNCTION meterflow.query_usage(text, timestamptz, timestamptz, text, text, text, text[]) IS
    'Usage of one meter in [from_time, to_time), per subject and kept groupBy keys, rolled up to MINUTE/HOUR/DAY/MONTH '
    'buckets in an IANA time zone (or one row over the whole range when window_size is NULL). Active generation only.';

-- Readers run it (V1 set default privileges; explicit here for a reader role created by a DBA later).
DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT EXECUTE ON FUNCTION meterflow.query_usage(text, timestamptz, timestamptz, text, text, text, text[]),
            meterflow.query_usage_impl(text, timestamptz, timestamptz, text, text, text, text[]),
            meterflow.bucket_start(timestamptz, text, text), meterflow.bucket_end(timestamptz, text, text)
            TO meterflow_reader;
    END IF;
END
$grants$;
