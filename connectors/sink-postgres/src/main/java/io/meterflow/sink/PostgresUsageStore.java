package io.meterflow.sink;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.config.PostgresConnectionSettings;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committer's view of PostgreSQL: applies committables exactly once behind the commit fence,
 * keeps {@code meterflow.meters} in sync, and guards against stale state (guarantee 4).
 *
 * <p>A facade over one connection ({@link StoreConnection}): every call commits or rolls back before
 * it returns, and the statements live with their purpose: {@link CommitFence} and {@link FenceCheck}
 * (exactly once, zombies), {@link CommitStatements} (usage rows), {@link GenerationOwner} (the restore
 * interlock), {@link MeterSync}, {@link FencePruner}. Every statement is a fixed SQL text; all values
 * (event content included) travel as bind parameters.
 *
 * <p>Not thread-safe: one store per committer. Opens its connection lazily and reconnects after a
 * broken connection.
 */
public final class PostgresUsageStore implements UsageStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresUsageStore.class);

    private final StoreConnection connection;

    public PostgresUsageStore(PostgresConnectionSettings settings) {
        this.connection = new StoreConnection(settings);
    }

    /**
     * Applies the committable in ONE transaction: the fence row first (already there: roll back and
     * return false), then window deltas (sorted by key), unique values, counters, rejections and
     * notifications. A broken connection is reopened and the whole transaction tried once more; the
     * fence makes that safe even when the first commit's outcome is unknown.
     *
     * @return true when applied now, false when its fence row shows it was applied before
     */
    @Override
    public boolean apply(UsageCommittable c, String committerJobId) throws SQLException {
        try {
            return applyOnce(c, committerJobId);
        } catch (SQLException e) {
            if (!StoreConnection.isConnectionFailure(e)) {
                throw e;
            }
            LOG.warn("PostgreSQL connection lost while applying {} ({}); reconnecting and retrying once",
                    c.id(), e.getMessage());
            return applyOnce(c, committerJobId);
        }
    }

    private boolean applyOnce(UsageCommittable c, String committerJobId) throws SQLException {
        CommitId id = c.id();
        SortedMap<WindowKey, WindowDelta> windows = c.windows();
        return connection.run(conn -> {
            CommitFence.checkOwner(conn, c, committerJobId);
            if (!CommitFence.insert(conn, id)) {
                conn.rollback();
                return false;
            }
            CommitFence.checkRequired(conn, c);
            Map<String, Long> sealed = CommitStatements.sealedHours(conn, id.generation());
            // Keys hold neither NUL nor lone surrogates: the decoder and the meters reject them.
            CommitStatements.upsertWindows(conn, id.generation(), windows);
            CommitStatements.upsertSealedHours(conn, id.generation(), windows, sealed);
            CommitStatements.insertUniqueValues(conn, id.generation(), windows);
            CommitStatements.addCounters(conn, id, c.counters());
            CommitStatements.insertRejections(conn, id.generation(), c.rejections());
            CommitStatements.insertNotifications(conn, c.notifications());
            conn.commit();
            return true;
        });
    }

    /** Whether the committable with this id was applied (its fence row exists; pruned rows read false). */
    public boolean isApplied(CommitId id) throws SQLException {
        return connection.inTransaction(conn -> CommitFence.isApplied(conn, id));
    }

    /**
     * Records the meters of {@code generation} for query_usage (insert or update; meters no longer
     * configured stay, their rows remain queryable). Creates the generation row if it is missing.
     *
     * @throws IllegalStateException naming every meter whose aggregation or window size differs from
     *     what this generation stores (its rows would be misread); nothing is changed then
     */
    public void syncMeters(int generation, List<MeterSchema> meters) throws SQLException {
        connection.inTransaction(conn -> {
            MeterSync.sync(conn, generation, meters);
            return null;
        });
    }

    /**
     * The permanent dedupe bit number of every meter slug, assigning the next free numbers to
     * {@code slugs} never seen before (see {@code V7__meter_ordinals.sql}).
     */
    public Map<String, Integer> meterOrdinals(List<String> slugs) throws SQLException {
        return connection.inTransaction(conn -> MeterOrdinalAssignment.assign(conn, slugs));
    }

    /**
     * Takes or joins ownership of the claim's generation (guarantees 4 and 8), deciding with
     * {@link OwnershipClaim#decide} on facts read under the owner row's lock: claims are serialized,
     * and a claim waits for commits in flight (they hold the row in share mode).
     */
    @Override
    public void claim(OwnershipClaim claim) throws SQLException {
        connection.inTransaction(conn -> {
            GenerationOwner.claim(conn, claim);
            return null;
        });
    }

    @Override
    public String awaitOwnerLineage(int generation, String jobId, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String lineage = connection.inTransaction(conn -> GenerationOwner.ownerLineage(conn, generation));
            if (!lineage.isEmpty()) {
                return lineage;
            }
            if (System.nanoTime() > deadline) {
                throw new StaleStateException("meterflow refuses to start: job " + jobId + " was restored, but no"
                        + " subtask brought the writer state that says which pipeline lineage generation " + generation
                        + " continues (was the usage sink's state dropped from the savepoint?). Restore a checkpoint or"
                        + " savepoint of the meterflow job, or run `meterflow rebuild`.");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the owner of generation " + generation, e);
            }
        }
    }

    /**
     * The ownership claim of a job with {@code lineage} whose state covers (restoredCheckpoint,
     * sequence), (0, 0) meaning no state, by a job that never ran before: the restore interlock as
     * one call (tests, tools).
     */
    public void checkRestoredState(int generation, String lineage, long restoredCheckpoint, long sequence)
            throws SQLException {
        String job = "check-" + java.util.UUID.randomUUID();
        claim(restoredCheckpoint == 0 && sequence == 0
                ? OwnershipClaim.freshStart(generation, lineage, job)
                : OwnershipClaim.restore(generation, job, restoredCheckpoint,
                        List.of(new UsageWriterState(generation, lineage, restoredCheckpoint, sequence, null))));
    }

    /** See {@link FencePruner#prune}. */
    @Override
    public int pruneFence(int generation, Duration retention) throws SQLException {
        return connection.inTransaction(conn -> FencePruner.prune(conn, generation, retention));
    }

    /**
     * Rolls up the generation's ended hours none of whose minutes was committed within {@code settle}
     * into usage_hours (see {@code V12__usage_hours.sql}), at most one hour per meter per call so that
     * the generation's commits, which wait for it, pause only briefly; and packs the minutes of sealed
     * hour rows a late delta unpacked once these were left alone as long ({@code V13}).
     *
     * @return the hours sealed plus the hour rows packed again; 0 when none was due
     */
    @Override
    public int sealHours(int generation, Duration settle) throws SQLException {
        return connection.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT meterflow.seal_usage_hours(?, now(), 1, ?::interval)")) {
                ps.setInt(1, generation);
                ps.setString(2, settle.toSeconds() + " seconds");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The generation readers see ({@code meterflow.active_generation}). */
    public int activeGeneration() throws SQLException {
        return connection.inTransaction(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT generation FROM meterflow.active_generation");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("meterflow.active_generation is empty: the schema is damaged");
                }
                return rs.getInt(1);
            }
        });
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "PostgresUsageStore{" + connection + "}";
    }
}
