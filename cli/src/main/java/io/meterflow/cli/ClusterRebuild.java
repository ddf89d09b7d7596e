package io.meterflow.cli;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkRestException;
import io.meterflow.job.JobOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code rebuild --flink URL}: the new generation runs as a second job on the cluster beside the
 * live one; once caught up it is activated ({@code meterflow.activate_generation}) and the live
 * job is stopped with a savepoint, leaving the rebuild job as the live job of the new generation.
 */
final class ClusterRebuild {
    private final RebuildCommand cmd;
    private final ConfigFile file;
    private final ConfigFile rebuild;
    private final int active;
    private final int target;

    ClusterRebuild(RebuildCommand cmd, ConfigFile file, ConfigFile rebuild, int active, int target) {
        this.cmd = cmd;
        this.file = file;
        this.rebuild = rebuild;
        this.active = active;
        this.target = target;
    }

    /** What can be refused before anything is created: secrets, the JAR, Flink, an explicit --job. */
    static void precheck(RebuildCommand cmd, ConfigFile file) {
        SubmitCommand.checkSecrets(file, cmd.config, cmd.allowInlineSecrets);
        SubmitCommand.jobJar(cmd.jar);
        try (FlinkRestClient rest = new FlinkRestClient(cmd.flink)) {
            if (cmd.job != null) {
                ClusterReplay.requireRunning(rest, cmd.flink, cmd.job);
            } else {
                try {
                    rest.overview();
                } catch (FlinkRestException e) {
                    throw new CliException(SubmitCommand.flinkError(e, cmd.flink), e);
                }
            }
        }
    }

    /** The running live job of the active generation: --job, or the generation's owner. */
    static String liveJob(RebuildCommand cmd, Connection db, int active) throws SQLException {
        String id = cmd.job;
        if (id == null) {
            id = owner(db, active).orElseThrow(() -> new CliException("no Flink job owns the active generation " + active
                    + " (meterflow.pipeline_owner): give the live job with --job ID"));
        }
        try (FlinkRestClient rest = new FlinkRestClient(cmd.flink)) {
            ClusterReplay.requireRunning(rest, cmd.flink, id);
        }
        return id;
    }

    static Optional<String> owner(Connection db, int generation) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT job_id FROM meterflow.pipeline_owner WHERE generation = ? AND job_id <> ''")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    int run(Connection db, String liveJob) throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        Path jar = SubmitCommand.jobJar(cmd.jar);
        try (FlinkRestClient rest = new FlinkRestClient(cmd.flink);
                GenerationLock lock = GenerationLock.acquire(file.config(), target);
                Admin admin = Services.kafkaAdmin(file.config())) {
            String rebuildJob = cmd.generation > 0 ? owner(db, target).filter(j -> running(rest, j)).orElse(null) : null;
            if (rebuildJob != null) {
                out.println("generation " + target + " is being built by job " + rebuildJob + " on " + rest.baseUrl()
                        + ": watching it");
            } else {
                String jarId = flink(() -> rest.uploadJar(jar));
                JobOptions options = JobOptions.live().withGeneration(target);
                // Resuming an interrupted rebuild job would need its savepoint: Flink has it, not the launcher.
                String submitted = flink(() -> rest.runJar(jarId, null, SubmitCommand.jobArgs(rebuild, options), null, false,
                        cmd.parallelism));
                rebuildJob = submitted;
                out.println("submitted rebuild job " + rebuildJob + " (generation " + target + ") beside the live job "
                        + liveJob + " (generation " + active + ")");
                out.println("  Flink UI  " + rest.baseUrl() + "/#/job/running/" + rebuildJob + "/overview");
                out.flush();
                SubmitCommand.awaitStarted(rest, rebuildJob, out, 120);
            }
            CatchUp.watch(out, CatchUp.of(rest, rebuildJob, target), new Progress(admin, db, rebuild.config(), target), true);
            boolean activated;
            try {
                activated = cmd.compareAndActivate(out, db, admin, file, active, target);
            } catch (CliException e) {
                throw new CliException(e.getMessage() + " (the rebuild job " + rebuildJob + " keeps generation " + target
                        + " up to date meanwhile; the live job " + liveJob + " runs on)", e);
            }
            if (!activated) {
                out.println("rebuild job " + rebuildJob + " keeps generation " + target + " up to date; the live job "
                        + liveJob + " runs on");
                out.flush();
                return 0;
            }
            String savepoint;
            try {
                savepoint = rest.stopWithSavepoint(liveJob, cmd.savepointDir);
            } catch (FlinkRestException e) {
                throw new CliException("generation " + target + " is active, but stopping the previous live job " + liveJob
                        + " failed (" + Services.firstLine(e.getMessage()) + "): stop it with ./meterflow stop --flink "
                        + cmd.flink + " --job " + liveJob + " (it only writes generation " + active + ")", e);
            }
            out.println("stopped the previous live job " + liveJob + " (generation " + active + ") with savepoint " + savepoint);
            out.println("job " + rebuildJob + " is the live job of generation " + target + " on " + rest.baseUrl());
            out.println("new job id: " + rebuildJob);
            out.flush();
            return 0;
        }
    }

    private static boolean running(FlinkRestClient rest, String jobId) {
        try {
            return "RUNNING".equals(rest.jobStatus(jobId));
        } catch (FlinkRestException e) {
            return false;
        }
    }

    private <T> T flink(ClusterReplay.FlinkCall<T> call) {
        try {
            return call.call();
        } catch (FlinkRestException e) {
            throw new CliException(SubmitCommand.flinkError(e, cmd.flink), e);
        }
    }
}
