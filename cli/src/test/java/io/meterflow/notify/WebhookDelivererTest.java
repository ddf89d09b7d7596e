package io.meterflow.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.meterflow.config.NotificationsConfig;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.config.Secret;
import io.meterflow.limit.Notification;
import io.meterflow.limit.Threshold;
import io.meterflow.limit.ThresholdEvaluator;
import io.meterflow.limit.UsagePeriod;
import io.meterflow.sink.DeliveryLog;
import io.meterflow.sink.Migrations;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery to a real HTTP receiver on a socket that answers 500, then stalls past the timeout,
 * then accepts: every notification arrives, signed so the Standard Webhooks check passes, and every
 * attempt is in meterflow.notification_deliveries.
 */
class WebhookDelivererTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final UsagePeriod DECEMBER = new UsagePeriod(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));

    private static HttpServer server;
    private static PostgresDatabase database;
    private static DeliveryLog log;
    /** Per notification id: requests seen; and bodies accepted with a valid signature. */
    private static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, String> ACCEPTED = new ConcurrentHashMap<>();
    private static final AtomicInteger BAD_SIGNATURES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        database = TestServices.newPostgresDatabase("webhooks");
        PostgresConnectionSettings s = new PostgresConnectionSettings(database.jdbcUrl(), database.user(), database.password(),
                new Properties());
        Migrations.apply(s);
        log = new DeliveryLog(s);
        WebhookSignature verifier = WebhookSignature.of(SECRET);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/flaky", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = x.getRequestHeaders().getFirst("webhook-id");
            long ts = Long.parseLong(x.getRequestHeaders().getFirst("webhook-timestamp"));
            if (!verifier.verify(id, ts, body, x.getRequestHeaders().getFirst("webhook-signature"))) {
                BAD_SIGNATURES.incrementAndGet();
            }
            int n = SEEN.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            try {
                if (n <= 2) {
                    x.sendResponseHeaders(500, -1);
                } else if (n == 3) {
                    Thread.sleep(5000); // past the deliverer's timeout
                    x.sendResponseHeaders(200, -1);
                } else {
                    ACCEPTED.put(id, body);
                    x.sendResponseHeaders(204, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                x.close();
            }
        });
        server.createContext("/down", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static NotificationsConfig.Channel channel(String path) {
        return new NotificationsConfig.Channel(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), new Secret(SECRET));
    }

    private static Notification notification(int i) {
        return Notification.crossing("quota", "cust-" + i, "api_calls", DECEMBER, new BigDecimal("100"),
                new ThresholdEvaluator.Crossing(Threshold.parse("80%"), new BigDecimal("80")), new BigDecimal("81"),
                Instant.parse("2026-12-14T10:11:12Z"), "evt-" + i);
    }

    private static List<List<Object>> attempts(String id) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = database.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT attempt, outcome, status_code, error FROM meterflow.notification_deliveries WHERE notification_id = '" + id
                        + "' ORDER BY attempt")) {
            while (rs.next()) {
                out.add(java.util.Arrays.asList(rs.getInt(1), rs.getString(2), rs.getObject(3), rs.getString(4)));
            }
        }
        return out;
    }

    @Test
    void everyNotificationArrivesSignedThroughErrorsAndTimeoutsAndEveryAttemptIsRecorded() throws Exception {
        // The timeout leaves room for a loaded 2-core machine; the stalled answer comes well after it.
        NotificationsConfig.Delivery d = new NotificationsConfig.Delivery("g", Duration.ofMillis(2000), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMinutes(1));
        List<Notification> ns = new ArrayList<>();
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        try (WebhookDeliverer deliverer = new WebhookDeliverer(d, log, Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                Notification n = notification(i);
                ns.add(n);
                results.add(deliverer.deliver(n.id(), n.toJson(), channel("/flaky")));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(results).allMatch(CompletableFuture::join);
        assertThat(BAD_SIGNATURES.get()).isZero();
        for (Notification n : ns) {
            assertThat(ACCEPTED.get(n.id())).as("the body is the CloudEvent as sent").isEqualTo(n.toJson());
            List<List<Object>> a = attempts(n.id());
            assertThat(a).extracting(r -> r.get(1)).containsExactly("RETRY", "RETRY", "RETRY", "DELIVERED");
            assertThat(a.get(0).get(2)).as(a.toString()).isEqualTo(500);
            assertThat(a.get(2).get(2)).as("no answer within the timeout").isNull();
            assertThat(a.get(2).get(3)).isNotNull();
            assertThat(a.get(3).get(2)).isEqualTo(204);
        }
    }

    @Test
    void aNotificationAlreadyDeliveredToAUrlIsNotSentThereAgain() throws Exception {
        NotificationsConfig.Delivery d = new NotificationsConfig.Delivery("g", Duration.ofMillis(2000), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMinutes(1));
        Notification n = notification(500);
        try (WebhookDeliverer deliverer = new WebhookDeliverer(d, log, Clock.systemUTC())) {
            assertThat(deliverer.deliver(n.id(), n.toJson(), channel("/flaky")).get(60, TimeUnit.SECONDS)).isTrue();
            int requests = SEEN.get(n.id()).get();
            // The same id again (a rebuild re-emits it, or the topic is read again after a restart).
            assertThat(deliverer.deliver(n.id(), n.toJson(), channel("/flaky")).get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(SEEN.get(n.id()).get()).isEqualTo(requests);
            assertThat(attempts(n.id())).extracting(r -> r.get(1)).containsExactly("RETRY", "RETRY", "RETRY", "DELIVERED");
        }
    }

    @Test
    void theConsumerDeliversWhatTheTopicHoldsToTheRulesChannelsAndCommitsAfterwards() throws Exception {
        String topic = "notifications-" + java.util.UUID.randomUUID();
        TestServices services = TestServices.get();
        services.createTopic(topic, 2);
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", services.kafkaBootstrapServers());
        List<Notification> ns = new ArrayList<>();
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                kafka, new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 100; i < 110; i++) {
                Notification n = notification(i);
                ns.add(n);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, n.data().subject().getBytes(StandardCharsets.UTF_8),
                        n.toJson().getBytes(StandardCharsets.UTF_8)));
            }
            // Not a notification, and a rule that no longer exists: skipped, delivery goes on.
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8)));
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, Notification.reset("gone", "s", "m", DECEMBER, null)
                    .toJson().getBytes(StandardCharsets.UTF_8)));
        }
        NotificationsConfig config = io.meterflow.config.MeterflowConfig.parse(String.join("\n",
                "kafka: { bootstrapServers: 'k:9092', topic: events }",
                "postgres: { url: 'jdbc:postgresql://db/m' }",
                "meters: [ { slug: api_calls, eventType: api.request, aggregation: COUNT } ]",
                "notifications:",
                "  topic: " + topic,
                "  delivery: { groupId: g-" + topic + ", timeout: 2s, initialBackoff: 50ms, maxBackoff: 200ms }",
                "  rules:",
                "    - { name: quota, meter: api_calls, thresholds: [80%], channels: [ { url: '" + channel("/flaky").url() + "', secret: '"
                        + SECRET + "' } ] }", ""), Map.of()).notifications();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (WebhookDeliverer deliverer = new WebhookDeliverer(config.delivery(), log, Clock.systemUTC())) {
            Thread t = new Thread(() -> new NotificationConsumer(config, deliverer, kafka).run(stop::get));
            t.start();
            long deadline = System.currentTimeMillis() + 90_000;
            while (!ns.stream().allMatch(n -> ACCEPTED.containsKey(n.id())) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1000); // let the batch's offsets be committed
            stop.set(true);
            t.join(10_000);
        }
        assertThat(ns).allMatch(n -> n.toJson().equals(ACCEPTED.get(n.id())));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka)) {
            long committed = admin.listConsumerGroupOffsets("g-" + topic).partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
            assertThat(committed).as("every record's offset committed after delivery").isEqualTo(12);
        }
    }

    @Test
    void aReceiverThatStaysDownIsGivenUpOnAfterTheRetryTimeAndRecordedAsFailed() throws Exception {
        NotificationsConfig.Delivery d = new NotificationsConfig.Delivery("g", Duration.ofMillis(500), Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofSeconds(1));
        Notification n = notification(99);
        long start = System.nanoTime();
        try (WebhookDeliverer deliverer = new WebhookDeliverer(d, log, Clock.systemUTC())) {
            assertThat(deliverer.deliver(n.id(), n.toJson(), channel("/down")).get(30, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        List<List<Object>> a = attempts(n.id());
        assertThat(a.size()).as("retried at least once").isGreaterThanOrEqualTo(2);
        assertThat(a.get(a.size() - 1).get(1)).isEqualTo("FAILED");
        assertThat(a.subList(0, a.size() - 1)).allMatch(r -> r.get(1).equals("RETRY") && r.get(2).equals(503));
    }
}
