package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.testkit.ApiRequests;
import io.meterflow.testkit.Launcher;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meterflow run} serves the job's metrics (group meterflow) at the Prometheus URL its banner
 * prints: the reporter is on the launcher's classpath and the names are the ones README lists.
 */
class PrometheusEndpointIT {
    private static final Pattern BANNER = Pattern.compile("Prometheus +(http://127\\.0\\.0\\.1:\\d+/metrics)");
    /** {@code name{labels} value}: Prometheus' text format, as Flink's reporter writes it. */
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} (\\S+)$");

    @Test
    void launcherRunServesTheMeterflowMetricsToPrometheus(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("promit");
        String topic = "promit-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "promit", db, true, tmp.resolve("checkpoints"), 2);
        ApiRequests.produce(topic, "//promit", 0, 200, 5, id -> Instant.now());
        ApiRequests.produce(topic, "//promit", 0, 50, 5, id -> Instant.now()); // redelivered: duplicates

        Path out = tmp.resolve("run.out");
        Path err = tmp.resolve("run.err");
        Process run = Launcher.start(out, err, "run", "-c", config.toString());
        try (Connection c = db.connect()) {
            await(() -> counter(c, "", "events_read") >= 250, 180, run, err);
            Matcher banner = BANNER.matcher(Files.readString(out));
            assertThat(banner.find()).as("banner names the Prometheus URL: %s", Files.readString(out)).isTrue();
            String url = banner.group(1);

            List<String[]> samples = scrape(url);
            assertThat(sum(samples, "_meterflow_eventsRead", "")).isEqualTo(250);
            assertThat(sum(samples, "_meterflow_eventsCounted", "")).isEqualTo(200);
            assertThat(sum(samples, "_meterflow_duplicates", "")).isEqualTo(50);
            // Every reason is a labelled series from the start, at zero until its first rejection.
            assertThat(sum(samples, "_eventsRejected", "reason=\"MALFORMED_JSON\"")).isZero();
            assertThat(names(samples)).contains(
                    "flink_taskmanager_job_task_operator_deserializer_meterflow_eventsRead",
                    "flink_taskmanager_job_task_operator_deserializer_meterflow_reason_eventsRejected",
                    "flink_taskmanager_job_task_operator_deserializer_meterflow_eventsUnmatched",
                    "flink_taskmanager_job_task_operator_meterflow_duplicates",
                    "flink_taskmanager_job_task_operator_meterflow_lateEvents",
                    "flink_taskmanager_job_task_operator_meterflow_eventsCounted",
                    "flink_taskmanager_job_task_operator_meterflow_dedupeBatchSize",
                    "flink_taskmanager_job_task_operator_meterflow_dedupeFlushTimeMs",
                    "flink_taskmanager_job_task_operator_meterflow_commitDurationMs",
                    "flink_taskmanager_job_task_operator_meterflow_commitRowsMerged",
                    "flink_taskmanager_job_task_operator_meterflow_committablesPending",
                    "flink_taskmanager_job_task_operator_meterflow_fenceSkips",
                    "flink_taskmanager_job_task_operator_meterflow_staleRestoreRefusals");
        } finally {
            run.destroy(); // SIGTERM: the shutdown hook cancels the job
            run.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static List<String[]> scrape(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                samples.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        return samples;
    }

    /** Sum over subtasks of the series whose name ends with {@code suffix} and whose labels contain {@code label}. */
    private static long sum(List<String[]> samples, String suffix, String label) {
        List<String[]> matching = samples.stream().filter(s -> s[0].endsWith(suffix) && s[1].contains(label)).toList();
        assertThat(matching).as("series *%s{%s}", suffix, label).isNotEmpty();
        return (long) matching.stream().mapToDouble(s -> Double.parseDouble(s[2])).sum();
    }

    private static List<String> names(List<String[]> samples) {
        return samples.stream().map(s -> s[0]).distinct().toList();
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

    private static void await(BooleanSupplier condition, int seconds, Process process, Path stderr) throws Exception {
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
