package io.meterflow.cli;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkRestException;
import io.meterflow.job.JobOptions;
import io.meterflow.job.SourceStart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Uploads the shaded job JAR to a Flink cluster and runs it there. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Submit the job JAR to a Flink cluster (REST API); prints the job id and UI link.",
            "",
            "Uploads the job JAR (job/target/meterflow-job-*-flink-job.jar) to a Flink cluster through its REST API"
                    + " and runs it with the config inline (--config-base64). Prints the job id and the web UI link.",
            "The config travels in the job's program arguments, which Flink shows in its UI: secrets must come from"
                    + " the cluster (postgres.passwordEnv or passwordFile, Kafka values $${env:NAME}), not the file."
        })
final class SubmitCommand implements Callable<Integer> {
    static final String JAR_NAME = "meterflow-job-0.1.0-flink-job.jar";

    @Mixin
    ConfigFileOption config;

    @Option(names = "--flink", required = true, paramLabel = "URL", description = "Flink REST URL, e.g. http://jobmanager:8081.")
    String flink;

    @Option(names = "--savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained checkpoint.")
    String savepoint;

    @Option(names = "--allow-non-restored-state", description = "With --savepoint: skip state of operators that no longer exist.")
    boolean allowNonRestored;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: job.parallelism or the cluster's).")
    int parallelism;

    @Option(names = "--generation", paramLabel = "N", description = "Usage generation to write (default: the active one).")
    int generation;

    @Option(names = "--jar", paramLabel = "FILE", description = "The job JAR (default: job/target/" + JAR_NAME + ").")
    Path jar;

