package io.meterflow.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The writer's checkpointed state: the pipeline lineage, so commit ids stay unique across restores. */
public final class UsageWriterState {
    private final String lineage;

    public UsageWriterState(String lineage) {
        this.lineage = lineage;
    }

    public String lineage() {
        return lineage;
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
            }
            return bytes.toByteArray();
        }

        @Override
        public UsageWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown writer state version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new UsageWriterState(in.readUTF());
            }
        }
    }
}
