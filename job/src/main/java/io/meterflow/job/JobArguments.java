package io.meterflow.job;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.util.ParameterTool;

/**
 * Program arguments of the job JAR. The config travels as a file path (local runs) or inline as
 * base64 (cluster submission: the JobManager may not see the launcher's files). Secrets are not
 * passed here: a submitted config names them through {@code passwordEnv}.
 *
 * <p>Parsed with Flink's {@link ParameterTool}: the job JAR carries no CLI library.
 */
public final class JobArguments {
    static final String CONFIG = "config";
    static final String CONFIG_BASE64 = "config-base64";
    static final String GENERATION = "generation";
    static final String REPLAY_FROM = "replay-from";
    static final String REPLAY_OFFSETS = "replay-offsets";
    static final String REPLAY_ID = "replay-id";
    private static final List<String> NAMES =
            List.of(CONFIG, CONFIG_BASE64, GENERATION, REPLAY_FROM, REPLAY_OFFSETS, REPLAY_ID);

    static final String USAGE = "usage: meterflow-job (--config FILE | --config-base64 YAML) [--generation N]"
            + " [--replay-id ID [--replay-from RFC3339-TIME | --replay-offsets PARTITION:OFFSET,...]]";

    private final Path configFile;
    private final String configBase64;
    private final JobOptions options;

    private JobArguments(Path configFile, String configBase64, JobOptions options) {
        this.configFile = configFile;
        this.configBase64 = configBase64;
        this.options = options;
    }

    /** @throws IllegalArgumentException naming the bad argument and the usage */
    public static JobArguments parse(String[] args) {
        ParameterTool p;
        try {
            p = ParameterTool.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        TreeSet<String> unknown = new TreeSet<>(p.toMap().keySet());
        NAMES.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw bad("unknown argument" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown.stream()
                    .map(k -> "--" + k).toList()));
        }
        String config = value(p, CONFIG);
        String base64 = value(p, CONFIG_BASE64);
        if ((config == null) == (base64 == null)) {
            throw bad("give exactly one of --config FILE or --config-base64 YAML");
        }
        if (base64 != null) {
            try {
                Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw bad("--config-base64 is not valid base64 (" + e.getMessage() + ")");
            }
        }
        int generation = 0;
        String g = value(p, GENERATION);
        if (g != null) {
            try {
                generation = Integer.parseInt(g);
            } catch (NumberFormatException e) {
                throw bad("--generation must be a whole number, not '" + g + "'");
            }
            if (generation < 0) {
                throw bad("--generation must be >= 1 (or 0 for the active one), not " + generation);
            }
        }
        return new JobArguments(config == null ? null : Path.of(config), base64,
                new JobOptions(generation, sourceStart(value(p, REPLAY_ID), value(p, REPLAY_FROM), value(p, REPLAY_OFFSETS))));
    }

    /** The three replay arguments as one start; a rewind without an id would restore the live offsets. */
    static SourceStart sourceStart(String id, String from, String offsets) {
        if (from != null && offsets != null) {
            throw bad("give at most one of --replay-from and --replay-offsets");
        }
        if (id == null) {
            if (from != null || offsets != null) {
                throw bad("--replay-" + (from != null ? "from" : "offsets") + " needs --replay-id: a rewound source"
                        + " needs a fresh uid, or the live source's checkpointed offsets would win");
            }
            return new SourceStart.Committed();
        }
        try {
            if (from != null) {
                Instant time;
                try {
                    time = Instant.parse(from);
                } catch (DateTimeParseException e) {
                    throw bad("--replay-from must be an RFC 3339 time like 2024-05-01T00:00:00Z, not '" + from + "'");
                }
                return new SourceStart.FromTime(id, time);
            }
            if (offsets != null) {
                return new SourceStart.FromOffsets(id, parseOffsets(offsets));
            }
            return new SourceStart.ResumeReplay(id);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("bad job arguments") ? e : bad(e.getMessage());
        }
    }

    public MeterflowConfig config() throws Exception {
        if (configFile != null) {
            return MeterflowConfig.load(configFile);
        }
        String yaml = new String(Base64.getDecoder().decode(configBase64), StandardCharsets.UTF_8);
        return MeterflowConfig.parse(yaml, System.getenv());
    }

    public JobOptions options() {
        return options;
    }

    /**
     * "0:120,1:98" → {0=120, 1=98}, in the order given; null or blank → null.
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

    /** A present key's value; a key given without one is an error, not an absent argument. */
    private static String value(ParameterTool p, String name) {
        if (!p.has(name)) {
            return null;
        }
        String v = p.get(name);
        if (v == null || v.equals(NO_VALUE) || v.isBlank()) {
            throw bad("--" + name + " needs a value");
        }
        return v;
    }

    /** What ParameterTool stores for a key without a value (its constant is not public). */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    private static IllegalArgumentException bad(String reason) {
        return new IllegalArgumentException("bad job arguments: " + reason + "\n" + USAGE);
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
        String shown = Utf8.shorten(text, 200);
        return new IllegalArgumentException("Bad partition:offset list '" + shown + "': " + why
                + " (expected partition:offset[,partition:offset...], e.g. 0:120,1:98)");
    }
}