    @Option(names = "--allow-inline-secrets",
            description = "Submit even though the config holds a literal Kafka secret (it will be visible in Flink's UI).")
    boolean allowInlineSecrets;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "Wait up to this long for the job to start (first checkpoint) or fail; 0 returns at once (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        checkSecrets(file, config, allowInlineSecrets);
        Path jobJar = jobJar(jar);
        try (FlinkRestClient rest = new FlinkRestClient(flink)) {
            JobOptions options = JobOptions.live().withGeneration(Math.max(generation, 0));
            if (savepoint != null) {
                options = withRecordedSource(file, options, spec.commandLine().getErr());
            }
            List<String> args = jobArgs(file, options);
            String jobId;
            try {
                rest.overview();
                String jarId = rest.uploadJar(jobJar);
                jobId = rest.runJar(jarId, null, args, savepoint, allowNonRestored, parallelism);
            } catch (FlinkRestException e) {
                throw new CliException(flinkError(e, flink), e);
            }
            var out = spec.commandLine().getOut();
            out.println("submitted meterflow job " + jobId + " to " + rest.baseUrl()
                    + (savepoint == null ? "" : " (restoring " + savepoint + ")"));
            out.println("  Flink UI  " + rest.baseUrl() + "/#/job/running/" + jobId + "/overview");
            out.println("  stop with ./meterflow stop --flink " + rest.baseUrl() + " --job " + jobId);
            out.flush();
            awaitStarted(rest, jobId, out, waitSeconds);
        }
        return 0;
    }

    /**
     * A resume keeps the source an earlier replay gave the generation (its uid holds the offsets in
     * the savepoint). Found in PostgreSQL; when the launcher cannot reach it, the live source is
     * assumed and Flink refuses a savepoint whose source state it does not map.
     */
    private static JobOptions withRecordedSource(ConfigFile file, JobOptions options, java.io.PrintWriter err) {
        try (java.sql.Connection db = Services.postgres(file.config())) {
            int g = options.generation() > 0 ? options.generation() : activeGeneration(db);
            return SourceLineage.replayId(db, g)
                    .map(id -> options.withStart(new SourceStart.ResumeReplay(id)))
                    .orElse(options);
        } catch (CliException | java.sql.SQLException e) {
            err.println("warning: cannot look up the generation's source in PostgreSQL (" + Services.firstLine(e.getMessage())
                    + "); submitting with the live source");
            err.flush();
            return options;
        }
    }

    static int activeGeneration(java.sql.Connection db) throws java.sql.SQLException {
        try (var st = db.createStatement(); var rs = st.executeQuery("SELECT generation FROM meterflow.active_generation")) {
            if (!rs.next()) {
                throw new CliException("no active generation in PostgreSQL: start with `meterflow run` or `meterflow submit`");
            }
            return rs.getInt(1);
        }
    }

    /** Refuses configs whose secrets would travel in the job's arguments. */
    static void checkSecrets(ConfigFile file, Object config, boolean allowInlineSecrets) {
        List<String> secrets = ConfigFile.inlineSecrets(file.yaml());
        if (secrets.contains("postgres.password")) {
            // Never put into the job graph, an inline password cannot reach the cluster's TaskManagers.
            throw new CliException("config " + config + " has postgres.password written inline; a cluster's TaskManagers"
                    + " resolve the password themselves: use postgres.passwordEnv (an environment variable set on the"
                    + " TaskManagers and JobManager) or postgres.passwordFile (a file readable there)");
        }
        if (!secrets.isEmpty() && !allowInlineSecrets) {
            throw new CliException("config " + config + " holds a literal secret (" + String.join(", ", secrets)
                    + "); submitted configs are visible in Flink's job parameters and UI: use ${env:NAME} or"
                    + " ${file:PATH:KEY} values (resolved by the Kafka clients on the TaskManagers) or pass --allow-inline-secrets");
        }
    }

    static Path jobJar(Path jar) {
        Path jobJar = jar != null ? jar : defaultJar();
        if (!Files.isRegularFile(jobJar)) {
            throw new CliException("job JAR " + jobJar + " not found; build it with: mvn -B -DskipTests -pl job -am package");
        }
        return jobJar;
    }

    /** The job JAR's program arguments for this config and start (see JobArguments). */
    static List<String> jobArgs(ConfigFile file, JobOptions options) {
        List<String> args = new ArrayList<>(List.of("--config-base64",
                Base64.getEncoder().encodeToString(file.yaml().getBytes(StandardCharsets.UTF_8))));
        if (options.generation() > 0) {
            args.addAll(List.of("--generation", Integer.toString(options.generation())));
        }
        SourceStart start = options.start();
        start.replayId().ifPresent(id -> args.addAll(List.of("--replay-id", id)));
        if (start instanceof SourceStart.FromTime t) {
            args.addAll(List.of("--replay-from", t.time().toString()));
        } else if (start instanceof SourceStart.FromOffsets o) {
            args.addAll(List.of("--replay-offsets", o.offsets().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(java.util.stream.Collectors.joining(","))));
        }
        return args;
    }

    /**
     * Waits until the job has started (its first checkpoint completed) or failed: a refused start
     * (stale or foreign state, a second job on a generation) fails at once, and then this command
     * fails with the reason, so a supervisor sees it.
     *
     * @return true once a checkpoint completed, false when the wait ran out first
     */
    static boolean awaitStarted(FlinkRestClient rest, String jobId, java.io.PrintWriter out, int waitSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(waitSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            String status;
            try {
                status = rest.jobStatus(jobId);
                if ("RUNNING".equals(status) && rest.latestCompletedCheckpoint(jobId).isPresent()) {
                    out.println("job " + jobId + " is running (first checkpoint completed)");
                    out.flush();
                    return true;
                }
            } catch (FlinkRestException e) {
                status = "UNKNOWN";
            }
            if (FlinkRestClient.TERMINAL_STATES.contains(status)) {
                String reason = rest.failureTrace(jobId).map(RefusalReason::of).orElse("see " + rest.baseUrl());
                throw new CliException("job " + jobId + " ended " + status + ": " + reason);
            }
            Thread.sleep(500);
        }
        out.println("job " + jobId + " has not completed a checkpoint within " + waitSeconds + " s; watch it in the Flink UI");
        out.flush();
        return false;
    }

    static String flinkError(FlinkRestException e, String flink) {
        return unreachable(e) ? "cannot reach Flink at " + flink + " (" + Services.firstLine(e.getMessage()) + ")"
                : "Flink at " + flink + ": " + Services.firstLine(e.getMessage());
    }

    /** Connection-level failures (nothing listening, timeouts, unknown host), as opposed to Flink answering with an error. */
    static boolean unreachable(FlinkRestException e) {
        Throwable root = ErrorMessages.rootCause(e);
        return (root != e && e.statusCode() <= 0
                        && (root instanceof java.io.IOException || root instanceof java.nio.channels.UnresolvedAddressException))
                || String.valueOf(e.getMessage()).contains("unreachable");
    }

    static Path defaultJar() {
        String home = System.getProperty("meterflow.home", ".");
        return Path.of(home, "job", "target", JAR_NAME);
    }
}
