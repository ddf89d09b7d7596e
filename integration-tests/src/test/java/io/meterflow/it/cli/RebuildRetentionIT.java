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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild after Kafka's retention removed the head of the history the active generation counted:
 * it prints the difference per meter and month and refuses to activate, until --accept-loss.
 */
class RebuildRetentionIT {
    private static final int EVENTS = 1000;
    private static final int DELETED = 100;

    @Test
    void rebuildRefusesToDropHistoryWithoutAcceptLoss(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("rebuildloss");
        String topic = "rebuildloss-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "rebuildloss", db, true, tmp.resolve("checkpoints"), 0);
        Instant t = Instant.now().minus(Duration.ofMinutes(10));
        ApiRequests.produce(topic, "//rebuildloss", 0, EVENTS, 5, t::plusMillis);

        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafkaBootstrapServers());
        try (Connection c = db.connect(); Admin admin = Admin.create(ap)) {
            Process run = Launcher.start(tmp.resolve("run.out"), tmp.resolve("run.err"), "run", "-c", config.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (counted(c) < EVENTS) {
                assertThat(run.isAlive()).as("run alive; %s", Files.readString(tmp.resolve("run.err"))).isTrue();
                assertThat(System.nanoTime()).as("counted all in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();

            // Retention (here: deleteRecords) removes the first records of partition 0.
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(DELETED)))
                    .all().get(30, TimeUnit.SECONDS);

            Process refused = Launcher.start(tmp.resolve("refused.out"), tmp.resolve("refused.err"),
                    "rebuild", "-c", config.toString());
            assertThat(refused.waitFor(300, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(tmp.resolve("refused.out"));
            String err = Files.readString(tmp.resolve("refused.err"));
            assertThat(refused.exitValue()).as("rebuild without --accept-loss: %s%s", out, err).isNotZero();
            assertThat(out).contains("warning: Kafka no longer holds the start of the active generation's history")
                    .contains("difference per meter and month")
                    .containsPattern("api_requests\\s+\\d{4}-\\d{2}\\s+events 1,000 -> 900 \\(-100\\)");
            assertThat(err).contains("not activating generation 2").contains("partition 0 (log starts at offset " + DELETED)
                    .contains("--generation 2 --accept-loss");
            assertThat(scalar(c, "SELECT generation FROM meterflow.active_generation")).isEqualTo(1);
            assertThat(counted(c)).isEqualTo(EVENTS);

            Process accepted = Launcher.start(tmp.resolve("accepted.out"), tmp.resolve("accepted.err"),
                    "rebuild", "-c", config.toString(), "--generation", "2", "--accept-loss");
            assertThat(accepted.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(accepted.exitValue()).as("rebuild --accept-loss: %s", Files.readString(tmp.resolve("accepted.err")))
                    .isZero();
            assertThat(Files.readString(tmp.resolve("accepted.out"))).contains("events 1,000 -> 900 (-100)")
                    .contains("switched: generation 2 is active");
            assertThat(scalar(c, "SELECT generation FROM meterflow.active_generation")).isEqualTo(2);
            assertThat(counted(c)).isEqualTo(EVENTS - DELETED);
        }
    }

    private static long counted(Connection c) {
        try {
            return scalar(c, "SELECT coalesce(sum(value), 0) FROM meterflow.active_counters WHERE meter = 'api_requests'"
                    + " AND counter = 'counted'");
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
