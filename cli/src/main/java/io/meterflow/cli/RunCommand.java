package io.meterflow.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The job on a local embedded Flink against the configured Kafka and PostgreSQL. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the job on a local embedded Flink against the configured Kafka and PostgreSQL.",
            "",
            "Runs the job on a local embedded Flink (with its web UI) against the Kafka and PostgreSQL of the config.",
            "Checkpoints go to checkpoint.dir/g<generation>; a new start (also after kill -9) resumes from the newest"
                    + " retained checkpoint there, so every event is counted exactly once. Ctrl-C stops the job and"
                    + " keeps its last checkpoint."
        })
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Option(names = "--from-checkpoint", paramLabel = "PATH",
            description = "Resume from this checkpoint or savepoint instead of the newest retained one.")
    Path fromCheckpoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        Services.preflight(file.config());
        LocalJob.Start start = new LocalJob.Start(io.meterflow.job.JobOptions.live(), true,
                fromCheckpoint == null ? null : fromCheckpoint.toAbsolutePath(), false);
        try (LocalJob job = LocalJob.start(file, start)) {
            JobBanner.print(spec.commandLine().getOut(), job, file);
            job.awaitTermination(); // a failed job (a refused start among them) throws: one line, exit 1
            return 0;
        }
    }
}
