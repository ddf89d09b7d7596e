package io.meterflow.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.limit.Limit;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT/GET/DELETE /api/v1/subjects/{subject}/limits/{meter}} and
 * {@code GET /api/v1/subjects/{subject}/usage/{meter}}. Changes go through {@link LimitChanges}, the
 * implementation {@code ./meterflow limits} runs (PostgreSQL as the job's writer, then the compacted
 * limits topic); reads use the reader pool. Admin scope for changes, read scope for reads (see
 * {@link PostgresApi#neededScope}); portal tokens reach none of them.
 */
final class LimitRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LimitRoutes.class);
    static final String LIMIT = "/api/v1/subjects/{subject}/limits/{meter}";
    static final String USAGE = "/api/v1/subjects/{subject}/usage/{meter}";
    private static final Set<String> PUT_FIELDS = Set.of("limit", "period", "timeZone", "anchor", "newSubject");

    private final MeterflowConfig config;
    private final DataSource reader;
    private ApiServer server;
    private final Object lock = new Object();
    private LimitChanges changes;
    private boolean compacted;

    LimitRoutes(MeterflowConfig config, DataSource reader) {
        this.config = config;
        this.reader = reader;
    }

    void routes(Router router, ApiServer server) {
        this.server = server;
        String limit = "/api/v1/subjects/:subject/limits/:meter";
        router.put(limit).handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::put);
        router.get(limit).handler(this::get);
        router.delete(limit).handler(this::delete);
        router.get("/api/v1/subjects/:subject/usage/:meter").handler(this::usage);
    }

    // ------------------------------------------------------------------ changes

    private void put(RoutingContext ctx) {
        ctx.put("route", LIMIT);
        String meter = ctx.pathParam("meter");
        String subject = ctx.pathParam("subject");
        Limit limit;
        boolean newSubject;
        try {
            JsonNode b;
            try {
                byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
                b = ApiServer.JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body);
            } catch (java.io.IOException e) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, "body", "not valid JSON");
            }
            if (b == null || !b.isObject()) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, "body",
                        "must be a JSON object such as {\"limit\": 1000, \"period\": \"MONTH\", \"timeZone\": \"UTC\"}");
            }
            b.fieldNames().forEachRemaining(f -> {
                if (!PUT_FIELDS.contains(f)) {
                    throw new LimitChangeException(LimitChangeException.Kind.INVALID, ApiServer.cut(f),
                            "unknown field (fields: limit, period, timeZone, anchor, newSubject)");
                }
            });
            JsonNode v = b.get("limit");
            if (v == null || v.isNull()) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, "limit", "is required (a number of at least 0)");
            }
            if (!v.isNumber() && !v.isTextual()) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, "limit", "must be a number of at least 0");
            }
            JsonNode ns = b.get("newSubject");
            if (ns != null && !ns.isNull() && !ns.isBoolean()) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, "newSubject", "must be true or false");
            }
            newSubject = ns != null && ns.asBoolean(false);
            limit = LimitChanges.limit(meter, subject, v.isNumber() ? v.decimalValue().toPlainString() : v.textValue(),
                    text(b, "period"), text(b, "timeZone"), text(b, "anchor"));
        } catch (LimitChangeException e) {
            refuse(ctx, e);
            return;
        }
        server.vertx().executeBlocking(() -> {
            changes().set(limit, newSubject);
            return limit;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else {
                ApiServer.json(ctx, 200, json(ar.result(), "subject"));
            }
        });
    }

    private void delete(RoutingContext ctx) {
        ctx.put("route", LIMIT);
        String meter = ctx.pathParam("meter");
        String subject = ctx.pathParam("subject");
        server.vertx().executeBlocking(() -> changes().delete(meter, subject), false).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else if (!ar.result()) {
                refuse(ctx, new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "subject",
                        "no limit for subject '" + ApiServer.cut(subject) + "' on meter '" + ApiServer.cut(meter) + "'"));
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    /** The shared implementation, opened at first use (Kafka may be down when the server starts). */
    private LimitChanges changes() throws Exception {
        synchronized (lock) {
            if (!compacted) {
                java.util.Properties p = LimitChanges.kafkaProperties(config);
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
                try (Admin admin = Admin.create(p)) {
                    LimitChanges.ensureCompacted(admin, config);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new LimitChangeException(LimitChangeException.Kind.UNAVAILABLE, null,
                            "Kafka at " + config.kafka().bootstrapServers() + " did not answer (nothing was changed)", e);
                }
                compacted = true;
            }
            if (changes == null) {
                changes = LimitChanges.open(config, "\"newSubject\": true");
            }
            return changes;
        }
    }

    // ------------------------------------------------------------------ reads

    private void get(RoutingContext ctx) {
        ctx.put("route", LIMIT);
        String meter = ctx.pathParam("meter");
        String subject = ctx.pathParam("subject");
        server.vertx().executeBlocking(() -> {
            try (Connection c = reader.getConnection()) {
                requireMeter(c, meter);
                try (PreparedStatement ps = c.prepareStatement("SELECT limit_value, period, time_zone, anchor, 'subject' FROM meterflow.limits"
                        + " WHERE meter = ? AND subject = ? UNION ALL SELECT limit_value, period, time_zone, anchor, 'default'"
                        + " FROM meterflow.default_limits WHERE meter = ? ORDER BY 5 DESC LIMIT 1")) {
                    ps.setString(1, meter);
                    ps.setString(2, subject);
                    ps.setString(3, meter);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        ObjectNode n = ApiServer.JSON.createObjectNode();
                        n.put("meter", meter);
                        n.put("subject", subject);
                        n.put("limit", rs.getBigDecimal(1));
                        n.put("period", rs.getString(2));
                        n.put("timeZone", rs.getString(3));
                        n.put("anchor", rs.getObject(4, java.time.LocalDateTime.class).toString());
                        n.put("source", rs.getString(5));
                        return n;
                    }
                }
            }
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else if (ar.result() == null) {
                refuse(ctx, new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "subject", "no limit for subject '"
                        + ApiServer.cut(subject) + "' on meter '" + ApiServer.cut(meter) + "', and no default limit for the meter"));
            } else {
                ApiServer.json(ctx, 200, ar.result());
            }
        });
    }

    /** meterflow.subject_usage_status: period, usage, limit, remaining, percentage, hasAccess, thresholds crossed. */
    private void usage(RoutingContext ctx) {
        ctx.put("route", USAGE);
        String meter = ctx.pathParam("meter");
        String subject = ctx.pathParam("subject");
        server.vertx().executeBlocking(() -> {
            try (Connection c = reader.getConnection()) {
                requireMeter(c, meter);
                try (PreparedStatement ps = c.prepareStatement("SELECT period, time_zone, period_start, period_end, usage, limit_value,"
                        + " remaining, percentage, has_access, thresholds_crossed, limit_source FROM meterflow.subject_usage_status(?, ?)")) {
                    ps.setString(1, meter);
                    ps.setString(2, subject);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ObjectNode n = ApiServer.JSON.createObjectNode();
                        n.put("meter", meter);
                        n.put("subject", subject);
                        ObjectNode p = n.putObject("period");
                        p.put("unit", rs.getString(1));
                        p.put("timeZone", rs.getString(2));
                        p.put("from", rs.getObject(3, OffsetDateTime.class).toInstant().toString());
                        p.put("to", rs.getObject(4, OffsetDateTime.class).toInstant().toString());
                        n.put("usage", rs.getBigDecimal(5));
                        n.put("limit", rs.getBigDecimal(6));
                        n.put("remaining", rs.getBigDecimal(7));
                        n.put("percentage", rs.getBigDecimal(8));
                        n.put("hasAccess", rs.getBoolean(9));
                        ArrayNode t = n.putArray("thresholdsCrossed");
                        for (String s : (String[]) rs.getArray(10).getArray()) {
                            t.add(s);
                        }
                        n.put("limitSource", rs.getString(11));
                        return n;
                    }
                }
            }
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                failed(ctx, ar.cause());
            } else {
                ApiServer.json(ctx, 200, ar.result());
            }
        });
    }

    /** The meter must be one of the active generation's (the job writes them), as for a change. */
    private static void requireMeter(Connection c, String meter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.slug FROM meterflow.meters m"
                + " JOIN meterflow.active_generation a ON a.generation = m.generation ORDER BY m.slug");
                ResultSet rs = ps.executeQuery()) {
            java.util.List<String> meters = new java.util.ArrayList<>();
            while (rs.next()) {
                meters.add(rs.getString(1));
            }
            if (!meters.contains(meter)) {
                throw new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "meter", "unknown meter '" + ApiServer.cut(meter)
                        + "' " + (meters.isEmpty() ? "(PostgreSQL has no meters yet: the job writes them when it starts)"
                        : "(meters: " + String.join(", ", meters) + ")"));
            }
        }
    }

    // ------------------------------------------------------------------ answers

    static ObjectNode json(Limit l, String source) {
        ObjectNode n = ApiServer.JSON.createObjectNode();
        n.put("meter", l.meter());
        n.put("subject", l.subject());
        n.put("limit", l.value());
        n.put("period", l.schedule().unit().name());
        n.put("timeZone", l.schedule().zone().getId());
        n.put("anchor", l.schedule().anchor().toString());
        n.put("source", source);
        return n;
    }

    private void refuse(RoutingContext ctx, LimitChangeException e) {
        switch (e.kind()) {
            case INVALID:
                ApiServer.json(ctx, 400, Problems.parameter(e.parameter(), e.getMessage()), Problems.MEDIA_TYPE);
                break;
            case NOT_FOUND: {
                ObjectNode n = Problems.problem(404, "Not Found", e.getMessage());
                n.put("parameter", e.parameter());
                ApiServer.json(ctx, 404, n, Problems.MEDIA_TYPE);
                break;
            }
            default:
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", e.getMessage());
        }
    }

    private void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof LimitChangeException) {
            refuse(ctx, (LimitChangeException) e);
            return;
        }
        if (e instanceof SQLException && "42704".equals(((SQLException) e).getSQLState())) {
            refuse(ctx, new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "meter", "unknown meter"));
            return;
        }
        LOG.warn("limit route failed: {}", e.toString());
        ctx.response().putHeader("retry-after", "1");
        server.problem(ctx, 503, "Service Unavailable", (e instanceof SQLException ? "PostgreSQL did not answer" : "the change failed")
                + " (nothing was changed); retry");
    }

    private static String text(JsonNode b, String name) {
        JsonNode n = b.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new LimitChangeException(LimitChangeException.Kind.INVALID, name, "must be a string");
        }
        return n.textValue();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (changes != null) {
                try {
                    changes.close();
                } catch (Exception e) {
                    LOG.debug("closing the limits producer", e);
                }
            }
        }
    }
}
