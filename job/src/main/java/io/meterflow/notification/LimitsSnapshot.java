package io.meterflow.notification;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The limits topic as read to its end before the job starts: the latest value per key, and the offsets
 * the limits source starts from, so that a job without state evaluates its first event against the
 * limits already set rather than racing the topic.
 *
 * @param limits broadcast key ({@link ThresholdWatch#key}) → value JSON, tombstones left out
 * @param endOffsets partition → the first offset not read
 */
public record LimitsSnapshot(Map<String, String> limits, Map<Integer, Long> endOffsets) implements Serializable {
    public LimitsSnapshot {
        limits = new TreeMap<>(limits);
        endOffsets = new TreeMap<>(endOffsets);
    }

    public static LimitsSnapshot empty() {
        return new LimitsSnapshot(Map.of(), Map.of());
    }
}
