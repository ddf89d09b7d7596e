package io.meterflow.sink;

import io.meterflow.aggregate.MetricNames;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The usage committer's metrics, in the group {@value MetricNames#GROUP} of the committer operator. */
final class CommitterMetrics {
    private final Counter rowsMerged;
    private final Counter fenceSkips;
    private final Histogram commitDurationMs;
    /** Written by the task thread, read by the reporters' thread. */
    private volatile int pending;

    CommitterMetrics(MetricGroup operatorGroup) {
        MetricGroup g = operatorGroup.addGroup(MetricNames.GROUP);
        rowsMerged = g.counter(MetricNames.COMMIT_ROWS_MERGED);
        fenceSkips = g.counter(MetricNames.FENCE_SKIPS);
        commitDurationMs = g.histogram(MetricNames.COMMIT_DURATION_MS,
                new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        g.gauge(MetricNames.COMMITTABLES_PENDING, () -> pending);
    }

    static CommitterMetrics unregistered() {
        return new CommitterMetrics(new UnregisteredMetricsGroup());
    }

    /** Committables handed to the committer and not applied (or skipped) yet. */
    void pending(int n) {
        pending = n;
    }

    void applied(UsageCommittable c, long nanos) {
        commitDurationMs.update(nanos / 1_000_000);
        rowsMerged.inc(c.windows().size());
    }

    void skipped(long nanos) {
        commitDurationMs.update(nanos / 1_000_000);
        fenceSkips.inc();
    }
}
