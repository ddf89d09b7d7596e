package io.meterflow.aggregate;

import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one checkpoint epoch adds to one window row. The same merge rules apply when the writer
 * folds events into a delta and when the committer folds a delta into the stored row (in SQL):
 * count and sum add (the window deltas of INCREASE and TIME_WEIGHTED, possibly negative, too), min
 * and max take least and greatest, LATEST keeps the value with the greatest (event time, digest), UNIQUE_COUNT keeps the set of distinct values.
 */
public final class WindowDelta {
    private final Aggregation aggregation;
    private final long windowEnd;
    private long eventCount;
    private BigDecimal sum;
    private BigDecimal min;
    private BigDecimal max;
    private long latestTime = Long.MIN_VALUE;
    private long latestDigestHi;
    private long latestDigestLo;
    private BigDecimal latestValue;
    private long lateEventCount;
    private BigDecimal lateSum;
    private final Set<String> uniqueValues;

    public WindowDelta(Aggregation aggregation, long windowEnd) {
        this.aggregation = aggregation;
        this.windowEnd = windowEnd;
        this.uniqueValues = aggregation == Aggregation.UNIQUE_COUNT ? new TreeSet<>() : Set.of();
    }

    /** Folds one counted event in. */
    public void add(UsageRecord e) {
        eventCount++;
        if (e.late) {
            lateEventCount++;
        }
        switch (aggregation) {
            case SUM:
            case AVG:
            case INCREASE:
            case TIME_WEIGHTED:
                sum = plus(sum, e.value);
                if (e.late) {
                    lateSum = plus(lateSum, e.value);
                }
                break;
            case MIN:
                min = least(min, e.value);
                break;
            case MAX:
                max = greatest(max, e.value);
                break;
            case LATEST:
                offerLatest(e.eventTime, e.digestHi, e.digestLo, e.value);
                break;
            case UNIQUE_COUNT:
                uniqueValues.add(e.uniqueValue);
                break;
            case COUNT:
            default:
                break;
        }
    }

    /**
     * Folds a series correction in ({@link UsageRecord.Kind#ADJUSTED}): its value, possibly negative,
     * adds to the sum like a counted sample's, but it is no event.
     */
    public void adjust(UsageRecord e) {
        sum = plus(sum, e.value);
        if (e.late) {
            lateSum = plus(lateSum, e.value);
        }
    }

    /** Folds another delta of the same row in (used when restoring or combining epochs). */
    public void merge(WindowDelta other) {
        eventCount += other.eventCount;
        lateEventCount += other.lateEventCount;
        sum = plusNullable(sum, other.sum);
        lateSum = plusNullable(lateSum, other.lateSum);
        min = other.min == null ? min : least(min, other.min);
        max = other.max == null ? max : greatest(max, other.max);
        if (other.latestValue != null) {
            offerLatest(other.latestTime, other.latestDigestHi, other.latestDigestLo, other.latestValue);
        }
        if (aggregation == Aggregation.UNIQUE_COUNT) {
            uniqueValues.addAll(other.uniqueValues);
        }
    }

    private void offerLatest(long time, long hi, long lo, BigDecimal value) {
        if (latestValue == null || isLater(time, hi, lo, latestTime, latestDigestHi, latestDigestLo)) {
            latestTime = time;
            latestDigestHi = hi;
            latestDigestLo = lo;
            latestValue = value;
        }
    }

    /**
     * LATEST order: event time, then the event digest as an unsigned 128-bit number, so two events
     * with the same time resolve the same way whatever order they arrive in.
     */
    public static boolean isLater(long time, long hi, long lo, long otherTime, long otherHi, long otherLo) {
        if (time != otherTime) {
            return time > otherTime;
        }
        int c = Long.compareUnsigned(hi, otherHi);
        if (c != 0) {
            return c > 0;
        }
        return Long.compareUnsigned(lo, otherLo) > 0;
    }

    private static BigDecimal plus(BigDecimal a, BigDecimal b) {
        return a == null ? b : a.add(b);
    }

    private static BigDecimal plusNullable(BigDecimal a, BigDecimal b) {
        return b == null ? a : plus(a, b);
    }

    private static BigDecimal least(BigDecimal a, BigDecimal b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private static BigDecimal greatest(BigDecimal a, BigDecimal b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    public Aggregation aggregation() { return aggregation; }
    public long windowEnd() { return windowEnd; }
    public long eventCount() { return eventCount; }
    /** Sum of values (SUM, AVG, INCREASE, TIME_WEIGHTED), null otherwise. */
    public BigDecimal sum() { return sum; }
    public BigDecimal min() { return min; }
    public BigDecimal max() { return max; }
    public long latestTime() { return latestTime; }
    public long latestDigestHi() { return latestDigestHi; }
    public long latestDigestLo() { return latestDigestLo; }
    /** LATEST value, null unless the aggregation is LATEST. */
    public BigDecimal latestValue() { return latestValue; }
    public long lateEventCount() { return lateEventCount; }
    public BigDecimal lateSum() { return lateSum; }
    /** Distinct values (UNIQUE_COUNT), sorted; empty otherwise. */
    public Set<String> uniqueValues() { return uniqueValues; }

    /** Restores a delta from its serialized fields. */
    public static WindowDelta restore(
            Aggregation aggregation,
            long windowEnd,
            long eventCount,
            BigDecimal sum,
            BigDecimal min,
            BigDecimal max,
            long latestTime,
            long latestDigestHi,
            long latestDigestLo,
            BigDecimal latestValue,
            long lateEventCount,
            BigDecimal lateSum,
            Iterable<String> uniqueValues) {
        WindowDelta d = new WindowDelta(aggregation, windowEnd);
        d.eventCount = eventCount;
        d.sum = sum;
        d.min = min;
        d.max = max;
        d.latestTime = latestTime;
        d.latestDigestHi = latestDigestHi;
        d.latestDigestLo = latestDigestLo;
        d.latestValue = latestValue;
        d.lateEventCount = lateEventCount;
        d.lateSum = lateSum;
        if (aggregation == Aggregation.UNIQUE_COUNT) {
            uniqueValues.forEach(d.uniqueValues::add);
        }
        return d;
    }
}
