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

    /** "0:120,1:98" → {0=120, 1=98}. */
    public static Map<Integer, Long> parseOffsets(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] po = part.trim().split(":");
            if (po.length != 2) {
                throw new IllegalArgumentException("Bad partition:offset '" + part + "'");
            }
            offsets.put(Integer.parseInt(po[0].trim()), Long.parseLong(po[1].trim()));
        }
        return offsets;
    }

    @Override
    public Integer call() {
        return 0;
    }
}
