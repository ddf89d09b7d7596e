package io.meterflow.cli;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkRestException;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.SourceStart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code replay --flink URL --job ID}: stop the job with a savepoint, resubmit the JAR from it with
 * the rewound source (a new uid; only the old source's state is left behind), watch it catch up,
 * leave it running. When the resubmission fails after the stop, the savepoint is resumed with the
 * previous source, so the pipeline keeps running.
 */
final class ClusterReplay {
    private final ReplayCommand cmd;
    private final ConfigFile file;
    private final SourceStart start;
    private final String described;

    ClusterReplay(ReplayCommand cmd, ConfigFile file, SourceStart start, String described) {
        this.cmd = cmd;
        this.file = file;
        this.start = start;
        this.described = described;
    }

    int run() throws Exception {
        var c = file.config();
        PrintWriter out = cmd.spec.commandLine().getOut();
        SubmitCommand.checkSecrets(file, cmd.config, cmd.allowInlineSecrets);
        Path jar = SubmitCommand.jobJar(cmd.jar);
        try (FlinkRestClient rest = new FlinkRestClient(cmd.flink)) {
            Services.preflight(c);
            try (Admin admin = Services.kafkaAdmin(c); Connection db = Services.postgres(c)) {
                int generation = generationOf(db, cmd.job);
                // Two launchers replaying one generation would stop and resubmit each other's jobs: the
                // lock comes first, whatever state the other launcher's job is in.
                try (GenerationLock lock = GenerationLock.acquire(c, generation)) {
                    requireRunning(rest, cmd.flink, cmd.job);
                    SourceStart rewound = ReplayCommand.checked(file, start, admin, db, generation);
                    Optional<String> previousId = SourceLineage.replayId(db, generation);
                    JobOptions before = new JobOptions(generation, previousId
                            .<SourceStart>map(SourceStart.ResumeReplay::new).orElse(new SourceStart.Committed()));
                    JobOptions after = new JobOptions(generation, rewound);
                    int previousParallelism = flink(() -> rest.parallelism(cmd.job));
                    int parallelism = cmd.parallelism > 0 ? cmd.parallelism : previousParallelism;
                    // Refuse before touching the job: its latest checkpoint holds the operators its savepoint will.
                    Optional<String> checkpoint = flink(() -> rest.latestCompletedCheckpoint(cmd.job));
                    if (checkpoint.isPresent()) {
                        SavepointOperators.requireOnlySourceDropped(checkpoint.get(), c, before, after);
                    }
                    String jarId = flink(() -> rest.uploadJar(jar));

                    String savepoint = flink(() -> rest.stopWithSavepoint(cmd.job, cmd.savepointDir));
                    out.println("stopped job " + cmd.job + " (generation " + generation + ") with savepoint " + savepoint);
                    out.flush();
                    String replayJob;
                    try {
                        SavepointOperators.requireOnlySourceDropped(savepoint, c, before, after);
                        replayJob = flink(() -> rest.runJar(jarId, null, SubmitCommand.jobArgs(file, after), savepoint,
                                true, parallelism));
                        out.println("submitted replay job " + replayJob + " from " + described + " (replay id "
                                + rewound.replayId().orElseThrow() + ", restoring " + savepoint + ")");
                        ReplayCommand.printCompleted(out, start instanceof SourceStart.FromOffsets o ? o.offsets() : null,
                                rewound);
                        SubmitCommand.awaitStarted(rest, replayJob, out, cmd.waitSeconds);
                    } catch (CliException e) {
                        // As it ran before: the requested parallelism may be why the replay did not start.
                        throw resumed(rest, jarId, before, savepoint, previousParallelism, e);
                    }
                    // From its first checkpoint on, the job's state names the new source: later starts keep it.
                    SourceLineage.record(db, generation, rewound.replayId().orElseThrow(), described, replayJob);
                    out.println("  Flink UI  " + rest.baseUrl() + "/#/job/running/" + replayJob + "/overview");
                    out.flush();
                    Progress progress = new Progress(admin, db, c, MeterflowJob.consumerGroup(c, after), generation);
                    CatchUp.watch(out, CatchUp.of(rest, replayJob, generation), progress, false);
                    out.println("replay job " + replayJob + " keeps running on " + rest.baseUrl()
                            + "; stop it with ./meterflow stop --flink " + rest.baseUrl() + " --job " + replayJob);
                    out.println("new job id: " + replayJob);
                    out.flush();
                    return 0;
                }
            }
        }
    }

    /** Resubmits the savepoint with the source the job had, and says so with why the replay did not start. */
    private CliException resumed(FlinkRestClient rest, String jarId, JobOptions before, String savepoint, int parallelism,
            CliException why) {
        String again;
        try {
            // No allowNonRestoredState: the previous graph maps everything in its own savepoint.
            again = rest.runJar(jarId, null, SubmitCommand.jobArgs(file, before), savepoint, false, parallelism);
        } catch (FlinkRestException e) {
            return new CliException("replay not started (" + why.getMessage() + ") and resuming the previous job from "
                    + savepoint + " failed too (" + Services.firstLine(e.getMessage()) + "): resume it with ./meterflow"
                    + " submit --config " + cmd.config + " --flink " + cmd.flink + " --savepoint " + savepoint, e);
        }
        return new CliException("replay not started: " + why.getMessage() + "; the job was resumed from savepoint "
                + savepoint + " with its previous source as job " + again + " (nothing replayed)", why);
    }

    /** @throws CliException in one line: unreachable Flink, an unknown job id, a job that is not RUNNING */
    static void requireRunning(FlinkRestClient rest, String url, String jobId) {
        String status;
        try {
            status = rest.jobStatus(jobId);
        } catch (FlinkRestException e) {
            if (SubmitCommand.unreachable(e)) {
                throw new CliException("cannot reach Flink at " + url + " (" + Services.firstLine(e.getMessage()) + ")", e);
            }
            if (e.statusCode() == 404) {
                throw new CliException("Flink at " + url + " has no job " + jobId + " (see its web UI for the job ids)", e);
            }
            throw new CliException(SubmitCommand.flinkError(e, url), e);
        }
        if (!"RUNNING".equals(status)) {
            throw new CliException("job " + jobId + " on " + url + " is " + status + ", not RUNNING: resume it with"
                    + " ./meterflow submit --savepoint first");
        }
    }

    /** The generation the job owns (meterflow.pipeline_owner), else the active one. */
    static int generationOf(Connection db, String jobId) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT generation FROM meterflow.pipeline_owner WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
        }
        return ReplayCommand.activeGeneration(db);
    }

    interface FlinkCall<T> {
        T call() throws FlinkRestException;
    }

    /** A REST call whose failure becomes one clear line. */
    private <T> T flink(FlinkCall<T> call) {
        try {
            return call.call();
        } catch (FlinkRestException e) {
            throw new CliException(SubmitCommand.flinkError(e, cmd.flink), e);
        }
    }
}
