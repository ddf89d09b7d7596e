package io.meterflow.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time of this JVM (the MiniCluster runs the jobs in it; the broker and PostgreSQL are other
 * processes). Beside a rate it tells a slower machine from a busier one: a noisy neighbour lowers
 * events/s but not the CPU each event costs.
 */
final class CpuClock {
    private CpuClock() {}

    /** Process CPU time (all threads) in nanos; -1 when the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        Optional<Duration> total = ProcessHandle.current().info().totalCpuDuration();
        return total.map(Duration::toNanos).orElse(-1L);
    }

    /** CPU nanos between two readings; -1 when either reading is unknown or time ran backwards. */
    static long between(long startNanos, long endNanos) {
        return startNanos < 0 || endNanos < startNanos ? -1 : endNanos - startNanos;
    }

    /** µs of CPU per event; NaN when the CPU time is unknown or there were no events. */
    static double microsPerEvent(long cpuNanos, long events) {
        return cpuNanos < 0 || events <= 0 ? Double.NaN : cpuNanos / 1e3 / events;
    }

    /** Cores kept busy on average: CPU time / wall time; NaN when unknown. */
    static double coresBusy(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 || wallNanos <= 0 ? Double.NaN : (double) cpuNanos / wallNanos;
    }
}
