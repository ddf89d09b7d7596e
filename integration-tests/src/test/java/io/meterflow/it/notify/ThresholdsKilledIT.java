package io.meterflow.it.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.config.NotificationsConfig;
import io.meterflow.event.EventDigest;
import io.meterflow.it.ProcessKit;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.notification.NotificationTopics;
import io.meterflow.testkit.Launcher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threshold oracle across {@code kill -9}: the real {@code ./meterflow run} with two rules (a COUNT
 * meter by Europe/Berlin days from an anchor at 02:30, which the last Sunday of October has twice, and a
 * SUM meter by America/New_York weeks from Sunday 01:30, likewise on the first Sunday of November),
 * limits set before the start (own and default), a seeded stream of several subjects with redeliveries
 * and late events across period boundaries, limit changes (lowered, raised, deleted) and manual resets
 * at quiescent points, and the job killed with SIGKILL at a random moment in each of the three
 * stretches between them and resumed from its latest checkpoint; at the end every event is delivered
 * again. At every quiescent
 * point and at the end the read_committed notifications topic holds exactly the oracle's notifications
 * (ids and JSON), each once, and meterflow.notifications the same ids.
 */
class ThresholdsKilledIT {
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdsKilledIT.class);
    /** Seeds the stream and the kill moments; {@code -Dmeterflow.it.thresholdSeed=N} tries another. */
    private static final long SEED = Long.getLong("meterflow.it.thresholdSeed", System.nanoTime() % 100_000);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SOURCE = "//thresholds-killed-it";
    private static final String CALLS = "llm_calls"; // COUNT
    private static final String TOKENS = "llm_tokens"; // SUM of usage.total_tokens
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final int SUBJECTS = 7;
    private static final int EVENTS_PER_SUBJECT = 140;
    private static final Instant LIMITS_SET = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void notificationsEqualTheOracleAcrossKillsLimitChangesResetsAndRedelivery(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        LOG.info("ThresholdsKilledIT seed {} (rerun with -Dmeterflow.it.thresholdSeed={})", SEED, SEED);
        Random random = new Random(SEED);
        MeterflowFixture fx = new MeterflowFixture("thrkill", 2);
        String notifications = fx.topic + "-notifications";
        String limitsTopic = fx.topic + "-limits";
        String yaml = fx.configYaml(String.join("\n",
                "  dir: " + tmp.resolve("checkpoints").toUri(),
                "job:",
                "  parallelism: 2",
                "notifications:",
                "  topic: " + notifications,
                "  limitsTopic: " + limitsTopic,
                "  rules:",
                "    - name: calls",
                "      meter: " + CALLS,
                "      thresholds: [50%, 80%, 100%, 12]",
                "      period: DAY",
                "      timeZone: Europe/Berlin",
                "      anchor: 2001-01-01T02:30",
                "      channels: [ { url: 'https://hooks.example.invalid/calls', secret: '" + SECRET + "' } ]",
                "    - name: spend",
                "      meter: " + TOKENS,
                "      thresholds: [25%, 75%, 100%, 5000]",
                "      period: WEEK",
                "      timeZone: America/New_York",
                "      anchor: 2026-01-04T01:30",
                "      channels: [ { url: 'https://hooks.example.invalid/spend', secret: '" + SECRET + "' } ]",
                ""));
        Path config = tmp.resolve("meterflow.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        MeterflowConfig parsed = MeterflowConfig.parse(yaml, Map.of());
        List<NotificationsConfig.Rule> rules = parsed.notifications().rules();
        assertThat(rules).extracting(NotificationsConfig.Rule::meter).containsExactly(CALLS, TOKENS);
        ThresholdOracle oracle = new ThresholdOracle(rules, parsed.dedupe().ttl());
        Properties kafka = new Properties();
        kafka.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        NotificationTopics.ensure(kafka, limitsTopic, notifications);
        Limits limits = new Limits(fx, limitsTopic, oracle);

        // The days around the latest autumn change back to standard time that lies wholly in the past.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int year = newYorkChange(today.getYear()).plusDays(3).isBefore(today) ? today.getYear() : today.getYear() - 1;
        LocalDate berlinChange = LocalDate.of(year, 10, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
        LocalDate newYorkChange = newYorkChange(year);
        Instant from = berlinChange.minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = newYorkChange.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        LOG.info("event times {} .. {} (Berlin back to CET {}, New York to EST {})", from, to, berlinChange, newYorkChange);

        PeriodSchedule berlinDays = schedule("DAY", BERLIN, "2001-01-01T02:30");
        PeriodSchedule berlinMidnights = schedule("DAY", BERLIN, "2001-01-01T00:00");
        PeriodSchedule newYorkWeeks = schedule("WEEK", NEW_YORK, "2026-01-04T01:30");
        PeriodSchedule newYorkMondays = schedule("WEEK", NEW_YORK, null);
        // Before the start: defaults for both meters, and own limits for some subjects.
        limits.set(new Limit(CALLS, null, new BigDecimal(12), berlinDays), null, LIMITS_SET);
        limits.set(new Limit(CALLS, "s0", new BigDecimal(20), berlinDays), null, LIMITS_SET);
        limits.set(new Limit(CALLS, "s1", new BigDecimal(8), berlinMidnights), null, LIMITS_SET);
        limits.set(new Limit(TOKENS, null, new BigDecimal(4000), newYorkWeeks), null, LIMITS_SET);
        limits.set(new Limit(TOKENS, "s2", new BigDecimal(9000), newYorkMondays), null, LIMITS_SET);

        List<GeneratedEvent> deliveries = stream(random, from, to);
        List<List<GeneratedEvent>> stretches = List.of(deliveries.subList(0, deliveries.size() / 3),
                deliveries.subList(deliveries.size() / 3, deliveries.size() * 2 / 3),
                deliveries.subList(deliveries.size() * 2 / 3, deliveries.size()));
        LOG.info("{} deliveries of {} events", deliveries.size(), SUBJECTS * EVENTS_PER_SUBJECT);

        long produced = 0;
        Path logs = Files.createDirectories(Path.of("target", "thresholds-killed", "seed-" + SEED + "-" + ProcessHandle.current().pid())
                .toAbsolutePath());
        Process p = start(logs, config, 0);
        try {
            for (int stretch = 0; stretch < 3; stretch++) {
                List<GeneratedEvent> part = stretches.get(stretch);
                p = killedIn(fx, logs, config, p, part, produced, random, stretch);
                produced += part.size();
                long total = produced;
                ProcessKit.awaitWhileAlive("events_read = " + total, Duration.ofSeconds(150), p, logs.resolve("run" + (stretch + 1) + ".err"),
                        () -> fx.counter("", "events_read") >= total);
                part.forEach(e -> feed(oracle, e));
                assertNotifications(fx, notifications, oracle, "after stretch " + stretch);
                int before = oracle.expected().size();
                if (stretch == 0) {
                    // Lower one own limit and the SUM default (firing what the usage now exceeds), raise another (re-arming).
                    Instant at = from.plus(Duration.ofDays(5));
                    limits.set(new Limit(CALLS, "s1", new BigDecimal(3), berlinMidnights), null, at);
                    limits.set(new Limit(TOKENS, null, new BigDecimal(2500), newYorkWeeks), null, at);
                    limits.set(new Limit(TOKENS, "s2", new BigDecimal(12000), newYorkMondays), null, at);
                } else if (stretch == 1) {
                    // s1 loses its own limit (a tombstone: the default applies again, re-arming); then manual
                    // resets at 01:30 EDT, the first of New York's two 01:30s, with an own limit and on defaults
                    // (one partition: their notifications show the deletion was applied too).
                    limits.delete(CALLS, "s1");
                    Instant at = LocalDateTime.of(newYorkChange, LocalTime.of(1, 30)).atZone(NEW_YORK).withEarlierOffsetAtOverlap()
                            .toInstant();
                    limits.set(new Limit(CALLS, "s0", new BigDecimal(20), berlinDays), at, at.plusSeconds(1));
                    limits.resetOnly(CALLS, "s3", at, at.plusSeconds(1));
                    limits.resetOnly(TOKENS, "s4", at, at.plusSeconds(1));
                } else {
                    break;
                }
                assertThat(oracle.expected().size()).as("the change notifies something (else its effect is not visible)")
                        .isGreaterThan(before);
                assertNotifications(fx, notifications, oracle, "after the change following stretch " + stretch);
            }
            // Every event once more, to the running job: all duplicates now.
            fx.produce(deliveries);
            long total = produced + deliveries.size();
            Process last = p;
            ProcessKit.awaitWhileAlive("events_read = " + total, Duration.ofSeconds(150), last, logs.resolve("run3.err"),
                    () -> fx.counter("", "events_read") >= total);
            assertNotifications(fx, notifications, oracle, "after the redelivery");
            Set<String> ids = new TreeSet<>(oracle.expected().stream().map(j -> Notification.fromJson(j).id()).toList());
            MeterflowFixture.await("meterflow.notifications", Duration.ofMinutes(1), () -> NotificationsRead.ids(fx).size() >= ids.size());
            assertThat(NotificationsRead.ids(fx)).as("meterflow.notifications").isEqualTo(ids);
            assertThat(fx.counter("", "events_read")).isEqualTo(total);
            for (int run = 1; run <= 3; run++) {
                assertThat(Files.readString(logs.resolve("run" + run + ".out"))).as("run " + run).contains("resumed from");
            }
            LOG.info("ThresholdsKilledIT seed {}: {} notifications, took {} s", SEED, ids.size(),
                    Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        } finally {
            if (p.isAlive()) {
                ProcessKit.stop(p);
            }
        }
    }

    private static LocalDate newYorkChange(int year) {
        return LocalDate.of(year, 11, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.SUNDAY));
    }

    private static Process start(Path logs, Path config, int run) throws Exception {
        return Launcher.start(logs.resolve("run" + run + ".out"), logs.resolve("run" + run + ".err"), "run", "-c", config.toString());
    }

    /**
     * Produces a stretch: a head, then the rest trickling in while the job runs, killed with SIGKILL at a
     * random moment of the trickle (before, during or after a checkpoint and its commits) and started
     * again at once; what the trickle has not sent by then goes while it is down or resuming. Returns the
     * new process.
     */
    private static Process killedIn(MeterflowFixture fx, Path logs, Path config, Process p, List<GeneratedEvent> part, long produced,
            Random random, int stretch) throws Exception {
        long before = Math.max(0, fx.counter("", "events_read"));
        List<GeneratedEvent> head = part.subList(0, part.size() / 5);
        fx.produce(head);
        ProcessKit.awaitWhileAlive("run " + stretch + " commits", Duration.ofSeconds(150), p, logs.resolve("run" + stretch + ".err"),
                () -> fx.counter("", "events_read") > before);
        Thread producer = new Thread(() -> trickle(fx, part.subList(head.size(), part.size())), "trickle-" + stretch);
        producer.start();
        long delay = 200 + random.nextInt(2500);
        Thread.sleep(delay);
        ProcessKit.kill9(p);
        long read = fx.counter("", "events_read");
        Process next = start(logs, config, stretch + 1);
        producer.join(60_000);
        long total = produced + part.size();
        LOG.info("run {} killed -9 {} ms into the trickle: events_read {} of {} produced", stretch, delay, read, total);
        assertThat(read).as("never more than produced").isLessThanOrEqualTo(total);
        return next;
    }

    private static void trickle(MeterflowFixture fx, List<GeneratedEvent> events) {
        for (int i = 0; i < events.size(); i += 10) {
            fx.produce(events.subList(i, Math.min(events.size(), i + 10)));
            try {
                Thread.sleep(80);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Several subjects, interleaved at random, each with a clock that moves forward through the DST
     * changes; some events are late (up to 40 h back, often into an earlier period), some are delivered
     * again at once (a producer retry) or later (a redelivery). Each subject's deliveries stay in order on
     * its partition (keyed by subject), which is the order the job and the oracle count them in.
     */
    private static List<GeneratedEvent> stream(Random random, Instant from, Instant to) {
        long stepMillis = 2 * (to.toEpochMilli() - from.toEpochMilli()) / EVENTS_PER_SUBJECT;
        long[] clock = new long[SUBJECTS];
        int[] made = new int[SUBJECTS];
        List<List<GeneratedEvent>> bySubject = new ArrayList<>();
        for (int s = 0; s < SUBJECTS; s++) {
            clock[s] = from.toEpochMilli() + random.nextInt(3_600_000);
            bySubject.add(new ArrayList<>());
        }
        List<GeneratedEvent> out = new ArrayList<>();
        int left = SUBJECTS * EVENTS_PER_SUBJECT;
        while (left > 0) {
            int s = random.nextInt(SUBJECTS);
            if (made[s] == EVENTS_PER_SUBJECT) {
                continue;
            }
            long time;
            if (random.nextInt(10) == 0) {
                time = clock[s] - 60_000L * (1 + random.nextInt(40 * 60));
            } else {
                clock[s] += (long) (random.nextDouble() * stepMillis);
                time = Math.min(clock[s], to.toEpochMilli());
            }
            GeneratedEvent e = event("s" + s + "-" + made[s], "s" + s, Instant.ofEpochMilli(time), 1 + random.nextInt(120));
            made[s]++;
            left--;
            out.add(e);
            bySubject.get(s).add(e);
            int dice = random.nextInt(100);
            if (dice < 3) {
                out.add(e); // a producer retry
            } else if (dice < 7) {
                List<GeneratedEvent> earlier = bySubject.get(s);
                out.add(earlier.get(random.nextInt(earlier.size()))); // a redelivery of an older one
            }
        }
        return out;
    }

    private static void feed(ThresholdOracle oracle, GeneratedEvent e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) e.data().get("usage");
        oracle.onEvent(e.source() + '\u0000' + e.id(), e.subject(), Instant.ofEpochMilli(e.timeMillis()),
                Map.of(CALLS, BigDecimal.ONE, TOKENS, new BigDecimal(((Number) usage.get("total_tokens")).longValue())),
                EventDigest.of(e.source(), e.id()).toHex());
    }

    private static GeneratedEvent event(String id, String subject, Instant time, int tokens) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("model", "m" + (tokens % 3));
        data.put("region", "eu");
        data.put("usage", Map.of("total_tokens", tokens));
        return GeneratedEvent.structured(SOURCE, id, "llm.completion", subject, time, data);
    }

    private static PeriodSchedule schedule(String unit, ZoneId zone, String anchor) {
        return PeriodSchedule.parse(unit, zone.getId(), anchor);
    }

    /** The committed notifications equal the oracle's (waiting for them to arrive), each once. */
    private static void assertNotifications(MeterflowFixture fx, String topic, ThresholdOracle oracle, String when) {
        Set<String> expected = oracle.expected();
        List<String> seen = NotificationsRead.committed(fx, topic, expected.size(), Duration.ofSeconds(90));
        LOG.info("{}: {} notifications committed, {} expected", when, seen.size(), expected.size());
        Set<String> missing = new TreeSet<>(expected);
        seen.forEach(missing::remove);
        Set<String> unexpected = new TreeSet<>(seen);
        unexpected.removeAll(expected);
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            LOG.error("{}: {} missing, e.g. {}; {} unexpected, e.g. {}", when, missing.size(), missing.stream().limit(3).toList(),
                    unexpected.size(), unexpected.stream().limit(3).toList());
        }
        assertThat(new TreeSet<>(seen.stream().map(j -> Notification.fromJson(j).id()).toList())).as("ids " + when)
                .isEqualTo(new TreeSet<>(expected.stream().map(j -> Notification.fromJson(j).id()).toList()));
        assertThat(new TreeSet<>(seen)).as("contents " + when).isEqualTo(new TreeSet<>(expected));
        assertThat(seen).as("each once " + when).doesNotHaveDuplicates();
    }

    /** Writes the limits topic as {@code ./meterflow limits} does, and tells the oracle at the same point. */
    private record Limits(MeterflowFixture fx, String topic, ThresholdOracle oracle) {
        void set(Limit limit, Instant resetAt, Instant changedAt) throws Exception {
            publish(limit.meter(), limit.subject(), LimitChange.value(limit, resetAt, changedAt));
        }

        void resetOnly(String meter, String subject, Instant resetAt, Instant changedAt) throws Exception {
            publish(meter, subject, LimitChange.resetOnly(meter, subject, resetAt, changedAt));
        }

        void delete(String meter, String subject) throws Exception {
            publish(meter, subject, null);
        }

        private void publish(String meter, String subject, byte[] value) throws Exception {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, LimitChange.key(meter, subject), value)).get(30, TimeUnit.SECONDS);
            }
            oracle.onLimitChange(meter, subject, value == null ? null : LimitChange.readValue(value)); // as the job reads it
        }
    }
}
