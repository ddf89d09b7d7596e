package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault scenarios 5 and 6 (guarantees 1 and 2): redeliveries around crashes and producer retries.
 */
class RedeliveryIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();

    /**
     * Scenario 5 (OpenMeter #5118, where a retried event was metered zero times): a batch is read and
     * deduped, then the TaskManager dies before any checkpoint covers it; the producer retries the
     * same batch (same ids, later offsets). After recovery every event is counted exactly once: the
     * rolled-back dedupe state must not swallow the events, and the retry must not double them.
     */
    @Test
    void eventsRedeliveredAfterACrashBeforeTheirCheckpointAreCountedOnce(@InjectMiniCluster MiniCluster mini)
            throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("redeliver-crash", 2);
        List<GeneratedEvent> batch = new UsageStreamGenerator(501L, NOW, 5).generate(600);
        // Periodic checkpoints effectively off (Flink starts the first one after a random delay up to
        // the interval): the crash below lands before any checkpoint; the test triggers them after.
        String yaml = fx.configYaml("").replace("checkpoint:\n  interval: 1s\n", "checkpoint:\n  interval: 1h\n");
        JobClient job = FaultKit.startYaml(yaml, null, null);
        try {
            MeterflowFixture.await("job running", Duration.ofMinutes(1),
                    () -> job.getJobStatus().join() == JobStatus.RUNNING);
            fx.produce(batch);
            Thread.sleep(4_000); // read and deduped, not checkpointed
            assertThat(fx.counter("", "events_read")).as("nothing committed before the crash").isZero();
            mini.terminateTaskManager(0).get();
            mini.startTaskManager();
            fx.produce(batch); // the producer's retry of the whole batch
            List<GeneratedEvent> both = new ArrayList<>(batch);
            both.addAll(batch);
            MeterflowFixture.await("every delivery read and committed", Duration.ofMinutes(3), () -> {
                try {
                    mini.triggerCheckpoint(job.getJobID()).get();
                } catch (Exception e) {
                    // still restarting: try again at the next poll
                }
                return fx.counter("", "events_read") >= both.size();
            });
            UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, both);
            fx.assertCountersEqualOracle(oracle);
            fx.assertEqualsOracle(oracle, FROM, TO);
        } finally {
            FaultKit.cancelQuietly(job);
        }
        FaultKit.LOG.info("RedeliveryIT.afterCrash took {} s", FaultKit.seconds(t0));
    }

    /**
     * Scenario 6: a producer retries a batch (same ids, later offsets) within the dedupe horizon:
     * counted once; beyond it (dedupe.ttl 4 s here): counted again, the documented behaviour (the
     * oracle models those retries as new events).
     */
    @Test
    void producerRetryWithinTheHorizonCountsOnceAndBeyondItCountsAgain() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("producer-retry", 2);
        List<GeneratedEvent> batch = new UsageStreamGenerator(601L, NOW, 5).generate(500);
        JobClient job = FaultKit.start(fx, "dedupe:\n  ttl: 4s\n");
        try {
            fx.produce(batch);
            fx.produce(batch); // retry within the horizon: seconds later
            List<GeneratedEvent> expected = new ArrayList<>(batch);
            expected.addAll(batch);
            FaultKit.awaitRead(fx, expected.size(), Duration.ofMinutes(2));
            UsageOracle within = new UsageOracle(MeterflowFixture.METERS, expected);
            fx.assertCountersEqualOracle(within);
            fx.assertEqualsOracle(within, FROM, TO);

            Thread.sleep(6_000); // the horizon passes
            fx.produce(batch);
            for (GeneratedEvent e : batch) {
                expected.add(e.valid() ? renamed(e) : e); // beyond the horizon: a new event for the oracle
            }
            FaultKit.awaitRead(fx, expected.size(), Duration.ofMinutes(2));
            UsageOracle beyond = new UsageOracle(MeterflowFixture.METERS, expected);
            fx.assertCountersEqualOracle(beyond);
            fx.assertEqualsOracle(beyond, FROM, TO);
        } finally {
            FaultKit.cancelQuietly(job);
        }
        FaultKit.LOG.info("RedeliveryIT.producerRetry took {} s", FaultKit.seconds(t0));
    }

    /** The same delivery under an id the oracle has not seen (the job forgot the original). */
    private static GeneratedEvent renamed(GeneratedEvent e) {
        return new GeneratedEvent(e.subject(), e.value(), new LinkedHashMap<>(e.headers()), true, e.source(),
                e.id() + "#beyond-horizon", e.type(), e.timeMillis(), e.data(), e.tags());
    }
}
