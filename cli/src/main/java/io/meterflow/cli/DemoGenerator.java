package io.meterflow.cli;

import io.meterflow.event.CloudEventWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Realistic demo traffic, sent as an application would: batches of CloudEvents POSTed to the HTTP
 * API ({@code POST /api/v1/events}) with an ingest key. A few customers call an API and an LLM, in
 * bursts, with ~5 % duplicates (a retrying client resends the same event id), some late events (a
 * mobile client flushing an old buffer) and a few invalid ones: those the API refuses (no subject,
 * truncated JSON) go alone and are answered 400; a value that is not a number is accepted and
 * rejected per meter by the job. Every few seconds each customer's two pods also report their
 * CPU-seconds counter (a running total that starts again from zero when a pod restarts, now and
 * then) and their volume's size in GB (a gauge): the INCREASE and TIME_WEIGHTED meters.
 */
final class DemoGenerator implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoGenerator.class);
    static final String[] CUSTOMERS = {"acme", "globex", "initech", "umbrella", "hooli"};
    static final String[] MODELS = {"gpt-4o", "claude-sonnet", "llama-3-70b"};
    static final String[] ROUTES = {"/v1/chat", "/v1/embeddings", "/v1/files", "/v1/usage"};
    private static final int[] WEIGHT = {8, 5, 3, 2, 1}; // acme is the busiest customer
    private static final int BATCH_EVENTS = 100;
    private static final long BATCH_MILLIS = 500;
    private static final long INFRA_MILLIS = 5000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final String ingestKey;
    private final Random random = new Random(42);
    private final List<String> recent = new ArrayList<>();
    private final List<String> batch = new ArrayList<>();
    private final double eventsPerSecond;
    private long lastFlush = System.currentTimeMillis();
    private volatile boolean running = true;
    private long nextInfra = System.currentTimeMillis();
    /** Per pod (customer-web-N): its CPU-seconds counter; per customer: its volume's GB. */
    private final java.util.Map<String, java.math.BigDecimal> cpuTotals = new java.util.HashMap<>();
    private final java.util.Map<String, java.math.BigDecimal> volumeGb = new java.util.HashMap<>();
    /** Pod restarts simulated (their counters went back to zero). */
    final AtomicLong restarts = new AtomicLong();
    /** Events in requests answered 204 (duplicates and per-meter invalid ones included). */
    final AtomicLong produced = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    /** Invalid events the API answered 400 (never produced to Kafka). */
    final AtomicLong refused = new AtomicLong();

    DemoGenerator(URI events, String ingestKey, double eventsPerSecond) {
        this.events = events;
        this.ingestKey = ingestKey;
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
                if (System.currentTimeMillis() >= nextInfra) {
                    nextInfra = System.currentTimeMillis() + INFRA_MILLIS;
                    infrastructure(Instant.now());
                }
                if (batch.size() >= BATCH_EVENTS || System.currentTimeMillis() - lastFlush >= BATCH_MILLIS) {
                    flush();
                }
                Thread.sleep(Math.max(1, (long) (1000 / eventsPerSecond)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void emitOne(String customer) throws InterruptedException {
        double dice = random.nextDouble();
        if (dice < 0.05 && !recent.isEmpty()) {
            batch.add(recent.get(random.nextInt(recent.size())));
            duplicates.incrementAndGet();
            return;
        }
        if (dice < 0.06) {
            invalidEvent(customer);
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
        String event = event(UUID.randomUUID().toString(), "//demo/" + customer + "/gateway", type, customer, time, data);
        batch.add(event);
        if (recent.size() < 500) {
            recent.add(event);
        } else {
            recent.set(random.nextInt(recent.size()), event);
        }
    }

    /** One CPU counter sample per pod and one volume gauge sample per customer. */
    private void infrastructure(Instant now) {
        for (String customer : CUSTOMERS) {
            for (int pod = 1; pod <= 2; pod++) {
                String name = customer + "-web-" + pod;
                java.math.BigDecimal total = cpuTotals.getOrDefault(name, java.math.BigDecimal.ZERO);
                if (random.nextInt(60) == 0) {
                    total = java.math.BigDecimal.ZERO; // the pod restarted: its counter starts again
                    restarts.incrementAndGet();
                }
                total = total.add(java.math.BigDecimal.valueOf(200 + random.nextInt(800 * (pod == 1 ? 2 : 1)), 2));
                cpuTotals.put(name, total);
                batch.add(event(UUID.randomUUID().toString(), "//demo/" + customer + "/k8s", "pod.cpu", customer, now,
                        "{\"pod\":\"" + name + "\",\"cpu_seconds_total\":" + total.toPlainString() + "}"));
            }
            java.math.BigDecimal gb = volumeGb.getOrDefault(customer, java.math.BigDecimal.valueOf(10 + random.nextInt(90)))
                    .add(java.math.BigDecimal.valueOf(random.nextInt(50), 2));
            volumeGb.put(customer, gb);
            batch.add(event(UUID.randomUUID().toString(), "//demo/" + customer + "/volume-1", "volume.usage", customer, now,
                    "{\"gb\":" + gb.toPlainString() + "}"));
        }
    }

    static String event(String id, String source, String type, String subject, Instant time, String data) {
        return CloudEventWriter.structured(id, source, type, subject, time.toString(), data);
    }

    private void invalidEvent(String customer) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        switch (random.nextInt(3)) {
            case 0: // a client that forgot the subject: the API refuses it
                refusedAlone(CloudEventWriter.structured(id, "//demo/bad-client", "api.request", null, null, "{\"route\":\"/v1/chat\"}"));
                return;
            case 1: // tokens as text that is not a number: accepted, rejected per meter by the job
                batch.add(event(id, "//demo/" + customer + "/gateway", "llm.completion", customer, Instant.now(),
                        "{\"model\":\"gpt-4o\",\"user\":\"x\",\"usage\":{\"total_tokens\":\"lots\"}}"));
                return;
            default: // truncated JSON: the API refuses it
                String whole = CloudEventWriter.structured(id, "//demo/bad-client", "api.request", customer, null, null);
                refusedAlone(whole.substring(0, whole.indexOf("\"source\"") + 4));
        }
    }

    /** An event the API answers 400 goes in a request of its own: it would refuse a whole batch. */
    private void refusedAlone(String body) throws InterruptedException {
        if (post(body, "application/cloudevents+json") == 400) {
            refused.incrementAndGet();
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

    /** POSTs the batch; a 503 or a lost connection is retried with the same events (the job dedupes them). */
    private void flush() throws InterruptedException {
        lastFlush = System.currentTimeMillis();
        if (batch.isEmpty()) {
            return;
        }
        String body = "[" + String.join(",", batch) + "]";
        while (running) {
            int status = post(body, "application/cloudevents-batch+json");
            if (status == 204) {
                produced.addAndGet(batch.size());
                break;
            }
            if (status != 503 && status != -1) {
                LOG.warn("demo: the API answered {} to a batch of {} events; dropping it", status, batch.size());
                break;
            }
            Thread.sleep(500);
        }
        batch.clear();
    }

    /** The status, or -1 when the server could not be reached. */
    private int post(String body, String contentType) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + ingestKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            requests.incrementAndGet();
            return status;
        } catch (IOException e) {
            LOG.debug("demo: POST failed: {}", e.toString());
            return -1;
        }
    }

    void stop() {
        running = false;
    }

    @Override
    public void close() {
        running = false;
    }
}
