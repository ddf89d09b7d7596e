package io.meterflow.notify;

import io.meterflow.config.NotificationsConfig;
import io.meterflow.limit.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the notifications topic (read_committed: only what the job's transactions committed) and hands
 * each notification to every channel of its rule. The offsets of a batch are committed once all its
 * deliveries are done (delivered or given up), so a crash re-delivers, never skips: at least once, with
 * the same {@code webhook-id}. While a batch is in flight the partitions are paused and the consumer
 * keeps polling, so a receiver that is down for hours does not cost the group membership.
 */
public final class NotificationConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationConsumer.class);

    private final NotificationsConfig config;
    private final WebhookDeliverer deliverer;
    private final Properties kafka;

    /** @param kafka client properties with at least bootstrap.servers */
    public NotificationConsumer(NotificationsConfig config, WebhookDeliverer deliverer, Properties kafka) {
        this.config = config;
        this.deliverer = deliverer;
        this.kafka = kafka;
    }

    /** Runs until {@code stop} says so (checked at least every 200 ms). */
    public void run(BooleanSupplier stop) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.delivery().groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.topic()));
            while (!stop.getAsBoolean()) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                List<CompletableFuture<Boolean>> inFlight = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    inFlight.addAll(dispatch(r));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
                consumer.pause(consumer.assignment());
                while (!all.isDone() && !stop.getAsBoolean()) {
                    // Paused: returns nothing, keeps the membership alive.
                    consumer.poll(Duration.ofMillis(200));
                }
                if (!all.isDone()) {
                    return; // stopped mid-batch: uncommitted, so the next run delivers it again
                }
                consumer.commitSync();
                consumer.resume(consumer.paused());
            }
        }
    }

    private List<CompletableFuture<Boolean>> dispatch(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return List.of();
        }
        String body = new String(r.value(), StandardCharsets.UTF_8);
        Notification n;
        try {
            n = Notification.fromJson(body);
        } catch (IllegalArgumentException e) {
            // Not ours to halt on: the job writes this topic, a stray producer should not stop delivery.
            LOG.warn("Skipping record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return List.of();
        }
        NotificationsConfig.Rule rule = config.rule(n.data().rule());
        if (rule == null) {
            LOG.warn("Skipping notification {}: rule '{}' is no longer configured", n.id(), n.data().rule());
            return List.of();
        }
        List<CompletableFuture<Boolean>> out = new ArrayList<>();
        for (NotificationsConfig.Channel c : rule.channels()) {
            out.add(deliverer.deliver(n.id(), body, c));
        }
        return out;
    }
}
