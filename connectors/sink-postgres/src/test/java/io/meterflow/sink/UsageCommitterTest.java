package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.sink2.mocks.MockCommitRequest;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.junit.jupiter.api.Test;

/**
 * The committer with Flink's commit requests over the in-memory store (held to PostgreSQL's contract
 * by {@link UsageStoreContractTest}): what a lost acknowledgement, a restore, an interrupted batch
 * and a stale restore leave in the totals. The committer never asks Flink to retry later: a failure
 * that may pass fails the task, Flink restores the committable and commits it again, and the fence
 * keeps that once.
 */
class UsageCommitterTest {
    private static final int G = 1;
    private final InMemoryUsageStore db = new InMemoryUsageStore();
    private final AtomicInteger opens = new AtomicInteger();
    /** Committables whose apply lands, after which the committer sees the connection drop. */
    private final Set<CommitId> loseAckOf = ConcurrentHashMap.newKeySet();
    /** Committables whose apply fails before anything lands. */
    private final Set<CommitId> failBefore = ConcurrentHashMap.newKeySet();

    /** Records what the committer told Flink. */
    static final class Request extends MockCommitRequest<UsageCommittable> {
        int alreadyCommitted;
        int retryLater;

        Request(UsageCommittable c) {
            super(c);
        }

        @Override
        public void signalAlreadyCommitted() {
            alreadyCommitted++;
            super.signalAlreadyCommitted();
        }

        @Override
        public void retryLater() {
            retryLater++;
            super.retryLater();
        }
    }

    /** The store as a task manager reaches it: through a connection that can fail either side of a commit. */
    private final class Flaky extends InMemoryStoreHandle {
        @Override
        public boolean apply(UsageCommittable c, String committerJobId) throws SQLException {
            if (failBefore.remove(c.id())) {
                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
            }
            boolean applied = db.apply(c, committerJobId);
            if (loseAckOf.remove(c.id())) {
                throw new SQLException("An I/O error occurred while receiving the commit response", "08006");
            }
            return applied;
        }
    }

    /** Delegates to the shared database; close() is the connection's, the data stays. */
    private class InMemoryStoreHandle implements UsageStore {
        @Override
        public boolean apply(UsageCommittable c, String committerJobId) throws SQLException {
            return db.apply(c, committerJobId);
        }

        @Override
        public void claim(OwnershipClaim claim) {
            db.claim(claim);
        }

        @Override
        public String awaitOwnerLineage(int generation, String jobId, Duration timeout) {
            return db.awaitOwnerLineage(generation, jobId, timeout);
        }

        @Override
        public int pruneFence(int generation, Duration retention) {
            return db.pruneFence(generation, retention);
        }

        @Override
        public int sealHours(int generation, Duration settle) {
            return db.sealHours(generation, settle);
        }

        @Override
        public void close() {}
    }

    private UsageStoreFactory stores() {
        return () -> {
            opens.incrementAndGet();
            return new Flaky();
        };
    }

    private UsageCommitter committer(String jobId) {
        return new UsageCommitter(stores(), G, Duration.ofDays(7), false, jobId);
    }

    private static List<CommitRequest<UsageCommittable>> requests(Request... rs) {
        return new ArrayList<>(List.of(rs));
    }

    private static UsageCommittable committable(String lineage, long restored, long sequence, String job,
            CommitPosition requires, String value) {
        return UsageStoreContractTest.commit(G, lineage, restored, sequence, 0, job, requires, value);
    }

    private long eventsRead() {
        return db.counter(G, "", CounterName.EVENTS_READ);
    }

