package io.meterflow.limit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which thresholds fire, within one period of one (meter, subject). The state is the set of thresholds
 * that already fired in the period: a threshold fires when usage reaches it and it has not fired, so it
 * fires at most once per period whatever order increments arrive in. Only a limit change re-arms: a
 * fired threshold whose level the new limit puts above the usage may fire again (lowering the limit fires
 * what the usage now exceeds, raising it re-arms what it no longer does). A falling usage (a MAX or LATEST
 * meter corrected by a late event) does not re-arm: the customer was told once and nothing was undone.
 */
public final class ThresholdEvaluator {
    private ThresholdEvaluator() {}

    /** One crossing: the threshold and the usage it is crossed at. */
    public record Crossing(Threshold threshold, BigDecimal level) {}

    /**
     * @param crossings what fires now, lowest level first
     * @param firedAfter {@code fired} with the re-armed removed and the crossings added
     */
    public record Evaluation(List<Crossing> crossings, Set<Threshold> rearmed, Set<Threshold> firedAfter) {
        public boolean changed() {
            return !crossings.isEmpty() || !rearmed.isEmpty();
        }
    }

    /**
     * Usage changed under an unchanged limit. The previous usage is not needed: {@code fired} already says
     * what it crossed, which also covers a period whose first event arrives above several thresholds.
     *
     * @param fired the thresholds that fired in this period; not changed
     */
    public static Evaluation onUsage(BigDecimal usage, BigDecimal limit, List<Threshold> thresholds, Set<Threshold> fired) {
        return evaluate(usage, limit, limit, thresholds, fired);
    }

    /** The subject's limit changed from {@code oldLimit} to {@code newLimit} (either may be null: no limit). */
    public static Evaluation onLimitChange(BigDecimal usage, BigDecimal oldLimit, BigDecimal newLimit, List<Threshold> thresholds,
            Set<Threshold> fired) {
        return evaluate(usage, oldLimit, newLimit, thresholds, fired);
    }

    private static Evaluation evaluate(BigDecimal usage, BigDecimal oldLimit, BigDecimal newLimit, List<Threshold> thresholds,
            Set<Threshold> fired) {
        Set<Threshold> after = new TreeSet<>(fired);
        Set<Threshold> rearmed = new TreeSet<>();
        List<Crossing> crossings = new ArrayList<>();
        for (Threshold t : new TreeSet<>(thresholds)) {
            BigDecimal level = t.resolve(newLimit);
            boolean reached = level != null && usage.compareTo(level) >= 0;
            if (after.contains(t)) {
                if (!reached && !same(t.resolve(oldLimit), level)) {
                    after.remove(t);
                    rearmed.add(t);
                }
            } else if (reached) {
                after.add(t);
                crossings.add(new Crossing(t, level));
            }
        }
        crossings.sort(Comparator.comparing(Crossing::level).thenComparing(Crossing::threshold));
        return new Evaluation(List.copyOf(crossings), Set.copyOf(rearmed), Set.copyOf(after));
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
