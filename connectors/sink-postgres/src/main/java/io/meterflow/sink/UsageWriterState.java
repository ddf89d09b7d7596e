package io.meterflow.sink;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The writer's checkpointed state: the generation and pipeline lineage it writes, how far the
 * writer's own commits had reached when the snapshot was taken (the run's restored checkpoint and
 * the sequence of the committable this snapshot includes), and the last non-empty committable it
 * prepared before that. On restore, a fence row beyond that position proves PostgreSQL holds output
 * newer than the state (guarantee 4); a missing last committable proves PostgreSQL lost commits the
 * state counts as done (guarantee 8).
 *
 * @param generation -1 when restored from the first format, which did not record it
 * @param lastCommittable null when none was prepared since the lineage began (or in the first format)
 */
public record UsageWriterState(
        int generation, String lineage, long restoredCheckpoint, long sequence, CommitPosition lastCommittable) {

    public static final int UNKNOWN_GENERATION = -1;

    /** The state of the first format: no generation, no last committable. */
    public UsageWriterState(String lineage, long restoredCheckpoint, long sequence) {
        this(UNKNOWN_GENERATION, lineage, restoredCheckpoint, sequence, null);
    }

    /** Version 1: lineage, restored checkpoint, sequence. Version 2 adds generation and the last committable. */
    static final class Serializer implements SimpleVersionedSerializer<UsageWriterState> {
        private static final int VERSION = 2;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(UsageWriterState state) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(96);
            out.writeUTF(state.lineage);
            out.writeLong(state.restoredCheckpoint);
            out.writeLong(state.sequence);
            out.writeInt(state.generation);
            CommitPosition last = state.lastCommittable;
            out.writeBoolean(last != null);
            if (last != null) {
                out.writeLong(last.restoredCheckpoint());
                out.writeLong(last.sequence());
                out.writeInt(last.subtask());
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public UsageWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 && version != VERSION) {
                throw new IOException("unknown writer state version " + version);
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            String lineage = in.readUTF();
            long restored = in.readLong();
            long sequence = in.readLong();
            if (version == 1) {
                return new UsageWriterState(lineage, restored, sequence);
            }
            int generation = in.readInt();
            CommitPosition last = in.readBoolean()
                    ? new CommitPosition(in.readLong(), in.readLong(), in.readInt())
                    : null;
            return new UsageWriterState(generation, lineage, restored, sequence, last);
        }
    }
}
