package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.ProcessKit;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.SeriesScenario;
import io.meterflow.testkit.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series meters survive {@code kill -9}: {@code ./meterflow run} is killed at a random moment while
 * the shuffled samples of {@link SeriesScenario} trickle in, and started again; its series state comes
 * back from the last checkpoint, the withheld and far-too-late samples follow, and PostgreSQL equals
 * the oracle exactly (no correction lost or applied twice).
 */
class SeriesRunKilledIT {
    private static final long SEED = Long.getLong("meterflow.it.killSeed", 7_003L);

    @Test
    void killedMidSeriesStillEqualsTheOracle(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        Random random = new Random(SEED);
        MeterflowFixture fx = new MeterflowFixture("series-kill", 2);
        SeriesScenario sc = new SeriesScenario(SEED, Instant.now().truncatedTo(ChronoUnit.MINUTES));
        Path config = tmp.resolve("meterflow.yaml");
        Files.writeString(config, SeriesScenario.yaml(fx, "  dir: " + tmp.resolve("checkpoints").toUri() + "\n"
                + "job:\n  parallelism: 2\n"), StandardCharsets.UTF_8);
        List<GeneratedEvent> first = SeriesScenario.events(sc.first);
        List<GeneratedEvent> head = first.subList(0, first.size() / 4);

        Process p = Launcher.start(tmp.resolve("run0.out"), tmp.resolve("run0.err"), "run", "-c", config.toString());
        try {
            fx.produce(head);
            ProcessKit.awaitWhileAlive("run 0 commits", Duration.ofSeconds(120), p, tmp.resolve("run0.err"),
                    () -> fx.counter("", "events_read") > 0);
            Thread producer = new Thread(() -> trickle(fx, first.subList(head.size(), first.size())), "trickle");
            producer.start();
            long delay = 300 + random.nextInt(2700);
            Thread.sleep(delay);
            ProcessKit.kill9(p);
            producer.join(60_000);
            FaultKit.LOG.info("SeriesRunKilledIT killed -9 {} ms into the trickle: events_read {} of {}", delay,
                    fx.counter("", "events_read"), first.size());
        } finally {
            if (p.isAlive()) {
                ProcessKit.kill9(p);
            }
        }

        Path err = tmp.resolve("run1.err");
        p = Launcher.start(tmp.resolve("run1.out"), err, "run", "-c", config.toString());
        try {
            Process run = p;
            ProcessKit.awaitWhileAlive("first part counted", Duration.ofSeconds(180), run, err,
                    () -> fx.counter("", "events_read") >= first.size());
            fx.produce(SeriesScenario.events(sc.second));
            long all = sc.first.size() + sc.second.size();
            ProcessKit.awaitWhileAlive("all samples counted", Duration.ofSeconds(180), run, err,
                    () -> fx.counter("", "events_read") >= all);
            Thread.sleep(3000); // a double count would show in the next commits
            assertThat(Files.readString(tmp.resolve("run1.out"))).contains("resumed from");
        } finally {
            ProcessKit.stop(p);
        }
        io.meterflow.it.pipeline.SeriesMetersIT.assertEqualsOracle(fx, sc);
        FaultKit.LOG.info("SeriesRunKilledIT took {} s", FaultKit.seconds(t0));
    }

    private static void trickle(MeterflowFixture fx, List<GeneratedEvent> slice) {
        for (int i = 0; i < slice.size(); i += 40) {
            fx.produce(slice.subList(i, Math.min(slice.size(), i + 40)));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
