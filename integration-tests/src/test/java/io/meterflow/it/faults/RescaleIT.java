package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.ProcessKit;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
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
 * Guarantee 6 through the launcher: {@code ./meterflow run} at parallelism 1, killed -9, resumed at 3,
 * killed -9, resumed at 2, with duplicates, out-of-order and days-late events in every phase: the
 * dedupe state and the writers' bookkeeping follow the new parallelism and PostgreSQL equals the
 * oracle exactly. Then the refusals a supervisor must see: a second {@code run} on the same
 * generation, and a start without state on a generation that holds usage, exit non-zero with the
 * reason on stderr, and change nothing.
 */
class RescaleIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FROM = NOW.minus(Duration.ofDays(8));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));
    private static final Duration WAIT = Duration.ofSeconds(150);

    @Test
    void parallelismOneThenThreeThenTwoAcrossKillDashNineIsExactlyOnce(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("rescale", 4);
        Path config = tmp.resolve("meterflow.yaml");
        Path checkpoints = tmp.resolve("checkpoints");
        List<GeneratedEvent> stream = new UsageStreamGenerator(11_003L, NOW, 7).generate(2_700);
        int[] parallelism = {1, 3, 2};
        int phases = parallelism.length;
        long produced = 0;
        for (int phase = 0; phase < phases; phase++) {
            Files.writeString(config, fx.configYaml("  dir: " + checkpoints.toUri() + "\n"
                    + "job:\n  parallelism: " + parallelism[phase] + "\n"), StandardCharsets.UTF_8);
            List<GeneratedEvent> slice = stream.subList(stream.size() * phase / phases, stream.size() * (phase + 1) / phases);
            Path out = tmp.resolve("run" + phase + ".out");
            Path err = tmp.resolve("run" + phase + ".err");
            fx.produce(slice.subList(0, slice.size() / 2)); // while it is down
            Process p = Launcher.start(out, err, "run", "-c", config.toString());
            try {
                fx.produce(slice.subList(slice.size() / 2, slice.size())); // while it starts and runs
                produced += slice.size();
                long expected = produced;
                ProcessKit.awaitWhileAlive("phase " + phase + " (parallelism " + parallelism[phase] + ") reads "
                        + expected, WAIT, p, err, () -> fx.counter("", "events_read") >= expected);
                if (phase > 0) {
                    assertThat(Files.readString(out)).contains("resumed from");
                }
                if (phase < phases - 1) {
                    Thread.sleep(1_500); // another checkpoint, maybe mid-commit: then kill -9
                    ProcessKit.kill9(p);
                    assertThat(fx.counter("", "events_read")).as("never more than produced").isEqualTo(produced);
                } else {
                    Thread.sleep(3_000); // a double count would show in the next commits
                    secondRunOnTheSameGenerationIsRefused(tmp, config, fx);
                }
            } finally {
                if (p.isAlive()) {
                    ProcessKit.stop(p);
                }
            }
        }
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);

        startWithoutStateIsRefusedWithTheReasonAndAnExitCode(tmp, config, checkpoints, fx, oracle);
        FaultKit.LOG.info("RescaleIT took {} s", FaultKit.seconds(t0));
    }

    /** A second {@code run}, and a {@code replay}, while the live job runs: both exit at once, nothing counted. */
    private static void secondRunOnTheSameGenerationIsRefused(Path tmp, Path config, MeterflowFixture fx)
            throws Exception {
        long before = fx.counter("", "events_read");
        Process second = Launcher.start(tmp.resolve("second.out"), tmp.resolve("second.err"), "run", "-c", config.toString());
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second run exits").isTrue();
        String err = Files.readString(tmp.resolve("second.err"));
        assertThat(second.exitValue()).as(err).isNotZero();
        assertThat(err).contains("another meterflow job is already running on generation 1");
        // A replay while the live job runs would be a second job from the same checkpoint: refused too.
        Process replay = Launcher.start(tmp.resolve("replay.out"), tmp.resolve("replay.err"), "replay", "-c",
                config.toString(), "--from", "now-1h");
        assertThat(replay.waitFor(120, TimeUnit.SECONDS)).as("the replay exits").isTrue();
        String replayErr = Files.readString(tmp.resolve("replay.err"));
        assertThat(replay.exitValue()).as(replayErr).isNotZero();
        assertThat(replayErr).contains("another meterflow job is already running on generation 1");
        assertThat(fx.counter("", "events_read")).isEqualTo(before);
    }

    private static void startWithoutStateIsRefusedWithTheReasonAndAnExitCode(Path tmp, Path config, Path checkpoints,
            MeterflowFixture fx, UsageOracle oracle) throws Exception {
        Files.move(checkpoints, tmp.resolve("checkpoints-lost"));
        Process p = Launcher.start(tmp.resolve("fresh.out"), tmp.resolve("fresh.err"), "run", "-c", config.toString());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("a refused start ends the launcher").isTrue();
        String err = Files.readString(tmp.resolve("fresh.err"));
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err.lines().filter(l -> l.startsWith("meterflow: "))).as(err).hasSize(1);
        assertThat(err).contains("refuses to start without state").contains("meterflow rebuild");
        fx.assertCountersEqualOracle(oracle);
    }
}
