package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input at volume (guarantee 3): more than 10,000 malformed or hostile records interleaved
 * with a valid seeded stream. The job keeps running, every bad record has a rejection row with a
 * reason, the valid results equal the oracle and the counters balance.
 */
class HostileInputIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final int MAX_BYTES = 12 * 1024 * 1024;

    /** One hostile record; {@code meterLevel}: a valid envelope whose value the storage_bytes meter must reject. */
    record Hostile(String key, byte[] value, List<String[]> headers, List<byte[]> headerValues, boolean meterLevel, String kind) {}

    @Test
    void tenThousandHostileRecordsAreRejectedWithReasonsWhileValidEventsEqualTheOracle() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("hostile", 2, null, null,
                Map.of("max.message.bytes", String.valueOf(MAX_BYTES)));
        List<GeneratedEvent> valid = new UsageStreamGenerator(777L, NOW, 6).generate(1_500);
        List<Hostile> hostile = hostileRecords(new Random(778L), 10_200);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, valid);

        JobClient job = FaultKit.start(fx, "");
        try {
            int chunks = 10;
            try (KafkaProducer<byte[], byte[]> producer = producer(fx)) {
                for (int i = 0; i < chunks; i++) {
                    fx.produce(valid.subList(i * valid.size() / chunks, (i + 1) * valid.size() / chunks));
                    for (Hostile h : hostile.subList(i * hostile.size() / chunks, (i + 1) * hostile.size() / chunks)) {
                        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(fx.topic,
                                h.key() == null ? null : h.key().getBytes(StandardCharsets.UTF_8), h.value());
                        for (int k = 0; k < h.headers().size(); k++) {
                            r.headers().add(h.headers().get(k)[0], h.headerValues().get(k));
                        }
                        producer.send(r);
                    }
                    producer.flush();
                }
            }
            long total = valid.size() + hostile.size();
            FaultKit.awaitRead(fx, total, Duration.ofMinutes(4));
            assertThat(job.getJobStatus().get()).as("the job keeps running").isEqualTo(JobStatus.RUNNING);
        } finally {
            FaultKit.cancelQuietly(job);
        }

        long meterLevel = hostile.stream().filter(Hostile::meterLevel).count();
        long envelope = hostile.size() - meterLevel;
        assertThat(fx.counter("", "events_read")).isEqualTo(oracle.counter("", "events_read") + hostile.size());
        assertThat(fx.counter("", "events_rejected")).isEqualTo(oracle.counter("", "events_rejected") + envelope);
        assertThat(fx.counter("", "events_unmatched")).isEqualTo(oracle.counter("", "events_unmatched"));
        assertThat(fx.counter("", "events_metered")).isEqualTo(oracle.counter("", "events_metered") + meterLevel);
        assertThat(fx.counter("", "events_read")).isEqualTo(fx.counter("", "events_rejected")
                + fx.counter("", "events_unmatched") + fx.counter("", "events_metered"));
        for (OracleMeter m : MeterflowFixture.METERS) {
            long extra = m.slug().equals("storage_bytes") ? meterLevel : 0;
            assertThat(fx.counter(m.slug(), "rejected")).as(m.slug()).isEqualTo(oracle.counter(m.slug(), "rejected") + extra);
            assertThat(fx.counter(m.slug(), "counted")).as(m.slug()).isEqualTo(oracle.counter(m.slug(), "counted"));
            assertThat(fx.counter(m.slug(), "duplicates")).as(m.slug()).isEqualTo(oracle.counter(m.slug(), "duplicates"));
        }
        fx.assertEqualsOracle(oracle, FROM, TO);
        assertThat(fx.rejectionRows()).as("one rejection row per bad record")
                .isEqualTo(MeterflowFixture.expectedRejectionRows(oracle) + hostile.size());
        Map<String, Long> byReason = new TreeMap<>();
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT reason, count(*), count(*) FILTER (WHERE detail IS NULL OR detail = '')"
                                + " FROM meterflow.rejected_events GROUP BY reason")) {
            while (rs.next()) {
                byReason.put(rs.getString(1), rs.getLong(2));
                assertThat(rs.getString(1)).isNotBlank().isNotEqualTo("UNKNOWN");
                assertThat(rs.getLong(3)).as("rows of %s without a detail", rs.getString(1)).isZero();
            }
        }
        FaultKit.LOG.info("HostileInputIT: {} hostile + {} valid records, rejections by reason {}, took {} s",
                hostile.size(), valid.size(), byReason, FaultKit.seconds(t0));
    }

    private static KafkaProducer<byte[], byte[]> producer(MeterflowFixture fx) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 * 1024 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    // ------------------------------------------------------------------------------ the records

    /** Also POSTed over HTTP by ApiHostileInputIT. */
    static List<Hostile> hostileRecords(Random rnd, int count) {
        List<Hostile> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // ~10 MB values (raised topic and producer limits; the job's is 1 MiB)
            out.add(structured("huge-" + i, "{\"specversion\":\"1.0\",\"id\":\"huge-" + i + "\",\"source\":\"x\","
                    + "\"type\":\"api.request\",\"subject\":\"customer-1\",\"data\":{\"pad\":\"" + "x".repeat(10_000_000) + "\"}}",
                    "10MB"));
        }
        for (int i = 0; out.size() < count; i++) {
            String id = "hostile-" + i;
            switch (i % 17) {
                case 0: {
                    byte[] b = new byte[1 + rnd.nextInt(300)];
                    rnd.nextBytes(b);
                    if (b[0] == '{' || b[0] == '[') {
                        b[0] = 0x01;
                    }
                    out.add(new Hostile("k" + i, b, List.of(), List.of(), false, "random bytes"));
                    break;
                }
                case 1: {
                    String full = validJson(id, "api.request", "\"2026-01-01T00:00:00Z\"", "{\"route\":\"/v1/chat\"}");
                    out.add(structured(id, full.substring(0, 1 + rnd.nextInt(full.length() - 1)), "truncated JSON"));
                    break;
                }
                case 2:
                    out.add(structured(id, validJson(id, "api.request", null,
                            "[".repeat(3000) + "]".repeat(3000)), "deep nesting"));
                    break;
                case 3:
                    out.add(structured(id, "{\"specversion\":\"1.0\",\"id\":" + i + ",\"source\":\"x\",\"type\":\"api.request\","
                            + "\"subject\":{\"a\":1}}", "wrong attribute types"));
                    break;
                case 4:
                    out.add(structured(id, validJson(id, "llm.completion", null, "{\"usage\":{\"total_tokens\":NaN}}"),
                            "NaN literal"));
                    break;
                case 5:
                    out.add(structured(id, validJson(id, "api.request", "\"9999-12-31T23:59:59Z\"", "{}"), "far future"));
                    break;
                case 6:
                    out.add(structured(id, validJson(id, "api.request", "\"1969-07-20T20:17:40Z\"", "{}"), "pre-1970"));
                    break;
                case 7: {
                    byte[] head = ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"x\",\"type\":\"api.request\","
                            + "\"subject\":\"bad-utf8-").getBytes(StandardCharsets.UTF_8);
                    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
                    byte[] v = new byte[head.length + 3 + tail.length];
                    System.arraycopy(head, 0, v, 0, head.length);
                    v[head.length] = (byte) 0xC3;
                    v[head.length + 1] = (byte) 0x28;
                    v[head.length + 2] = (byte) 0xFF;
                    System.arraycopy(tail, 0, v, head.length + 3, tail.length);
                    out.add(new Hostile("k" + i, v, List.of(), List.of(), false, "invalid UTF-8"));
                    break;
                }
                case 8:
                    out.add(structured(id, validJson(id, "api.request", null, "{}")
                            .replace("\"specversion\":\"1.0\"", "\"specversion\":\"" + List.of("0.3", "2.0", "1.0.0", "").get(i % 4) + "\""),
                            "wrong specversion"));
                    break;
                case 9: { // binary mode: a ce_ header that is not UTF-8
                    List<String[]> names = List.of(new String[] {"ce_specversion"}, new String[] {"ce_id"},
                            new String[] {"ce_source"}, new String[] {"ce_type"}, new String[] {"ce_subject"});
                    List<byte[]> values = List.of(bytes("1.0"), new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xC0},
                            bytes("x"), bytes("api.request"), bytes("customer-1"));
                    out.add(new Hostile("k" + i, bytes("{}"), names, values, false, "binary header garbage"));
                    break;
                }
                case 10: { // binary mode: required attributes missing, data not JSON
                    out.add(new Hostile("k" + i, bytes("{not json"), List.<String[]>of(new String[] {"ce_specversion"},
                            new String[] {"ce_id"}), List.of(bytes("1.0"), bytes(id)), false, "binary missing attributes"));
                    break;
                }
                case 11:
                    out.add(structured(id, validJson(id, "api.request", null, "{}").replace("{\"specversion\"",
                            "{\"id\":\"dup\",\"specversion\""), "duplicate keys"));
                    break;
                case 12:
                    out.add(new Hostile("k" + i, null, List.of(), List.of(), false, "tombstone"));
                    break;
                case 13:
                    out.add(structured(id, List.of("[]", "42", "\"text\"", "null", "true").get(i % 5), "JSON scalar or empty batch"));
                    break;
                case 14:
                    out.add(structured(id, validJson(id, "api.request", "\"yesterday\"", "{}"), "bad time"));
                    break;
                default: { // valid envelopes whose value the storage_bytes meter must reject
                    String bad = List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "true", "{\"v\":1}", "[1]", "\"12abc\"",
                            "\"1e999999\"", "1e5000").get(i % 9);
                    out.add(new Hostile("customer-1", bytes(validJson(id, "storage.snapshot",
                            "\"" + NOW.minusSeconds(60).toString() + "\"", "{\"bytes\":" + bad + "}")),
                            List.<String[]>of(new String[] {"content-type"}), List.of(bytes("application/cloudevents+json")),
                            true, "bad meter value"));
                    break;
                }
            }
        }
        return out;
    }

    private static String validJson(String id, String type, String time, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"//hostile\",\"type\":\"" + type + "\","
                + "\"subject\":\"customer-1\"" + (time == null ? "" : ",\"time\":" + time) + ",\"data\":" + data + "}";
    }

    private static Hostile structured(String id, String json, String kind) {
        return new Hostile("k-" + id, bytes(json), List.of(), List.of(), false, kind);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
