package io.meterflow.sink;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committables of completed checkpoints, each in one fenced PostgreSQL transaction. A
 * committable restored after a failure is simply applied again: the fence turns a second apply
 * into a no-op, so the recovery path is the normal path.
 */
final class UsageCommitter implements Committer<UsageCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(UsageCommitter.class);
    private static final Comparator<UsageCommittable> COMMIT_ORDER =
            Comparator.<UsageCommittable>comparingLong(c -> c.id().restoredCheckpoint())
                    .thenComparingLong(c -> c.id().sequence())
                    .thenComparingInt(c -> c.id().subtask());
    /** An hour is rolled up once its minutes were left alone this long: later deltas for it are written twice. */
    static final Duration SEAL_SETTLE = Duration.ofMinutes(10);

    private final UsageStoreFactory stores;
    private final int generation;
    private final Duration fenceRetention;
    private final boolean prunes;
    private final String jobId;
    private final CommitterMetrics metrics;
    private UsageStore store;
    private long nextPruneAt;
    private long nextSealAt;

    UsageCommitter(UsageStoreFactory stores, int generation, Duration fenceRetention, boolean prunes, String jobId) {
        this(stores, generation, fenceRetention, prunes, jobId, CommitterMetrics.unregistered());
    }

    UsageCommitter(UsageStoreFactory stores, int generation, Duration fenceRetention, boolean prunes, String jobId,
            CommitterMetrics metrics) {
        this.metrics = metrics;
        this.jobId = jobId;
        this.stores = stores;
        this.generation = generation;
        this.fenceRetention = fenceRetention;
        this.prunes = prunes;
    }

    @Override
    public void commit(Collection<CommitRequest<UsageCommittable>> requests) throws IOException {
        List<CommitRequest<UsageCommittable>> ordered = new ArrayList<>(requests);
        ordered.sort((a, b) -> COMMIT_ORDER.compare(a.getCommittable(), b.getCommittable()));
        int pending = ordered.size();
        metrics.pending(pending);
        for (CommitRequest<UsageCommittable> request : ordered) {
            UsageCommittable c = request.getCommittable();
            try {
                long started = System.nanoTime();
                if (store().apply(c, jobId)) {
                    metrics.applied(c, System.nanoTime() - started);
                    LOG.debug("Applied {}", c);
                } else {
                    metrics.skipped(System.nanoTime() - started);
                    LOG.info("Skipped {}: already applied (fence)", c.id());
                    request.signalAlreadyCommitted();
                }
                metrics.pending(--pending);
            } catch (SQLException e) {
                closeStore();
                RefusedCommittableException refused = RefusedCommittableException.ifPermanent(c, e);
                if (refused != null) {
                    throw refused;
                }
                // Anything else may pass (a lost connection, a timeout): failing the task restarts from
                // the last checkpoint, the committable is restored and applied again, and the fence
                // keeps that exactly once. Refusals (FencedOutException, PostgresBehindStateException)
                // are not SQLExceptions: they fail the job without a restart.
                throw new IOException("Could not apply " + c.id() + " to PostgreSQL: " + e.getMessage(), e);
            }
        }
        pruneFenceNowAndThen();
        sealHoursNowAndThen();
    }

    /** The maintaining subtask seals an hour at a time: at every commit while behind, else once a minute. */
    private void sealHoursNowAndThen() {
        long now = System.currentTimeMillis();
        if (!prunes || now < nextSealAt) {
            return;
        }
        try {
            int sealed = store().sealHours(generation, SEAL_SETTLE);
            nextSealAt = sealed > 0 ? now : now + Duration.ofMinutes(1).toMillis();
        } catch (SQLException e) {
            LOG.warn("Sealing usage hours failed, will retry later: {}", e.getMessage());
            nextSealAt = now + Duration.ofMinutes(1).toMillis();
            closeStore();
        }
    }

    private void pruneFenceNowAndThen() {
        long now = System.currentTimeMillis();
        if (!prunes || now < nextPruneAt) {
            return;
        }
        nextPruneAt = now + Duration.ofMinutes(10).toMillis();
        try {
            int pruned = store().pruneFence(generation, fenceRetention);
            if (pruned > 0) {
                LOG.info("Pruned {} fence rows older than {}", pruned, fenceRetention);
            }
        } catch (SQLException e) {
            LOG.warn("Fence pruning failed, will retry later: {}", e.getMessage());
            closeStore();
        }
    }

    private UsageStore store() {
        if (store == null) {
            store = stores.open();
        }
        return store;
    }

    private void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    public void close() {
        closeStore();
    }
}
