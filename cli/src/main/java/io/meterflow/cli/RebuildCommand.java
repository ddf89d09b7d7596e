package io.meterflow.cli;

import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Recomputes all usage from the earliest retained offsets into a fresh generation, then switches to it. */
@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Recompute all usage from the earliest offsets into a new generation, then switch to it.",
            "",
            "Recomputes everything from the earliest retained Kafka offsets into a new generation of the usage"
                    + " tables (fresh state, checkpoints in checkpoint.dir/g<N>), shows progress until caught up, then"
                    + " switches query_usage to it in one UPDATE. The old generation is kept until"
                    + " `rebuild --drop-generation N`.",
            "Before the switch it prints how the new generation differs from the active one per meter and month,"
                    + " and refuses to switch when Kafka's retention removed records of the active generation's"
                    + " history (the new generation would lack them) unless --accept-loss is given.",
            "After the switch, restart `meterflow run`: it resumes generation N from where the rebuild stopped"
                    + " (or pass --keep-running to continue here).",
            "With --flink URL the new generation runs as a second job on the cluster beside the live one; once"
                    + " activated, the live job is stopped with a savepoint and the rebuild job runs on."
        })
final class RebuildCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Option(names = "--generation", paramLabel = "N",
            description = "Continue an interrupted rebuild of generation N (resumes from its checkpoints).")
    int generation;

    @Option(names = "--no-activate", description = "Build the generation but leave the active one as it is.")
    boolean noActivate;

    @Option(names = "--accept-loss",
            description = "Activate even though Kafka no longer holds the start of the active generation's history"
                    + " (retention removed it): the new generation lacks that usage.")
    boolean acceptLoss;

    @Option(names = "--keep-running", description = "After the switch, keep running as the live job of the new generation.")
    boolean keepRunning;

    @Option(names = "--drop-generation", paramLabel = "N",
            description = "Instead of rebuilding: delete generation N (not the active one) and exit.")
    int dropGeneration;

    @Option(names = "--flink", paramLabel = "URL",
            description = "Rebuild on this Flink cluster (REST URL): the new generation runs as a second job beside the"
                    + " live one; once it is caught up and activated, the live job (--job, or the active generation's"
                    + " owner) is stopped with a savepoint and the new job runs on as the live one.")
    String flink;

    @Option(names = "--job", paramLabel = "ID", description = "With --flink: the live job of the active generation"
            + " (default: the job that owns it in meterflow.pipeline_owner).")
    String job;

    @Option(names = "--jar", paramLabel = "FILE", description = "With --flink: the job JAR (default: job/target/"
            + SubmitCommand.JAR_NAME + ").")
    java.nio.file.Path jar;

    @Option(names = "--parallelism", paramLabel = "N", description = "With --flink: parallelism of the rebuild job.")
    int parallelism;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "With --flink: where to write the live job's savepoint (default: the cluster's savepoint dir).")
    String savepointDir;

    @Option(names = "--allow-inline-secrets",
            description = "With --flink: submit even though the config holds a literal Kafka secret.")
    boolean allowInlineSecrets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        PrintWriter out = spec.commandLine().getOut();
        if (dropGeneration > 0) {
            try (Connection db = Services.postgres(file.config())) {
                long rows = scalarLong(db, "SELECT meterflow.drop_generation(?)", dropGeneration);
                out.println("dropped generation " + dropGeneration + " (" + rows + " rows deleted)");
                return 0;
            } catch (SQLException e) {
                throw new CliException("dropping generation " + dropGeneration + " failed: " + Services.firstLine(e.getMessage()), e);
            }
        }
        if (flink != null) {
            ClusterRebuild.precheck(this, file);
        } else if (job != null) {
            throw new CliException("--job needs --flink URL (a local rebuild runs beside the local job)");
        }
        Services.preflight(file.config());
        MeterflowJob.prepare(file.config(), JobOptions.live()); // migrations: create_generation must exist
        try (Connection db = Services.postgres(file.config())) {
            int active = (int) scalarLong(db, "SELECT generation FROM meterflow.active_generation", null);
            // Checked before a generation is created: nothing half-done when the live job is not there.
            String liveJob = flink != null ? ClusterRebuild.liveJob(this, db, active) : null;
            int target = generation > 0 ? generation
                    : (int) scalarLong(db, "SELECT meterflow.create_generation(?)", "rebuild by ./meterflow at " + Instant.now());
            if (target == active) {
                throw new CliException("generation " + target + " is the active one: a rebuild writes a new generation");
            }
            // Own consumer group: its committed offsets measure the rebuild's progress, not the live job's.
            ConfigFile rebuild = file.derive(root -> {
                var kafka = ConfigFile.section(root, "kafka");
                kafka.put("groupId", file.config().kafka().groupId() + "-g" + target);
                kafka.put("startingOffsets", "earliest");
            });
            out.println("rebuilding generation " + target + " from the earliest offsets of " + file.config().kafka().topic()
                    + " (active generation: " + active + ")");
            try (Admin admin = Services.kafkaAdmin(file.config())) {
                Optional<String> loss = RebuildCheck.lostHistory(RebuildCheck.heads(admin, file.config()),
                        RebuildCheck.oldestWindow(db, active), file.config().kafka().topic());
                loss.ifPresent(reason -> out.println("warning: " + reason + "; the rebuilt generation will lack that"
                        + " usage" + (acceptLoss || noActivate ? "" : " and is not activated without --accept-loss")));
            }
            out.flush();
            if (flink != null) {
                return new ClusterRebuild(this, file, rebuild, active, target).run(db, liveJob);
            }
            LocalJob.Start start = new LocalJob.Start(JobOptions.live().withGeneration(target), generation > 0, null, false);
            try (LocalJob job = LocalJob.start(rebuild, start); Admin admin = Services.kafkaAdmin(file.config())) {
                JobBanner.print(out, job, rebuild);
                CatchUp.watch(out, job, new Progress(admin, db, rebuild.config(), target), true);
                boolean activated = compareAndActivate(out, db, admin, file, active, target);
                if (keepRunning) {
                    out.println("running on as the live job of generation " + target + " (Ctrl-C stops it)");
                    out.flush();
                    job.awaitTermination();
                } else if (activated) {
                    out.println("stop any running `meterflow run` of generation " + active + " and start it again: it"
                            + " resumes generation " + target + " from the rebuild's last checkpoint");
                }
                out.flush();
            }
        }
        return 0;
    }

    /**
     * Prints the difference per meter and month, then activates {@code target} unless told not to
     * or Kafka's retention removed history of the active generation.
     *
     * @return true when {@code target} was activated
     */
    boolean compareAndActivate(PrintWriter out, Connection db, Admin admin, ConfigFile file, int active, int target)
            throws Exception {
        long oldRead = counter(db, active);
        long newRead = counter(db, target);
        List<RebuildCheck.Difference> diff = RebuildCheck.differences(
                RebuildCheck.monthTotals(db, active), RebuildCheck.monthTotals(db, target));
        if (diff.isEmpty()) {
            out.println("no difference per meter and month between generation " + active + " (active) and "
                    + target + " (rebuilt)");
        } else {
            out.println("difference per meter and month (UTC), generation " + active + " (active) -> " + target
                    + " (rebuilt):");
            diff.forEach(d -> out.println(d.describe()));
        }
        // Retention may have moved on while the rebuild ran: decide on what Kafka holds now.
        Optional<String> loss = RebuildCheck.lostHistory(RebuildCheck.heads(admin, file.config()),
                RebuildCheck.oldestWindow(db, active), file.config().kafka().topic());
        if (!noActivate && loss.isPresent() && !acceptLoss) {
            out.flush();
            throw new CliException("not activating generation " + target + ": " + loss.get() + ". Generation "
                    + target + " is built (events read " + newRead + "; active generation " + active + " has "
                    + oldRead + "; the difference is printed above). To activate it anyway: ./meterflow rebuild -c "
                    + config + " --generation " + target + " --accept-loss");
        }
        if (noActivate) {
            out.println("generation " + target + " is built (events read " + newRead + "; active generation " + active
                    + " has " + oldRead + "); activate it with: SELECT meterflow.activate_generation(" + target + ");");
            out.flush();
            return false;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT meterflow.activate_generation(?)")) {
            ps.setInt(1, target);
            ps.execute();
        }
        out.println("switched: generation " + target + " is active (events read " + newRead
                + "; previous generation " + active + " read " + oldRead + ", kept until"
                + " `./meterflow rebuild -c " + config + " --drop-generation " + active + "`)");
        out.flush();
        return true;
    }

    private static long counter(Connection db, int generation) throws SQLException {
        return scalarLong(db, "SELECT coalesce(sum(value), 0) FROM meterflow.counters WHERE generation = ?"
                + " AND meter = '' AND counter = 'events_read'", generation);
    }

    private static long scalarLong(Connection db, String sql, Object param) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            if (param != null) {
                ps.setObject(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CliException("no result from: " + sql);
                }
                return rs.getLong(1);
            }
        }
    }
}
