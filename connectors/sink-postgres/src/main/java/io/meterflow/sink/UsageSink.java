package io.meterflow.sink;

import io.meterflow.aggregate.MetricNames;
import io.meterflow.aggregate.UsageRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The exactly-once PostgreSQL sink: writers fold each checkpoint epoch into one committable per
 * subtask; the committer applies it after the checkpoint completes, in one fenced transaction.
 * No XA: a failed attempt leaves nothing behind but a rolled-back transaction.
 *
 * <p>The committer runs in a task of its own, not chained to the writer: a commit waits on
 * PostgreSQL for as long as an epoch's rows take, and in the writer's task that wait would hold up
 * the records, the next checkpoint barrier and the commits of the other sinks chained there (the
 * notifications topic's transaction is visible only once its task has committed it).
 */
public final class UsageSink
        implements Sink<UsageRecord>,
                SupportsCommitter<UsageCommittable>,
                SupportsWriterState<UsageRecord, UsageWriterState>,
                SupportsPreCommitTopology<UsageCommittable, UsageCommittable> {
    private static final long serialVersionUID = 1L;

    private final int generation;
    private final String freshLineage;
    private final UsageStoreFactory stores;
    private final Duration fenceRetention;
    /** Uid of the stateless hop that starts the committer's chain (prefixed with the sink's uid by Flink). */
    private static final String COMMIT_HANDOVER_UID = "commit-handover";
    /** How long a subtask without state waits for the generation's owner to be known. */
    private static final Duration OWNER_WAIT = Duration.ofMinutes(2);

    /**
     * @param freshLineage lineage for a start without state; a restore keeps the checkpointed one
     */
    public UsageSink(int generation, String freshLineage, UsageStoreFactory stores, Duration fenceRetention) {
        this.generation = generation;
        this.freshLineage = Objects.requireNonNull(freshLineage, "freshLineage");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.fenceRetention = Objects.requireNonNull(fenceRetention, "fenceRetention");
    }

    /** Called when the job starts without state: claims the generation for a new lineage. */
    @Override
    public SinkWriter<UsageRecord> createWriter(WriterInitContext context) throws IOException {
        String jobId = context.getJobInfo().getJobId().toString();
        Counter refusals = refusals(context);
        try {
            claim(OwnershipClaim.freshStart(generation, freshLineage, jobId));
        } catch (StaleStateException e) {
            refusals.inc();
            throw e;
        }
        return new UsageWriter(generation, freshLineage, 0L, context.getTaskInfo().getIndexOfThisSubtask(), jobId, null);
    }

    /**
     * Called on every subtask of a restored job, with this subtask's share of the writer states:
     * after a change of parallelism some subtasks get none. Whether the job was restored is decided
     * by Flink for the whole job (this method vs {@link #createWriter}), never from the share.
     */
    @Override
    public StatefulSinkWriter<UsageRecord, UsageWriterState> restoreWriter(
            WriterInitContext context, Collection<UsageWriterState> states) throws IOException {
        String jobId = context.getJobInfo().getJobId().toString();
        long restoredCheckpoint = context.getRestoredCheckpointId().orElse(0L);
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Counter refusals = refusals(context);
        if (states.isEmpty()) {
            // A subtask added by scaling out: the lineage is the generation's, and the subtasks that
            // received the state make the restore decision for the job.
            String lineage;
            try (UsageStore store = stores.open()) {
                lineage = store.awaitOwnerLineage(generation, jobId, OWNER_WAIT);
            } catch (SQLException e) {
                throw new IOException("Could not read the owner of generation " + generation + " from PostgreSQL: "
                        + e.getMessage(), e);
            }
            return new UsageWriter(generation, lineage, restoredCheckpoint, subtask, jobId, null);
        }
        OwnershipClaim claim;
        try {
            claim = OwnershipClaim.restore(generation, jobId, restoredCheckpoint, states);
            claim(claim);
        } catch (StaleStateException e) {
            refusals.inc();
            throw e;
        }
        return new UsageWriter(generation, claim.lineage(), restoredCheckpoint, subtask, jobId, claim.lastCommittable());
    }

    /**
     * Registered on every writer, so the series exists (at zero) while starts are accepted. A refusal
     * fails the job without a restart: the count lives only as long as the failing task's metrics.
     */
    private static Counter refusals(WriterInitContext context) {
        return context.metricGroup().addGroup(MetricNames.GROUP).counter(MetricNames.STALE_RESTORE_REFUSALS);
    }

    private void claim(OwnershipClaim claim) throws IOException {
        try (UsageStore store = stores.open()) {
            store.claim(claim);
        } catch (SQLException e) {
            throw new IOException("Could not check the restored state against PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public SimpleVersionedSerializer<UsageWriterState> getWriterStateSerializer() {
        return new UsageWriterState.Serializer();
    }

    @Override
    public Committer<UsageCommittable> createCommitter(CommitterInitContext context) {
        boolean prunes = context.getTaskInfo().getIndexOfThisSubtask() == 0;
        return new UsageCommitter(stores, generation, fenceRetention, prunes, context.getJobInfo().getJobId().toString(),
                new CommitterMetrics(context.metricGroup()));
    }

    @Override
    public SimpleVersionedSerializer<UsageCommittable> getCommittableSerializer() {
        return new UsageCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<UsageCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<UsageCommittable>> committables) {
        // Forward, same parallelism: each committer still receives exactly its writer's committables.
        return committables.map(m -> m, committables.getType())
                .uid(COMMIT_HANDOVER_UID)
                .name("Committables")
                .startNewChain();
    }

    @Override
    public SimpleVersionedSerializer<UsageCommittable> getWriteResultSerializer() {
        return new UsageCommittableSerializer();
    }
}
