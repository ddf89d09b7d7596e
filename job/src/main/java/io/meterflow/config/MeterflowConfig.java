package io.meterflow.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.DecoderSettings;
import io.meterflow.meter.MeterCatalog;
import io.meterflow.meter.MeterDefinition;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One deployment's configuration, loaded from a YAML file. Every key, with its default:
 *
 * <pre>
 * kafka:
 *   bootstrapServers: host:9092        # required
 *   topic: events                      # required
 *   groupId: meterflow                 # default meterflow
 *   startingOffsets: earliest          # earliest (default) | latest | RFC 3339 time; first start only
 *   deadLetterTopic: events-rejected   # optional; must differ from topic
 *   watermarkOutOfOrderness: 1m        # default 1m; marks windows closed, never drops events
 *   idleTimeout: 30s                   # default 30s; a silent partition stops holding watermarks back
 *   properties: {}                     # passed to the Kafka clients (security.protocol, sasl.*, ssl.*)
 * postgres:
 *   url: jdbc:postgresql://host:5432/db  # required
 *   user: meterflow                    # optional
 *   password: secret                   # optional; or passwordEnv: NAME_OF_ENV_VAR (not both)
 *   fenceRetention: 7d                 # default 7d; how long commit fences are kept
 *   properties: {}                     # passed to the JDBC driver (sslmode, ...)
 * checkpoint:
 *   interval: 5s                       # default 5s; also the commit (freshness) interval
 *   dir: file:///var/lib/meterflow/checkpoints  # optional (cluster default otherwise)
 * dedupe:
 *   ttl: 35d                           # default 35d; duplicates within this horizon are counted once
 * events:
 *   maxFutureSkew: 5m                  # default 5m; later than now + skew is FUTURE_TIME
 *   maxBytes: 1MiB                     # default 1MiB; larger records (value + headers) are TOO_LARGE
 *   rejectedPayloadLimit: 64KiB        # default 64KiB; payload bytes kept per rejection
 * job:
 *   parallelism: 4                     # optional; cluster default otherwise
 * meters:                              # required, at least one
 *   - slug: llm_tokens                 # ^[a-z0-9]+(?:_[a-z0-9]+)*$, at most 64 chars, unique
 *     eventType: llm.completion        # CloudEvents type the meter counts
 *     aggregation: SUM                 # SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST
 *     valueProperty: $.usage.total_tokens  # required except for COUNT, forbidden for COUNT
 *     groupBy: { model: $.model }      # optional; names ^[a-zA-Z_][0-9a-zA-Z_]*$
 *     windowSize: MINUTE               # MINUTE (default) HOUR DAY
 *     description: free text           # optional, ignored
 * api: {}                              # the HTTP server of ./meterflow serve: see {@link ApiConfig}
 * </pre>
 *
 * <p>Durations: {@code 500ms 5s 10m 2h 35d} or ISO-8601 ({@code PT5S}). Sizes: {@code 1MiB},
 * {@code 512KiB}, {@code 1GiB} or plain bytes. Unknown keys are errors. Every problem is reported
 * at once in one {@link ConfigException}. Secrets (the postgres password, and any Kafka or JDBC
 * property whose name contains password, secret, sasl.jaas.config, ssl.key, token or credential)
 * never appear in {@link #toString()}, {@link #redacted()} or exception messages.
 *
 * <p>Serializable and free of Flink types: it is shipped to operators as is.
 */
public final class MeterflowConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Set<String> TOP = keys("kafka", "postgres", "checkpoint", "dedupe", "events", "job", "meters", "api");
    private static final Set<String> KAFKA = keys("bootstrapServers", "topic", "groupId", "startingOffsets",
            "deadLetterTopic", "watermarkOutOfOrderness", "idleTimeout", "properties");
    private static final Set<String> POSTGRES = keys("url", "user", "password", "passwordEnv", "fenceRetention", "properties");
    private static final Set<String> CHECKPOINT = keys("interval", "dir");
    private static final Set<String> DEDUPE = keys("ttl");
    private static final Set<String> EVENTS = keys("maxFutureSkew", "maxBytes", "rejectedPayloadLimit");
    private static final Set<String> JOB = keys("parallelism");
    private static final Set<String> METER = keys("slug", "eventType", "aggregation", "valueProperty", "groupBy",
            "windowSize", "description");
    /** Kafka client properties meterflow sets from its own keys. */
    private static final Map<String, String> OWNED_KAFKA = Map.of(
            "bootstrap.servers", "kafka.bootstrapServers", "group.id", "kafka.groupId");
    private static final Map<String, String> OWNED_JDBC = Map.of("password", "postgres.password", "user", "postgres.user");

    private final Kafka kafka;
    private final Postgres postgres;
    private final Checkpoint checkpoint;
    private final Duration dedupeTtl;
    private final Events events;
    private final Integer parallelism;
    private final List<MeterDefinition> meters;
    private final ApiConfig api;

    private MeterflowConfig(Kafka kafka, Postgres postgres, Checkpoint checkpoint, Duration dedupeTtl, Events events,
            Integer parallelism, List<MeterDefinition> meters, ApiConfig api) {
        this.api = api;
        this.kafka = kafka;
        this.postgres = postgres;
        this.checkpoint = checkpoint;
        this.dedupeTtl = dedupeTtl;
        this.events = events;
        this.parallelism = parallelism;
        this.meters = List.copyOf(meters);
    }

    // ------------------------------------------------------------------ loading

    /** Reads a file, resolving {@code passwordEnv} from the process environment. */
    public static MeterflowConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(),
                    List.of("cannot read the file: " + e.getClass().getSimpleName()));
        }
        return parse(yaml, System.getenv(), file.toString());
    }

    public static MeterflowConfig parse(String yaml, Map<String, String> env) {
        return parse(yaml, env, null);
    }

    private static MeterflowConfig parse(String yaml, Map<String, String> env, String source) {
        JsonNode root;
        try {
            YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
            root = mapper.readTree(yaml == null ? "" : yaml);
        } catch (JacksonException e) {
            throw new ConfigException(source, List.of(yamlProblem(e)));
        } catch (RuntimeException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getClass().getSimpleName()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, List.of("the configuration is empty"));
        }
        if (!root.isObject()) {
            throw new ConfigException(source, List.of("the configuration must be a map of sections (kafka, postgres, meters, ...)"));
        }
        ConfigReader r = new ConfigReader();
        r.checkKeys(root, "", TOP);
        Kafka kafka = readKafka(r, r.section(root, "", "kafka", true));
        Postgres postgres = readPostgres(r, r.section(root, "", "postgres", true), env == null ? Map.of() : env);
        JsonNode cp = r.section(root, "", "checkpoint", false);
        if (cp != null) {
            r.checkKeys(cp, "checkpoint", CHECKPOINT);
        }
        Checkpoint checkpoint = new Checkpoint(
                r.duration(cp, "checkpoint", "interval", Duration.ofSeconds(5), false),
                r.string(cp, "checkpoint", "dir", false, null));
        JsonNode dd = r.section(root, "", "dedupe", false);
        if (dd != null) {
            r.checkKeys(dd, "dedupe", DEDUPE);
        }
        Duration ttl = r.duration(dd, "dedupe", "ttl", Duration.ofDays(35), false);
        JsonNode ev = r.section(root, "", "events", false);
        if (ev != null) {
            r.checkKeys(ev, "events", EVENTS);
        }
        Events events = new Events(
                r.duration(ev, "events", "maxFutureSkew", Duration.ofMinutes(5), true),
                (int) r.size(ev, "events", "maxBytes", DecoderSettings.DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE - 8),
                (int) r.size(ev, "events", "rejectedPayloadLimit", DecoderSettings.DEFAULT_REJECTED_PAYLOAD_LIMIT, 0,
                        Integer.MAX_VALUE - 8));
        JsonNode job = r.section(root, "", "job", false);
        Integer parallelism = null;
        if (job != null) {
            r.checkKeys(job, "job", JOB);
            JsonNode p = job.get("parallelism");
            if (p != null && !p.isNull()) {
                if (!p.canConvertToInt() || !p.isIntegralNumber() || p.intValue() < 1) {
                    r.problem("job.parallelism", "must be a whole number of at least 1");
                } else {
                    parallelism = p.intValue();
                }
            }
        }
        List<MeterDefinition> meters = readMeters(r, root.get("meters"));
        ApiConfig api = ApiConfig.read(r, r.section(root, "", "api", false), env == null ? Map.of() : env);
        if (!r.problems.isEmpty()) {
            throw new ConfigException(source, r.problems);
        }
        return new MeterflowConfig(kafka, postgres, checkpoint, ttl, events, parallelism, meters, api);
    }

    private static String yamlProblem(JacksonException e) {
        // SnakeYAML messages quote the offending line, which may hold a password: keep position only.
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            int end = original.indexOf('\n');
            return (end > 0 ? original.substring(0, end) : original) + where;
        }
        return "not valid YAML" + where;
    }

    private static Kafka readKafka(ConfigReader r, JsonNode k) {
        if (k == null) {
            return null;
        }
        r.checkKeys(k, "kafka", KAFKA);
        String topic = r.string(k, "kafka", "topic", true, null);
        String dlt = r.string(k, "kafka", "deadLetterTopic", false, null);
        if (dlt != null && dlt.equals(topic)) {
            r.problem("kafka.deadLetterTopic", "must differ from kafka.topic (rejects would be read again)");
        }
        StartingOffsets start = StartingOffsets.EARLIEST;
        String so = r.string(k, "kafka", "startingOffsets", false, null);
        if (so != null) {
            try {
                start = StartingOffsets.parse(so);
            } catch (IllegalArgumentException e) {
                r.problem("kafka.startingOffsets", e.getMessage());
            }
        }
        Map<String, String> props = properties(r, k, "kafka");
        for (Map.Entry<String, String> owned : OWNED_KAFKA.entrySet()) {
            if (props.containsKey(owned.getKey())) {
                r.problem("kafka.properties." + owned.getKey(), "set " + owned.getValue() + " instead");
            }
        }
        return new Kafka(
                r.string(k, "kafka", "bootstrapServers", true, null),
                topic,
                r.string(k, "kafka", "groupId", false, "meterflow"),
                start,
                dlt,
                r.duration(k, "kafka", "watermarkOutOfOrderness", Duration.ofMinutes(1), true),
                r.duration(k, "kafka", "idleTimeout", Duration.ofSeconds(30), false),
                props);
    }

    private static Postgres readPostgres(ConfigReader r, JsonNode p, Map<String, String> env) {
        if (p == null) {
            return null;
        }
        r.checkKeys(p, "postgres", POSTGRES);
        String url = r.string(p, "postgres", "url", true, null);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            r.problem("postgres.url", "must start with jdbc:postgresql:, got '" + Durations.cut(Secrets.redactUrl(url)) + "'");
        }
        boolean hasPassword = p.hasNonNull("password");
        boolean hasEnv = p.hasNonNull("passwordEnv");
        Secret password = null;
        if (hasPassword && hasEnv) {
            r.problem("postgres.password", "set either password or passwordEnv, not both");
        } else if (hasPassword) {
            JsonNode pw = p.get("password");
            if (!pw.isValueNode()) {
                r.problem("postgres.password", "must be a single value");
            } else {
                password = new Secret(pw.asText());
            }
        } else if (hasEnv) {
            String name = r.string(p, "postgres", "passwordEnv", false, null);
            if (name != null) {
                String v = env.get(name);
                if (v == null) {
                    r.problem("postgres.passwordEnv", "environment variable " + name + " is not set");
                } else {
                    password = new Secret(v);
                }
            }
        }
        Map<String, String> props = properties(r, p, "postgres");
        for (Map.Entry<String, String> owned : OWNED_JDBC.entrySet()) {
            if (props.containsKey(owned.getKey())) {
                r.problem("postgres.properties." + owned.getKey(), "set " + owned.getValue() + " instead");
            }
        }
        return new Postgres(url, r.string(p, "postgres", "user", false, null), password,
                r.duration(p, "postgres", "fenceRetention", Duration.ofDays(7), false), props);
    }

    /** A {@code properties} map of scalar values, as text (values never echoed: they may be secret). */
    private static Map<String, String> properties(ConfigReader r, JsonNode parent, String path) {
        JsonNode props = r.section(parent, path, "properties", false);
        Map<String, String> out = new LinkedHashMap<>();
        if (props == null) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == null || e.getValue().isNull() || !e.getValue().isValueNode()) {
                r.problem(path + ".properties." + e.getKey(), "must be a single value");
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    private static List<MeterDefinition> readMeters(ConfigReader r, JsonNode list) {
        List<MeterDefinition> meters = new ArrayList<>();
        if (list == null || list.isNull()) {
            r.problem("meters", "is required (a list of at least one meter)");
            return meters;
        }
        if (!list.isArray()) {
            r.problem("meters", "must be a list of meters");
            return meters;
        }
        if (list.isEmpty()) {
            r.problem("meters", "must contain at least one meter");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = "meters[" + i + "]";
            if (!m.isObject()) {
                r.problem(at, "must be a map with slug, eventType, aggregation, ...");
                continue;
            }
            JsonNode slugNode = m.get("slug");
            String prefix = slugNode != null && slugNode.isTextual() && !slugNode.textValue().isEmpty()
                    ? at + " (" + Durations.cut(slugNode.textValue()) + ")" : at;
            int before = r.problems.size();
            r.checkKeys(m, prefix, METER);
            ConfigReader local = new ConfigReader(); // required-field messages come from MeterDefinition
            String slug = local.string(m, prefix, "slug", false, null);
            String eventType = local.string(m, prefix, "eventType", false, null);
            String valueProperty = local.string(m, prefix, "valueProperty", false, null);
            r.problems.addAll(local.problems);
            Aggregation aggregation = enumValue(r, m, prefix, "aggregation", Aggregation.class, null);
            boolean aggregationBad = m.hasNonNull("aggregation") && aggregation == null;
            WindowSize window = enumValue(r, m, prefix, "windowSize", WindowSize.class, WindowSize.MINUTE);
            Map<String, String> groupBy = new LinkedHashMap<>();
            JsonNode g = m.get("groupBy");
            if (g != null && !g.isNull()) {
                if (!g.isObject()) {
                    r.problem(prefix + ".groupBy", "must be a map of name to JSONPath");
                } else {
                    Iterator<Map.Entry<String, JsonNode>> it = g.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!e.getValue().isTextual()) {
                            r.problem(prefix + ".groupBy." + e.getKey(), "must be a JSONPath string such as $.model");
                        } else {
                            groupBy.put(e.getKey(), e.getValue().textValue());
                        }
                    }
                }
            }
            for (String p : MeterDefinition.problems(slug, eventType, aggregation, valueProperty, groupBy)) {
                if (aggregationBad && p.startsWith("aggregation:")) {
                    continue; // already reported with the allowed values
                }
                if (aggregationBad && p.startsWith("valueProperty: is required")) {
                    continue;
                }
                r.problems.add(prefix + "." + p);
            }
            if (slug != null) {
                Integer first = seen.putIfAbsent(slug, i);
                if (first != null) {
                    r.problem(prefix + ".slug", "duplicate of meters[" + first + "]");
                }
            }
            if (r.problems.size() == before) {
                meters.add(new MeterDefinition(slug, eventType, aggregation, valueProperty, groupBy, window));
            }
        }
        return meters;
    }

    private static <E extends Enum<E>> E enumValue(ConfigReader r, JsonNode obj, String path, String key,
            Class<E> type, E dflt) {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        String allowed = String.join(" ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
        if (n.isTextual()) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(n.textValue())) {
                    return e;
                }
            }
        }
        r.problem(path + "." + key, "must be one of " + allowed + ", got '" + Durations.cut(n.asText()) + "'");
        return null;
    }

    private static Set<String> keys(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }

    // ------------------------------------------------------------------ accessors

    public Kafka kafka() { return kafka; }
    public Postgres postgres() { return postgres; }
    public Checkpoint checkpoint() { return checkpoint; }
    /** dedupe.ttl: how long a (source, id) is remembered per meter. */
    public Duration dedupeTtl() { return dedupeTtl; }
    /** The {@code dedupe} section (same value as {@link #dedupeTtl()}). */
    public Dedupe dedupe() { return new Dedupe(dedupeTtl); }
    /** The {@code job} section. */
    public Job job() { return new Job(parallelism); }
    public Events events() { return events; }
    /** job.parallelism, or null for the cluster default. */
    public Integer parallelism() { return parallelism; }
    public List<MeterDefinition> meters() { return meters; }
    /** The {@code api} section (defaults when absent). */
    public ApiConfig api() { return api; }

    /** The meters as PostgreSQL records them, for query_usage. */
    public List<io.meterflow.sink.MeterSchema> meterSchemas() {
        List<io.meterflow.sink.MeterSchema> out = new java.util.ArrayList<>();
        for (MeterDefinition m : meters) {
            out.add(new io.meterflow.sink.MeterSchema(m.slug(), m.eventType(), m.aggregation(), m.windowSize(),
                    List.copyOf(m.groupBy().keySet()), m.valueProperty() == null ? null : m.valueProperty().text()));
        }
        return out;
    }

    /** The catalog operators use, with the configured rejected-payload limit. */
    public MeterCatalog meterCatalog() {
        return new MeterCatalog(meters, events.rejectedPayloadLimit());
    }

    /** The whole configuration as nested maps, secrets masked: safe to log or print. */
    public Map<String, Object> redacted() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kafka", kafka.redacted());
        m.put("postgres", postgres.redacted());
        m.put("checkpoint", checkpoint.redacted());
        m.put("dedupe", Map.of("ttl", Durations.format(dedupeTtl)));
        m.put("events", events.redacted());
        if (parallelism != null) {
            m.put("job", Map.of("parallelism", parallelism));
        }
        List<String> ms = new ArrayList<>();
        meters.forEach(x -> ms.add(x.toString()));
        m.put("meters", ms);
        m.put("api", api.redacted());
        return m;
    }

    @Override
    public String toString() {
        return "MeterflowConfig" + redacted();
    }

    // ------------------------------------------------------------------ sections

    /** The {@code kafka} section. */
    public static final class Kafka implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String bootstrapServers;
        private final String topic;
        private final String groupId;
        private final StartingOffsets startingOffsets;
        private final String deadLetterTopic;
        private final Duration watermarkOutOfOrderness;
        private final Duration idleTimeout;
        private final LinkedHashMap<String, String> properties;

        Kafka(String bootstrapServers, String topic, String groupId, StartingOffsets startingOffsets,
                String deadLetterTopic, Duration watermarkOutOfOrderness, Duration idleTimeout,
                Map<String, String> properties) {
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
            this.groupId = groupId;
            this.startingOffsets = startingOffsets;
            this.deadLetterTopic = deadLetterTopic;
            this.watermarkOutOfOrderness = watermarkOutOfOrderness;
            this.idleTimeout = idleTimeout;
            this.properties = new LinkedHashMap<>(properties);
        }

        public String bootstrapServers() { return bootstrapServers; }
        public String topic() { return topic; }
        public String groupId() { return groupId; }
        public StartingOffsets startingOffsets() { return startingOffsets; }
        /** Empty when rejected events are not produced to a topic. */
        public java.util.Optional<String> deadLetterTopic() { return java.util.Optional.ofNullable(deadLetterTopic); }
        public Duration watermarkOutOfOrderness() { return watermarkOutOfOrderness; }
        public Duration idleTimeout() { return idleTimeout; }
        /** The real client properties (secrets included): hand them to the clients, never log them. */
        public Map<String, String> properties() { return Collections.unmodifiableMap(properties); }
        public Map<String, String> redactedProperties() { return Secrets.redact(properties); }

        Map<String, Object> redacted() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bootstrapServers", bootstrapServers);
            m.put("topic", topic);
            m.put("groupId", groupId);
            m.put("startingOffsets", startingOffsets.toString());
            if (deadLetterTopic != null) {
                m.put("deadLetterTopic", deadLetterTopic);
            }
            m.put("watermarkOutOfOrderness", Durations.format(watermarkOutOfOrderness));
            m.put("idleTimeout", Durations.format(idleTimeout));
            m.put("properties", redactedProperties());
            return m;
        }

        @Override
        public String toString() {
            return "Kafka" + redacted();
        }
    }

    /** The {@code postgres} section. */
    public static final class Postgres implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String url;
        private final String user;
        private final Secret password;
        private final Duration fenceRetention;
        private final LinkedHashMap<String, String> properties;

        Postgres(String url, String user, Secret password, Duration fenceRetention, Map<String, String> properties) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.fenceRetention = fenceRetention;
            this.properties = new LinkedHashMap<>(properties);
        }

        /** The real URL (it may hold a password parameter): use {@link #redactedUrl()} in messages. */
        public String url() { return url; }
        public String redactedUrl() { return Secrets.redactUrl(url); }
        /** Null when not configured. */
        public String user() { return user; }
        /** Null when not configured; {@link Secret#toString()} is masked. */
        public Secret password() { return password; }
        public Duration fenceRetention() { return fenceRetention; }
        /** The real JDBC properties (secrets included): hand them to the driver, never log them. */
        public Map<String, String> properties() { return Collections.unmodifiableMap(properties); }
        public Map<String, String> redactedProperties() { return Secrets.redact(properties); }

        /** What the job's PostgreSQL store connects with (serializable; never prints the password). */
        public io.meterflow.sink.PostgresConnectionSettings connectionSettings() {
            java.util.Properties p = new java.util.Properties();
            p.putAll(properties);
            return new io.meterflow.sink.PostgresConnectionSettings(
                    url, user, password == null ? null : password.reveal(), p);
        }

        /** Driver properties including user and password, for {@code DriverManager.getConnection}. */
        public java.util.Properties jdbcProperties() {
            java.util.Properties p = new java.util.Properties();
            p.putAll(properties);
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password.reveal());
            }
            return p;
        }

        Map<String, Object> redacted() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", redactedUrl());
            if (user != null) {
                m.put("user", user);
            }
            if (password != null) {
                m.put("password", Secret.MASK);
            }
            m.put("fenceRetention", Durations.format(fenceRetention));
            m.put("properties", redactedProperties());
            return m;
        }

        @Override
        public String toString() {
            return "Postgres" + redacted();
        }
    }

    /** The {@code checkpoint} section. */
    public static final class Checkpoint implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Duration interval;
        private final String dir;

        Checkpoint(Duration interval, String dir) {
            this.interval = interval;
            this.dir = dir;
        }

        public Duration interval() { return interval; }
        /** Null for the cluster's default. */
        public String dir() { return dir; }

        Map<String, Object> redacted() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interval", Durations.format(interval));
            if (dir != null) {
                m.put("dir", dir);
            }
            return m;
        }

        @Override
        public String toString() {
            return "Checkpoint" + redacted();
        }
    }

    /** The {@code events} section. */
    public static final class Events implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Duration maxFutureSkew;
        private final int maxBytes;
        private final int rejectedPayloadLimit;

        Events(Duration maxFutureSkew, int maxBytes, int rejectedPayloadLimit) {
            this.maxFutureSkew = maxFutureSkew;
            this.maxBytes = maxBytes;
            this.rejectedPayloadLimit = rejectedPayloadLimit;
        }

        public Duration maxFutureSkew() { return maxFutureSkew; }
        public int maxBytes() { return maxBytes; }
        public int rejectedPayloadLimit() { return rejectedPayloadLimit; }

        /** Decoder limits with the system clock. */
        public DecoderSettings decoderSettings() {
            return decoderSettings(Clock.systemUTC());
        }

        public DecoderSettings decoderSettings(Clock clock) {
            return new DecoderSettings(maxBytes, maxFutureSkew, rejectedPayloadLimit, clock);
        }

        Map<String, Object> redacted() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("maxFutureSkew", Durations.format(maxFutureSkew));
            m.put("maxBytes", maxBytes);
            m.put("rejectedPayloadLimit", rejectedPayloadLimit);
            return m;
        }

        @Override
        public String toString() {
            return "Events" + redacted();
        }
    }

    /** The {@code dedupe} section. */
    public static final class Dedupe implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Duration ttl;

        Dedupe(Duration ttl) {
            this.ttl = ttl;
        }

        public Duration ttl() { return ttl; }
    }

    /** The {@code job} section. */
    public static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Integer parallelism;

        Job(Integer parallelism) {
            this.parallelism = parallelism;
        }

        /** Empty for the cluster default. */
        public java.util.OptionalInt parallelism() {
            return parallelism == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(parallelism);
        }
    }
}
