package io.meterflow.pipeline;

import io.meterflow.aggregate.UsageRecord;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A committing, stateful sink whose committer runs in a task of its own instead of chained behind the
 * writer. Flink commits on the task thread once a checkpoint completes: chained, the dedupe and the
 * writer stood still for the whole PostgreSQL transaction (in the profile the dedupe thread spent ~40 %
 * of a run waiting on the upsert of the window rows, more the more rows an event feeds). Apart, the
 * writer folds the next epoch while the previous one is applied.
 *
 * <p>Only the thread changes: the committables still travel before the barrier, are checkpointed by the
 * committer and applied after the checkpoint completed, and the writer and committer keep their uids,
 * state and parallelism (the hop between them is a forward edge, so both restart together). The extra
 * hop is one stateless pass-through operator.
 */
final class CommitInOwnTask<CommT, StateT>
        implements Sink<UsageRecord>,
                SupportsCommitter<CommT>,
                SupportsWriterState<UsageRecord, StateT>,
                SupportsPreCommitTopology<CommT, CommT> {
    private static final long serialVersionUID = 1L;
    /** Appended to the sink's uid by Flink; the operator has no state, so only its name is a contract. */
    static final String HOP_UID = "commit-in-own-task";
    static final String HOP_NAME = "Committables → committer task";

    private final Sink<UsageRecord> sink;

    private CommitInOwnTask(Sink<UsageRecord> sink) {
        this.sink = sink;
    }

    /** {@code sink} with its committer in its own task; a sink without committer or writer state as it is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Sink<UsageRecord> of(Sink<UsageRecord> sink) {
        if (sink instanceof SupportsCommitter && sink instanceof SupportsWriterState
                && !(sink instanceof SupportsPreCommitTopology)) {
            return new CommitInOwnTask(sink);
        }
        return sink;
    }

    @SuppressWarnings("unchecked")
    private SupportsCommitter<CommT> committing() {
        return (SupportsCommitter<CommT>) sink;
    }

    @SuppressWarnings("unchecked")
    private SupportsWriterState<UsageRecord, StateT> stateful() {
        return (SupportsWriterState<UsageRecord, StateT>) sink;
    }

    @Override
    public SinkWriter<UsageRecord> createWriter(WriterInitContext context) throws IOException {
        return sink.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<UsageRecord, StateT> restoreWriter(WriterInitContext context, Collection<StateT> states)
            throws IOException {
        return stateful().restoreWriter(context, states);
    }

    @Override
    public SimpleVersionedSerializer<StateT> getWriterStateSerializer() {
        return stateful().getWriterStateSerializer();
    }

    @Override
    public Committer<CommT> createCommitter(CommitterInitContext context) throws IOException {
        return committing().createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<CommT> getCommittableSerializer() {
        return committing().getCommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<CommT> getWriteResultSerializer() {
        return committing().getCommittableSerializer();
    }

    @Override
    public DataStream<CommittableMessage<CommT>> addPreCommitTopology(DataStream<CommittableMessage<CommT>> committables) {
        // A new chain starts here; the committer chains to it, in its own task thread.
        return committables.map(new PassThrough<CommT>(), committables.getType())
                .uid(HOP_UID)
                .name(HOP_NAME)
                .startNewChain();
    }

    private static final class PassThrough<T> implements MapFunction<CommittableMessage<T>, CommittableMessage<T>> {
        private static final long serialVersionUID = 1L;

        @Override
        public CommittableMessage<T> map(CommittableMessage<T> message) {
            return message;
        }
    }
}
