package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steady-state window: which commits bound it, and the raw consumer timed over the same events. */
class SteadyWindowTest {
    private static final long SECOND = 1_000_000_000L;

    /** A commit seen at {@code seconds} (wall clock, from 0). */
    private static SteadyWindow.Commit commit(double seconds, long events, double cpuSeconds, long compilerNanos) {
        return new SteadyWindow.Commit((long) (seconds * 1000), events, (long) (cpuSeconds * SECOND),
                Map.of("7", Map.entry("C2 CompilerThre", compilerNanos)));
    }

    private static SteadyWindow.Checkpoint checkpoint(long id, double triggered, double completed) {
        return new SteadyWindow.Checkpoint(id, (long) (triggered * 1000), (long) (completed * 1000));
    }

    @Test
    void runsFromTheFirstCheckpointPastTheStartToTheLastBeforeTheEndTimedByTheirTriggers() {
        List<SteadyWindow.Checkpoint> checkpoints = List.of(
                checkpoint(3, 15, 16.5), checkpoint(1, 5, 5.5), checkpoint(2, 10, 10.5), // any order
                checkpoint(4, 20, 22), checkpoint(5, 25, 27.5), checkpoint(6, 30, 31));
        List<SteadyWindow.Commit> commits = List.of(
                commit(5.8, 300_000, 10, 5 * SECOND), // 1: start-up, before the window
                commit(10.7, 900_000, 18, 7 * SECOND), // 2: 900,000 < 1,000,000
                commit(16.6, 1_200_000, 22, 7 * SECOND), // 3: one subtask's commit only
                commit(16.7, 1_400_000, 24, 8 * SECOND), // 3: window start
                commit(22.5, 1_900_000, 32, 9 * SECOND), // 4: its checkpoint took 2 s
                commit(27.7, 2_400_000, 37.2, 10_200_000_000L), // 5: window end, the last before 3 M
                commit(31.2, 3_000_000, 40, 11 * SECOND)); // 6: waited for a checkpoint after the last event

        SteadyWindow.Result w = SteadyWindow.of(commits, checkpoints, 1_000_000, 3_000_000);

        assertThat(w.fromEvents()).isEqualTo(1_400_000);
        assertThat(w.toEvents()).isEqualTo(2_400_000);
        assertThat(w.nanos()).isEqualTo(10 * SECOND); // trigger 15 s -> 25 s, not commit 16.7 -> 27.7
        assertThat(w.eps()).isCloseTo(100_000, within(1e-6));
        assertThat(w.cpuMicrosPerEvent()).isCloseTo(12.0, within(1e-6)); // 13.2 s CPU in the 11 s between the commits: 12 s in 10
        assertThat(w.byThread()).containsExactly(Map.entry("CN CompilerThre", 2 * SECOND));
    }

    @Test
    void theCpuIsScaledFromTheCommitsToTheTriggers() {
        List<SteadyWindow.Checkpoint> checkpoints = List.of(checkpoint(1, 10, 11), checkpoint(2, 20, 23), checkpoint(3, 38, 39));
        List<SteadyWindow.Commit> commits = List.of(commit(11, 1_000_000, 10, 0), commit(26, 2_000_000, 40, 3 * SECOND),
                commit(40, 3_000_000, 50, 0));

        SteadyWindow.Result w = SteadyWindow.of(commits, checkpoints, 1_000_000, 3_000_000);

        // 30 s of CPU over 15 s between the commits = 2 cores, over the 10 s between the triggers
        assertThat(w.cpuNanos()).isEqualTo(20 * SECOND);
        assertThat(w.byThread()).containsExactly(Map.entry("CN CompilerThre", 2 * SECOND));
    }

    @Test
    void noWindowWithoutTwoCheckpointsInside() {
        List<SteadyWindow.Checkpoint> checkpoints = List.of(checkpoint(1, 5, 6), checkpoint(2, 10, 11), checkpoint(3, 15, 15.5));
        List<SteadyWindow.Commit> commits = List.of(
                commit(6, 500_000, 10, 0), commit(11, 1_100_000, 18, 0), commit(15.6, 2_000_000, 22, 0));
        assertThat(SteadyWindow.of(commits, checkpoints, 1_000_000, 2_000_000)).isNull(); // one between 1 M and 2 M
        assertThat(SteadyWindow.of(List.of(), List.of(), 0, 1)).isNull();
    }

    @Test
    void rawConsumerIsTimedOverTheSameEventCounts() {
        SteadyWindow.Trace trace = new SteadyWindow.Trace();
        for (int i = 1; i <= 100; i++) {
            // slow for the first half (start-up), then 2,000 records per ms
            trace.add(i <= 50 ? i * 10_000_000L : 500_000_000L + (i - 50) * 1_000_000L, i * 2_000L);
        }
        // from the poll that had seen 140,000 (the 70th, at 520 ms) to the one that had seen 180,000 (the 90th, 540 ms)
        assertThat(trace.eps(140_000, 180_000)).isCloseTo(2_000_000, within(1e-6));
        assertThat(trace.eps(140_000, 300_000)).isNaN(); // never got that far
    }

    @Test
    void theSteadyStateIsOnTheMachineLineAfterTheWholeJob() {
        Report report = new Report();
        Report.ScenarioResult s = new Report.ScenarioResult(Scenario.UNIFORM);
        s.records = 3_000_000;
        s.rawEps = 500_000;
        s.pipeline.put(2, new Report.PipelineResult(2, 30 * SECOND, 0, 0, 0, 0, -1, 0, 60 * SECOND));
        s.rawTrace = new SteadyWindow.Trace();
        s.rawTrace.add(SECOND, 1_000_000);
        s.rawTrace.add(3 * SECOND, 2_000_000);
        s.steady.put(2, new SteadyWindow.Result(1_000_000, 2_000_000, 8 * SECOND, 12 * SECOND, Map.of()));
        report.scenarios.add(s);

        String line = report.machineLine();

        assertThat(line).startsWith("pipeline_eps=100000 raw_consume_eps=500000 ratio=0.2 ")
                .contains(" steady_eps=125000 steady_raw_consume_eps=500000 steady_ratio=0.25 steady_cpu_us_per_event=12");
        assertThat(s.steadyRatio(2)).isCloseTo(0.25, within(1e-9));
        assertThat(s.steadyRatio(1)).isNaN();
    }
}
