package io.meterflow.sink;

import java.time.Instant;

/**
 * The commit fence's decisions, pure (as {@link OwnershipClaim#decide} is for claims): {@link
 * CommitFence} reads the facts inside the commit's transaction, the rules live here and are tested
 * without a database.
 */
final class FenceCheck {

    /** The generation's owner row as the commit read it; {@code jobId} empty while nobody claimed it. */
    record Owner(String jobId, Instant claimedAt) {}

    /** Why a commit may go on as far as ownership is concerned. */
    enum Ownership {
        /** The generation has no owner row: nothing to fence against. */
        NO_OWNER_ROW,
        /**
         * Restored from an earlier job's state (or prepared by a job other than the committer): its
         * fence row keeps it once, whoever owns the generation.
         */
        RESTORED,
        /** The owner row exists but no job has claimed the generation yet. */
        UNCLAIMED,
        /** The committer owns the generation. */
        OWNED
    }

    /** Why a commit may go on as far as its predecessor is concerned. */
    enum Predecessor {
        /** The committable requires nothing (the first of its writer). */
        NONE_REQUIRED,
        /** The required committable, or a later one of the lineage that stands for it, is in the fence. */
        PRESENT
    }

    private FenceCheck() {}

    /**
     * Zombie fencing: a committable this job prepared commits only while the job owns the generation.
     *
     * @param owner the owner row, null when the generation has none
     * @throws FencedOutException when another job took the generation over
     */
    static Ownership owner(UsageCommittable c, String committerJobId, Owner owner) {
        if (owner == null) {
            return Ownership.NO_OWNER_ROW;
        }
        if (c.jobId().isEmpty() || !c.jobId().equals(committerJobId)) {
            return Ownership.RESTORED;
        }
        if (owner.jobId().isEmpty()) {
            return Ownership.UNCLAIMED;
        }
        if (owner.jobId().equals(committerJobId)) {
            return Ownership.OWNED;
        }
        throw new FencedOutException("meterflow job " + committerJobId + " no longer owns generation "
                + c.id().generation() + ": Flink job " + owner.jobId() + " took it over at "
                + owner.claimedAt() + " (a second job started from the same checkpoint or"
                + " savepoint, or a replay or resubmission while this job ran). This job stops without"
                + " committing " + c.id() + "; the new owner counts those events. If job " + owner.jobId()
                + " is not meant to run, stop it and resume from the latest checkpoint.");
    }

    /**
     * Guarantee 4 at commit time: the committable before this one must be in the fence, else
     * PostgreSQL lost commits that the state counts as applied.
     *
     * @param found whether the fence holds the required committable or a later one standing for it
     *     (ignored when nothing is required)
     * @throws PostgresBehindStateException when it is missing
     */
    static Predecessor predecessor(UsageCommittable c, boolean found) {
        CommitPosition req = c.requires();
        if (req == null) {
            return Predecessor.NONE_REQUIRED;
        }
        if (found) {
            return Predecessor.PRESENT;
        }
        CommitId id = c.id();
        throw new PostgresBehindStateException("PostgreSQL is older than the job's state: commit " + req
                + " of pipeline lineage " + id.lineage() + " in generation " + id.generation()
                + ", which the job's state counts as applied, is missing from meterflow.commit_fence"
                + " (PostgreSQL was restored to an earlier point: a failover to an asynchronous standby,"
                + " or a point-in-time restore). Usage it held is lost and the dedupe state would keep a"
                + " replay from counting it again. Run `meterflow rebuild` to recompute usage into a new"
                + " generation from Kafka, or restore the job from a checkpoint older than PostgreSQL's"
                + " state (`meterflow run --from-checkpoint`).");
    }
}
