package io.meterflow.sink;

import java.util.Comparator;

/**
 * Where one committable stands in its lineage: the checkpoint its run was restored from, its epoch
 * sequence in that run, and the writer subtask. Runs of one lineage are ordered by
 * (restoredCheckpoint, sequence); the subtask only tells committables of one epoch apart.
 */
public record CommitPosition(long restoredCheckpoint, long sequence, int subtask) {
    public static final Comparator<CommitPosition> ORDER =
            Comparator.comparingLong(CommitPosition::restoredCheckpoint)
                    .thenComparingLong(CommitPosition::sequence)
                    .thenComparingInt(CommitPosition::subtask);

    public static CommitPosition of(CommitId id) {
        return new CommitPosition(id.restoredCheckpoint(), id.sequence(), id.subtask());
    }

    @Override
    public String toString() {
        return restoredCheckpoint + "/" + sequence + "/t" + subtask;
    }
}
