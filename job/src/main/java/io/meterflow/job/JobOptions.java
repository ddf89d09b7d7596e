package io.meterflow.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * How this run of the job starts, beyond the deployment's config file: which generation it writes,
 * and for a replay, where the source rewinds to.
 *
 * @param generation usage-table generation to write, or 0 for the active one
 * @param replayFrom rewind to this time (replay), or null
 * @param replayOffsets rewind to these "partition → offset" positions (replay), or null
 * @param replayId distinguishes the source uid of a replay from the live one (offsets not restored)
 */
public record JobOptions(int generation, Instant replayFrom, Map<Integer, Long> replayOffsets, String replayId)
        implements Serializable {

    public static JobOptions live() {
        return new JobOptions(0, null, null, null);
    }

    public boolean isReplay() {
        return replayId != null;
    }
}
