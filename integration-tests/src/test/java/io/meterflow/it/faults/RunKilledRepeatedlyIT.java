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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 2 (guarantee 1): {@code ./meterflow run} is killed with SIGKILL at random moments,
 * three times in one stream, and started again each time; the stream is produced in slices while it
 * runs and while it is down. At the end PostgreSQL equals the oracle exactly.
 */
class RunKilledRepeatedlyIT {
    /** Seeds the stream and the kill moments; {@code -Dmeterflow.it.killSeed=N} tries other moments. */
    private static final long SEED = Long.getLong("meterflow.it.killSeed", 6_002L);
    private static final int KILLS = 3;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FROM = NOW.minus(Duration.ofDays(8));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));

    @Test
    void runKilledThreeTimesAtRandomMomentsStillEqualsTheOracle(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        Random random = new Random(SEED);
        FaultKit.LOG.info("RunKilledRepeatedlyIT seed {}", SEED);
        MeterflowFixture fx = new MeterflowFixture("runkill", 2);
        Path config = tmp.resolve("meterflow.yaml");
        Files.writeString(config, fx.configYaml("  dir: " + tmp.resolve("checkpoints").toUri() + "\n"
                + "job:\n  parallelism: 2\n"), StandardCharsets.UTF_8);

        List<GeneratedEvent> stream = new UsageStreamGenerator(SEED, NOW, 6).generate(2400);
        // 2 slices per kill (one while running, one while down) plus one for the last run.
        int slices = 2 * KILLS + 1;
        List<List<GeneratedEvent>> parts = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            parts.add(stream.subList(stream.size() * i / slices, stream.size() * (i + 1) / slices));
        }
        int next = 0;
        long produced = 0;

        for (int run = 0; run <= KILLS; run++) {
            Path out = tmp.resolve("run" + run + ".out");
            Path err = tmp.resolve("run" + run + ".err");
            Process p = Launcher.start(out, err, "run", "-c", config.toString());
            try {
                if (run < KILLS) {
                    long before = Math.max(0, fx.counter("", "events_read"));
                    List<GeneratedEvent> slice = parts.get(next++);
                    List<GeneratedEvent> head = slice.subList(0, slice.size() / 4);
                    fx.produce(head);
                    produced += slice.size();
                    ProcessKit.awaitWhileAlive("run " + run + " commits", Duration.ofSeconds(120), p, err,
                            () -> fx.counter("", "events_read") > before);
                    // The rest trickles in over ~3 s while the job runs; the kill lands at a random
                    // moment in it (before, during or after a checkpoint and its commit).
                    Thread producer = new Thread(() -> trickle(fx, slice.subList(head.size(), slice.size())),
                            "trickle-" + run);
                    producer.start();
                    long delay = 300 + random.nextInt(2700);
                    Thread.sleep(delay);
                    ProcessKit.kill9(p);
                    producer.join(60_000);
                    long read = fx.counter("", "events_read");
                    FaultKit.LOG.info("run {} killed -9 {} ms into the trickle: events_read {} of {} produced",
                            run, delay, read, produced);
                    assertThat(read).as("never more than produced").isLessThanOrEqualTo(produced);
                    fx.produce(parts.get(next)); // while it is down
                    produced += parts.get(next++).size();
                } else {
                    fx.produce(parts.get(next));
                    produced += parts.get(next++).size();
                    long total = produced;
                    ProcessKit.awaitWhileAlive("events_read = " + total, Duration.ofSeconds(120), p, err,
                            () -> fx.counter("", "events_read") >= total);
                    Thread.sleep(3000); // a double count would show up in the next commits
                    assertThat(Files.readString(out)).contains("resumed from");
                }
            } finally {
                if (p.isAlive()) {
                    ProcessKit.stop(p);
                }
            }
        }
        assertThat(next).isEqualTo(slices);
        assertThat(produced).isEqualTo(stream.size());

        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, FROM, TO);
        FaultKit.LOG.info("RunKilledRepeatedlyIT took {} s", FaultKit.seconds(t0));
    }

    private static void trickle(MeterflowFixture fx, List<GeneratedEvent> slice) {
        for (int i = 0; i < slice.size(); i += 12) {
            fx.produce(slice.subList(i, Math.min(slice.size(), i + 12)));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
