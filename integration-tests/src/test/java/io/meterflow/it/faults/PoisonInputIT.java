package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison pills: valid-looking events that used to stop the pipeline for every tenant (keys over
 * PostgreSQL's index limit, decimals beyond its numeric, lone surrogates and NUL that PostgreSQL
 * and the digest encoded differently) end as rejections with reasons or as correctly counted
 * usage, interleaved with a seeded valid stream that still equals the oracle; the job keeps
 * running and never restarts.
 */
class PoisonInputIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final String T = "\"" + NOW.minusSeconds(90) + "\"";

    /** One poison event: the JSON as produced, and what must come of it. */
    record Poison(String id, String json, boolean envelopeRejected, Map<String, String> meterRejections) {}

    private final List<Poison> poisons = new ArrayList<>();

    private void poison(String id, String subjectLiteral, String type, String data, String envelopeReason,
            String... meterReasons) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"//poison\",\"type\":\"" + type
                + "\",\"subject\":\"" + subjectLiteral + "\",\"time\":" + T + ",\"data\":" + data + "}";
        Map<String, String> byMeter = new TreeMap<>();
        for (int i = 0; i < meterReasons.length; i += 2) {
            byMeter.put(meterReasons[i], meterReasons[i + 1]);
        }
        if (envelopeReason != null) {
            byMeter.put("", envelopeReason);
        }
        poisons.add(new Poison(id, json, envelopeReason != null, byMeter));
    }

    private static String random(Random r, int chars) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            b.append((char) ('0' + r.nextInt(75))); // '0'..'z': no quote, no backslash
        }
        return b.toString().replace('\\', '_');
    }

    @Test
    void poisonPillsAreRejectedOrCountedWhileTheJobKeepsRunning() throws Exception {
        long t0 = System.nanoTime();
        Random rnd = new Random(4242L);
        String llm = "{\"model\":\"m1\",\"region\":\"eu\",\"usage\":{\"total_tokens\":5}}";
        String api = "{\"route\":\"/r\",\"user\":\"u1\",\"latency_ms\":10}";
        // Envelope: a 3 KB subject, lone surrogates in id and subject, NUL in the subject.
        poison("p-subject-long", random(rnd, 3000), "api.request", api, "ATTRIBUTE_TOO_LONG");
        poison("evt-\\ud83d", "poison-a", "storage.snapshot", "{\"bytes\":1}", "INVALID_UNICODE");
        poison("p-subject-surrogate", "poison-\\ud83d", "storage.snapshot", "{\"bytes\":1}", "INVALID_UNICODE");
        poison("p-subject-nul", "poison-nul\\u0000", "storage.snapshot", "{\"bytes\":1}", "INVALID_UNICODE");
        // Their former twins are valid and counted: "?" and U+FFFD are what the old encodings made of them.
        poison("evt-?", "poison-q", "storage.snapshot", "{\"bytes\":7}", null);
        poison("p-subject-fffd", "poison-nul\\ufffd", "storage.snapshot", "{\"bytes\":11}", null);
        // Group and unique values: 3 KB, a lone surrogate, NUL.
        poison("p-group-long", "poison-g", "llm.completion",
                "{\"model\":\"" + random(rnd, 3000) + "\",\"usage\":{\"total_tokens\":5}}", null,
                "llm_tokens", "GROUP_VALUE_TOO_LONG", "llm_calls", "GROUP_VALUE_TOO_LONG");
        poison("p-group-surrogate", "poison-g", "llm.completion",
                "{\"model\":\"m-\\udc00\",\"usage\":{\"total_tokens\":5}}", null,
                "llm_tokens", "INVALID_UNICODE", "llm_calls", "INVALID_UNICODE");
        poison("p-unique-long", "poison-unique", "api.request",
                "{\"route\":\"/r\",\"user\":\"" + random(rnd, 3000) + "\",\"latency_ms\":10}", null,
                "active_users", "VALUE_TOO_LONG");
        poison("p-unique-nul", "poison-unique", "api.request",
                "{\"route\":\"/r\",\"user\":\"u\\u0000\",\"latency_ms\":10}", null, "active_users", "INVALID_UNICODE");
        // Decimals: extreme zeros count as 0; a second value in the same window; sums past 1e1000.
        poison("p-zero", "poison-zero", "storage.snapshot", "{\"bytes\":0e-20000}", null);
        poison("p-zero-sum-1", "poison-sum", "llm.completion", llm.replace("5}", "0e-999999999}"), null);
        poison("p-zero-sum-2", "poison-sum", "llm.completion", llm, null);
        poison("p-big-1", "poison-big", "llm.completion", llm.replace("5}", "9e1000}"), null);
        poison("p-big-2", "poison-big", "llm.completion", llm.replace("5}", "9e1000}"), null);
        poison("p-out-of-range", "poison-r", "storage.snapshot", "{\"bytes\":1e-20000}", null,
                "storage_bytes", "VALUE_OUT_OF_RANGE");

        MeterflowFixture fx = new MeterflowFixture("poison", 2);
        List<GeneratedEvent> valid = new UsageStreamGenerator(4243L, NOW, 6).generate(800);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, valid);
        JobClient job = FaultKit.start(fx, "");
        try {
            int chunks = poisons.size();
            for (int i = 0; i < chunks; i++) {
                fx.produce(valid.subList(i * valid.size() / chunks, (i + 1) * valid.size() / chunks));
                Poison p = poisons.get(i);
                fx.produce(List.of(new GeneratedEvent("k-" + p.id(), p.json().getBytes(StandardCharsets.UTF_8),
                        Map.of("content-type", "application/cloudevents+json"), true, "//poison", p.id(),
                        "poison", 0, Map.of(), List.of())));
            }
            FaultKit.awaitRead(fx, valid.size() + poisons.size(), Duration.ofMinutes(3));
            long expectedRows = MeterflowFixture.expectedRejectionRows(oracle)
                    + poisons.stream().mapToLong(p -> p.meterRejections().size()).sum();
            MeterflowFixture.await("all rejection rows", Duration.ofMinutes(1), () -> fx.rejectionRows() >= expectedRows);
            assertThat(fx.rejectionRows()).isEqualTo(expectedRows);
            assertThat(job.getJobStatus().get()).as("the job keeps running").isEqualTo(JobStatus.RUNNING);
        } finally {
            FaultKit.cancelQuietly(job);
        }

        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM meterflow.commit_fence WHERE restored_checkpoint <> 0")) {
            rs.next();
            assertThat(rs.getLong(1)).as("commits after a restart (a restart restores a checkpoint)").isZero();
        }

        // Every poison has exactly the rejections listed, with their reasons.
        Map<String, Map<String, String>> rejected = new TreeMap<>();
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT event_id, meter, reason, detail"
                        + " FROM meterflow.rejected_events WHERE event_source = '//poison'")) {
            while (rs.next()) {
                assertThat(rejected.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3)))
                        .as("one rejection per (event, meter)").isNull();
                assertThat(rs.getString(4)).isNotBlank();
            }
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Poison p : poisons) {
            if (!p.meterRejections().isEmpty()) {
                expected.put(p.id().replace("\\ud83d", "\uFFFD"), p.meterRejections());
            }
        }
        assertThat(rejected).isEqualTo(expected);

        // Counters: the oracle's plus the poisons.
        long envelope = poisons.stream().filter(Poison::envelopeRejected).count();
        assertThat(fx.counter("", "events_read")).isEqualTo(oracle.counter("", "events_read") + poisons.size());
        assertThat(fx.counter("", "events_rejected")).isEqualTo(oracle.counter("", "events_rejected") + envelope);
        assertThat(fx.counter("", "events_unmatched")).isEqualTo(oracle.counter("", "events_unmatched"));
        assertThat(fx.counter("", "events_metered"))
                .isEqualTo(oracle.counter("", "events_metered") + poisons.size() - envelope);
        Map<String, Long> extraRejected = new HashMap<>();
        Map<String, Long> extraCounted = new HashMap<>();
        for (Poison p : poisons) {
            if (p.envelopeRejected()) {
                continue;
            }
            String type = p.json().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1");
            for (OracleMeter m : MeterflowFixture.METERS) {
                if (m.eventType().equals(type)) {
                    (p.meterRejections().containsKey(m.slug()) ? extraRejected : extraCounted).merge(m.slug(), 1L, Long::sum);
                }
            }
        }
        for (OracleMeter m : MeterflowFixture.METERS) {
            assertThat(fx.counter(m.slug(), "rejected")).as(m.slug())
                    .isEqualTo(oracle.counter(m.slug(), "rejected") + extraRejected.getOrDefault(m.slug(), 0L));
            assertThat(fx.counter(m.slug(), "counted")).as(m.slug())
                    .isEqualTo(oracle.counter(m.slug(), "counted") + extraCounted.getOrDefault(m.slug(), 0L));
            assertThat(fx.counter(m.slug(), "duplicates")).as(m.slug()).isEqualTo(oracle.counter(m.slug(), "duplicates"));
        }

        // The valid stream equals the oracle; the counted poisons hold exactly their values.
        Map<String, Map<String, BigDecimal>> poisonTotals = new TreeMap<>();
        for (OracleMeter m : MeterflowFixture.METERS) {
            boolean avg = m.aggregation().equals("AVG");
            List<String> groups = List.copyOf(m.groupBy().keySet());
            Map<UsageOracle.Row, BigDecimal> windows = new HashMap<>(fx.queryUsage(m.slug(), FROM, TO, m.windowSize(), groups));
            windows.keySet().removeIf(r -> r.subject().startsWith("poison-"));
            assertThat(MeterflowFixture.normalized(windows, avg)).as("windows of %s", m.slug())
                    .isEqualTo(MeterflowFixture.normalized(oracle.windows(m.slug()), avg));
            fx.queryUsage(m.slug(), FROM, TO, null).forEach((row, v) -> {
                if (row.subject().startsWith("poison-")) {
                    poisonTotals.computeIfAbsent(m.slug(), k -> new TreeMap<>()).put(row.subject(), v.stripTrailingZeros());
                }
            });
        }
        BigDecimal ten = new BigDecimal("10");
        assertThat(poisonTotals).isEqualTo(Map.of(
                "storage_bytes", Map.of("poison-q", new BigDecimal("7"), "poison-nul\uFFFD", new BigDecimal("11"),
                        "poison-zero", BigDecimal.ZERO),
                "llm_tokens", Map.of("poison-sum", new BigDecimal("5"), "poison-big", new BigDecimal("1.8e1001")),
                "llm_calls", Map.of("poison-sum", new BigDecimal("2"), "poison-big", new BigDecimal("2")),
                "api_requests", Map.of("poison-unique", new BigDecimal("2")),
                "latency_avg", Map.of("poison-unique", ten.stripTrailingZeros()),
                "latency_min", Map.of("poison-unique", ten.stripTrailingZeros()),
                "latency_max", Map.of("poison-unique", ten.stripTrailingZeros())));
        FaultKit.LOG.info("PoisonInputIT: {} poisons + {} valid events, took {} s", poisons.size(), valid.size(),
                FaultKit.seconds(t0));
    }
}
