package io.meterflow.series;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one insertion changes in one window of a series: samples whose event time falls in the
 * window (+1 or 0) and the usage delta, which may be negative (a retraction). Adding every change
 * ever emitted gives the result of processing the same samples in event-time order.
 *
 * <p>The value is in canonical form (no trailing zeros) so committables stay small; a zero change
 * is still emitted for a window the series covers, so the set of windows does not depend on the
 * arrival order either.
 */
public record WindowChange(long windowStart, long samples, BigDecimal value) {
    public WindowChange {
        Objects.requireNonNull(value, "value");
    }
}
