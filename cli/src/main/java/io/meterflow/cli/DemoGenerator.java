package io.meterflow.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Realistic demo traffic: a few customers calling an API and an LLM, in bursts, with ~5 %
 * duplicates (a retrying client resends the same event id), some late events (a mobile client
 * flushing an old buffer), a few invalid ones, half in structured and half in binary mode.
 */
final class DemoGenerator implements Runnable, AutoCloseable {
    static final String[] CUSTOMERS = {"acme", "globex", "initech", "umbrella", "hooli"};
    static final String[] MODELS = {"gpt-4o", "claude-sonnet", "llama-3-70b"};
    static final String[] ROUTES = {"/v1/chat", "/v1/embeddings", "/v1/files", "/v1/usage"};
    private static final int[] WEIGHT = {8, 5, 3, 2, 1}; // acme is the busiest customer

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Random random = new Random(42);
    private final List<Sent> recent = new ArrayList<>();
    private final double eventsPerSecond;
    private volatile boolean running = true;
    final AtomicLong produced = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();

    private record Sent(String key, byte[] value, RecordHeaders headers) {}

    DemoGenerator(String bootstrapServers, String topic, double eventsPerSecond) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "meterflow-demo-generator");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.eventsPerSecond = eventsPerSecond;
    }

    @Override
    public void run() {
        long nextBurst = System.currentTimeMillis() + 3000;
        while (running) {
            try {
                int n = 1;
                if (System.currentTimeMillis() >= nextBurst) {
                    n = 30 + random.nextInt(60); // a batch job at one customer
                    nextBurst = System.currentTimeMillis() + 4000 + random.nextInt(8000);
                }
                String customer = n > 1 ? CUSTOMERS[random.nextInt(CUSTOMERS.length)] : weightedCustomer();
                for (int i = 0; i < n && running; i++) {
                    emitOne(customer);
                }
                Thread.sleep(Math.max(1, (long) (1000 / eventsPerSecond)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                try {
                    Thread.sleep(500); // broker hiccup: keep generating once it is back
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void emitOne(String customer) {
        double dice = random.nextDouble();
        if (dice < 0.05 && !recent.isEmpty()) {
            Sent again = recent.get(random.nextInt(recent.size()));
            send(again);
            duplicates.incrementAndGet();
            return;
        }
        if (dice < 0.06) {
            send(invalidEvent(customer));
            invalid.incrementAndGet();
            return;
        }
        Instant time = Instant.now();
        if (dice < 0.09) {
            time = time.minus(Duration.ofMinutes(2 + random.nextInt(40))); // late: its window has closed
            late.incrementAndGet();
        }
        String user = customer + "-user-" + (1 + random.nextInt(customer.equals("acme") ? 25 : 8));
        String type;
        String data;
        if (random.nextDouble() < 0.45) {
            type = "llm.completion";
            String model = MODELS[random.nextInt(MODELS.length)];
            int prompt = 50 + random.nextInt(1500);
            int completion = 10 + random.nextInt(600);
            data = "{\"model\":\"" + model + "\",\"user\":\"" + user + "\",\"usage\":{\"prompt_tokens\":" + prompt
                    + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
        } else {
            type = "api.request";
            String route = ROUTES[random.nextInt(ROUTES.length)];
            data = "{\"route\":\"" + route + "\",\"method\":\"" + (route.equals("/v1/files") ? "PUT" : "POST")
                    + "\",\"status\":" + (random.nextDouble() < 0.03 ? 500 : 200) + ",\"user\":\"" + user
                    + "\",\"duration_ms\":" + (5 + random.nextInt(400)) + "}";
        }
        String id = UUID.randomUUID().toString();
        String source = "//demo/" + customer + "/gateway";
        Sent sent = random.nextBoolean() ? structured(id, source, type, customer, time, data)
                : binary(id, source, type, customer, time, data);
        send(sent);
        if (recent.size() < 500) {
            recent.add(sent);
        } else {
            recent.set(random.nextInt(recent.size()), sent);
        }
    }

    static Sent structured(String id, String source, String type, String subject, Instant time, String data) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"type\":\"" + type
                + "\",\"subject\":\"" + subject + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\""
                + ",\"data\":" + data + "}";
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        return new Sent(subject, json.getBytes(StandardCharsets.UTF_8), h);
    }

    static Sent binary(String id, String source, String type, String subject, Instant time, String data) {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", utf8("1.0"));
        h.add("ce_id", utf8(id));
        h.add("ce_source", utf8(source));
        h.add("ce_type", utf8(type));
        h.add("ce_subject", utf8(subject));
        h.add("ce_time", utf8(time.toString()));
        h.add("content-type", utf8("application/json"));
        return new Sent(subject, utf8(data), h);
    }

    private Sent invalidEvent(String customer) {
        String id = UUID.randomUUID().toString();
        switch (random.nextInt(3)) {
            case 0: // a client that forgot the subject
                return new Sent(customer, utf8("{\"specversion\":\"1.0\",\"id\":\"" + id
                        + "\",\"source\":\"//demo/bad-client\",\"type\":\"api.request\",\"data\":{\"route\":\"/v1/chat\"}}"),
                        new RecordHeaders());
            case 1: // tokens as text that is not a number
                return structured(id, "//demo/" + customer + "/gateway", "llm.completion", customer, Instant.now(),
                        "{\"model\":\"gpt-4o\",\"user\":\"x\",\"usage\":{\"total_tokens\":\"lots\"}}");
            default: // truncated JSON
                return new Sent(customer, utf8("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"sou"), new RecordHeaders());
        }
    }

    private String weightedCustomer() {
        int total = 0;
        for (int w : WEIGHT) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < WEIGHT.length; i++) {
            r -= WEIGHT[i];
            if (r < 0) {
                return CUSTOMERS[i];
            }
        }
        return CUSTOMERS[0];
    }

    private void send(Sent s) {
        producer.send(new ProducerRecord<>(topic, null, null, utf8(s.key()), s.value(), s.headers()));
        produced.incrementAndGet();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void stop() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}
