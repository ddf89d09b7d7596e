package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.RestoredStateCheck;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.pipeline.MeteringPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Savepoint maintenance: for now, converting a savepoint of an older state layout. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        description = "Savepoint maintenance (upgrade).",
        subcommands = {SavepointCommand.Upgrade.class})
final class SavepointCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (upgrade)");
    }

    @Command(
            name = "upgrade",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Convert a savepoint or retained checkpoint of meterflow 0.1.0 (dedupe keyed by meter and subject)"
                        + " into this version's layout (keyed by subject), keeping every other operator's state.",
                "",
                "Stop the old job with a savepoint, run this, then start the new version from --to"
                        + " (run --from-checkpoint, submit --savepoint). The result refers to files of --from:"
                        + " keep them until the new job has completed its first checkpoint."
            })
    static final class Upgrade implements Callable<Integer> {

        @Mixin
        ConfigFileOption config;

        @Option(names = "--from", required = true, paramLabel = "PATH", description = "The 0.1.0 savepoint or retained checkpoint.")
        String from;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to write the converted savepoint (new or empty).")
        String to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MeterflowConfig cfg = ConfigFile.load(config.path()).config();
            String source = pointer(from);
            String target = pointer(to);
            refuseUnlessLegacy(source);
            refuseNonEmpty(target);
            // The job's own preparation: schema migrated, meters recorded, every meter numbered.
            MeterOrdinals ordinals = MeterflowJob.prepare(cfg, JobOptions.live()).meterOrdinals();
            DedupeStateUpgrade.Result result = DedupeStateUpgrade.upgrade(source, target, cfg.dedupe().ttl(), ordinals);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Converted " + result.entries() + " remembered (meter, event) ids into " + result.events()
                    + " events keyed by subject: " + target);
            out.println("Start from it with `meterflow run --from-checkpoint " + target + "` or `meterflow submit"
                    + " --savepoint " + target + "`; keep " + source + " until the job has completed a checkpoint.");
            out.flush();
            return 0;
        }

        /** Flink's pointer for a path: local paths become file URIs, anything with a scheme stays. */
        static String pointer(String path) {
            if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                return path;
            }
            return Path.of(path).toAbsolutePath().normalize().toUri().toString();
        }

        private static void refuseUnlessLegacy(String source) {
            try {
                if (RestoredStateCheck.holdsState(source, MeteringPipeline.LEGACY_DEDUPE_UID)) {
                    return;
                }
                if (RestoredStateCheck.holdsState(source, MeteringPipeline.DEDUPE_UID)) {
                    throw new CliException(source + " is already in this version's layout: start from it as it is");
                }
                throw new CliException(source + " holds no dedupe state of meterflow 0.1.0: nothing to convert");
            } catch (IOException e) {
                throw new CliException("cannot read the savepoint metadata at " + source + ": " + e.getMessage(), e);
            }
        }

        private static void refuseNonEmpty(String target) throws IOException {
            Optional<Path> local = Checkpoints.localPath(target);
            if (local.isEmpty() || !Files.exists(local.get())) {
                return;
            }
            if (!Files.isDirectory(local.get())) {
                throw new CliException("--to " + target + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(local.get())) {
                if (entries.findAny().isPresent()) {
                    throw new CliException("--to " + target + " is not empty: give a new directory");
                }
            }
        }
    }
}
