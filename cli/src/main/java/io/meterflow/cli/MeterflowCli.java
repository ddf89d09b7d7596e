package io.meterflow.cli;

import io.meterflow.api.ApiKeyCommand;
import io.meterflow.api.ServeCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ./meterflow} launcher. Each subcommand is its own class; this one only parses,
 * dispatches, and turns failures into one line on stderr with a non-zero exit code.
 */
@Command(
        name = "meterflow",
        mixinStandardHelpOptions = true,
        version = "meterflow 0.1.0",
        sortOptions = false,
        description = "Exactly-once usage metering: CloudEvents on Kafka, aggregated by Flink into PostgreSQL.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            SubmitCommand.class,
            StopCommand.class,
            ReplayCommand.class,
            RebuildCommand.class,
            QueryCommand.class,
            MigrateCommand.class,
            SavepointCommand.class,
            PublishCommand.class,
            ServeCommand.class,
            ApiKeyCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Start with:  ./meterflow demo",
            "Every command has --help, e.g. ./meterflow run --help"
        })
public final class MeterflowCli implements Runnable {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show stack traces of errors and more log output.")
    static boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (demo, run, submit, stop, replay, rebuild, query, publish)");
    }

    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (tests call this, only {@link #main} exits). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        verbose = false;
        CommandLine cli = new CommandLine(new MeterflowCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parseResult -> {
            if (verbose) { // more of Flink's and the services' own logging
                org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.INFO);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean expected = e instanceof CliException || ErrorMessages.find(e, io.meterflow.config.ConfigException.class) != null;
            err.println("meterflow: " + ErrorMessages.oneLine(e) + (expected || verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CliException ? ((CliException) e).exitCode() : 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("meterflow: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            CommandLine c = e.getCommandLine();
            err.println("Try: ./meterflow " + (c.getParent() == null ? "" : c.getCommandName() + " ") + "--help");
            err.flush();
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (Throwable e) { // Errors (NoClassDefFoundError, OutOfMemoryError) bypass picocli's handler
            err.println("meterflow: " + ErrorMessages.oneLine(e) + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    static boolean verbose() {
        return verbose;
    }
}
