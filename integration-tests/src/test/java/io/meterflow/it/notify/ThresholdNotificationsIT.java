package io.meterflow.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.EventDigest;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.PeriodUnit;
import io.meterflow.limit.Threshold;
import io.meterflow.limit.SubjectMeterUsage;
import io.meterflow.notification.NotificationTopics;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Threshold rules on the real job: limits from the compacted topic (own and default) set before the
 * start, events with redeliveries, a stop with a savepoint in the middle and every event delivered again
 * after the restore, then a lowered limit; the notifications topic, read read_committed, holds exactly
 * the oracle's notifications (ids and contents), each once, and meterflow.notifications the same ids.
 */
class ThresholdNotificationsIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(3);

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String METER = "llm_calls"; // COUNT
    private static final List<Threshold> THRESHOLDS = List.of(Threshold.parse("50%"), Threshold.parse("100%"),
            Threshold.parse("7"));
    private static final SubjectMeterUsage.Rule QUOTA = new SubjectMeterUsage.Rule("quota", THRESHOLDS);

    @Test
    void everyCrossingIsNotifiedExactlyOnceAcrossARestoreAndRedeliveries() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("notify", 2);
        String notifications = fx.topic + "-notifications";
        String limitsTopic = fx.topic + "-limits";
        String yaml = fx.configYaml(String.join("\n",
                "notifications:",
                "  topic: " + notifications,
                "  limitsTopic: " + limitsTopic,
                "  rules:",
                "    - name: quota",
                "      meter: " + METER,
                "      thresholds: [50%, 100%, 7]",
                "      period: DAY",
                "      channels: [ { url: 'https://hooks.example.invalid/h', secret: '" + SECRET + "' } ]",
                ""));
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        Properties kafka = new Properties();
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        NotificationTopics.ensure(kafka, limitsTopic, notifications);
        PeriodSchedule daily = new PeriodSchedule(PeriodUnit.DAY, ZoneOffset.UTC, PeriodSchedule.DEFAULT_ANCHOR);
        Instant changedAt = Instant.parse("2026-01-01T00:00:00Z");
        publishLimit(fx, limitsTopic, new Limit(METER, "acme", new BigDecimal(10), daily), changedAt);
        publishLimit(fx, limitsTopic, new Limit(METER, null, new BigDecimal(4), daily), changedAt);

        // Two subjects in one (past) UTC day: acme by its own limit (10), globex by the default (4).
        Instant day = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.DAYS);
        List<GeneratedEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event("a" + i, "acme", day.plusSeconds(60L * i)));
        }
        for (int i = 0; i < 8; i++) {
            events.add(event("g" + i, "globex", day.plusSeconds(30L * i)));
        }
        List<GeneratedEvent> first = new ArrayList<>(events.subList(0, 6));
        first.add(events.get(0)); // a producer retry
        first.addAll(events.subList(12, 15));
        List<GeneratedEvent> rest = new ArrayList<>(events.subList(6, 12));
        rest.addAll(events.subList(15, 20));

        Path savepointDir = java.nio.file.Files.createTempDirectory("notify-savepoints");
        JobClient job = MeterflowFixture.startJob(yaml, null, null);
        String savepoint;
        try {
            fx.produce(first);
            MeterflowFixture.await("the first events committed", Duration.ofMinutes(2),
                    () -> fx.counter("", "events_read") >= first.size());
            savepoint = job.stopWithSavepoint(false, savepointDir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            job.cancel();
            throw e;
        }
        job = MeterflowFixture.startJob(yaml, savepoint, null);
        try {
            fx.produce(rest);
            fx.produce(events); // everything again: duplicates within the horizon
            MeterflowFixture.await("every event read", Duration.ofMinutes(2),
                    () -> fx.counter("", "events_read") >= first.size() + rest.size() + events.size());
            Map<String, SubjectMeterUsage> state = new LinkedHashMap<>();
            Set<String> expected = oracle(events, daily, state);
            List<String> seen = NotificationsRead.committed(fx, notifications, expected.size(), Duration.ofMinutes(2));
            assertThat(new TreeSet<>(seen)).isEqualTo(new TreeSet<>(expected));
            assertThat(seen).as("each notification once").doesNotHaveDuplicates();

            // Lowering acme's limit from 10 to 6 fires 50 % and 100 % again, at the new levels, at once.
            Instant lowered = Instant.parse("2026-01-02T00:00:00Z");
            publishLimit(fx, limitsTopic, new Limit(METER, "acme", new BigDecimal(6), daily), lowered);
            for (Notification n : state.get("acme").onLimitChange(List.of(QUOTA), new BigDecimal(10), new BigDecimal(6), lowered)) {
                expected.add(n.toJson());
            }
            List<String> after = NotificationsRead.committed(fx, notifications, expected.size(), Duration.ofMinutes(2));
            assertThat(new TreeSet<>(after)).isEqualTo(new TreeSet<>(expected));
            assertThat(after).doesNotHaveDuplicates();
            MeterflowFixture.await("the notifications in PostgreSQL", Duration.ofMinutes(1),
                    () -> NotificationsRead.ids(fx).size() >= expected.size());
            assertThat(NotificationsRead.ids(fx)).isEqualTo(
                    new TreeSet<>(expected.stream().map(j -> Notification.fromJson(j).id()).toList()));
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        assertThat(config.notifications().rules()).hasSize(1);
    }

    /** What the rule fires, computed directly on the distinct events in their (per subject) produce order. */
    private static Set<String> oracle(List<GeneratedEvent> events, PeriodSchedule daily, Map<String, SubjectMeterUsage> bySubject) {
        Set<String> out = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (GeneratedEvent e : events) {
            if (!ids.add(e.id())) {
                continue;
            }
            BigDecimal limit = new BigDecimal(e.subject().equals("acme") ? 10 : 4);
            SubjectMeterUsage u = bySubject.computeIfAbsent(e.subject(), s -> new SubjectMeterUsage(METER, s));
            for (Notification n : u.onEvent(List.of(QUOTA), limit, daily, null,
                    Instant.ofEpochMilli(e.timeMillis()), BigDecimal.ONE, EventDigest.of(e.source(), e.id()).toHex())) {
                out.add(n.toJson());
            }
        }
        return out;
    }

    private static void publishLimit(MeterflowFixture fx, String topic, Limit limit, Instant changedAt) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, LimitChange.key(limit.meter(), limit.subject()),
                    LimitChange.value(limit, null, changedAt))).get(30, TimeUnit.SECONDS);
        }
    }

    private static GeneratedEvent event(String id, String subject, Instant time) {
        return GeneratedEvent.structured("//notify-it", id, "llm.completion", subject, time,
                Map.of("model", "m1", "usage", Map.of("total_tokens", 1)));
    }
}
