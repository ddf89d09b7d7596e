package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.View;
import org.junit.jupiter.api.Test;

class StateGaugesTest {
    /** Like RocksDB's native gauges: a cached value that only update() refreshes. */
    static final class NativeLike implements Gauge<Long>, View {
        private final long live;
        private long cached;

        NativeLike(long live) {
            this.live = live;
        }

        @Override
        public Long getValue() {
            return cached;
        }

        @Override
        public void update() {
            cached = live;
        }
    }

    @Test
    void sumsFreshValuesOfTheNamedPropertyAcrossColumnFamilies() {
        StateGauges reporter = new StateGauges();
        NativeLike a = new NativeLike(1_000);
        NativeLike b = new NativeLike(234);
        NativeLike cache = new NativeLike(512);
        assertThat(StateGauges.sum("estimate-table-readers-mem")).isEqualTo(-1); // nothing registered yet
        reporter.notifyOfAddedMetric(a, "rocksdb.estimate-table-readers-mem", null);
        reporter.notifyOfAddedMetric(b, "rocksdb.estimate-table-readers-mem", null);
        reporter.notifyOfAddedMetric(cache, "rocksdb.block-cache-capacity", null);
        reporter.notifyOfAddedMetric(new SimpleCounter(), "rocksdb.estimate-table-readers-mem", null); // not a gauge
        reporter.notifyOfAddedMetric(new NativeLike(7), "numRecordsIn", null); // not a RocksDB property
        try {
            assertThat(StateGauges.sum("estimate-table-readers-mem")).isEqualTo(1_234); // updated, not the cached 0
            assertThat(StateGauges.max("block-cache-capacity")).isEqualTo(512);
        } finally {
            reporter.notifyOfRemovedMetric(a, "rocksdb.estimate-table-readers-mem", null);
            reporter.notifyOfRemovedMetric(b, "rocksdb.estimate-table-readers-mem", null);
            reporter.notifyOfRemovedMetric(cache, "rocksdb.block-cache-capacity", null);
        }
        assertThat(StateGauges.sum("estimate-table-readers-mem")).isEqualTo(-1); // the job's gauges are gone
    }
}
