package io.meterflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.notify.NotificationConsumer;
import io.meterflow.notify.WebhookDeliverer;
import io.meterflow.sink.DeliveryLog;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Threshold notification latency at a steady load: {@code rate} events/s of {@code api.request} over
 * {@link #SUBJECTS} subjects, each with a limit of its own (never reached), while every 200 ms a probe
 * event for a new subject crosses its 100 % threshold at once (the meter's default limit is 1). For each
 * probe: produce → the notification visible to a read_committed consumer of the notifications topic, and
 * produce → the webhook received by a local receiver, through the real deliverer
 * ({@link NotificationConsumer} + {@link WebhookDeliverer}).
 */
final class NotificationLatency {
    static final int SUBJECTS = 10_000;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** @param checkpointMs end-to-end durations of the checkpoints triggered during the probe phase */
    record Result(long intervalMs, long[] topicMs, long[] webhookMs, int probesSent, double achievedRate, long[] checkpointMs) {}

    private NotificationLatency() {}

    static Result run(BenchCluster cluster, String bootstrap, String jdbcUrl, String user, String password,
            java.nio.file.Path checkpoints, Duration interval, int parallelism, int rate, int probes) throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        String topic = "bench-ntf-events-" + tag;
        String notifications = "bench-ntf-" + tag;
        String limits = "bench-ntf-limits-" + tag;
        MeterflowBench.createTopic(bootstrap, topic);

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> onTopic = new ConcurrentHashMap<>();
        Map<String, Long> onWebhook = new ConcurrentHashMap<>();
        AtomicLong topicRecords = new AtomicLong();
        AtomicLong webhooks = new AtomicLong();
        AtomicLong loadSent = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            webhooks.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Notification n = Notification.fromJson(new String(body, StandardCharsets.UTF_8));
            if (Notification.THRESHOLD_TYPE.equals(n.type())) {
                onWebhook.putIfAbsent(n.subject(), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        receiver.start();

        String extra = "notifications:\n"
                + "  topic: " + notifications + "\n"
                + "  limitsTopic: " + limits + "\n"
                + "  delivery:\n"
                + "    groupId: bench-ntf-" + tag + "\n"
                + "  rules:\n"
                + "    - name: quota\n"
                + "      meter: api_requests\n"
                + "      thresholds: [100%]\n"
                + "      channels:\n"
                + "        - url: http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\n"
                + "          secret: " + SECRET + "\n";
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrap);
        io.meterflow.notification.NotificationTopics.ensure(kafka, limits, notifications);
        publishLimits(bootstrap, limits);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Double> achieved = new AtomicReference<>(Double.NaN);
        List<Thread> threads = new ArrayList<>();
        long[] checkpointMs;
        try (PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, jdbcUrl, user, password, interval, checkpoints,
                parallelism, Scenario.UNIFORM, extra)) {
            MeterflowConfig config = MeterflowConfig.parse(
                    PipelineRun.yaml(bootstrap, topic, "unused", jdbcUrl, user, password, interval, checkpoints, parallelism,
                            Scenario.UNIFORM) + extra, Map.of());
            EventGenerator loadEvents = new EventGenerator(Scenario.UNIFORM, 7);
            SplittableRandom random = new SplittableRandom(7);
            // Every load event is for the watched meter and a subject with a limit: all are evaluated.
            threads.add(Freshness.load(bootstrap, topic, rate, stop, achieved, loadSent, n -> loadEvents.apiRequest(
                    "ntf-load-" + n, "customer-" + (1 + random.nextInt(SUBJECTS)), System.currentTimeMillis())));
            threads.add(daemon("bench-ntf-topic", () -> readTopic(bootstrap, notifications, onTopic, topicRecords, stop)));
            threads.add(daemon("bench-ntf-deliverer", () -> {
                try (WebhookDeliverer deliverer = new WebhookDeliverer(config.notifications().delivery(),
                        new DeliveryLog(config.postgres().connectionSettings()), Clock.systemUTC())) {
                    new NotificationConsumer(config.notifications(), deliverer, kafka).run(stop::get);
                }
            }));
            try (java.sql.Connection c = run.connect()) { // warm: the first commits, then settle
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (run.eventsRead(c) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            // Probe a pipeline that keeps up: the backlog of the start (and the first events' reset
            // notifications of every subject, delivered as webhooks too) worked off first.
            long caughtUpBy = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            try (java.sql.Connection c = run.connect()) {
                long target = loadSent.get();
                while (run.eventsRead(c) < target && System.nanoTime() < caughtUpBy) {
                    Thread.sleep(200);
                }
            }
            while (webhooks.get() < topicRecords.get() && System.nanoTime() < caughtUpBy) {
                Thread.sleep(200);
            }
            Thread.sleep(2 * interval.toMillis());
            long probesFrom = System.currentTimeMillis();
            EventGenerator gen = new EventGenerator(Scenario.UNIFORM, 13);
            try (KafkaProducer<byte[], byte[]> producer = EventGenerator.producer(bootstrap, true)) {
                for (int k = 0; k < probes; k++) {
                    String subject = "probe-" + tag + "-" + k;
                    long now = System.currentTimeMillis();
                    producer.send(gen.apiRequest("probe-" + subject, subject, now).toRecord(topic));
                    producer.flush();
                    sentAt.put(subject, now);
                    Thread.sleep(200);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).plus(interval.multipliedBy(4)).toNanos();
            while ((onTopic.size() < probes || onWebhook.size() < probes) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            checkpointMs = checkpointDurations(cluster.restUrl(), run.jobId().toString(), probesFrom);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(15_000);
            }
            receiver.stop(0);
            MeterflowBench.deleteTopic(bootstrap, topic);
        }
        return new Result(interval.toMillis(), latencies(sentAt, onTopic), latencies(sentAt, onWebhook), probes, achieved.get(),
                checkpointMs);
    }

    /** Own limits for every load subject, far above what the run reaches; a default of 1 for the probes. */
    private static void publishLimits(String bootstrap, String topic) throws Exception {
        PeriodSchedule monthly = PeriodSchedule.monthly(ZoneOffset.UTC);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = EventGenerator.producer(bootstrap, false)) {
            for (int i = 1; i <= SUBJECTS; i++) {
                Limit own = new Limit("api_requests", "customer-" + i, new BigDecimal("1000000000000"), monthly);
                producer.send(new ProducerRecord<>(topic, LimitChange.key("api_requests", own.subject()),
                        LimitChange.value(own, null, now)));
            }
            Limit fallback = new Limit("api_requests", null, BigDecimal.ONE, monthly);
            producer.send(new ProducerRecord<>(topic, LimitChange.key("api_requests", null), LimitChange.value(fallback, null, now)));
            producer.flush();
        }
    }

    private static void readTopic(String bootstrap, String topic, Map<String, Long> seen, AtomicLong records,
            AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ntf-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    records.incrementAndGet();
                    Notification n = Notification.fromJson(new String(r.value(), StandardCharsets.UTF_8));
                    if (Notification.THRESHOLD_TYPE.equals(n.type())) {
                        seen.putIfAbsent(n.subject(), now);
                    }
                }
            }
        }
    }

    /** Trigger → completion of the job's completed checkpoints triggered at or after {@code fromMillis}, sorted. */
    static long[] checkpointDurations(String restUrl, String jobId, long fromMillis) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/checkpoints")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode history = new ObjectMapper()
                .readTree(response.body()).path("history");
        List<Long> durations = new ArrayList<>();
        for (JsonNode c : history) {
            if ("COMPLETED".equals(c.path("status").asText()) && c.path("trigger_timestamp").asLong() >= fromMillis) {
                durations.add(c.path("end_to_end_duration").asLong());
            }
        }
        return durations.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long[] latencies(Map<String, Long> sent, Map<String, Long> seen) {
        return sent.entrySet().stream()
                .filter(e -> seen.containsKey(e.getKey()))
                .mapToLong(e -> seen.get(e.getKey()) - e.getValue())
                .sorted()
                .toArray();
    }

    private static Thread daemon(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed", e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
