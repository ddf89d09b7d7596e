package io.meterflow.bench;

import io.meterflow.event.CloudEventWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Realistic CloudEvents (~300 bytes): half {@code llm.completion} (model, region, token usage),
 * half {@code api.request} (route, user, exact-decimal latency); 70 % structured mode, 30 % binary
 * mode ({@code ce_*} headers); keyed by subject. Seeded, so every system reads the same stream.
 */
public final class EventGenerator {
    static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] MODELS = {"gpt-5", "claude-4", "llama-4"};
    private static final String[] REGIONS = {"eu-west-1", "us-east-1"};
    private static final String[] ROUTES = {"/v1/chat/completions", "/v1/embeddings", "/v1/files"};
    private static final int RECENT = 100_000;

    /** One generated record. */
    public static final class Event {
        public final String subject;
        public final byte[] value;
        public final String[] headerNames;
        public final byte[][] headerValues;

        Event(String subject, byte[] value, String[] headerNames, byte[][] headerValues) {
            this.subject = subject;
            this.value = value;
            this.headerNames = headerNames;
            this.headerValues = headerValues;
        }

        public ProducerRecord<byte[], byte[]> toRecord(String topic) {
            ProducerRecord<byte[], byte[]> r =
                    new ProducerRecord<>(topic, null, subject.getBytes(StandardCharsets.UTF_8), value);
            for (int i = 0; i < headerNames.length; i++) {
                r.headers().add(new RecordHeader(headerNames[i], headerValues[i]));
            }
            return r;
        }
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private final ZipfSampler zipf;
    private final Event[] recent = new Event[RECENT];
    private long produced;
    private long unique;

    public EventGenerator(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
        this.zipf = scenario.zipf ? new ZipfSampler(scenario.subjects, 1.1) : null;
    }

    /** The next record: a redelivery of a recent event with the scenario's duplicate rate, else a new event. */
    public Event next(String idPrefix, long eventTimeMillis) {
        long n = produced++;
        if (scenario.duplicateRate > 0 && n > 0 && random.nextDouble() < scenario.duplicateRate) {
            return recent[random.nextInt((int) Math.min(unique, RECENT))];
        }
        String subject = scenario.zipf
                ? "customer-" + zipf.sample(random)
                : "customer-" + (1 + random.nextInt(scenario.subjects));
        Event e = event(idPrefix + n, subject, eventTimeMillis, random.nextInt(100) < 30);
        recent[(int) (unique++ % RECENT)] = e;
        return e;
    }

    /** Distinct events generated so far (records minus redeliveries). */
    public long uniqueEvents() {
        return unique;
    }

    /** A new event with the given id and subject; {@code api.request} when {@code apiRequest}, else random type. */
    public Event event(String id, String subject, long eventTimeMillis, boolean binary) {
        boolean llm = random.nextBoolean();
        return build(id, subject, eventTimeMillis, binary, llm);
    }

    /** An api.request event (the freshness probes). */
    public Event apiRequest(String id, String subject, long eventTimeMillis) {
        return build(id, subject, eventTimeMillis, false, false);
    }

    private Event build(String id, String subject, long eventTimeMillis, boolean binary, boolean llm) {
        String source = "//api.example.com/gateway/" + REGIONS[random.nextInt(REGIONS.length)] + "-" + (1 + random.nextInt(4));
        String type;
        String data;
        if (llm) {
            type = "llm.completion";
            int prompt = random.nextInt(4000);
            int completion = random.nextInt(1000);
            data = "{\"model\":\"" + MODELS[random.nextInt(MODELS.length)] + "\",\"region\":\""
                    + REGIONS[random.nextInt(REGIONS.length)] + "\",\"usage\":{\"prompt_tokens\":" + prompt
                    + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
                    + "},\"request_id\":\"req-" + Long.toHexString(random.nextLong()) + "\"}";
        } else {
            type = "api.request";
            int latency = random.nextInt(500_000);
            data = "{\"route\":\"" + ROUTES[random.nextInt(ROUTES.length)] + "\",\"method\":\"POST\",\"user\":\"user-"
                    + random.nextInt(40) + "\",\"status\":200,\"latency_ms\":" + (latency / 1000) + "."
                    + String.format("%03d", latency % 1000) + ",\"trace_id\":\"" + Long.toHexString(random.nextLong()) + "\"}";
        }
        String time = RFC3339_MILLIS.format(Instant.ofEpochMilli(eventTimeMillis));
        if (binary) {
            Map<String, String> headers = CloudEventWriter.binaryHeaders(id, source, type, subject, time);
            String[] names = headers.keySet().toArray(String[]::new);
            byte[][] bytes = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                bytes[i] = headers.get(names[i]).getBytes(StandardCharsets.UTF_8);
            }
            return new Event(subject, data.getBytes(StandardCharsets.UTF_8), names, bytes);
        }
        String ce = CloudEventWriter.structured(id, source, type, subject, time, data);
        return new Event(subject, ce.getBytes(StandardCharsets.UTF_8),
                new String[] {"content-type"},
                new byte[][] {CloudEventWriter.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)});
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, boolean lowLatency) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, lowLatency ? "0" : "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, lowLatency ? "16384" : "262144");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L << 20));
        // On a shared 2-core machine the broker can stall for minutes: wait rather than lose the run.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(15 * 60_000));
        // A request timed out against a stalled broker is retried with its sequence numbers reset, which
        // the broker then refuses forever (OutOfOrderSequenceException): the run hung in flush().
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(5 * 60_000));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Produces {@code count} records with event times spread evenly over the ten minutes before
     * {@code endMillis}; returns total value bytes.
     */
    public long produce(String bootstrap, String topic, long count, long endMillis) throws Exception {
        long span = 10 * 60_000L;
        long start = endMillis - span;
        long bytes = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, false)) {
            for (long i = 0; i < count; i++) {
                Event e = next("evt-" + scenario.id + "-", start + i * span / count);
                bytes += e.value.length;
                producer.send(e.toRecord(topic), (md, ex) -> {
                    if (ex != null) {
                        failure.compareAndSet(null, ex);
                    }
                });
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return bytes;
    }

    /** Zipf(s) over 1..n by inverse CDF on a precomputed table (binary search). */
    static final class ZipfSampler {
        private final double[] cdf;

        ZipfSampler(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1.0 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int sample(SplittableRandom random) {
            double u = random.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo + 1;
        }
    }
}
