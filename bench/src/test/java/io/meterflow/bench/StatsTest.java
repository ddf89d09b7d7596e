package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearestRankPercentiles() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i; // unsorted input: 100..1
        }
        assertThat(Stats.percentile(v, 50)).isEqualTo(50);
        assertThat(Stats.percentile(v, 99)).isEqualTo(99);
        assertThat(Stats.percentile(v, 100)).isEqualTo(100);
        assertThat(Stats.percentile(v, 0)).isEqualTo(1);
        assertThat(Stats.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(Stats.percentile(new long[0], 50)).isNaN();
        assertThat(v[0]).isEqualTo(100); // input not sorted in place
        assertThatThrownBy(() -> Stats.percentile(v, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesAndRounding() {
        assertThat(Stats.rate(2_000_000, Duration.ofSeconds(4).toNanos())).isEqualTo(500_000.0);
        assertThat(Stats.rate(10, 0)).isZero();
        assertThat(Stats.sig3(123_456.7)).isEqualTo("123000");
        assertThat(Stats.sig3(0.23456)).isEqualTo("0.235");
        assertThat(Stats.sig3(28.04)).isEqualTo("28");
        assertThat(Stats.sig3(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void zipfIsSkewedAndInRange() {
        EventGenerator.ZipfSampler zipf = new EventGenerator.ZipfSampler(100_000, 1.1);
        SplittableRandom random = new SplittableRandom(1);
        int first = 0;
        for (int i = 0; i < 100_000; i++) {
            int k = zipf.sample(random);
            assertThat(k).isBetween(1, 100_000);
            if (k == 1) {
                first++;
            }
        }
        assertThat(first).isGreaterThan(5_000); // rank 1 of Zipf(1.1) over 100k: ~9 %
    }

    @Test
    void duplicatesScenarioRedeliversAboutTenPercent() {
        EventGenerator gen = new EventGenerator(Scenario.DUP10, 3);
        for (int i = 0; i < 20_000; i++) {
            gen.next("e-", 0);
        }
        assertThat(gen.uniqueEvents()).isBetween(17_600L, 18_400L);
    }

    @Test
    void threeMetersPerEventType() {
        assertThat(Scenario.METERS3.metersYaml().split("slug:").length - 1).isEqualTo(6); // 2 event types x 3
        assertThat(Scenario.UNIFORM.metersYaml().split("slug:").length - 1).isEqualTo(2);
        assertThat(Scenario.parseList("uniform, zipf")).containsExactly(Scenario.UNIFORM, Scenario.ZIPF);
    }
}
