package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.config.PostgresConnectionSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantees 4 and 8 at the store, against a real PostgreSQL: one job owns a generation, commits of
 * any other job's own committables are refused, restores are judged per job, and a PostgreSQL that
 * lost commits the state counts as applied is noticed.
 */
class GenerationOwnershipTest {
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;

    @BeforeAll
    static void migrate() {
        db = PostgresTestSupport.migratedDatabase(GenerationOwnershipTest.class);
        store = new PostgresUsageStore(db);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static int newGeneration() throws SQLException {
        return ((Number) one(db, "SELECT meterflow.create_generation('test')")).intValue();
    }

    private static UsageCommittable committable(int g, String lineage, long restored, long sequence, int subtask,
            String job, CommitPosition requires) {
        TreeMap<String, java.util.SortedMap<CounterName, Long>> counters = new TreeMap<>();
        counters.put("", new TreeMap<>(java.util.Map.of(CounterName.EVENTS_READ, 1L)));
        return new UsageCommittable(new CommitId(g, lineage, restored, sequence, subtask), new TreeMap<>(), counters,
                List.of(), job, requires);
    }

    private static long eventsRead(int g) throws SQLException {
        Object v = one(db, "SELECT value FROM meterflow.counters WHERE generation = ? AND meter = '' AND counter = 'events_read'", g);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static UsageWriterState state(int g, String lineage, long restored, long sequence) {
        return new UsageWriterState(g, lineage, restored, sequence, null);
    }

    @Test
    void aSecondJobFromTheSameCheckpointFencesTheFirstWhichThenCannotCommit() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        assertThat(store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1")).isTrue();
        // job-2 restores the checkpoint that covers (0, 1): nothing newer was committed, so it takes over.
        store.claim(OwnershipClaim.restore(g, "job-2", 5, List.of(state(g, l, 0, 1))));
        assertThatThrownBy(() -> store.apply(committable(g, l, 0, 2, 0, "job-1", null), "job-1"))
                .isInstanceOf(FencedOutException.class)
                .hasMessageContaining("no longer owns generation " + g)
                .hasMessageContaining("job-2");
        assertThat(FencedOutException.class.getAnnotation(org.apache.flink.runtime.throwable.ThrowableAnnotation.class)
                .value()).isEqualTo(org.apache.flink.runtime.throwable.ThrowableType.NonRecoverableError);
        // The owner's own committables and committables restored from job-1's state still commit.
        assertThat(store.apply(committable(g, l, 5, 1, 0, "job-2", null), "job-2")).isTrue();
        assertThat(store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-2")).isFalse(); // fence: once
        assertThat(eventsRead(g)).isEqualTo(2);
    }

    @Test
    void aSecondJobFromAnOlderPositionIsRefusedAndTheFirstKeepsCommitting() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1");
        store.apply(committable(g, l, 0, 2, 0, "job-1", new CommitPosition(0, 1, 0)), "job-1");
        assertThatThrownBy(() -> store.claim(OwnershipClaim.restore(g, "job-2", 1, List.of(state(g, l, 0, 1)))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("older than what PostgreSQL")
                .hasMessageContaining("owned by Flink job job-1");
        assertThat(store.apply(committable(g, l, 0, 3, 0, "job-1", new CommitPosition(0, 2, 0)), "job-1")).isTrue();
    }

    @Test
    void subtasksOfOneJobJoinOneClaimAndAFailoverOfTheSameJobKeepsIt() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1");
        store.apply(committable(g, l, 0, 1, 1, "job-1", null), "job-1");
        // Rescaled restore (2 -> 3): two subtasks got state, the third none.
        store.claim(OwnershipClaim.restore(g, "job-2", 3, List.of(state(g, l, 0, 1))));
        store.claim(OwnershipClaim.restore(g, "job-2", 3, List.of(state(g, l, 0, 1))));
        assertThat(store.awaitOwnerLineage(g, "job-2", Duration.ofSeconds(5))).isEqualTo(l);
        long epoch = ((Number) one(db, "SELECT epoch FROM meterflow.pipeline_owner WHERE generation = ?", g)).longValue();
        // A failover of job-2 restores a newer checkpoint of its own: it joins its own claim.
        store.apply(committable(g, l, 3, 1, 2, "job-2", null), "job-2");
        store.claim(OwnershipClaim.restore(g, "job-2", 4, List.of(state(g, l, 3, 1))));
        assertThat(((Number) one(db, "SELECT epoch FROM meterflow.pipeline_owner WHERE generation = ?", g)).longValue())
                .isEqualTo(epoch);
    }

    @Test
    void stateOfAnotherGenerationOrLineageIsRefused() throws SQLException {
        int g1 = newGeneration();
        int g2 = newGeneration();
        String l1 = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g1, l1, "job-1"));
        store.apply(committable(g1, l1, 0, 1, 0, "job-1", null), "job-1");
        // A generation-1 savepoint submitted after rebuild activated generation 2.
        assertThatThrownBy(() -> OwnershipClaim.restore(g2, "job-2", 7, List.of(state(g1, l1, 0, 1))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("belongs to generation [" + g1 + "]")
                .hasMessageContaining("writes generation " + g2);
        // The first state format has no generation: PostgreSQL knows where the lineage wrote.
        assertThatThrownBy(() -> store.claim(OwnershipClaim.restore(g2, "job-2", 7,
                        List.of(new UsageWriterState(l1, 0, 1)))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("belongs to generation " + g1);
        // Another lineage than the generation's.
        String l2 = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g2, l2, "job-3"));
        store.apply(committable(g2, l2, 0, 1, 0, "job-3", null), "job-3");
        String l3 = UUID.randomUUID().toString();
        assertThatThrownBy(() -> store.claim(OwnershipClaim.restore(g2, "job-4", 2, List.of(state(g2, l3, 0, 1)))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("is written by lineage " + l2);
    }

    @Test
    void postgresThatLostCommitsTheStateCountsAsAppliedIsRefused() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1");
        store.apply(committable(g, l, 0, 2, 0, "job-1", new CommitPosition(0, 1, 0)), "job-1");
        store.apply(committable(g, l, 0, 3, 0, "job-1", new CommitPosition(0, 2, 0)), "job-1");
        // A point-in-time restore to just after (0, 1): the later commits are gone.
        exec(db, "DELETE FROM meterflow.commit_fence WHERE generation = " + g + " AND sequence > 1");
        assertThatThrownBy(() -> store.apply(committable(g, l, 0, 4, 0, "job-1", new CommitPosition(0, 3, 0)), "job-1"))
                .isInstanceOf(PostgresBehindStateException.class)
                .hasMessageContaining("PostgreSQL is older than the job's state")
                .hasMessageContaining("0/3/t0")
                .hasMessageContaining("meterflow rebuild");
        assertThat(eventsRead(g)).as("nothing applied by the refused commit").isEqualTo(3);
        // A restored committable that PostgreSQL lost is simply applied again (nothing is lost then).
        assertThat(store.apply(committable(g, l, 0, 2, 0, "job-1", new CommitPosition(0, 1, 0)), "job-1")).isTrue();
        // Another subtask's commit of the refused committable's own epoch does not stand in for the lost one.
        store.apply(committable(g, l, 0, 4, 1, "job-1", null), "job-1");
        assertThatThrownBy(() -> store.apply(committable(g, l, 0, 4, 0, "job-1", new CommitPosition(0, 3, 0)), "job-1"))
                .isInstanceOf(PostgresBehindStateException.class);
        // A later commit of the lineage stands for a pruned predecessor.
        assertThat(store.apply(committable(g, l, 0, 5, 0, "job-1", new CommitPosition(0, 2, 0)), "job-1")).isTrue();
    }

    @Test
    void aWriterIdleForLongerThanTheFenceRetentionStillFindsTheCommittableItRequires() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1");
        exec(db, "UPDATE meterflow.commit_fence SET committed_at = now() - interval '8 days' WHERE generation = " + g);
        // Subtask 0 stayed idle for a week; subtask 1 commits epoch 4, and pruning runs.
        store.apply(committable(g, l, 0, 4, 1, "job-1", null), "job-1");
        store.pruneFence(g, Duration.ofDays(7));
        assertThat(store.apply(committable(g, l, 0, 4, 0, "job-1", new CommitPosition(0, 1, 0)), "job-1"))
                .as("not taken for a PostgreSQL that lost commits").isTrue();
    }

    @Test
    void aFreshStartOnAGenerationWithCommitsIsRefusedEvenWhenItsOwnerIsGone() throws SQLException {
        int g = newGeneration();
        String l = UUID.randomUUID().toString();
        store.claim(OwnershipClaim.freshStart(g, l, "job-1"));
        store.apply(committable(g, l, 0, 1, 0, "job-1", null), "job-1");
        assertThatThrownBy(() -> store.claim(OwnershipClaim.freshStart(g, UUID.randomUUID().toString(), "job-2")))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("without state")
                .hasMessageContaining(l);
        // A fresh start on a claimed generation that never committed is fine (nothing to count twice).
        int empty = newGeneration();
        store.claim(OwnershipClaim.freshStart(empty, UUID.randomUUID().toString(), "job-3"));
        store.claim(OwnershipClaim.freshStart(empty, UUID.randomUUID().toString(), "job-4"));
    }
}
