package io.meterflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rate late in a job, once start-up (deploying the tasks, opening RocksDB, the JIT compiling the
 * job's code) is behind it: what a job that runs for weeks runs at, and what the raw consumer, warm
 * after a full pass, is measured at. meterflow's progress is read from what it committed: each
 * checkpoint's commit raises events_read in PostgreSQL to the events the sources had read when the
 * checkpoint was triggered (its barrier), so (trigger time, committed events) is an exact point of
 * the job's progress; the commit itself comes a checkpoint's duration later, which varies. The
 * window runs from the first checkpoint whose commit holds at least {@code from} events to the last
 * one before all events are in: the job's final checkpoint is left out, as it waits up to an
 * interval after the last event. The raw consumer is timed over the same event counts.
 */
final class SteadyWindow {
    /**
     * One observed change of the committed count: wall-clock millis, events, JVM CPU then, threads'
     * CPU then.
     */
    record Commit(long wallMillis, long events, long cpuNanos, Map<String, Map.Entry<String, Long>> threads) {}

    /** A completed checkpoint (Flink's REST checkpoint history): id, trigger and completion wall-clock millis. */
    record Checkpoint(long id, long triggerMillis, long completedMillis) {}

    /**
     * @param fromEvents committed events at the window's start
     * @param toEvents committed events at its end
     * @param nanos trigger to trigger
     * @param cpuNanos the JVM's CPU over the window: its rate between the two commits, times the window
     * @param byThread CPU nanos per thread name over the window, likewise (empty when unknown)
     */
    record Result(long fromEvents, long toEvents, long nanos, long cpuNanos, Map<String, Long> byThread) {
        long events() {
            return toEvents - fromEvents;
        }

        double eps() {
            return Stats.rate(events(), nanos);
        }

        double cpuMicrosPerEvent() {
            return CpuClock.microsPerEvent(cpuNanos, events());
        }
    }

    /** A checkpoint's trigger time with the events its commit made visible, and that commit. */
    private record Point(long triggerMillis, Commit commit) {}

    private SteadyWindow() {}

    /**
     * The window, or null when fewer than two checkpoints fall between {@code from} and {@code total}
     * (a job too short for its checkpoint interval).
     *
     * @param commits the changes of events_read, in the order observed
     * @param checkpoints the job's completed checkpoints, any order
     */
    static Result of(List<Commit> commits, List<Checkpoint> checkpoints, long from, long total) {
        List<Checkpoint> byId = new ArrayList<>(checkpoints);
        byId.sort(java.util.Comparator.comparingLong(Checkpoint::id));
        // A checkpoint's events: the last count seen after it completed and before the next one did
        // (the subtasks commit one after the other, so earlier observations can be partial).
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < byId.size(); k++) {
            long after = byId.get(k).completedMillis();
            long before = k + 1 < byId.size() ? byId.get(k + 1).completedMillis() : Long.MAX_VALUE;
            Commit last = null;
            for (Commit c : commits) {
                if (c.wallMillis() >= after && c.wallMillis() < before) {
                    last = c;
                }
            }
            if (last != null) {
                points.add(new Point(byId.get(k).triggerMillis(), last));
            }
        }
        Point start = null;
        Point end = null;
        for (Point p : points) {
            if (p.commit().events() >= total) {
                break;
            }
            if (start == null && p.commit().events() >= from) {
                start = p;
            } else if (start != null) {
                end = p;
            }
        }
        if (start == null || end == null || end.commit().events() <= start.commit().events()
                || end.triggerMillis() <= start.triggerMillis()) {
            return null;
        }
        long nanos = (end.triggerMillis() - start.triggerMillis()) * 1_000_000L;
        Commit a = start.commit();
        Commit b = end.commit();
        double scale = b.wallMillis() > a.wallMillis() ? (double) (end.triggerMillis() - start.triggerMillis())
                / (b.wallMillis() - a.wallMillis()) : Double.NaN;
        long cpu = a.cpuNanos() < 0 || b.cpuNanos() < 0 || Double.isNaN(scale) ? -1
                : Math.round(CpuClock.between(a.cpuNanos(), b.cpuNanos()) * scale);
        Map<String, Long> threads = new java.util.LinkedHashMap<>();
        if (a.threads() != null && b.threads() != null && !Double.isNaN(scale)) {
            ThreadCpu.between(a.threads(), b.threads()).forEach((name, n) -> threads.put(name, Math.round(n * scale)));
        }
        return new Result(a.events(), b.events(), nanos, cpu, threads);
    }

    /**
     * Of polls in time order, the index of the first that had seen {@code from} records and of the first
     * that had seen {@code to}; null when they do not reach both or show no records between them.
     */
    static <T> int[] span(List<T> polls, java.util.function.ToLongFunction<T> seen, long from, long to) {
        int a = -1;
        for (int i = 0; i < polls.size(); i++) {
            long n = seen.applyAsLong(polls.get(i));
            if (a < 0 && n >= from) {
                a = i;
            }
            if (n >= to) {
                return a >= 0 && n > seen.applyAsLong(polls.get(a)) ? new int[] {a, i} : null;
            }
        }
        return null;
    }

    /** Poll times of a reader (nanos since its start, records seen then), to time it over the same event counts. */
    static final class Trace {
        private final List<long[]> points = new ArrayList<>();

        void add(long nanos, long seen) {
            points.add(new long[] {nanos, seen});
        }

        /**
         * Records per second from the first poll that had seen {@code from} records to the first that
         * had seen {@code to}; NaN when the trace does not reach both.
         */
        double eps(long from, long to) {
            int[] s = span(points, p -> p[1], from, to);
            if (s == null) {
                return Double.NaN;
            }
            long[] a = points.get(s[0]);
            long[] b = points.get(s[1]);
            return Stats.rate(b[1] - a[1], b[0] - a[0]);
        }
    }
}
