package io.meterflow.sink;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@link PostgresUsageStore}'s contract without PostgreSQL, for committer tests: the fence (a
 * committable applies once), owner fencing, the required-predecessor check, the restore interlock
 * ({@link OwnershipClaim#decide} on the same facts) and fence pruning. {@link UsageStoreContractTest}
 * runs the same cases against both stores, so this one cannot drift from the real one.
 *
 * <p>One instance is the database: {@link #close()} drops nothing (a connection closing loses no
 * committed data), so a committer that closes and reopens its store sees the same rows. Each apply is
 * all or nothing, like the PostgreSQL transaction.
 */
final class InMemoryUsageStore implements UsageStore {

    record Fence(int generation, String lineage, long restoredCheckpoint, long sequence, int subtask) {
        static Fence of(CommitId id) {
            return new Fence(id.generation(), id.lineage(), id.restoredCheckpoint(), id.sequence(), id.subtask());
        }

        boolean after(long restored, long seq) {
            return restoredCheckpoint != restored ? restoredCheckpoint > restored : sequence > seq;
        }
    }

    private record Owner(String lineage, String jobId, long epoch, long restoredCheckpoint, Instant claimedAt) {}

    private record RowKey(int generation, WindowKey key) {}

    private record CounterKey(int generation, String meter, String counter, int subtask) {}

    private record RejectionKey(int generation, String topic, int partition, long offset, int batchIndex, String meter) {}

    private final Map<Fence, Instant> fence = new HashMap<>();
    private final Map<Integer, Owner> owners = new HashMap<>();
    private final Map<RowKey, WindowDelta> windows = new TreeMap<>(
            (a, b) -> a.generation() != b.generation() ? Integer.compare(a.generation(), b.generation())
                    : a.key().compareTo(b.key()));
    private final Map<CounterKey, Long> counters = new HashMap<>();
    private final Map<RejectionKey, RejectedEvent> rejections = new HashMap<>();
    private int applies;

    @Override
    public synchronized boolean apply(UsageCommittable c, String committerJobId) throws SQLException {
        applies++;
        CommitId id = c.id();
        checkOwner(c, committerJobId);
        Fence row = Fence.of(id);
        if (fence.containsKey(row)) {
            return false;
        }
        // PostgreSQL inserts the fence row first and checks the predecessor in the same transaction.
        fence.put(row, Instant.now());
        try {
            checkRequired(c);
        } catch (RuntimeException e) {
            fence.remove(row);
            throw e;
        }
        for (Map.Entry<WindowKey, WindowDelta> e : c.windows().entrySet()) {
            WindowDelta d = e.getValue();
            windows.computeIfAbsent(new RowKey(id.generation(), e.getKey()),
                    k -> new WindowDelta(d.aggregation(), d.windowEnd())).merge(d);
        }
        for (Map.Entry<String, java.util.SortedMap<CounterName, Long>> m : c.counters().entrySet()) {
            for (Map.Entry<CounterName, Long> n : m.getValue().entrySet()) {
                if (n.getValue() != null && n.getValue() != 0) {
                    String meter = m.getKey() == null ? "" : PostgresText.text(m.getKey());
                    counters.merge(new CounterKey(id.generation(), meter, n.getKey().sqlName(), id.subtask()),
                            n.getValue(), Long::sum);
                }
            }
        }
        for (RejectedEvent r : c.rejections()) {
            rejections.putIfAbsent(new RejectionKey(id.generation(), r.topic, r.partition, r.offset, r.batchIndex,
                    r.meter), r);
        }
        return true;
    }

    private void checkOwner(UsageCommittable c, String committerJobId) {
        Owner owner = owners.get(c.id().generation());
        if (owner == null || c.jobId().isEmpty() || !c.jobId().equals(committerJobId)) {
            return; // restored from an earlier job's state: its fence row keeps it once
        }
        if (!owner.jobId().isEmpty() && !owner.jobId().equals(committerJobId)) {
            throw new FencedOutException("meterflow job " + committerJobId + " no longer owns generation "
                    + c.id().generation() + ": Flink job " + owner.jobId() + " took it over at " + owner.claimedAt()
                    + " (in-memory store)");
        }
    }

    private void checkRequired(UsageCommittable c) {
        CommitPosition req = c.requires();
        if (req == null) {
            return;
        }
        CommitId id = c.id();
        boolean found = fence.keySet().stream().anyMatch(f -> f.generation() == id.generation()
                && f.lineage().equals(id.lineage())
                && ((f.restoredCheckpoint() == req.restoredCheckpoint() && f.sequence() == req.sequence()
                                && f.subtask() == req.subtask())
                        || (f.after(req.restoredCheckpoint(), req.sequence())
                                && !(f.restoredCheckpoint() == id.restoredCheckpoint() && f.sequence() == id.sequence()))));
        if (!found) {
            throw new PostgresBehindStateException("PostgreSQL is older than the job's state: commit " + req
                    + " of pipeline lineage " + id.lineage() + " in generation " + id.generation()
                    + ", which the job's state counts as applied, is missing from meterflow.commit_fence (in-memory store)");
        }
    }

    @Override
    public synchronized void claim(OwnershipClaim claim) {
        int g = claim.generation();
        Owner current = owners.computeIfAbsent(g, k -> new Owner("", "", 0, 0, Instant.now()));
        Instant lastCommit = lastCommit(g, current.lineage());
        OwnershipClaim.Owner owner = new OwnershipClaim.Owner(current.lineage(), current.jobId(), current.epoch(),
                current.claimedAt(), lastCommit);
        if (claim.decide(owner, facts(claim)) == OwnershipClaim.Outcome.TAKE_OVER) {
            owners.put(g, new Owner(claim.lineage(), claim.jobId(), current.epoch() + 1, claim.restoredCheckpoint(),
                    Instant.now()));
        }
    }

    private Instant lastCommit(int generation, String lineage) {
        return fence.entrySet().stream()
                .filter(e -> e.getKey().generation() == generation && e.getKey().lineage().equals(lineage))
                .map(Map.Entry::getValue).max(Instant::compareTo).orElse(null);
    }

    private OwnershipClaim.Facts facts(OwnershipClaim claim) {
        int g = claim.generation();
        CommitPosition newer = fence.keySet().stream()
                .filter(f -> f.generation() == g && f.lineage().equals(claim.lineage())
                        && f.after(claim.coveredRestore(), claim.coveredSequence()))
                .map(f -> new CommitPosition(f.restoredCheckpoint(), f.sequence(), f.subtask()))
                .max(CommitPosition.ORDER).orElse(null);
        String anyLineage = null;
        Instant anyAt = null;
        Integer otherGeneration = null;
        if (claim.fresh()) {
            for (Map.Entry<Fence, Instant> e : fence.entrySet()) {
                if (e.getKey().generation() == g && (anyAt == null || e.getValue().isAfter(anyAt))) {
                    anyLineage = e.getKey().lineage();
                    anyAt = e.getValue();
                }
            }
        } else {
            otherGeneration = fence.keySet().stream()
                    .filter(f -> f.lineage().equals(claim.lineage()) && f.generation() != g)
                    .map(Fence::generation).findAny().orElse(null);
        }
        return new OwnershipClaim.Facts(newer, anyLineage, anyAt, otherGeneration);
    }

    @Override
    public String awaitOwnerLineage(int generation, String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                Owner o = owners.get(generation);
                if (o != null && !o.lineage().isEmpty()) {
                    return o.lineage();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StaleStateException("meterflow refuses to start: job " + jobId + " was restored, but no"
                        + " subtask brought the writer state that says which pipeline lineage generation "
                        + generation + " continues (in-memory store)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Nothing to roll up: this store's reads are already by window. */
    @Override
    public int sealHours(int generation, Duration settle) {
        return 0;
    }

    @Override
    public synchronized int pruneFence(int generation, Duration retention) {
        Instant cutoff = Instant.now().minus(retention);
        List<Fence> doomed = new ArrayList<>();
        for (Map.Entry<Fence, Instant> e : fence.entrySet()) {
            Fence f = e.getKey();
            if (f.generation() == generation && e.getValue().isBefore(cutoff)
                    && fence.keySet().stream().anyMatch(n -> n.generation() == generation
                            && n.lineage().equals(f.lineage()) && n.subtask() == f.subtask()
                            && n.after(f.restoredCheckpoint(), f.sequence()))) {
                doomed.add(f);
            }
        }
        doomed.forEach(fence::remove);
        return doomed.size();
    }

    @Override
    public void close() {
        // the data outlives a connection
    }

    // ---- what tests read back (the same things the contract test reads from PostgreSQL) ----------

    /** The merged window row, null when absent. */
    synchronized WindowDelta window(int generation, WindowKey key) {
        return windows.get(new RowKey(generation, key));
    }

    /** Sum over the generation's window rows of one meter (what billing would add up). */
    synchronized long eventCount(int generation, String meter) {
        return windows.entrySet().stream()
                .filter(e -> e.getKey().generation() == generation && e.getKey().key().meter().equals(meter))
                .mapToLong(e -> e.getValue().eventCount()).sum();
    }

    synchronized java.math.BigDecimal valueSum(int generation, String meter) {
        return windows.entrySet().stream()
                .filter(e -> e.getKey().generation() == generation && e.getKey().key().meter().equals(meter))
                .map(e -> e.getValue().sum()).filter(Objects::nonNull)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    }

    /** The counter summed over subtasks, as the meterflow.counters view does. */
    synchronized long counter(int generation, String meter, CounterName name) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().generation() == generation && e.getKey().meter().equals(meter)
                        && e.getKey().counter().equals(name.sqlName()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    synchronized int rejections(int generation) {
        return (int) rejections.keySet().stream().filter(k -> k.generation() == generation).count();
    }

    synchronized int fenceRows(int generation) {
        return (int) fence.keySet().stream().filter(f -> f.generation() == generation).count();
    }

    synchronized boolean fenced(CommitId id) {
        return fence.containsKey(Fence.of(Objects.requireNonNull(id)));
    }

    /** Makes the generation's fence rows look {@code age} older, as an UPDATE of committed_at would. */
    synchronized void ageFence(int generation, Duration age) {
        fence.replaceAll((f, at) -> f.generation() == generation ? at.minus(age) : at);
    }

    /** Calls of {@link #apply}, successful or not. */
    synchronized int applies() {
        return applies;
    }
}
