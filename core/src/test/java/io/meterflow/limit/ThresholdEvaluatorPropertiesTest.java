package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** At most one notification per threshold and period, whatever the order the increments arrive in. */
class ThresholdEvaluatorPropertiesTest {
    @Provide
    Arbitrary<List<Threshold>> thresholds() {
        Arbitrary<Threshold> one = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 150).map(Threshold::percent),
                Arbitraries.integers().between(0, 3000).map(v -> Threshold.absolute(BigDecimal.valueOf(v))));
        return one.list().ofMinSize(1).ofMaxSize(8);
    }

    private static List<Threshold> replay(List<Integer> increments, BigDecimal limit, List<Threshold> rule) {
        List<Threshold> fired = new ArrayList<>();
        Set<Threshold> state = new HashSet<>();
        BigDecimal usage = BigDecimal.ZERO;
        for (int inc : increments) {
            usage = usage.add(BigDecimal.valueOf(inc));
            ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onUsage(usage, limit, rule, state);
            e.crossings().forEach(c -> fired.add(c.threshold()));
            state = e.firedAfter();
        }
        return fired;
    }

    @Property(tries = 300)
    void eachThresholdFiresAtMostOnceAndExactlyTheReachedOnesFire(@ForAll("thresholds") List<Threshold> rule,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 400) Integer> increments, @ForAll @IntRange(min = 0, max = 2000) int limit) {
        List<Threshold> fired = replay(increments, BigDecimal.valueOf(limit), rule);
        assertThat(fired).doesNotHaveDuplicates();
        BigDecimal total = BigDecimal.valueOf(increments.stream().mapToLong(Integer::longValue).sum());
        Set<Threshold> reached = new HashSet<>();
        for (Threshold t : rule) {
            // Evaluation happens on usage: with no event nothing is evaluated, even at a limit of 0.
            if (!increments.isEmpty() && total.compareTo(t.resolve(BigDecimal.valueOf(limit))) >= 0) {
                reached.add(t);
            }
        }
        assertThat(new HashSet<>(fired)).isEqualTo(reached);
    }

    @Property(tries = 200)
    void theOrderOfIncrementsDoesNotChangeWhatFires(@ForAll("thresholds") List<Threshold> rule,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 400) Integer> increments, @ForAll @IntRange(min = 0, max = 2000) int limit) {
        List<Integer> reversed = new ArrayList<>(increments);
        java.util.Collections.reverse(reversed);
        assertThat(new HashSet<>(replay(reversed, BigDecimal.valueOf(limit), rule)))
                .isEqualTo(new HashSet<>(replay(increments, BigDecimal.valueOf(limit), rule)));
    }

    @Property(tries = 200)
    void reArmingThenCrossingAgainFiresAgain(@ForAll @IntRange(min = 1, max = 150) int percent,
            @ForAll @IntRange(min = 1, max = 1000) int limit, @ForAll @IntRange(min = 2, max = 5) int factor) {
        Threshold t = Threshold.percent(percent);
        List<Threshold> rule = List.of(t);
        BigDecimal low = BigDecimal.valueOf(limit);
        BigDecimal level = t.resolve(low);
        ThresholdEvaluator.Evaluation first = ThresholdEvaluator.onUsage(level, low, rule, Set.of());
        assertThat(first.crossings()).hasSize(1);
        BigDecimal high = low.multiply(BigDecimal.valueOf(factor));
        ThresholdEvaluator.Evaluation raised = ThresholdEvaluator.onLimitChange(level, low, high, rule, first.firedAfter());
        assertThat(raised.rearmed()).containsExactly(t);
        assertThat(ThresholdEvaluator.onUsage(level, high, rule, raised.firedAfter()).crossings()).isEmpty();
        ThresholdEvaluator.Evaluation again = ThresholdEvaluator.onUsage(t.resolve(high), high, rule, raised.firedAfter());
        assertThat(again.crossings()).extracting(ThresholdEvaluator.Crossing::threshold).containsExactly(t);
    }
}
