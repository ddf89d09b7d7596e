package io.meterflow.bench;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * meterflow end to end on a MiniCluster: the real job ({@link MeterflowJob#prepare} + {@link
 * MeterflowJob#build}) reading the scenario's topic into a fresh database.
 */
final class PipelineRun implements AutoCloseable {

    final String jdbcUrl;
    final String user;
    final String password;
    final int generation;
    final Path checkpointDir;
    private final JobClient client;
    final long startNanos;
    /** Nanos since submission when events_read first became non-zero (first checkpoint committed). */
    long firstCommitNanos = -1;
    long firstCommitEvents;
    /** Every change of events_read seen while awaiting, in order (the steady-state window is cut from these). */
    final java.util.List<SteadyWindow.Commit> commits = new java.util.ArrayList<>();

    private PipelineRun(String jdbcUrl, String user, String password, int generation, Path checkpointDir,
            JobClient client, long startNanos) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.generation = generation;
        this.checkpointDir = checkpointDir;
        this.client = client;
        this.startNanos = startNanos;
    }

    /**
     * The password in a 0600 file beside the checkpoints: the bench cluster's TaskManagers run in other
     * JVMs and resolve it themselves (an inline password never travels with the job).
     */
    private static Path passwordFile(Path dir, String password) {
        try {
            java.nio.file.Files.createDirectories(dir);
            Path f = dir.resolve("pg-password");
            java.nio.file.Files.deleteIfExists(f);
            java.nio.file.Files.createFile(f, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            java.nio.file.Files.writeString(f, password);
            return f.toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String yaml(String bootstrap, String topic, String groupId, String jdbcUrl, String user, String password,
            Duration checkpointInterval, Path checkpointDir, int parallelism, Scenario scenario) {
        return settingsYaml(bootstrap, topic, groupId, jdbcUrl, user, password, checkpointInterval, checkpointDir, parallelism)
                + scenario.metersYaml();
    }

    /** Everything but the meters. */
    private static String settingsYaml(String bootstrap, String topic, String groupId, String jdbcUrl, String user,
            String password, Duration checkpointInterval, Path checkpointDir, int parallelism) {
        return "kafka:\n"
                + "  bootstrapServers: " + bootstrap + "\n"
                + "  topic: " + topic + "\n"
                + "  groupId: " + groupId + "\n"
                + "  startingOffsets: earliest\n"
                + "postgres:\n"
                + "  url: " + jdbcUrl + "\n"
                + "  user: " + user + "\n"
                + "  passwordFile: " + passwordFile(checkpointDir, password) + "\n"
                + "checkpoint:\n"
                + "  interval: " + checkpointInterval.toMillis() + "ms\n"
                + "  dir: " + checkpointDir.toUri() + "\n"
                + "dedupe:\n"
                + "  ttl: 35d\n"
                + "job:\n"
                + "  parallelism: " + parallelism + "\n";
    }

    /** Prepares the database (migrations, meters) and submits the job; the clock starts at submission. */
    static PipelineRun start(BenchCluster cluster, String bootstrap, String topic, String jdbcUrl, String user, String password,
            Duration checkpointInterval, Path checkpointDir, int parallelism, Scenario scenario) throws Exception {
        return start(cluster, bootstrap, topic, jdbcUrl, user, password, checkpointInterval, checkpointDir, parallelism, scenario, "");
    }

    /** As {@link #start(BenchCluster, String, String, String, String, String, Duration, Path, int, Scenario)}, with more config. */
    static PipelineRun start(BenchCluster cluster, String bootstrap, String topic, String jdbcUrl, String user, String password,
            Duration checkpointInterval, Path checkpointDir, int parallelism, Scenario scenario, String extraYaml) throws Exception {
        String yaml = yaml(bootstrap, topic, "bench-" + topic + "-p" + parallelism + "-" + System.nanoTime(), jdbcUrl,
                user, password, checkpointInterval, checkpointDir, parallelism, scenario) + extraYaml;
        return submit(cluster, yaml, scenario.id, jdbcUrl, user, password, checkpointDir, parallelism, new Configuration());
    }

    /** With meters of the caller's own ({@code metersYaml}, a whole {@code meters:} section) instead of a scenario's. */
    static PipelineRun start(BenchCluster cluster, String bootstrap, String topic, String jdbcUrl, String user, String password,
            Duration checkpointInterval, Path checkpointDir, int parallelism, String label, String metersYaml) throws Exception {
        String yaml = settingsYaml(bootstrap, topic, "bench-" + topic + "-" + label + "-p" + parallelism + "-" + System.nanoTime(),
                jdbcUrl, user, password, checkpointInterval, checkpointDir, parallelism) + metersYaml;
        // Every state file on disk, none inlined in _metadata: the series state is measured from the files.
        Configuration files = new Configuration();
        files.setString("execution.checkpointing.data-inline-threshold", "0b");
        return submit(cluster, yaml, label, jdbcUrl, user, password, checkpointDir, parallelism, files);
    }

    private static PipelineRun submit(BenchCluster cluster, String yaml, String label, String jdbcUrl, String user,
            String password, Path checkpointDir, int parallelism, Configuration jobSettings) throws Exception {
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        JobOptions options = MeterflowJob.prepare(config, JobOptions.live());
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        MeterflowJob.build(env, config, options);
        env.configure(jobSettings);
        cluster.overrideJobSettings(env); // after the job's own settings, so the override wins
        long start = System.nanoTime();
        JobClient client = env.executeAsync("meterflow bench " + label + " p" + parallelism);
        return new PipelineRun(jdbcUrl, user, password, options.generation(), checkpointDir, client, start);
    }

    JobID jobId() {
        return client.getJobID();
    }

    /** Polls meterflow.counters until events_read reaches {@code expected}; returns nanos since submission. */
    long awaitEventsRead(long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            long lastPrint = System.nanoTime();
            long lastPrinted = -1;
            while (true) {
                long read = eventsRead(c);
                if (read != (commits.isEmpty() ? 0 : commits.get(commits.size() - 1).events())) {
                    commits.add(new SteadyWindow.Commit(System.currentTimeMillis(), read, CpuClock.processCpuNanos(),
                            ThreadCpu.snapshot()));
                }
                if (read > 0 && firstCommitNanos < 0) {
                    firstCommitNanos = System.nanoTime() - startNanos;
                    firstCommitEvents = read;
                }
                if (System.nanoTime() - lastPrint > 5_000_000_000L && read != lastPrinted) {
                    System.out.printf(java.util.Locale.ROOT, "[bench]   %5.1f s: %,d events committed%n",
                            (System.nanoTime() - startNanos) / 1e9, read);
                    lastPrint = System.nanoTime();
                    lastPrinted = read;
                }
                if (read >= expected) {
                    return System.nanoTime() - startNanos;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("meterflow read " + read + " of " + expected + " events within " + timeout);
                }
                if (client.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    throw new IllegalStateException("the meterflow job ended (" + client.getJobStatus().get() + ") after "
                            + read + " of " + expected + " events");
                }
                Thread.sleep(100);
            }
        }
    }

    /** The job's completed checkpoints, from the cluster's REST checkpoint history. */
    java.util.List<SteadyWindow.Checkpoint> checkpoints(String restUrl) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(restUrl + "/jobs/" + jobId() + "/checkpoints")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.List<SteadyWindow.Checkpoint> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body()).path("history")) {
            if ("COMPLETED".equals(c.path("status").asText())) {
                out.add(new SteadyWindow.Checkpoint(c.path("id").asLong(), c.path("trigger_timestamp").asLong(),
                        c.path("latest_ack_timestamp").asLong()));
            }
        }
        return out;
    }

    long eventsRead(Connection c) throws SQLException {
        return counter(c, "", "events_read");
    }

    long counter(Connection c, String meter, String counter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(value), 0) FROM meterflow.counters WHERE generation = ? AND meter = ? AND counter = ?")) {
            s.setInt(1, generation);
            s.setString(2, meter);
            s.setString(3, counter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sum of a per-meter counter over all meters. */
    long counterAllMeters(Connection c, String counter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(value), 0) FROM meterflow.counters WHERE generation = ? AND meter <> '' AND counter = ?")) {
            s.setInt(1, generation);
            s.setString(2, counter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Row writes (inserts + updates) PostgreSQL recorded for usage_windows. */
    static long usageRowWrites(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables"
                        + " WHERE schemaname = 'meterflow' AND relname = 'usage_windows'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long usageRows(Connection c, int generation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM meterflow.usage_windows WHERE generation = ?")) {
            s.setInt(1, generation);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public void close() {
        try {
            if (!client.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                client.cancel().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the MiniCluster is already gone
        }
    }
}
