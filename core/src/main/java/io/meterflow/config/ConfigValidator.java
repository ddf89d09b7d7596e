package io.meterflow.config;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.DecoderSettings;
import io.meterflow.event.KeyLimits;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.Threshold;
import io.meterflow.meter.MeterDefinition;
import io.meterflow.meter.SeriesOptions;
import io.meterflow.notify.WebhookSignature;
import io.meterflow.series.FirstSample;
import io.meterflow.series.GaugeUnit;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one pass from the file as written ({@link RawConfig}) to a {@link MeterflowConfig}: defaults,
 * parsing of durations, sizes and times, and every check, each problem recorded (not thrown) so
 * the whole file is reported at once.
 */
final class ConfigValidator {
    /** Kafka client properties meterflow sets from its own keys. */
    private static final Map<String, String> OWNED_KAFKA = Map.of(
            "bootstrap.servers", "kafka.bootstrapServers", "group.id", "kafka.groupId");
    private static final Map<String, String> OWNED_JDBC = Map.of("password", "postgres.password", "user", "postgres.user",
            "connectTimeout", "postgres.connectTimeout", "loginTimeout", "postgres.connectTimeout",
            "socketTimeout", "postgres.socketTimeout", "tcpKeepAlive", "postgres.tcpKeepAlive");
    /** Kafka's own config providers, by the alias a {@code ${alias:...}} value names. */
    private static final Map<String, String> KAFKA_CONFIG_PROVIDERS = Map.of(
            "env", "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "file", "org.apache.kafka.common.config.provider.FileConfigProvider",
            "dir", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    private static final Pattern CONFIG_REFERENCE = Pattern.compile("\\$\\{(env|file|dir):");

    private final ConfigProblems problems;
    private final Map<String, String> env;

    private ConfigValidator(ConfigProblems problems, Map<String, String> env) {
        this.problems = problems;
        this.env = env == null ? Map.of() : env;
    }

    /** The validated configuration, or null when {@code problems} holds at least one problem. */
    static MeterflowConfig validate(RawConfig raw, Map<String, String> env, ConfigProblems problems) {
        ConfigValidator v = new ConfigValidator(problems, env);
        RawConfig r = raw == null ? new RawConfig(null, null, null, null, null, null, null, null, null) : raw;
        MeterflowConfig.Kafka kafka = v.kafka(r.kafka());
        MeterflowConfig.Postgres postgres = v.postgres(r.postgres());
        MeterflowConfig.Checkpoint checkpoint = v.checkpoint(r.checkpoint());
        RawConfig.Dedupe dd = r.dedupe();
        MeterflowConfig.Dedupe dedupe = new MeterflowConfig.Dedupe(
                v.duration("dedupe.ttl", dd == null ? null : dd.ttl(), Duration.ofDays(35), false));
        MeterflowConfig.Events events = v.events(r.events());
        MeterflowConfig.Job job = v.job(r.job());
        List<MeterDefinition> meters = v.meters(r.meters());
        ApiConfig api = v.api(r.api());
        NotificationsConfig notifications = v.notifications(r.notifications(), r.meters(), kafka);
        if (!problems.isEmpty()) {
            return null;
        }
        return new MeterflowConfig(kafka, postgres, checkpoint, dedupe, events, job, meters, api, notifications);
    }

    // ------------------------------------------------------------------ sections

    private MeterflowConfig.Kafka kafka(RawConfig.Kafka k) {
        if (k == null) {
            problems.add("kafka", "is required");
            return null;
        }
        String topic = text("kafka.topic", k.topic(), true);
        String dlt = text("kafka.deadLetterTopic", k.deadLetterTopic(), false);
        if (dlt != null && dlt.equals(topic)) {
            problems.add("kafka.deadLetterTopic", "must differ from kafka.topic (rejects would be read again)");
        }
        StartingOffsets start = StartingOffsets.EARLIEST;
        String so = text("kafka.startingOffsets", k.startingOffsets(), false);
        if (so != null) {
            try {
                start = StartingOffsets.parse(so);
            } catch (IllegalArgumentException e) {
                problems.add("kafka.startingOffsets", e.getMessage());
            }
        }
        Map<String, String> props = properties("kafka.properties", k.properties());
        for (Map.Entry<String, String> owned : OWNED_KAFKA.entrySet()) {
            if (props.containsKey(owned.getKey())) {
                problems.add("kafka.properties." + owned.getKey(), "set " + owned.getValue() + " instead");
            }
        }
        addConfigProviders(props);
        String groupId = text("kafka.groupId", k.groupId(), false);
        return new MeterflowConfig.Kafka(
                text("kafka.bootstrapServers", k.bootstrapServers(), true),
                topic,
                groupId == null ? "meterflow" : groupId,
                start,
                dlt,
                duration("kafka.watermarkOutOfOrderness", k.watermarkOutOfOrderness(), Duration.ofMinutes(1), true),
                duration("kafka.idleTimeout", k.idleTimeout(), Duration.ofSeconds(30), false),
                props);
    }

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
        Set<String> used = new TreeSet<>();
        for (String v : props.values()) {
            Matcher m = CONFIG_REFERENCE.matcher(v);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        if (!used.isEmpty()) {
            props.put("config.providers", String.join(",", used));
            used.forEach(a -> props.put("config.providers." + a + ".class", KAFKA_CONFIG_PROVIDERS.get(a)));
        }
    }

    private MeterflowConfig.Postgres postgres(RawConfig.Postgres p) {
        if (p == null) {
            problems.add("postgres", "is required");
            return null;
        }
        String url = text("postgres.url", p.url(), true);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            problems.add("postgres.url", "must start with jdbc:postgresql:, got '" + Durations.cut(Secrets.redactUrl(url)) + "'");
        }
        MeterflowConfig.PasswordRef pw = password("password", p.password(), p.passwordEnv(), p.passwordFile());
        String readerUser = text("postgres.readerUser", p.readerUser(), false);
        MeterflowConfig.PasswordRef readerPw = password("readerPassword", p.readerPassword(), p.readerPasswordEnv(),
                p.readerPasswordFile());
        if (readerUser == null
                && (p.readerPassword() != null || p.readerPasswordEnv() != null || p.readerPasswordFile() != null)) {
            problems.add("postgres.readerUser", "is required when a reader password is set");
        }
        Map<String, String> props = properties("postgres.properties", p.properties());
        for (Map.Entry<String, String> owned : OWNED_JDBC.entrySet()) {
            if (props.containsKey(owned.getKey())) {
                problems.add("postgres.properties." + owned.getKey(), "set " + owned.getValue() + " instead");
            }
        }
        return new MeterflowConfig.Postgres(url, text("postgres.user", p.user(), false), pw.password, pw.env, pw.file,
                duration("postgres.fenceRetention", p.fenceRetention(), Duration.ofDays(7), false), timeouts(p), props,
                p.migrate() == null || p.migrate(), readerUser, readerUser == null ? null : readerPw);
    }

