package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.ProcessKit;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5 through the launcher: a live job that missed history ({@code startingOffsets: latest}
 * on a topic that already holds it) is completed by {@code ./meterflow replay} from before the
 * history: exactly the missed events are counted, nothing twice, and the result equals the oracle.
 */
class ReplayFillsGapIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FROM = NOW.minus(Duration.ofDays(8));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));

    @Test
    void replayCountsExactlyTheEventsTheLiveJobMissed(@TempDir Path tmp) throws Exception {
        fillTheGap(tmp, null);
    }

    /**
     * The same once the live job's consumer group has committed its offsets (at the end of the log),
     * with a replay whose first checkpoint comes 10 s after it starts (a slow restore on a busy
     * machine does the same): `replay --exit-when-caught-up` must not say "caught up" before it has
     * replayed anything.
     */
    @Test
    void replayWhoseFirstCheckpointIsSlowStillFillsTheGap(@TempDir Path tmp) throws Exception {
        fillTheGap(tmp, "10s");
    }

    private void fillTheGap(Path tmp, String replayCheckpointInterval) throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("replaygap", 2);
        String yaml = fx.configYaml("  dir: " + tmp.resolve("checkpoints").toUri() + "\njob:\n  parallelism: 2\n")
                .replace("  idleTimeout: 2s\n", "  idleTimeout: 2s\n  startingOffsets: latest\n");
        assertThat(yaml).contains("startingOffsets: latest");
        Path config = tmp.resolve("meterflow.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);

        List<GeneratedEvent> stream = new UsageStreamGenerator(6_105L, NOW, 6).generate(1500);
        List<GeneratedEvent> history = stream.subList(0, stream.size() / 2);
        List<GeneratedEvent> live = stream.subList(history.size(), stream.size());
        Instant streamStart = Instant.now().minusSeconds(2);
        fx.produce(history); // on the topic before the job first starts: the live job never sees it

        Process run = Launcher.start(tmp.resolve("run.out"), tmp.resolve("run.err"), "run", "-c", config.toString());
        try {
            ProcessKit.awaitWhileAlive("the job is running", Duration.ofSeconds(120), run, tmp.resolve("run.err"),
                    () -> readQuietly(tmp.resolve("run.out")).contains("started without state"));
            Thread.sleep(5000); // the source has resolved 'latest' (the end of the history)
            fx.produce(live);
            ProcessKit.awaitWhileAlive("the live part is read", Duration.ofSeconds(120), run, tmp.resolve("run.err"),
                    () -> fx.counter("", "events_read") >= live.size());
            Thread.sleep(2500);
            if (replayCheckpointInterval != null) {
                // The first offset commits of a new group fail (coordinator not available yet); wait
                // until the group's committed offsets reach the end of the log, as in production.
                ProcessKit.awaitWhileAlive("group offsets committed", Duration.ofSeconds(60), run, tmp.resolve("run.err"),
                        () -> groupOffsets(fx).contains("offset="));
                Thread.sleep(2000);
            }
        } finally {
            ProcessKit.stop(run);
        }
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        UsageOracle oracleLive = new UsageOracle(MeterflowFixture.METERS, live);
        assertThat(fx.counter("", "events_read")).as("the live job read only what came after it started")
                .isEqualTo(live.size());
        for (OracleMeter m : MeterflowFixture.METERS) {
            assertThat(fx.counter(m.slug(), "counted")).as("%s counted before the replay: the gap", m.slug())
                    .isLessThan(oracle.counter(m.slug(), "counted"));
        }

        FaultKit.LOG.info("group offsets before the replay: {}", groupOffsets(fx));
        if (replayCheckpointInterval != null) {
            Files.writeString(config, yaml.replace("  interval: 1s\n", "  interval: " + replayCheckpointInterval + "\n"),
                    StandardCharsets.UTF_8);
        }
        Process replay = Launcher.start(tmp.resolve("replay.out"), tmp.resolve("replay.err"),
                "replay", "-c", config.toString(), "--from", streamStart.toString(), "--exit-when-caught-up");
        try {
            assertThat(replay.waitFor(180, TimeUnit.SECONDS)).as("replay finished").isTrue();
        } finally {
            if (replay.isAlive()) {
                ProcessKit.kill9(replay);
            }
        }
        FaultKit.LOG.info("replay output:\n{}", Files.readString(tmp.resolve("replay.out")));
        assertThat(replay.exitValue()).as("replay: %s", Files.readString(tmp.resolve("replay.err"))).isZero();
        assertThat(Files.readString(tmp.resolve("replay.out"))).contains("caught up");

        fx.assertEqualsOracle(oracle, FROM, TO);
        assertThat(fx.counter("", "events_read")).as("history once, the live part twice")
                .isEqualTo(stream.size() + live.size());
        assertThat(fx.counter("", "events_read")).isEqualTo(fx.counter("", "events_rejected")
                + fx.counter("", "events_unmatched") + fx.counter("", "events_metered"));
        for (OracleMeter m : MeterflowFixture.METERS) {
            String s = m.slug();
            assertThat(fx.counter(s, "counted")).as("%s counted", s).isEqualTo(oracle.counter(s, "counted"));
            assertThat(fx.counter(s, "duplicates")).as("%s duplicates: the live part re-read by the replay", s)
                    .isEqualTo(oracle.counter(s, "duplicates") + FaultKit.deliveries(oracleLive, s));
        }
        FaultKit.LOG.info("ReplayFillsGapIT took {} s", FaultKit.seconds(t0));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "";
        }
    }

    private static String groupOffsets(MeterflowFixture fx) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", fx.kafkaBootstrapServers);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            return admin.listConsumerGroupOffsets("meterflow-" + fx.topic).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
