package io.meterflow.cli;

import io.meterflow.config.Durations;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.SourceStart;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
            "A start older than now - dedupe.ttl is refused: use rebuild."
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        var c = file.config();
        String replayId = UUID.randomUUID().toString().substring(0, 8);
        SourceStart start = ReplayStart.parse(from, replayId, Clock.systemUTC());
        String described = ReplayStart.describe(start); // as given, before unlisted partitions are filled in
        Instant now = Instant.now();
        Services.preflight(c);
        try (Admin admin = Services.kafkaAdmin(c); Connection db = Services.postgres(c)) {
            Progress probe = new Progress(admin, db, c, 0);
            Map<Integer, Long> listed = null;
            if (start instanceof SourceStart.FromTime t) {
                ReplayStart.checkHorizon(t.time(), c.dedupe().ttl(), now);
            } else {
                listed = ((SourceStart.FromOffsets) start).offsets();
                Map<TopicPartition, Long> horizon = probe.offsetsAt(now.minus(c.dedupe().ttl()).toEpochMilli());
                for (Map.Entry<Integer, Long> e : listed.entrySet()) {
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
                start = new SourceStart.FromOffsets(replayId, completeOffsets(file, listed, probe, admin, db));
            }
            JobOptions options = new JobOptions(0, start);
            try (LocalJob job = LocalJob.start(file, new LocalJob.Start(options, true, null, true))) {
                PrintWriter out = spec.commandLine().getOut();
                JobBanner.print(out, job, file);
                out.println("replaying from " + described + " (replay id " + replayId + ")");
                if (listed != null && ((SourceStart.FromOffsets) start).offsets().size() > listed.size()) {
                    out.println("partitions not listed keep the live job's positions: all positions "
                            + ((SourceStart.FromOffsets) start).offsets());
                }
                out.flush();
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

    /** Every partition's start: listed ones as given, the others at the live job's committed offsets. */
    private static Map<Integer, Long> completeOffsets(ConfigFile file, Map<Integer, Long> listed, Progress probe,
            Admin admin, Connection db) throws Exception {
        var c = file.config();
        int generation;
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT generation FROM meterflow.active_generation")) {
            if (!rs.next()) {
                throw new CliException("no active generation in PostgreSQL: start with `meterflow run`");
            }
            generation = rs.getInt(1);
        } catch (SQLException e) {
            throw new CliException("cannot read the active generation (" + Services.firstLine(e.getMessage())
                    + "): start with `meterflow run`", e);
        }
        String group = liveGroup(file, generation);
        Map<Integer, Long> end = new HashMap<>();
        probe.endOffsets().forEach((tp, o) -> end.put(tp.partition(), o));
        Map<Integer, Long> current = new HashMap<>();
        new Progress(admin, db, c, group, generation).committed().forEach((tp, o) -> current.put(tp.partition(), o));
        return ReplayStart.completeOffsets(listed, end, current, c.kafka().topic(), group);
    }

    /**
     * The consumer group the live job's source commits offsets to: after a replay, later runs keep the
     * replayed source (its id in {@code g<N>/source-id}), which commits to the replay's group.
     */
    static String liveGroup(ConfigFile file, int generation) throws java.io.IOException {
        String root = LocalJob.checkpointRoot(file);
        String genDir = root.endsWith("/") ? root + "g" + generation : root + "/g" + generation;
        Optional<Path> local = Checkpoints.localPath(genDir);
        if (local.isPresent()) {
            Path idFile = local.get().resolve(LocalJob.SOURCE_ID_FILE);
            if (Files.isRegularFile(idFile)) {
                String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) {
                    return MeterflowJob.consumerGroup(file.config(), new JobOptions(generation, new SourceStart.ResumeReplay(id)));
                }
            }
        }
        return file.config().kafka().groupId();
    }
}
