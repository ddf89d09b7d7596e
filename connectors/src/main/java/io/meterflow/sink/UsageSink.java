package io.meterflow.sink;

import io.meterflow.aggregate.UsageRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The exactly-once PostgreSQL sink: writers fold each checkpoint epoch into one committable per
 * subtask; the committer applies it after the checkpoint completes, in one fenced transaction.
 * No XA: a failed attempt leaves nothing behind but a rolled-back transaction.
 */
public final class UsageSink
        implements Sink<UsageRecord>,
                SupportsCommitter<UsageCommittable>,
                SupportsWriterState<UsageRecord, UsageWriterState> {
    private static final long serialVersionUID = 1L;

    private final int generation;
    private final String freshLineage;
    private final UsageStoreFactory stores;
    private final Duration fenceRetention;

    /**
     * @param freshLineage lineage for a start without state; a restore keeps the checkpointed one
     */
    public UsageSink(int generation, String freshLineage, UsageStoreFactory stores, Duration fenceRetention) {
        this.generation = generation;
        this.freshLineage = Objects.requireNonNull(freshLineage, "freshLineage");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.fenceRetention = Objects.requireNonNull(fenceRetention, "fenceRetention");
    }

    @Override
    public SinkWriter<UsageRecord> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, Set.of());
    }

    @Override
    public StatefulSinkWriter<UsageRecord, UsageWriterState> restoreWriter(
            WriterInitContext context, Collection<UsageWriterState> states) throws IOException {
        Set<String> lineages = states.stream().map(UsageWriterState::lineage).collect(Collectors.toSet());
        if (lineages.size() > 1) {
            throw new StaleStateException("Writer state mixes pipeline lineages " + lineages
                    + "; restore from a checkpoint or savepoint of one meterflow job.");
        }
        String lineage = lineages.isEmpty() ? freshLineage : lineages.iterator().next();
        // Every subtask prepares a committable at every checkpoint, so they share one position.
        long coveredRestore = states.stream().mapToLong(UsageWriterState::restoredCheckpoint).max().orElse(0L);
        long coveredSequence = states.stream().mapToLong(UsageWriterState::sequence).max().orElse(0L);
        try (UsageStore store = stores.open()) {
            store.checkRestoredState(generation, lineage, coveredRestore, coveredSequence);
        } catch (SQLException e) {
            throw new IOException("Could not check the restored state against PostgreSQL: " + e.getMessage(), e);
        }
        long restoredCheckpoint = states.isEmpty() ? 0L : context.getRestoredCheckpointId().orElse(0L);
        return new UsageWriter(
                generation, lineage, restoredCheckpoint, context.getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public SimpleVersionedSerializer<UsageWriterState> getWriterStateSerializer() {
        return new UsageWriterState.Serializer();
    }

    @Override
    public Committer<UsageCommittable> createCommitter(CommitterInitContext context) {
        boolean prunes = context.getTaskInfo().getIndexOfThisSubtask() == 0;
        return new UsageCommitter(stores, generation, fenceRetention, prunes);
    }

    @Override
    public SimpleVersionedSerializer<UsageCommittable> getCommittableSerializer() {
        return new UsageCommittableSerializer();
    }
}
