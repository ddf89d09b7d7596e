package io.meterflow.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.View;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter of the benchmark's MiniCluster (same JVM) that keeps the RocksDB native gauges
 * (state.backend.rocksdb.metrics.*) of running jobs, so a job's own operator can read its state
 * backend's SST size, memtable entries and block cache at the moment it wants: those gauges are
 * registered in the dedupe operator's metric group, out of reach of any other operator.
 */
public final class StateGauges implements MetricReporter {
    /** RocksDB properties the large-state scenario enables and reads. */
    static final List<String> PROPERTIES = List.of("live-sst-files-size", "total-sst-files-size",
            "num-entries-active-mem-table", "num-entries-imm-mem-tables", "estimate-num-keys",
            "block-cache-capacity", "block-cache-usage", "estimate-table-readers-mem", "compaction-pending",
            "num-running-compactions", "num-running-flushes", "mem-table-flush-pending",
            "estimate-pending-compaction-bytes");

    private static final Map<String, List<Gauge<?>>> GAUGES = new ConcurrentHashMap<>();

    /** Sum over all column families of the running jobs that enabled the property; -1 when none did. */
    static long sum(String property) {
        List<Gauge<?>> gauges = GAUGES.get(property);
        if (gauges == null || gauges.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (Gauge<?> g : gauges) {
            if (g instanceof View v) {
                v.update(); // native views refresh every 5 s on their own; the caller wants now
            }
            if (g.getValue() instanceof Number n) {
                total += n.longValue();
            }
        }
        return total;
    }

    /** Same-sized column families share one cache: the capacity of one, not the sum. */
    static long max(String property) {
        List<Gauge<?>> gauges = GAUGES.get(property);
        long m = -1;
        if (gauges != null) {
            for (Gauge<?> g : gauges) {
                if (g instanceof View v) {
                    v.update();
                }
                if (g.getValue() instanceof Number n) {
                    m = Math.max(m, n.longValue());
                }
            }
        }
        return m;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String property = property(name);
        if (metric instanceof Gauge<?> g && PROPERTIES.contains(property)) {
            GAUGES.computeIfAbsent(property, k -> new CopyOnWriteArrayList<>()).add(g);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        List<Gauge<?>> gauges = GAUGES.get(property(name));
        if (gauges != null) {
            gauges.remove(metric);
        }
    }

    /** Flink names a native gauge by the RocksDB property, e.g. {@code rocksdb.live-sst-files-size}. */
    private static String property(String metricName) {
        return metricName.startsWith("rocksdb.") ? metricName.substring("rocksdb.".length()) : metricName;
    }

    /** Named in the cluster configuration: {@code metrics.reporter.<name>.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new StateGauges();
        }
    }
}
