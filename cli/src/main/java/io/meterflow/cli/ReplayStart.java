package io.meterflow.cli;

import io.meterflow.config.Durations;
import io.meterflow.job.JobArguments;
import io.meterflow.job.SourceStart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The replay command's {@code --from}: a time or explicit partition:offset positions, read into the
 * job's {@link SourceStart}, and the checks a replay start must pass. Pure: unit-tested.
 */
final class ReplayStart {
    private ReplayStart() {}

    /** @param replayId the id that gives the rewound source its fresh uid */
    static SourceStart parse(String text, String replayId, Clock clock) {
        String t = text.trim();
        // No time form starts with "digits:" (RFC 3339 starts with the year and a dash).
        if (t.matches("[0-9]+\\s*:.*")) {
            try {
                return new SourceStart.FromOffsets(replayId, JobArguments.parseOffsets(t));
            } catch (IllegalArgumentException e) {
                throw new CliException("--from " + e.getMessage());
            }
        }
        return new SourceStart.FromTime(replayId, TimeArgs.parse(t, ZoneOffset.UTC, clock));
    }

    /** Refuses a time older than the dedupe horizon: events before it may be counted twice. */
    static void checkHorizon(Instant from, Duration ttl, Instant now) {
        Instant horizon = now.minus(ttl);
        if (from.isBefore(horizon)) {
            throw new CliException("replay start " + from + " is older than the dedupe horizon (dedupe.ttl "
                    + Durations.format(ttl) + ": " + horizon + "); duplicates older than that are forgotten and would"
                    + " be counted twice: use `meterflow rebuild` to recompute from scratch");
        }
    }

    /**
     * Positions for every partition of the topic: the listed ones as given, the others where the
     * live job is ({@code current}: its committed offsets). Flink would start an unlisted partition
     * at the replay group's committed offset, which a new group lacks, i.e. at the earliest offset:
     * beyond the dedupe horizon that counts everything again. A partition whose position is unknown
     * must be listed.
     *
     * @param end end offset per partition of the topic (all of its partitions)
     */
    static Map<Integer, Long> completeOffsets(Map<Integer, Long> listed, Map<Integer, Long> end,
            Map<Integer, Long> current, String topic, String group) {
        Map<Integer, Long> out = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : listed.entrySet()) {
            Long last = end.get(e.getKey());
            if (last == null) {
                throw new CliException("topic " + topic + " has no partition " + e.getKey() + " (it has "
                        + end.size() + ": " + partitionList(end) + ")");
            }
            if (e.getValue() > last) {
                throw new CliException("replay offset " + e.getKey() + ":" + e.getValue() + " is beyond the end of"
                        + " partition " + e.getKey() + " of " + topic + " (end offset " + last + ")");
            }
            out.put(e.getKey(), e.getValue());
        }
        List<Integer> unknown = new java.util.ArrayList<>();
        for (Integer p : new TreeMap<>(end).keySet()) {
            if (!out.containsKey(p)) {
                Long at = current.get(p);
                if (at == null) {
                    unknown.add(p);
                } else {
                    out.put(p, Math.min(at, end.get(p)));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new CliException("the live job's position on partition" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " of " + topic
                    + " is not known (consumer group " + group + " has no committed offset there), so a replay"
                    + " cannot leave it where it is: list every partition in --from ("
                    + partitionList(end) + "), e.g. --from "
                    + new TreeMap<>(end).keySet().stream()
                            .map(p -> p + ":" + (out.containsKey(p) ? out.get(p).toString() : "<offset>")).collect(Collectors.joining(",")));
        }
        return out;
    }

    private static String partitionList(Map<Integer, Long> end) {
        return new TreeMap<>(end).keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String describe(SourceStart start) {
        if (start instanceof SourceStart.FromTime t) {
            return t.time().toString();
        }
        if (start instanceof SourceStart.FromOffsets o) {
            return o.offsets().toString();
        }
        return "the committed positions";
    }
}
