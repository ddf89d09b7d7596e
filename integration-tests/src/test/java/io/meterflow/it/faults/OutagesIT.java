package io.meterflow.it.faults;

import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault scenarios 3 and 4 (guarantee 1 across outages): PostgreSQL restarted (fast stop + start)
 * twice mid-stream, and the Kafka broker stopped for 10 s (a 30 s outage behaves the same; 10 s keeps CI short
 * and already outlasts the clients' request timeouts and reconnect backoff) and restarted. Each test
 * owns the server it stops, so nothing else in the JVM notices.
 */
class OutagesIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(10);

    @Test
    void postgresRestartedTwiceMidStreamLosesAndDoublesNothing() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgresServer pg = FaultKit.ownPostgres("pg-restart")) {
            MeterflowFixture fx = new MeterflowFixture("pg-restart", 2, null, FaultKit.database(pg), Map.of());
            List<GeneratedEvent> stream = new UsageStreamGenerator(301L, NOW, 6).generate(1_800);
            JobClient job = FaultKit.start(fx, "");
            try {
                int slice = stream.size() / 6;
                for (int i = 0; i < 6; i++) {
                    fx.produce(stream.subList(i * slice, i == 5 ? stream.size() : (i + 1) * slice));
                    Thread.sleep(1_500);
                    if (i == 1 || i == 3) {
                        long before = fx.counter("", "events_read");
                        pg.restart();
                        FaultKit.LOG.info("PostgreSQL restarted with {} events committed", before);
                    }
                }
                FaultKit.awaitRead(fx, stream.size(), Duration.ofMinutes(3));
            } finally {
                FaultKit.cancelQuietly(job);
            }
            UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
            fx.assertCountersEqualOracle(oracle);
            fx.assertEqualsOracle(oracle, FROM, TO);
        }
        FaultKit.LOG.info("OutagesIT.postgresRestarted took {} s", FaultKit.seconds(t0));
    }

    @Test
    void kafkaBrokerStoppedAndRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedKafkaBroker kafka = FaultKit.ownKafka("kafka-outage")) {
            MeterflowFixture fx = new MeterflowFixture("kafka-outage", 2, kafka.bootstrapServers(), null, Map.of());
            List<GeneratedEvent> stream = new UsageStreamGenerator(401L, NOW, 6).generate(1_800);
            int half = stream.size() / 2;
            JobClient job = FaultKit.start(fx, "");
            try {
                fx.produce(stream.subList(0, half / 2));
                fx.produce(stream.subList(half / 2, half));
                MeterflowFixture.await("first commits", Duration.ofMinutes(2), () -> fx.counter("", "events_read") > 0);
                kafka.stop();
                FaultKit.LOG.info("Kafka broker stopped with {} events committed", fx.counter("", "events_read"));
                Thread.sleep(KAFKA_OUTAGE.toMillis());
                kafka.restart();
                fx.produce(stream.subList(half, stream.size()));
                FaultKit.awaitRead(fx, stream.size(), Duration.ofMinutes(3));
            } finally {
                FaultKit.cancelQuietly(job);
            }
            UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
            fx.assertCountersEqualOracle(oracle);
            fx.assertEqualsOracle(oracle, FROM, TO);
        }
        FaultKit.LOG.info("OutagesIT.kafkaBroker took {} s", FaultKit.seconds(t0));
    }
}
