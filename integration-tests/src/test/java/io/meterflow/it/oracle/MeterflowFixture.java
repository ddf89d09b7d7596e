package io.meterflow.it.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.sink.PostgresUsageStore;
import io.meterflow.sink.UsageStoreFactory;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared plumbing of the pipeline integration tests: meters, config, producing, reading results back. */
public final class MeterflowFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One meter of every aggregation, with and without groups, at every storage granularity. */
    public static final List<OracleMeter> METERS = List.of(
            meter("llm_tokens", "llm.completion", "SUM", "usage.total_tokens", Map.of("model", "model", "region", "region"), "MINUTE"),
            meter("llm_calls", "llm.completion", "COUNT", null, Map.of("model", "model"), "HOUR"),
            meter("api_requests", "api.request", "COUNT", null, Map.of("route", "route"), "MINUTE"),
            meter("active_users", "api.request", "UNIQUE_COUNT", "user", Map.of(), "DAY"),
            meter("latency_avg", "api.request", "AVG", "latency_ms", Map.of("route", "route"), "MINUTE"),
            meter("latency_min", "api.request", "MIN", "latency_ms", Map.of(), "HOUR"),
            meter("latency_max", "api.request", "MAX", "latency_ms", Map.of(), "HOUR"),
            meter("storage_bytes", "storage.snapshot", "LATEST", "bytes", Map.of(), "HOUR"));

    private static OracleMeter meter(String slug, String type, String agg, String value, Map<String, String> groups, String window) {
        return new OracleMeter(slug, type, agg, value, new LinkedHashMap<>(new TreeMap<>(groups)), window);
    }

    public final TestServices services = TestServices.get();
    public final PostgresDatabase database;
    public final String topic;
    /** The Kafka the config and {@link #produce} use: the shared broker, or a fault test's own. */
    public final String kafkaBootstrapServers;

    public MeterflowFixture(String name, int partitions) {
        this.database = services.newDatabase(name);
        this.topic = name + "-" + System.nanoTime();
        this.kafkaBootstrapServers = services.kafkaBootstrapServers();
        services.createTopic(topic, partitions);
    }

    /**
     * A fixture on a fault test's own broker and/or database ({@code null} = the shared one), with
     * topic-level configs (e.g. {@code max.message.bytes}) for the new topic.
     */
    public MeterflowFixture(String name, int partitions, String kafkaBootstrapServers, PostgresDatabase database,
            Map<String, String> topicConfigs) {
        this.database = database != null ? database : services.newDatabase(name);
        this.topic = name + "-" + System.nanoTime();
        this.kafkaBootstrapServers = kafkaBootstrapServers != null ? kafkaBootstrapServers : services.kafkaBootstrapServers();
        createTopic(this.kafkaBootstrapServers, topic, partitions, topicConfigs);
    }

    /**
     * A fixture on exactly topic {@code exactTopic} (created here) of {@code kafkaBootstrapServers}:
     * for restoring savepoints, whose Kafka offsets name their topic.
     */
    public static MeterflowFixture onTopic(String exactTopic, int partitions, String kafkaBootstrapServers,
            PostgresDatabase database) {
        return new MeterflowFixture(exactTopic, partitions, kafkaBootstrapServers, database);
    }

    private MeterflowFixture(String exactTopic, int partitions, String kafkaBootstrapServers, PostgresDatabase database) {
        this.database = database;
        this.topic = exactTopic;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        createTopic(kafkaBootstrapServers, exactTopic, partitions, Map.of());
    }

    /** Creates a topic (replication 1) with configs on any broker and waits until every partition has a leader. */
    public static void createTopic(String bootstrap, String name, int partitions, Map<String, String> configs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name)
                    .partitions().stream().allMatch(d -> d.leader() != null && !d.leader().isEmpty())
                    || !TestServices.leadersServe(admin, name, partitions)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Topic " + name + " has partitions without a leader");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + name + " on " + bootstrap, e);
        }
    }

    public String configYaml(String extra) {
        StringBuilder y = new StringBuilder();
        y.append("kafka:\n");
        y.append("  bootstrapServers: ").append(kafkaBootstrapServers).append('\n');
        y.append("  topic: ").append(topic).append('\n');
        y.append("  groupId: meterflow-").append(topic).append('\n');
        y.append("  watermarkOutOfOrderness: 10s\n");
        y.append("  idleTimeout: 2s\n");
        y.append("postgres:\n");
        y.append("  url: ").append(database.jdbcUrl()).append('\n');
        y.append("  user: ").append(database.user()).append('\n');
        y.append("  password: ").append(database.password()).append('\n');
        y.append("checkpoint:\n");
        y.append("  interval: 1s\n");
        y.append(extra);
        y.append("meters:\n");
        METERS.forEach(m -> y.append(m.yaml()));
        return y.toString();
    }

    /**
     * Starts the real job ({@code MeterflowJob.prepare} + {@code build}) at parallelism 2 on the
     * test's MiniCluster; {@code savepoint} null starts without state, {@code wrapStores} null uses
     * the PostgreSQL store as is.
     */
    public static JobClient startJob(String yaml, String savepoint, UnaryOperator<UsageStoreFactory> wrapStores)
            throws Exception {
        return startJob(yaml, savepoint, wrapStores, 2);
    }

    /** As {@link #startJob(String, String, UnaryOperator)}, at {@code parallelism}. */
    public static JobClient startJob(String yaml, String savepoint, UnaryOperator<UsageStoreFactory> wrapStores,
            int parallelism) throws Exception {
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        JobOptions options = MeterflowJob.prepare(config, JobOptions.live());
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        env.setParallelism(parallelism);
        var settings = config.postgres().connectionSettings();
        UsageStoreFactory real = () -> new PostgresUsageStore(settings);
        MeterflowJob.build(env, config, options, wrapStores == null ? real : wrapStores.apply(real));
        return env.executeAsync("meterflow-it");
    }

    public void produce(List<GeneratedEvent> events) {
        produce(events, Map.of());
    }

    /** As {@link #produce(List)}, with producer settings overridden (e.g. {@code max.request.size}). */
    public void produce(List<GeneratedEvent> events, Map<String, Object> producerOverrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putAll(producerOverrides);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (GeneratedEvent e : events) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.subject(), e.value());
                e.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                producer.send(r);
            }
            producer.flush();
        }
    }

    /** Rows of meterflow.rejected_events (every generation), -1 when the schema is not there yet. */
    public long rejectionRows() {
        try (Connection c = database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM meterflow.rejected_events")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Rejection rows the oracle expects: one per invalid envelope plus one per (meter, event) a meter rejected. */
    public static long expectedRejectionRows(UsageOracle oracle) {
        return oracle.counter("", "events_rejected")
                + METERS.stream().mapToLong(m -> oracle.counter(m.slug(), "rejected")).sum();
    }

    /** A counter from meterflow.counters (meter '' = pipeline-wide), 0 when absent. */
    public long counter(String meter, String name) {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT coalesce(sum(value), 0) FROM meterflow.counters c "
                                + "JOIN meterflow.active_generation a USING (generation) WHERE meter = ? AND counter = ?")) {
            s.setString(1, meter);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            return -1; // schema not there yet
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** Rows of query_usage(meter, from, to, window) keyed like the oracle's rows. */
    public Map<UsageOracle.Row, BigDecimal> queryUsage(String meter, Instant from, Instant to, String window) throws Exception {
        return queryUsage(meter, from, to, window, List.of());
    }

    /**
     * As {@link #queryUsage(String, Instant, Instant, String)}, keeping the groupBy keys {@code groupBy}
     * (query_usage merges every key not listed: its {@code group_by} parameter defaults to none).
     */
    public Map<UsageOracle.Row, BigDecimal> queryUsage(String meter, Instant from, Instant to, String window,
            List<String> groupBy) throws Exception {
        Map<UsageOracle.Row, BigDecimal> out = new HashMap<>();
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement("SELECT subject, group_values::text, window_start, value"
                        + " FROM meterflow.query_usage(?, ?, ?, ?, group_by => ?::text[])")) {
            s.setString(1, meter);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setString(4, window);
            s.setArray(5, c.createArrayOf("text", groupBy.toArray(new String[0])));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TreeMap<String, String> groups = new TreeMap<>();
                    JSON.readTree(rs.getString(2)).fields()
                            .forEachRemaining(f -> groups.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
                    long start = window == null ? 0 : rs.getTimestamp(3).toInstant().toEpochMilli();
                    UsageOracle.Row row = new UsageOracle.Row(rs.getString(1), groups, start);
                    assertThat(out.put(row, rs.getBigDecimal(4))).as("duplicate row %s", row).isNull();
                }
            }
        }
        return out;
    }

    /** Compares numerically (scale-insensitive); AVG to 10 decimal places. */
    public static Map<UsageOracle.Row, BigDecimal> normalized(Map<UsageOracle.Row, BigDecimal> rows, boolean average) {
        Map<UsageOracle.Row, BigDecimal> out = new HashMap<>();
        rows.forEach((k, v) -> out.put(k, v == null ? null
                : (average ? v.setScale(10, RoundingMode.HALF_EVEN) : v).stripTrailingZeros()));
        return out;
    }

    /** Asserts every meter's stored windows and whole-range totals equal the oracle exactly. */
    public void assertEqualsOracle(UsageOracle oracle, Instant from, Instant to) throws Exception {
        for (OracleMeter m : METERS) {
            boolean avg = m.aggregation().equals("AVG");
            List<String> groups = List.copyOf(m.groupBy().keySet());
            assertThat(normalized(queryUsage(m.slug(), from, to, m.windowSize(), groups), avg))
                    .as("windows of %s", m.slug())
                    .isEqualTo(normalized(oracle.windows(m.slug()), avg));
            assertThat(normalized(queryUsage(m.slug(), from, to, null, groups), avg))
                    .as("totals of %s", m.slug())
                    .isEqualTo(normalized(oracle.totals(m.slug()), avg));
        }
    }

    /** Asserts the pipeline counters equal the oracle's and balance. */
    public void assertCountersEqualOracle(UsageOracle oracle) {
        for (String name : List.of("events_read", "events_rejected", "events_unmatched", "events_metered")) {
            assertThat(counter("", name)).as(name).isEqualTo(oracle.counter("", name));
        }
        assertThat(counter("", "events_read")).isEqualTo(
                counter("", "events_rejected") + counter("", "events_unmatched") + counter("", "events_metered"));
        for (OracleMeter m : METERS) {
            for (String name : List.of("counted", "duplicates", "rejected")) {
                assertThat(counter(m.slug(), name)).as("%s %s", m.slug(), name).isEqualTo(oracle.counter(m.slug(), name));
            }
        }
    }
}
