package io.meterflow.sink;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a starting job asks of PostgreSQL before its writers write: to own its generation (zombie
 * fencing: commits of any other job are refused from then on, as Kafka's producer epochs fence
 * old producers), given the state it was restored from. {@link #decide} is the whole rule, pure, so
 * that it is tested without a database; {@link UsageStore#claim} gathers the facts under a row lock
 * and records the outcome.
 *
 * <p>The rule, per generation: a job without state may start only on a generation that holds no
 * commits (else it would count the topic again). A restored job must bring the generation's own
 * lineage and generation, and state at least as new as every commit of that lineage (guarantee 4).
 * A job that passes takes over ownership; a job that already owns the generation (another of its
 * subtasks, or the same job after a failover) joins.
 */
public final class OwnershipClaim {
    private final int generation;
    private final String jobId;
    private final String lineage;
    private final boolean fresh;
    private final long coveredRestore;
    private final long coveredSequence;
    private final CommitPosition lastCommittable;
    private final int stateGeneration;
    private final long restoredCheckpoint;

    private OwnershipClaim(int generation, String jobId, String lineage, boolean fresh, long coveredRestore,
            long coveredSequence, CommitPosition lastCommittable, int stateGeneration, long restoredCheckpoint) {
        this.generation = generation;
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.lineage = Objects.requireNonNull(lineage, "lineage");
        this.fresh = fresh;
        this.coveredRestore = coveredRestore;
        this.coveredSequence = coveredSequence;
        this.lastCommittable = lastCommittable;
        this.stateGeneration = stateGeneration;
        this.restoredCheckpoint = restoredCheckpoint;
    }

    /** A job started without state, which would begin lineage {@code freshLineage}. */
    public static OwnershipClaim freshStart(int generation, String freshLineage, String jobId) {
        return new OwnershipClaim(generation, jobId, freshLineage, true, 0, 0, null,
                UsageWriterState.UNKNOWN_GENERATION, 0);
    }

    /**
     * A job restored from checkpoint {@code restoredCheckpoint} with (this subtask's share of) the
     * writer states, all of one lineage.
     *
     * @throws StaleStateException when the states mix lineages or belong to another generation
     */
    public static OwnershipClaim restore(int generation, String jobId, long restoredCheckpoint,
            Collection<UsageWriterState> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a restore claim needs the restored writer states");
        }
        Set<String> lineages = states.stream().map(UsageWriterState::lineage).collect(Collectors.toSet());
        if (lineages.size() > 1) {
            throw new StaleStateException("Writer state mixes pipeline lineages " + lineages
                    + "; restore from a checkpoint or savepoint of one meterflow job.");
        }
        Set<Integer> generations = states.stream().map(UsageWriterState::generation)
                .filter(g -> g != UsageWriterState.UNKNOWN_GENERATION).collect(Collectors.toSet());
        int stateGeneration = generations.size() == 1 ? generations.iterator().next() : UsageWriterState.UNKNOWN_GENERATION;
        if (generations.size() > 1 || (stateGeneration != UsageWriterState.UNKNOWN_GENERATION && stateGeneration != generation)) {
            throw wrongGeneration(generations.toString(), generation);
        }
        // Every subtask prepares a committable at every checkpoint, so they share one position.
        long coveredRestore = states.stream().mapToLong(UsageWriterState::restoredCheckpoint).max().orElse(0L);
        long coveredSequence = states.stream().mapToLong(UsageWriterState::sequence).max().orElse(0L);
        CommitPosition last = states.stream().map(UsageWriterState::lastCommittable).filter(Objects::nonNull)
                .max(CommitPosition.ORDER).orElse(null);
        return new OwnershipClaim(generation, jobId, lineages.iterator().next(), false, coveredRestore,
                coveredSequence, last, stateGeneration, restoredCheckpoint);
    }

    static StaleStateException wrongGeneration(String stateGenerations, int generation) {
        return new StaleStateException("meterflow refuses to start: the restored state belongs to generation "
                + stateGenerations + " but the job writes generation " + generation + " (the active one, or the one"
                + " given). Continuing would mix two generations' counts. Restore a checkpoint or savepoint of"
                + " generation " + generation + ", or start that generation's job again with its own state.");
    }

    public int generation() { return generation; }
    public String jobId() { return jobId; }
    public String lineage() { return lineage; }
    public boolean fresh() { return fresh; }
    /** The position the state covers: (restored checkpoint, sequence) of its last commit; (0, 0) when fresh. */
    public long coveredRestore() { return coveredRestore; }
    public long coveredSequence() { return coveredSequence; }
    /** The restored state's last non-empty committable, null for none (or the first state format). */
    public CommitPosition lastCommittable() { return lastCommittable; }
    /** The checkpoint this job was restored from, 0 for a fresh start. */
    public long restoredCheckpoint() { return restoredCheckpoint; }
    /** -1 when the state did not record it (first format): then PostgreSQL is asked which one the lineage wrote. */
    public int stateGeneration() { return stateGeneration; }

    /** The generation's current owner; {@code lineage} and {@code jobId} are empty when nobody claimed it yet. */
    public record Owner(String lineage, String jobId, long epoch, Instant claimedAt, Instant lastCommitAt) {
        boolean unowned() {
            return lineage.isEmpty();
        }
    }

    /**
     * What PostgreSQL holds that the rule needs.
     *
     * @param newerCommit the newest commit of the claim's lineage beyond its covered position, null if none
     * @param anyCommitLineage a lineage with commits in the generation (the latest), null if none
     * @param anyCommitAt when that lineage last committed
     * @param otherGeneration a generation other than the claim's holding commits of its lineage, null if none
     */
    public record Facts(CommitPosition newerCommit, String anyCommitLineage, Instant anyCommitAt, Integer otherGeneration) {}

    public enum Outcome {
        /** This job already owns the generation (another subtask claimed it, or a failover restarted it). */
        JOIN,
        /** This job becomes the owner: every other job's commits are refused from now on. */
        TAKE_OVER
    }

    /** @throws StaleStateException saying what is wrong and what to do, when the job must not start */
    public Outcome decide(Owner owner, Facts facts) {
        if (!owner.unowned() && owner.jobId().equals(jobId)) {
            if (!owner.lineage().equals(lineage)) {
                throw new StaleStateException("meterflow refuses to start: subtasks of job " + jobId
                        + " disagree on the pipeline lineage (" + owner.lineage() + " vs " + lineage + ")");
            }
            return Outcome.JOIN;
        }
        if (fresh) {
            if (facts.anyCommitLineage() != null) {
                throw new StaleStateException("meterflow refuses to start without state: PostgreSQL generation "
                        + generation + " already holds usage committed by another run (pipeline lineage "
                        + facts.anyCommitLineage() + ", last commit " + facts.anyCommitAt() + ")" + ownerNote(owner)
                        + ". Counting the topic again from scratch would double count. Resume from the latest"
                        + " checkpoint/savepoint of that run (`meterflow run` resumes from checkpoint.dir;"
                        + " `meterflow submit --savepoint <path>`), or run `meterflow rebuild` to recompute usage"
                        + " into a new generation.");
            }
            return Outcome.TAKE_OVER;
        }
        if (facts.otherGeneration() != null) {
            throw wrongGeneration(String.valueOf(facts.otherGeneration()), generation);
        }
        if (!owner.unowned() && !owner.lineage().equals(lineage)) {
            throw new StaleStateException("meterflow refuses to start: the restored state is of pipeline lineage "
                    + lineage + ", but PostgreSQL generation " + generation + " is written by lineage "
                    + owner.lineage() + ownerNote(owner) + ". Its counts and this state's dedupe memory do not"
                    + " belong together. Resume from a checkpoint or savepoint of the current lineage, or run"
                    + " `meterflow rebuild` to recompute usage into a new generation.");
        }
        if (facts.newerCommit() != null) {
            CommitPosition n = facts.newerCommit();
            throw new StaleStateException("meterflow refuses to start: its state (pipeline lineage " + lineage
                    + ", commits up to " + coveredRestore + "/" + coveredSequence + ") is older than what PostgreSQL"
                    + " generation " + generation + " already holds (commits up to " + n.restoredCheckpoint() + "/"
                    + n.sequence() + ")" + ownerNote(owner) + ". Running on would count events twice. Resume from"
                    + " the latest checkpoint, or a savepoint taken after those commits, or run `meterflow rebuild`"
                    + " to recompute usage into a new generation.");
        }
        return Outcome.TAKE_OVER;
    }

    /** Who owns the generation, so that a second job started by mistake is recognisable. */
    private static String ownerNote(Owner owner) {
        if (owner.unowned() || owner.jobId().isEmpty()) {
            return "";
        }
        return "; the generation is owned by Flink job " + owner.jobId() + " since " + owner.claimedAt()
                + (owner.lastCommitAt() == null ? "" : ", last commit " + owner.lastCommitAt())
                + " (if that job is still running, this is a second job on the same generation: stop one)";
    }

    @Override
    public String toString() {
        return "OwnershipClaim{g" + generation + ", job " + jobId + ", lineage " + lineage
                + (fresh ? ", fresh" : ", covers " + coveredRestore + "/" + coveredSequence) + "}";
    }
}
