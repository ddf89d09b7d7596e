package io.meterflow.sink;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * Folds the records of one checkpoint epoch into per-row deltas and counters, and hands them over
 * as one committable at the checkpoint barrier. It writes nothing itself: PostgreSQL only sees
 * what the committer applies after the checkpoint completed.
 */
final class UsageWriter
        implements CommittingSinkWriter<UsageRecord, UsageCommittable>,
                StatefulSinkWriter<UsageRecord, UsageWriterState> {

    private static final CounterName[] COUNTER_NAMES = CounterName.values();

    private final int generation;
    private final String lineage;
    private final long restoredCheckpoint;
    private final int subtask;
    private final String jobId;
    private long sequence;
    /** The last non-empty committable prepared (by this writer or, before the restore, by the job). */
    private CommitPosition lastCommittable;

    // Hash maps on the per-event path; sorted once per epoch in prepareCommit (commit order).
    private Map<WindowKey, WindowDelta> windows = new HashMap<>();
    private Map<String, long[]> counters = new HashMap<>();
    private List<RejectedEvent> rejections = new ArrayList<>();
    private List<Notification> notifications = new ArrayList<>();
    /**
     * The counters of the last meter counted and of the events (""), kept out of the map lookup that
     * every record otherwise pays two or three times; both are rows of {@link #counters}.
     */
    private String lastMeter;
    private long[] lastMeterRow;
    private long[] eventRow;

    UsageWriter(int generation, String lineage, long restoredCheckpoint, int subtask) {
        this(generation, lineage, restoredCheckpoint, subtask, "", null);
    }

    /**
     * @param jobId the Flink job this writer runs in; its committables carry it (zombie fencing)
     * @param lastCommittable the restored state's last committable, null for none
     */
    UsageWriter(int generation, String lineage, long restoredCheckpoint, int subtask, String jobId,
            CommitPosition lastCommittable) {
        this.generation = generation;
        this.lineage = lineage;
        this.restoredCheckpoint = restoredCheckpoint;
        this.subtask = subtask;
        this.jobId = jobId;
        this.lastCommittable = lastCommittable;
    }

    @Override
    public void write(UsageRecord r, Context context) {
        String meter = r.meter == null ? "" : r.meter;
        switch (r.kind) {
            case COUNTED:
                windows.computeIfAbsent(
                                new WindowKey(r.meter, r.subject, r.groupValues, r.windowStart),
                                k -> new WindowDelta(r.aggregation, r.windowEnd))
                        .add(r);
                increment(meter, CounterName.METER_COUNTED);
                if (r.late) {
                    increment(meter, CounterName.METER_LATE);
                }
                countEvent(r, CounterName.EVENTS_METERED);
                break;
            case ADJUSTED:
                // A series correction: usage of a window, but no event (its sample was counted as COUNTED).
                windows.computeIfAbsent(
                                new WindowKey(r.meter, r.subject, r.groupValues, r.windowStart),
                                k -> new WindowDelta(r.aggregation, r.windowEnd))
                        .adjust(r);
                break;
            case DUPLICATE:
                increment(meter, CounterName.METER_DUPLICATES);
                countEvent(r, CounterName.EVENTS_METERED);
                break;
            case REJECTED:
                rejections.add(r.rejection);
                if (r.meter == null) {
                    increment("", CounterName.EVENTS_REJECTED);
                    countEvent(r, null);
                } else {
                    increment(meter, CounterName.METER_REJECTED);
                    countEvent(r, CounterName.EVENTS_METERED);
                }
                break;
            case UNMATCHED:
                increment("", CounterName.EVENTS_UNMATCHED);
                countEvent(r, null);
                break;
            case NOTIFICATION:
                notifications.add(r.notification);
                break;
            case METERED:
            default:
                throw new IllegalStateException("record reached the sink without dedupe: " + r);
        }
    }

    /** Counts the event once, on its first outcome, however many meters it fans out to. */
    private void countEvent(UsageRecord r, CounterName outcome) {
        if (r.firstOfEvent) {
            increment("", CounterName.EVENTS_READ);
            if (outcome != null) {
                increment("", outcome);
            }
        }
    }

    private void increment(String meter, CounterName name) {
        row(meter)[name.ordinal()]++;
    }

    private long[] row(String meter) {
        if (meter.isEmpty()) {
            if (eventRow == null) {
                eventRow = counters.computeIfAbsent("", m -> new long[COUNTER_NAMES.length]);
            }
            return eventRow;
        }
        if (!meter.equals(lastMeter)) { // a record's meter is often the last one's, and often the same String
            lastMeterRow = counters.computeIfAbsent(meter, m -> new long[COUNTER_NAMES.length]);
            lastMeter = meter;
        }
        return lastMeterRow;
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing buffered outside the epoch: everything is handed over in prepareCommit.
    }

    @Override
    public Collection<UsageCommittable> prepareCommit() {
        sequence++;
        if (windows.isEmpty() && counters.isEmpty() && rejections.isEmpty() && notifications.isEmpty()) {
            return List.of();
        }
        SortedMap<String, SortedMap<CounterName, Long>> sortedCounters = new TreeMap<>();
        counters.forEach((meter, values) -> {
            SortedMap<CounterName, Long> m = new TreeMap<>();
            for (CounterName name : COUNTER_NAMES) {
                if (values[name.ordinal()] != 0) {
                    m.put(name, values[name.ordinal()]);
                }
            }
            sortedCounters.put(meter, m);
        });
        CommitId id = new CommitId(generation, lineage, restoredCheckpoint, sequence, subtask);
        UsageCommittable c =
                new UsageCommittable(id, new TreeMap<>(windows), sortedCounters, rejections, notifications, jobId,
                        lastCommittable);
        lastCommittable = CommitPosition.of(id);
        windows = new HashMap<>();
        counters = new HashMap<>();
        lastMeter = null;
        lastMeterRow = null;
        eventRow = null;
        rejections = new ArrayList<>();
        notifications = new ArrayList<>();
        return List.of(c);
    }

    @Override
    public List<UsageWriterState> snapshotState(long checkpointId) {
        return List.of(new UsageWriterState(generation, lineage, restoredCheckpoint, sequence, lastCommittable));
    }

    @Override
    public void close() {}
}
