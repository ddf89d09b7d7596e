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
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 1 through the launcher: {@code ./meterflow run} killed with SIGKILL mid-stream and started
 * again resumes from its newest retained checkpoint, and every event is counted exactly once.
 */
class RunCommandIT {

    @Test
    void killDashNineAndRerunCountsEveryEventExactlyOnce(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("runit");
        String topic = "runit-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "runit", db, true, tmp.resolve("checkpoints"), 2);

        int total = 0;
        total += produce(topic, 0, 3000);
        Process first = Launcher.start(tmp.resolve("run1.out"), tmp.resolve("run1.err"), "run", "-c", config.toString());
        try (Connection c = db.connect()) {
            LongSupplier counted = () -> counter(c, ApiRequests.METER, "counted");
            await(() -> counted.getAsLong() > 0, 180, first, tmp.resolve("run1.err"));
            total += produce(topic, 3000, 3000); // while it runs
            Thread.sleep(3000); // let at least one more checkpoint complete
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no final commit
            long afterKill = counted.getAsLong();
            assertThat(afterKill).isLessThanOrEqualTo(total);

            total += produce(topic, 6000, 2000); // while it is down
            Process second = Launcher.start(tmp.resolve("run2.out"), tmp.resolve("run2.err"), "run", "-c", config.toString());
            try {
                int expected = total;
                await(() -> counted.getAsLong() >= expected, 240, second, tmp.resolve("run2.err"));
                Thread.sleep(5000); // a double count would show up in the next commits
                assertThat(counted.getAsLong()).as("counted after kill -9 and rerun").isEqualTo(total);
                assertThat(counter(c, "", "events_read")).isEqualTo(total);
                assertThat(Files.readString(tmp.resolve("run2.out"))).contains("resumed from");
            } finally {
                second.destroy(); // SIGTERM: the shutdown hook cancels the job
                second.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static int produce(String topic, int firstId, int n) {
        ApiRequests.produce(topic, "//runit", firstId, n, 7, id -> Instant.now());
        return n;
    }

    private static long counter(Connection c, String meter, String counter) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(sum(value), 0) FROM meterflow.active_counters WHERE meter = '" + meter
                        + "' AND counter = '" + counter + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // schema not migrated yet
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds, Process process, Path stderr)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("./meterflow run exited " + process.exitValue() + ": " + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s; stderr: " + Files.readString(stderr));
            }
            Thread.sleep(500);
        }
    }
}
