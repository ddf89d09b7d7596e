package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Guarantees 4 and 8 at commit time, without a database: every outcome of the fence's two checks
 * (the owner row read in share mode, the required predecessor in the fence).
 */
class FenceCheckTest {
    private static final Instant CLAIMED = Instant.parse("2026-01-01T00:00:00Z");
    private static final CommitId ID = new CommitId(3, "lineage-a", 5, 2, 1);

    private static UsageCommittable committable(String preparedBy, CommitPosition requires) {
        return new UsageCommittable(ID, new TreeMap<>(), new TreeMap<>(), List.of(), preparedBy, requires);
    }

    private static FenceCheck.Owner owner(String jobId) {
        return new FenceCheck.Owner(jobId, CLAIMED);
    }

    @Test
    void aGenerationWithoutOwnerRowFencesNothing() {
        assertThat(FenceCheck.owner(committable("job-1", null), "job-1", null))
                .isEqualTo(FenceCheck.Ownership.NO_OWNER_ROW);
    }

    @Test
    void aCommittableRestoredFromAnEarlierJobCommitsWhoeverOwnsTheGeneration() {
        // Prepared by job-0 (the state's job), committed by job-1 after the restore; job-2 owns now.
        assertThat(FenceCheck.owner(committable("job-0", null), "job-1", owner("job-2")))
                .isEqualTo(FenceCheck.Ownership.RESTORED);
        // First-format committables do not know their job.
        assertThat(FenceCheck.owner(committable("", null), "job-1", owner("job-2")))
                .isEqualTo(FenceCheck.Ownership.RESTORED);
    }

    @Test
    void anUnclaimedGenerationLetsItsWriterCommit() {
        assertThat(FenceCheck.owner(committable("job-1", null), "job-1", owner("")))
                .isEqualTo(FenceCheck.Ownership.UNCLAIMED);
    }

    @Test
    void theOwnerCommits() {
        assertThat(FenceCheck.owner(committable("job-1", null), "job-1", owner("job-1")))
                .isEqualTo(FenceCheck.Ownership.OWNED);
    }

    @Test
    void guarantee8_aJobWhoseGenerationWasTakenOverIsFencedOut() {
        assertThatThrownBy(() -> FenceCheck.owner(committable("job-1", null), "job-1", owner("job-2")))
                .isInstanceOf(FencedOutException.class)
                .hasMessageContaining("meterflow job job-1 no longer owns generation 3")
                .hasMessageContaining("Flink job job-2 took it over at " + CLAIMED)
                .hasMessageContaining("without committing " + ID);
    }

    @Test
    void aCommittableRequiringNothingIsNotChecked() {
        assertThat(FenceCheck.predecessor(committable("job-1", null), false))
                .isEqualTo(FenceCheck.Predecessor.NONE_REQUIRED);
    }

    @Test
    void aCommittableWhosePredecessorIsInTheFenceGoesOn() {
        assertThat(FenceCheck.predecessor(committable("job-1", new CommitPosition(5, 1, 1)), true))
                .isEqualTo(FenceCheck.Predecessor.PRESENT);
    }

    @Test
    void guarantee4_aMissingPredecessorMeansPostgresLostCommits() {
        CommitPosition required = new CommitPosition(5, 1, 1);
        assertThatThrownBy(() -> FenceCheck.predecessor(committable("job-1", required), false))
                .isInstanceOf(PostgresBehindStateException.class)
                .hasMessageContaining("PostgreSQL is older than the job's state: commit " + required
                        + " of pipeline lineage lineage-a in generation 3")
                .hasMessageContaining("meterflow rebuild");
    }
}
