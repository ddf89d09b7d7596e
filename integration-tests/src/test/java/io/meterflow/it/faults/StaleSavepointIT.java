package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault scenario 7 / guarantee 4: restarting from a savepoint older than what PostgreSQL already
 * holds must be refused with guidance, and PostgreSQL must stay exactly as it was.
 */
class StaleSavepointIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(3);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** Savepoint S1, resume from S1 and commit more, savepoint S2, then (by mistake) resume from S1 again. */
    @Test
    void restoringAnOlderSavepointAfterResumingFromItIsRefused() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("stale-sp", 2);
        Path dir = Files.createDirectories(FaultKit.workDir("stale-sp").resolve("savepoints-a"));
        List<GeneratedEvent> stream = new UsageStreamGenerator(71L, NOW, 5).generate(1_200);
        List<GeneratedEvent> a = stream.subList(0, stream.size() / 2);
        List<GeneratedEvent> b = stream.subList(stream.size() / 2, stream.size());

        JobClient job1 = FaultKit.start(fx, "");
        fx.produce(a);
        FaultKit.awaitRead(fx, a.size(), WAIT);
        String s1 = job1.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);

        JobClient job2 = FaultKit.start(fx, "", s1, null);
        fx.produce(b);
        FaultKit.awaitRead(fx, stream.size(), WAIT);
        String s2 = job2.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);

        expectRefusal(fx, s1, oracle, 2);
        // Rescaled, the old savepoint is still refused: the decision is the job's, whatever its parallelism.
        expectRefusal(fx, s1, oracle, 3);
        expectRefusal(fx, s1, oracle, 1);

        // The newest savepoint is still accepted, at another parallelism too, and the stream goes on exactly once.
        List<GeneratedEvent> c = new UsageStreamGenerator(72L, NOW, 5).generate(300);
        List<GeneratedEvent> all = new ArrayList<>(stream);
        all.addAll(c);
        JobClient job4 = FaultKit.start(fx, "", s2, 3);
        try {
            fx.produce(c);
            FaultKit.awaitRead(fx, all.size(), WAIT);
        } finally {
            FaultKit.cancelQuietly(job4);
        }
        UsageOracle full = new UsageOracle(MeterflowFixture.METERS, all);
        fx.assertCountersEqualOracle(full);
        fx.assertEqualsOracle(full, FROM, TO);
        FaultKit.LOG.info("StaleSavepointIT.restoringAnOlderSavepointAfterResumingFromItIsRefused took {} s", FaultKit.seconds(t0));
    }

    /** A savepoint taken while the job keeps running and committing; the job is cancelled; someone resumes from that savepoint. */
    @Test
    void restoringASavepointTheRunningJobCommittedPastIsRefused() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("stale-sp-live", 2);
        Path dir = Files.createDirectories(FaultKit.workDir("stale-sp").resolve("savepoints-b"));
        List<GeneratedEvent> stream = new UsageStreamGenerator(73L, NOW, 5).generate(1_200);
        List<GeneratedEvent> a = stream.subList(0, stream.size() / 2);
        List<GeneratedEvent> b = stream.subList(stream.size() / 2, stream.size());

        JobClient job1 = FaultKit.start(fx, "");
        String s1;
        try {
            fx.produce(a);
            FaultKit.awaitRead(fx, a.size(), WAIT);
            s1 = job1.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            fx.produce(b);
            FaultKit.awaitRead(fx, stream.size(), WAIT);
        } finally {
            FaultKit.cancelQuietly(job1);
        }
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);
        expectRefusal(fx, s1, oracle, 2);
        expectRefusal(fx, s1, oracle, 3);
        FaultKit.LOG.info("StaleSavepointIT.restoringASavepointTheRunningJobCommittedPastIsRefused took {} s", FaultKit.seconds(t0));
    }

    /** Starts from {@code savepoint}: the job must FAIL with the guarantee-4 message and change nothing. */
    private static void expectRefusal(MeterflowFixture fx, String savepoint, UsageOracle oracle, int parallelism)
            throws Exception {
        JobClient stale = FaultKit.start(fx, "", savepoint, parallelism);
        Throwable failure = null;
        try {
            stale.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Still running: it accepted the stale state. Let it commit what it re-read, then show the damage.
            Thread.sleep(5_000);
            FaultKit.cancelQuietly(stale);
            fx.assertCountersEqualOracle(oracle);
            fx.assertEqualsOracle(oracle, FROM, TO);
            throw new AssertionError("the job accepted stale savepoint " + savepoint
                    + " (PostgreSQL happens to be unchanged, but the interlock did not refuse)");
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).as("the stale restore must fail").isNotNull();
        String messages = ExceptionUtils.stringifyException(failure);
        assertThat(messages).contains("refuses to start").contains("older than what PostgreSQL").contains("rebuild");
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
    }
}
