package io.meterflow.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real session cluster (separate JobManager and TaskManager JVMs) once and drives it the
 * way {@code ./meterflow submit} and the end-to-end tests will: REST upload and run, checkpoints,
 * stop-with-savepoint, restore, cancel, and a TaskManager killed and replaced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkSessionClusterTest {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionClusterTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir static Path tmp;
    static FlinkSessionCluster cluster;
    static FlinkRestClient rest;
    static Path tinyJar;
    static int[] promPorts;

    @BeforeAll
    static void startCluster() throws IOException {
        long t0 = System.nanoTime();
        promPorts = new int[] {FlinkSessionCluster.freePort(), FlinkSessionCluster.freePort()};
        while (promPorts[1] == promPorts[0]) {
            promPorts[1] = FlinkSessionCluster.freePort();
        }
        // The Prometheus reporter as flink-conf/config.yaml enables it; one port per JVM (JM and TM race for the first).
        cluster = FlinkSessionCluster.start(tmp.resolve("flink"), 1, 2, Map.of(
                "metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "metrics.reporter.prom.port", promPorts[0] + "," + promPorts[1]));
        LOG.info("Cluster started in {} ms; JM RSS {} MB, TM RSS {} MB", (System.nanoTime() - t0) / 1_000_000,
                rssMb(cluster.jobManagerPid()), rssMb(cluster.taskManagerPids().get(0)));
        rest = new FlinkRestClient(cluster.restUrl());
        tinyJar = jarOf(TinyJob.class, tmp.resolve("tiny-job.jar"));
    }

    @AfterAll
    static void stopCluster() {
        if (rest != null) {
            rest.close();
        }
        if (cluster != null) {
            List<Long> pids = cluster.taskManagerPids();
            long jm = cluster.jobManagerPid();
            cluster.close();
            // close() must leave no JVM of ours behind
            assertThat(ProcessHandle.of(jm).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            pids.forEach(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true)));
        }
    }

    @Test
    @Order(0)
    void jobManagerAndTaskManagerServePrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String both = "";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!(both.contains("\nflink_jobmanager_numRegisteredTaskManagers") && both.contains("\nflink_taskmanager_"))
                && System.nanoTime() < deadline) {
            StringBuilder b = new StringBuilder();
            for (int port : promPorts) {
                try {
                    b.append(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
                } catch (IOException e) {
                    LOG.info("Prometheus reporter on port {} not up yet: {}", port, e.toString());
                }
            }
            both = b.toString();
            Thread.sleep(500);
        }
        assertThat(both).as("the JobManager's and the TaskManager's reporter (ports %s)", java.util.Arrays.toString(promPorts))
                .contains("\nflink_jobmanager_numRegisteredTaskManagers").contains("\nflink_taskmanager_");
    }

    @Test
    @Order(1)
    void clusterIsUpWithOneTaskManagerAndTwoSlots() throws IOException {
        JsonNode overview = rest.overview();
        assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
        assertThat(overview.path("flink-version").asText()).isEqualTo("2.2.0");
        assertThat(cluster.restUrl()).startsWith("http://127.0.0.1:");
        assertThat(cluster.taskManagerPids()).hasSize(1);
        assertThat(Files.readString(cluster.workDir().resolve("conf/config.yaml"))).contains("state.backend.type: 'rocksdb'");
    }

    @Test
    @Order(2)
    void boundedJobUploadedOverRestRunsToFinished() throws IOException {
        long t0 = System.nanoTime();
        String jarId = rest.uploadJar(tinyJar);
        long uploaded = System.nanoTime();
        String jobId = rest.runJar(jarId, null, List.of(), null, false, 2);
        assertThat(rest.awaitJobStatus(jobId, Set.of("FINISHED"), TIMEOUT)).isEqualTo("FINISHED");
        LOG.info("Bounded job: upload {} ms, run to FINISHED {} ms", (uploaded - t0) / 1_000_000, (System.nanoTime() - uploaded) / 1_000_000);
    }

    @Test
    @Order(3)
    void checkpointsStopWithSavepointRestoreAndCancelKeepsCheckpoints() throws Exception {
        String jarId = rest.uploadJar(tinyJar);
        String jobId = rest.runJar(jarId, TinyJob.class.getName(), List.of("unbounded"), null, false, 1);
        rest.awaitJobStatus(jobId, Set.of("RUNNING"), TIMEOUT);
        String checkpoint = awaitCheckpoint(jobId);
        assertThat(checkpoint).contains(cluster.checkpointDir().toString());
        LOG.info("TM RSS with a running RocksDB job: {} MB", rssMb(cluster.taskManagerPids().get(0)));
        // The cluster's state.backend.type applies to a job that sets none.
        assertThat(Files.readString(cluster.workDir().resolve("log/taskmanager-tm-0.log")))
                .contains("loads the state backend as EmbeddedRocksDBStateBackend");

        String savepoint = rest.stopWithSavepoint(jobId, null);
        assertThat(Path.of(URI.create(savepoint))).startsWith(cluster.savepointDir()).isDirectory();
        assertThat(rest.jobStatus(jobId)).isEqualTo("FINISHED");

        String restored = rest.runJar(jarId, TinyJob.class.getName(), List.of("unbounded"), savepoint, false, 1);
        rest.awaitJobStatus(restored, Set.of("RUNNING"), TIMEOUT);
        String restoredCheckpoint = awaitCheckpoint(restored);
        rest.cancel(restored);
        rest.awaitJobStatus(restored, Set.of("CANCELED"), TIMEOUT);
        // RETAIN_ON_CANCELLATION: the externalized checkpoint survives the cancel.
        assertThat(Path.of(URI.create(restoredCheckpoint)).resolve("_metadata")).exists();
    }

    @Test
    @Order(4)
    void killedTaskManagerIsReplacedAndTheRunningJobRecoversFromItsCheckpoint() throws Exception {
        String jobId = rest.runJar(rest.uploadJar(tinyJar), TinyJob.class.getName(), List.of("unbounded"), null, false, 1);
        rest.awaitJobStatus(jobId, Set.of("RUNNING"), TIMEOUT);
        String before = awaitCheckpoint(jobId);

        long killed = cluster.taskManagerPids().get(0);
        cluster.killTaskManager(0);
        assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(cluster.taskManagerPids()).isEmpty();

        long t0 = System.nanoTime();
        cluster.startTaskManager();
        LOG.info("Replacement TaskManager registered in {} ms", (System.nanoTime() - t0) / 1_000_000);
        assertThat(cluster.taskManagerPids()).hasSize(1).doesNotContain(killed);

        // The job restarts on the new TaskManager from its last checkpoint and checkpoints again.
        long t1 = System.nanoTime();
        String after = before;
        while (after.equals(before) && System.nanoTime() - t1 < TIMEOUT.toNanos()) {
            Thread.sleep(200);
            after = rest.latestCompletedCheckpoint(jobId).orElse(before);
        }
        assertThat(after).as("a checkpoint after the failover").isNotEqualTo(before);
        assertThat(rest.jobStatus(jobId)).isEqualTo("RUNNING");
        LOG.info("Job checkpointed again {} ms after the replacement TaskManager registered", (System.nanoTime() - t1) / 1_000_000);
        rest.cancel(jobId);
        rest.awaitJobStatus(jobId, Set.of("CANCELED"), TIMEOUT);
    }

    @Test
    @Order(5)
    void restErrorsAreOneLine() throws IOException {
        assertThatThrownBy(() -> rest.jobStatus("00000000000000000000000000000000"))
                .isInstanceOf(FlinkRestException.class)
                .hasMessageContaining("HTTP 404")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> rest.runJar("no-such.jar", null, List.of(), null, false, 1))
                .isInstanceOf(FlinkRestException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Flink REST at " + cluster.restUrl()).doesNotContain("\n"));
        String closed = "http://127.0.0.1:" + FlinkSessionCluster.freePort();
        try (FlinkRestClient nobody = new FlinkRestClient(closed)) {
            assertThatThrownBy(nobody::overview)
                    .isInstanceOf(FlinkRestException.class)
                    .hasMessageStartingWith("Flink REST at " + closed + " unreachable");
            // Through Flink's RestClusterClient too, in seconds (a CLI must not retry for a minute).
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> nobody.jobStatus("00000000000000000000000000000000"))
                    .isInstanceOf(FlinkRestException.class)
                    .hasMessageStartingWith("Flink REST at " + closed + " unreachable")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(20));
        }
        assertThatThrownBy(() -> rest.jobStatus("not-a-job-id"))
                .isInstanceOf(FlinkRestException.class)
                .hasMessageContaining("Not a Flink job id");
        try {
            rest.runJar("no-such.jar", null, List.of(), null, false, 1);
        } catch (FlinkRestException e) {
            LOG.info("Example error message: {}", e.getMessage());
        }
    }

    private static String awaitCheckpoint(String jobId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> cp = rest.latestCompletedCheckpoint(jobId);
            if (cp.isPresent()) {
                return cp.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no completed checkpoint for job " + jobId);
    }

    /** A JAR of {@code main} and its nested classes, Main-Class set: a job JAR without a build. */
    static Path jarOf(Class<?> main, Path target) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        Path classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().getPath());
        String packageDir = main.getPackageName().replace('.', '/');
        try (OutputStream out = Files.newOutputStream(target);
                JarOutputStream jar = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.list(classes.resolve(packageDir))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(main.getSimpleName())).toList()) {
                jar.putNextEntry(new JarEntry(packageDir + "/" + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return target;
    }

    /** Resident set size from /proc (Linux), -1 elsewhere. */
    static long rssMb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }
}
