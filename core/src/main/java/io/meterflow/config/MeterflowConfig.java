package io.meterflow.config;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *     aggregation: SUM                 # SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST INCREASE TIME_WEIGHTED
 *     valueProperty: $.usage.total_tokens  # required except for COUNT, forbidden for COUNT
 *     groupBy: { model: $.model }      # optional; names ^[a-zA-Z_][0-9a-zA-Z_]*$
 *     windowSize: MINUTE               # MINUTE (default) HOUR DAY
 *     description: free text           # optional, ignored
 *     # INCREASE and TIME_WEIGHTED only (docs/series.md):
 *     seriesBy: $.pod                  # the series within a subject; default: the event's source
 *     seriesLateness: 2h               # default 2h; older than the series' newest: TOO_LATE_FOR_SERIES
 *     firstSample: baseline            # INCREASE: baseline (default) | count
 *     maxHold: 5m                      # TIME_WEIGHTED: default 5m, how long a sample holds at most
 *     unit: integral                   # TIME_WEIGHTED: integral (value-seconds, default) | average
 * api: {}                              # the HTTP server of ./meterflow serve: see {@link ApiConfig}
 * notifications: {}                    # threshold rules and webhooks: see {@link NotificationsConfig}
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

    private final Kafka kafka;
    private final Postgres postgres;
    private final Checkpoint checkpoint;
    private final Dedupe dedupe;
    private final Events events;
    private final Job job;
    private final List<MeterDefinition> meters;
    private final ApiConfig api;
    private final NotificationsConfig notifications;

    MeterflowConfig(Kafka kafka, Postgres postgres, Checkpoint checkpoint, Dedupe dedupe, Events events, Job job,
            List<MeterDefinition> meters, ApiConfig api, NotificationsConfig notifications) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.checkpoint = checkpoint;
        this.dedupe = dedupe;
        this.events = events;
        this.job = job;
        this.meters = List.copyOf(meters);
        this.api = api;
        this.notifications = notifications;
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

    /** Binds the file as written ({@link ConfigBinding}), then checks it in one pass ({@link ConfigValidator}). */
    private static MeterflowConfig parse(String yaml, Map<String, String> env, String source) {
        ConfigProblems problems = new ConfigProblems();
        RawConfig raw = ConfigBinding.bind(yaml, source, problems);
        MeterflowConfig config = ConfigValidator.validate(raw, env, problems);
        if (config == null) {
            throw new ConfigException(source, problems.render());
        }
        return config;
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

    // ------------------------------------------------------------------ accessors

    public Kafka kafka() { return kafka; }
    public Postgres postgres() { return postgres; }
    public Checkpoint checkpoint() { return checkpoint; }
    /** The {@code dedupe} section. */
    public Dedupe dedupe() { return dedupe; }
    public Events events() { return events; }
    /** The {@code job} section. */
    public Job job() { return job; }
    public List<MeterDefinition> meters() { return meters; }
    /** The {@code api} section (defaults when absent). */
    public ApiConfig api() { return api; }
    /** The {@code notifications} section (defaults, no rules, when absent). */
    public NotificationsConfig notifications() { return notifications; }

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
        m.put("dedupe", Map.of("ttl", Durations.format(dedupe.ttl())));
        m.put("events", events.redacted());
        job.parallelism().ifPresent(p -> m.put("job", Map.of("parallelism", p)));
        List<String> ms = new ArrayList<>();
        meters.forEach(x -> ms.add(x.toString()));
        m.put("meters", ms);
        m.put("api", api.redacted());
        m.put("notifications", notifications.redacted());
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

        /** dedupe.ttl: how long a (source, id) is remembered per meter. */
        public Duration ttl() { return ttl; }
    }

    /** The {@code job} section. */
    public static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Integer parallelism;

        Job(Integer parallelism) {
            this.parallelism = parallelism;
        }

        /** job.parallelism; empty for the cluster default. */
        public java.util.OptionalInt parallelism() {
            return parallelism == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(parallelism);
        }
    }
}
