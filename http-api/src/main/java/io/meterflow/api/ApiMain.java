package io.meterflow.api;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the self-contained API JAR ({@code http-api/target/meterflow-http-api-0.1.0-server.jar},
 * the docker-compose {@code api} service): {@code serve} and {@code api-key} without the Flink launcher.
 * ./meterflow reaches the same commands through {@code MeterflowCli}.
 */
@Command(name = "meterflow-api", mixinStandardHelpOptions = true, version = "meterflow 0.1.0",
        description = "The meterflow HTTP API.",
        subcommands = {ServeCommand.class, ApiKeyCommand.class, CommandLine.HelpCommand.class})
public final class ApiMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (serve, api-key)");
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ApiMain());
        cli.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("meterflow: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
