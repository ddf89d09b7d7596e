package io.meterflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Freshness at a steady load: a background producer sends {@code rate} events/s (event time =
 * produce time) while the pipeline runs; every 200 ms a probe event for a new subject
 * {@code probe-K} is produced and its send time remembered. A poller reads the probe rows from
 * meterflow.usage_windows every 20 ms; freshness = first time the row is visible - send time.
 */
final class Freshness {
    record Result(long[] latenciesMs, int probesSent, double achievedRate) {}

    private Freshness() {}

    /**
     * Produces the steady background load until {@code stop}: {@code rate} records/s, the n-th made by
     * {@code next} (n from 0) at its send time, counted in {@code sent}; returns the thread.
     */
    static Thread load(String bootstrap, String topic, int rate, AtomicBoolean stop, AtomicReference<Double> achieved,
            AtomicLong sent, LongFunction<EventGenerator.Event> next) {
        Thread t = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = EventGenerator.producer(bootstrap, true)) {
                long start = System.nanoTime();
                long n = 0;
                while (!stop.get()) {
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    while (n < due) {
                        producer.send(next.apply(n).toRecord(topic));
                        n++;
                    }
                    sent.set(n);
                    Thread.sleep(5);
                }
                achieved.set(Stats.rate(n, System.nanoTime() - start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-steady-load");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static Result probe(String bootstrap, String topic, PipelineRun run, int probes, long intervalMs) throws Exception {
        EventGenerator gen = new EventGenerator(Scenario.UNIFORM, 11);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            try (Connection c = run.connect(); PreparedStatement s = c.prepareStatement(
                    "SELECT DISTINCT subject FROM meterflow.usage_windows"
                            + " WHERE generation = ? AND meter = 'api_requests' AND subject LIKE 'probe-%'")) {
                s.setInt(1, run.generation);
                while (!done.get()) {
                    try (ResultSet rs = s.executeQuery()) {
                        long now = System.currentTimeMillis();
                        while (rs.next()) {
                            seenAt.putIfAbsent(rs.getString(1), now);
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-freshness-poller");
        poller.setDaemon(true);
        poller.start();
        String prefix = "probe-" + Long.toHexString(System.nanoTime()) + "-";
        try (KafkaProducer<byte[], byte[]> producer = EventGenerator.producer(bootstrap, true)) {
            for (int k = 0; k < probes; k++) {
                String subject = prefix + k;
                long now = System.currentTimeMillis();
                producer.send(gen.apiRequest("probe-id-" + subject, subject, now).toRecord(topic));
                producer.flush();
                sentAt.put(subject, now);
                Thread.sleep(intervalMs);
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (seenAt.size() < probes && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        done.set(true);
        poller.join(5000);
        long[] latencies = sentAt.entrySet().stream()
                .filter(e -> seenAt.containsKey(e.getKey()))
                .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue())
                .toArray();
        return new Result(latencies, probes, 0);
    }
}
