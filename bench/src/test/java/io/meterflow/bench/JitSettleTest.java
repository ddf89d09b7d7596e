package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitSettleTest {
    @Test
    void waitsWhileTheCompilersAreBusyThenReturnsOnceTwoPollsAreQuiet() throws Exception {
        long[] readings = {0, 300, 700, 900, 905, 910, 2_000};
        AtomicLong i = new AtomicLong();
        JitSettle.Result r = JitSettle.await(Duration.ofSeconds(10),
                () -> readings[(int) Math.min(i.getAndIncrement(), readings.length - 1)], Duration.ofMillis(1));
        assertThat(r.settled()).isTrue();
        assertThat(r.compileMillis()).isEqualTo(910);
        assertThat(i.get()).isEqualTo(6); // the 2,000 after the quiet polls is never read
    }

    @Test
    void givesUpAfterTheLimitAndSaysSo() throws Exception {
        AtomicLong ms = new AtomicLong();
        JitSettle.Result r = JitSettle.await(Duration.ofMillis(50), () -> ms.addAndGet(100), Duration.ofMillis(5));
        assertThat(r.settled()).isFalse();
        assertThat(r.compileMillis()).isPositive();
    }

    @Test
    void unknownCompileTimeDoesNotWait() throws Exception {
        JitSettle.Result r = JitSettle.await(Duration.ofSeconds(10), () -> -1, Duration.ofSeconds(1));
        assertThat(r.settled()).isFalse();
        assertThat(r.waitedMillis()).isZero();
    }

    @Test
    void quietMeansLessThanTheThreshold() {
        assertThat(JitSettle.isQuiet(100, 100 + JitSettle.QUIET_MILLIS_PER_POLL - 1)).isTrue();
        assertThat(JitSettle.isQuiet(100, 100 + JitSettle.QUIET_MILLIS_PER_POLL)).isFalse();
    }
}
