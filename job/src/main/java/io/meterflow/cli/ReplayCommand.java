package io.meterflow.cli;

import io.meterflow.config.Durations;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
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

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "meterflow YAML config.")
    Path config;

    @Option(names = "--from", required = true, paramLabel = "START",
            description = "RFC 3339 time (2024-05-01T00:00:00Z), now-2h, or partition:offset,... (0:1200,1:980).")
    String from;

    @Option(names = "--exit-when-caught-up", description = "Stop (keeping the checkpoint) once caught up, instead of running on.")
    boolean exitWhenCaughtUp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config);
        var c = file.config();
        ReplayStart start = ReplayStart.parse(from, Clock.systemUTC());
        Instant now = Instant.now();
        Services.preflight(c);
        try (Admin admin = Services.kafkaAdmin(c); Connection db = Services.postgres(c)) {
            Progress probe = new Progress(admin, db, c, 0);
            if (start.time() != null) {
                ReplayStart.checkHorizon(start.time(), c.dedupeTtl(), now);
            } else {
                Map<TopicPartition, Long> horizon = probe.offsetsAt(now.minus(c.dedupeTtl()).toEpochMilli());
                for (Map.Entry<Integer, Long> e : start.offsets().entrySet()) {
                    Long h = horizon.get(new TopicPartition(c.kafka().topic(), e.getKey()));
                    if (h == null) {
                        throw new CliException("topic " + c.kafka().topic() + " has no partition " + e.getKey());
                    }
                    if (e.getValue() < h) {
                        throw new CliException("replay offset " + e.getKey() + ":" + e.getValue() + " is older than the"
                                + " dedupe horizon (dedupe.ttl " + Durations.format(c.dedupeTtl()) + "; partition "
                                + e.getKey() + " reaches it at offset " + h + "): use `meterflow rebuild` to recompute from scratch");
                    }
                }
            }
            String replayId = UUID.randomUUID().toString().substring(0, 8);
            JobOptions options = new JobOptions(0, start.time(), start.offsets(), replayId);
            try (LocalJob job = LocalJob.start(file, new LocalJob.Start(options, true, null, true))) {
                PrintWriter out = spec.commandLine().getOut();
                JobBanner.print(out, job, file);
                out.println("replaying from " + start.describe() + " (replay id " + replayId + ")");
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
}
