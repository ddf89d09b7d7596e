package io.meterflow.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.RejectionReason;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesStateTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long MIN = 60_000;
    private static final Duration LATENESS = Duration.ofHours(2);

    private static Sample at(long secondsAfterT0, String value) {
        return at(secondsAfterT0 * 1000, value, secondsAfterT0, 0);
    }

    private static Sample at(long millisAfterT0, String value, long hi, long lo) {
        return new Sample("pod-1", T0 + millisAfterT0, hi, lo, new BigDecimal(value));
    }

    private static SeriesSettings increase(FirstSample first) {
        return SeriesSettings.increase(WindowSize.MINUTE, LATENESS, first);
    }

    private static SeriesSettings gauge(Duration maxHold) {
        return SeriesSettings.timeWeighted(WindowSize.MINUTE, LATENESS, maxHold);
    }

    /** Window (minutes after T0) -> "samples:value" of everything the offers emitted. */
    private static Map<Long, String> run(SeriesState state, Sample... samples) {
        List<WindowChange> all = new ArrayList<>();
        for (Sample s : samples) {
            SeriesUpdate u = state.offer(s);
            assertThat(u.outcome()).isEqualTo(SeriesUpdate.Outcome.ACCEPTED);
            all.addAll(u.changes());
        }
        return minutes(SeriesReference.totals(all));
    }

    private static Map<Long, String> minutes(Map<Long, SeriesReference.Total> totals) {
        Map<Long, String> out = new java.util.TreeMap<>();
        totals.forEach((w, t) -> out.put((w - T0) / MIN, t.samples() + ":" + t.value()));
        return out;
    }

    @Test
    void increaseCountsDifferencesAndAResetCountsTheNewValue() {
        Map<Long, String> r = run(new SeriesState(increase(FirstSample.BASELINE)),
                at(0, "10"), at(20, "15"), at(40, "3"), at(70, "8"));
        // 0 (baseline) + 5 + 3 (reset: restarted from zero) in minute 0, 8 - 3 in minute 1.
        assertThat(r).containsExactly(Map.entry(0L, "3:8"), Map.entry(1L, "1:5"));
    }

    @Test
    void anUnchangedCounterIsNoUsageAndADropToZeroIsAResetToZero() {
        Map<Long, String> r = run(new SeriesState(increase(FirstSample.BASELINE)),
                at(0, "7"), at(10, "7"), at(20, "0"), at(30, "4"));
        assertThat(r).containsExactly(Map.entry(0L, "4:4"));
    }

    @Test
    void firstSampleIsTheBaselineOrCountsItsWholeValue() {
        assertThat(run(new SeriesState(increase(FirstSample.BASELINE)), at(0, "10"), at(20, "15")))
                .containsExactly(Map.entry(0L, "2:5"));
        assertThat(run(new SeriesState(increase(FirstSample.COUNT)), at(0, "10"), at(20, "15")))
                .containsExactly(Map.entry(0L, "2:15"));
    }

    @Test
    void aLateSampleRetractsWhatItsSuccessorHadAndAddsTheNewAttribution() {
        SeriesState s = new SeriesState(increase(FirstSample.BASELINE));
        s.offer(at(0, "10"));
        assertThat(s.offer(at(80, "30")).changes()).containsExactly(new WindowChange(T0 + MIN, 1, new BigDecimal("20")));
        // 25 at 0:50 lands between: minute 0 gains 15, minute 1 keeps only 30 - 25.
        assertThat(s.offer(at(50, "25")).changes()).containsExactly(
                new WindowChange(T0, 1, new BigDecimal("15")),
                new WindowChange(T0 + MIN, 0, new BigDecimal("-15")));
        // A late reset: 2 at 1:05 makes 30 an increase of 28 and counts itself as 2.
        assertThat(s.offer(at(65, "2")).changes()).containsExactly(new WindowChange(T0 + MIN, 1, new BigDecimal("25")));
    }

    @Test
    void aSampleBeforeTheFirstTakesOverTheFirstSampleRule() {
        assertThat(run(new SeriesState(increase(FirstSample.BASELINE)), at(30, "15"), at(10, "10")))
                .containsExactly(Map.entry(0L, "2:5"));
        assertThat(run(new SeriesState(increase(FirstSample.COUNT)), at(30, "15"), at(10, "10")))
                .containsExactly(Map.entry(0L, "2:15"));
    }

    @Test
    void timeWeightedSplitsIntervalsExactlyAtWindowBoundaries() {
        Map<Long, String> r = run(new SeriesState(gauge(Duration.ofMinutes(5))), at(50, "2.5"), at(80, "4"));
        // 2.5 for 10 s in minute 0 and 20 s in minute 1; 4 from 1:20 for 5 minutes (to 6:20).
        assertThat(r).containsExactly(
                Map.entry(0L, "1:25"),
                Map.entry(1L, "1:210"),
                Map.entry(2L, "0:240"),
                Map.entry(3L, "0:240"),
                Map.entry(4L, "0:240"),
                Map.entry(5L, "0:240"),
                Map.entry(6L, "0:80"));
    }

    @Test
    void aGapLongerThanMaxHoldLeavesTheWindowsBetweenEmpty() {
        Map<Long, String> r = run(new SeriesState(gauge(Duration.ofSeconds(30))), at(0, "3"), at(200, "5"));
        assertThat(r).containsExactly(Map.entry(0L, "1:90"), Map.entry(3L, "1:150"));
    }

    @Test
    void aLateGaugeSampleShortensItsPredecessorsHold() {
        SeriesState s = new SeriesState(gauge(Duration.ofMinutes(5)));
        s.offer(at(0, "1"));
        s.offer(at(100, "2"));
        // 3 at 0:30: 1 now holds 30 s instead of 100 s, and 3 holds the other 70 s.
        assertThat(s.offer(at(30, "3")).changes()).containsExactly(
                new WindowChange(T0, 1, new BigDecimal("60")),
                new WindowChange(T0 + MIN, 0, new BigDecimal("80")));
    }

    @Test
    void aSampleAfterItsPredecessorsHoldRanOutLeavesThePredecessorAlone() {
        SeriesState s = new SeriesState(gauge(Duration.ofSeconds(30)));
        s.offer(at(0, "3"));
        s.offer(at(300, "1"));
        // 2 at 3:20, long after 3 stopped holding: only its own 30 s in minute 3 change.
        assertThat(s.offer(at(200, "2")).changes()).containsExactly(new WindowChange(T0 + 3 * MIN, 1, new BigDecimal("60")));
    }

    @Test
    void equalTimesAreOrderedByTheDigestAsAnUnsigned128BitNumber() {
        // Same time: the sample with the greater digest is the later one; -1 is the greatest high half.
        for (boolean reversed : new boolean[] {false, true}) {
            Sample low = at(10_000, "100", 1, 0);
            Sample high = at(10_000, "7", 2, 0);
            Sample highest = at(10_000, "9", -1, 0);
            Sample[] order = reversed ? new Sample[] {highest, high, low} : new Sample[] {low, high, highest};
            assertThat(run(new SeriesState(gauge(Duration.ofSeconds(10))), order))
                    .containsExactly(Map.entry(0L, "3:90"));
            Sample[] withBase = reversed
                    ? new Sample[] {highest, at(0, "5"), high, low}
                    : new Sample[] {at(0, "5"), low, high, highest};
            // Order 5, 100, 7, 9: +95, reset to 7, +2.
            assertThat(run(new SeriesState(increase(FirstSample.BASELINE)), withBase))
                    .containsExactly(Map.entry(0L, "4:104"));
            Sample lowLo = at(10_000, "1", 2, 1);
            Sample highLo = at(10_000, "2", 2, -1);
            assertThat(run(new SeriesState(gauge(Duration.ofSeconds(10))), reversed ? new Sample[] {highLo, lowLo}
                    : new Sample[] {lowLo, highLo})).containsExactly(Map.entry(0L, "2:20"));
        }
    }

    @Test
    void valueSecondsAreExactDecimalsWithoutRounding() {
        assertThat(run(new SeriesState(gauge(Duration.ofMillis(1))), at(0, "0.1", 0, 0)))
                .containsExactly(Map.entry(0L, "1:0.0001"));
        assertThat(run(new SeriesState(gauge(Duration.ofMillis(7))), at(0, "0.333", 0, 0)))
                .containsExactly(Map.entry(0L, "1:0.002331"));
        assertThat(run(new SeriesState(gauge(Duration.ofMinutes(1))), at(0, "12345678901234567890.000000001", 0, 0)))
                .containsExactly(Map.entry(0L, "1:740740734074074073400.00000006"));
    }

    @Test
    void changesAreCanonicalDecimals() {
        SeriesState s = new SeriesState(increase(FirstSample.COUNT));
        assertThat(s.offer(at(0, "1.50")).changes().get(0).value().toString()).isEqualTo("1.5");
        assertThat(s.offer(at(10, "101.50")).changes().get(0).value().toString()).isEqualTo("100");
        assertThat(s.offer(at(20, "101.5")).changes().get(0).value().toString()).isEqualTo("0");
    }

    @Test
    void aZeroGaugeStillCoversItsWindows() {
        assertThat(run(new SeriesState(gauge(Duration.ofSeconds(100))), at(30, "0")))
                .containsExactly(Map.entry(0L, "1:0"), Map.entry(1L, "0:0"), Map.entry(2L, "0:0"));
    }

    @Test
    void aSampleOlderThanTheLatenessBeforeTheNewestIsRefusedAndChangesNothing() {
        SeriesState s = new SeriesState(SeriesSettings.increase(WindowSize.MINUTE, Duration.ofMinutes(1), FirstSample.BASELINE));
        s.offer(at(100, "1"));
        s.offer(at(200, "5"));
        List<Sample> before = List.copyOf(s.samples());
        SeriesUpdate late = s.offer(at(139_999, "3", 7, 7));
        assertThat(late.outcome()).isEqualTo(SeriesUpdate.Outcome.TOO_LATE);
        assertThat(late.rejectionReason()).isEqualTo(RejectionReason.TOO_LATE_FOR_SERIES);
        assertThat(late.changes()).isEmpty();
        assertThat(s.samples()).isEqualTo(before);
        // Exactly the lateness before the newest is still in time.
        SeriesUpdate inTime = s.offer(at(140_000, "3", 7, 7));
        assertThat(inTime.outcome()).isEqualTo(SeriesUpdate.Outcome.ACCEPTED);
        assertThat(inTime.rejectionReason()).isNull();
    }

    @Test
    void theSameSampleTwiceChangesNothing() {
        SeriesState s = new SeriesState(gauge(Duration.ofMinutes(1)));
        s.offer(at(0, "1"));
        SeriesUpdate again = s.offer(at(0, "1"));
        assertThat(again.outcome()).isEqualTo(SeriesUpdate.Outcome.DUPLICATE);
        assertThat(again.changes()).isEmpty();
        assertThat(again.rejectionReason()).isNull();
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void stateKeepsTheLatenessAndOneSampleBeforeIt() {
        SeriesState s = new SeriesState(SeriesSettings.increase(WindowSize.MINUTE, Duration.ofSeconds(30), FirstSample.BASELINE));
        for (int i = 0; i <= 360; i++) {
            s.offer(at(i * 10L, Integer.toString(i)));
            assertThat(s.size()).isLessThanOrEqualTo(5);
        }
        // Newest at 3600 s: 3570..3600 and 3560, the predecessor a sample at 3570 would need.
        assertThat(s.samples()).extracting(x -> (x.time() - T0) / 1000).containsExactly(3560L, 3570L, 3580L, 3590L, 3600L);
        assertThat(s.newestTime()).isEqualTo(T0 + 3_600_000);
    }

    @Test
    void restoreKeepsTheSameSamplesInSeriesOrder() {
        SeriesSettings settings = SeriesSettings.increase(WindowSize.MINUTE, Duration.ofSeconds(30), FirstSample.BASELINE);
        SeriesState restored = SeriesState.restore(settings, List.of(at(50, "3"), at(0, "1"), at(45, "2"), at(10, "4")));
        assertThat(restored.samples()).extracting(x -> (x.time() - T0) / 1000).containsExactly(10L, 45L, 50L);
    }

    @Test
    void badSettingsAndMixedSeriesAreRefusedClearly() {
        assertThatThrownBy(() -> SeriesSettings.timeWeighted(WindowSize.MINUTE, LATENESS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHold");
        assertThatThrownBy(() -> SeriesSettings.increase(WindowSize.MINUTE, Duration.ofSeconds(-1), FirstSample.COUNT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seriesLateness");
        SeriesState s = new SeriesState(gauge(Duration.ofMinutes(1)));
        s.offer(at(0, "1"));
        assertThatThrownBy(() -> s.offer(new Sample("pod-2", T0, 0, 0, BigDecimal.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pod-2");
    }
}
