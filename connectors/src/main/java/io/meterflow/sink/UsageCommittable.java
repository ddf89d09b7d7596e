package io.meterflow.sink;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

    public UsageCommittable(
            CommitId id,
            SortedMap<WindowKey, WindowDelta> windows,
            SortedMap<String, SortedMap<CounterName, Long>> counters,
            List<RejectedEvent> rejections) {
        this.id = id;
        this.windows = windows;
        this.counters = counters;
        this.rejections = rejections;
    }

    public static UsageCommittable empty(CommitId id) {
        return new UsageCommittable(id, new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
    }

    public CommitId id() { return id; }
    /** Window deltas, sorted by key: every transaction locks rows in the same order. */
    public SortedMap<WindowKey, WindowDelta> windows() { return windows; }
    public SortedMap<String, SortedMap<CounterName, Long>> counters() { return counters; }
    public List<RejectedEvent> rejections() { return rejections; }

    public long counter(String meter, CounterName name) {
        Map<CounterName, Long> m = counters.get(meter);
        return m == null ? 0 : m.getOrDefault(name, 0L);
    }

    public boolean isEmpty() {
        return windows.isEmpty() && counters.isEmpty() && rejections.isEmpty();
    }

    @Override
    public String toString() {
        return "UsageCommittable{" + id + ", windows=" + windows.size() + ", counters=" + counters
                + ", rejections=" + rejections.size() + "}";
    }
}
