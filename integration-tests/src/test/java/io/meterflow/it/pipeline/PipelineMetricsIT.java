package io.meterflow.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.MetricNames;
import io.meterflow.event.RejectionReason;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Flink metrics of group "meterflow" on a MiniCluster at parallelism 2: a small stream with
 * duplicates, rejections, an unmatched and a late event gives exactly the expected values, equal to
 * the counters committed to PostgreSQL; a refused start without state counts a stale-restore refusal.
 */
class PipelineMetricsIT {
    /** Retains the metrics of finished tasks: the refused job's writers are gone when we look. */
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2, REPORTER.addToConfiguration(new Configuration()));

    private static final String LLM = "llm.completion"; // llm_tokens (SUM, MINUTE) and llm_calls (COUNT, HOUR)

    @Test
    void metricsCountWhatTheCommittedCountersCount() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("metrics", 1);
        long t = Instant.now().minusSeconds(5).toEpochMilli();
        List<GeneratedEvent> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(event("e" + i, LLM, t + i, Map.of("usage", Map.of("total_tokens", 10 * i), "model", "m1")));
        }
        first.add(first.get(0)); // producer retries: duplicates for both meters
        first.add(first.get(1));
        first.add(raw("not json at all")); // MALFORMED_JSON, for the event
        first.add(event("e6", LLM, t + 6, Map.of("usage", Map.of("total_tokens", "many")))); // llm_tokens: NON_NUMERIC_VALUE
        first.add(event("u1", "nobody.meters.this", t + 7, Map.of()));

        JobClient job = MeterflowFixture.startJob(fx.configYaml(""), null, null);
        JobID jobId = job.getJobID();
        try {
            fx.produce(first);
            MeterflowFixture.await("the first events committed", Duration.ofMinutes(2),
                    () -> fx.counter("", "events_read") >= first.size());
            // An event two days old lands in closed windows once the dedupe operator has seen a watermark
            // (both source subtasks: one reads the partition, the other goes idle after idleTimeout).
            MeterflowFixture.await("the dedupe operator's watermark past a day ago", Duration.ofMinutes(2),
                    () -> dedupeWatermark(jobId) > t - Duration.ofDays(1).toMillis());
            fx.produce(List.of(event("e7", LLM, t - Duration.ofDays(2).toMillis(),
                    Map.of("usage", Map.of("total_tokens", 7), "model", "m1"))));
            MeterflowFixture.await("the late event committed", Duration.ofMinutes(2),
                    () -> fx.counter("", "events_read") >= first.size() + 1);
            MeterflowFixture.await("no committable pending", Duration.ofSeconds(30),
                    () -> gauge(jobId, MetricNames.COMMITTABLES_PENDING) == 0);

            assertThat(sum(jobId, MetricNames.EVENTS_READ)).isEqualTo(11);
            assertThat(sum(jobId, MetricNames.EVENTS_UNMATCHED)).isEqualTo(1);
            assertThat(rejected(jobId, RejectionReason.MALFORMED_JSON.name())).isEqualTo(1);
            assertThat(rejected(jobId, RejectionReason.NON_NUMERIC_VALUE.name())).isEqualTo(1);
            assertThat(sum(jobId, MetricNames.EVENTS_REJECTED)).as("no other reason").isEqualTo(2);
            assertThat(rejected(jobId, MetricNames.OTHER_REASON)).isZero();
            // Per meter: e1..e5 and e7 for both meters, e6 for llm_calls only; e1 and e2 again.
            assertThat(sum(jobId, MetricNames.EVENTS_COUNTED)).isEqualTo(13);
            assertThat(sum(jobId, MetricNames.DUPLICATES)).isEqualTo(4);
            assertThat(sum(jobId, MetricNames.LATE_EVENTS)).isEqualTo(2);

            // The same story as the counters committed to PostgreSQL (no restart happened).
            assertThat(sum(jobId, MetricNames.EVENTS_READ)).isEqualTo(fx.counter("", "events_read"));
            assertThat(sum(jobId, MetricNames.EVENTS_UNMATCHED)).isEqualTo(fx.counter("", "events_unmatched"));
            assertThat(sum(jobId, MetricNames.EVENTS_REJECTED))
                    .isEqualTo(fx.counter("", "events_rejected") + perMeter(fx, "rejected"));
            assertThat(sum(jobId, MetricNames.EVENTS_COUNTED)).isEqualTo(perMeter(fx, "counted"));
            assertThat(sum(jobId, MetricNames.DUPLICATES)).isEqualTo(perMeter(fx, "duplicates"));
            assertThat(sum(jobId, MetricNames.LATE_EVENTS)).isEqualTo(perMeter(fx, "late"));

            // Every event with a metered record went through exactly one dedupe batch, however many meters
            // it feeds (e1..e7 and the two redeliveries), each batch timed.
            assertThat(histogramValueSum(jobId, MetricNames.DEDUPE_BATCH_SIZE)).isEqualTo(9);
            assertThat(histogramCount(jobId, MetricNames.DEDUPE_FLUSH_TIME_MS))
                    .isEqualTo(histogramCount(jobId, MetricNames.DEDUPE_BATCH_SIZE)).isPositive();

            // Window rows: llm_tokens e1..e5 in one or two minute rows, llm_calls in one or two hour
            // rows, and both meters' rows of e7: at least 4 merged, each commit timed, none skipped.
            assertThat(sum(jobId, MetricNames.COMMIT_ROWS_MERGED)).isGreaterThanOrEqualTo(4);
            assertThat(histogramCount(jobId, MetricNames.COMMIT_DURATION_MS)).isGreaterThanOrEqualTo(2);
            assertThat(sum(jobId, MetricNames.FENCE_SKIPS)).isZero();
            assertThat(sum(jobId, MetricNames.STALE_RESTORE_REFUSALS)).isZero();
        } finally {
            job.cancel().get();
        }

        // Starting again without state on a generation that holds commits would count twice: refused.
        JobClient fresh = MeterflowFixture.startJob(fx.configYaml(""), null, null);
        MeterflowFixture.await("the fresh start refused", Duration.ofMinutes(2),
                () -> status(fresh) == JobStatus.FAILED);
        assertThat(sum(fresh.getJobID(), MetricNames.STALE_RESTORE_REFUSALS)).isPositive();
    }

    private static GeneratedEvent event(String id, String type, long time, Map<String, Object> data) {
        return GeneratedEvent.structured("//metrics-it", id, type, "customer-1", Instant.ofEpochMilli(time), data);
    }

    private static GeneratedEvent raw(String text) {
        return new GeneratedEvent("customer-1", text.getBytes(StandardCharsets.UTF_8), Map.of(), false, null, null,
                null, 0, Map.of(), List.of());
    }

    private static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get();
        } catch (Exception e) {
            return JobStatus.FAILED; // the MiniCluster forgets nothing, but a failed job's status may throw
        }
    }

    private static long perMeter(MeterflowFixture fx, String counter) {
        long sum = 0;
        for (OracleMeter m : MeterflowFixture.METERS) {
            sum += fx.counter(m.slug(), counter);
        }
        return sum;
    }

    /** The job's metrics named {@code name} in group meterflow, across subtasks (and reasons). */
    private static List<Metric> metrics(JobID job, String name) {
        List<Metric> found = new ArrayList<>();
        meterflowMetrics(job).forEach((id, metric) -> {
            if (id.endsWith("." + name)) {
                found.add(metric);
            }
        });
        return found;
    }

    /** Identifier to metric, of the job's group-meterflow metrics (Flink's own are left out). */
    private static Map<String, Metric> meterflowMetrics(JobID job) {
        Map<String, Metric> found = new LinkedHashMap<>();
        REPORTER.getMetricsByGroup().forEach((group, byName) -> {
            if (job.toString().equals(group.getAllVariables().get("<job_id>"))) {
                byName.forEach((name, metric) -> {
                    String id = group.getMetricIdentifier(name);
                    if (id.contains("." + MetricNames.GROUP + ".")) {
                        found.put(id, metric);
                    }
                });
            }
        });
        return found;
    }

    private static long sum(JobID job, String name) {
        List<Metric> found = metrics(job, name);
        assertThat(found).as("metric %s registered", name).isNotEmpty();
        return found.stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    private static long rejected(JobID job, String reason) {
        String suffix = "." + MetricNames.GROUP + "." + MetricNames.REASON + "." + reason + "." + MetricNames.EVENTS_REJECTED;
        long[] sum = {0};
        int[] found = {0};
        meterflowMetrics(job).forEach((id, metric) -> {
            if (id.endsWith(suffix)) {
                sum[0] += ((Counter) metric).getCount();
                found[0]++;
            }
        });
        assertThat(found[0]).as("rejection counter for %s registered", reason).isPositive();
        return sum[0];
    }

    /** The lowest input watermark of the dedupe operator's subtasks (Flink's own gauge); MIN_VALUE before any. */
    private static long dedupeWatermark(JobID job) {
        long[] min = {Long.MAX_VALUE};
        int[] found = {0};
        REPORTER.getMetricsByGroup().forEach((group, byName) -> {
            String operator = group.getAllVariables().getOrDefault("<operator_name>", "");
            Metric m = byName.get("currentInputWatermark");
            if (m instanceof Gauge<?> g && job.toString().equals(group.getAllVariables().get("<job_id>"))
                    && operator.startsWith("Dedupe")) {
                min[0] = Math.min(min[0], ((Number) g.getValue()).longValue());
                found[0]++;
            }
        });
        return found[0] == 0 ? Long.MIN_VALUE : min[0];
    }

    private static long gauge(JobID job, String name) {
        assertThat(metrics(job, name)).as("metric %s registered", name).isNotEmpty();
        return metrics(job, name).stream().mapToLong(m -> ((Number) ((Gauge<?>) m).getValue()).longValue()).sum();
    }

    private static long histogramCount(JobID job, String name) {
        return metrics(job, name).stream().mapToLong(m -> ((Histogram) m).getCount()).sum();
    }

    private static long histogramValueSum(JobID job, String name) {
        long sum = 0;
        for (Metric m : metrics(job, name)) {
            for (long v : ((Histogram) m).getStatistics().getValues()) {
                sum += v;
            }
        }
        return sum;
    }
}
