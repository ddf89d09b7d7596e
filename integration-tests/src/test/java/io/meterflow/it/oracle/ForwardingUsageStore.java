package io.meterflow.it.oracle;

import io.meterflow.sink.OwnershipClaim;
import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A {@link UsageStore} that forwards everything; tests override {@link #apply(UsageCommittable)} to
 * inject failures (the committer's job id is passed on to the real store).
 */
public class ForwardingUsageStore implements UsageStore {
    private final UsageStore delegate;
    private String committerJobId;

    public ForwardingUsageStore(UsageStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public final boolean apply(UsageCommittable committable, String committerJobId) throws SQLException {
        this.committerJobId = committerJobId;
        return apply(committable);
    }

    @Override
    public boolean apply(UsageCommittable committable) throws SQLException {
        return delegate.apply(committable, committerJobId == null ? committable.jobId() : committerJobId);
    }

    @Override
    public void claim(OwnershipClaim claim) throws SQLException {
        delegate.claim(claim);
    }

    @Override
    public String awaitOwnerLineage(int generation, String jobId, Duration timeout) throws SQLException {
        return delegate.awaitOwnerLineage(generation, jobId, timeout);
    }

    @Override
    public int pruneFence(int generation, Duration retention) throws SQLException {
        return delegate.pruneFence(generation, retention);
    }

    @Override
    public int sealHours(int generation, Duration settle) throws SQLException {
        return delegate.sealHours(generation, settle);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
