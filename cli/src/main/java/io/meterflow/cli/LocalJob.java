package io.meterflow.cli;

import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.SourceStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job on a Flink MiniCluster inside the launcher's JVM, with the web UI. Shared by {@code demo},
 * {@code run}, {@code replay} and {@code rebuild}.
 *
 * <p>Checkpoints of generation N live in {@code <checkpoint.dir>/g<N>/<jobId>/chk-*}; a start
 * resumes from the newest retained one there, so a killed run (even kill -9) continues exactly
 * once. A replay gives the source a new uid; the id is remembered in {@code g<N>/source-id} so
 * later runs keep restoring that source's offsets.
 */
final class LocalJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);
    static final String SOURCE_ID_FILE = "source-id";
    static final String PROMETHEUS_REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    static final int DEFAULT_PROMETHEUS_PORT = 9249;

    private final JobClient client;
    private final String webUrl;
    private final String prometheusUrl;
    private final JobOptions options;
    private final ConfigFile config;
    private final Optional<Path> restoredFrom;
    private final GenerationLock lock;
    private volatile boolean closed;
    private volatile JobStatus lastStatus = JobStatus.INITIALIZING;

    private LocalJob(JobClient client, String webUrl, String prometheusUrl, JobOptions options, ConfigFile config,
            Optional<Path> restoredFrom, GenerationLock lock) {
        this.client = client;
        this.webUrl = webUrl;
        this.prometheusUrl = prometheusUrl;
        this.options = options;
        this.config = config;
        this.restoredFrom = restoredFrom;
        this.lock = lock;
    }

    /** What kind of start: live (resume if possible), replay (new source uid), or a fresh generation. */
    record Start(JobOptions options, boolean resume, Path explicitCheckpoint, boolean requireState) {
        static Start live() {
            return new Start(JobOptions.live(), true, null, false);
        }
    }

    static LocalJob start(ConfigFile file, Start start) throws Exception {
        JobOptions prepared = MeterflowJob.prepare(file.config(), start.options());
        int generation = prepared.generation();
        // Held until this launcher ends (a kill -9 drops the connection, and the lock with it), so two
        // local runs never pick checkpoints of one generation at the same time.
        GenerationLock lock = GenerationLock.acquire(file.config(), generation);
        try {
            return start(file, start, prepared, lock);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    private static LocalJob start(ConfigFile file, Start start, JobOptions prepared, GenerationLock lock) throws Exception {
        int generation = prepared.generation();
        String root = checkpointRoot(file);
        String genDir = root.endsWith("/") ? root + "g" + generation : root + "/g" + generation;
        ConfigFile derived = file.derive(yaml -> ConfigFile.section(yaml, "checkpoint").put("dir", genDir));
        Optional<Path> local = Checkpoints.localPath(genDir);

        Optional<Path> restore = Optional.ofNullable(start.explicitCheckpoint());
        if (restore.isEmpty() && start.resume()) {
            if (local.isPresent()) {
                // The owner's newest checkpoint: a job fenced out by a newer one may have written later ones.
                restore = Checkpoints.latest(local.get(), lock.ownerJobId());
            } else {
                LOG.warn("Cannot look for retained checkpoints in {} (not a local path): starting without state;"
                        + " pass --from-checkpoint to resume", genDir);
            }
        }

        if (start.requireState() && restore.isEmpty()) {
            throw new CliException("no retained checkpoint of generation " + generation + " in " + genDir
                    + ": a replay needs the dedupe state of an earlier run (start with `meterflow run`, or use"
                    + " `meterflow rebuild` to recompute everything)");
        }
        JobOptions options = prepared;
        if (!prepared.isReplay() && local.isPresent()) { // a live start keeps the source an earlier replay left
            Path idFile = local.get().resolve(SOURCE_ID_FILE);
            if (restore.isPresent() && Files.isRegularFile(idFile)) {
                String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    options = prepared.withStart(new SourceStart.ResumeReplay(id));
                }
            }
        }

        Configuration conf = new Configuration();
        int port = freePort();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, port);
        conf.set(RestOptions.BIND_PORT, Integer.toString(port));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        // RocksDB's block cache must hold the dedupe state's index and filter blocks; the local
        // default (a few dozen MB per slot, shared with a 64 MB memtable) makes lookups stall once
        // the state grows (measured in the benchmark).
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("1g"));
        int prometheusPort = prometheusPort();
        conf.setString("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER);
        conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        if (restore.isPresent()) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.get().toUri().toString());
            LOG.info("Resuming generation {} from retained checkpoint {}", generation, restore.get());
        } else {
            LOG.info("Starting generation {} without state (no retained checkpoint in {})", generation, genDir);
        }
        if (prepared.start().rewinds()) {
            // The rewound source has a new uid: the old source's offsets are deliberately left behind.
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }

        if (local.isPresent()) {
            PrivateDirectories.create(local.get()); // 0700: checkpoints hold subjects and payloads
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        MeterflowJob.build(env, derived.config(), options);
        JobClient client = env.executeAsync(MeterflowJob.JOB_NAME + " (generation " + generation + ")");
        if (local.isPresent()) {
            Files.createDirectories(local.get());
            if (prepared.start().rewinds()) {
                Files.writeString(local.get().resolve(SOURCE_ID_FILE), prepared.start().replayId().orElseThrow() + "\n",
                        StandardCharsets.UTF_8);
            }
        }
        LocalJob job = new LocalJob(client, "http://127.0.0.1:" + port, "http://127.0.0.1:" + prometheusPort + "/metrics",
                options, derived, restore, lock);
        Runtime.getRuntime().addShutdownHook(new Thread(job::close, "meterflow-job-shutdown"));
        return job;
    }

    /** {@code checkpoint.dir}, or {@code ~/.meterflow/checkpoints/<groupId>} for local runs without one. */
    static String checkpointRoot(ConfigFile file) {
        String dir = file.config().checkpoint().dir();
        if (dir != null && !dir.isBlank()) {
            return dir;
        }
        Path fallback = Path.of(System.getProperty("user.home"), ".meterflow", "checkpoints", file.config().kafka().groupId());
        LOG.warn("checkpoint.dir is not set: using {} for this local run", fallback);
        return fallback.toUri().toString();
    }

    String jobId() {
        return client.getJobID().toString();
    }

    String webUrl() {
        return webUrl;
    }

    /** Where the MiniCluster's Prometheus reporter serves every metric (the job's in group "meterflow"). */
    String prometheusUrl() {
        return prometheusUrl;
    }

    int generation() {
        return options.generation();
    }

    ConfigFile config() {
        return config;
    }

    Optional<Path> restoredFrom() {
        return restoredFrom;
    }

    /** The job's status; once the embedded cluster is gone, the outcome its result reported. */
    JobStatus status() {
        try {
            JobStatus now = client.getJobStatus().get(10, TimeUnit.SECONDS);
            lastStatus = now;
            return now;
        } catch (Exception e) {
            return outcome().map(o -> o.status).orElse(lastStatus);
        }
    }

    /** How the job ended: status and, for a failure, the reason; empty while it runs. */
    private Optional<Outcome> outcome() {
        var result = client.getJobExecutionResult();
        if (!result.isDone()) {
            return Optional.empty();
        }
        try {
            result.get();
            return Optional.of(new Outcome(lastStatus == JobStatus.CANCELED ? JobStatus.CANCELED : JobStatus.FINISHED, null));
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (closed && ErrorMessages.find(cause, org.apache.flink.runtime.client.JobCancellationException.class) != null) {
                return Optional.of(new Outcome(JobStatus.CANCELED, null));
            }
            return Optional.of(new Outcome(JobStatus.FAILED, cause));
        }
    }

    private record Outcome(JobStatus status, Throwable failure) {}

    /**
     * Blocks until the job ends, logging restarts with their cause (Kafka or PostgreSQL down, ...).
     *
     * @throws CliException when the job failed (a refused start, a fenced job, a failure that outlived
     *     the restart strategy), with the reason in one line, so the launcher exits non-zero
     */
    void awaitTermination() throws InterruptedException {
        JobStatus last = null;
        while (!closed) {
            JobStatus now = status();
            if (now != last) {
                if (now == JobStatus.RESTARTING || now == JobStatus.FAILING) {
                    String cause = new io.meterflow.embedded.flink.FlinkRestClient(webUrl).rootCause(jobId())
                            .map(Services::firstLine).orElse("see " + webUrl);
                    LOG.warn("Job {} is {}: {}", jobId(), now, cause);
                } else if (last != null && now != JobStatus.FAILED) {
                    LOG.info("Job {} is {}", jobId(), now);
                }
                last = now;
            }
            if (now.isGloballyTerminalState()) {
                failIfFailed();
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** @throws CliException with the job's failure reason when it ended FAILED */
    void failIfFailed() throws InterruptedException {
        Optional<Outcome> outcome = outcome();
        for (int i = 0; outcome.isEmpty() && i < 50; i++) { // the result follows the terminal status closely
            Thread.sleep(100);
            outcome = outcome();
        }
        if (outcome.isPresent() && outcome.get().status == JobStatus.FAILED) {
            throw new CliException("job " + jobId() + " failed: " + failureReason(outcome.get().failure),
                    outcome.get().failure);
        }
    }

    /** The refusal meterflow raised, if that is why the job failed; else the root cause. */
    static String failureReason(Throwable failure) {
        for (Class<? extends Throwable> refusal : RefusalReason.REFUSALS) {
            Throwable t = ErrorMessages.find(failure, refusal);
            if (t != null) {
                return t.getMessage();
            }
        }
        Throwable root = ErrorMessages.rootCause(failure);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Cancels the job (its latest checkpoint is retained) and waits for the MiniCluster to stop. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!status().isGloballyTerminalState()) {
                client.cancel().get(60, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && !status().isGloballyTerminalState()) {
                    Thread.sleep(200);
                }
            }
        } catch (Exception e) {
            LOG.debug("Cancelling job {}: {}", jobId(), e.toString());
        } finally {
            lock.close();
        }
    }

    /**
     * Prometheus' usual port for Flink when it is free, so a scrape config keeps working; any free
     * port otherwise (a second local run, a test). Checked on all interfaces: the reporter binds
     * them all (it has no bind-address setting).
     */
    static int prometheusPort() {
        try (ServerSocket s = new ServerSocket(DEFAULT_PROMETHEUS_PORT)) {
            return s.getLocalPort();
        } catch (IOException e) {
            return freePort();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
