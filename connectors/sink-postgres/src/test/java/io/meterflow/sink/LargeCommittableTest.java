package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost of one checkpoint's committable as it grows: distinct window rows and UNIQUE_COUNT
 * values held by the writer, serialized into checkpoint state, and applied in one PostgreSQL
 * transaction. Asserts per-row bounds (so a regression in the format or the commit path fails) and
 * logs the measurement; {@code -Dmeterflow.largeCommittable.rows=1000000} measures the million-row
 * case reported in docs/benchmarks.md.
 */
class LargeCommittableTest {
    private static final Logger LOG = LoggerFactory.getLogger(LargeCommittableTest.class);
    private static final int ROWS = Integer.getInteger("meterflow.largeCommittable.rows", 100_000);
    private static final long T0 = 1_767_225_600_000L;
    private static PostgresConnectionSettings db;

    @BeforeAll
    static void migrate() {
        db = PostgresTestSupport.migratedDatabase(LargeCommittableTest.class);
    }

    @AfterAll
    static void gc() {
        System.gc();
    }

    @Test
    void aCheckpointOfManyDistinctRowsAndUniqueValuesStaysWithinItsBounds() throws Exception {
        String lineage = UUID.randomUUID().toString();
        long heapBefore = usedHeap();
        UsageWriter w = new UsageWriter(1, lineage, 0, 0, "job-large", null);
        for (int i = 0; i < ROWS; i++) {
            // Half SUM rows, half UNIQUE_COUNT rows with one distinct value each: ROWS rows, ROWS/2 unique values.
            boolean unique = (i & 1) == 1;
            UsageRecord r = UsageRecord.metered(unique ? "users" : "tokens",
                    unique ? Aggregation.UNIQUE_COUNT : Aggregation.SUM, "customer-" + (i % 50_000),
                    "{\"model\":\"m" + (i % 7) + "\"}", WindowSize.MINUTE, T0 + (long) (i / 50_000) * 60_000L,
                    unique ? null : BigDecimal.valueOf(i, 2), unique ? "user-" + i : null, i, i);
            r.kind = UsageRecord.Kind.COUNTED;
            r.firstOfEvent = true;
            w.write(r, null);
        }
        long t = System.nanoTime();
        UsageCommittable c = w.prepareCommit().iterator().next();
        long prepareMs = (System.nanoTime() - t) / 1_000_000;
        long heap = usedHeap() - heapBefore;
        assertThat(c.windows()).hasSize(ROWS);

        t = System.nanoTime();
        UsageCommittableSerializer serializer = new UsageCommittableSerializer();
        byte[] bytes = serializer.serialize(c);
        UsageCommittable back = serializer.deserialize(serializer.getVersion(), bytes);
        long serdeMs = (System.nanoTime() - t) / 1_000_000;
        assertThat(back.windows()).hasSize(ROWS);

        t = System.nanoTime();
        try (PostgresUsageStore store = new PostgresUsageStore(db)) {
            assertThat(store.apply(back)).isTrue();
        }
        long commitMs = (System.nanoTime() - t) / 1_000_000;
        long stored = ((Number) one(db, "SELECT count(*) FROM meterflow.usage_windows WHERE generation = 1")).longValue();
        long uniques = ((Number) one(db, "SELECT count(*) FROM meterflow.usage_unique_values WHERE generation = 1")).longValue();
        assertThat(stored).isEqualTo(ROWS);
        assertThat(uniques).isEqualTo(ROWS / 2);

        LOG.info("committable of {} rows ({} unique values): heap ~{} MB ({} B/row), prepare {} ms, checkpoint state {} MB"
                        + " ({} B/row), serialize+deserialize {} ms, one PostgreSQL transaction {} ms ({} rows/s)",
                ROWS, ROWS / 2, heap >> 20, heap / ROWS, prepareMs, bytes.length >> 20, bytes.length / ROWS, serdeMs,
                commitMs, commitMs == 0 ? "-" : ROWS * 1000L / commitMs);
        // Bounds per row, with room for a noisy machine: the format and the commit path must stay linear and lean.
        assertThat(bytes.length / ROWS).as("checkpoint bytes per row").isLessThan(160);
        assertThat(commitMs * 1000 / ROWS).as("commit µs per row").isLessThan(2_000);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
