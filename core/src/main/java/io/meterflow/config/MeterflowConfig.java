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
import io.meterflow.event.KeyLimits;
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
 *   password: secret                   # optional; or passwordEnv: NAME_OF_ENV_VAR, or passwordFile: /path (one of them)
 *   migrate: true                      # default true; false: ./meterflow migrate runs them as the owner
 *   readerUser: analyst                # optional; meterflow query logs in as this (meterflow_reader) user
 *   readerPassword: secret             # optional; or readerPasswordEnv / readerPasswordFile
 *   fenceRetention: 7d                 # default 7d; how long commit fences are kept
 *   connectTimeout: 10s                # default 10s; TCP connect and login
 *   socketTimeout: 3m                  # default 3m; no answer for this long drops the connection (0 = none)
 *   statementTimeout: 2m               # default 2m; server-side statement_timeout (0 = none)
 *   lockTimeout: 30s                   # default 30s; server-side lock_timeout (0 = none)
 *   idleInTransactionTimeout: 2m       # default 2m; server-side idle_in_transaction_session_timeout (0 = none)
 *   tcpKeepAlive: true                 # default true
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
 *   maxIdBytes: 1024                   # default 1024; longer id/source/type/subject: ATTRIBUTE_TOO_LONG
 *   maxSourceBytes: 1024               # default 1024
 *   maxTypeBytes: 1024                 # default 1024
 *   maxSubjectBytes: 512               # default 512
 *   maxGroupValueBytes: 256            # default 256; one group value, else GROUP_VALUE_TOO_LONG
 *   maxGroupValuesBytes: 1024          # default 1024; the rendered group values JSON of a row
 *   maxUniqueValueBytes: 512           # default 512; a UNIQUE_COUNT value, else VALUE_TOO_LONG
 *                                      # subject + groupValues + uniqueValue at most 2048 (index key)
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
    private static final Set<String> POSTGRES = keys("url", "user", "password", "passwordEnv", "passwordFile", "migrate",
            "readerUser", "readerPassword", "readerPasswordEnv", "readerPasswordFile", "fenceRetention",
            "connectTimeout", "socketTimeout", "statementTimeout", "lockTimeout", "idleInTransactionTimeout",
            "tcpKeepAlive", "properties");
    private static final Set<String> CHECKPOINT = keys("interval", "dir");
    private static final Set<String> DEDUPE = keys("ttl");
    private static final Set<String> EVENTS = keys("maxFutureSkew", "maxBytes", "rejectedPayloadLimit",
            "maxIdBytes", "maxSourceBytes", "maxTypeBytes", "maxSubjectBytes", "maxGroupValueBytes",
            "maxGroupValuesBytes", "maxUniqueValueBytes");
    private static final Set<String> JOB = keys("parallelism");
    private static final Set<String> METER = keys("slug", "eventType", "aggregation", "valueProperty", "groupBy",
            "windowSize", "description");
    /** Kafka client properties meterflow sets from its own keys. */
    private static final Map<String, String> OWNED_KAFKA = Map.of(
            "bootstrap.servers", "kafka.bootstrapServers", "group.id", "kafka.groupId");
    private static final Map<String, String> OWNED_JDBC = Map.of("password", "postgres.password", "user", "postgres.user",
            "connectTimeout", "postgres.connectTimeout", "loginTimeout", "postgres.connectTimeout",
            "socketTimeout", "postgres.socketTimeout", "tcpKeepAlive", "postgres.tcpKeepAlive");

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
                        Integer.MAX_VALUE - 8),
                keyLimits(r, ev));
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

    private static KeyLimits keyLimits(ConfigReader r, JsonNode ev) {
        int max = KeyLimits.MAX_KEY_BUDGET;
        int id = (int) r.size(ev, "events", "maxIdBytes", KeyLimits.DEFAULT_MAX_ID_BYTES, 1, 64 * 1024);
        int source = (int) r.size(ev, "events", "maxSourceBytes", KeyLimits.DEFAULT_MAX_SOURCE_BYTES, 1, 64 * 1024);
        int type = (int) r.size(ev, "events", "maxTypeBytes", KeyLimits.DEFAULT_MAX_TYPE_BYTES, 1, 64 * 1024);
        int subject = (int) r.size(ev, "events", "maxSubjectBytes", KeyLimits.DEFAULT_MAX_SUBJECT_BYTES, 1, max);
        int group = (int) r.size(ev, "events", "maxGroupValueBytes", KeyLimits.DEFAULT_MAX_GROUP_VALUE_BYTES, 1, max);
        int groups = (int) r.size(ev, "events", "maxGroupValuesBytes", KeyLimits.DEFAULT_MAX_GROUP_VALUES_BYTES, 1, max);
        int unique = (int) r.size(ev, "events", "maxUniqueValueBytes", KeyLimits.DEFAULT_MAX_UNIQUE_VALUE_BYTES, 1, max);
        try {
            return new KeyLimits(id, source, type, subject, group, groups, unique);
        } catch (IllegalArgumentException e) {
            r.problem("events", e.getMessage());
            return KeyLimits.defaults();
        }
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
        addConfigProviders(props);
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
        PasswordRef pw = readPassword(r, p, env, "password");
        String readerUser = r.string(p, "postgres", "readerUser", false, null);
        PasswordRef readerPw = readPassword(r, p, env, "readerPassword");
        if (readerUser == null && (p.hasNonNull("readerPassword") || p.hasNonNull("readerPasswordEnv")
                || p.hasNonNull("readerPasswordFile"))) {
            r.problem("postgres.readerUser", "is required when a reader password is set");
        }
        Map<String, String> props = properties(r, p, "postgres");
        for (Map.Entry<String, String> owned : OWNED_JDBC.entrySet()) {
            if (props.containsKey(owned.getKey())) {
                r.problem("postgres.properties." + owned.getKey(), "set " + owned.getValue() + " instead");
            }
        }
        return new Postgres(url, r.string(p, "postgres", "user", false, null), pw.password, pw.env, pw.file,
                r.duration(p, "postgres", "fenceRetention", Duration.ofDays(7), false), readTimeouts(r, p), props,
                r.bool(p, "postgres", "migrate", true), readerUser, readerUser == null ? null : readerPw);
    }

    /** Where a password comes from: inline, an environment variable or a file (at most one). */
    static final class PasswordRef implements Serializable {
        private static final long serialVersionUID = 1L;
        final Secret password;
        final String env;
        final String file;

        PasswordRef(Secret password, String env, String file) {
            this.password = password;
            this.env = env;
            this.file = file;
        }

        PostgresPassword source() {
            if (env != null) {
                return PostgresPassword.fromEnv(env, password == null ? null : password.reveal());
            }
            if (file != null) {
                return PostgresPassword.fromFile(file);
            }
            return PostgresPassword.inProcess(password == null ? null : password.reveal());
        }
    }

    /** {@code <key>}, {@code <key>Env} or {@code <key>File} of the postgres section. */
    private static PasswordRef readPassword(ConfigReader r, JsonNode p, Map<String, String> env, String key) {
        String envKey = key + "Env";
        String fileKey = key + "File";
        boolean hasPassword = p.hasNonNull(key);
        boolean hasEnv = p.hasNonNull(envKey);
        boolean hasFile = p.hasNonNull(fileKey);
        Secret password = null;
        String passwordEnv = null;
        String passwordFile = null;
        if (hasPassword && hasEnv && !hasFile) {
            r.problem("postgres." + key, "set either " + key + " or " + envKey + ", not both");
        } else if ((hasPassword ? 1 : 0) + (hasEnv ? 1 : 0) + (hasFile ? 1 : 0) > 1) {
            r.problem("postgres." + key, "set only one of " + key + ", " + envKey + ", " + fileKey);
        } else if (hasPassword) {
            JsonNode pw = p.get(key);
            if (!pw.isValueNode()) {
                r.problem("postgres." + key, "must be a single value");
            } else {
                password = new Secret(pw.asText());
            }
        } else if (hasEnv) {
            passwordEnv = r.string(p, "postgres", envKey, false, null);
            if (passwordEnv != null) {
                String v = env.get(passwordEnv);
                if (v == null) {
                    r.problem("postgres." + envKey, "environment variable " + passwordEnv + " is not set");
                } else {
                    password = new Secret(v);
                }
            }
        } else if (hasFile) {
            passwordFile = r.string(p, "postgres", fileKey, false, null);
            if (passwordFile != null) {
                try {
                    password = new Secret(PostgresPassword.readPasswordFile(java.nio.file.Path.of(passwordFile)));
                } catch (IOException | RuntimeException e) {
                    r.problem("postgres." + fileKey, "cannot read " + Durations.cut(passwordFile) + " ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        }
        return new PasswordRef(password, passwordEnv, passwordFile);
    }

    private static PostgresTimeouts readTimeouts(ConfigReader r, JsonNode p) {
        PostgresTimeouts d = PostgresTimeouts.DEFAULTS;
        Duration socket = r.duration(p, "postgres", "socketTimeout", d.socket(), true);
        Duration statement = r.duration(p, "postgres", "statementTimeout", d.statement(), true);
        if (!socket.isZero() && !statement.isZero() && socket.compareTo(statement) <= 0) {
            // Otherwise a slow but healthy statement is cut by the client, not cancelled by the server.
            r.problem("postgres.socketTimeout", "must be longer than postgres.statementTimeout ("
                    + Durations.format(statement) + "), or 0 for none");
        }
        return new PostgresTimeouts(
                r.duration(p, "postgres", "connectTimeout", d.connect(), false),
                socket,
                statement,
                r.duration(p, "postgres", "lockTimeout", d.lock(), true),
                r.duration(p, "postgres", "idleInTransactionTimeout", d.idleInTransaction(), true),
                r.bool(p, "postgres", "tcpKeepAlive", d.tcpKeepAlive()));
    }

    /** Kafka's own config providers, by the alias a {@code ${alias:...}} value names. */
    private static final Map<String, String> KAFKA_CONFIG_PROVIDERS = Map.of(
            "env", "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "file", "org.apache.kafka.common.config.provider.FileConfigProvider",
            "dir", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    private static final java.util.regex.Pattern CONFIG_REFERENCE = java.util.regex.Pattern.compile("\\$\\{(env|file|dir):");

    /**
     * Values such as {@code ${env:KAFKA_JAAS}} or {@code ${file:/etc/meterflow/kafka.properties:jaas}}
     * are resolved by the Kafka clients themselves, where they are created (on the task managers), so
     * the secret never travels with the job: register the providers they name, unless the user
     * configured {@code config.providers} already.
     */
    private static void addConfigProviders(Map<String, String> props) {
        if (props.containsKey("config.providers")) {
            return;
        }
        Set<String> used = new java.util.TreeSet<>();
        for (String v : props.values()) {
            java.util.regex.Matcher m = CONFIG_REFERENCE.matcher(v);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        if (!used.isEmpty()) {
            props.put("config.providers", String.join(",", used));
            used.forEach(a -> props.put("config.providers." + a + ".class", KAFKA_CONFIG_PROVIDERS.get(a)));
        }
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

    /** The catalog operators use, with the configured rejected-payload limit. */
    public MeterCatalog meterCatalog() {
        return new MeterCatalog(meters, events.rejectedPayloadLimit(), events.keyLimits());
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
        private final String passwordEnv;
        private final String passwordFile;
        private final Duration fenceRetention;
        private final PostgresTimeouts timeouts;
        private final LinkedHashMap<String, String> properties;
        private final boolean migrate;
        private final String readerUser;
        private final PasswordRef readerPassword;

        Postgres(String url, String user, Secret password, String passwordEnv, String passwordFile,
                Duration fenceRetention, PostgresTimeouts timeouts, Map<String, String> properties, boolean migrate,
                String readerUser, PasswordRef readerPassword) {
            this.migrate = migrate;
            this.readerUser = readerUser;
            this.readerPassword = readerPassword;
            this.url = url;
            this.user = user;
            this.password = password;
            this.passwordEnv = passwordEnv;
            this.passwordFile = passwordFile;
            this.fenceRetention = fenceRetention;
            this.timeouts = timeouts;
            this.properties = new LinkedHashMap<>(properties);
        }

        /** The real URL (it may hold a password parameter): use {@link #redactedUrl()} in messages. */
        public String url() { return url; }
        public String redactedUrl() { return Secrets.redactUrl(url); }
        /** Null when not configured. */
        public String user() { return user; }
        /** Null when not configured (else as read here, from any source); {@link Secret#toString()} is masked. */
        public Secret password() { return password; }
        /** The environment variable the password comes from, or null. */
        public String passwordEnv() { return passwordEnv; }
        /** The file the password comes from, or null. */
        public String passwordFile() { return passwordFile; }

        /**
         * Where the job's task managers take the password from: the same environment variable or file
         * (resolved where they run), or, for an inline password, this JVM's memory only.
         */
        public PostgresPassword passwordSource() {
            return new PasswordRef(password, passwordEnv, passwordFile).source();
        }

        public Duration fenceRetention() { return fenceRetention; }
        /** Connect, socket, keepalive and server-side statement/lock/idle-in-transaction limits of every connection. */
        public PostgresTimeouts timeouts() { return timeouts; }
        /** The real JDBC properties (secrets included): hand them to the driver, never log them. */
        public Map<String, String> properties() { return Collections.unmodifiableMap(properties); }
        public Map<String, String> redactedProperties() { return Secrets.redact(properties); }

        /**
         * postgres.migrate (default true): the job applies migrations at start as its own user; false
         * when {@code ./meterflow migrate} runs them as the schema owner and the job, a
         * {@code meterflow_writer} without DDL rights, only checks the schema is current.
         */
        public boolean migrate() { return migrate; }

        /** The reader login {@code meterflow query} uses (postgres.readerUser ...), if configured. */
        public java.util.Optional<PostgresConnectionSettings> readerSettings() {
            if (readerUser == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(connectionSettings().withLogin(readerUser, readerPassword.source()));
        }

        /**
         * What the job's PostgreSQL store connects with: serializable without the password (only where
         * it comes from), never prints it.
         */
        public PostgresConnectionSettings connectionSettings() {
            java.util.Properties p = new java.util.Properties();
            p.putAll(properties);
            return PostgresConnectionSettings.of(url, user, passwordSource(), p, timeouts);
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
            if (passwordEnv != null) {
                m.put("passwordEnv", passwordEnv);
            } else if (passwordFile != null) {
                m.put("passwordFile", passwordFile);
            } else if (password != null) {
                m.put("password", Secret.MASK);
            }
            m.put("migrate", migrate);
            if (readerUser != null) {
                m.put("readerUser", readerUser);
            }
            m.put("fenceRetention", Durations.format(fenceRetention));
            m.put("connectTimeout", Durations.format(timeouts.connect()));
            m.put("socketTimeout", Durations.format(timeouts.socket()));
            m.put("statementTimeout", Durations.format(timeouts.statement()));
            m.put("lockTimeout", Durations.format(timeouts.lock()));
            m.put("idleInTransactionTimeout", Durations.format(timeouts.idleInTransaction()));
            m.put("tcpKeepAlive", timeouts.tcpKeepAlive());
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
        private final KeyLimits keyLimits;

        Events(Duration maxFutureSkew, int maxBytes, int rejectedPayloadLimit, KeyLimits keyLimits) {
            this.maxFutureSkew = maxFutureSkew;
            this.maxBytes = maxBytes;
            this.rejectedPayloadLimit = rejectedPayloadLimit;
            this.keyLimits = keyLimits;
        }

        public Duration maxFutureSkew() { return maxFutureSkew; }
        public int maxBytes() { return maxBytes; }
        public int rejectedPayloadLimit() { return rejectedPayloadLimit; }
        public KeyLimits keyLimits() { return keyLimits; }

        /** Decoder limits with the system clock. */
        public DecoderSettings decoderSettings() {
            return decoderSettings(Clock.systemUTC());
        }

        public DecoderSettings decoderSettings(Clock clock) {
            return new DecoderSettings(maxBytes, maxFutureSkew, rejectedPayloadLimit, clock,
                    DecoderSettings.DEFAULT_MAX_NESTING_DEPTH, keyLimits);
        }

        Map<String, Object> redacted() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("maxFutureSkew", Durations.format(maxFutureSkew));
            m.put("maxBytes", maxBytes);
            m.put("rejectedPayloadLimit", rejectedPayloadLimit);
            m.put("maxIdBytes", keyLimits.maxIdBytes());
            m.put("maxSourceBytes", keyLimits.maxSourceBytes());
            m.put("maxTypeBytes", keyLimits.maxTypeBytes());
            m.put("maxSubjectBytes", keyLimits.maxSubjectBytes());
            m.put("maxGroupValueBytes", keyLimits.maxGroupValueBytes());
            m.put("maxGroupValuesBytes", keyLimits.maxGroupValuesBytes());
            m.put("maxUniqueValueBytes", keyLimits.maxUniqueValueBytes());
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
