package io.meterflow.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.event.RejectedEvent;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committer's view of PostgreSQL: applies committables exactly once behind the commit fence,
 * keeps {@code meterflow.meters} in sync, and guards against stale state (guarantee 4).
 *
 * <p>Every statement is a fixed SQL text; all values (event content included) travel as bind
 * parameters, window rows as parallel arrays unnested server-side (one multi-row upsert per chunk).
 *
 * <p>Not thread-safe: one store per committer. Opens its connection lazily and reconnects after a
 * broken connection.
 */
public final class PostgresUsageStore implements UsageStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageStore.class);

    /** Rows per multi-row statement: bounded parameter arrays, few round trips. */
    static final int CHUNK = 2000;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JSON {@code \u0000} escape that is not itself an escaped backslash: PostgreSQL text and jsonb refuse NUL. */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private static final String INSERT_FENCE =
            "INSERT INTO meterflow.commit_fence (generation, lineage, restored_checkpoint, sequence, subtask)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** Millisecond instants arrive as bigint: exact integer arithmetic, no string parsing. */
    private static final String MILLIS = "timestamptz 'epoch' + %s * interval '1 millisecond'";

    /**
     * Merges deltas into window rows: count and sums add, min/max least/greatest, LATEST keeps the
     * greatest (latest_time, latest_digest), late counters add. Keys are unique within a statement.
     */
    private static final String UPSERT_WINDOWS =
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
                    + " event_count = w.event_count + EXCLUDED.event_count,"
                    + " value_sum = CASE WHEN w.value_sum IS NULL THEN EXCLUDED.value_sum"
                    + "   WHEN EXCLUDED.value_sum IS NULL THEN w.value_sum ELSE w.value_sum + EXCLUDED.value_sum END,"
                    + " value_min = least(w.value_min, EXCLUDED.value_min),"
                    + " value_max = greatest(w.value_max, EXCLUDED.value_max),"
                    + " latest_time = CASE WHEN " + later() + " THEN EXCLUDED.latest_time ELSE w.latest_time END,"
                    + " latest_digest = CASE WHEN " + later() + " THEN EXCLUDED.latest_digest ELSE w.latest_digest END,"
                    + " latest_value = CASE WHEN " + later() + " THEN EXCLUDED.latest_value ELSE w.latest_value END,"
                    + " late_event_count = w.late_event_count + EXCLUDED.late_event_count,"
                    + " late_value_sum = CASE WHEN w.late_value_sum IS NULL THEN EXCLUDED.late_value_sum"
                    + "   WHEN EXCLUDED.late_value_sum IS NULL THEN w.late_value_sum"
                    + "   ELSE w.late_value_sum + EXCLUDED.late_value_sum END,"
                    + " last_committed_at = now()";

    private static final String INSERT_UNIQUE_VALUES =
            "INSERT INTO meterflow.usage_unique_values (generation, meter, subject, group_values, window_start, value)"
                    + " SELECT ?, d.meter, d.subject, d.group_values::jsonb, " + String.format(MILLIS, "d.window_start")
                    + ", d.value FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY"
                    + " AS d(meter, subject, group_values, window_start, value, n) ORDER BY d.n"
                    + " ON CONFLICT DO NOTHING";

    private static final String ADD_COUNTERS =
            "INSERT INTO meterflow.pipeline_counters AS c (generation, meter, counter, subtask, value)"
                    + " SELECT ?, d.meter, d.counter, ?, d.value FROM unnest(?::text[], ?::text[], ?::bigint[])"
                    + " AS d(meter, counter, value)"
                    + " ON CONFLICT (generation, meter, counter, subtask) DO UPDATE SET value = c.value + EXCLUDED.value";

    private static final String INSERT_REJECTIONS =
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

    private final PostgresConnectionSettings settings;
    private Connection connection;

    public PostgresUsageStore(PostgresConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    private static String later() {
        return "(EXCLUDED.latest_value IS NOT NULL AND (w.latest_value IS NULL"
                + " OR (EXCLUDED.latest_time, EXCLUDED.latest_digest) > (w.latest_time, w.latest_digest)))";
    }

    // ---------------------------------------------------------------------------------------------
    // Commits
    // ---------------------------------------------------------------------------------------------

    /**
     * Applies the committable in ONE transaction: the fence row first (already there: roll back and
     * return false), then window deltas (sorted by key), unique values, counters and rejections.
     * A broken connection is reopened and the whole transaction tried once more; the fence makes
     * that safe even when the first commit's outcome is unknown.
     *
     * @return true when applied now, false when its fence row shows it was applied before
     */
    @Override
    public boolean apply(UsageCommittable c, String committerJobId) throws SQLException {
        try {
            return applyOnce(c, committerJobId);
        } catch (SQLException e) {
            if (!isConnectionFailure(e)) {
                throw e;
            }
            LOG.warn("PostgreSQL connection lost while applying {} ({}); reconnecting and retrying once",
                    c.id(), e.getMessage());
            return applyOnce(c, committerJobId);
        }
    }

    private boolean applyOnce(UsageCommittable c, String committerJobId) throws SQLException {
        CommitId id = c.id();
        Connection conn = connection();
        try {
            checkOwner(conn, c, committerJobId);
            if (!insertFence(conn, id)) {
                conn.rollback();
                return false;
            }
            checkRequired(conn, c);
            // Keys hold neither NUL nor lone surrogates: the decoder and the meters reject them.
            SortedMap<WindowKey, WindowDelta> windows = c.windows();
            upsertWindows(conn, id.generation(), windows);
            insertUniqueValues(conn, id.generation(), windows);
            addCounters(conn, id, c.counters());
            insertRejections(conn, id.generation(), c.rejections());
            conn.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * Zombie fencing: a committable this job prepared commits only while the job owns the generation.
     * The share lock orders commits against a claim (which takes the row for update), so no commit
     * of the old owner lands after another job took over.
     */
    private static void checkOwner(Connection conn, UsageCommittable c, String committerJobId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT job_id, claimed_at FROM meterflow.pipeline_owner WHERE generation = ? FOR SHARE")) {
            ps.setInt(1, c.id().generation());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || c.jobId().isEmpty() || !c.jobId().equals(committerJobId)) {
                    return; // restored from an earlier job's state: its fence row keeps it once, whoever owns
                }
                String owner = rs.getString(1);
                if (!owner.isEmpty() && !owner.equals(committerJobId)) {
                    throw new FencedOutException("meterflow job " + committerJobId + " no longer owns generation "
                            + c.id().generation() + ": Flink job " + owner + " took it over at "
                            + rs.getTimestamp(2).toInstant() + " (a second job started from the same checkpoint or"
                            + " savepoint, or a replay or resubmission while this job ran). This job stops without"
                            + " committing " + c.id() + "; the new owner counts those events. If job " + owner
                            + " is not meant to run, stop it and resume from the latest checkpoint.");
                }
            }
        }
    }

    /**
     * The committable before this one (same writer, or the restored state's last) must be in the
     * fence: if it is not, PostgreSQL lost commits that the state counts as applied. A later commit of
     * the lineage stands for it too (pruning keeps a row only while no later one exists); rows of
     * this committable's own epoch do not, they may have landed after the loss.
     */
    private static void checkRequired(Connection conn, UsageCommittable c) throws SQLException {
        CommitPosition req = c.requires();
        if (req == null) {
            return;
        }
        CommitId id = c.id();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM meterflow.commit_fence WHERE generation = ? AND lineage = ? AND ("
                        + " (restored_checkpoint, sequence, subtask) = (?, ?, ?)"
                        + " OR ((restored_checkpoint, sequence) > (?, ?) AND (restored_checkpoint, sequence) <> (?, ?)))"
                        + " LIMIT 1")) {
            int p = 1;
            ps.setInt(p++, id.generation());
            ps.setString(p++, id.lineage());
            ps.setLong(p++, req.restoredCheckpoint());
            ps.setLong(p++, req.sequence());
            ps.setInt(p++, req.subtask());
            ps.setLong(p++, req.restoredCheckpoint());
            ps.setLong(p++, req.sequence());
            ps.setLong(p++, id.restoredCheckpoint());
            ps.setLong(p, id.sequence());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PostgresBehindStateException("PostgreSQL is older than the job's state: commit " + req
                            + " of pipeline lineage " + id.lineage() + " in generation " + id.generation()
                            + ", which the job's state counts as applied, is missing from meterflow.commit_fence"
                            + " (PostgreSQL was restored to an earlier point: a failover to an asynchronous standby,"
                            + " or a point-in-time restore). Usage it held is lost and the dedupe state would keep a"
                            + " replay from counting it again. Run `meterflow rebuild` to recompute usage into a new"
                            + " generation from Kafka, or restore the job from a checkpoint older than PostgreSQL's"
                            + " state (`meterflow run --from-checkpoint`).");
                }
            }
        }
    }

    private static boolean insertFence(Connection conn, CommitId id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(INSERT_FENCE)) {
            ps.setInt(1, id.generation());
            ps.setString(2, id.lineage());
            ps.setLong(3, id.restoredCheckpoint());
            ps.setLong(4, id.sequence());
            ps.setInt(5, id.subtask());
            return ps.executeUpdate() == 1;
        }
    }

    private static void upsertWindows(Connection conn, int generation, SortedMap<WindowKey, WindowDelta> windows)
            throws SQLException {
        if (windows.isEmpty()) {
            return;
        }
        List<Map.Entry<WindowKey, WindowDelta>> rows = new ArrayList<>(windows.entrySet());
        try (PreparedStatement ps = conn.prepareStatement(UPSERT_WINDOWS)) {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<Map.Entry<WindowKey, WindowDelta>> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                int n = chunk.size();
                String[] meter = new String[n];
                String[] subject = new String[n];
                String[] groups = new String[n];
                Long[] start = new Long[n];
                Long[] end = new Long[n];
                Long[] count = new Long[n];
                String[] sum = new String[n];
                String[] min = new String[n];
                String[] max = new String[n];
                Long[] latestTime = new Long[n];
                String[] latestDigest = new String[n];
                String[] latestValue = new String[n];
                Long[] lateCount = new Long[n];
                String[] lateSum = new String[n];
                for (int i = 0; i < n; i++) {
                    WindowKey k = chunk.get(i).getKey();
                    WindowDelta d = chunk.get(i).getValue();
                    meter[i] = k.meter();
                    subject[i] = k.subject();
                    groups[i] = k.groupValues();
                    start[i] = k.windowStart();
                    end[i] = d.windowEnd();
                    count[i] = d.eventCount();
                    sum[i] = decimal(d.sum());
                    min[i] = decimal(d.min());
                    max[i] = decimal(d.max());
                    if (d.latestValue() != null) {
                        latestTime[i] = d.latestTime();
                        latestDigest[i] = digestHex(d.latestDigestHi(), d.latestDigestLo());
                        latestValue[i] = decimal(d.latestValue());
                    }
                    lateCount[i] = d.lateEventCount();
                    lateSum[i] = decimal(d.lateSum());
                }
                int p = 1;
                ps.setInt(p++, generation);
                ps.setArray(p++, conn.createArrayOf("text", meter));
                ps.setArray(p++, conn.createArrayOf("text", subject));
                ps.setArray(p++, conn.createArrayOf("text", groups));
                ps.setArray(p++, conn.createArrayOf("bigint", start));
                ps.setArray(p++, conn.createArrayOf("bigint", end));
                ps.setArray(p++, conn.createArrayOf("bigint", count));
                ps.setArray(p++, conn.createArrayOf("text", sum));
                ps.setArray(p++, conn.createArrayOf("text", min));
                ps.setArray(p++, conn.createArrayOf("text", max));
                ps.setArray(p++, conn.createArrayOf("bigint", latestTime));
                ps.setArray(p++, conn.createArrayOf("text", latestDigest));
                ps.setArray(p++, conn.createArrayOf("text", latestValue));
                ps.setArray(p++, conn.createArrayOf("bigint", lateCount));
                ps.setArray(p, conn.createArrayOf("text", lateSum));
                ps.executeUpdate();
            }
        }
    }

    private static void insertUniqueValues(Connection conn, int generation, SortedMap<WindowKey, WindowDelta> windows)
            throws SQLException {
        List<String[]> rows = new ArrayList<>(); // meter, subject, groups, value; start kept aside
        List<Long> starts = new ArrayList<>();
        for (Map.Entry<WindowKey, WindowDelta> e : windows.entrySet()) {
            WindowKey k = e.getKey();
            for (String v : e.getValue().uniqueValues()) { // sorted: rows go in key order
                rows.add(new String[] {k.meter(), k.subject(), k.groupValues(), v});
                starts.add(k.windowStart());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(INSERT_UNIQUE_VALUES)) {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                int n = Math.min(rows.size(), from + CHUNK) - from;
                String[] meter = new String[n];
                String[] subject = new String[n];
                String[] groups = new String[n];
                Long[] start = new Long[n];
                String[] value = new String[n];
                for (int i = 0; i < n; i++) {
                    String[] r = rows.get(from + i);
                    meter[i] = r[0];
                    subject[i] = r[1];
                    groups[i] = r[2];
                    value[i] = r[3];
                    start[i] = starts.get(from + i);
                }
                ps.setInt(1, generation);
                ps.setArray(2, conn.createArrayOf("text", meter));
                ps.setArray(3, conn.createArrayOf("text", subject));
                ps.setArray(4, conn.createArrayOf("text", groups));
                ps.setArray(5, conn.createArrayOf("bigint", start));
                ps.setArray(6, conn.createArrayOf("text", value));
                ps.executeUpdate();
            }
        }
    }

    private static void addCounters(Connection conn, CommitId id, SortedMap<String, SortedMap<CounterName, Long>> counters)
            throws SQLException {
        List<String> meters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (Map.Entry<String, SortedMap<CounterName, Long>> m : counters.entrySet()) {
            for (Map.Entry<CounterName, Long> c : m.getValue().entrySet()) {
                if (c.getValue() != null && c.getValue() != 0) {
                    meters.add(m.getKey() == null ? "" : text(m.getKey()));
                    names.add(c.getKey().sqlName());
                    values.add(c.getValue());
                }
            }
        }
        if (meters.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(ADD_COUNTERS)) {
            ps.setInt(1, id.generation());
            ps.setInt(2, id.subtask());
            ps.setArray(3, conn.createArrayOf("text", meters.toArray(new String[0])));
            ps.setArray(4, conn.createArrayOf("text", names.toArray(new String[0])));
            ps.setArray(5, conn.createArrayOf("bigint", values.toArray(new Long[0])));
            ps.executeUpdate();
        }
    }

    private static final Comparator<RejectedEvent> REJECTION_ORDER =
            Comparator.comparing((RejectedEvent r) -> r.topic == null ? "" : r.topic)
                    .thenComparingInt(r -> r.partition)
                    .thenComparingLong(r -> r.offset)
                    .thenComparingInt(r -> r.batchIndex)
                    .thenComparing(r -> r.meter == null ? "" : r.meter);

    private static void insertRejections(Connection conn, int generation, List<RejectedEvent> rejections)
            throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        List<RejectedEvent> rows = new ArrayList<>(rejections);
        rows.sort(REJECTION_ORDER);
        try (PreparedStatement ps = conn.prepareStatement(INSERT_REJECTIONS)) {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                int n = Math.min(rows.size(), from + CHUNK) - from;
                String[] topic = new String[n];
                Integer[] partition = new Integer[n];
                Long[] offset = new Long[n];
                Integer[] batchIndex = new Integer[n];
                String[] meter = new String[n];
                String[] reason = new String[n];
                String[] detail = new String[n];
                String[] payload = new String[n];
                Integer[] payloadSize = new Integer[n];
                String[] headers = new String[n];
                String[] eventId = new String[n];
                String[] eventSource = new String[n];
                Long[] kafkaTimestamp = new Long[n];
                for (int i = 0; i < n; i++) {
                    RejectedEvent r = rows.get(from + i);
                    topic[i] = r.topic == null ? "" : text(r.topic);
                    partition[i] = r.partition;
                    offset[i] = r.offset;
                    batchIndex[i] = r.batchIndex;
                    meter[i] = r.meter == null ? "" : text(r.meter);
                    reason[i] = r.reason == null ? "UNKNOWN" : text(r.reason);
                    detail[i] = text(r.detail);
                    payload[i] = r.payload == null ? null : hex(r.payload);
                    payloadSize[i] = r.payload == null && r.payloadSize == 0 ? null : r.payloadSize;
                    headers[i] = headersJson(r.headersJson);
                    eventId[i] = text(r.eventId);
                    eventSource[i] = text(r.eventSource);
                    kafkaTimestamp[i] = r.kafkaTimestamp;
                }
                int p = 1;
                ps.setInt(p++, generation);
                ps.setArray(p++, conn.createArrayOf("text", topic));
                ps.setArray(p++, conn.createArrayOf("int4", partition));
                ps.setArray(p++, conn.createArrayOf("int8", offset));
                ps.setArray(p++, conn.createArrayOf("int4", batchIndex));
                ps.setArray(p++, conn.createArrayOf("text", meter));
                ps.setArray(p++, conn.createArrayOf("text", reason));
                ps.setArray(p++, conn.createArrayOf("text", detail));
                ps.setArray(p++, conn.createArrayOf("text", payload));
                ps.setArray(p++, conn.createArrayOf("int4", payloadSize));
                ps.setArray(p++, conn.createArrayOf("text", headers));
                ps.setArray(p++, conn.createArrayOf("text", eventId));
                ps.setArray(p++, conn.createArrayOf("text", eventSource));
                ps.setArray(p, conn.createArrayOf("int8", kafkaTimestamp));
                ps.executeUpdate();
            }
        }
    }

    /** Whether the committable with this id was applied (its fence row exists; pruned rows read false). */
    public boolean isApplied(CommitId id) throws SQLException {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT 1 FROM meterflow.commit_fence WHERE generation = ? AND lineage = ?"
                            + " AND restored_checkpoint = ? AND sequence = ? AND subtask = ?")) {
                ps.setInt(1, id.generation());
                ps.setString(2, id.lineage());
                ps.setLong(3, id.restoredCheckpoint());
                ps.setLong(4, id.sequence());
                ps.setInt(5, id.subtask());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Meters, generations, interlock, pruning
    // ---------------------------------------------------------------------------------------------

    /**
     * Records the meters of {@code generation} for query_usage (insert or update; meters no longer
     * configured stay, their rows remain queryable). Creates the generation row if it is missing.
     *
     * @throws IllegalStateException naming every meter whose aggregation or window size differs from
     *     what this generation stores (its rows would be misread); nothing is changed then
     */
    public void syncMeters(int generation, List<MeterSchema> meters) throws SQLException {
        Connection conn = connection();
        try {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO meterflow.generations (generation, note) VALUES (?, 'created by the meterflow job')"
                            + " ON CONFLICT DO NOTHING")) {
                ps.setInt(1, generation);
                ps.executeUpdate();
            }
            Map<String, String[]> stored = new LinkedHashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT slug, aggregation, window_size FROM meterflow.meters WHERE generation = ?"
                            + " ORDER BY slug FOR UPDATE")) {
                ps.setInt(1, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
            }
            List<String> conflicts = new ArrayList<>();
            for (MeterSchema m : meters) {
                String[] s = stored.get(m.slug());
                if (s != null && (!s[0].equals(m.aggregation().name()) || !s[1].equals(m.windowSize().name()))) {
                    conflicts.add("meter '" + m.slug() + "' is stored as " + s[0] + " per " + s[1]
                            + " but configured as " + m.aggregation() + " per " + m.windowSize());
                }
            }
            if (!conflicts.isEmpty()) {
                throw new IllegalStateException("Meter definitions changed for generation " + generation + ": "
                        + String.join("; ", conflicts) + ". Stored rows would be misread: restore the old"
                        + " definition, use a new meter slug, or run `meterflow rebuild` to recompute into a new"
                        + " generation.");
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO meterflow.meters AS m (generation, slug, event_type, aggregation, window_size,"
                            + " group_by, value_property, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now())"
                            + " ON CONFLICT (generation, slug) DO UPDATE SET event_type = EXCLUDED.event_type,"
                            + " group_by = EXCLUDED.group_by, value_property = EXCLUDED.value_property,"
                            + " updated_at = now()"
                            + " WHERE (m.event_type, m.group_by, m.value_property)"
                            + " IS DISTINCT FROM (EXCLUDED.event_type, EXCLUDED.group_by, EXCLUDED.value_property)")) {
                for (MeterSchema m : meters) {
                    ps.setInt(1, generation);
                    ps.setString(2, m.slug());
                    ps.setString(3, m.eventType());
                    ps.setString(4, m.aggregation().name());
                    ps.setString(5, m.windowSize().name());
                    ps.setArray(6, conn.createArrayOf("text", m.groupBy().toArray(new String[0])));
                    ps.setString(7, m.valueProperty());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /**
     * Takes or joins ownership of the claim's generation (guarantees 4 and 8), deciding with
     * {@link OwnershipClaim#decide} on facts read under the owner row's lock: claims are serialized,
     * and a claim waits for commits in flight (they hold the row in share mode).
     */
    @Override
    public void claim(OwnershipClaim claim) throws SQLException {
        Connection conn = connection();
        try {
            int g = claim.generation();
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO meterflow.pipeline_owner (generation, lineage, job_id, epoch, restored_checkpoint)"
                            + " VALUES (?, '', '', 0, 0) ON CONFLICT DO NOTHING")) {
                ps.setInt(1, g);
                ps.executeUpdate();
            }
            OwnershipClaim.Owner owner;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT o.lineage, o.job_id, o.epoch, o.claimed_at,"
                            + " (SELECT max(f.committed_at) FROM meterflow.commit_fence f"
                            + "  WHERE f.generation = o.generation AND f.lineage = o.lineage)"
                            + " FROM meterflow.pipeline_owner o WHERE o.generation = ? FOR UPDATE OF o")) {
                ps.setInt(1, g);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Timestamp last = rs.getTimestamp(5);
                    owner = new OwnershipClaim.Owner(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), last == null ? null : last.toInstant());
                }
            }
            OwnershipClaim.Outcome outcome;
            try {
                outcome = claim.decide(owner, facts(conn, claim));
            } catch (StaleStateException refused) {
                conn.rollback();
                throw refused;
            }
            if (outcome == OwnershipClaim.Outcome.TAKE_OVER) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE meterflow.pipeline_owner SET lineage = ?, job_id = ?, epoch = epoch + 1,"
                                + " restored_checkpoint = ?, claimed_at = now() WHERE generation = ?")) {
                    ps.setString(1, claim.lineage());
                    ps.setString(2, claim.jobId());
                    ps.setLong(3, claim.restoredCheckpoint());
                    ps.setInt(4, g);
                    ps.executeUpdate();
                }
                LOG.info("Flink job {} owns generation {} now (lineage {}, previous owner {})", claim.jobId(), g,
                        claim.lineage(), owner.jobId().isEmpty() ? "none" : owner.jobId());
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    private static OwnershipClaim.Facts facts(Connection conn, OwnershipClaim claim) throws SQLException {
        int g = claim.generation();
        CommitPosition newer = null;
        String anyLineage = null;
        java.time.Instant anyAt = null;
        Integer otherGeneration = null;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT restored_checkpoint, sequence, subtask FROM meterflow.commit_fence"
                        + " WHERE generation = ? AND lineage = ? AND (restored_checkpoint, sequence) > (?, ?)"
                        + " ORDER BY restored_checkpoint DESC, sequence DESC LIMIT 1")) {
            ps.setInt(1, g);
            ps.setString(2, claim.lineage());
            ps.setLong(3, claim.coveredRestore());
            ps.setLong(4, claim.coveredSequence());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    newer = new CommitPosition(rs.getLong(1), rs.getLong(2), rs.getInt(3));
                }
            }
        }
        if (claim.fresh()) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT lineage, max(committed_at) AS last FROM meterflow.commit_fence"
                            + " WHERE generation = ? GROUP BY lineage ORDER BY last DESC LIMIT 1")) {
                ps.setInt(1, g);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        anyLineage = rs.getString(1);
                        anyAt = rs.getTimestamp(2).toInstant();
                    }
                }
            }
        } else {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT generation FROM meterflow.commit_fence WHERE lineage = ? AND generation <> ? LIMIT 1")) {
                ps.setString(1, claim.lineage());
                ps.setInt(2, g);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        otherGeneration = rs.getInt(1);
                    }
                }
            }
        }
        return new OwnershipClaim.Facts(newer, anyLineage, anyAt, otherGeneration);
    }

    @Override
    public String awaitOwnerLineage(int generation, String jobId, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String lineage = read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT lineage FROM meterflow.pipeline_owner WHERE generation = ?")) {
                    ps.setInt(1, generation);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : "";
                    }
                }
            });
            if (!lineage.isEmpty()) {
                return lineage;
            }
            if (System.nanoTime() > deadline) {
                throw new StaleStateException("meterflow refuses to start: job " + jobId + " was restored, but no"
                        + " subtask brought the writer state that says which pipeline lineage generation " + generation
                        + " continues (was the usage sink's state dropped from the savepoint?). Restore a checkpoint or"
                        + " savepoint of the meterflow job, or run `meterflow rebuild`.");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the owner of generation " + generation, e);
            }
        }
    }

    /**
     * The ownership claim of a job with {@code lineage} whose state covers (restoredCheckpoint,
     * sequence), (0, 0) meaning no state, by a job that never ran before: the restore interlock as
     * one call (tests, tools).
     */
    public void checkRestoredState(int generation, String lineage, long restoredCheckpoint, long sequence)
            throws SQLException {
        String job = "check-" + java.util.UUID.randomUUID();
        claim(restoredCheckpoint == 0 && sequence == 0
                ? OwnershipClaim.freshStart(generation, lineage, job)
                : OwnershipClaim.restore(generation, job, restoredCheckpoint,
                        List.of(new UsageWriterState(generation, lineage, restoredCheckpoint, sequence, null))));
    }

    /**
     * Deletes fence rows committed more than {@code retention} ago, except, per lineage and writer
     * subtask, the row with the greatest (restored_checkpoint, sequence): the interlock reads the
     * lineage's greatest, and a writer idle for longer than the retention still finds the committable
     * its next one requires (rows of other subtasks' later epochs do not stand in for it). Retention must exceed the
     * age of the oldest checkpoint or savepoint that may still be restored: its committables are
     * re-applied on restore and recognised only by their fence rows.
     */
    @Override
    public int pruneFence(int generation, Duration retention) throws SQLException {
        Connection conn = connection();
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM meterflow.commit_fence f WHERE f.generation = ?"
                        + " AND f.committed_at < now() - make_interval(secs => ?)"
                        + " AND EXISTS (SELECT 1 FROM meterflow.commit_fence n WHERE n.generation = f.generation"
                        + " AND n.lineage = f.lineage AND n.subtask = f.subtask"
                        + " AND (n.restored_checkpoint, n.sequence) > (f.restored_checkpoint, f.sequence))")) {
            ps.setInt(1, generation);
            ps.setDouble(2, retention.toMillis() / 1000.0);
            int n = ps.executeUpdate();
            conn.commit();
            return n;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    /** The generation readers see ({@code meterflow.active_generation}). */
    public int activeGeneration() throws SQLException {
        return read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT generation FROM meterflow.active_generation");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("meterflow.active_generation is empty: the schema is damaged");
                }
                return rs.getInt(1);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Connection handling
    // ---------------------------------------------------------------------------------------------

    private interface Work<T> {
        T run(Connection conn) throws SQLException;
    }

    /** Runs read-only work in its own short transaction. */
    private <T> T read(Work<T> work) throws SQLException {
        Connection conn = connection();
        try {
            T result = work.run(conn);
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection != null && connection.isClosed()) {
            connection = null;
        }
        if (connection == null) {
            Connection c = settings.open();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** Rolls back after a failure; drops the connection when it is broken so the next call reconnects. */
    private void rollbackAfter(Exception failure) {
        if (connection == null) {
            return;
        }
        boolean broken = failure instanceof SQLException && isConnectionFailure((SQLException) failure);
        if (!broken) {
            try {
                connection.rollback();
                return;
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        closeQuietly(connection);
        connection = null;
    }

    /** Connection exceptions (08xxx) and server shutdown (57P01..57P03): worth a new connection. */
    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing anyway
            }
            closeQuietly(connection);
            connection = null;
        }
    }

    @Override
    public String toString() {
        return "PostgresUsageStore{" + settings + "}";
    }

    // ---------------------------------------------------------------------------------------------
    // Values
    // ---------------------------------------------------------------------------------------------

    private static String decimal(BigDecimal d) {
        return d == null ? null : d.toString(); // PostgreSQL numeric reads 1E+3 too; exact either way
    }

    /** 16 bytes big-endian, hi then lo: bytea order equals unsigned 128-bit order. */
    static String digestHex(long hi, long lo) {
        return String.format("%016x%016x", hi, lo);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\u0000') >= 0;
    }

    /** PostgreSQL text cannot hold NUL: it becomes U+FFFD. */
    static String text(String s) {
        return hasNul(s) ? s.replace('\u0000', '\uFFFD') : s;
    }

    /** JSON text with {@code \u0000} escapes turned into {@code \ufffd} (jsonb refuses NUL). */
    static String json(String s) {
        return s == null || !s.contains("\\u0000") ? s : JSON_NUL.matcher(s).replaceAll("$1\\\\ufffd");
    }

    /** Kafka headers as a jsonb-safe JSON object; anything unparsable is kept as text under "_unparsed". */
    static String headersJson(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(s);
            if (n != null && n.isObject()) {
                return json(text(JSON.writeValueAsString(n)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // fall through: keep the text
        }
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("_unparsed", text(s));
        try {
            return json(JSON.writeValueAsString(wrapper));
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
