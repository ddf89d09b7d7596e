package io.meterflow.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits, after an unmeasured warm-up, until the JIT compilers have caught up. On two shared cores
 * HotSpot's single C2 thread ends a ~10 s warm-up job with a queue of 100-160 hot methods still
 * waiting (its compile thresholds grow with the queue), and a measured job that starts right away
 * pays for compiling the warm-up's code: the compiler threads were a third of its CPU. A long-running
 * TaskManager has paid that once; the measured runs (raw consumer and meterflow alike) should not.
 */
final class JitSettle {
    /** Compile time added within one poll below which the compilers count as idle. */
    static final long QUIET_MILLIS_PER_POLL = 20;
    static final Duration POLL = Duration.ofMillis(500);

    record Result(long waitedMillis, long compileMillis, boolean settled) {}

    private JitSettle() {}

    /** The JVM's accumulated compile time in ms, or -1 when it does not tell. */
    static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Polls until two polls in a row add less than {@link #QUIET_MILLIS_PER_POLL}, or {@code max} passes. */
    static Result await(Duration max) throws InterruptedException {
        return await(max, JitSettle::compileMillis, POLL);
    }

    static Result await(Duration max, LongSupplier compileMillis, Duration poll) throws InterruptedException {
        long t0 = System.nanoTime();
        long first = compileMillis.getAsLong();
        if (first < 0) {
            return new Result(0, -1, false);
        }
        long last = first;
        int quiet = 0;
        while (System.nanoTime() - t0 < max.toNanos()) {
            Thread.sleep(poll.toMillis());
            long now = compileMillis.getAsLong();
            quiet = isQuiet(last, now) ? quiet + 1 : 0;
            last = now;
            if (quiet >= 2) {
                return new Result((System.nanoTime() - t0) / 1_000_000, last - first, true);
            }
        }
        return new Result((System.nanoTime() - t0) / 1_000_000, last - first, false);
    }

    /** Compile time between two readings small enough to be the background's (a broker, a timer). */
    static boolean isQuiet(long before, long after) {
        return after - before < QUIET_MILLIS_PER_POLL;
    }
}
