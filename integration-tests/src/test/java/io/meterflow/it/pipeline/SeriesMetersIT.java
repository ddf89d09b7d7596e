package io.meterflow.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.SeriesScenario;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Series meters end to end (real job, Kafka, PostgreSQL), {@link SeriesScenario}: pods whose CPU
 * counters reset when they restart and whose disk gauges come and go, samples produced shuffled, a
 * tenth withheld and sent later (in time: they correct what their neighbours counted), some far too
 * late (recorded as TOO_LATE_FOR_SERIES), and the job failing during and after a commit.
 * query_usage must equal the oracle, the value's text byte for byte, window by window.
 */
public class SeriesMetersIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    @Test
    void shuffledLateAndResetSamplesGiveTheOracleExactly() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("series", 3);
        SeriesScenario sc = new SeriesScenario(20261201L, Instant.now().truncatedTo(ChronoUnit.MINUTES));
        fx.produce(SeriesScenario.events(sc.first));
        // The third apply is certain: after the second fails, the restore commits its committable again
        // (a later one may never come when the data fits few epochs).
        JobClient job = MeterflowFixture.startJob(SeriesScenario.yaml(fx, ""), null, CommitFailures.at(2, 3));
        try {
            MeterflowFixture.await("first part counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= sc.first.size());
            fx.produce(SeriesScenario.events(sc.second));
            long all = sc.first.size() + sc.second.size();
            MeterflowFixture.await("all samples counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= all);
            Thread.sleep(2000); // a double count would show in the next commits
        } finally {
            job.cancel().get();
        }
        assertThat(CommitFailures.FAILURES.get()).as("both injected failures happened").isEqualTo(2);
        assertEqualsOracle(fx, sc);
    }

    /** Counters, rejections, windows and totals of both meters equal the scenario's oracle. */
    public static void assertEqualsOracle(MeterflowFixture fx, SeriesScenario sc) throws Exception {
        assertThat(fx.counter("", "events_read")).isEqualTo(sc.inTime.size() + sc.tooLate.size());
        assertThat(fx.counter("cpu_seconds", "rejected") + fx.counter("disk_bytes", "rejected"))
                .isEqualTo(sc.tooLate.size());
        assertThat(fx.counter("cpu_seconds", "counted") + fx.counter("disk_bytes", "counted")).isEqualTo(sc.inTime.size());
        try (Connection c = fx.database.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM meterflow.rejected_events WHERE reason = 'TOO_LATE_FOR_SERIES'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(sc.tooLate.size());
        }
        Instant from = sc.start.minus(Duration.ofHours(1));
        Instant to = sc.now.plus(Duration.ofHours(1));
        for (String meter : List.of("cpu_seconds", "disk_bytes")) {
            assertThat(SeriesScenario.query(fx, meter, from, to, "MINUTE")).as("windows of %s", meter)
                    .isEqualTo(sc.expectedWindows(meter));
            assertThat(SeriesScenario.query(fx, meter, from, to, null)).as("totals of %s", meter)
                    .isEqualTo(sc.expectedTotals(meter));
        }
    }
}
