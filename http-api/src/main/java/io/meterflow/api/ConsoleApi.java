package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.meter.MeterDefinition;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only routes the console needs and the OpenMeter contract has no place for: pipeline health
 * (counters, last commit, consumer lag) and rejected events with their Kafka coordinates. Scope read,
 * through the API's own key check; documented in openapi.yaml like every route.
 */
final class ConsoleApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
    static final int MAX_REJECTIONS = 200;
    /** Commits stop for this many checkpoint intervals: the pipeline is stalled (the console's red state). */
    static final int STALE_INTERVALS = 3;

    private final ApiServer server;
    private final MeterflowConfig config;
    private final DataSource reader;
    private final Admin admin;

    private ConsoleApi(ApiServer server, DataSource reader, Admin admin) {
        this.server = server;
        this.config = server.config();
        this.reader = reader;
        this.admin = admin;
    }

    static void routes(Router router, ApiServer server, Admin admin) {
        if (!(server.extensions instanceof PostgresApi)) {
            return;
        }
        ConsoleApi c = new ConsoleApi(server, ((PostgresApi) server.extensions).reader, admin);
        router.get("/api/v1/pipeline").handler(c::pipeline);
        router.get("/api/v1/rejected-events").handler(c::rejections);
        router.get("/api/v1/notifications").handler(c::notifications);
    }

    // ------------------------------------------------------------------ pipeline

    /** What the pipeline page shows, from PostgreSQL's exact counters and Kafka's offsets. */
    record Health(Map<String, Long> pipeline, Map<String, Map<String, Long>> meters, Instant lastCommit, Instant now) {}

    private void pipeline(RoutingContext ctx) {
        ctx.put("route", "/api/v1/pipeline");
        server.vertx().executeBlocking(this::readHealth, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("pipeline health not read: {}", ar.cause().toString());
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable",
                        "PostgreSQL did not answer: counters and commits cannot be read; retry");
                return;
            }
            Health h = ar.result();
            server.vertx().executeBlocking(this::lag, false).onComplete(lag -> {
                ctx.response().putHeader("cache-control", "no-store");
                ApiServer.json(ctx, 200, healthJson(config, h, lag.succeeded() ? lag.result() : null,
                        lag.failed() ? lag.cause().toString() : null));
            });
        });
    }

    private Health readHealth() throws SQLException {
        Map<String, Long> pipeline = new TreeMap<>();
        Map<String, Map<String, Long>> meters = new TreeMap<>();
        Instant last = null;
        Instant now;
        try (Connection c = reader.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT meter, counter, value FROM meterflow.active_counters");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).isEmpty()) {
                        pipeline.put(rs.getString(2), rs.getLong(3));
                    } else {
                        meters.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT max(f.committed_at) FROM meterflow.commit_fence f"
                    + " JOIN meterflow.active_generation a USING (generation)), now()");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                last = t == null ? null : t.toInstant();
                now = rs.getTimestamp(2).toInstant();
            }
        }
        return new Health(pipeline, meters, last, now);
    }

    /** End offset and the job's committed offset per partition (the job commits its offsets on each checkpoint). */
    private Map<Integer, long[]> lag() throws Exception {
        String topic = config.kafka().topic();
        var desc = admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        desc.partitions().forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask).all().get(3, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.kafka().groupId())
                .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
        Map<Integer, long[]> out = new TreeMap<>();
        ends.forEach((tp, e) -> {
            OffsetAndMetadata o = committed.get(tp);
            out.put(tp.partition(), new long[] {e.offset(), o == null ? -1 : o.offset()});
        });
        return out;
    }

    static ObjectNode healthJson(MeterflowConfig config, Health h, Map<Integer, long[]> lag, String kafkaError) {
        ObjectNode n = ApiServer.JSON.createObjectNode();
        long read = h.pipeline().getOrDefault("events_read", 0L);
        long rejected = h.pipeline().getOrDefault("events_rejected", 0L);
        long unmatched = h.pipeline().getOrDefault("events_unmatched", 0L);
        long metered = h.pipeline().getOrDefault("events_metered", 0L);
        n.put("eventsRead", read);
        n.put("eventsRejected", rejected);
        n.put("eventsUnmatched", unmatched);
        n.put("eventsMetered", metered);
        n.put("balanced", read == rejected + unmatched + metered);
        ArrayNode ms = n.putArray("meters");
        for (MeterDefinition m : config.meters()) {
            Map<String, Long> c = h.meters().getOrDefault(m.slug(), Map.of());
            ms.addObject().put("slug", m.slug()).put("counted", c.getOrDefault("counted", 0L))
                    .put("duplicates", c.getOrDefault("duplicates", 0L)).put("rejected", c.getOrDefault("rejected", 0L))
                    .put("late", c.getOrDefault("late", 0L));
        }
        Duration interval = config.checkpoint().interval();
        n.put("checkpointIntervalSeconds", interval.toMillis() / 1000.0);
        n.put("now", h.now().toString());
        if (h.lastCommit() != null) {
            n.put("lastCommitAt", h.lastCommit().toString());
            n.put("lastCommitAgeSeconds", Math.max(0, Duration.between(h.lastCommit(), h.now()).toMillis()) / 1000.0);
        } else {
            n.putNull("lastCommitAt");
            n.putNull("lastCommitAgeSeconds");
        }
        // The job commits only when it has something to write: an old commit with nothing waiting is idle, not stalled.
        boolean old = stale(h.lastCommit(), h.now(), interval);
        boolean waiting = lag == null || lag.values().stream().anyMatch(o -> o[1] < 0 ? o[0] > 0 : o[0] > o[1]);
        n.put("stalled", old && waiting);
        n.put("idle", old && !waiting);
        n.put("consumerGroup", config.kafka().groupId());
        n.put("topic", config.kafka().topic());
        if (lag == null) {
            n.put("kafka", "unreachable");
            n.put("kafkaError", ApiServer.cut(kafkaError));
        } else {
            n.put("kafka", "ok");
            ArrayNode ps = n.putArray("partitions");
            new TreeMap<>(lag).forEach((p, o) -> { // by partition
                ObjectNode x = ps.addObject().put("partition", p).put("endOffset", o[0]);
                if (o[1] < 0) {
                    x.putNull("committedOffset");
                    x.put("lag", o[0]);
                } else {
                    x.put("committedOffset", o[1]);
                    x.put("lag", Math.max(0, o[0] - o[1]));
                }
            });
        }
        return n;
    }

    /** No commit yet, or none for {@link #STALE_INTERVALS} checkpoint intervals. */
    static boolean stale(Instant lastCommit, Instant now, Duration interval) {
        return lastCommit == null || Duration.between(lastCommit, now).compareTo(interval.multipliedBy(STALE_INTERVALS)) > 0;
    }

    // ------------------------------------------------------------------ rejected events

    record RejectionFilter(Instant from, Instant to, String reason, String meter, String subject, int limit) {
        static RejectionFilter of(MultiMap p, Instant now) {
            return of(p, now, "reason");
        }

        /** @param kind the name of the parameter that filters by kind ({@code reason}, or a notification's {@code type}) */
        static RejectionFilter of(MultiMap p, Instant now, String kind) {
            Set<String> names = Set.of("from", "to", kind, "meter", "subject", "limit");
            for (String name : p.names()) {
                if (!names.contains(name)) {
                    throw new UsageQuery.ParameterException(name, "unknown query parameter; known: from, to, " + kind
                            + ", meter, subject, limit");
                }
            }
            int limit;
            try {
                limit = p.get("limit") == null ? 100 : Integer.parseInt(p.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_REJECTIONS) {
                throw new UsageQuery.ParameterException("limit", "must be a whole number 1.." + MAX_REJECTIONS);
            }
            Instant from = p.get("from") == null ? now.minus(Duration.ofHours(72)) : time("from", p.get("from"));
            Instant to = p.get("to") == null ? now.plusSeconds(1) : time("to", p.get("to"));
            if (!from.isBefore(to)) {
                throw new UsageQuery.ParameterException("from", "from must be before to");
            }
            // meter= (empty) is a filter of its own: the events rejected before meter matching (meter '').
            return new RejectionFilter(from, to, blankToNull(p.get(kind)), p.get("meter"),
                    blankToNull(p.get("subject")), limit);
        }

        private static String blankToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        private static Instant time(String name, String v) {
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (java.time.DateTimeException e) {
                throw new UsageQuery.ParameterException(name, "must be an RFC 3339 date-time");
            }
        }
    }

    private void rejections(RoutingContext ctx) {
        listing(ctx, "/api/v1/rejected-events", "reason", "rejected events", this::readRejections);
    }

    /** What a listing route reads for its filter, on a worker thread. */
    @FunctionalInterface
    private interface Listing {
        ObjectNode read(RejectionFilter f) throws Exception;
    }

    /**
     * A read-only listing: the filter from the query (400 naming a bad parameter), read off the event
     * loop, 503 with Retry-After when PostgreSQL does not answer.
     */
    private void listing(RoutingContext ctx, String route, String kind, String what, Listing listing) {
        ctx.put("route", route);
        RejectionFilter f;
        try {
            f = RejectionFilter.of(ctx.queryParams(), Instant.now(), kind);
        } catch (UsageQuery.ParameterException e) {
            ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
            return;
        }
        server.vertx().executeBlocking(() -> listing.read(f), false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof UsageQuery.ParameterException) {
                    UsageQuery.ParameterException e = (UsageQuery.ParameterException) ar.cause();
                    ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
                    return;
                }
                LOG.warn("listing {} failed: {}", what, ar.cause().toString());
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", "PostgreSQL did not answer; retry");
                return;
            }
            ctx.response().putHeader("cache-control", "no-store");
            ApiServer.json(ctx, 200, ar.result());
        });
    }

    private ObjectNode readRejections(RejectionFilter f) throws Exception {
        ObjectNode out = ApiServer.JSON.createObjectNode();
        out.put("from", f.from().toString());
        out.put("to", f.to().toString());
        try (Connection c = reader.getConnection()) {
            c.setAutoCommit(false); // SET LOCAL ROLE below holds for this transaction only
            try {
                int generation;
                boolean payloads;
                try (PreparedStatement s = c.prepareStatement("SELECT generation,"
                        + " pg_has_role(session_user, 'meterflow_payload_reader', 'MEMBER')"
                        + " FROM meterflow.active_generation");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    generation = rs.getInt(1);
                    payloads = rs.getBoolean(2);
                }
                if (f.subject() != null && !payloads) {
                    throw new UsageQuery.ParameterException("subject", "filtering by subject reads the payloads: the server's"
                            + " reader login must be in meterflow_payload_reader");
                }
                if (payloads) {
                    // Raw bytes and headers are payload_reader's only: that role, and nothing wider, for this read.
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute("SET LOCAL ROLE meterflow_payload_reader");
                    }
                }
                String where = " WHERE generation = ? AND rejected_at >= ? AND rejected_at < ?"
                        + (f.meter() != null ? " AND meter = ?" : "");
                ObjectNode counts = out.putObject("countsByReason");
                try (PreparedStatement s = c.prepareStatement("SELECT reason, count(*) FROM meterflow.rejected_events" + where
                        + " GROUP BY reason ORDER BY reason")) {
                    bind(s, generation, f);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            counts.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                // Per hour (UTC) and reason, for the counts over time; at most the range's hours.
                ArrayNode hourly = out.putArray("countsOverTime");
                try (PreparedStatement s = c.prepareStatement("SELECT date_trunc('hour', rejected_at AT TIME ZONE 'UTC'), reason,"
                        + " count(*) FROM meterflow.rejected_events" + where + " GROUP BY 1, 2 ORDER BY 1, 2")) {
                    bind(s, generation, f);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ObjectNode h = hourly.addObject();
                            h.put("hour", rs.getTimestamp(1).toLocalDateTime().toInstant(java.time.ZoneOffset.UTC).toString());
                            h.put("reason", rs.getString(2));
                            h.put("count", rs.getLong(3));
                        }
                    }
                }
                ArrayNode events = out.putArray("events");
                try (PreparedStatement s = c.prepareStatement("SELECT topic, partition, \"offset\", batch_index, meter, reason,"
                        + " detail, payload_size, event_id, event_source, kafka_timestamp, rejected_at, "
                        + (payloads ? "payload, headers::text" : "NULL::bytea, NULL::text")
                        + " FROM meterflow.rejected_events" + where + (f.reason() != null ? " AND reason = ?" : "")
                        + " ORDER BY rejected_at DESC, topic, partition, \"offset\", batch_index, meter LIMIT 5000")) {
                    int i = bind(s, generation, f);
                    if (f.reason() != null) {
                        s.setString(i, f.reason());
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next() && events.size() < f.limit()) {
                            byte[] payload = rs.getBytes(13);
                            String subject = subject(payload);
                            if (f.subject() != null && !f.subject().equals(subject)) {
                                continue;
                            }
                            ObjectNode e = events.addObject();
                            e.put("topic", rs.getString(1));
                            e.put("partition", rs.getInt(2));
                            e.put("offset", rs.getLong(3));
                            e.put("batchIndex", rs.getInt(4));
                            e.put("meter", rs.getString(5));
                            e.put("reason", rs.getString(6));
                            e.put("detail", rs.getString(7));
                            e.put("payloadSize", rs.getObject(8) == null ? null : rs.getInt(8));
                            e.put("eventId", rs.getString(9));
                            e.put("eventSource", rs.getString(10));
                            e.put("subject", subject);
                            Timestamp kt = rs.getTimestamp(11);
                            e.put("kafkaTimestamp", kt == null ? null : kt.toInstant().toString());
                            e.put("rejectedAt", rs.getTimestamp(12).toInstant().toString());
                            // Text as stored (invalid UTF-8 replaced): the console shows it as text, never as HTML.
                            e.put("payload", payload == null ? null : new String(payload, StandardCharsets.UTF_8));
                            String headers = rs.getString(14);
                            if (headers == null) {
                                e.putNull("headers");
                            } else {
                                e.set("headers", ApiServer.JSON.readTree(headers));
                            }
                        }
                    }
                }
                out.put("payloadsVisible", payloads);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ notifications

    /** Notifications the job recorded, newest first, each with its webhook delivery attempts. */
    private void notifications(RoutingContext ctx) {
        listing(ctx, "/api/v1/notifications", "type", "notifications", this::readNotifications);
    }

    private ObjectNode readNotifications(RejectionFilter f) throws Exception {
        ObjectNode out = ApiServer.JSON.createObjectNode();
        out.put("from", f.from().toString());
        out.put("to", f.to().toString());
        ArrayNode list = out.putArray("notifications");
        Map<String, ObjectNode> byId = new java.util.HashMap<>();
        String where = " WHERE n.created_at >= ? AND n.created_at < ?" + (blank(f.meter()) ? "" : " AND n.meter = ?")
                + (f.subject() != null ? " AND n.subject = ?" : "") + (f.reason() != null ? " AND n.type = ?" : "");
        try (Connection c = reader.getConnection(); PreparedStatement s = c.prepareStatement("SELECT n.id, n.type, n.rule, n.meter,"
                + " n.subject, n.period_start, n.period_end, n.threshold, n.threshold_value::text, n.limit_value::text, n.usage::text,"
                + " n.event_time, n.event_id, n.created_at FROM meterflow.notifications n" + where
                + " ORDER BY n.created_at DESC, n.id LIMIT ?")) {
            int i = 1;
            s.setTimestamp(i++, Timestamp.from(f.from()));
            s.setTimestamp(i++, Timestamp.from(f.to()));
            if (!blank(f.meter())) {
                s.setString(i++, f.meter());
            }
            if (f.subject() != null) {
                s.setString(i++, f.subject());
            }
            if (f.reason() != null) {
                s.setString(i++, f.reason());
            }
            s.setInt(i, f.limit());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ObjectNode n = list.addObject();
                    n.put("id", rs.getString(1));
                    n.put("type", rs.getString(2));
                    n.put("rule", rs.getString(3));
                    n.put("meter", rs.getString(4));
                    n.put("subject", rs.getString(5));
                    n.put("periodStart", rs.getTimestamp(6).toInstant().toString());
                    n.put("periodEnd", rs.getTimestamp(7).toInstant().toString());
                    n.put("threshold", rs.getString(8));
                    n.put("thresholdValue", rs.getString(9));
                    n.put("limit", rs.getString(10));
                    n.put("usage", rs.getString(11));
                    Timestamp et = rs.getTimestamp(12);
                    n.put("eventTime", et == null ? null : et.toInstant().toString());
                    n.put("eventId", rs.getString(13));
                    n.put("createdAt", rs.getTimestamp(14).toInstant().toString());
                    n.putArray("deliveries");
                    byId.put(rs.getString(1), n);
                }
            }
            if (!byId.isEmpty()) {
                try (PreparedStatement d = c.prepareStatement("SELECT notification_id, url, attempt, attempted_at, outcome, status_code,"
                        + " error, duration_ms FROM meterflow.notification_deliveries WHERE notification_id = ANY (?)"
                        + " ORDER BY notification_id, url, attempt")) {
                    d.setArray(1, c.createArrayOf("text", byId.keySet().toArray()));
                    try (ResultSet rs = d.executeQuery()) {
                        while (rs.next()) {
                            ObjectNode a = ((ArrayNode) byId.get(rs.getString(1)).get("deliveries")).addObject();
                            a.put("url", rs.getString(2));
                            a.put("attempt", rs.getInt(3));
                            a.put("attemptedAt", rs.getTimestamp(4).toInstant().toString());
                            a.put("outcome", rs.getString(5));
                            a.put("statusCode", rs.getObject(6) == null ? null : rs.getInt(6));
                            a.put("error", rs.getString(7));
                            a.put("durationMs", rs.getLong(8));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static int bind(PreparedStatement s, int generation, RejectionFilter f) throws SQLException {
        s.setInt(1, generation);
        s.setTimestamp(2, Timestamp.from(f.from()));
        s.setTimestamp(3, Timestamp.from(f.to()));
        int i = 4;
        if (f.meter() != null) {
            s.setString(i++, f.meter());
        }
        return i;
    }

    /** The event's subject, when its payload is a JSON object that has one. */
    static String subject(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        try {
            JsonNode n = ApiServer.JSON.readTree(payload);
            return n != null && n.path("subject").isTextual() ? n.get("subject").textValue() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
