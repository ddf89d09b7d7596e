package io.meterflow.sink;

import java.sql.SQLException;
import java.time.Duration;

/** Where committables land. {@link PostgresUsageStore} in production; tests wrap it to inject failures. */
public interface UsageStore extends AutoCloseable {

    /** Applies the committable in one transaction; false when its fence row says it already was. */
    boolean apply(UsageCommittable committable) throws SQLException;

    /**
     * Refuses (with {@link StaleStateException}) state older than what the store already holds.
     *
     * @param restoredCheckpoint with {@code sequence}: the position of the last commit the state
     *     covers ({@link UsageWriterState}); (0, 0) for a start without state
     */
    void checkRestoredState(int generation, String lineage, long restoredCheckpoint, long sequence)
            throws SQLException;

    /** Deletes fence rows older than the retention, keeping what the interlock needs. */
    int pruneFence(int generation, Duration retention) throws SQLException;

    @Override
    void close();
}
