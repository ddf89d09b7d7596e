-- =====================================================================================
-- Usage limits and threshold notifications: limits per (meter, subject) and per meter
-- (the default), manual resets, the notifications the job emits and every delivery
-- attempt of the webhook deliverer, and meterflow.subject_usage_status.
--
-- Who writes what
--   * limits, default_limits, limit_resets: ./meterflow limits (and the HTTP API), through
--     io.meterflow.sink.LimitStore. They are the readable copy: the job learns limit changes
--     from the compacted limits topic, written after the row here (see LimitStore).
--   * notifications: the job, in its fenced commit; the id is a digest of what the
--     notification is about (io.meterflow.limit.NotificationId), so a replay inserts nothing.
--   * notification_deliveries: the webhook deliverer, one row per attempt.
--
-- Not per generation: a limit is a business fact, not derived from events, and a rebuild's
-- notifications carry the same ids as the ones already sent.
--
-- Periods are computed here exactly as io.meterflow.limit.PeriodSchedule does (period k is
-- the anchor + k units in the zone's wall clock, HOUR is 3600 s from the anchor's instant,
-- month ends clamp, an ambiguous local time takes the earlier offset, one in a gap moves
-- forward by the gap); PeriodScheduleSqlTest checks the two agree.
-- =====================================================================================

CREATE TABLE meterflow.limits (
    meter       text        NOT NULL,
    subject     text        NOT NULL,
    limit_value numeric     NOT NULL CHECK (limit_value >= 0),
    period      text        NOT NULL CHECK (period IN ('MONTH', 'WEEK', 'DAY', 'HOUR')),
    time_zone   text        NOT NULL,
    -- Local date-time (in time_zone) the periods renew at.
    anchor      timestamp   NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter, subject)
);
COMMENT ON TABLE meterflow.limits IS
    'Usage limit per (meter, subject) and period; written by ./meterflow limits set, deleted by limits delete.';

CREATE TABLE meterflow.default_limits (
    meter       text        PRIMARY KEY,
    limit_value numeric     NOT NULL CHECK (limit_value >= 0),
    period      text        NOT NULL CHECK (period IN ('MONTH', 'WEEK', 'DAY', 'HOUR')),
    time_zone   text        NOT NULL,
    anchor      timestamp   NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE meterflow.default_limits IS
    'The limit of every subject of a meter that has no row in meterflow.limits.';

CREATE TABLE meterflow.limit_resets (
    meter        text        NOT NULL,
    subject      text        NOT NULL,
    reset_at     timestamptz NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter, subject, reset_at)
);
COMMENT ON TABLE meterflow.limit_resets IS
    'Manual resets (./meterflow limits reset): a new period starts at reset_at, at the limit''s cadence from then on.';

CREATE TABLE meterflow.notifications (
    id           text        PRIMARY KEY,
    rule         text        NOT NULL,
    type         text        NOT NULL CHECK (type IN ('io.meterflow.notification.threshold', 'io.meterflow.notification.reset')),
    meter        text        NOT NULL,
    subject      text        NOT NULL,
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    threshold    text,
    threshold_value numeric,
    limit_value  numeric,
    usage        numeric,
    event_time   timestamptz,
    event_id     text,
    -- The CloudEvent as sent (the webhook body), so a delivery can be re-sent byte for byte.
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((type = 'io.meterflow.notification.threshold') = (threshold IS NOT NULL))
);
CREATE INDEX notifications_subject_period ON meterflow.notifications (meter, subject, period_start);
COMMENT ON TABLE meterflow.notifications IS
    'Threshold and reset notifications, one row per id (a digest of rule, subject, meter, period start, threshold).';

CREATE TABLE meterflow.notification_deliveries (
    notification_id text        NOT NULL,
    url             text        NOT NULL,
    attempt         int         NOT NULL CHECK (attempt > 0),
    attempted_at    timestamptz NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('DELIVERED', 'RETRY', 'FAILED')),
    status_code     int,
    error           text,
    duration_ms     bigint      NOT NULL CHECK (duration_ms >= 0),
    PRIMARY KEY (notification_id, url, attempt)
);
COMMENT ON TABLE meterflow.notification_deliveries IS
    'Every webhook delivery attempt: DELIVERED (2xx), RETRY (will be tried again), FAILED (gave up after maxRetryTime).';

