package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CPU accounting, the cost-as-work-grows ratios, the machine-readable line and the large-state event plan. */
class CostReportTest {
    private static final long SECOND = 1_000_000_000L;

    private static Report.ScenarioResult scenario(Scenario id, long records, double raw, Report.PipelineResult... runs) {
        Report.ScenarioResult s = new Report.ScenarioResult(id);
        s.records = records;
        s.rawEps = raw;
        for (Report.PipelineResult r : runs) {
            s.pipeline.put(r.parallelism(), r);
        }
        return s;
    }

    /** A run of {@code seconds} wall time and {@code cpuSeconds} CPU. */
    private static Report.PipelineResult run(int p, double seconds, double cpuSeconds) {
        return new Report.PipelineResult(p, (long) (seconds * SECOND), 0, 0, 0, 0, -1, 0, (long) (cpuSeconds * SECOND));
    }

    private static LargeState.Result large(long ids, long events, double seconds, double cpuSeconds) {
        return new LargeState.Result(LargeState.Redeliveries.UNIFORM, ids, events, events / 10, events - events / 10, events / 10, SECOND, SECOND, 0, 0,
                (long) (seconds * SECOND), (long) (cpuSeconds * SECOND), -1, -1, 2_400, 0, 100, 50, 10, "");
    }

    @Test
    void cpuMicrosPerEventAndUnknownReadings() {
        assertThat(CpuClock.microsPerEvent(3 * SECOND, 1_000_000)).isEqualTo(3.0);
        assertThat(CpuClock.microsPerEvent(-1, 1_000_000)).isNaN();
        assertThat(CpuClock.microsPerEvent(SECOND, 0)).isNaN();
        assertThat(CpuClock.between(10, 25)).isEqualTo(15);
        assertThat(CpuClock.between(-1, 25)).isEqualTo(-1);
        assertThat(CpuClock.between(30, 25)).isEqualTo(-1);
        assertThat(CpuClock.coresBusy(4 * SECOND, 2 * SECOND)).isEqualTo(2.0);
        assertThat(CpuClock.coresBusy(-1, SECOND)).isNaN();
    }

    @Test
    void processCpuTimeCoversThisThreadsWork() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = CpuClock.processCpuNanos();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long sink = 0;
        // busy until this thread has had 100 ms of CPU, however loaded the machine is
        while (threads.getCurrentThreadCpuTime() - threadBefore < Duration.ofMillis(100).toNanos()) {
            sink += Long.toString(sink).hashCode();
        }
        long spent = CpuClock.between(before, CpuClock.processCpuNanos());
        assertThat(spent).as("process CPU (sink %d)", sink).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void ratiosComeFromTheRightScenariosAndSizes() {
        Report report = new Report();
        report.scenarios.add(scenario(Scenario.UNIFORM, 2_000_000, 1_000_000, run(1, 20, 40), run(2, 10, 20)));
        report.scenarios.add(scenario(Scenario.METERS3, 2_000_000, 1_000_000, run(1, 40, 80), run(2, 16, 30)));
        // sizes out of order: the ratio is largest / smallest, not last / first
        report.largeState.add(large(50_000_000, 2_000_000, 25, 50));
        report.largeState.add(large(2_000_000, 2_000_000, 20, 40));

        assertThat(report.meters3VsOne()).isEqualTo((2_000_000 / 16.0) / (2_000_000 / 10.0)); // p2 vs p2
        assertThat(report.largeStateVsSmall()).isCloseTo(0.8, within(1e-9));
        assertThat(report.cpuMicrosPerEvent()).isEqualTo(10.0); // uniform p2: 20 s CPU / 2 M events
    }

    @Test
    void aSizeRunTwiceCountsWithItsFasterRun() {
        Report report = new Report();
        report.largeState.add(large(2_000_000, 2_000_000, 20, 40));
        report.largeState.add(large(50_000_000, 2_000_000, 25, 50));
        report.largeState.add(large(2_000_000, 2_000_000, 40, 40)); // a neighbour's burst
        assertThat(report.largeStateVsSmall()).isCloseTo(0.8, within(1e-9));

        Report oneSize = new Report();
        oneSize.largeState.add(large(2_000_000, 2_000_000, 40, 40));
        oneSize.largeState.add(large(2_000_000, 2_000_000, 20, 40));
        assertThat(oneSize.largeStateVsSmall()).isNaN();
    }

