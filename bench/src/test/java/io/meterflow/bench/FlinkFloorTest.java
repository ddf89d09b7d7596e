package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The floor job's window: cut from its count polls at the same event counts as meterflow's. */
class FlinkFloorTest {
    private static final long MS = 1_000_000L;

    private static FlinkFloor.Point poll(long millis, long records, long cpuMillis, long workerCpuMillis) {
        return new FlinkFloor.Point(millis * MS, records, cpuMillis * MS,
                Map.of("41", Map.entry("Source: Kafka C", workerCpuMillis * MS)));
    }

    private static final FlinkFloor.Result RUN = new FlinkFloor.Result(FlinkFloor.Kind.PASSTHROUGH, 500 * MS, List.of(
            poll(0, 0, 0, 0),
            poll(100, 0, 90, 10), // deploying
            poll(200, 90_000, 300, 150),
            poll(300, 190_000, 500, 250), // first at or past 150,000
            poll(400, 300_000, 700, 350),
            poll(500, 400_000, 900, 450))); // first at or past 350,000

    @Test
    void runsFromTheFirstPollAtTheStartToTheFirstAtTheEnd() {
        SteadyWindow.Result w = RUN.window(150_000, 350_000);

        assertThat(w.fromEvents()).isEqualTo(190_000);
        assertThat(w.toEvents()).isEqualTo(400_000);
        assertThat(w.nanos()).isEqualTo(200 * MS);
        assertThat(w.eps()).isEqualTo(1_050_000.0);
        assertThat(w.cpuNanos()).isEqualTo(400 * MS);
        assertThat(w.byThread()).containsExactly(Map.entry("Source: Kafka C", 200 * MS));
    }

    @Test
    void hasNoWindowWhenThePollsDoNotReachItsEnd() {
        assertThat(RUN.window(150_000, 400_001)).isNull();
        assertThat(RUN.window(400_000, 400_000)).isNull();
    }
}
