package io.meterflow.aggregate;

import io.meterflow.event.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Names of meterflow's Flink metrics, registered in the metric group {@value #GROUP} of the
 * operator that sees each outcome (listed in README, "Metrics"). They are for watching the
 * pipeline: unlike the counters committed to PostgreSQL they restart at zero with each task
 * attempt and count events again that a restart replays.
 */
public final class MetricNames {
    public static final String GROUP = "meterflow";
    /** User variable of {@link #EVENTS_REJECTED}: a {@link RejectionReason} name, or {@link #OTHER_REASON}. */
    public static final String REASON = "reason";
    public static final String OTHER_REASON = "OTHER";

    // Source (decode and fan out to meters).
    public static final String EVENTS_READ = "eventsRead";
    public static final String EVENTS_REJECTED = "eventsRejected";
    public static final String EVENTS_UNMATCHED = "eventsUnmatched";

    // Dedupe.
    public static final String EVENTS_COUNTED = "eventsCounted";
    public static final String DUPLICATES = "duplicates";
    public static final String LATE_EVENTS = "lateEvents";
    public static final String DEDUPE_BATCH_SIZE = "dedupeBatchSize";
    public static final String DEDUPE_FLUSH_TIME_MS = "dedupeFlushTimeMs";
    public static final String DEDUPE_LOOKUPS_SKIPPED = "dedupeLookupsSkipped";
    public static final String DEDUPE_FILTER_BYTES = "dedupeFilterBytes";

    // Usage sink: writer and committer.
    public static final String STALE_RESTORE_REFUSALS = "staleRestoreRefusals";
    public static final String COMMITTABLES_PENDING = "committablesPending";
    public static final String COMMIT_DURATION_MS = "commitDurationMs";
    public static final String COMMIT_ROWS_MERGED = "commitRowsMerged";
    public static final String FENCE_SKIPS = "fenceSkips";

    /** Samples a histogram keeps (Flink's DescriptiveStatisticsHistogram is a sliding window). */
    public static final int HISTOGRAM_WINDOW = 500;

    private static final Set<String> KNOWN_REASONS = reasonNames();

    private MetricNames() {}

    private static Set<String> reasonNames() {
        List<String> names = new ArrayList<>();
        for (RejectionReason r : RejectionReason.values()) {
            names.add(r.name());
        }
        return Set.copyOf(names);
    }

    /**
     * Every value of the {@link #REASON} variable, registered up front so that a reason's series
     * exists (at zero) before its first rejection and alerts on its rate need no special case.
     */
    public static List<String> reasons() {
        List<String> all = new ArrayList<>();
        for (RejectionReason r : RejectionReason.values()) {
            all.add(r.name());
        }
        all.add(OTHER_REASON);
        return all;
    }

    /** The {@link #REASON} value of a rejection's reason text: its name, or OTHER for anything unknown (bounded labels). */
    public static String reason(String rejectionReason) {
        return rejectionReason != null && KNOWN_REASONS.contains(rejectionReason) ? rejectionReason : OTHER_REASON;
    }
}
