package io.meterflow.limit;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A usage limit: {@code value} per period of {@code schedule}, for one subject of a meter, or for every
 * subject of the meter without its own ({@code subject} null: the meter's default).
 */
public record Limit(String meter, String subject, BigDecimal value, PeriodSchedule schedule) implements Serializable {
    public Limit {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(schedule, "schedule");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a limit cannot be negative, got " + value.toPlainString());
        }
        value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    public boolean isDefault() {
        return subject == null;
    }

    /**
     * A limit as typed on the command line or sent to the API.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static BigDecimal parseValue(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the limit must be a number of at least 0, got nothing");
        }
        BigDecimal v;
        try {
            v = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the limit must be a number of at least 0, got '"
                    + (text.length() <= 40 ? text : text.substring(0, 40) + "...") + "'");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException("the limit cannot be negative, got " + v.toPlainString());
        }
        // numeric in PostgreSQL holds it, but a limit with a 10^1000 scale is a typo, not a plan.
        if (v.precision() - v.scale() > 30 || v.scale() > 12) {
            throw new IllegalArgumentException("the limit must have at most 30 digits before and 12 after the point");
        }
        return v;
    }
}
