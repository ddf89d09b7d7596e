package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {
    private static final List<Threshold> RULE = List.of(Threshold.parse("50%"), Threshold.parse("80%"), Threshold.parse("100%"),
            Threshold.parse("10000"));

    private static BigDecimal n(String v) {
        return new BigDecimal(v);
    }

    @Test
    void oneLargeIncrementFiresEveryThresholdItPassesLowestFirst() {
        ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onUsage(n("950"), n("1000"), RULE, Set.of());
        assertThat(e.crossings()).extracting(c -> c.threshold().text()).containsExactly("50%", "80%");
        assertThat(e.crossings()).extracting(ThresholdEvaluator.Crossing::level).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(n("500"), n("800"));
        assertThat(e.firedAfter()).containsExactlyInAnyOrder(Threshold.parse("50%"), Threshold.parse("80%"));
    }

    @Test
    void reachingTheLevelExactlyCrossesIt() {
        assertThat(ThresholdEvaluator.onUsage(n("1000"), n("1000"), RULE, Set.of(Threshold.parse("50%"), Threshold.parse("80%")))
                .crossings()).extracting(c -> c.threshold().text()).containsExactly("100%");
    }

    @Test
    void loweringTheLimitBelowTheUsageFiresWhatItNowExceeds() {
        Set<Threshold> fired = Set.of(Threshold.parse("50%"));
        ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onLimitChange(n("600"), n("1000"), n("600"), RULE, fired);
        assertThat(e.crossings()).extracting(c -> c.threshold().text()).containsExactly("80%", "100%");
        assertThat(e.rearmed()).isEmpty();
    }

    @Test
    void raisingTheLimitReArmsWhatTheUsageNoLongerReaches() {
        Set<Threshold> fired = Set.of(Threshold.parse("50%"), Threshold.parse("80%"), Threshold.parse("100%"));
        ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onLimitChange(n("1000"), n("1000"), n("1500"), RULE, fired);
        assertThat(e.crossings()).isEmpty();
        assertThat(e.rearmed()).containsExactlyInAnyOrder(Threshold.parse("80%"), Threshold.parse("100%"));
        assertThat(e.firedAfter()).containsExactly(Threshold.parse("50%"));
        // Crossing the re-armed level under the new limit fires again.
        assertThat(ThresholdEvaluator.onUsage(n("1200"), n("1500"), RULE, e.firedAfter()).crossings())
                .extracting(c -> c.threshold().text()).containsExactly("80%");
    }

    @Test
    void percentagesNeedALimitAmountsDoNot() {
        assertThat(ThresholdEvaluator.onUsage(n("20000"), null, RULE, Set.of()).crossings())
                .extracting(c -> c.threshold().text()).containsExactly("10000");
    }

    @Test
    void aFallingUsageDoesNotReArm() {
        ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onUsage(n("10"), n("1000"), RULE, Set.of(Threshold.parse("50%")));
        assertThat(e.changed()).isFalse();
        assertThat(e.firedAfter()).containsExactly(Threshold.parse("50%"));
    }
}
