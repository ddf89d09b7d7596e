package io.meterflow.it.oracle;

import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import java.sql.SQLException;
import java.time.Duration;

/** A {@link UsageStore} that forwards everything; tests override {@link #apply} to inject failures. */
public class ForwardingUsageStore implements UsageStore {
    private final UsageStore delegate;

    public ForwardingUsageStore(UsageStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean apply(UsageCommittable committable) throws SQLException {
        return delegate.apply(committable);
    }

    @Override
    public void checkRestoredState(int generation, String lineage, long restoredCheckpoint, long sequence)
            throws SQLException {
        delegate.checkRestoredState(generation, lineage, restoredCheckpoint, sequence);
    }

    @Override
    public int pruneFence(int generation, Duration retention) throws SQLException {
        return delegate.pruneFence(generation, retention);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
