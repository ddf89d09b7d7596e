package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.event.RejectedEvent;
import io.meterflow.sink.PostgresTestSupport.Epoch;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UsageStore} promises the committer, run against {@link PostgresUsageStore} (the
 * truth) and {@link InMemoryUsageStore} (the committer tests' stand-in): if the fake drifts from
 * PostgreSQL, its subclass fails here. Assertions read totals, never calls.
 */
abstract class UsageStoreContractTest {

    abstract UsageStore store();

    /** A generation with no rows. */
    abstract int newGeneration() throws SQLException;

    abstract long eventCount(int generation, String meter) throws SQLException;

    abstract BigDecimal valueSum(int generation, String meter) throws SQLException;

    abstract long counter(int generation, String meter, CounterName name) throws SQLException;

    abstract int rejections(int generation) throws SQLException;

    abstract int fenceRows(int generation) throws SQLException;

    /** Makes the generation's fence rows {@code age} older. */
    abstract void ageFence(int generation, Duration age) throws SQLException;

    static String lineage() {
        return UUID.randomUUID().toString();
    }

    /** One SUM event of {@code value} for meter m_sum, counted; prepared by {@code job} ("" for none). */
    static UsageCommittable commit(int g, String lineage, long restored, long sequence, int subtask, String job,
            CommitPosition requires, String value) {
        UsageCommittable c = new Epoch(new CommitId(g, lineage, restored, sequence, subtask))
                .event("m_sum", Aggregation.SUM, "c1", "2026-01-01T00:00:" + (10 + sequence % 40) + "Z", value)
                .counter("", CounterName.EVENTS_READ, 1)
                .build();
        return new UsageCommittable(c.id(), c.windows(), c.counters(), c.rejections(), job, requires);
    }

    static UsageCommittable commit(int g, String lineage, long restored, long sequence) {
        return commit(g, lineage, restored, sequence, 0, "", null, "1");
    }

    private void claimRestore(int g, String job, String lineage, long restoredCheckpoint, long coveredRestore,
            long coveredSequence) throws SQLException {
        store().claim(OwnershipClaim.restore(g, job, restoredCheckpoint,
                List.of(new UsageWriterState(g, lineage, coveredRestore, coveredSequence, null))));
    }

    // ---- the fence --------------------------------------------------------------------------------

    @Test
    void aCommittableAppliedTwiceCountsOnce() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        UsageCommittable c = commit(g, l, 0, 1, 0, "", null, "2.5");
        assertThat(store().apply(c)).isTrue();
        assertThat(store().apply(c)).isFalse();
        assertThat(store().apply(commit(g, l, 0, 2, 0, "", null, "0.5"))).isTrue();
        assertThat(store().apply(c)).isFalse(); // replayed after a later one: still once
        assertThat(eventCount(g, "m_sum")).isEqualTo(2);
        assertThat(valueSum(g, "m_sum")).isEqualByComparingTo("3.0");
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isEqualTo(2);
        assertThat(counter(g, "m_sum", CounterName.METER_COUNTED)).isEqualTo(2);
        assertThat(fenceRows(g)).isEqualTo(2);
    }

    @Test
    void subtasksOfOneEpochAreDistinctCommittables() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        assertThat(store().apply(commit(g, l, 0, 1, 0, "", null, "1"))).isTrue();
        assertThat(store().apply(commit(g, l, 0, 1, 1, "", null, "1"))).isTrue();
        assertThat(store().apply(commit(g, l, 0, 1, 1, "", null, "1"))).isFalse();
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isEqualTo(2);
        assertThat(eventCount(g, "m_sum")).isEqualTo(2);
    }

    @Test
    void rejectionsAreKeptOncePerKafkaPosition() throws SQLException {
        int g = newGeneration();
        RejectedEvent r = PostgresUsageStoreTest.rejection("events", 2, 77, null);
        RejectedEvent forMeter = PostgresUsageStoreTest.rejection("events", 2, 77, "m_rej");
        store().apply(new Epoch(new CommitId(g, lineage(), 0, 1, 0)).rejection(r).rejection(forMeter).build());
        // Another lineage (a replay) rejecting the same Kafka record adds no row.
        store().apply(new Epoch(new CommitId(g, lineage(), 0, 1, 0)).rejection(r).build());
        assertThat(rejections(g)).isEqualTo(2);
    }

    // ---- owner fencing and the required predecessor -----------------------------------------------

    @Test
    void aJobThatLostTheGenerationCannotCommitItsOwnCommittables() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        store().claim(OwnershipClaim.freshStart(g, l, "job-1"));
        assertThat(store().apply(commit(g, l, 0, 1, 0, "job-1", null, "1"), "job-1")).isTrue();
        claimRestore(g, "job-2", l, 5, 0, 1);
        assertThatThrownBy(() -> store().apply(commit(g, l, 0, 2, 0, "job-1", null, "1"), "job-1"))
                .isInstanceOf(FencedOutException.class)
                .hasMessageContaining("no longer owns generation " + g)
                .hasMessageContaining("job-2");
        // Committables restored from job-1's state still commit once under job-2; its own commit.
        assertThat(store().apply(commit(g, l, 0, 1, 0, "job-1", null, "1"), "job-2")).isFalse();
        assertThat(store().apply(commit(g, l, 5, 1, 0, "job-2", null, "1"), "job-2")).isTrue();
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isEqualTo(2);
        assertThat(fenceRows(g)).isEqualTo(2);
    }

    @Test
    void aMissingPredecessorIsRefusedAndAppliesNothing() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        UsageCommittable first = commit(g, l, 0, 1);
        UsageCommittable second = commit(g, l, 0, 2, 0, "", CommitPosition.of(first.id()), "1");
        assertThatThrownBy(() -> store().apply(second))
                .isInstanceOf(PostgresBehindStateException.class)
                .hasMessageContaining("PostgreSQL is older than the job's state")
                .hasMessageContaining(CommitPosition.of(first.id()).toString());
        assertThat(fenceRows(g)).isZero(); // the fence row went with the refused transaction
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isZero();
        assertThat(store().apply(first)).isTrue();
        assertThat(store().apply(second)).isTrue();
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isEqualTo(2);
    }

    @Test
    void aLaterCommitOfTheLineageStandsForAPrunedPredecessor() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        UsageCommittable gone = commit(g, l, 0, 1);
        // The predecessor's row is absent, but a commit of a later run of the lineage is there.
        store().apply(commit(g, l, 7, 1));
        assertThat(store().apply(commit(g, l, 7, 2, 0, "", CommitPosition.of(gone.id()), "1"))).isTrue();
        // Rows of the committable's own epoch do not stand in for it: they may have landed after the loss.
        String l2 = lineage();
        store().apply(commit(g, l2, 7, 1));
        assertThatThrownBy(() -> store().apply(commit(g, l2, 7, 1, 1, "", new CommitPosition(7, 0, 1), "1")))
                .isInstanceOf(PostgresBehindStateException.class);
        assertThat(fenceRows(g)).isEqualTo(3);
    }

    // ---- the restore interlock --------------------------------------------------------------------

    @Test
    void aRestoreOlderThanTheStoreIsRefused() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        store().claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store().apply(commit(g, l, 0, 1, 0, "job-1", null, "1"), "job-1");
        store().apply(commit(g, l, 0, 2, 0, "job-1", null, "1"), "job-1");
        claimRestore(g, "job-2", l, 12, 0, 2); // the latest checkpoint: fine
        store().apply(commit(g, l, 12, 1, 0, "job-2", null, "1"), "job-2");
        assertThatThrownBy(() -> claimRestore(g, "job-3", l, 4, 0, 2)) // an old savepoint
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("is older than what PostgreSQL generation " + g + " already holds")
                .hasMessageContaining("commits up to 12/1");
        claimRestore(g, "job-4", l, 13, 12, 1);
    }

    @Test
    void aFreshStartOnAWrittenGenerationAndAForeignLineageAreRefused() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        store().claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store().apply(commit(g, l, 0, 1, 0, "job-1", null, "1"), "job-1");
        assertThatThrownBy(() -> store().claim(OwnershipClaim.freshStart(g, lineage(), "job-2")))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("already holds usage committed by another run (pipeline lineage " + l);
        assertThatThrownBy(() -> claimRestore(g, "job-3", lineage(), 3, 0, 1))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("is written by lineage " + l);
        int other = newGeneration();
        // State of the first format does not say its generation: the store knows where the lineage wrote.
        assertThatThrownBy(() -> store().claim(OwnershipClaim.restore(other, "job-4", 3,
                        List.of(new UsageWriterState(UsageWriterState.UNKNOWN_GENERATION, l, 0, 1, null)))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("belongs to generation " + g + " but the job writes generation " + other);
        // The owner's own subtasks join.
        store().claim(OwnershipClaim.freshStart(g, l, "job-1"));
    }

    @Test
    void theOwnersLineageIsAwaitedAndAMissingOneTimesOut() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        assertThatThrownBy(() -> store().awaitOwnerLineage(g, "job-x", Duration.ofMillis(50)))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("no subtask brought the writer state");
        store().claim(OwnershipClaim.freshStart(g, l, "job-1"));
        assertThat(store().awaitOwnerLineage(g, "job-1", Duration.ofSeconds(5))).isEqualTo(l);
    }

    // ---- pruning ----------------------------------------------------------------------------------

    @Test
    void pruningKeepsEachWritersLatestAndTheInterlockWorking() throws SQLException {
        int g = newGeneration();
        String a = lineage();
        for (long s = 1; s <= 4; s++) {
            store().apply(commit(g, a, 0, s));
        }
        store().apply(commit(g, a, 9, 1));
        UsageCommittable recent = commit(g, a, 9, 1, 1, "", null, "1");
        ageFence(g, Duration.ofDays(3));
        store().apply(recent);
        assertThat(store().pruneFence(g, Duration.ofDays(1))).isEqualTo(4);
        assertThat(store().pruneFence(g, Duration.ofDays(1))).isZero();
        assertThat(fenceRows(g)).isEqualTo(2);
        assertThat(store().apply(recent)).isFalse();
        assertThat(store().apply(commit(g, a, 9, 1))).isFalse();
        assertThatThrownBy(() -> claimRestore(g, "job-old", a, 2, 0, 3)).isInstanceOf(StaleStateException.class);
        // Pruned rows are no longer recognised: what retention must outlast (the oldest restorable checkpoint).
        assertThat(store().apply(commit(g, a, 0, 1))).isTrue();
        assertThat(counter(g, "", CounterName.EVENTS_READ)).isEqualTo(7);
    }
}