    @Test
    void ratiosAreNaNWhenAPartIsMissing() {
        Report report = new Report();
        report.scenarios.add(scenario(Scenario.UNIFORM, 1_000, 1_000, run(2, 1, 1)));
        report.scenarios.add(scenario(Scenario.METERS3, 1_000, 1_000, run(1, 1, 1))); // other parallelism
        report.largeState.add(large(2_000_000, 1_000, 1, 1));
        assertThat(report.meters3VsOne()).isNaN();
        assertThat(report.largeStateVsSmall()).isNaN();
        assertThat(new Report().cpuMicrosPerEvent()).isNaN();
    }

    @Test
    void machineLineKeepsItsKeysInOrderAndAddsTheNewOnesAtTheEnd() {
        Report report = new Report();
        report.scenarios.add(scenario(Scenario.UNIFORM, 2_000_000, 1_000_000, run(2, 10, 23.4)));
        report.scenarios.add(scenario(Scenario.METERS3, 2_000_000, 1_000_000, run(2, 16, 30)));
        report.largeState.add(large(2_000_000, 2_000_000, 20, 40));
        report.largeState.add(large(50_000_000, 2_000_000, 25, 50));

        String line = report.machineLine();
        List<String> keys = Arrays.stream(line.split(" ")).map(kv -> kv.substring(0, kv.indexOf('='))).toList();
        assertThat(keys).containsExactly("pipeline_eps", "raw_consume_eps", "ratio", "naive_eps", "flink_sql_eps",
                "dedupe_bytes_per_id", "freshness_p99_ms", "meters3_vs_one", "large_state_vs_small", "cpu_us_per_event",
                "steady_eps", "steady_raw_consume_eps", "steady_ratio", "steady_cpu_us_per_event",
                "floor_passthrough_ratio", "floor_decode_ratio", "floor_rocksdb_cpu_us_per_id",
                "floor_rocksdb_puts_only_cpu_us_per_id");
        assertThat(line).startsWith("pipeline_eps=200000 raw_consume_eps=1000000 ratio=0.2 naive_eps=NaN ")
                .contains(" meters3_vs_one=0.625 large_state_vs_small=0.8 cpu_us_per_event=11.7 ")
                .contains(" steady_eps=NaN steady_raw_consume_eps=NaN steady_ratio=NaN steady_cpu_us_per_event=NaN ")
                .endsWith(" floor_passthrough_ratio=NaN floor_decode_ratio=NaN floor_rocksdb_cpu_us_per_id=NaN"
                        + " floor_rocksdb_puts_only_cpu_us_per_id=NaN");
        assertThat(line).doesNotContain("\n");
    }

    /** The floors are timed over their own window; the raw consumer over the same record counts. */
    @Test
    void floorRatiosCompareWithTheRawConsumerOverTheSameRecords() {
        Report report = new Report();
        Report.ScenarioResult s = scenario(Scenario.UNIFORM, 4_000_000, 1_000_000, run(2, 20, 40));
        s.rawTrace = new SteadyWindow.Trace();
        s.rawTrace.add(0, 0);
        s.rawTrace.add(SECOND, 1_000_000);
        s.rawTrace.add(2 * SECOND, 3_000_000); // 2 M/s from 1 M to 3 M records
        s.rawTrace.add(3 * SECOND, 4_000_000);
        s.floors.put(FlinkFloor.Kind.PASSTHROUGH,
                new SteadyWindow.Result(1_000_000, 3_000_000, 2 * SECOND, 3 * SECOND, Map.of())); // 1 M/s
        s.floors.put(FlinkFloor.Kind.DECODE,
                new SteadyWindow.Result(1_000_000, 3_000_000, 4 * SECOND, 3 * SECOND, Map.of())); // 0.5 M/s
        s.rocksDbFloors.put(RocksDbFloor.Mode.LOOKUP_AND_PUT,
                new RocksDbFloor.Result(RocksDbFloor.Mode.LOOKUP_AND_PUT, 4_000_000, 10 * SECOND, 16 * SECOND, Map.of(), 0));
        report.scenarios.add(s);

        assertThat(report.machineLine()).endsWith(" floor_passthrough_ratio=0.5 floor_decode_ratio=0.25"
                + " floor_rocksdb_cpu_us_per_id=4 floor_rocksdb_puts_only_cpu_us_per_id=NaN");
    }

