package io.meterflow.sink;

import java.util.Objects;

/**
 * Unique, replay-stable identity of one committable: the pipeline lineage (a UUID born with the
 * job's first state and carried in every checkpoint), the checkpoint the writer was restored from,
 * the writer's epoch sequence since that restore, and the writer subtask. Recommitting a restored
 * committable reuses its id, so the fence table recognises it.
 */
public final class CommitId {
    private final int generation;
    private final String lineage;
    private final long restoredCheckpoint;
    private final long sequence;
    private final int subtask;

    public CommitId(int generation, String lineage, long restoredCheckpoint, long sequence, int subtask) {
        this.generation = generation;
        this.lineage = Objects.requireNonNull(lineage, "lineage");
        this.restoredCheckpoint = restoredCheckpoint;
        this.sequence = sequence;
        this.subtask = subtask;
    }

    /** Which generation of usage tables (see rebuild) these rows belong to. */
    public int generation() { return generation; }
    public String lineage() { return lineage; }
    /** Checkpoint id the writer's state came from, 0 for a fresh start. */
    public long restoredCheckpoint() { return restoredCheckpoint; }
    public long sequence() { return sequence; }
    public int subtask() { return subtask; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommitId)) {
            return false;
        }
        CommitId c = (CommitId) o;
        return generation == c.generation
                && restoredCheckpoint == c.restoredCheckpoint
                && sequence == c.sequence
                && subtask == c.subtask
                && lineage.equals(c.lineage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, lineage, restoredCheckpoint, sequence, subtask);
    }

    @Override
    public String toString() {
        return "g" + generation + "/" + lineage + "/r" + restoredCheckpoint + "/s" + sequence + "/t" + subtask;
    }
}