-- The instant of a local date-time in a zone, as java.time.ZonedDateTime.ofLocal(local, zone, null):
-- the earlier offset in an overlap; in a gap PostgreSQL already uses the offset before the
-- transition, which moves the time forward by the gap, as java.time does.
CREATE FUNCTION meterflow.local_instant(p_local timestamp, p_zone text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(
        (SELECT min(c) FROM (SELECT (p_local AT TIME ZONE p_zone) - d AS c
                             FROM unnest(ARRAY[interval '0', interval '30 minutes', interval '1 hour', interval '2 hours']) d) x
         WHERE c AT TIME ZONE p_zone = p_local),
        p_local AT TIME ZONE p_zone)
$fn$;

-- Start of period k of a schedule.
CREATE FUNCTION meterflow.period_start_k(p_unit text, p_zone text, p_anchor timestamp, p_k bigint) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT CASE p_unit
        WHEN 'HOUR'  THEN meterflow.local_instant(p_anchor, p_zone) + make_interval(hours => p_k::int)
        WHEN 'DAY'   THEN meterflow.local_instant(p_anchor + make_interval(days => p_k::int), p_zone)
        WHEN 'WEEK'  THEN meterflow.local_instant(p_anchor + make_interval(weeks => p_k::int), p_zone)
        ELSE              meterflow.local_instant(p_anchor + make_interval(months => p_k::int), p_zone)
    END
$fn$;

-- The period [period_start, period_end) of a schedule that contains p_at; with a reset at or
-- before p_at the periods run from the latest such reset, and the period ends at the next reset.
CREATE FUNCTION meterflow.usage_period(p_at timestamptz, p_unit text, p_zone text, p_anchor timestamp,
        p_last_reset timestamptz DEFAULT NULL, p_next_reset timestamptz DEFAULT NULL)
RETURNS TABLE (period_start timestamptz, period_end timestamptz)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    v_anchor timestamp := p_anchor;
    v_local  timestamp;
    v_k      bigint;
    v_start  timestamptz;
    v_end    timestamptz;
BEGIN
    IF p_unit NOT IN ('MONTH', 'WEEK', 'DAY', 'HOUR') THEN
        RAISE EXCEPTION 'meterflow.usage_period: unknown period "%"', p_unit
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use MONTH, WEEK, DAY or HOUR.';
    END IF;
    IF p_last_reset IS NOT NULL THEN
        v_anchor := p_last_reset AT TIME ZONE p_zone;
    END IF;
    v_local := p_at AT TIME ZONE p_zone;
    v_k := CASE p_unit
        WHEN 'HOUR'  THEN floor(extract(epoch FROM p_at - meterflow.local_instant(v_anchor, p_zone)) / 3600)
        WHEN 'DAY'   THEN v_local::date - v_anchor::date
        WHEN 'WEEK'  THEN floor((v_local::date - v_anchor::date) / 7.0)
        ELSE (extract(year FROM v_local) - extract(year FROM v_anchor)) * 12
             + extract(month FROM v_local) - extract(month FROM v_anchor)
    END;
    -- The estimate is off by at most one or two: walk to the exact period.
    WHILE meterflow.period_start_k(p_unit, p_zone, v_anchor, v_k) > p_at LOOP
        v_k := v_k - 1;
    END LOOP;
    WHILE meterflow.period_start_k(p_unit, p_zone, v_anchor, v_k + 1) <= p_at LOOP
        v_k := v_k + 1;
    END LOOP;
    v_start := meterflow.period_start_k(p_unit, p_zone, v_anchor, v_k);
    v_end := meterflow.period_start_k(p_unit, p_zone, v_anchor, v_k + 1);
    IF p_last_reset IS NOT NULL AND v_start < p_last_reset THEN
        v_start := p_last_reset;
    END IF;
    IF p_next_reset IS NOT NULL AND v_end > p_next_reset THEN
        v_end := p_next_reset;
    END IF;
    RETURN QUERY SELECT v_start, v_end;
END
$fn$;

-- The current state of one subject's usage against its limit.
--   SELECT * FROM meterflow.subject_usage_status('api_calls', 'customer-1');
-- limit: the subject's own, else the meter's default, else none (limit_value NULL, has_access
-- true, remaining and percentage NULL; the period is then MONTH in UTC). usage is the meter's
-- aggregation over the stored windows starting in the period, as query_usage computes it (so a
-- period boundary inside one stored window, e.g. a Berlin-midnight period over a DAY meter stored
-- in UTC days, counts that window in the period it starts in). thresholds_crossed: the thresholds
-- (as written) that notifications were recorded for in this period, any rule.
CREATE FUNCTION meterflow.subject_usage_status(p_meter text, p_subject text, p_at timestamptz DEFAULT now())
RETURNS TABLE (meter text, subject text, period text, time_zone text, period_start timestamptz, period_end timestamptz,
               usage numeric, limit_value numeric, remaining numeric, percentage numeric, has_access boolean,
               thresholds_crossed text[], limit_source text)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_limit  numeric;
    v_period text := 'MONTH';
    v_zone   text := 'UTC';
    v_anchor timestamp := timestamp '2001-01-01 00:00';
    v_source text := 'none';
    v_last   timestamptz;
    v_next   timestamptz;
    v_start  timestamptz;
    v_end    timestamptz;
    v_usage  numeric;
BEGIN
    SELECT l.limit_value, l.period, l.time_zone, l.anchor, 'subject'
      INTO v_limit, v_period, v_zone, v_anchor, v_source
      FROM meterflow.limits l WHERE l.meter = p_meter AND l.subject = p_subject;
    IF NOT FOUND THEN
        SELECT d.limit_value, d.period, d.time_zone, d.anchor, 'default'
          INTO v_limit, v_period, v_zone, v_anchor, v_source
          FROM meterflow.default_limits d WHERE d.meter = p_meter;
        IF NOT FOUND THEN
            v_period := 'MONTH'; v_zone := 'UTC'; v_anchor := timestamp '2001-01-01 00:00'; v_source := 'none';
        END IF;
    END IF;
    SELECT max(r.reset_at) INTO v_last FROM meterflow.limit_resets r
     WHERE r.meter = p_meter AND r.subject = p_subject AND r.reset_at <= p_at;
    SELECT min(r.reset_at) INTO v_next FROM meterflow.limit_resets r
     WHERE r.meter = p_meter AND r.subject = p_subject AND r.reset_at > p_at;
    SELECT u.period_start, u.period_end INTO v_start, v_end
      FROM meterflow.usage_period(p_at, v_period, v_zone, v_anchor, v_last, v_next) u;
    -- query_usage checks the meter (unknown: SQLSTATE 42704 with the meters as HINT).
    SELECT coalesce(sum(q.value), 0) INTO v_usage
      FROM meterflow.query_usage(meter => p_meter, from_time => v_start, to_time => v_end, subject => p_subject) q;
    RETURN QUERY SELECT p_meter, p_subject, v_period, v_zone, v_start, v_end, v_usage, v_limit,
        CASE WHEN v_limit IS NULL THEN NULL ELSE greatest(v_limit - v_usage, 0) END,
        CASE WHEN v_limit IS NULL THEN NULL WHEN v_limit = 0 THEN NULL ELSE round(100 * v_usage / v_limit, 2) END,
        v_limit IS NULL OR v_usage < v_limit,
        coalesce((SELECT array_agg(DISTINCT n.threshold ORDER BY n.threshold) FROM meterflow.notifications n
                   WHERE n.meter = p_meter AND n.subject = p_subject AND n.period_start = v_start
                     AND n.threshold IS NOT NULL), '{}'),
        v_source;
END
$fn$;
COMMENT ON FUNCTION meterflow.subject_usage_status(text, text, timestamptz) IS
    'Current period, usage, limit, remaining, percentage, hasAccess (usage < limit) and thresholds crossed of one subject.';

DO $grants$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'meterflow_reader') THEN
        GRANT SELECT ON meterflow.limits, meterflow.default_limits, meterflow.limit_resets, meterflow.notifications,
            meterflow.notification_deliveries TO meterflow_reader;
        GRANT EXECUTE ON FUNCTION meterflow.local_instant(timestamp, text),
            meterflow.period_start_k(text, text, timestamp, bigint),
            meterflow.usage_period(timestamptz, text, text, timestamp, timestamptz, timestamptz),
            meterflow.subject_usage_status(text, text, timestamptz) TO meterflow_reader;
    END IF;
END
$grants$;
