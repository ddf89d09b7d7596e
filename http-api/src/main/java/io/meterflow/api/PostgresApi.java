package io.meterflow.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.meter.MeterDefinition;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL-backed routes: meters, usage queries ({@code meterflow.query_usage}) and rejected
 * events, on a pool of reader connections ({@code SET ROLE meterflow_reader} on each, so the API
 * can read usage and nothing else, whatever login it is given).
 */
final class PostgresApi implements ApiServer.Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresApi.class);

    private final MeterflowConfig config;
    private final Map<String, MeterDefinition> meters = new LinkedHashMap<>();
    final HikariDataSource reader;
    private final ApiKeys keys;
    private final LimitRoutes limits;
    private ApiServer server;

    PostgresApi(MeterflowConfig config) {
        this.config = config;
        config.meters().forEach(m -> meters.put(m.slug(), m));
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(config.postgres().url());
        java.util.Properties p = new java.util.Properties();
        p.putAll(config.postgres().properties());
        String user = config.api().readerUser() != null ? config.api().readerUser() : config.postgres().user();
        var password = config.api().readerUser() != null || config.api().readerPassword() != null
                ? config.api().readerPassword() : config.postgres().password();
        if (user != null) {
            h.setUsername(user);
        }
        if (password != null) {
            h.setPassword(password.reveal());
        }
        h.setDataSourceProperties(p);
        h.setPoolName("meterflow-api-reader");
        h.setMaximumPoolSize(8);
        h.setMinimumIdle(1);
        h.setConnectionTimeout(3000);
        h.setValidationTimeout(2000);
        h.setInitializationFailTimeout(-1); // serve ingest even while PostgreSQL is down
        h.setConnectionInitSql("SET ROLE meterflow_reader");
        h.setReadOnly(true);
        this.reader = new HikariDataSource(h);
        this.keys = new ApiKeys(reader);
        this.limits = new LimitRoutes(config, reader);
    }

    // ------------------------------------------------------------------ who may do what

    /** The scope a route needs: ingest, read, admin, or portal (a customer token). Null: open. */
    static String neededScope(String method, String path) {
        if (path.equals("/api/v1/openapi.yaml")) {
            return null;
        }
        if (path.equals("/api/v1/events") && method.equals("POST")) {
            return "ingest";
        }
        if (path.startsWith("/api/v1/portal/tokens")) {
            return "admin";
        }
        if (path.startsWith("/api/v1/portal/")) {
            return "portal";
        }
        if (path.startsWith("/api/v1/subjects/") && !method.equals("GET") && !method.equals("HEAD")) {
            return "admin"; // limit changes
        }
        return "read";
    }

    @Override
    public void authenticate(RoutingContext ctx) {
        String needed = neededScope(ctx.request().method().name(), ctx.normalizedPath());
        if (needed == null || (!config.api().requireKeys() && !needed.equals("portal") && !needed.equals("admin"))) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (key == null || key.isEmpty()) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            server.problem(ctx, 401, "Unauthorized", "an API key is required: Authorization: Bearer <key>");
            return;
        }
        // Hold the body back while the key is looked up: the body handler after us resumes the request.
        ctx.request().pause();
        server.vertx().executeBlocking(() -> java.util.Optional.ofNullable(keys.lookup(key)), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("API key lookup failed: {}", ar.cause().toString()); // never the key
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", "keys cannot be checked (PostgreSQL unreachable); retry");
                return;
            }
            ApiKeys.Principal p = ar.result().orElse(null);
            if (p == null) {
                ctx.response().putHeader("www-authenticate", "Bearer error=\"invalid_token\"");
                server.problem(ctx, 401, "Unauthorized", "unknown, revoked or expired key");
                return;
            }
            boolean portal = p.scope().equals("portal");
            boolean ok = needed.equals("portal") ? portal : !portal && p.may(needed);
            if (!ok) {
                server.problem(ctx, 403, "Forbidden", "this key's scope (" + p.scope() + ") does not allow this route (needs "
                        + needed + ")");
                return;
            }
            ctx.put("principal", p);
            ctx.next();
        });
    }

    @Override
    public void routes(Router router, ApiServer server) {
        this.server = server;
        router.get("/api/v1/meters").handler(ctx -> {
            ctx.put("route", "/api/v1/meters");
            ArrayNode list = ApiServer.JSON.createArrayNode();
            meters.values().forEach(m -> list.add(meterJson(m)));
            ApiServer.json(ctx, 200, list);
        });
        router.get("/api/v1/meters/:slug").handler(ctx -> {
            ctx.put("route", "/api/v1/meters/{slug}");
            MeterDefinition m = meter(ctx);
            if (m != null) {
                ApiServer.json(ctx, 200, meterJson(m));
            }
        });
        router.get("/api/v1/meters/:slug/query").handler(ctx -> {
            ctx.put("route", "/api/v1/meters/{slug}/query");
            MeterDefinition m = meter(ctx);
            if (m == null) {
                return;
            }
            UsageQuery q;
            try {
                q = UsageQuery.fromParams(m, params(ctx.queryParams()), Instant.now());
            } catch (UsageQuery.ParameterException e) {
                ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
                return;
            }
            answer(ctx, q, null);
        });
        router.post("/api/v1/meters/:slug/query").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
                .handler(ctx -> {
                    ctx.put("route", "/api/v1/meters/{slug}/query");
                    MeterDefinition m = meter(ctx);
                    if (m == null) {
                        return;
                    }
                    UsageQuery q;
                    try {
                        JsonNode body = ApiServer.JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
                        q = UsageQuery.fromBody(m, body, Instant.now());
                    } catch (UsageQuery.ParameterException e) {
                        ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
                        return;
                    } catch (java.io.IOException e) {
                        ApiServer.json(ctx, 400, Problems.parameter("body", "not valid JSON"), Problems.MEDIA_TYPE);
                        return;
                    }
                    answer(ctx, q, null);
                });
        router.get("/api/v1/events").handler(this::listRejections);
        router.post("/api/v1/portal/tokens").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::createPortalToken);
        router.get("/api/v1/portal/meters/:slug/query").handler(ctx -> {
            ctx.put("route", "/api/v1/portal/meters/{slug}/query");
            ApiKeys.Principal p = ctx.get("principal");
            MeterDefinition m = meter(ctx);
            if (m == null) {
                return;
            }
            if (p.meters() != null && !p.meters().contains(m.slug())) {
                server.problem(ctx, 403, "Forbidden", "this portal token does not allow meter " + m.slug());
                return;
            }
            Map<String, List<String>> params = params(ctx.queryParams());
            params.remove("subject"); // the token's subject replaces any asked for
            UsageQuery q;
            try {
                q = UsageQuery.fromParams(m, params, Instant.now());
            } catch (UsageQuery.ParameterException e) {
                ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
                return;
            }
            answer(ctx, q, p.subject());
        });
        limits.routes(router, server);
    }

    private void createPortalToken(RoutingContext ctx) {
        ctx.put("route", "/api/v1/portal/tokens");
        String subject;
        List<String> allowed = null;
        Instant expires;
        try {
            JsonNode b = ApiServer.JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
            if (b == null || !b.isObject() || !b.path("subject").isTextual() || b.get("subject").textValue().isEmpty()) {
                throw new UsageQuery.ParameterException("subject", "is required (a non-empty string)");
            }
            subject = b.get("subject").textValue();
            JsonNode ms = b.get("allowedMeterSlugs") != null ? b.get("allowedMeterSlugs") : b.get("meters");
            if (ms != null && !ms.isNull()) {
                if (!ms.isArray()) {
                    throw new UsageQuery.ParameterException("meters", "must be an array of meter slugs");
                }
                allowed = new ArrayList<>();
                for (JsonNode x : ms) {
                    if (!x.isTextual() || !meters.containsKey(x.textValue())) {
                        throw new UsageQuery.ParameterException("meters", "unknown meter " + ApiServer.cut(x.asText()));
                    }
                    allowed.add(x.textValue());
                }
            }
            JsonNode e = b.get("expiresAt");
            expires = e == null || e.isNull() ? Instant.now().plus(java.time.Duration.ofDays(1)) : parse("expiresAt", e.asText());
            if (!expires.isAfter(Instant.now())) {
                throw new UsageQuery.ParameterException("expiresAt", "must be in the future");
            }
        } catch (java.io.IOException e) {
            ApiServer.json(ctx, 400, Problems.parameter("body", "not valid JSON"), Problems.MEDIA_TYPE);
            return;
        } catch (UsageQuery.ParameterException e) {
            ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
            return;
        }
        List<String> meterList = allowed;
        Instant exp = expires;
        server.vertx().executeBlocking(() -> keys.createPortalToken(subject, meterList, exp), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("portal token not created: {}", ar.cause().toString());
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", "PostgreSQL did not answer; retry");
                return;
            }
            ObjectNode n = ApiServer.JSON.createObjectNode();
            String token = ar.result();
            n.put("id", token.split("_")[1]);
            n.put("token", token);
            n.put("subject", subject);
            n.put("expiresAt", exp.toString());
            if (meterList != null) {
                ArrayNode a = n.putArray("allowedMeterSlugs");
                meterList.forEach(a::add);
            }
            ApiServer.json(ctx, 200, n);
        });
    }

    static Map<String, List<String>> params(MultiMap m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : m.names()) {
            out.put(name, m.getAll(name));
        }
        return out;
    }

    MeterDefinition meter(RoutingContext ctx) {
        MeterDefinition m = meters.get(ctx.pathParam("slug"));
        if (m == null) {
            server.problem(ctx, 404, "Not Found", "no meter '" + ApiServer.cut(ctx.pathParam("slug")) + "'; meters: "
                    + String.join(", ", meters.keySet()));
        }
        return m;
    }

    static ObjectNode meterJson(MeterDefinition m) {
        ObjectNode n = ApiServer.JSON.createObjectNode();
        n.put("id", m.slug());
        n.put("slug", m.slug());
        n.put("eventType", m.eventType());
        n.put("aggregation", m.aggregation().name());
        if (m.valueProperty() != null) {
            n.put("valueProperty", m.valueProperty().text());
        }
        ObjectNode g = n.putObject("groupBy");
        m.groupBy().forEach((k, v) -> g.put(k, v.text()));
        n.put("windowSize", m.windowSize().name());
        return n;
    }

    /**
     * Runs the query and answers JSON or CSV. {@code onlySubject} (a portal token's subject) replaces
     * any requested subject: the SQL is given that subject and nothing else.
     */
    void answer(RoutingContext ctx, UsageQuery q, String onlySubject) {
        boolean csv = "csv".equalsIgnoreCase(ctx.queryParams().get("format"))
                || ctx.parsedHeaders().accept().stream().anyMatch(a -> "text".equals(a.component()) && "csv".equals(a.subComponent()));
        // Rows are read and written out on a worker thread, straight into the response: a month of
        // minute windows is 43,200 rows, too many for a JSON tree built on the event loop. Each chunk
        // wakes the event loop: 256 KB chunks send that month's 5 MB in 20 wake-ups, not 80.
        ChunkedResponse out = csv ? null : new ChunkedResponse(ctx.vertx().getOrCreateContext(), ctx.response(),
                "application/json", 256 * 1024);
        server.vertx().<byte[]>executeBlocking(() -> {
            if (csv) {
                return csv(query(q, onlySubject), q);
            }
            streamJson(q, onlySubject, out);
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                Throwable e = ar.cause();
                if (out != null && out.started()) {
                    LOG.warn("usage query failed after its answer had started; connection cut: {}", e.toString());
                    out.abort();
                    return;
                }
                if (e instanceof SQLException && ((SQLException) e).getSQLState() != null
                        && (((SQLException) e).getSQLState().equals("22023") || ((SQLException) e).getSQLState().equals("42704"))) {
                    String msg = e.getMessage().replaceFirst("^ERROR: ", "").replaceAll("\\s*\\R.*", "");
                    String param = msg.contains("time zone") ? "windowTimeZone" : msg.contains("window") ? "windowSize"
                            : msg.contains("group_by") ? "groupBy" : msg.contains("from_time") ? "from" : "query";
                    ApiServer.json(ctx, 400, Problems.parameter(param, msg.replace("meterflow.query_usage: ", "")), Problems.MEDIA_TYPE);
                } else {
                    LOG.warn("usage query failed: {}", e.toString());
                    ctx.response().putHeader("retry-after", "1");
                    server.problem(ctx, 503, "Service Unavailable", "PostgreSQL did not answer the query; retry");
                }
                return;
            }
            if (csv && !ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().putHeader("content-type", "text/csv; charset=utf-8").end(io.vertx.core.buffer.Buffer.buffer(ar.result()));
            }
        });
    }

    private static final SerializedString FROM = new SerializedString("from");
    private static final SerializedString TO = new SerializedString("to");
    private static final SerializedString WINDOW_SIZE = new SerializedString("windowSize");
    private static final SerializedString DATA = new SerializedString("data");

    /** One distinct group_values text: its groupBy object as written, or null when a filterGroupBy excludes it. */
    private record Groups(String json) {}

    /**
     * OpenMeter's response shape, {from, to, windowSize, data: [{value, windowStart, windowEnd, subject, groupBy}]},
     * written row by row from the result set (fetched in batches) into the response: nothing per row but
     * the driver's strings ({@link UsageRowWriter}); each distinct group_values text is parsed and written
     * once. MINUTE buckets in UTC are read packed by hour ({@code meterflow.query_usage_minutes}): a month of
     * one subject's minutes is 720 rows from PostgreSQL instead of 43,200.
     */
    private void streamJson(UsageQuery q, String onlySubject, ChunkedResponse out) throws Exception {
        boolean packed = minutesInUtc(q);
        try (Connection c = reader.getConnection()) {
            c.setAutoCommit(false); // the settings below hold for this query's transaction only
            try {
                prepare(c, q, onlySubject);
                try (JsonGenerator g = ApiServer.JSON.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeFieldName(FROM);
                    g.writeString(q.from.toString());
                    g.writeFieldName(TO);
                    g.writeString(q.to.toString());
                    if (q.windowSize != null) {
                        g.writeFieldName(WINDOW_SIZE);
                        g.writeString(q.windowSize);
                    }
                    g.writeFieldName(DATA);
                    g.writeStartArray();
                    UsageRowWriter rows = new UsageRowWriter(g);
                    Map<String, Groups> groups = new java.util.HashMap<>();
                    List<String> subjects = onlySubject != null ? List.of(onlySubject) : q.subjects;
                    SerializedString tail = null;
                    String tailSubject = null;
                    Groups tailGroups = null;
                    try (PreparedStatement s = c.prepareStatement(packed ? MINUTES_QUERY : STREAM_QUERY)) {
                        s.setFetchSize(4096);
                        for (String subject : subjects.isEmpty() ? java.util.Collections.<String>singletonList(null) : subjects) {
                            bind(c, s, q, subject, packed);
                            try (ResultSet rs = s.executeQuery()) {
                                while (rs.next()) {
                                    String text = rs.getString(2);
                                    Groups gv = groups.get(text);
                                    if (gv == null) {
                                        gv = groups(text, q);
                                        if (groups.size() < 10_000) {
                                            groups.put(text, gv);
                                        }
                                    }
                                    if (gv.json == null) {
                                        continue;
                                    }
                                    String rowSubject = rs.getString(1);
                                    if (onlySubject != null && !onlySubject.equals(rowSubject)) {
                                        throw new IllegalStateException("a portal query returned another subject's row"); // unreachable
                                    }
                                    if (gv != tailGroups || !rowSubject.equals(tailSubject)) {
                                        tail = UsageRowWriter.tail(rowSubject, gv.json);
                                        tailSubject = rowSubject;
                                        tailGroups = gv;
                                    }
                                    if (packed) {
                                        rows.packed(rs.getString(3), rs.getString(4), rs.getString(5), tail);
                                    } else {
                                        rows.row(rs.getString(5), rs.getString(3), rs.getString(4), tail);
                                    }
                                }
                            }
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.finish();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Names of UTC that query_usage knows as such (its minute buckets are then the stored minutes as they are). */
    private static final Set<String> UTC_NAMES = Set.of("UTC", "ETC/UTC", "ZULU", "ETC/ZULU", "UCT", "ETC/UCT", "UNIVERSAL",
            "ETC/UNIVERSAL");

    /** MINUTE buckets in UTC: answered by {@code meterflow.query_usage_minutes}. */
    static boolean minutesInUtc(UsageQuery q) {
        return "MINUTE".equalsIgnoreCase(q.windowSize) && UTC_NAMES.contains(q.timeZone.toUpperCase(java.util.Locale.ROOT));
    }

    private static Groups groups(String text, UsageQuery q) throws java.io.IOException {
        JsonNode parsed = ApiServer.JSON.readTree(text);
        if (!matches(parsed, q.filters)) {
            return new Groups(null);
        }
        ObjectNode n = ApiServer.JSON.createObjectNode();
        for (String k : q.groupBy) {
            JsonNode v = parsed.get(k);
            if (v == null || v.isNull()) {
                n.putNull(k);
            } else {
                n.put(k, v.asText());
            }
        }
        return new Groups(ApiServer.JSON.writeValueAsString(n));
    }

    static byte[] csv(List<Row> rows, UsageQuery q) {
        StringBuilder b = new StringBuilder("window_start,window_end,subject");
        for (String g : q.groupBy) {
            b.append(',').append(csvField(g));
        }
        b.append(",value\r\n");
        for (Row r : rows) {
            b.append(r.start).append(',').append(r.end).append(',').append(csvField(r.subject));
            for (String g : q.groupBy) {
                JsonNode v = r.groups.get(g);
                b.append(',').append(v == null || v.isNull() ? "" : csvField(v.asText()));
            }
            b.append(',').append(r.value == null ? "" : r.value.toPlainString()).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    record Row(String subject, JsonNode groups, Instant start, Instant end, BigDecimal value) {}

    private static final String QUERY = "SELECT subject, group_values::text, window_start, window_end, value"
            + " FROM meterflow.query_usage(?, ?, ?, ?, ?, ?, ?::text[])";
    /**
     * Every column as PostgreSQL's text: the driver would otherwise switch to binary times and numbers after a few
     * executions and format them again itself (through java.time and BigDecimal), which cost more than the rest.
     */
    private static final String STREAM_QUERY = "SELECT subject, group_values::text, window_start::text, window_end::text,"
            + " value::text FROM meterflow.query_usage(?, ?, ?, ?, ?, ?, ?::text[])";
    /** {@code query_usage}'s MINUTE rows in UTC packed by hour, every column as PostgreSQL's text. */
    private static final String MINUTES_QUERY = "SELECT r_subject, r_group_values::text, r_start::text, r_minutes::text,"
            + " r_values::text FROM meterflow.query_usage_minutes(?, ?, ?, ?, ?::text[])";

    /** The query transaction's settings: the portal subject (row-level security), UTC text times, the plan hint. */
    private static void prepare(Connection c, UsageQuery q, String onlySubject) throws SQLException {
        if (onlySubject != null) {
            // A portal query: PostgreSQL's row-level security holds it to the subject too.
            try (PreparedStatement set = c.prepareStatement("SELECT set_config('meterflow.portal_subject', ?, true)")) {
                set.setString(1, onlySubject);
                set.execute();
            }
        }
        try (java.sql.Statement set = c.createStatement()) {
            // Times as text in UTC (UtcText rewrites them); query_usage names its zones itself.
            set.execute("SELECT set_config('TimeZone', 'UTC', true)");
            if (bucketsAreStoredWindows(q)) {
                // Every bucket is one stored window (a month of minutes: 43,200 groups). When query_usage must still
                // group (keys merged over several group values), a hash aggregate hands the groups to its ORDER BY
                // shuffled, and that sort took 3/4 of the query; grouping in sorted order leaves it presorted input.
                set.execute("SELECT set_config('enable_hashagg', 'off', true)");
            }
        }
    }

    /** Binds QUERY / STREAM_QUERY, or with {@code packed} MINUTES_QUERY (no window size or zone: MINUTE in UTC). */
    private static void bind(Connection c, PreparedStatement s, UsageQuery q, String subject, boolean packed) throws SQLException {
        int i = 1;
        s.setString(i++, q.meter.slug());
        s.setTimestamp(i++, Timestamp.from(q.from));
        s.setTimestamp(i++, Timestamp.from(q.to));
        if (!packed) {
            s.setString(i++, q.windowSize);
            s.setString(i++, q.timeZone);
        }
        s.setString(i++, subject);
        s.setArray(i, c.createArrayOf("text", q.groupBy.toArray(new String[0])));
    }

    private List<Row> query(UsageQuery q, String onlySubject) throws Exception {
        List<String> subjects = onlySubject != null ? List.of(onlySubject) : q.subjects;
        List<Row> rows = new ArrayList<>();
        try (Connection c = reader.getConnection()) {
            c.setAutoCommit(false); // the settings below hold for this query's transaction only
            try {
                prepare(c, q, onlySubject);
                runQuery(c, q, subjects, rows);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
            if (onlySubject != null) {
                for (Row r : rows) {
                    if (!onlySubject.equals(r.subject)) {
                        throw new IllegalStateException("a portal query returned another subject's row"); // unreachable
                    }
                }
            }
        }
        return rows;
    }

    /** The query's buckets are the meter's own stored windows (e.g. MINUTE of a MINUTE meter). */
    static boolean bucketsAreStoredWindows(UsageQuery q) {
        return q.windowSize != null && q.windowSize.equalsIgnoreCase(q.meter.windowSize().name());
    }

    private static void runQuery(Connection c, UsageQuery q, List<String> subjects, List<Row> rows) throws Exception {
        try (PreparedStatement s = c.prepareStatement(QUERY)) {
            for (String subject : subjects.isEmpty() ? java.util.Collections.<String>singletonList(null) : subjects) {
                bind(c, s, q, subject, false);
                // The same few group values repeat on every row of a subject: parse each text once.
                Map<String, JsonNode> parsed = new java.util.HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String text = rs.getString(2);
                        JsonNode groups = parsed.get(text);
                        if (groups == null) {
                            groups = ApiServer.JSON.readTree(text);
                            if (parsed.size() < 10_000) {
                                parsed.put(text, groups);
                            }
                        }
                        if (!matches(groups, q.filters)) {
                            continue;
                        }
                        rows.add(new Row(rs.getString(1), groups, rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(),
                                rs.getBigDecimal(5)));
                    }
                }
            }
        }
    }

    private static boolean matches(JsonNode groups, Map<String, Set<String>> filters) {
        for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
            JsonNode v = groups.get(f.getKey());
            if (v == null || v.isNull() || !f.getValue().contains(v.asText())) {
                return false;
            }
        }
        return true;
    }

    private static String csvField(String s) {
        if (s == null) {
            return "";
        }
        String t = s;
        if (!t.isEmpty() && "=+-@".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t; // no formulas in spreadsheets opening the file
        }
        return t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r")
                ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
    }

    // ------------------------------------------------------------------ rejected events

    private void listRejections(RoutingContext ctx) {
        ctx.put("route", "/api/v1/events");
        MultiMap p = ctx.queryParams();
        int limit;
        Instant from;
        Instant to;
        String subject = p.get("subject");
        try {
            String hasError = p.get("hasError");
            if (hasError != null && !hasError.equals("true")) {
                throw new UsageQuery.ParameterException("hasError",
                        "meterflow keeps rejected events only: use hasError=true or leave it out");
            }
            for (String name : p.names()) {
                if (!Set.of("limit", "from", "to", "subject", "hasError", "clientId").contains(name)) {
                    throw new UsageQuery.ParameterException(name, "unknown query parameter");
                }
            }
            limit = p.get("limit") == null ? 100 : Integer.parseInt(p.get("limit"));
            if (limit < 1 || limit > 100) {
                throw new UsageQuery.ParameterException("limit", "must be 1..100");
            }
            from = p.get("from") == null ? Instant.now().minus(java.time.Duration.ofHours(72)) : parse("from", p.get("from"));
            to = p.get("to") == null ? Instant.now().plusSeconds(1) : parse("to", p.get("to"));
        } catch (NumberFormatException e) {
            ApiServer.json(ctx, 400, Problems.parameter("limit", "must be a whole number 1..100"), Problems.MEDIA_TYPE);
            return;
        } catch (UsageQuery.ParameterException e) {
            ApiServer.json(ctx, 400, Problems.parameter(e.parameter, e.getMessage()), Problems.MEDIA_TYPE);
            return;
        }
        server.vertx().executeBlocking(() -> {
            ArrayNode out = ApiServer.JSON.createArrayNode();
            try (Connection c = reader.getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT r.meter, r.reason, r.detail, "
                            + (mayReadPayloads(c) ? "r.payload" : "NULL::bytea") + ", r.kafka_timestamp,"
                            + " r.rejected_at, r.event_id, r.event_source FROM meterflow.rejected_events r"
                            + " JOIN meterflow.active_generation a USING (generation)"
                            + " WHERE r.rejected_at >= ? AND r.rejected_at <= ? ORDER BY r.rejected_at DESC LIMIT 2000")) {
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        JsonNode event = payload(rs.getBytes(4));
                        if (subject != null && (event == null || !subject.equals(event.path("subject").asText(null)))) {
                            continue;
                        }
                        ObjectNode n = out.addObject();
                        if (event != null) {
                            n.set("event", event);
                        } else {
                            ObjectNode e = n.putObject("event");
                            e.put("id", rs.getString(7));
                            e.put("source", rs.getString(8));
                        }
                        String meter = rs.getString(1);
                        n.put("validationError", rs.getString(2) + (meter == null || meter.isEmpty() ? "" : " (meter " + meter + ")")
                                + (rs.getString(3) == null ? "" : ": " + rs.getString(3)));
                        n.put("reason", rs.getString(2));
                        Timestamp kt = rs.getTimestamp(5);
                        n.put("ingestedAt", (kt == null ? rs.getTimestamp(6) : kt).toInstant().toString());
                        n.put("storedAt", rs.getTimestamp(6).toInstant().toString());
                    }
                }
            }
            return out;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("listing rejected events failed: {}", ar.cause().toString());
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", "PostgreSQL did not answer; retry");
            } else {
                ApiServer.json(ctx, 200, ar.result());
            }
        });
    }

    private static Instant parse(String name, String v) {
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new UsageQuery.ParameterException(name, "must be an RFC 3339 date-time");
        }
    }

    private static JsonNode payload(byte[] b) {
        if (b == null || b.length == 0) {
            return null;
        }
        try {
            JsonNode n = ApiServer.JSON.readTree(b);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public boolean ready() {
        try (Connection c = reader.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        limits.close();
        reader.close();
    }

    /**
     * Raw payloads are readable only with meterflow_payload_reader (meterflow_reader has every other
     * column): without it, rejections are listed with their id, source and reason, not their bytes.
     */
    private static boolean mayReadPayloads(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT has_column_privilege('meterflow.rejected_events', 'payload', 'SELECT')");
                ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
