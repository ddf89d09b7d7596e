package io.meterflow.it.pipeline;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 1 with a transactional upstream: records of an aborted transaction are in the log but
 * were never published, so only the committed transaction's events are counted.
 */
class TransactionalProducerIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();

    @Test
    void eventsOfAnAbortedTransactionAreNotCounted() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("txn-upstream", 2);
        List<GeneratedEvent> aborted = new UsageStreamGenerator(7001L, NOW, 5).generate(400);
        List<GeneratedEvent> committed = new UsageStreamGenerator(7002L, NOW, 5).generate(400);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, committed);

        JobClient job = MeterflowFixture.startJob(fx.configYaml(""), null, null);
        try {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-upstream-" + System.nanoTime());
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                // Aborted first: a read_uncommitted consumer would count these before the committed ones.
                producer.beginTransaction();
                send(producer, fx.topic, aborted);
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                send(producer, fx.topic, committed);
                producer.commitTransaction();
            }
            MeterflowFixture.await("committed events read", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= committed.size());
            Thread.sleep(4_000); // a few more checkpoints: anything else read would be committed by now
        } finally {
            job.cancel().get();
        }
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, List<GeneratedEvent> events) {
        for (GeneratedEvent e : events) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.subject(), e.value());
            e.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r);
        }
    }
}
