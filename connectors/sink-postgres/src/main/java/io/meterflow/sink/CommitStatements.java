package io.meterflow.sink;

import static io.meterflow.sink.PostgresText.decimal;
import static io.meterflow.sink.PostgresText.digestHex;
import static io.meterflow.sink.PostgresText.headersJson;
import static io.meterflow.sink.PostgresText.hex;
import static io.meterflow.sink.PostgresText.json;
import static io.meterflow.sink.PostgresText.text;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a commit writes besides its fence row: window deltas, unique values, counters,
 * rejections and notifications, each as a fixed SQL text whose rows arrive as a {@link ColumnBatch} (one multi-row
 * statement per chunk). Runs inside the caller's transaction; never commits.
 */
final class CommitStatements {

    /** Rows per multi-row statement: bounded parameter arrays, few round trips. */
    static final int CHUNK = 2000;

    /** Millisecond instants arrive as bigint: exact integer arithmetic, no string parsing. */
    private static final String MILLIS = "timestamptz 'epoch' + %s * interval '1 millisecond'";

    /**
     * Merges deltas into window rows: count and sums add, min/max least/greatest, LATEST keeps the
     * greatest (latest_time, latest_digest), late counters add. Keys are unique within a statement.
     */
    static final String UPSERT_WINDOWS =
            "INSERT INTO meterflow.usage_windows AS w (generation, meter, subject, group_values, window_start,"
                    + " window_end, event_count, value_sum, value_min, value_max, latest_time, latest_digest,"
                    + " latest_value, late_event_count, late_value_sum)"
                    + " SELECT ?, d.meter, d.subject, d.group_values::jsonb, "
                    + String.format(MILLIS, "d.window_start") + ", " + String.format(MILLIS, "d.window_end") + ","
                    + " d.event_count, d.value_sum::numeric, d.value_min::numeric, d.value_max::numeric,"
                    + " CASE WHEN d.latest_value IS NULL THEN NULL ELSE " + String.format(MILLIS, "d.latest_time") + " END,"
                    + " decode(d.latest_digest, 'hex'), d.latest_value::numeric, d.late_event_count, d.late_value_sum::numeric"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],"
                    + " ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[])"
                    + " WITH ORDINALITY AS d(meter, subject, group_values, window_start, window_end, event_count,"
                    + " value_sum, value_min, value_max, latest_time, latest_digest, latest_value, late_event_count,"
                    + " late_value_sum, n)"
                    + " ORDER BY d.n"
                    + " ON CONFLICT (generation, meter, subject, window_start, group_values) DO UPDATE SET"
                    + mergeValues() + ","
                    + " late_event_count = w.late_event_count + EXCLUDED.late_event_count,"
                    + " late_value_sum = CASE WHEN w.late_value_sum IS NULL THEN EXCLUDED.late_value_sum"
                    + "   WHEN EXCLUDED.late_value_sum IS NULL THEN w.late_value_sum"
                    + "   ELSE w.late_value_sum + EXCLUDED.late_value_sum END,"
                    + " last_committed_at = now()";

    /**
     * Merges the deltas of sealed hours (late events, backfills) into their hour rows, as
     * UPSERT_WINDOWS merges them into minutes: the same parameters, grouped by UTC hour first (a
     * statement may touch a row once). The digest orders as bytes, as in usage_windows.
     */
    static final String UPSERT_HOURS =
            "INSERT INTO meterflow.usage_hours AS w (generation, meter, subject, group_values, hour_start,"
                    + " event_count, value_sum, value_min, value_max, latest_time, latest_digest, latest_value)"
                    + " SELECT ?, d.meter, d.subject, d.group_values::jsonb,"
                    + " date_trunc('hour', " + String.format(MILLIS, "d.window_start") + ", 'UTC'),"
                    + " sum(d.event_count), sum(d.value_sum::numeric), min(d.value_min::numeric), max(d.value_max::numeric),"
                    + " (array_agg(" + String.format(MILLIS, "d.latest_time") + latestOrder() + ")[1],"
                    + " (array_agg(decode(d.latest_digest, 'hex')" + latestOrder() + ")[1],"
                    + " (array_agg(d.latest_value::numeric" + latestOrder() + ")[1]"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[],"
                    + " ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[])"
                    + " AS d(meter, subject, group_values, window_start, window_end, event_count,"
                    + " value_sum, value_min, value_max, latest_time, latest_digest, latest_value, late_event_count,"
                    + " late_value_sum)"
                    + " GROUP BY 2, 3, 4, 5 ORDER BY 2, 3, 5, 4"
                    + " ON CONFLICT (generation, meter, subject, hour_start, group_values) DO UPDATE SET"
                    + mergeValues();

    /** In the order of UPSERT_WINDOWS' unnest; LATEST's time and digest only where it has a value. */
    static final ColumnBatch<Map.Entry<WindowKey, WindowDelta>> WINDOW_COLUMNS =
            ColumnBatch.<Map.Entry<WindowKey, WindowDelta>>of()
                    .text(e -> e.getKey().meter())
                    .text(e -> e.getKey().subject())
                    .text(e -> e.getKey().groupValues())
                    .bigint(e -> e.getKey().windowStart())
                    .bigint(e -> e.getValue().windowEnd())
                    .bigint(e -> e.getValue().eventCount())
                    .text(e -> decimal(e.getValue().sum()))
                    .text(e -> decimal(e.getValue().min()))
                    .text(e -> decimal(e.getValue().max()))
                    .bigint(e -> e.getValue().latestValue() == null ? null : e.getValue().latestTime())
                    .text(e -> e.getValue().latestValue() == null ? null
                            : digestHex(e.getValue().latestDigestHi(), e.getValue().latestDigestLo()))
                    .text(e -> decimal(e.getValue().latestValue()))
                    .bigint(e -> e.getValue().lateEventCount())
                    .text(e -> decimal(e.getValue().lateSum()));

    static final String INSERT_UNIQUE_VALUES =
            "INSERT INTO meterflow.usage_unique_values (generation, meter, subject, group_values, window_start, value)"
                    + " SELECT ?, d.meter, d.subject, d.group_values::jsonb, " + String.format(MILLIS, "d.window_start")
                    + ", d.value FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY"
                    + " AS d(meter, subject, group_values, window_start, value, n) ORDER BY d.n"
                    + " ON CONFLICT DO NOTHING";

    record UniqueValue(WindowKey key, String value) {}

    static final ColumnBatch<UniqueValue> UNIQUE_VALUE_COLUMNS = ColumnBatch.<UniqueValue>of()
            .text(u -> u.key().meter())
            .text(u -> u.key().subject())
            .text(u -> u.key().groupValues())
            .bigint(u -> u.key().windowStart())
            .text(UniqueValue::value);

    static final String ADD_COUNTERS =
            "INSERT INTO meterflow.pipeline_counters AS c (generation, meter, counter, subtask, value)"
                    + " SELECT ?, d.meter, d.counter, ?, d.value FROM unnest(?::text[], ?::text[], ?::bigint[])"
                    + " AS d(meter, counter, value)"
                    + " ON CONFLICT (generation, meter, counter, subtask) DO UPDATE SET value = c.value + EXCLUDED.value";

    record Counter(String meter, String name, Long value) {}

    static final ColumnBatch<Counter> COUNTER_COLUMNS = ColumnBatch.<Counter>of()
            .text(Counter::meter)
            .text(Counter::name)
            .bigint(Counter::value);

    static final String INSERT_REJECTIONS =
            "INSERT INTO meterflow.rejected_events (generation, topic, partition, \"offset\", batch_index, meter,"
                    + " reason, detail, payload, payload_size, headers, event_id, event_source, kafka_timestamp)"
                    + " SELECT ?, d.topic, d.partition, d.off, d.batch_index, d.meter, d.reason, d.detail,"
                    + " decode(d.payload, 'hex'), d.payload_size, d.headers::jsonb, d.event_id, d.event_source,"
                    + " " + String.format(MILLIS, "d.kafka_timestamp")
                    + " FROM unnest(?::text[], ?::int[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[],"
                    + " ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
                    + " AS d(topic, partition, off, batch_index, meter, reason, detail, payload, payload_size, headers,"
                    + " event_id, event_source, kafka_timestamp)"
                    + " ON CONFLICT DO NOTHING";

    /** In the order of INSERT_REJECTIONS' unnest; text sanitised, the payload as hex. */
    static final ColumnBatch<RejectedEvent> REJECTION_COLUMNS = ColumnBatch.<RejectedEvent>of()
            .text(r -> r.topic == null ? "" : text(r.topic))
            .int4(r -> r.partition)
            .int8(r -> r.offset)
            .int4(r -> r.batchIndex)
            .text(r -> r.meter == null ? "" : text(r.meter))
            .text(r -> r.reason == null ? "UNKNOWN" : text(r.reason))
            .text(r -> text(r.detail))
            .text(r -> hex(r.payload))
            .int4(r -> r.payload == null && r.payloadSize == 0 ? null : r.payloadSize)
            .text(r -> headersJson(r.headersJson))
            .text(r -> text(r.eventId))
            .text(r -> text(r.eventSource))
            .int8(r -> r.kafkaTimestamp);

    /**
     * A notification's id is a digest of the crossing it reports, so one replayed after a crash or a
     * rebuild finds its row and changes nothing: the first recorded stays, as its webhook was sent.
     */
    static final String INSERT_NOTIFICATIONS =
            "INSERT INTO meterflow.notifications (id, rule, type, meter, subject, period_start, period_end, threshold,"
                    + " threshold_value, limit_value, usage, event_time, event_id, payload)"
                    + " SELECT d.id, d.rule, d.type, d.meter, d.subject, " + String.format(MILLIS, "d.period_start") + ", "
                    + String.format(MILLIS, "d.period_end") + ", d.threshold, d.threshold_value::numeric,"
                    + " d.limit_value::numeric, d.usage::numeric,"
                    + " CASE WHEN d.event_time IS NULL THEN NULL ELSE " + String.format(MILLIS, "d.event_time") + " END,"
                    + " d.event_id, d.payload::jsonb"
                    + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],"
                    + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])"
                    + " AS d(id, rule, type, meter, subject, period_start, period_end, threshold, threshold_value,"
                    + " limit_value, usage, event_time, event_id, payload)"
                    + " ORDER BY d.id"
                    + " ON CONFLICT (id) DO NOTHING";

    static final ColumnBatch<Notification> NOTIFICATION_COLUMNS = ColumnBatch.<Notification>of()
            .text(Notification::id)
            .text(n -> text(n.data().rule()))
            .text(Notification::type)
            .text(n -> text(n.data().meter()))
            .text(n -> text(n.data().subject()))
            .bigint(n -> n.data().periodStart().toEpochMilli())
            .bigint(n -> n.data().periodEnd().toEpochMilli())
            .text(n -> text(n.data().threshold()))
            .text(n -> decimal(n.data().thresholdValue()))
            .text(n -> decimal(n.data().limit()))
            .text(n -> decimal(n.data().usage()))
            .bigint(n -> n.data().eventTime() == null ? null : n.data().eventTime().toEpochMilli())
            .text(n -> text(n.data().eventId()))
            .text(n -> json(n.toJson()));

    private static final Comparator<RejectedEvent> REJECTION_ORDER =
            Comparator.comparing((RejectedEvent r) -> r.topic == null ? "" : r.topic)
                    .thenComparingInt(r -> r.partition)
                    .thenComparingLong(r -> r.offset)
                    .thenComparingInt(r -> r.batchIndex)
                    .thenComparing(r -> r.meter == null ? "" : r.meter);

    private CommitStatements() {}

    /** The value columns' merge of a delta (EXCLUDED) into a stored row (w). */
    private static String mergeValues() {
        return " event_count = w.event_count + EXCLUDED.event_count,"
                + " value_sum = CASE WHEN w.value_sum IS NULL THEN EXCLUDED.value_sum"
                + "   WHEN EXCLUDED.value_sum IS NULL THEN w.value_sum ELSE w.value_sum + EXCLUDED.value_sum END,"
                + " value_min = least(w.value_min, EXCLUDED.value_min),"
                + " value_max = greatest(w.value_max, EXCLUDED.value_max),"
                + " latest_time = CASE WHEN " + later() + " THEN EXCLUDED.latest_time ELSE w.latest_time END,"
                + " latest_digest = CASE WHEN " + later() + " THEN EXCLUDED.latest_digest ELSE w.latest_digest END,"
                + " latest_value = CASE WHEN " + later() + " THEN EXCLUDED.latest_value ELSE w.latest_value END";
    }

    private static String latestOrder() {
        return " ORDER BY d.latest_time DESC, decode(d.latest_digest, 'hex') DESC) FILTER (WHERE d.latest_value IS NOT NULL)";
    }

    private static String later() {
        return "(EXCLUDED.latest_value IS NOT NULL AND (w.latest_value IS NULL"
                + " OR (EXCLUDED.latest_time, EXCLUDED.latest_digest) > (w.latest_time, w.latest_digest)))";
    }

    /** Window deltas in key order (the map is sorted). */
    static void upsertWindows(Connection conn, int generation, SortedMap<WindowKey, WindowDelta> windows)
            throws SQLException {
        if (windows.isEmpty()) {
            return;
        }
        List<Map.Entry<WindowKey, WindowDelta>> rows = new ArrayList<>(windows.entrySet());
        try (PreparedStatement ps = conn.prepareStatement(UPSERT_WINDOWS)) {
            for (List<Map.Entry<WindowKey, WindowDelta>> chunk : ColumnBatch.chunks(rows, CHUNK)) {
                ps.setInt(1, generation);
                WINDOW_COLUMNS.bind(conn, ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Per MINUTE meter of the generation, the end (epoch millis) of its sealed hours: the deltas
     * before it also go into usage_hours. The commit holds the generation's owner row in share mode,
     * which sealing waits for, so this stays true until the commit ends.
     */
    static Map<String, Long> sealedHours(Connection conn, int generation) throws SQLException {
        Map<String, Long> sealed = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT meter, (extract(epoch FROM sealed_until) * 1000)::bigint"
                + " FROM meterflow.usage_hours_sealed WHERE generation = ? AND sealed_until > '-infinity'")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sealed.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return sealed;
    }

    /** The deltas of sealed hours, merged into usage_hours (usually none: the live hours are not sealed). */
    static void upsertSealedHours(Connection conn, int generation, SortedMap<WindowKey, WindowDelta> windows,
            Map<String, Long> sealed) throws SQLException {
        if (sealed.isEmpty()) {
            return;
        }
        List<Map.Entry<WindowKey, WindowDelta>> rows = new ArrayList<>();
        for (Map.Entry<WindowKey, WindowDelta> e : windows.entrySet()) {
            Long until = sealed.get(e.getKey().meter());
            if (until != null && e.getKey().windowStart() < until) {
                rows.add(e);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(UPSERT_HOURS)) {
            for (List<Map.Entry<WindowKey, WindowDelta>> chunk : ColumnBatch.chunks(rows, CHUNK)) {
                ps.setInt(1, generation);
                WINDOW_COLUMNS.bind(conn, ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }

    static void insertUniqueValues(Connection conn, int generation, SortedMap<WindowKey, WindowDelta> windows)
            throws SQLException {
        List<UniqueValue> rows = new ArrayList<>();
        for (Map.Entry<WindowKey, WindowDelta> e : windows.entrySet()) {
            for (String v : e.getValue().uniqueValues()) { // sorted: rows go in key order
                rows.add(new UniqueValue(e.getKey(), v));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(INSERT_UNIQUE_VALUES)) {
            for (List<UniqueValue> chunk : ColumnBatch.chunks(rows, CHUNK)) {
                ps.setInt(1, generation);
                UNIQUE_VALUE_COLUMNS.bind(conn, ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }

    /** Non-zero counters only; one statement (a commit has a few per meter). */
    static void addCounters(Connection conn, CommitId id, SortedMap<String, SortedMap<CounterName, Long>> counters)
            throws SQLException {
        List<Counter> rows = new ArrayList<>();
        for (Map.Entry<String, SortedMap<CounterName, Long>> m : counters.entrySet()) {
            for (Map.Entry<CounterName, Long> c : m.getValue().entrySet()) {
                if (c.getValue() != null && c.getValue() != 0) {
                    rows.add(new Counter(m.getKey() == null ? "" : text(m.getKey()), c.getKey().sqlName(), c.getValue()));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(ADD_COUNTERS)) {
            ps.setInt(1, id.generation());
            ps.setInt(2, id.subtask());
            COUNTER_COLUMNS.bind(conn, ps, 3, rows);
            ps.executeUpdate();
        }
    }

    static void insertNotifications(Connection conn, List<Notification> notifications) throws SQLException {
        if (notifications.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(INSERT_NOTIFICATIONS)) {
            for (List<Notification> chunk : ColumnBatch.chunks(notifications, CHUNK)) {
                NOTIFICATION_COLUMNS.bind(conn, ps, 1, chunk);
                ps.executeUpdate();
            }
        }
    }

    /** Rejections sorted by their identity (topic, partition, offset, batch index, meter). */
    static void insertRejections(Connection conn, int generation, List<RejectedEvent> rejections)
            throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        List<RejectedEvent> rows = new ArrayList<>(rejections);
        rows.sort(REJECTION_ORDER);
        try (PreparedStatement ps = conn.prepareStatement(INSERT_REJECTIONS)) {
            for (List<RejectedEvent> chunk : ColumnBatch.chunks(rows, CHUNK)) {
                ps.setInt(1, generation);
                REJECTION_COLUMNS.bind(conn, ps, 2, chunk);
                ps.executeUpdate();
            }
        }
    }
}
