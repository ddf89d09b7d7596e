package io.meterflow.series;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Objects;

/**
 * One sample of a series: a cumulative counter reading (INCREASE) or a gauge reading
 * (TIME_WEIGHTED) at an event time. The digest is the event's (source, id) digest; it orders two
 * samples with the same event time, like LATEST does, so the order does not depend on arrival.
 */
public record Sample(String series, long time, long digestHi, long digestLo, BigDecimal value) {
    /** Series order: event time, then the digest as an unsigned 128-bit number. */
    public static final Comparator<Sample> ORDER = Sample::compareKeys;

    public Sample {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(value, "value");
    }

    /** Same position in the series order: the same event (dedupe lets only one through). */
    public boolean sameKey(Sample o) {
        return time == o.time && digestHi == o.digestHi && digestLo == o.digestLo;
    }

    private static int compareKeys(Sample a, Sample b) {
        int c = Long.compare(a.time, b.time);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(a.digestHi, b.digestHi);
        return c != 0 ? c : Long.compareUnsigned(a.digestLo, b.digestLo);
    }
}
