package io.meterflow.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -c/--config FILE}, the same for every launcher command that reads a meterflow config:
 * {@code @Mixin ConfigFileOption config;}. The HTTP API's own commands (its module sits below the
 * CLI) declare the identical option; {@code MeterflowCliTest} keeps them alike.
 */
public final class ConfigFileOption {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "meterflow YAML config.")
    private Path path;

    public Path path() {
        return path;
    }

    /** The path as given, for messages that tell the user what to run next. */
    @Override
    public String toString() {
        return String.valueOf(path);
    }
}
