package io.meterflow.sink;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Everything one writer subtask saw in one checkpoint epoch, applied by the committer in one
 * PostgreSQL transaction behind the fence row of its {@link CommitId}.
 */
public final class UsageCommittable {
    private final CommitId id;
    private final SortedMap<WindowKey, WindowDelta> windows;
    /** meter ('' for pipeline-wide) -> counter -> increment. */
    private final SortedMap<String, SortedMap<CounterName, Long>> counters;
    private final List<RejectedEvent> rejections;
    private final List<Notification> notifications;
    private final String jobId;
    private final CommitPosition requires;

    public UsageCommittable(
            CommitId id,
            SortedMap<WindowKey, WindowDelta> windows,
            SortedMap<String, SortedMap<CounterName, Long>> counters,
            List<RejectedEvent> rejections) {
        this(id, windows, counters, rejections, List.of(), "", null);
    }

    /**
     * @param jobId the Flink job that prepared it ("" when unknown: committables of the first format)
     * @param requires the previous committable of the lineage that must already be in PostgreSQL, null if none
     */
    public UsageCommittable(
            CommitId id,
            SortedMap<WindowKey, WindowDelta> windows,
            SortedMap<String, SortedMap<CounterName, Long>> counters,
            List<RejectedEvent> rejections,
            String jobId,
            CommitPosition requires) {
        this(id, windows, counters, rejections, List.of(), jobId, requires);
    }

    /** @param notifications what the limit evaluation emitted in the epoch (ids are unique per crossing) */
    public UsageCommittable(
            CommitId id,
            SortedMap<WindowKey, WindowDelta> windows,
            SortedMap<String, SortedMap<CounterName, Long>> counters,
            List<RejectedEvent> rejections,
            List<Notification> notifications,
            String jobId,
            CommitPosition requires) {
        this.id = id;
        this.windows = windows;
        this.counters = counters;
        this.rejections = rejections;
        this.notifications = notifications;
        this.jobId = jobId == null ? "" : jobId;
        this.requires = requires;
    }

    public CommitId id() { return id; }
    /** Window deltas, sorted by key: every transaction locks rows in the same order. */
    public SortedMap<WindowKey, WindowDelta> windows() { return windows; }
    public SortedMap<String, SortedMap<CounterName, Long>> counters() { return counters; }
    public List<RejectedEvent> rejections() { return rejections; }
    public List<Notification> notifications() { return notifications; }
    /** The Flink job that prepared it; a job commits its own committables only while it owns the generation. */
    public String jobId() { return jobId; }
    /**
     * The committable prepared before it in the lineage (same writer, or the restored state's last),
     * which PostgreSQL must hold: if it does not, PostgreSQL lost commits that the job's state counts as done.
     */
    public CommitPosition requires() { return requires; }

    public long counter(String meter, CounterName name) {
        Map<CounterName, Long> m = counters.get(meter);
        return m == null ? 0 : m.getOrDefault(name, 0L);
    }

    public boolean isEmpty() {
        return windows.isEmpty() && counters.isEmpty() && rejections.isEmpty() && notifications.isEmpty();
    }

    @Override
    public String toString() {
        return "UsageCommittable{" + id + (jobId.isEmpty() ? "" : ", job " + jobId) + ", windows=" + windows.size() + ", counters=" + counters
                + ", rejections=" + rejections.size() + (notifications.isEmpty() ? "" : ", notifications=" + notifications.size()) + "}";
    }
}
