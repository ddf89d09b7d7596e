package io.meterflow.it.pipeline;

import io.meterflow.it.oracle.ForwardingUsageStore;
import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import io.meterflow.sink.UsageStoreFactory;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A usage store that fails once right after the commit numbered {@code afterApplied} succeeded, and once
 * inside the commit numbered {@code beforeApplying} before it applied, so the job restarts twice. The
 * counters are static: every copy of the factory the job deserializes in this JVM shares them.
 */
final class CommitFailures implements UsageStoreFactory {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger APPLIES = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    private final UsageStoreFactory real;
    private final int afterApplied;
    private final int beforeApplying;

    private CommitFailures(UsageStoreFactory real, int afterApplied, int beforeApplying) {
        this.real = real;
        this.afterApplied = afterApplied;
        this.beforeApplying = beforeApplying;
    }

    /** Resets the counters and wraps the job's real store factory. */
    static UnaryOperator<UsageStoreFactory> at(int afterApplied, int beforeApplying) {
        APPLIES.set(0);
        FAILURES.set(0);
        return real -> new CommitFailures(real, afterApplied, beforeApplying);
    }

    @Override
    public UsageStore open() {
        return new ForwardingUsageStore(real.open()) {
            @Override
            public boolean apply(UsageCommittable c) throws SQLException {
                int n = APPLIES.incrementAndGet();
                if (n == beforeApplying) {
                    FAILURES.incrementAndGet();
                    throw new SQLException("injected: failure during a commit, before it applied");
                }
                boolean applied = super.apply(c);
                if (n == afterApplied) {
                    FAILURES.incrementAndGet();
                    throw new IllegalStateException("injected: failure after the commit succeeded");
                }
                return applied;
            }
        };
    }
}
