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
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --from 0:N} on a 4-partition topic rewinds partition 0 only: the other partitions
 * keep the live job's positions (nothing re-read there, new events counted once); when a position is
 * not known the replay is refused and asks for every partition.
 */
class ReplayPartitionOffsetsIT {
    private static final int EVENTS = 2000;
    private static final int LATER = 400;
    private static final int REWIND = 50;

    @Test
    void unlistedPartitionsKeepTheirPositions(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("replayparts");
        String topic = "replayparts-" + System.nanoTime();
        String group = "replayparts";
        services.createTopic(topic, 4);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, group, db, true, tmp.resolve("checkpoints"), 0);
        Instant t = Instant.now().minus(Duration.ofMinutes(10));
        ApiRequests.produce(topic, "//replayparts", 0, EVENTS, 16, t::plusMillis);

        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.kafkaBootstrapServers());
        try (Connection c = db.connect(); Admin admin = Admin.create(ap)) {
            Process run = Launcher.start(tmp.resolve("run.out"), tmp.resolve("run.err"), "run", "-c", config.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (counter(c, "counted") < EVENTS) {
                assertThat(run.isAlive()).as("run alive; %s", Files.readString(tmp.resolve("run.err"))).isTrue();
                assertThat(System.nanoTime()).as("counted all in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            // The source commits its offsets after each completed checkpoint (the first commit on a fresh
            // broker waits for __consumer_offsets to be created).
            while (committed(admin, group, topic).values().stream().mapToLong(Long::longValue).sum() < EVENTS) {
                assertThat(System.nanoTime()).as("offsets committed in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();

            Map<Integer, Long> committed = committed(admin, group, topic);
            assertThat(committed).as("the live job committed every partition").hasSize(4);
            assertThat(committed.get(0)).isGreaterThanOrEqualTo(REWIND);
            ApiRequests.produce(topic, "//replayparts", EVENTS, LATER, 16, t::plusMillis); // after the stop

            long rewindTo = committed.get(0) - REWIND;
            Process replay = Launcher.start(tmp.resolve("replay.out"), tmp.resolve("replay.err"),
                    "replay", "-c", config.toString(), "--from", "0:" + rewindTo, "--exit-when-caught-up");
            assertThat(replay.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(replay.exitValue()).as("replay: %s", Files.readString(tmp.resolve("replay.err"))).isZero();
            assertThat(Files.readString(tmp.resolve("replay.out")))
                    .contains("partitions not listed keep the live job's positions").contains("caught up");
            // Partition 0 re-read REWIND events (duplicates); the others only their new events.
            assertThat(counter(c, "counted")).isEqualTo(EVENTS + LATER);
            assertThat(counter(c, "duplicates")).isEqualTo(REWIND);

            // A position that cannot be known (the group lost partition 3's offset): refused, every partition asked for.
            String liveGroup;
            try (java.sql.ResultSet rs = c.createStatement().executeQuery(
                    "SELECT replay_id FROM meterflow.generation_source WHERE generation = 1")) {
                assertThat(rs.next()).as("the replay recorded its source in PostgreSQL").isTrue();
                liveGroup = group + "-replay-" + rs.getString(1);
            }
            assertThat(tmp.resolve("checkpoints").resolve("g1").resolve("source-id")).doesNotExist();
            assertThat(committed(admin, liveGroup, topic)).hasSize(4);
            admin.deleteConsumerGroupOffsets(liveGroup, Set.of(new TopicPartition(topic, 3))).all().get(30, TimeUnit.SECONDS);
            Process refused = Launcher.start(tmp.resolve("refused.out"), tmp.resolve("refused.err"),
                    "replay", "-c", config.toString(), "--from", "0:" + rewindTo, "--exit-when-caught-up");
            assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isNotZero();
            assertThat(Files.readString(tmp.resolve("refused.err")))
                    .contains("partition 3 of " + topic + " is not known").contains("list every partition").hasLineCount(1);
            assertThat(counter(c, "counted")).isEqualTo(EVENTS + LATER);
        }
    }

    private static Map<Integer, Long> committed(Admin admin, String group, String topic) throws Exception {
        Map<Integer, Long> out = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .forEach((tp, om) -> {
                    if (om != null && tp.topic().equals(topic)) {
                        out.put(tp.partition(), om.offset());
                    }
                });
        return out;
    }

    private static long counter(Connection c, String name) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(sum(value), 0) FROM meterflow.active_counters WHERE meter = 'api_requests'"
                        + " AND counter = '" + name + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
