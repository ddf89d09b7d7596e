package io.meterflow.cli;

import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
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
import org.apache.flink.configuration.RestOptions;
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

    private final JobClient client;
    private final String webUrl;
    private final JobOptions options;
    private final ConfigFile config;
    private final Optional<Path> restoredFrom;
    private volatile boolean closed;

    private LocalJob(JobClient client, String webUrl, JobOptions options, ConfigFile config, Optional<Path> restoredFrom) {
        this.client = client;
        this.webUrl = webUrl;
        this.options = options;
        this.config = config;
        this.restoredFrom = restoredFrom;
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
        String root = checkpointRoot(file);
        String genDir = root.endsWith("/") ? root + "g" + generation : root + "/g" + generation;
        ConfigFile derived = file.derive(yaml -> ConfigFile.section(yaml, "checkpoint").put("dir", genDir));
        Optional<Path> local = Checkpoints.localPath(genDir);

        Optional<Path> restore = Optional.ofNullable(start.explicitCheckpoint());
        if (restore.isEmpty() && start.resume()) {
            if (local.isPresent()) {
                restore = Checkpoints.latest(local.get());
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
        if (!prepared.isReplay() && local.isPresent()) {
            Path idFile = local.get().resolve(SOURCE_ID_FILE);
            if (restore.isPresent() && Files.isRegularFile(idFile)) {
                String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
                options = new JobOptions(generation, null, null, id.isEmpty() ? null : id);
            }
        }

        Configuration conf = new Configuration();
        int port = freePort();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, port);
        conf.setString("rest.bind-port", Integer.toString(port));
        conf.setString("taskmanager.numberOfTaskSlots", "4");
        // RocksDB's block cache must hold the dedupe state's index and filter blocks; the local
        // default (a few dozen MB per slot, shared with a 64 MB memtable) makes lookups stall once
        // the state grows (measured in the benchmark).
        conf.setString("taskmanager.memory.managed.size", "1g");
        if (restore.isPresent()) {
            conf.setString("execution.state-recovery.path", restore.get().toUri().toString());
            LOG.info("Resuming generation {} from retained checkpoint {}", generation, restore.get());
        } else {
            LOG.info("Starting generation {} without state (no retained checkpoint in {})", generation, genDir);
        }
        if (prepared.isReplay()) {
            // The rewound source has a new uid: the old source's offsets are deliberately left behind.
            conf.setString("execution.state-recovery.ignore-unclaimed-state", "true");
        }

        if (local.isPresent()) {
            PrivateDirectories.create(local.get()); // 0700: checkpoints hold subjects and payloads
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        MeterflowJob.build(env, derived.config(), options);
        JobClient client = env.executeAsync(MeterflowJob.JOB_NAME + " (generation " + generation + ")");
        if (local.isPresent()) {
            Files.createDirectories(local.get());
            if (prepared.isReplay()) {
                Files.writeString(local.get().resolve(SOURCE_ID_FILE), prepared.replayId() + "\n", StandardCharsets.UTF_8);
            }
        }
        LocalJob job = new LocalJob(client, "http://127.0.0.1:" + port, options, derived, restore);
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

    int generation() {
        return options.generation();
    }

    ConfigFile config() {
        return config;
    }

    Optional<Path> restoredFrom() {
        return restoredFrom;
    }

    JobStatus status() {
        try {
            return client.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return JobStatus.FINISHED; // the MiniCluster is gone: the job has ended
        }
    }

    /** Blocks until the job ends, logging restarts with their cause (Kafka or PostgreSQL down, ...). */
    void awaitTermination() throws InterruptedException {
        JobStatus last = null;
        while (!closed) {
            JobStatus now = status();
            if (now != last) {
                if (now == JobStatus.RESTARTING || now == JobStatus.FAILING || now == JobStatus.FAILED) {
                    String cause = new io.meterflow.embedded.flink.FlinkRestClient(webUrl).rootCause(jobId())
                            .map(Services::firstLine).orElse("see " + webUrl);
                    LOG.warn("Job {} is {}: {}", jobId(), now, cause);
                } else if (last != null) {
                    LOG.info("Job {} is {}", jobId(), now);
                }
                last = now;
            }
            if (now.isGloballyTerminalState()) {
                return;
            }
            Thread.sleep(1000);
        }
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
