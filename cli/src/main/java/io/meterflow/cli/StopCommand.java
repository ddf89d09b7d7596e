package io.meterflow.cli;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkRestException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stops a job on a Flink cluster with a savepoint. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Stop a job on a Flink cluster with a savepoint; prints the savepoint path.", "",
                "Resume it with: ./meterflow submit --config FILE --flink URL --savepoint PATH"})
final class StopCommand implements Callable<Integer> {

    @Option(names = "--flink", required = true, paramLabel = "URL", description = "Flink REST URL, e.g. http://jobmanager:8081.")
    String flink;

    @Option(names = "--job", required = true, paramLabel = "ID", description = "Job id (see the Flink UI or submit's output).")
    String job;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "Where to write the savepoint (default: the cluster's execution.checkpointing.savepoint-dir).")
    String savepointDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String path;
        try (FlinkRestClient rest = new FlinkRestClient(flink)) {
            path = rest.stopWithSavepoint(job, savepointDir);
        } catch (FlinkRestException e) {
            if (SubmitCommand.unreachable(e)) {
                throw new CliException("cannot reach Flink at " + flink + " (" + Services.firstLine(e.getMessage()) + ")", e);
            }
            throw new CliException("stopping job " + job + " on " + flink + " failed: " + Services.firstLine(e.getMessage()), e);
        }
        spec.commandLine().getOut().println("stopped job " + job + "; savepoint: " + path);
        spec.commandLine().getOut().println("resume with: ./meterflow submit --config FILE --flink " + flink + " --savepoint " + path);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
