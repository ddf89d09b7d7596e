package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 8 on the real job: operators' mistakes are refused, never double counted. Two jobs from
 * one savepoint (the second fences the first, or is refused when the first committed past it); a
 * PostgreSQL restored to an earlier point than the job's state; a generation-1 savepoint started
 * after generation 2 became active.
 */
class OperatorMistakesIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(4);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String[] TABLES = {"usage_windows", "usage_unique_values", "pipeline_counters",
            "rejected_events", "commit_fence", "pipeline_owner"};

    @Test
    void twoJobsFromOneSavepointNeverCountTwice() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("zombie", 2);
        Path dir = Files.createDirectories(FaultKit.workDir("zombie").resolve("savepoints"));
        List<GeneratedEvent> stream = new UsageStreamGenerator(81L, NOW, 5).generate(1_200);
        int slice = stream.size() / 3;
        List<GeneratedEvent> a = stream.subList(0, slice);
        List<GeneratedEvent> b = stream.subList(slice, 2 * slice);
        List<GeneratedEvent> c = stream.subList(2 * slice, stream.size());

        JobClient first = FaultKit.start(fx, "");
        JobClient second = null;
        JobClient third = null;
        try {
            fx.produce(a);
            FaultKit.awaitRead(fx, a.size(), WAIT);
            String s1 = first.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            // Nothing committed since s1: a second job from it takes the generation over, and the
            // first stops at its next commit instead of counting b a second time.
            second = FaultKit.start(fx, "", s1, 2);
            awaitRunning(second, dir);
            fx.produce(b);
            FaultKit.awaitRead(fx, a.size() + b.size(), WAIT);
            assertThat(failure(first)).contains("no longer owns generation 1").contains(second.getJobID().toString());

            // Now the owner commits past s1: a third job from s1 is refused at start, the owner goes on.
            third = FaultKit.start(fx, "", s1, 1);
            assertThat(failure(third)).contains("refuses to start").contains("older than what PostgreSQL")
                    .contains("owned by Flink job " + second.getJobID());
            fx.produce(c);
            FaultKit.awaitRead(fx, stream.size(), WAIT);
            Thread.sleep(3_000); // a double count would show in the next commits
        } finally {
            FaultKit.cancelQuietly(first);
            FaultKit.cancelQuietly(second);
            FaultKit.cancelQuietly(third);
        }
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
        FaultKit.LOG.info("OperatorMistakesIT.twoJobsFromOneSavepointNeverCountTwice took {} s", FaultKit.seconds(t0));
    }

    @Test
    void postgresRestoredToAnEarlierPointThanTheStateIsRefused() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("pg-behind", 2);
        Path dir = Files.createDirectories(FaultKit.workDir("pg-behind").resolve("savepoints"));
        List<GeneratedEvent> stream = new UsageStreamGenerator(82L, NOW, 5).generate(900);
        int third = stream.size() / 3;
        JobClient job = FaultKit.start(fx, "");
        String savepoint;
        try {
            fx.produce(stream.subList(0, third));
            FaultKit.awaitRead(fx, third, WAIT);
            backup(fx); // the standby's (or the backup's) point in time
            fx.produce(stream.subList(third, 2 * third));
            FaultKit.awaitRead(fx, 2 * third, WAIT);
        } finally {
            savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
        }
        restoreBackup(fx); // failover to an asynchronous standby that lagged, or a point-in-time restore
        long readBefore = fx.counter("", "events_read");
        assertThat(readBefore).isEqualTo(third);

        JobClient resumed = FaultKit.start(fx, "", savepoint, 2);
        try {
            fx.produce(stream.subList(2 * third, stream.size())); // detected at start, or at the latest at the first commit
            assertThat(failure(resumed)).contains("PostgreSQL is older than the job's state").contains("meterflow rebuild");
        } finally {
            FaultKit.cancelQuietly(resumed);
        }
        assertThat(fx.counter("", "events_read")).as("nothing applied after the refusal").isEqualTo(readBefore);
        FaultKit.LOG.info("OperatorMistakesIT.postgresRestoredToAnEarlierPointThanTheStateIsRefused took {} s",
                FaultKit.seconds(t0));
    }

    @Test
    void aSavepointOfGenerationOneIsRefusedWhenGenerationTwoIsActive() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("wrong-gen", 2);
        Path dir = Files.createDirectories(FaultKit.workDir("wrong-gen").resolve("savepoints"));
        List<GeneratedEvent> stream = new UsageStreamGenerator(83L, NOW, 5).generate(400);
        JobClient job = FaultKit.start(fx, "");
        String savepoint;
        try {
            fx.produce(stream);
            FaultKit.awaitRead(fx, stream.size(), WAIT);
        } finally {
            savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
        }
        try (Connection c = fx.database.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT meterflow.activate_generation(meterflow.create_generation('rebuilt'))");
        }
        JobClient wrong = FaultKit.start(fx, "", savepoint, 2);
        try {
            assertThat(failure(wrong)).contains("belongs to generation [1]").contains("writes generation 2");
        } finally {
            FaultKit.cancelQuietly(wrong);
        }
        try (Connection c = fx.database.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM meterflow.commit_fence WHERE generation = 2")) {
            rs.next();
            assertThat(rs.getLong(1)).as("nothing committed into generation 2").isZero();
        }
    }

    /** Waits until the job's tasks have initialized (a savepoint completes only then). */
    private static void awaitRunning(JobClient job, Path dir) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                job.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL).get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (job.getJobExecutionResult().isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("job " + job.getJobID() + " did not start", e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** The job's failure, as text; fails the test when the job does not fail within two minutes. */
    private static String failure(JobClient job) throws Exception {
        try {
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw new AssertionError("job " + job.getJobID() + " is still running: it should have been refused");
        } catch (Exception e) {
            return ExceptionUtils.stringifyException(e);
        }
        throw new AssertionError("job " + job.getJobID() + " finished: it should have been refused");
    }

    private static void backup(MeterflowFixture fx) throws Exception {
        try (Connection c = fx.database.connect(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                s.execute("CREATE TABLE public.backup_" + t + " AS SELECT * FROM meterflow." + t);
            }
        }
    }

    private static void restoreBackup(MeterflowFixture fx) throws Exception {
        try (Connection c = fx.database.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String t : TABLES) {
                s.execute("DELETE FROM meterflow." + t);
                s.execute("INSERT INTO meterflow." + t + " SELECT * FROM public.backup_" + t);
            }
            c.commit();
        }
    }
}
