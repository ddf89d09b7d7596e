package io.meterflow.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.ForwardingUsageStore;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import io.meterflow.sink.UsageStoreFactory;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 3: rejected events land in meterflow.rejected_events and on the dead-letter topic,
 * exactly once each, even when the job restarts after it already committed some of them.
 */
class RejectedEventsIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();

    /** Fails the committer once, right after its second successful commit. */
    static final class FailOnceAfterCommit implements UsageStoreFactory {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final java.util.concurrent.atomic.AtomicInteger APPLIED = new java.util.concurrent.atomic.AtomicInteger();
        private final UsageStoreFactory real;

        FailOnceAfterCommit(UsageStoreFactory real) {
            this.real = real;
        }

        @Override
        public UsageStore open() {
            return new ForwardingUsageStore(real.open()) {
                @Override
                public boolean apply(UsageCommittable c) throws java.sql.SQLException {
                    boolean applied = super.apply(c);
                    if (applied && APPLIED.incrementAndGet() == 2 && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected: restart after a commit with rejections");
                    }
                    return applied;
                }
            };
        }
    }

    @Test
    void rejectionsAreStoredAndDeadLetteredExactlyOnceAcrossARestart() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("rejected", 2);
        String deadLetters = fx.topic + "-rejected";
        fx.services.createTopic(deadLetters, 1);
        List<GeneratedEvent> stream = new UsageStreamGenerator(99L, NOW, 4).generate(1_200);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        long expectedRejections = oracle.counter("", "events_rejected")
                + MeterflowFixture.METERS.stream().mapToLong(m -> oracle.counter(m.slug(), "rejected")).sum();
        assertThat(expectedRejections).isGreaterThan(20);

        String yaml = fx.configYaml("").replace(
                "  idleTimeout: 2s\n", "  idleTimeout: 2s\n  deadLetterTopic: " + deadLetters + "\n");
        JobClient job = MeterflowFixture.startJob(yaml, null, FailOnceAfterCommit::new);
        try {
            int half = stream.size() / 2;
            fx.produce(stream.subList(0, half));
            MeterflowFixture.await("the injected restart", Duration.ofMinutes(2), FailOnceAfterCommit.FAILED::get);
            fx.produce(stream.subList(half, stream.size()));
            MeterflowFixture.await("all events counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= stream.size());
            Map<String, Integer> deadLettered = readDeadLetters(fx, deadLetters, expectedRejections);
            assertThat(deadLettered.values()).as("each rejection dead-lettered once").allMatch(n -> n == 1);
            assertThat(deadLettered).hasSize((int) expectedRejections);
        } finally {
            job.cancel().get();
        }
        fx.assertCountersEqualOracle(oracle);
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*), count(*) FILTER (WHERE reason IS NULL OR detail IS NULL OR payload_size IS NULL) "
                                + "FROM meterflow.rejected_events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(expectedRejections);
            assertThat(rs.getLong(2)).as("every rejection has a reason, a detail and its size").isZero();
        }
    }

    /** Reads committed dead letters until {@code expected} distinct ones arrived (plus a grace period for extras). */
    private static Map<String, Integer> readDeadLetters(MeterflowFixture fx, String topic, long expected) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.services.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long graceUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, graceUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String where = new String(r.headers().lastHeader("meterflow-source").value(), StandardCharsets.UTF_8);
                    String meter = new String(r.headers().lastHeader("meterflow-meter").value(), StandardCharsets.UTF_8);
                    assertThat(r.headers().lastHeader("meterflow-reason")).isNotNull();
                    seen.merge(where + "|" + meter, 1, Integer::sum);
                }
                if (seen.size() >= expected && graceUntil == Long.MAX_VALUE) {
                    graceUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return seen;
    }
}
