package io.meterflow.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces accepted events to the job's topic: one record per event, keyed by subject, record
 * timestamp = ingest time (retention counts from arrival, not from a backdated {@code time}), with
 * an idempotent producer ({@code acks=all}). The future completes only when every record of the
 * request is acknowledged, and fails if any is not: the client retries the whole request, and the
 * job's dedupe on (source, id) counts a retried event once.
 */
public final class EventProducer implements AutoCloseable {
    private static final byte[] CONTENT_TYPE = IngestJudge.RECORD_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public EventProducer(String bootstrapServers, String topic, Map<String, String> clientProperties,
            Duration produceTimeout) {
        this.topic = topic;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        long timeout = produceTimeout.toMillis();
        // delivery.timeout.ms >= linger.ms + request.timeout.ms is the client's own rule.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, timeout / 2)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeout, Math.max(1000, timeout / 2) + 2)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "meterflow-api");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends every event; may block (metadata, full buffer) up to the produce timeout: call off the event loop. */
    public CompletableFuture<Void> send(List<IngestJudge.Accepted> events, long ingestMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(events.size());
        if (events.isEmpty()) {
            done.complete(null);
            return done;
        }
        try {
            for (IngestJudge.Accepted e : events) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(new RecordHeader("content-type", CONTENT_TYPE));
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, ingestMillis,
                        e.subject().getBytes(StandardCharsets.UTF_8), e.value(), headers);
                producer.send(r, (md, ex) -> {
                    if (ex != null) {
                        done.completeExceptionally(ex);
                    } else if (left.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            }
        } catch (RuntimeException ex) { // max.block.ms elapsed, producer closed, ...
            done.completeExceptionally(ex);
        }
        return done;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
