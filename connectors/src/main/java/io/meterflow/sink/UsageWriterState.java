package io.meterflow.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The writer's checkpointed state: the pipeline lineage, and how far the writer's own commits had
 * reached when the snapshot was taken (the run's restored checkpoint and the sequence of the
 * committable this snapshot includes). On restore, a fence row beyond that position proves
 * PostgreSQL holds output newer than the state: guarantee 4.
 */
public final class UsageWriterState {
    private final String lineage;
    private final long restoredCheckpoint;
    private final long sequence;

    public UsageWriterState(String lineage, long restoredCheckpoint, long sequence) {
        this.lineage = lineage;
        this.restoredCheckpoint = restoredCheckpoint;
        this.sequence = sequence;
    }

    public String lineage() {
        return lineage;
    }

    /** The checkpoint the run that took this snapshot was restored from (0 for a fresh run). */
    public long restoredCheckpoint() {
        return restoredCheckpoint;
    }

    /** The sequence of the last committable prepared before this snapshot. */
    public long sequence() {
        return sequence;
    }

    static final class Serializer implements SimpleVersionedSerializer<UsageWriterState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(UsageWriterState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(state.lineage);
                out.writeLong(state.restoredCheckpoint);
                out.writeLong(state.sequence);
            }
            return bytes.toByteArray();
        }

        @Override
        public UsageWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown writer state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new UsageWriterState(in.readUTF(), in.readLong(), in.readLong());
            }
        }
    }
}
