package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.limit.LimitChange;
import io.meterflow.sink.MeterSchema;
import io.meterflow.sink.Migrations;
import io.meterflow.sink.PostgresUsageStore;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./meterflow limits} against a real PostgreSQL and a real Kafka broker: both copies, or neither. */
class LimitsCommandTest {
    private static PostgresDatabase database;
    private static String bootstrap;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        bootstrap = TestServices.get().kafkaBootstrapServers();
        database = TestServices.newPostgresDatabase("limits");
        PostgresConnectionSettings s = new PostgresConnectionSettings(database.jdbcUrl(), database.user(), database.password(),
                new Properties());
        Migrations.apply(s);
        new PostgresUsageStore(s).syncMeters(1, List.of(new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.MINUTE,
                List.of(), null)));
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO meterflow.usage_windows (generation, meter, subject, window_start, window_end, event_count)"
                    + " VALUES (1, 'calls', 'c1', '2026-12-01T10:00:00Z', '2026-12-01T10:01:00Z', 5)");
        }
    }

    /** A config with its own limits topic, so tests do not read each other's records. */
    private static Path config(String topic, String extraKafka) throws Exception {
        Path f = dir.resolve(topic + ".yaml");
        Files.writeString(f, String.join("\n",
                "kafka: { bootstrapServers: '" + bootstrap + "', topic: events" + extraKafka + " }",
                "postgres: { url: '" + database.jdbcUrl() + "', user: '" + database.user() + "', password: '" + database.password() + "' }",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]",
                "notifications: { limitsTopic: " + topic + " }", ""));
        return f;
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static List<String> limitRows() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = database.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT meter || '/' || coalesce(subject, '*') || '=' || limit_value FROM ("
                        + "SELECT meter, subject, limit_value FROM meterflow.limits UNION ALL"
                        + " SELECT meter, NULL, limit_value FROM meterflow.default_limits) x ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String topic() {
        return "limits-" + UUID.randomUUID();
    }

    @Test
    void setListDeleteAndResetReachPostgresAndTheCompactedTopic() throws Exception {
        String topic = topic();
        Path cfg = config(topic, "");
        MeterflowCliTest.Result set = MeterflowCliTest.run("limits", "set", "-c", cfg.toString(), "--subject", "c1", "--meter", "calls",
                "--limit", "1000", "--period", "MONTH", "--tz", "Europe/Berlin", "--anchor", "2026-01-17T09:00");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("c1 / calls = 1000 per MONTH (Europe/Berlin");
        assertThat(MeterflowCliTest.run("limits", "set", "-c", cfg.toString(), "--default", "--meter", "calls", "--limit", "50")
                .code()).isZero();
        assertThat(limitRows()).contains("calls/c1=1000", "calls/*=50");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(r)).all().get().get(r).get("cleanup.policy").value()).isEqualTo("compact");
        }

        MeterflowCliTest.Result list = MeterflowCliTest.run("limits", "list", "-c", cfg.toString(), "--meter", "calls");
        assertThat(list.out()).contains("(default)").contains("c1").contains("Europe/Berlin").contains("2026-01-17T09:00");

        MeterflowCliTest.Result reset = MeterflowCliTest.run("limits", "reset", "-c", cfg.toString(), "--subject", "c1", "--meter", "calls",
                "--at", "2026-12-10T00:00:00Z");
        assertThat(reset.code()).as(reset.err()).isZero();
        MeterflowCliTest.Result deleted = MeterflowCliTest.run("limits", "delete", "-c", cfg.toString(), "--subject", "c1", "--meter", "calls");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        MeterflowCliTest.Result again = MeterflowCliTest.run("limits", "delete", "-c", cfg.toString(), "--default", "--meter", "calls");
        assertThat(again.code()).isZero();
        MeterflowCliTest.Result none = MeterflowCliTest.run("limits", "delete", "-c", cfg.toString(), "--default", "--meter", "calls");
        assertThat(none.code()).isNotZero();
        assertThat(none.err()).contains("no default limit on meter 'calls'");

        List<ConsumerRecord<byte[], byte[]>> rs = records(topic);
        assertThat(rs).hasSize(5);
        assertThat(new String(rs.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("{\"meter\":\"calls\",\"subject\":\"c1\"}");
        assertThat(LimitChange.readValue(rs.get(0).value()).toLimit().value()).isEqualByComparingTo("1000");
        assertThat(LimitChange.readKey(rs.get(1).key()).subject()).isNull();
        LimitChange.Value afterReset = LimitChange.readValue(rs.get(2).value());
        assertThat(afterReset.resetAt()).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
        assertThat(afterReset.limit()).isEqualByComparingTo("1000");
        // The reset outlives the deleted limit: "no limit of its own, reset at".
        LimitChange.Value afterDelete = LimitChange.readValue(rs.get(3).value());
        assertThat(afterDelete.limit()).isNull();
        assertThat(afterDelete.resetAt()).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
        assertThat(rs.get(4).value()).as("deleting the default is a tombstone").isNull();
        assertThat(limitRows()).doesNotContain("calls/c1=1000", "calls/*=50");
    }

    @Test
    void badInputIsAClearErrorAndNothingIsApplied() throws Exception {
        String topic = topic();
        Path cfg = config(topic, "");
        String[][] bad = {
            {"--subject", "c1", "--meter", "nope", "--limit", "5"},
            {"--subject", "ghost", "--meter", "calls", "--limit", "5"},
            {"--subject", "c1", "--meter", "calls", "--limit", "-5"},
            {"--subject", "c1", "--meter", "calls", "--limit", "lots"},
            {"--subject", "c1", "--meter", "calls", "--limit", "5", "--tz", "Mars/Olympus"},
            {"--subject", "c1", "--meter", "calls", "--limit", "5", "--period", "YEAR"},
            {"--subject", "c1", "--default", "--meter", "calls", "--limit", "5"},
        };
        String[] expected = {"unknown meter 'nope' (meters: calls)", "unknown subject 'ghost'", "cannot be negative",
            "got 'lots'", "unknown time zone 'Mars/Olympus'", "got 'YEAR'", "mutually exclusive"};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new ArrayList<>(List.of("limits", "set", "-c", cfg.toString()));
            args.addAll(List.of(bad[i]));
            MeterflowCliTest.Result r = MeterflowCliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", bad[i])).isNotZero();
            assertThat(r.err()).as(String.join(" ", bad[i])).contains(expected[i]);
            assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
        }
        MeterflowCliTest.Result ok = MeterflowCliTest.run("limits", "set", "-c", cfg.toString(), "--subject", "ghost", "--new-subject",
                "--meter", "calls", "--limit", "5");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(limitRows()).containsOnlyOnce("calls/ghost=5").noneMatch(r -> r.startsWith("calls/c1="));
        assertThat(records(topic)).hasSize(1);
        MeterflowCliTest.run("limits", "delete", "-c", cfg.toString(), "--subject", "ghost", "--meter", "calls");
    }

    @Test
    void aPublishThatFailsLeavesPostgresUnchanged() throws Exception {
        String topic = topic();
        // Every record is larger than the producer may send: the publish fails after the row was written.
        Path cfg = config(topic, ", properties: { max.request.size: 40 }");
        MeterflowCliTest.Result r = MeterflowCliTest.run("limits", "set", "-c", cfg.toString(), "--subject", "c1", "--meter", "calls",
                "--limit", "777");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("cannot publish the change to Kafka topic '" + topic + "' (nothing was changed)");
        assertThat(limitRows()).noneMatch(x -> x.endsWith("=777"));
    }
}