    @Test
    void growthTablesPrintTargetsBesideTheRatios() {
        Report report = new Report();
        report.scenarios.add(scenario(Scenario.UNIFORM, 2_000_000, 1_000_000, run(2, 10, 20)));
        report.scenarios.add(scenario(Scenario.SUBJECTS_1M, 2_000_000, 1_000_000, run(2, 20, 30)));
        report.scenarios.add(scenario(Scenario.METERS3, 2_000_000, 1_000_000, run(2, 11, 25)));
        report.largeState.add(large(2_000_000, 2_000_000, 20, 40));
        report.largeState.add(large(50_000_000, 2_000_000, 25, 50));
        String t = report.growthTables();
        assertThat(t).contains("| 1,000 | 1,000,000 | 2 | 200,000 | 0.20 | 10.0 | ≥ 0.25: **missed** |")
                .contains("| 1,000,000 | 1,000,000 | 2 | 100,000 | 0.10 | 15.0 | ≥ 0.25: **missed** |")
                .contains("| 0.91 | ≥ 0.80: met |")
                .contains("| 0.80 | ≥ 0.70: met |")
                .doesNotContain("100,000 subjects"); // not run, no row
    }

    @Test
    void bytesPerIdLeavesOutIdsStillInTheMemtable() {
        assertThat(LargeState.Result.bytesPerId(2_400, 150, 50)).isEqualTo(24.0);
        assertThat(LargeState.Result.bytesPerId(0, 150, 150)).isNaN(); // all in the memtable
        assertThat(LargeState.Result.bytesPerId(2_400, 150, -1)).isNaN(); // gauge not available
    }

    @ParameterizedTest
    @EnumSource(LargeState.Redeliveries.class)
    void largeStatePlanRedeliversPrefilledIdsOnlyWithTheirOwnSubject(LargeState.Redeliveries from) {
        long remembered = 3 * LargeState.RECENT_IDS;
        long measured = 20_000;
        Set<Long> newIds = new HashSet<>();
        long duplicates = 0;
        long oldest = Long.MAX_VALUE;
        for (long seq = 0; seq < remembered + measured; seq++) {
            long id = LargeState.idOf(seq, remembered, from);
            if (seq < remembered) {
                assertThat(id).isEqualTo(seq);
            } else if (LargeState.isDuplicate(seq - remembered)) {
                duplicates++;
                assertThat(id).isBetween(0L, remembered - 1); // a remembered id, never a new one
                oldest = Math.min(oldest, id);
            } else {
                assertThat(newIds.add(id)).isTrue();
                assertThat(id).isGreaterThanOrEqualTo(remembered);
            }
        }
        if (from == LargeState.Redeliveries.RECENT) {
            assertThat(oldest).isGreaterThanOrEqualTo(remembered - LargeState.RECENT_IDS);
        } else {
            assertThat(oldest).isLessThan(remembered / 10); // drawn from the whole prefill
        }
        assertThat(duplicates).isEqualTo(LargeState.expectedDuplicates(measured)).isBetween(1_800L, 2_200L);
        // a redelivery must reach the dedupe key of the original: same subject, same digest
        assertThat(LargeState.record(12_345, 42).subject).isEqualTo(LargeState.record(42, 42).subject);
        assertThat(LargeState.record(12_345, 42).digestHi).isEqualTo(LargeState.record(42, 42).digestHi);
        assertThat(LargeState.record(42, 42).eventTime - LargeState.BASE_TIME).isEqualTo(42);
        Set<String> subjects = new HashSet<>();
        for (long id = 0; id < 20_000; id++) {
            subjects.add(LargeState.subjectOf(id));
        }
        assertThat(subjects).hasSize(LargeState.SUBJECTS);
    }
}
