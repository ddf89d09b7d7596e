package io.meterflow.sink;

import java.sql.SQLException;
import java.time.Duration;

/** Where committables land. {@link PostgresUsageStore} in production; tests wrap it to inject failures. */
public interface UsageStore extends AutoCloseable {

    /**
     * Applies the committable in one transaction; false when its fence row says it already was.
     *
     * @param committerJobId the Flink job running the committer: a committable this job prepared is
     *     applied only while the job owns the generation; one restored from an earlier job's state is
     *     applied whoever owns it (its fence row keeps it once)
     * @throws FencedOutException when another job owns the generation now
     * @throws PostgresBehindStateException when the committable it {@linkplain UsageCommittable#requires()
     *     requires} is missing
     */
    boolean apply(UsageCommittable committable, String committerJobId) throws SQLException;

    /** {@link #apply(UsageCommittable, String)} by the job that prepared it. */
    default boolean apply(UsageCommittable committable) throws SQLException {
        return apply(committable, committable.jobId());
    }

    /**
     * Takes (or joins) ownership of the claim's generation, or refuses with {@link StaleStateException}
     * when the claim's state is older than what the store holds, belongs to another lineage or
     * generation, or is a start without state on a generation that holds commits.
     */
    void claim(OwnershipClaim claim) throws SQLException;

    /**
     * The lineage of the generation's owner, for a subtask of a restored job that received no writer
     * state; waits (up to {@code timeout}) while no job has claimed the generation yet.
     */
    String awaitOwnerLineage(int generation, String jobId, Duration timeout) throws SQLException;

    /** Deletes fence rows older than the retention, keeping what the interlock needs. */
    int pruneFence(int generation, Duration retention) throws SQLException;

    /** Rolls up ended hours of the generation with no minute committed within {@code settle}; returns how many. */
    int sealHours(int generation, Duration settle) throws SQLException;

    @Override
    void close();
}
