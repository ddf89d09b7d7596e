package io.meterflow.it.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.cli.MeterflowCli;
import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import io.meterflow.sink.Migrations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A savepoint of the current state layout restores into this version, exactly once: the committed fixture
 * under {@code src/test/resources/savepoints/0.2.0} holds a savepoint the 0.2.0 job took after the
 * first half of a deterministic stream, the PostgreSQL rows it had committed by then (a data-only
 * dump of the meterflow tables) and the Kafka end offsets it had read to. The test produces the same
 * first half again (so the offsets match), loads the rows, resumes the current job from the savepoint,
 * produces the second half (with redeliveries of first-half events, which the restored dedupe state
 * must recognise) and compares every counter and window with the oracle of the whole stream.
 *
 * <p>It fails when an operator uid, a state descriptor or a serializer of checkpointed state
 * (UsageRecord's, the committable's, the writer state's) changes incompatibly. Regenerate the fixture
 * only for a new released version (keep the old directory): {@code mvn -pl integration-tests -am
 * verify -Dit.test=SavepointCompatibilityIT#writeFixture -Dmeterflow.writeSavepointFixture=true
 * -Dmeterflow.savepointFixtureVersion=X.Y.Z} run on that version's code.
 *
 * <p>A savepoint of 0.1.0 (dedupe keyed by meter and subject) cannot be restored as it is: the job
 * refuses it before it starts, with the upgrade path, and writes nothing; converted by {@code meterflow
 * savepoint upgrade} it restores and counts exactly once like the current one.
 */
class SavepointCompatibilityIT {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointCompatibilityIT.class);

    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    static final String VERSION = System.getProperty("meterflow.savepointFixtureVersion", "0.2.0");
    static final Path FIXTURE_0_1_0 = Paths.get("src", "test", "resources", "savepoints", "0.1.0").toAbsolutePath();
    static final Path FIXTURE = Paths.get("src", "test", "resources", "savepoints", VERSION).toAbsolutePath();
    /** The savepoint names its topic: the restore must read the same one. */
    static final String TOPIC = "meterflow-savepoint-fixture";
    static final int PARTITIONS = 2;
    /** Event times and Kafka timestamps are fixed, so the stream is the same whenever the test runs. */
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(8));
    static final Instant TO = NOW.plus(Duration.ofDays(1));
    /** The dedupe TTL is processing time: long enough that the fixture's ids are still remembered years later. */
    static final String EXTRA_YAML = "dedupe:\n  ttl: 36500d\n";
    static final Duration WAIT = Duration.ofMinutes(2);

    private static EmbeddedKafkaBroker kafka;

    static List<GeneratedEvent> stream() {
        return new UsageStreamGenerator(20261201L, NOW, 6).generate(800);
    }

    static List<GeneratedEvent> firstHalf(List<GeneratedEvent> s) {
        return s.subList(0, s.size() / 2);
    }

    @BeforeEach
    void ownKafka() throws IOException {
        // The topic name is fixed: a broker of its own guarantees it is new and its offsets start at 0.
        Path dir = Paths.get("target", "compat-services", "kafka-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                .toAbsolutePath();
        kafka = EmbeddedKafkaBroker.start(dir);
    }

    @AfterEach
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "meterflow.writeSavepointFixture", matches = "true")
    void aSavepointOfTheCurrentLayoutRestoresAndCountsExactlyOnce() throws Exception {
        restoresAndCountsExactlyOnce(FIXTURE, (savepoint, fx) -> savepoint);
    }

    @Test
    @DisabledIfSystemProperty(named = "meterflow.writeSavepointFixture", matches = "true")
    void aSavepointOf010ConvertedBySavepointUpgradeRestoresAndCountsExactlyOnce() throws Exception {
        restoresAndCountsExactlyOnce(FIXTURE_0_1_0, (savepoint, fx) -> {
            Path converted = savepoint.resolveSibling("converted");
            deleteRecursively(converted);
            Path config = Files.writeString(savepoint.resolveSibling("meterflow.yaml"), fx.configYaml(EXTRA_YAML));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = MeterflowCli.execute(new String[] {"savepoint", "upgrade", "-c", config.toString(),
                "--from", savepoint.toString(), "--to", converted.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("savepoint upgrade: %s%s", out, err).isZero();
            assertThat(out.toString()).contains("events keyed by subject");
            // Converting again is refused: the result is already in this version's layout.
            StringWriter again = new StringWriter();
            assertThat(MeterflowCli.execute(new String[] {"savepoint", "upgrade", "-c", config.toString(),
                "--from", converted.toString(), "--to", converted.resolveSibling("again").toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(again))).isNotZero();
            assertThat(again.toString()).contains("already in this version's layout");
            return converted;
        });
    }

    /**
     * Adding threshold rules to a deployment of the previous version: its dedupe state restores into the
     * stage that now also takes the limits topic, and the usage still counts exactly once.
     */
    @Test
    @DisabledIfSystemProperty(named = "meterflow.writeSavepointFixture", matches = "true")
    void aSavepointOfTheCurrentLayoutRestoresWithThresholdRulesAdded() throws Exception {
        String rules = EXTRA_YAML + String.join("\n",
                "notifications:",
                "  topic: compat-notifications",
                "  limitsTopic: compat-limits",
                "  rules:",
                "    - name: calls",
                "      meter: llm_calls",
                "      thresholds: [1, 50%]",
                "      channels: [ { url: 'https://hooks.example.invalid/h', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } ]",
                "");
        PostgresDatabase db = restoresAndCountsExactlyOnce(FIXTURE, (savepoint, fx) -> savepoint, rules);
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE threshold = '1')"
                        + " FROM meterflow.notifications")) {
            rs.next();
            assertThat(rs.getLong(2)).as("the rule fired after the restore").isPositive();
        }
    }

    /** Turns the copied fixture savepoint into the one to restore. */
    interface Conversion {
        Path apply(Path savepoint, MeterflowFixture fx) throws Exception;
    }

    private void restoresAndCountsExactlyOnce(Path fixture, Conversion conversion) throws Exception {
        restoresAndCountsExactlyOnce(fixture, conversion, EXTRA_YAML);
    }

    private PostgresDatabase restoresAndCountsExactlyOnce(Path fixture, Conversion conversion, String extraYaml) throws Exception {
        long t0 = System.nanoTime();
        assertThat(fixture.resolve("savepoint").resolve("_metadata")).as("the savepoint fixture %s", fixture).exists();
        // A copy: the fixture stays as committed whatever the restore does to its directory.
        Path savepoint = Paths.get("target", "compat-services", "restore-" + ProcessHandle.current().pid(),
                fixture.getFileName().toString(), "savepoint").toAbsolutePath();
        deleteRecursively(savepoint);
        copyTree(fixture.resolve("savepoint"), savepoint);
        List<GeneratedEvent> stream = stream();
        List<GeneratedEvent> a = firstHalf(stream);
        List<GeneratedEvent> b = stream.subList(a.size(), stream.size());

        PostgresDatabase db = TestServices.get().newDatabase("savepoint_" + fixture.getFileName().toString().replace('.', '_'));
        MeterflowFixture fx = MeterflowFixture.onTopic(TOPIC, PARTITIONS, kafka.bootstrapServers(), db);
        produce(fx, a, 0);
        assertThat(endOffsets()).as("Kafka offsets after the first half (the generator or the producer changed?)")
                .isEqualTo(Files.readString(fixture.resolve("kafka-end-offsets.txt")).strip());
        PostgresDump.load(db, fixture.resolve("postgres-data.sql"));
        UsageOracle before = new UsageOracle(MeterflowFixture.METERS, a);
        fx.assertCountersEqualOracle(before); // the dump is what the release had committed for the first half

        Path restore = conversion.apply(savepoint, fx);
        JobClient job = MeterflowFixture.startJob(fx.configYaml(extraYaml), restore.toUri().toString(), null);
        try {
            produce(fx, b, a.size());
            awaitRead(fx, job, stream.size());
        } finally {
            cancelQuietly(job);
        }
        UsageOracle full = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(full);
        fx.assertEqualsOracle(full, FROM, TO);
        assertThat(fx.rejectionRows()).isEqualTo(MeterflowFixture.expectedRejectionRows(full));
        LOG.info("SavepointCompatibilityIT: {} restored and counted exactly once in {} s", fixture.getFileName(),
                Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        return db;
    }

    @Test
    @DisabledIfSystemProperty(named = "meterflow.writeSavepointFixture", matches = "true")
    void aSavepointOf010IsRefusedWithTheUpgradePathAndNothingIsWritten() throws Exception {
        Path savepoint = Paths.get("target", "compat-services", "refuse-" + ProcessHandle.current().pid(), "savepoint")
                .toAbsolutePath();
        deleteRecursively(savepoint);
        copyTree(FIXTURE_0_1_0.resolve("savepoint"), savepoint);
        PostgresDatabase db = TestServices.get().newDatabase("savepoint_refused");
        MeterflowFixture fx = MeterflowFixture.onTopic(TOPIC + "-refused", PARTITIONS, kafka.bootstrapServers(), db);

        assertThatThrownBy(() -> MeterflowFixture.startJob(fx.configYaml(EXTRA_YAML), savepoint.toUri().toString(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written by meterflow 0.1.0")
                .hasMessageContaining("meterflow savepoint upgrade");
        fx.assertCountersEqualOracle(new UsageOracle(MeterflowFixture.METERS, List.of()));
    }

    /**
     * Writes the fixture: run on the released version's code, once. Starts that job without state,
     * produces the first half, stops with a savepoint, and keeps the savepoint, a dump of what the job
     * committed and the Kafka end offsets.
     */
    @Test
    @EnabledIfSystemProperty(named = "meterflow.writeSavepointFixture", matches = "true")
    void writeFixture() throws Exception {
        List<GeneratedEvent> a = firstHalf(stream());
        PostgresDatabase db = TestServices.get().newDatabase("savepoint_fixture");
        MeterflowFixture fx = MeterflowFixture.onTopic(TOPIC, PARTITIONS, kafka.bootstrapServers(), db);
        Path work = Files.createDirectories(Paths.get("target", "compat-services", "savepoints").toAbsolutePath());
        JobClient job = MeterflowFixture.startJob(fx.configYaml(EXTRA_YAML), null, null);
        produce(fx, a, 0);
        awaitRead(fx, job, a.size());
        String taken = job.stopWithSavepoint(false, work.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES); // finished: its last commits are in
        fx.assertCountersEqualOracle(new UsageOracle(MeterflowFixture.METERS, a));

        deleteRecursively(FIXTURE);
        copyTree(Paths.get(java.net.URI.create(taken.startsWith("file:") ? taken : "file://" + taken)),
                FIXTURE.resolve("savepoint"));
        PostgresDump.write(db, FIXTURE.resolve("postgres-data.sql"));
        Files.writeString(FIXTURE.resolve("kafka-end-offsets.txt"), endOffsets() + "\n");
        LOG.info("Wrote savepoint fixture {} from {}", FIXTURE, taken);
    }

    /** Produces with fixed Kafka timestamps (rejected records take their watermark from them). */
    static void produce(MeterflowFixture fx, List<GeneratedEvent> events, int firstIndex) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                GeneratedEvent e = events.get(i);
                long timestamp = NOW.toEpochMilli() + firstIndex + i;
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(fx.topic, null, timestamp, e.subject(), e.value());
                e.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** "partition=offset" per partition, one line. */
    static String endOffsets() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int i = 0; i < PARTITIONS; i++) {
                latest.put(new TopicPartition(TOPIC, i), OffsetSpec.latest());
            }
            TreeMap<Integer, Long> out = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        }
    }

    /** Waits until events_read reaches {@code expected}; fails at once, with its cause, if the job stops. */
    static void awaitRead(MeterflowFixture fx, JobClient job, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fx.counter("", "events_read") < expected) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                Throwable cause = null;
                try {
                    job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    cause = e;
                }
                throw new AssertionError("the job " + status + " before reading " + expected + " events"
                        + (cause == null ? "" : ": " + ExceptionUtils.stringifyException(cause)));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for events_read = " + expected + " (now "
                        + fx.counter("", "events_read") + ")");
            }
            Thread.sleep(250);
        }
    }

    static void cancelQuietly(JobClient job) {
        try {
            job.cancel().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.info("cancel: {}", e.toString());
        }
    }

    static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.collect(Collectors.toList())) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /**
     * A data-only dump of the meterflow schema in pg_dump's format ({@code COPY ... FROM stdin} blocks
     * and {@code setval} lines), written and read over JDBC: the schema comes from the migrations, at
     * the version the dump records, and the data is loaded before later migrations run, as an upgrade
     * would meet it.
     */
    static final class PostgresDump {
        private static final String VERSION_LINE = "-- meterflow schema version: ";

        private PostgresDump() {}

        static void write(PostgresDatabase db, Path file) throws Exception {
            StringBuilder out = new StringBuilder("-- Data of the meterflow schema (data only; schema from the migrations)\n");
            try (Connection c = db.connect()) {
                out.append(VERSION_LINE).append(schemaVersion(c)).append("\n\n");
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (String table : tables(c)) {
                    String columns = columns(c, table);
                    java.io.StringWriter rows = new java.io.StringWriter();
                    copy.copyOut("COPY meterflow." + table + " (" + columns + ") TO STDOUT", rows);
                    out.append("COPY meterflow.").append(table).append(" (").append(columns).append(") FROM stdin;\n")
                            .append(rows).append("\\.\n\n");
                }
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT sequencename, last_value FROM pg_sequences"
                                + " WHERE schemaname = 'meterflow' AND last_value IS NOT NULL ORDER BY 1")) {
                    while (rs.next()) {
                        out.append("SELECT pg_catalog.setval('meterflow.").append(rs.getString(1)).append("', ")
                                .append(rs.getLong(2)).append(", true);\n");
                    }
                }
            }
            Files.writeString(file, out.toString());
        }

        /** Migrates an empty database to the dump's schema version, loads the rows, then migrates to this version. */
        static void load(PostgresDatabase db, Path file) throws Exception {
            List<String> lines = Files.readAllLines(file);
            String version = lines.stream().filter(l -> l.startsWith(VERSION_LINE)).findFirst()
                    .map(l -> l.substring(VERSION_LINE.length()).strip())
                    .orElseThrow(() -> new IllegalStateException(file + " does not record its schema version"));
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(db.jdbcUrl(), db.user(), db.password())
                    .schemas(Migrations.SCHEMA).defaultSchema(Migrations.SCHEMA).createSchemas(true)
                    .locations(Migrations.LOCATION).placeholderReplacement(false)
                    .target(version).load().migrate();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    // As pg_dump --disable-triggers: the schema's guard triggers (one active generation
                    // row at all times) would refuse the reload, and the rows are consistent as dumped.
                    st.execute("SET LOCAL session_replication_role = replica");
                    // The migrations seed rows (generation 1): the dump holds them as they were.
                    st.execute("TRUNCATE " + tables(c).stream().map(t -> "meterflow." + t)
                            .collect(Collectors.joining(", ")) + " CASCADE");
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.startsWith("COPY ")) {
                        StringBuilder rows = new StringBuilder();
                        while (!lines.get(++i).equals("\\.")) {
                            rows.append(lines.get(i)).append('\n');
                        }
                        copy.copyIn(line.substring(0, line.length() - " FROM stdin;".length()) + " FROM STDIN",
                                new StringReader(rows.toString()));
                    } else if (line.startsWith("SELECT ")) {
                        try (Statement st = c.createStatement()) {
                            st.execute(line);
                        }
                    }
                }
                c.commit();
            }
            Migrations.apply(new io.meterflow.config.PostgresConnectionSettings(db.jdbcUrl(), db.user(), db.password(),
                    new Properties()));
        }

        private static String schemaVersion(Connection c) throws SQLException {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version FROM meterflow.flyway_schema_history"
                            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        }

        /** The schema's tables, those others reference first (generations). */
        private static List<String> tables(Connection c) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = 'meterflow' AND table_type = 'BASE TABLE'"
                            + " AND table_name <> 'flyway_schema_history'"
                            + " ORDER BY table_name <> 'generations', table_name")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        private static String columns(Connection c, String table) throws SQLException {
            List<String> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = 'meterflow' AND table_name = ? AND is_generated = 'NEVER'"
                    + " ORDER BY ordinal_position")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add("\"" + rs.getString(1) + "\"");
                    }
                }
            }
            return String.join(", ", out);
        }
    }
}
