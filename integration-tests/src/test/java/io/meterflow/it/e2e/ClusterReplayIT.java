package io.meterflow.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkSessionCluster;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./meterflow replay --flink} and {@code rebuild --flink} against a real session cluster
 * (JobManager and TaskManager JVMs): a replay fills a gap the live job missed, counts nothing twice
 * although its TaskManager is killed -9 mid-replay, and refuses a second replay of the generation
 * while it runs; bad input changes nothing; a rebuild runs beside the live job, switches, and
 * stops the live job. PostgreSQL is compared with the oracle after each.
 */
class ClusterReplayIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReplayIT.class);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FROM = NOW.minus(Duration.ofDays(8));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final Pattern JOB_ID = Pattern.compile("new job id: ([0-9a-f]{32})");

    private static FlinkSessionCluster cluster;
    private static FlinkRestClient rest;

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Paths.get("target", "e2e-cluster-replay-" + ProcessHandle.current().pid()).toAbsolutePath();
        cluster = FlinkSessionCluster.start(dir, 1, 4, Map.of(
                "heartbeat.interval", "2000",
                "heartbeat.timeout", "10000",
                "taskmanager.memory.process.size", "1400m"));
        rest = new FlinkRestClient(cluster.restUrl());
    }

    @AfterAll
    static void stopCluster() {
        if (rest != null) {
            rest.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replayFillsTheGapExactlyOnceThroughATaskManagerKill() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("cluster-replay", 2);
        Path config = config(fx, "  startingOffsets: latest\n");
        List<GeneratedEvent> stream = new UsageStreamGenerator(6_205L, NOW, 6).generate(1_500);
        List<GeneratedEvent> history = stream.subList(0, stream.size() / 2);
        List<GeneratedEvent> live = stream.subList(history.size(), stream.size());
        Instant streamStart = Instant.now().minusSeconds(2);
        fx.produce(history); // before the job starts at 'latest': the live job never sees it

        String liveJob = submit(config, 2);
        Thread.sleep(5_000); // the source has resolved 'latest'
        fx.produce(live);
        MeterflowFixture.await("the live part counted", WAIT, () -> fx.counter("", "events_read") >= live.size());
        Thread.sleep(2_500);
        assertThat(fx.counter("", "events_read")).isEqualTo(live.size());

        // Bad input: one line, non-zero, and the live job untouched.
        String unknown = "0123456789abcdef0123456789abcdef";
        assertRefused(launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", unknown,
                "--from", streamStart.toString(), "--jar", E2e.jobJar().toString()), "has no job " + unknown);
        assertRefused(launcher("replay", "-c", config.toString(), "--flink", "http://127.0.0.1:1", "--job", liveJob,
                "--from", streamStart.toString(), "--jar", E2e.jobJar().toString()), "cannot reach Flink");
        assertRefused(launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", liveJob,
                "--from", "last tuesday", "--jar", E2e.jobJar().toString()), "last tuesday");
        assertRefused(launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", liveJob,
                "--from", "0:x", "--jar", E2e.jobJar().toString()), "0:x");
        assertThat(rest.jobStatus(liveJob)).as("bad input leaves the live job running").isEqualTo("RUNNING");

        // The resubmission fails after the stop (more subtasks than the state's key groups): the
        // savepoint is resumed with the previous source, and the pipeline runs on.
        E2e.Result failed = launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", liveJob,
                "--from", streamStart.toString(), "--jar", E2e.jobJar().toString(), "--parallelism", "200");
        assertRefused(failed, "replay not started");
        Matcher back = Pattern.compile("with its previous source as job ([0-9a-f]{32})").matcher(failed.out());
        assertThat(back.find()).as(failed.out()).isTrue();
        assertThat(rest.jobStatus(liveJob)).isEqualTo("FINISHED");
        liveJob = back.group(1);
        rest.awaitJobStatus(liveJob, Set.of("RUNNING"), Duration.ofMinutes(2));
        assertThat(recordedReplayJob(fx)).as("nothing recorded for a replay that did not start").isNull();
        assertThat(fx.counter("", "events_read")).isEqualTo(live.size());

        Path out = cluster.workDir().resolve("replay-" + System.nanoTime() + ".out");
        Process replay = start(out, "replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", liveJob,
                "--from", streamStart.toString(), "--jar", E2e.jobJar().toString());
        String replayJob;
        try {
            MeterflowFixture.await("the replay job submitted", WAIT, () -> read(out).contains("submitted replay job")
                    || !replay.isAlive());
            assertThat(replay.isAlive()).as(read(out)).isTrue();
            // Mid-replay: the replay job restores from the savepoint and has committed nothing yet.
            cluster.killTaskManager(0);
            long readAtKill = fx.counter("", "events_read");
            LOG.info("TaskManager killed -9 during the replay, {} events read so far", readAtKill);
            assertThat(readAtKill).as("killed before the replay committed").isLessThan(stream.size() + live.size());
            assertThat(rest.jobStatus(liveJob)).isEqualTo("FINISHED");
            Matcher submitted = Pattern.compile("submitted replay job ([0-9a-f]{32})").matcher(read(out));
            assertThat(submitted.find()).as(read(out)).isTrue();

            // A second launcher replaying the generation while the first one watches its replay: refused at once.
            assertRefused(launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job",
                    submitted.group(1), "--from", streamStart.toString(), "--jar", E2e.jobJar().toString()),
                    "already running on generation 1");
            assertThat(rest.jobStatus(submitted.group(1))).isNotIn(FlinkRestClient.TERMINAL_STATES);
            cluster.startTaskManager();
            assertThat(replay.waitFor(5, TimeUnit.MINUTES)).as("replay caught up: %s", read(out)).isTrue();
        } finally {
            if (replay.isAlive()) {
                replay.destroyForcibly();
            }
        }
        String text = read(out);
        LOG.info("replay --flink output:\n{}", text);
        assertThat(replay.exitValue()).as(text).isZero();
        assertThat(text).contains("caught up").contains("read by the source");
        Matcher m = JOB_ID.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        replayJob = m.group(1);
        assertThat(rest.jobStatus(replayJob)).as("the replay job keeps running").isEqualTo("RUNNING");

        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        UsageOracle oracleLive = new UsageOracle(MeterflowFixture.METERS, live);
        fx.assertEqualsOracle(oracle, FROM, TO);
        assertThat(fx.counter("", "events_read")).as("history once, the live part twice")
                .isEqualTo(stream.size() + live.size());
        for (OracleMeter meter : MeterflowFixture.METERS) {
            String s = meter.slug();
            assertThat(fx.counter(s, "counted")).as("%s counted", s).isEqualTo(oracle.counter(s, "counted"));
            assertThat(fx.counter(s, "duplicates")).as("%s duplicates: the live part re-read by the replay", s)
                    .isEqualTo(oracle.counter(s, "duplicates") + deliveries(oracleLive, s));
        }
        assertThat(recordedReplayJob(fx)).as("the replayed source is recorded for later starts").isEqualTo(replayJob);

        // A later resume from a savepoint keeps the replayed source (found in PostgreSQL), and counts new events once.
        List<GeneratedEvent> more = new UsageStreamGenerator(6_206L, NOW, 6).generate(300);
        String savepoint = stop(replayJob);
        fx.produce(more);
        String resumed = submit(config, 2, "--savepoint", savepoint);
        List<GeneratedEvent> all = new ArrayList<>(stream);
        all.addAll(more);
        MeterflowFixture.await("events after the resume counted", WAIT,
                () -> fx.counter("", "events_read") >= stream.size() + live.size() + more.size());
        Thread.sleep(2_000);
        fx.assertEqualsOracle(new UsageOracle(MeterflowFixture.METERS, all), FROM, TO);
        assertThat(fx.counter("", "events_read")).isEqualTo(stream.size() + live.size() + more.size());

        // Not running any more: refused.
        stop(resumed);
        assertRefused(launcher("replay", "-c", config.toString(), "--flink", cluster.restUrl(), "--job", resumed,
                "--from", streamStart.toString(), "--jar", E2e.jobJar().toString()), "is FINISHED, not RUNNING");
        LOG.info("ClusterReplayIT.replay took {} s", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    @Test
    void rebuildRunsBesideTheLiveJobThenSwitchesAndStopsIt() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("cluster-rebuild", 2);
        Path config = config(fx, "");
        if (cluster.taskManagerPids().isEmpty()) {
            cluster.startTaskManager();
        }
        List<GeneratedEvent> first = new UsageStreamGenerator(6_301L, NOW, 4).generate(800);
        List<GeneratedEvent> during = new UsageStreamGenerator(6_302L, NOW, 4).generate(400);
        List<GeneratedEvent> after = new UsageStreamGenerator(6_303L, NOW, 4).generate(300);
        fx.produce(first);
        String liveJob = submit(config, 1);
        MeterflowFixture.await("first part counted", WAIT, () -> fx.counter("", "events_read") >= first.size());

        Path out = cluster.workDir().resolve("rebuild-" + System.nanoTime() + ".out");
        Process rebuild = start(out, "rebuild", "-c", config.toString(), "--flink", cluster.restUrl(),
                "--jar", E2e.jobJar().toString(), "--parallelism", "1");
        try {
            MeterflowFixture.await("the rebuild job submitted", WAIT, () -> read(out).contains("submitted rebuild job")
                    || !rebuild.isAlive());
            assertThat(rebuild.isAlive()).as(read(out)).isTrue();
            fx.produce(during); // the live job keeps counting while the rebuild runs
            List<GeneratedEvent> sofar = new ArrayList<>(first);
            sofar.addAll(during);
            MeterflowFixture.await("the live job counts during the rebuild", WAIT,
                    () -> fx.counter("", "events_read") >= sofar.size());
            assertThat(activeGeneration(fx)).isEqualTo(1);
            assertThat(rest.jobStatus(liveJob)).isEqualTo("RUNNING");
            assertThat(rebuild.waitFor(5, TimeUnit.MINUTES)).as("rebuild finished: %s", read(out)).isTrue();
        } finally {
            if (rebuild.isAlive()) {
                rebuild.destroyForcibly();
            }
        }
        String text = read(out);
        LOG.info("rebuild --flink output:\n{}", text);
        assertThat(rebuild.exitValue()).as(text).isZero();
        assertThat(text).contains("switched: generation 2 is active");
        Matcher m = JOB_ID.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        String newLive = m.group(1);
        assertThat(activeGeneration(fx)).isEqualTo(2);
        assertThat(rest.jobStatus(liveJob)).as("the previous live job is stopped").isEqualTo("FINISHED");
        assertThat(rest.jobStatus(newLive)).isEqualTo("RUNNING");

        List<GeneratedEvent> all = new ArrayList<>(first);
        all.addAll(during);
        UsageOracle before = new UsageOracle(MeterflowFixture.METERS, all);
        fx.assertEqualsOracle(before, FROM, TO);
        fx.assertCountersEqualOracle(before);

        fx.produce(after); // counted by the new live job, into the active generation
        all.addAll(after);
        MeterflowFixture.await("events after the switch counted", WAIT, () -> fx.counter("", "events_read") >= all.size());
        UsageOracle full = new UsageOracle(MeterflowFixture.METERS, all);
        fx.assertEqualsOracle(full, FROM, TO);
        fx.assertCountersEqualOracle(full);
        rest.cancel(newLive);
        rest.awaitJobStatus(newLive, FlinkRestClient.TERMINAL_STATES, Duration.ofMinutes(1));
        LOG.info("ClusterReplayIT.rebuild took {} s", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
    }

    private static Path config(MeterflowFixture fx, String kafkaExtra) throws Exception {
        Path file = Files.createTempFile(cluster.workDir(), "pg-password-", "",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, fx.database.password() + "\n");
        String yaml = fx.configYaml("")
                .replace("  password: " + fx.database.password() + "\n", "  passwordFile: " + file + "\n")
                .replace("  idleTimeout: 2s\n", "  idleTimeout: 2s\n" + kafkaExtra);
        assertThat(yaml).contains("passwordFile").contains(kafkaExtra);
        Path config = Files.createTempFile(cluster.workDir(), "meterflow-", ".yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private static String submit(Path config, int parallelism, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "--config", config.toString(), "--flink", cluster.restUrl(),
                "--parallelism", Integer.toString(parallelism), "--jar", E2e.jobJar().toString()));
        args.addAll(List.of(extra));
        E2e.Result r = E2e.launcher(Map.of(), args.toArray(new String[0]));
        assertThat(r.exit()).as(r.out()).isZero();
        Matcher m = Pattern.compile("submitted meterflow job ([0-9a-f]{32})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        rest.awaitJobStatus(m.group(1), Set.of("RUNNING"), Duration.ofMinutes(2));
        return m.group(1);
    }

    private static String stop(String jobId) throws Exception {
        E2e.Result stop = E2e.launcher(Map.of(), "stop", "--flink", cluster.restUrl(), "--job", jobId);
        assertThat(stop.exit()).as(stop.out()).isZero();
        Matcher m = Pattern.compile("savepoint: (\\S+)").matcher(stop.out());
        assertThat(m.find()).as(stop.out()).isTrue();
        return m.group(1);
    }

    private static E2e.Result launcher(String... args) throws Exception {
        return E2e.launcher(Map.of(), args);
    }

    /** Exit non-zero with the reason, in one line (no stack trace). */
    private static void assertRefused(E2e.Result r, String reason) {
        assertThat(r.exit()).as(r.out()).isNotZero();
        assertThat(r.out()).as(r.out()).contains(reason).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    private static Process start(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Launcher.root().resolve("meterflow").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Launcher.root().toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("MF_SKIP_BUILD", "1");
        pb.environment().put("MF_JAVA_OPTS", "-Xmx256m");
        return pb.start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    /** Deliveries of the meter's events in {@code oracle}: what a replay over them reads again as duplicates. */
    private static long deliveries(UsageOracle oracle, String meter) {
        return oracle.counter(meter, "counted") + oracle.counter(meter, "duplicates");
    }

    private static int activeGeneration(MeterflowFixture fx) throws Exception {
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT generation FROM meterflow.active_generation")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String recordedReplayJob(MeterflowFixture fx) throws Exception {
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT job_id FROM meterflow.generation_source WHERE generation = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
