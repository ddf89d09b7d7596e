package io.meterflow.it.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.sink.CommitPosition;
import io.meterflow.sink.UsageSink;
import io.meterflow.sink.UsageWriterState;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.junit.jupiter.api.Test;

/**
 * The savepoint fixture's usage-sink writer state, decoded by this version's serializer without a
 * cluster: a format change that misreads old state (a field added without a version bump) is caught
 * here even where the restore test's totals would not show it (the predecessor a writer state names
 * is only checked when PostgreSQL lost commits).
 */
class SavepointFixtureStateTest {
    private static final Path SAVEPOINT = SavepointCompatibilityIT.FIXTURE.resolve("savepoint");
    /** The serializer Flink asks the sink for. */
    private static final SimpleVersionedSerializer<UsageWriterState> SERIALIZER =
            new UsageSink(1, "unused", () -> null, Duration.ofDays(1)).getWriterStateSerializer();

    @Test
    void theWriterStatesOf010DecodeToWhatPostgresHolds() throws Exception {
        List<UsageWriterState> states = writerStates();
        assertThat(states).as("one writer state per subtask").hasSize(2);
        // What the dump says 0.1.0 committed: lineage and fence rows (restored 0, sequence, subtask).
        String dump = Files.readString(SavepointCompatibilityIT.FIXTURE.resolve("postgres-data.sql"));
        String fence = dump.substring(dump.indexOf("COPY meterflow.commit_fence"));
        fence = fence.substring(fence.indexOf('\n') + 1, fence.indexOf("\\."));
        TreeSet<String> rows = new TreeSet<>();
        String lineage = null;
        for (String line : fence.strip().split("\n")) {
            String[] f = line.split("\t");
            lineage = f[1];
            rows.add(f[2] + "/" + f[3] + "/t" + f[4]);
        }
        for (UsageWriterState s : states) {
            assertThat(s.generation()).isEqualTo(1);
            assertThat(s.lineage()).isEqualTo(lineage);
            assertThat(s.restoredCheckpoint()).isZero();
            assertThat(s.sequence()).isPositive();
            CommitPosition last = s.lastCommittable();
            assertThat(last).as("the last committable a writer state names").isNotNull();
            assertThat(rows).contains(last.toString());
        }
    }

    /** The usage sink writer's list state: SimpleVersionedSerialization bytes, one element per writer. */
    static List<UsageWriterState> writerStates() throws IOException {
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(SAVEPOINT.resolve("_metadata")))) {
            metadata = Checkpoints.loadCheckpointMetadata(in, SavepointFixtureStateTest.class.getClassLoader(),
                    SAVEPOINT.toUri().toString());
        }
        List<UsageWriterState> out = new ArrayList<>();
        for (OperatorState op : metadata.getOperatorStates()) {
            if (!op.getOperatorUid().orElse("").equals("meterflow-usage-sink")) {
                continue;
            }
            for (OperatorSubtaskState subtask : op.getStates()) {
                for (OperatorStateHandle handle : subtask.getManagedOperatorState()) {
                    for (Map.Entry<String, OperatorStateHandle.StateMetaInfo> e
                            : handle.getStateNameToPartitionOffsets().entrySet()) {
                        try (FSDataInputStream in = handle.openInputStream()) {
                            for (long offset : e.getValue().getOffsets()) {
                                in.seek(offset);
                                byte[] element = BytePrimitiveArraySerializer.INSTANCE.deserialize(
                                        new DataInputViewStreamWrapper(in));
                                out.add(SimpleVersionedSerialization.readVersionAndDeSerialize(SERIALIZER, element));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
