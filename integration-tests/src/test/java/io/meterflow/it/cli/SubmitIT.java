package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkSessionCluster;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meterflow submit} and {@code stop} against a real session cluster (JobManager and TaskManager
 * JVMs): the shaded JAR runs there, stop takes a savepoint, a resubmission from it neither loses nor
 * double counts.
 */
class SubmitIT {
    private static final Pattern JOB_ID = Pattern.compile("submitted meterflow job ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("savepoint: (\\S+)");

    @Test
    void submitStopWithSavepointAndResubmitCountsExactlyOnce(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("submitit");
        String topic = "submitit-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "submitit", db, false, null, 0);

        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(tmp.resolve("flink"), 1, 2);
                Connection c = db.connect()) {
            ApiRequests.produce(topic, "//submitit", 0, 1500, 5, id -> Instant.now());
            String out = launch(tmp, "submit1", "submit", "-c", config.toString(), "--flink", cluster.restUrl());
            Matcher m = JOB_ID.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            String jobId = m.group(1);
            assertThat(out).contains(cluster.restUrl() + "/#/job/running/" + jobId);
            try (FlinkRestClient rest = new FlinkRestClient(cluster.restUrl())) {
                rest.awaitJobStatus(jobId, Set.of("RUNNING"), java.time.Duration.ofSeconds(90));
            }
            awaitCounted(c, 1500);

            String stopped = launch(tmp, "stop", "stop", "--flink", cluster.restUrl(), "--job", jobId);
            Matcher sp = SAVEPOINT.matcher(stopped);
            assertThat(sp.find()).as(stopped).isTrue();

            ApiRequests.produce(topic, "//submitit", 1500, 1000, 5, id -> Instant.now());
            String again = launch(tmp, "submit2", "submit", "-c", config.toString(), "--flink", cluster.restUrl(),
                    "--savepoint", sp.group(1));
            assertThat(again).contains("restoring " + sp.group(1));
            awaitCounted(c, 2500);
            Thread.sleep(4000);
            assertThat(counted(c)).isEqualTo(2500);
        }
    }

    private static String launch(Path tmp, String name, String... args) throws Exception {
        Process p = Launcher.start(tmp.resolve(name + ".out"), tmp.resolve(name + ".err"), args);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(tmp.resolve(name + ".out"));
        assertThat(p.exitValue()).as("%s: %s%s", name, out, Files.readString(tmp.resolve(name + ".err"))).isZero();
        return out;
    }

    private static void awaitCounted(Connection c, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (counted(c) < expected) {
            assertThat(System.nanoTime()).as("counted %d of %d in time", counted(c), expected).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static long counted(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(sum(value), 0)"
                + " FROM meterflow.active_counters WHERE meter = 'api_requests' AND counter = 'counted'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