    /** {@code <key>}, {@code <key>Env} or {@code <key>File} of the postgres section (at most one). */
    private MeterflowConfig.PasswordRef password(String key, Secret inline, String envName, String file) {
        String envKey = key + "Env";
        String fileKey = key + "File";
        boolean hasPassword = inline != null;
        boolean hasEnv = envName != null;
        boolean hasFile = file != null;
        Secret password = null;
        String passwordEnv = null;
        String passwordFile = null;
        if (hasPassword && hasEnv && !hasFile) {
            problems.add("postgres." + key, "set either " + key + " or " + envKey + ", not both");
        } else if ((hasPassword ? 1 : 0) + (hasEnv ? 1 : 0) + (hasFile ? 1 : 0) > 1) {
            problems.add("postgres." + key, "set only one of " + key + ", " + envKey + ", " + fileKey);
        } else if (hasPassword) {
            password = inline;
        } else if (hasEnv) {
            passwordEnv = text("postgres." + envKey, envName, false);
            if (passwordEnv != null) {
                String v = env.get(passwordEnv);
                if (v == null) {
                    problems.add("postgres." + envKey, "environment variable " + passwordEnv + " is not set");
                } else {
                    password = new Secret(v);
                }
            }
        } else if (hasFile) {
            passwordFile = text("postgres." + fileKey, file, false);
            if (passwordFile != null) {
                try {
                    password = new Secret(PostgresPassword.readPasswordFile(Path.of(passwordFile)));
                } catch (IOException | RuntimeException e) {
                    problems.add("postgres." + fileKey, "cannot read " + Durations.cut(passwordFile) + " ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        }
        return new MeterflowConfig.PasswordRef(password, passwordEnv, passwordFile);
    }

    private PostgresTimeouts timeouts(RawConfig.Postgres p) {
        PostgresTimeouts d = PostgresTimeouts.DEFAULTS;
        Duration socket = duration("postgres.socketTimeout", p.socketTimeout(), d.socket(), true);
        Duration statement = duration("postgres.statementTimeout", p.statementTimeout(), d.statement(), true);
        if (!socket.isZero() && !statement.isZero() && socket.compareTo(statement) <= 0) {
            // Otherwise a slow but healthy statement is cut by the client, not cancelled by the server.
            problems.add("postgres.socketTimeout", "must be longer than postgres.statementTimeout ("
                    + Durations.format(statement) + "), or 0 for none");
        }
        return new PostgresTimeouts(
                duration("postgres.connectTimeout", p.connectTimeout(), d.connect(), false),
                socket,
                statement,
                duration("postgres.lockTimeout", p.lockTimeout(), d.lock(), true),
                duration("postgres.idleInTransactionTimeout", p.idleInTransactionTimeout(), d.idleInTransaction(), true),
                p.tcpKeepAlive() == null ? d.tcpKeepAlive() : p.tcpKeepAlive());
    }

    /** A {@code properties} map as text (values never echoed: they may be secret). */
    private Map<String, String> properties(String path, Map<String, Secret> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        raw.forEach((name, value) -> {
            if (value == null) {
                problems.add(path + "." + name, "must be a single value");
            } else {
                out.put(name, value.reveal());
            }
        });
        return out;
    }

    private MeterflowConfig.Checkpoint checkpoint(RawConfig.Checkpoint c) {
        return new MeterflowConfig.Checkpoint(
                duration("checkpoint.interval", c == null ? null : c.interval(), Duration.ofSeconds(5), false),
                text("checkpoint.dir", c == null ? null : c.dir(), false));
    }

    private MeterflowConfig.Events events(RawConfig.Events e) {
        RawConfig.Events ev = e != null ? e : new RawConfig.Events(null, null, null, null, null, null, null, null, null, null);
        int max = KeyLimits.MAX_KEY_BUDGET;
        int id = (int) size("events.maxIdBytes", ev.maxIdBytes(), KeyLimits.DEFAULT_MAX_ID_BYTES, 1, 64 * 1024);
        int source = (int) size("events.maxSourceBytes", ev.maxSourceBytes(), KeyLimits.DEFAULT_MAX_SOURCE_BYTES, 1, 64 * 1024);
        int type = (int) size("events.maxTypeBytes", ev.maxTypeBytes(), KeyLimits.DEFAULT_MAX_TYPE_BYTES, 1, 64 * 1024);
        int subject = (int) size("events.maxSubjectBytes", ev.maxSubjectBytes(), KeyLimits.DEFAULT_MAX_SUBJECT_BYTES, 1, max);
        int group = (int) size("events.maxGroupValueBytes", ev.maxGroupValueBytes(),
                KeyLimits.DEFAULT_MAX_GROUP_VALUE_BYTES, 1, max);
        int groups = (int) size("events.maxGroupValuesBytes", ev.maxGroupValuesBytes(),
                KeyLimits.DEFAULT_MAX_GROUP_VALUES_BYTES, 1, max);
        int unique = (int) size("events.maxUniqueValueBytes", ev.maxUniqueValueBytes(),
                KeyLimits.DEFAULT_MAX_UNIQUE_VALUE_BYTES, 1, max);
        KeyLimits keyLimits;
        try {
            keyLimits = new KeyLimits(id, source, type, subject, group, groups, unique);
        } catch (IllegalArgumentException x) {
            problems.add("events", x.getMessage());
            keyLimits = KeyLimits.defaults();
        }
        return new MeterflowConfig.Events(
                duration("events.maxFutureSkew", ev.maxFutureSkew(), Duration.ofMinutes(5), true),
                (int) size("events.maxBytes", ev.maxBytes(), DecoderSettings.DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE - 8),
                (int) size("events.rejectedPayloadLimit", ev.rejectedPayloadLimit(),
                        DecoderSettings.DEFAULT_REJECTED_PAYLOAD_LIMIT, 0, Integer.MAX_VALUE - 8),
                keyLimits);
    }

    private MeterflowConfig.Job job(RawConfig.Job j) {
        Integer parallelism = j == null ? null : j.parallelism();
        if (parallelism != null && parallelism < 1) {
            problems.add("job.parallelism", "must be a whole number of at least 1");
            parallelism = null;
        }
        return new MeterflowConfig.Job(parallelism);
    }

    private List<MeterDefinition> meters(List<RawConfig.Meter> list) {
        List<MeterDefinition> meters = new ArrayList<>();
        if (list == null) {
            problems.add("meters", "is required (a list of at least one meter)");
            return meters;
        }
        if (list.isEmpty()) {
            problems.add("meters", "must contain at least one meter");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "meters[" + i + "]";
            RawConfig.Meter m = list.get(i);
            if (m == null) {
                problems.add(at, "must be a map with slug, eventType, aggregation, ...");
                continue;
            }
            problems.slug(i, m.slug());
            String slug = text(at + ".slug", m.slug(), false);
            String eventType = text(at + ".eventType", m.eventType(), false);
            String valueProperty = text(at + ".valueProperty", m.valueProperty(), false);
            Aggregation aggregation = enumValue(at + ".aggregation", m.aggregation(), Aggregation.class, null);
            boolean aggregationBad = m.aggregation() != null && aggregation == null;
            WindowSize window = enumValue(at + ".windowSize", m.windowSize(), WindowSize.class, WindowSize.MINUTE);
            Map<String, String> groupBy = new LinkedHashMap<>();
            if (m.groupBy() != null) {
                m.groupBy().forEach((name, path) -> {
                    if (path instanceof String) {
                        groupBy.put(name, (String) path);
                    } else {
                        problems.add(at + ".groupBy." + name, "must be a JSONPath string such as $.model");
                    }
                });
            }
            SeriesOptions series = new SeriesOptions(text(at + ".seriesBy", m.seriesBy(), false),
                    lowerEnum(at + ".firstSample", m.firstSample(), FirstSample.class),
                    duration(at + ".maxHold", m.maxHold(), null, false),
                    duration(at + ".seriesLateness", m.seriesLateness(), null, true),
                    lowerEnum(at + ".unit", m.unit(), GaugeUnit.class));
            for (String p : MeterDefinition.problems(slug, eventType, aggregation, valueProperty, groupBy, series)) {
                if (aggregationBad && (p.startsWith("aggregation:") || p.startsWith("valueProperty: is required"))) {
                    continue; // already reported with the allowed values
                }
                int colon = p.indexOf(": ");
                problems.add(at + "." + p.substring(0, colon), p.substring(colon + 2));
            }
            if (slug != null) {
                Integer first = seen.putIfAbsent(slug, i);
                if (first != null) {
                    problems.add(at + ".slug", "duplicate of meters[" + first + "]");
                }
            }
            if (!problems.any(at)) {
                meters.add(new MeterDefinition(slug, eventType, aggregation, valueProperty, groupBy, window, series));
            }
        }
        return meters;
    }

    /** An enum written in lower case ({@code firstSample: baseline}); null when absent or wrong. */
    private <E extends Enum<E>> E lowerEnum(String path, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(text)) {
                return e;
            }
        }
        String allowed = String.join(" | ", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toArray(String[]::new));
        problems.add(path, "must be " + allowed + ", got '" + Durations.cut(text) + "'");
        return null;
    }

    private <E extends Enum<E>> E enumValue(String path, String text, Class<E> type, E dflt) {
        if (text == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        String allowed = String.join(" ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
        problems.add(path, "must be one of " + allowed + ", got '" + Durations.cut(text) + "'");
        return null;
    }

    private ApiConfig api(RawConfig.Api a) {
        ApiConfig d = ApiConfig.defaults();
        if (a == null) {
            return d;
        }
        String host = d.host();
        int port = d.port();
        String listen = text("api.listen", a.listen(), false);
        if (listen != null) {
            try {
                String[] hp = ApiConfig.parseListen(listen);
                host = hp[0];
                port = Integer.parseInt(hp[1]);
            } catch (IllegalArgumentException e) {
                problems.add("api.listen", e.getMessage());
            }
        }
        int maxRequestBytes = (int) size("api.maxRequestBytes", a.maxRequestBytes(), d.maxRequestBytes(), 64,
                Integer.MAX_VALUE - 8);
        int maxBatchEvents = d.maxBatchEvents();
        if (a.maxBatchEvents() != null) {
            if (a.maxBatchEvents() < 1) {
                problems.add("api.maxBatchEvents", "must be a whole number of at least 1");
            } else {
                maxBatchEvents = a.maxBatchEvents();
            }
        }
        Duration produceTimeout = duration("api.produceTimeout", a.produceTimeout(), d.produceTimeout(), false);
        if (produceTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
            problems.add("api.produceTimeout", "must be at least 2s (the Kafka producer needs room for one request)");
        }
        Duration readTimeout = duration("api.readTimeout", a.readTimeout(), d.readTimeout(), false);
        String readerUser = null;
        Secret readerPassword = null;
        RawConfig.ApiReader reader = a.reader();
        if (reader != null) {
            readerUser = text("api.reader.user", reader.user(), false);
            if (reader.password() != null && reader.passwordEnv() != null) {
                problems.add("api.reader.password", "set either password or passwordEnv, not both");
            } else if (reader.password() != null) {
                readerPassword = reader.password();
            } else if (reader.passwordEnv() != null) {
                String name = text("api.reader.passwordEnv", reader.passwordEnv(), false);
                if (name != null) {
                    String v = env.get(name);
                    if (v == null) {
                        problems.add("api.reader.passwordEnv", "environment variable " + name + " is not set");
                    } else {
                        readerPassword = new Secret(v);
                    }
                }
            }
        }
        String cert = null;
        String key = null;
        if (a.tls() != null) {
            cert = text("api.tls.certFile", a.tls().certFile(), true);
            key = text("api.tls.keyFile", a.tls().keyFile(), true);
        }
        String auth = text("api.auth", a.auth(), false);
        if (auth == null) {
            auth = "keys";
        } else if (!auth.equals("keys") && !auth.equals("none")) {
            problems.add("api.auth", "must be keys or none, got '" + Durations.cut(auth) + "'");
        }
        return new ApiConfig(host, port, maxRequestBytes, maxBatchEvents, produceTimeout, readTimeout, readerUser,
                readerPassword, cert, key, !auth.equals("none"));
    }

    private NotificationsConfig notifications(RawConfig.Notifications n, List<RawConfig.Meter> rawMeters,
            MeterflowConfig.Kafka kafka) {
        NotificationsConfig d = NotificationsConfig.defaults();
        if (n == null) {
            return d;
        }
        String topic = text("notifications.topic", n.topic(), false);
        topic = topic == null ? d.topic() : topic;
        String limitsTopic = text("notifications.limitsTopic", n.limitsTopic(), false);
        limitsTopic = limitsTopic == null ? d.limitsTopic() : limitsTopic;
        if (topic.equals(limitsTopic)) {
            problems.add("notifications.limitsTopic", "must differ from notifications.topic");
        }
        if (kafka != null && (topic.equals(kafka.topic()) || limitsTopic.equals(kafka.topic()))) {
            problems.add("notifications", "topic and limitsTopic must differ from kafka.topic (they would be read as events)");
        }
        NotificationsConfig.Delivery dd = d.delivery();
        RawConfig.Delivery rd = n.delivery();
        NotificationsConfig.Delivery delivery = dd;
        if (rd != null) {
            String group = text("notifications.delivery.groupId", rd.groupId(), false);
            delivery = new NotificationsConfig.Delivery(group == null ? dd.groupId() : group,
                    duration("notifications.delivery.timeout", rd.timeout(), dd.timeout(), false),
                    duration("notifications.delivery.initialBackoff", rd.initialBackoff(), dd.initialBackoff(), false),
                    duration("notifications.delivery.maxBackoff", rd.maxBackoff(), dd.maxBackoff(), false),
                    duration("notifications.delivery.maxRetryTime", rd.maxRetryTime(), dd.maxRetryTime(), true));
            if (delivery.maxBackoff().compareTo(delivery.initialBackoff()) < 0) {
                problems.add("notifications.delivery.maxBackoff", "must be at least initialBackoff");
            }
        }
        Set<String> slugs = new TreeSet<>();
        Map<String, String> aggregations = new HashMap<>();
        if (rawMeters != null) {
            rawMeters.stream().filter(m -> m != null && m.slug() != null).forEach(m -> {
                slugs.add(m.slug());
                aggregations.put(m.slug(), m.aggregation());
            });
        }
        List<NotificationsConfig.Rule> rules = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<RawConfig.Rule> raw = n.rules() == null ? List.of() : n.rules();
        for (int i = 0; i < raw.size(); i++) {
            RawConfig.Rule r = raw.get(i);
            String agg = r == null || r.meter() == null ? null : aggregations.get(r.meter());
            if (agg != null && !agg.equalsIgnoreCase("COUNT") && !agg.equalsIgnoreCase("SUM")) {
                // Usage in a period is a running total: only additive meters have one.
                problems.add("notifications.rules[" + i + "].meter", "thresholds need a COUNT or SUM meter; '"
                        + Durations.cut(r.meter()) + "' is " + agg);
            }
            NotificationsConfig.Rule rule = rule("notifications.rules[" + i + "]", r, slugs, seen, i);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new NotificationsConfig(topic, limitsTopic, delivery, rules);
    }

    private NotificationsConfig.Rule rule(String at, RawConfig.Rule r, Set<String> slugs, Map<String, Integer> seen, int index) {
        if (r == null) {
            problems.add(at, "must be a map with name, meter, thresholds, channels");
            return null;
        }
        String name = text(at + ".name", r.name(), true);
        if (name != null) {
            if (!NotificationsConfig.NAME.matcher(name).matches()) {
                problems.add(at + ".name", "must match " + NotificationsConfig.NAME.pattern() + " (at most 64 characters), got '"
                        + Durations.cut(name) + "'");
            }
            Integer first = seen.putIfAbsent(name, index);
            if (first != null) {
                problems.add(at + ".name", "duplicate of notifications.rules[" + first + "]");
            }
        }
        String meter = text(at + ".meter", r.meter(), true);
        if (meter != null && !slugs.contains(meter)) {
            problems.add(at + ".meter", "unknown meter '" + Durations.cut(meter) + "'"
                    + (slugs.isEmpty() ? "" : " (meters: " + String.join(", ", slugs) + ")"));
        }
        List<Threshold> thresholds = thresholds(at + ".thresholds", r.thresholds());
        PeriodSchedule schedule = null;
        try {
            schedule = PeriodSchedule.parse(text(at + ".period", r.period(), false),
                    text(at + ".timeZone", r.timeZone(), false), text(at + ".anchor", r.anchor(), false));
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            problems.add(at + (m.startsWith("unknown time zone") ? ".timeZone" : m.startsWith("anchor") ? ".anchor" : ".period"), m);
        }
        List<NotificationsConfig.Channel> channels = new ArrayList<>();
        if (r.channels() == null || r.channels().isEmpty()) {
            problems.add(at + ".channels", "must list at least one channel (url, secret)");
        } else {
            for (int c = 0; c < r.channels().size(); c++) {
                NotificationsConfig.Channel ch = channel(at + ".channels[" + c + "]", r.channels().get(c));
                if (ch != null) {
                    channels.add(ch);
                }
            }
        }
        if (problems.any(at)) {
            return null;
        }
        return new NotificationsConfig.Rule(name, meter, thresholds, schedule, channels);
    }

    private List<Threshold> thresholds(String at, List<Object> raw) {
        if (raw == null || raw.isEmpty()) {
            problems.add(at, "must list at least one threshold, such as [80%, 100%]");
            return List.of();
        }
        if (raw.size() > NotificationsConfig.MAX_THRESHOLDS) {
            problems.add(at, "must list at most " + NotificationsConfig.MAX_THRESHOLDS + " thresholds, got " + raw.size());
            return List.of();
        }
        Map<Threshold, Integer> seen = new TreeMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            if (!(v instanceof String || v instanceof Number)) {
                problems.add(at + "[" + i + "]", "must be a number or a percentage such as 80%");
                continue;
            }
            try {
                Threshold t = Threshold.parse(String.valueOf(v));
                Integer first = seen.putIfAbsent(t, i);
                if (first != null) {
                    problems.add(at + "[" + i + "]", "duplicate of " + at + "[" + first + "]");
                }
            } catch (IllegalArgumentException e) {
                problems.add(at + "[" + i + "]", e.getMessage());
            }
        }
        return List.copyOf(seen.keySet());
    }

    private NotificationsConfig.Channel channel(String at, RawConfig.Channel c) {
        if (c == null) {
            problems.add(at, "must be a map with url and secret");
            return null;
        }
        URI url = null;
        String u = text(at + ".url", c.url(), true);
        if (u != null) {
            try {
                url = new URI(u);
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    problems.add(at + ".url", "must be an http:// or https:// URL with a host");
                    url = null;
                }
            } catch (URISyntaxException e) {
                problems.add(at + ".url", "must be an http:// or https:// URL with a host");
            }
        }
        Secret secret = null;
        if (c.secret() != null && c.secretEnv() != null) {
            problems.add(at + ".secret", "set either secret or secretEnv, not both");
        } else if (c.secret() != null) {
            secret = c.secret();
        } else if (c.secretEnv() != null) {
            String name = text(at + ".secretEnv", c.secretEnv(), false);
            if (name != null) {
                String v = env.get(name);
                if (v == null) {
                    problems.add(at + ".secretEnv", "environment variable " + name + " is not set");
                } else {
                    secret = new Secret(v);
                }
            }
        } else {
            problems.add(at + ".secret", "is required (or secretEnv): webhooks are always signed");
        }
        if (secret != null) {
            String problem = WebhookSignature.secretProblem(secret.reveal());
            if (problem != null) {
                problems.add(at + (c.secret() != null ? ".secret" : ".secretEnv"), problem);
                secret = null;
            }
        }
        return url == null || secret == null ? null : new NotificationsConfig.Channel(url, secret);
    }

    // ------------------------------------------------------------------ values

    /** Text, or null when absent; blank text is a problem (and read as absent). */
    private String text(String path, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(path, "is required");
            }
            return null;
        }
        if (value.trim().isEmpty()) {
            problems.add(path, "must not be empty");
            return null;
        }
        return value;
    }

    private Duration duration(String path, String value, Duration dflt, boolean allowZero) {
        String s = text(path, value, false);
        if (s == null) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(s);
            if (d.isNegative() || (!allowZero && d.isZero())) {
                problems.add(path, allowZero ? "must not be negative" : "must be greater than zero");
                return dflt;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return dflt;
        }
    }

    private long size(String path, String value, long dflt, long min, long max) {
        String s = text(path, value, false);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Sizes.parse(s);
            if (v < min || v > max) {
                problems.add(path, "must be between " + min + " and " + max + " bytes, got " + v);
                return dflt;
            }
            return v;
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return dflt;
        }
    }
}
