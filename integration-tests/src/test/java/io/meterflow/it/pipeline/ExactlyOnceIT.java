package io.meterflow.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantees 1–3 against an oracle: a seeded stream with every aggregation, groups, ~20 %
 * redeliveries, out-of-order and days-late events, decimals and invalid records, through the real
 * job on a MiniCluster with a real Kafka broker and PostgreSQL.
 */
class ExactlyOnceIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();

    @Test
    void everyValidEventIsCountedExactlyOnceAndCountersBalance() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("exactly-once", 3);
        List<GeneratedEvent> stream = new UsageStreamGenerator(20261127L, NOW, 8).generate(3_000);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        // The days-late tail goes in after the job has counted (and watermarked) the rest, so its
        // windows are closed when it arrives.
        int split = stream.size() * 88 / 100;
        fx.produce(stream.subList(0, split));

        JobClient job = MeterflowFixture.startJob(fx.configYaml(""), null, null);
        try {
            MeterflowFixture.await("on-time events counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= split);
            fx.produce(stream.subList(split, stream.size()));
            MeterflowFixture.await("all events counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= stream.size());
        } finally {
            job.cancel().get();
        }
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
        assertThat(fx.counter("llm_tokens", "late")).as("days-late tail flagged as late adjustments").isPositive();
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM meterflow.rejected_events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(oracle.counter("", "events_rejected")
                    + MeterflowFixture.METERS.stream().mapToLong(m -> oracle.counter(m.slug(), "rejected")).sum());
        }
    }

    @Test
    void failuresAfterAndDuringCommitsRestartWithoutLossOrDoubleCounting() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("commit-failures", 2);
        List<GeneratedEvent> stream = new UsageStreamGenerator(7L, NOW, 5).generate(1_500);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        // Produce in slices so the job sees several checkpoints (and so several commits) of data.
        JobClient job = null;
        try {
            int slice = stream.size() / 6;
            for (int i = 0; i < 6; i++) {
                int end = i == 5 ? stream.size() : (i + 1) * slice;
                fx.produce(stream.subList(i * slice, end));
                if (job == null) {
                    job = MeterflowFixture.startJob(fx.configYaml(""), null, CommitFailures.at(3, 6));
                }
                // One slice per committed epoch at least, so the injected failures (3rd and 6th
                // apply) happen whatever the machine's speed.
                MeterflowFixture.await("slice " + i + " counted", Duration.ofMinutes(3),
                        () -> fx.counter("", "events_read") >= end);
            }
            MeterflowFixture.await("all events counted", Duration.ofMinutes(4),
                    () -> fx.counter("", "events_read") >= stream.size());
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
        assertThat(CommitFailures.FAILURES.get()).as("both injected failures happened").isEqualTo(2);
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
    }
}