    @Test
    void aCommitWhoseAcknowledgementWasLostIsCountedOnceWhenFlinkCommitsItAgain() throws Exception {
        String job = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        db.claim(OwnershipClaim.freshStart(G, l, job));
        UsageCommittable c = committable(l, 0, 1, job, null, "2.5");
        loseAckOf.add(c.id());
        Request first = new Request(c);
        try (UsageCommitter committer = committer(job)) {
            assertThatThrownBy(() -> committer.commit(requests(first)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Could not apply " + c.id());
            assertThat(db.fenced(c.id())).isTrue(); // it did land
            // Flink fails the task, restores the committable from the checkpoint and commits it again.
            Request again = new Request(c);
            committer.commit(requests(again));
            assertThat(again.alreadyCommitted).isEqualTo(1);
            assertThat(again.getFailedWithUnknownReason()).isNull();
        }
        assertThat(first.retryLater).isZero();
        assertThat(opens.get()).isEqualTo(2); // the broken connection was dropped and a new one opened
        assertThat(db.eventCount(G, "m_sum")).isEqualTo(1);
        assertThat(db.valueSum(G, "m_sum")).isEqualByComparingTo("2.5");
        assertThat(eventsRead()).isEqualTo(1);
    }

    @Test
    void committablesReplayedAfterARestoreCountOnceAndTheNewOnesCount() throws Exception {
        String job1 = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        db.claim(OwnershipClaim.freshStart(G, l, job1));
        UsageCommittable c1 = committable(l, 0, 1, job1, null, "1");
        UsageCommittable c2 = committable(l, 0, 2, job1, CommitPosition.of(c1.id()), "2");
        try (UsageCommitter committer = committer(job1)) {
            committer.commit(requests(new Request(c1)));
            committer.commit(requests(new Request(c2)));
        }
        // A new job restores checkpoint 3, whose state still holds c1 and c2 as pending committables.
        String job2 = new JobID().toString();
        db.claim(OwnershipClaim.restore(G, job2, 3, List.of(new UsageWriterState(G, l, 0, 2, CommitPosition.of(c2.id())))));
        UsageCommittable c3 = committable(l, 3, 1, job2, CommitPosition.of(c2.id()), "4");
        Request r1 = new Request(c1);
        Request r2 = new Request(c2);
        Request r3 = new Request(c3);
        try (UsageCommitter committer = committer(job2)) {
            committer.commit(requests(r3, r2, r1));
        }
        assertThat(r1.alreadyCommitted + r2.alreadyCommitted).isEqualTo(2);
        assertThat(r3.alreadyCommitted).isZero();
        assertThat(db.eventCount(G, "m_sum")).isEqualTo(3);
        assertThat(db.valueSum(G, "m_sum")).isEqualByComparingTo("7");
        assertThat(eventsRead()).isEqualTo(3);
    }

    @Test
    void aBatchIsCommittedInLineageOrderWhateverOrderFlinkHandsIt() throws Exception {
        String job = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        db.claim(OwnershipClaim.freshStart(G, l, job));
        UsageCommittable c1 = committable(l, 0, 1, job, null, "1");
        UsageCommittable c2 = committable(l, 0, 2, job, CommitPosition.of(c1.id()), "1");
        UsageCommittable c3 = committable(l, 0, 3, job, CommitPosition.of(c2.id()), "1");
        try (UsageCommitter committer = committer(job)) {
            // c3 before c2 would be refused: PostgreSQL would look like it lost c2.
            committer.commit(requests(new Request(c3), new Request(c1), new Request(c2)));
        }
        assertThat(eventsRead()).isEqualTo(3);
    }

    @Test
    void aBatchInterruptedMidwayIsCompletedOnceByTheRetry() throws Exception {
        String job = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        db.claim(OwnershipClaim.freshStart(G, l, job));
        UsageCommittable c1 = committable(l, 0, 1, job, null, "1");
        UsageCommittable c2 = committable(l, 0, 2, job, CommitPosition.of(c1.id()), "10");
        UsageCommittable c3 = committable(l, 0, 3, job, CommitPosition.of(c2.id()), "100");
        failBefore.add(c2.id());
        try (UsageCommitter committer = committer(job)) {
            assertThatThrownBy(() -> committer.commit(requests(new Request(c1), new Request(c2), new Request(c3))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(c2.id().toString());
            // Stopped at c2: c1 landed, c3 was not tried.
            assertThat(db.fenced(c1.id())).isTrue();
            assertThat(db.fenced(c2.id())).isFalse();
            assertThat(db.fenced(c3.id())).isFalse();
            assertThat(db.valueSum(G, "m_sum")).isEqualByComparingTo("1");
        }
        // After the restart a new committer gets all three again.
        Request r1 = new Request(c1);
        try (UsageCommitter committer = committer(job)) {
            committer.commit(requests(r1, new Request(c2), new Request(c3)));
        }
        assertThat(r1.alreadyCommitted).isEqualTo(1);
        assertThat(db.eventCount(G, "m_sum")).isEqualTo(3);
        assertThat(db.valueSum(G, "m_sum")).isEqualByComparingTo("111");
        assertThat(eventsRead()).isEqualTo(3);
    }

    @Test
    void aStaleRestoreIsRefusedBeforeItWritesAndItsCommittablesChangeNothing() throws Exception {
        String job1 = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        UsageSink sink = new UsageSink(G, l, stores(), Duration.ofDays(7));
        sink.createWriter(context(job1, OptionalLong.empty())).close();
        List<UsageCommittable> done = new ArrayList<>();
        CommitPosition previous = null;
        try (UsageCommitter committer = committer(job1)) {
            for (long s = 1; s <= 5; s++) {
                UsageCommittable c = committable(l, 0, s, job1, previous, "1");
                committer.commit(requests(new Request(c)));
                done.add(c);
                previous = CommitPosition.of(c.id());
            }
        }
        // A savepoint taken after the second commit is restored: PostgreSQL holds three more.
        String job2 = new JobID().toString();
        UsageWriterState savepoint = new UsageWriterState(G, l, 0, 2, CommitPosition.of(done.get(1).id()));
        assertThatThrownBy(() -> sink.restoreWriter(context(job2, OptionalLong.of(9)), List.of(savepoint)))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("is older than what PostgreSQL generation " + G + " already holds")
                .hasMessageContaining("commits up to 0/5")
                .satisfies(e -> assertThat(e.getClass().getAnnotation(ThrowableAnnotation.class).value())
                        .isEqualTo(ThrowableType.NonRecoverableError));
        // Had the stale job run anyway, the savepoint's pending committables are recognised, and its
        // own next committable is refused: the generation is still job1's.
        Request replayed = new Request(done.get(1));
        try (UsageCommitter committer = committer(job2)) {
            committer.commit(requests(replayed));
            UsageCommittable own = committable(l, 9, 1, job2, CommitPosition.of(done.get(1).id()), "1");
            // job2's own committable while job1 owns the generation: fenced out, nothing lands.
            assertThatThrownBy(() -> committer.commit(requests(new Request(own)))).isInstanceOf(FencedOutException.class);
        }
        assertThat(replayed.alreadyCommitted).isEqualTo(1);
        assertThat(eventsRead()).isEqualTo(5);
        assertThat(db.fenceRows(G)).isEqualTo(5);
    }

    @Test
    void aStoreThatLostCommitsTheStateCountsIsRefusedWithoutRestart() throws Exception {
        String job = new JobID().toString();
        String l = UsageStoreContractTest.lineage();
        db.claim(OwnershipClaim.freshStart(G, l, job));
        UsageCommittable lost = committable(l, 0, 1, job, null, "1"); // never reached this store
        UsageCommittable next = committable(l, 0, 2, job, CommitPosition.of(lost.id()), "1");
        try (UsageCommitter committer = committer(job)) {
            assertThatThrownBy(() -> committer.commit(requests(new Request(next))))
                    .isInstanceOf(PostgresBehindStateException.class)
                    .hasMessageContaining("PostgreSQL is older than the job's state");
        }
        assertThat(eventsRead()).isZero();
        assertThat(db.fenceRows(G)).isZero();
    }

    /** The four things the sink reads from Flink's init context. */
    private static WriterInitContext context(String jobId, OptionalLong restoredCheckpoint) {
        JobInfoImpl job = new JobInfoImpl(JobID.fromHexString(jobId), "meterflow-test");
        TaskInfoImpl task = new TaskInfoImpl("usage-sink", 1, 0, 1, 0);
        return (WriterInitContext) Proxy.newProxyInstance(UsageCommitterTest.class.getClassLoader(),
                new Class<?>[] {WriterInitContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getJobInfo":
                            return job;
                        case "getTaskInfo":
                            return task;
                        case "getRestoredCheckpointId":
                            return restoredCheckpoint;
                        case "metricGroup":
                            return org.apache.flink.metrics.groups.UnregisteredMetricsGroup.createSinkWriterMetricGroup();
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
