package io.meterflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.testkit.MeterflowMiniCluster;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the test harness is real: records produced to a real Kafka broker are read by a Flink job on a
 * MiniCluster (parallelism 2, KafkaSource over 2 partitions), summed per key and written to a real
 * PostgreSQL server through the JDBC connector; the rows in PostgreSQL are checked exactly.
 */
class HarnessIT {

    private static final Logger LOG = LoggerFactory.getLogger(HarnessIT.class);

    private static final int RECORDS = 1_000;
    private static final int KEYS = 7;

    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    @Test
    void recordsFlowFromKafkaThroughFlinkIntoPostgresExactly() throws Exception {
        long started = System.nanoTime();
        TestServices services = TestServices.get();
        String topic = "harness-" + UUID.randomUUID();
        services.createTopic(topic, 2);
        PostgresDatabase database = services.newDatabase("harness");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE key_sums (key text PRIMARY KEY, total bigint NOT NULL, records bigint NOT NULL)");
        }

        Map<String, long[]> expected = produce(services.kafkaBootstrapServers(), topic);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        KafkaSource<Tuple3<String, Long, Long>> source = KafkaSource.<Tuple3<String, Long, Long>>builder()
                .setBootstrapServers(services.kafkaBootstrapServers())
                .setTopics(topic)
                .setGroupId("harness-it")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new KeyValueDeserializer())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka")
                .keyBy(t -> t.f0)
                .reduce((a, b) -> Tuple3.of(a.f0, a.f1 + b.f1, a.f2 + b.f2))
                // Every running total is upserted; the last one per key wins because keyBy keeps a key's order.
                .sinkTo(JdbcSink.<Tuple3<String, Long, Long>>builder()
                        .withQueryStatement(
                                "INSERT INTO key_sums (key, total, records) VALUES (?, ?, ?) "
                                        + "ON CONFLICT (key) DO UPDATE SET total = EXCLUDED.total, records = EXCLUDED.records",
                                (statement, row) -> {
                                    statement.setString(1, row.f0);
                                    statement.setLong(2, row.f1);
                                    statement.setLong(3, row.f2);
                                })
                        .withExecutionOptions(JdbcExecutionOptions.builder()
                                .withBatchSize(200)
                                .withBatchIntervalMs(200)
                                .withMaxRetries(3)
                                .build())
                        .buildAtLeastOnce(new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                .withUrl(database.jdbcUrl())
                                .withDriverName("org.postgresql.Driver")
                                .withUsername(database.user())
                                .withPassword(database.password())
                                .build()))
                .name("postgres");
        long jobStarted = System.nanoTime();
        env.execute("harness-it");
        LOG.info("HarnessIT Flink job ran in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - jobStarted));

        Map<String, long[]> actual = new TreeMap<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT key, total, records FROM key_sums")) {
            while (rs.next()) {
                actual.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        assertThat(actual).hasSize(KEYS);
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((key, sums) -> assertThat(actual.get(key)).as("total and count of %s", key).containsExactly(sums));
        assertThat(actual.values().stream().mapToLong(v -> v[1]).sum()).isEqualTo(RECORDS);
        LOG.info("HarnessIT passed in {} ms against Kafka {} and {}", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                services.kafkaBootstrapServers(), database.jdbcUrl());
    }

    /** Produces value i under key {@code subject-(i % KEYS)}; returns the expected {sum, count} per key. */
    private static Map<String, long[]> produce(String bootstrap, String topic) throws Exception {
        Map<String, long[]> expected = new TreeMap<>();
        Set<Integer> partitions = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new StringSerializer())) {
            Future<RecordMetadata>[] sent = new Future[RECORDS];
            for (int i = 0; i < RECORDS; i++) {
                String key = "subject-" + (i % KEYS);
                sent[i] = producer.send(new ProducerRecord<>(topic, key, Long.toString(i)));
                long[] sums = expected.computeIfAbsent(key, k -> new long[2]);
                sums[0] += i;
                sums[1]++;
            }
            for (Future<RecordMetadata> f : sent) {
                partitions.add(f.get(30, TimeUnit.SECONDS).partition());
            }
        }
        assertThat(partitions).as("records landed on both partitions").containsExactlyInAnyOrder(0, 1);
        return expected;
    }

    /** (key, value, 1) from a record with a string key and a decimal string value. */
    private static final class KeyValueDeserializer implements KafkaRecordDeserializationSchema<Tuple3<String, Long, Long>> {

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple3<String, Long, Long>> out) {
            out.collect(Tuple3.of(
                    new String(record.key(), StandardCharsets.UTF_8),
                    Long.parseLong(new String(record.value(), StandardCharsets.UTF_8)),
                    1L));
        }

        @Override
        public TypeInformation<Tuple3<String, Long, Long>> getProducedType() {
            return Types.TUPLE(Types.STRING, Types.LONG, Types.LONG);
        }
    }
}
