package io.meterflow.cli;

import io.meterflow.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a replay rewinds to: a time, or explicit partition:offset positions. Pure: unit-tested. */
record ReplayStart(Instant time, Map<Integer, Long> offsets) {

    static ReplayStart parse(String text, Clock clock) {
        String t = text.trim();
        if (t.matches("\\d+:\\d+(\\s*,\\s*\\d+:\\d+)*")) {
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            for (String part : t.split(",")) {
                String[] po = part.trim().split(":");
                offsets.put(Integer.parseInt(po[0]), Long.parseLong(po[1]));
            }
            return new ReplayStart(null, offsets);
        }
        return new ReplayStart(TimeArgs.parse(t, ZoneOffset.UTC, clock), null);
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

    String describe() {
        return time != null ? time.toString() : offsets.toString();
    }
}
