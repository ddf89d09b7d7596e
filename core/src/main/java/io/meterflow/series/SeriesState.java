package io.meterflow.series;

import io.meterflow.aggregate.WindowSize;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent samples of one series, sorted by (event time, digest), and the rule that turns one
 * more sample, arriving in any order, into correcting window changes.
 *
 * <p>Each sample's usage depends on one neighbour only: INCREASE on the previous sample (the
 * increase since it), TIME_WEIGHTED on the next one (where its hold ends). Inserting {@code x}
 * between {@code p} and {@code n} therefore retracts exactly one attribution made before
 * (INCREASE: {@code n} after {@code p}; TIME_WEIGHTED: {@code p} until {@code n}), adds it again
 * with {@code x} as the neighbour, and adds {@code x}'s own. Summed, the changes telescope to the
 * attributions of the final sequence: the result of processing the samples in event-time order,
 * whatever order they arrived in.
 *
 * <p>Late means relative to the series itself: a sample older than the newest sample of its series
 * minus {@code lateness} is refused ({@link SeriesUpdate.Outcome#TOO_LATE}); so every accepted
 * sample lands at or after that cut, and the state keeps only the samples at or after it plus the
 * one just before it (the predecessor a sample at the cut may need). Older samples can never be a
 * neighbour again and are dropped: the state is bounded by the lateness, not by the series' age.
 *
 * <p>Arithmetic is exact ({@link BigDecimal}, never rounded): a TIME_WEIGHTED piece is value x
 * milliseconds / 1000, computed as {@code value * BigDecimal.valueOf(millis, 3)}.
 *
 * <p>Not thread-safe; one instance per series (the operator keeps the samples in keyed state).
 */
public final class SeriesState {
    private final SeriesSettings settings;
    private final ArrayList<Sample> samples = new ArrayList<>();

    public SeriesState(SeriesSettings settings) {
        this.settings = settings;
    }

    /** Rebuilds the state from samples kept earlier (any order); keeps what the lateness needs. */
    public static SeriesState restore(SeriesSettings settings, List<Sample> kept) {
        SeriesState s = new SeriesState(settings);
        for (Sample x : kept) {
            if (!s.samples.isEmpty() && !x.series().equals(s.samples.get(0).series())) {
                throw new IllegalArgumentException("samples of two series: " + s.samples.get(0).series() + ", " + x.series());
            }
            int i = Collections.binarySearch(s.samples, x, Sample.ORDER);
            if (i < 0) {
                s.samples.add(-i - 1, x);
            }
        }
        s.prune();
        return s;
    }

    /**
     * Offers one sample (deduplicated upstream) and returns the window changes it causes, sorted
     * by window start; none when it is too late or already present.
     */
    public SeriesUpdate offer(Sample x) {
        if (!samples.isEmpty()) {
            String series = samples.get(0).series();
            if (!x.series().equals(series)) {
                throw new IllegalArgumentException("sample of series " + x.series() + " offered to series " + series);
            }
            if (x.time() < newestTime() - settings.latenessMillis()) {
                return SeriesUpdate.TOO_LATE;
            }
        }
        int i = Collections.binarySearch(samples, x, Sample.ORDER);
        if (i >= 0) {
            return SeriesUpdate.DUPLICATE;
        }
        int at = -i - 1;
        Sample prev = at > 0 ? samples.get(at - 1) : null;
        Sample next = at < samples.size() ? samples.get(at) : null;
        List<WindowChange> changes = changes(settings, prev, x, next);
        samples.add(at, x);
        prune();
        return new SeriesUpdate(SeriesUpdate.Outcome.ACCEPTED, changes);
    }

    /** The kept samples in series order (for the operator's state and for tests). */
    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    public int size() {
        return samples.size();
    }

    /** Event time of the newest sample; {@link Long#MIN_VALUE} when empty. */
    public long newestTime() {
        return samples.isEmpty() ? Long.MIN_VALUE : samples.get(samples.size() - 1).time();
    }

    public SeriesSettings settings() {
        return settings;
    }

    /**
     * The window changes of inserting {@code x} between its neighbours in series order ({@code prev},
     * {@code next}: null when there is none), sorted by window start. Only the neighbours matter, which
     * is why a store that reads just the part of a series around {@code x} computes the same changes.
     */
    static List<WindowChange> changes(SeriesSettings settings, Sample prev, Sample x, Sample next) {
        Changes changes = new Changes(settings.windowSize());
        changes.sample(x.time());
        if (settings.aggregation() == SeriesAggregation.INCREASE) {
            if (next != null) {
                increase(settings, changes, prev, next, false);
                increase(settings, changes, x, next, true);
            }
            increase(settings, changes, prev, x, true);
        } else {
            // A predecessor whose hold ran out before x keeps its attribution.
            if (prev != null && x.time() < prev.time() + settings.maxHoldMillis()) {
                hold(settings, changes, prev, next, false);
                hold(settings, changes, prev, x, true);
            }
            hold(settings, changes, x, next, true);
        }
        return changes.toList();
    }

    /** INCREASE: the usage of {@code s} since {@code prev} (null: {@code s} is the first sample). */
    private static void increase(SeriesSettings settings, Changes changes, Sample prev, Sample s, boolean add) {
        BigDecimal v;
        if (prev == null) {
            v = settings.firstSample() == FirstSample.COUNT ? s.value() : BigDecimal.ZERO;
        } else if (s.value().compareTo(prev.value()) < 0) {
            v = s.value(); // reset: the counter restarted from zero
        } else {
            v = s.value().subtract(prev.value());
        }
        changes.add(s.time(), add ? v : v.negate());
    }

    /** TIME_WEIGHTED: {@code s} holds its value until {@code next} (null: none yet), at most maxHold. */
    private static void hold(SeriesSettings settings, Changes changes, Sample s, Sample next, boolean add) {
        long start = s.time();
        long end = start + settings.maxHoldMillis();
        if (next != null && next.time() < end) {
            end = next.time();
        }
        if (end <= start) {
            return; // the next sample has the same time: s is replaced at once
        }
        WindowSize size = settings.windowSize();
        BigDecimal value = add ? s.value() : s.value().negate();
        for (long w = size.windowStart(start); w < end; w += size.millis()) {
            long millis = Math.min(end, w + size.millis()) - Math.max(start, w);
            changes.add(w, value.multiply(BigDecimal.valueOf(millis, 3)));
        }
    }

    private void prune() {
        if (samples.isEmpty()) {
            return;
        }
        long cut = newestTime() - settings.latenessMillis();
        int firstAtCut = 0;
        while (firstAtCut < samples.size() && samples.get(firstAtCut).time() < cut) {
            firstAtCut++;
        }
        // Keep the last sample before the cut: the predecessor of a sample arriving at the cut.
        if (firstAtCut > 1) {
            samples.subList(0, firstAtCut - 1).clear();
        }
    }

    /** Changes per window of one insertion; a window touched by a retraction or an addition is emitted. */
    private static final class Changes {
        private final WindowSize size;
        private final Map<Long, long[]> samples = new TreeMap<>();
        private final TreeMap<Long, BigDecimal> values = new TreeMap<>();

        Changes(WindowSize size) {
            this.size = size;
        }

        void sample(long time) {
            long w = size.windowStart(time);
            samples.computeIfAbsent(w, k -> new long[1])[0]++;
            values.putIfAbsent(w, BigDecimal.ZERO);
        }

        /** Adds to the window holding {@code time} (INCREASE) or starting at it (TIME_WEIGHTED: aligned). */
        void add(long time, BigDecimal v) {
            values.merge(size.windowStart(time), v, BigDecimal::add);
        }

        List<WindowChange> toList() {
            List<WindowChange> out = new ArrayList<>(values.size());
            for (Map.Entry<Long, BigDecimal> e : values.entrySet()) {
                long[] n = samples.get(e.getKey());
                out.add(new WindowChange(e.getKey(), n == null ? 0 : n[0], canonical(e.getValue())));
            }
            return out;
        }
    }

    /** No trailing zeros and no negative scale: one text per number, whatever the path to it. */
    static BigDecimal canonical(BigDecimal v) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
