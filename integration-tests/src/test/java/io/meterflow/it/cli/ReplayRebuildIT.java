package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.testkit.ApiRequests;
import io.meterflow.testkit.Launcher;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5 through the launcher: a replay within the dedupe horizon counts nothing twice, a replay
 * beyond it is refused, and a rebuild into a new generation gives the same answers and becomes active.
 */
class ReplayRebuildIT {
    private static final int EVENTS = 2000;

    @Test
    void replayIsIdempotentAndRebuildSwitchesToAnEqualGeneration(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("replayit");
        String topic = "replayit-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "replayit", db, true, tmp.resolve("checkpoints"), 0);
        Instant t = Instant.now().minus(Duration.ofMinutes(10));
        ApiRequests.produce(topic, "//replayit", 0, EVENTS, 5, t::plusMillis);

        try (Connection c = db.connect()) {
            Process run = Launcher.start(tmp.resolve("run.out"), tmp.resolve("run.err"), "run", "-c", config.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (counted(c) < EVENTS) {
                assertThat(run.isAlive()).as("run alive; %s", Files.readString(tmp.resolve("run.err"))).isTrue();
                assertThat(System.nanoTime()).as("counted all in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            Thread.sleep(3000); // a completed checkpoint after the last commit
            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();

            // Within the horizon: everything is re-read, recognised as duplicates, nothing counted twice.
            Process replay = Launcher.start(tmp.resolve("replay.out"), tmp.resolve("replay.err"),
                    "replay", "-c", config.toString(), "--from", "now-1h", "--exit-when-caught-up");
            assertThat(replay.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(replay.exitValue()).as("replay: %s", Files.readString(tmp.resolve("replay.err"))).isZero();
            assertThat(Files.readString(tmp.resolve("replay.out"))).contains("caught up");
            assertThat(counted(c)).isEqualTo(EVENTS);
            assertThat(counter(c, "duplicates")).isEqualTo(EVENTS);

            // Beyond the horizon (dedupe.ttl defaults to 35 days): refused, pointing at rebuild.
            Process tooOld = Launcher.start(tmp.resolve("old.out"), tmp.resolve("old.err"),
                    "replay", "-c", config.toString(), "--from", Instant.now().minus(Duration.ofDays(40)).toString());
            assertThat(tooOld.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(tooOld.exitValue()).isNotZero();
            assertThat(Files.readString(tmp.resolve("old.err"))).contains("dedupe horizon").contains("rebuild").hasLineCount(1);

            // Rebuild: a new generation with the same answers, switched to atomically; the old one kept.
            Process rebuild = Launcher.start(tmp.resolve("rebuild.out"), tmp.resolve("rebuild.err"), "rebuild", "-c", config.toString());
            assertThat(rebuild.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(rebuild.exitValue()).as("rebuild: %s", Files.readString(tmp.resolve("rebuild.err"))).isZero();
            assertThat(Files.readString(tmp.resolve("rebuild.out"))).contains("switched: generation 2 is active");
            assertThat(scalar(c, "SELECT generation FROM meterflow.active_generation")).isEqualTo(2);
            assertThat(counted(c)).isEqualTo(EVENTS);
            assertThat(scalar(c, "SELECT count(*) FROM meterflow.generations")).isEqualTo(2);

            // query answers from the new generation.
            Process query = Launcher.start(tmp.resolve("query.out"), tmp.resolve("query.err"), "query", "-c", config.toString(),
                    "--meter", "api_requests", "--from", "now-1d", "--to", Instant.now().plus(Duration.ofHours(1)).toString(),
                    "--format", "csv");
            assertThat(query.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(query.exitValue()).as("query: %s", Files.readString(tmp.resolve("query.err"))).isZero();
            long total = Files.readAllLines(tmp.resolve("query.out")).stream().skip(1)
                    .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1).trim())).sum();
            assertThat(total).isEqualTo(EVENTS);
        }
    }

    private static long counted(Connection c) {
        return counter(c, "counted");
    }

    private static long counter(Connection c, String name) {
        try {
            return scalar(c, "SELECT coalesce(sum(value), 0) FROM meterflow.active_counters WHERE meter = 'api_requests'"
                    + " AND counter = '" + name + "'");
        } catch (Exception e) {
            return -1;
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
