package io.meterflow.cli;

import io.meterflow.config.Durations;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.SourceStart;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Rewinds the source while keeping dedupe state: missed events get counted, counted ones are skipped. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Rewind to a time or offsets, keeping dedupe state: missed events counted, none twice.",
            "",
            "Rewinds consumption to a time or to partition:offset positions and runs the job locally from the newest"
                    + " retained checkpoint (like run). The dedupe state is kept, so events already counted are"
                    + " skipped and missed ones are counted; the source gets a new uid (its old offsets are not"
                    + " restored). Shows progress (lag, events/s) until caught up, then keeps running like run.",
            "A start older than now - dedupe.ttl is refused: use rebuild.",
            "With --flink URL --job ID it replays a job on a Flink cluster: stop with a savepoint, resubmit from it with"
                    + " the rewound source (refused if any other operator's state would be dropped), watch it catch up;"
                    + " the new job keeps running there and its id is printed."
        })
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Option(names = "--from", required = true, paramLabel = "START",
            description = "RFC 3339 time (2024-05-01T00:00:00Z), now-2h, or partition:offset,... (0:1200,1:980);"
                    + " partitions not listed keep the live job's committed positions.")
    String from;

    @Option(names = "--exit-when-caught-up", description = "Stop (keeping the checkpoint) once caught up, instead of running on.")
    boolean exitWhenCaughtUp;

    @Option(names = "--flink", paramLabel = "URL",
            description = "Replay a job on this Flink cluster (REST URL) instead of locally: stop --job with a savepoint,"
                    + " resubmit it from there with the rewound source, watch it catch up; it keeps running there.")
    String flink;

    @Option(names = "--job", paramLabel = "ID", description = "With --flink: the running meterflow job to replay.")
    String job;

    @Option(names = "--jar", paramLabel = "FILE", description = "With --flink: the job JAR (default: job/target/"
            + SubmitCommand.JAR_NAME + ").")
    java.nio.file.Path jar;

    @Option(names = "--parallelism", paramLabel = "N", description = "With --flink: parallelism of the replayed job"
            + " (default: job.parallelism or the cluster's).")
    int parallelism;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "With --flink: where to write the savepoint (default: the cluster's savepoint dir).")
    String savepointDir;

    @Option(names = "--allow-inline-secrets",
            description = "With --flink: submit even though the config holds a literal Kafka secret.")
    boolean allowInlineSecrets;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --flink: how long the replayed job may take to complete its first checkpoint before"
                    + " the previous one is resumed instead (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        var c = file.config();
        if (flink == null && job != null) {
            throw new CliException("--job needs --flink URL (a local replay restarts the local job)");
        }
        if (flink != null && job == null) {
            throw new CliException("--flink needs --job ID: the running job to replay (see the Flink UI or submit's output)");
        }
        String replayId = UUID.randomUUID().toString().substring(0, 8);
        SourceStart start = ReplayStart.parse(from, replayId, Clock.systemUTC());
        String described = ReplayStart.describe(start); // as given, before unlisted partitions are filled in
        if (flink != null) {
            return new ClusterReplay(this, file, start, described).run();
        }
        Services.preflight(c);
        try (Admin admin = Services.kafkaAdmin(c); Connection db = Services.postgres(c)) {
            Map<Integer, Long> listed = start instanceof SourceStart.FromOffsets o ? o.offsets() : null;
            start = checked(file, start, admin, db, activeGeneration(db));
            JobOptions options = new JobOptions(0, start);
            try (LocalJob job = LocalJob.start(file, new LocalJob.Start(options, true, null, true))) {
                PrintWriter out = spec.commandLine().getOut();
                JobBanner.print(out, job, file);
                out.println("replaying from " + described + " (replay id " + replayId + ")");
                printCompleted(out, listed, start);
                // The replay's own group: lag is unknown ("?") until the replay itself commits offsets.
                Progress progress = new Progress(admin, db, c, MeterflowJob.consumerGroup(c, options), job.generation());
                CatchUp.watch(out, job, progress, false);
                if (exitWhenCaughtUp) {
                    return 0;
                }
                job.awaitTermination();
                return 0;
            }
        }
    }

    static void printCompleted(PrintWriter out, Map<Integer, Long> listed, SourceStart start) {
        if (listed != null && ((SourceStart.FromOffsets) start).offsets().size() > listed.size()) {
            out.println("partitions not listed keep the live job's positions: all positions "
                    + ((SourceStart.FromOffsets) start).offsets());
        }
        out.flush();
    }

    /**
     * The start checked against the dedupe horizon; offsets completed for every partition (those
     * not listed where the live job of {@code generation} is).
     */
    static SourceStart checked(ConfigFile file, SourceStart start, Admin admin, Connection db, int generation) throws Exception {
        var c = file.config();
        Instant now = Instant.now();
        Progress probe = new Progress(admin, db, c, 0);
        if (start instanceof SourceStart.FromTime t) {
            ReplayStart.checkHorizon(t.time(), c.dedupe().ttl(), now);
            return start;
        }
        SourceStart.FromOffsets offsets = (SourceStart.FromOffsets) start;
        Map<TopicPartition, Long> horizon = probe.offsetsAt(now.minus(c.dedupe().ttl()).toEpochMilli());
        for (Map.Entry<Integer, Long> e : offsets.offsets().entrySet()) {
            Long h = horizon.get(new TopicPartition(c.kafka().topic(), e.getKey()));
            if (h == null) {
                throw new CliException("topic " + c.kafka().topic() + " has no partition " + e.getKey());
            }
            if (e.getValue() < h) {
                throw new CliException("replay offset " + e.getKey() + ":" + e.getValue() + " is older than the"
                        + " dedupe horizon (dedupe.ttl " + Durations.format(c.dedupe().ttl()) + "; partition "
                        + e.getKey() + " reaches it at offset " + h + "): use `meterflow rebuild` to recompute from scratch");
            }
        }
        return new SourceStart.FromOffsets(offsets.id(), completeOffsets(file, offsets.offsets(), probe, admin, db, generation));
    }

    static int activeGeneration(Connection db) {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT generation FROM meterflow.active_generation")) {
            if (!rs.next()) {
                throw new CliException("no active generation in PostgreSQL: start with `meterflow run`");
            }
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new CliException("cannot read the active generation (" + Services.firstLine(e.getMessage())
                    + "): start with `meterflow run`", e);
        }
    }

    /** Every partition's start: listed ones as given, the others at the live job's committed offsets. */
    private static Map<Integer, Long> completeOffsets(ConfigFile file, Map<Integer, Long> listed, Progress probe,
            Admin admin, Connection db, int generation) throws Exception {
        var c = file.config();
        String group = liveGroup(file, db, generation);
        Map<Integer, Long> end = new HashMap<>();
        probe.endOffsets().forEach((tp, o) -> end.put(tp.partition(), o));
        Map<Integer, Long> current = new HashMap<>();
        new Progress(admin, db, c, group, generation).committed().forEach((tp, o) -> current.put(tp.partition(), o));
        return ReplayStart.completeOffsets(listed, end, current, c.kafka().topic(), group);
    }

    /**
     * The consumer group the live job's source commits offsets to: after a replay, later runs keep the
     * replayed source (its id in {@code meterflow.generation_source}), which commits to the replay's group.
     */
    static String liveGroup(ConfigFile file, Connection db, int generation) {
        return SourceLineage.replayId(db, generation)
                .map(id -> MeterflowJob.consumerGroup(file.config(), new JobOptions(generation, new SourceStart.ResumeReplay(id))))
                .orElse(file.config().kafka().groupId());
    }
}
