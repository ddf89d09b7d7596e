package io.meterflow.job;

import io.meterflow.config.MeterflowConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Program arguments of the job JAR. The config travels as a file path (local runs) or inline as
 * base64 (cluster submission: the JobManager may not see the launcher's files). Secrets are not
 * passed here: a submitted config names them through {@code passwordEnv}.
 */
@Command(name = "meterflow-job", mixinStandardHelpOptions = true, description = "The meterflow Flink job.")
public final class JobArguments implements Callable<Integer> {

    @Option(names = "--config", description = "meterflow YAML config file")
    Path configFile;

    @Option(names = "--config-base64", description = "meterflow YAML config, base64-encoded")
    String configBase64;

    @Option(names = "--generation", description = "usage generation to write (default: the active one)")
    int generation;

    @Option(names = "--replay-from", description = "replay: rewind the source to this RFC 3339 time")
    Instant replayFrom;

    @Option(names = "--replay-offsets", description = "replay: rewind to partition:offset,...")
    String replayOffsets;

    @Option(names = "--replay-id", description = "replay: id that gives the rewound source a fresh uid")
    String replayId;

    private JobArguments() {}

    public static JobArguments parse(String[] args) {
        JobArguments a = new JobArguments();
        new CommandLine(a).parseArgs(args);
        if ((a.configFile == null) == (a.configBase64 == null)) {
            throw new IllegalArgumentException("Give exactly one of --config FILE or --config-base64 YAML");
        }
        return a;
    }

    public MeterflowConfig config() throws Exception {
        if (configFile != null) {
            return MeterflowConfig.load(configFile);
        }
        String yaml = new String(Base64.getDecoder().decode(configBase64), StandardCharsets.UTF_8);
        return MeterflowConfig.parse(yaml, System.getenv());
    }

    public JobOptions options() {
        return new JobOptions(generation, replayFrom, parseOffsets(replayOffsets), replayId);
    }

    /**
     * "0:120,1:98" → {0=120, 1=98}, in the order given.
     *
     * @throws IllegalArgumentException saying which entry is wrong and why (not a pair, not a whole
     *     number, out of range, a partition listed twice), never a bare NumberFormatException
     */
    public static Map<Integer, Long> parseOffsets(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (String raw : text.split(",", -1)) {
            String part = raw.trim();
            int colon = part.indexOf(':');
            if (colon < 0 || colon != part.lastIndexOf(':')) {
                throw badOffsets(text, part.isEmpty() ? "an entry is empty" : "'" + part + "' is not partition:offset");
            }
            int partition = (int) wholeNumber(text, "partition", part.substring(0, colon).trim(), Integer.MAX_VALUE);
            long offset = wholeNumber(text, "offset", part.substring(colon + 1).trim(), Long.MAX_VALUE);
            if (offsets.put(partition, offset) != null) {
                throw badOffsets(text, "partition " + partition + " is listed twice");
            }
        }
        return offsets;
    }

    private static long wholeNumber(String text, String what, String digits, long max) {
        if (!digits.matches("[0-9]+")) {
            throw badOffsets(text, what + " '" + digits + "' is not a whole number of 0 or more");
        }
        try {
            long n = Long.parseLong(digits);
            if (n <= max) {
                return n;
            }
        } catch (NumberFormatException tooLong) {
            // reported below, like any other value beyond the maximum
        }
        throw badOffsets(text, what + " " + digits + " is larger than " + max);
    }

    private static IllegalArgumentException badOffsets(String text, String why) {
        String shown = text.length() <= 200 ? text : text.substring(0, 200) + "...";
        return new IllegalArgumentException("Bad partition:offset list '" + shown + "': " + why
                + " (expected partition:offset[,partition:offset...], e.g. 0:120,1:98)");
    }

    @Override
    public Integer call() {
        return 0;
    }
}
