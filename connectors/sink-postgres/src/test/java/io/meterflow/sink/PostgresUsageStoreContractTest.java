package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;

import io.meterflow.config.PostgresConnectionSettings;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real PostgreSQL: the reference the in-memory store is held to. */
class PostgresUsageStoreContractTest extends UsageStoreContractTest {
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;

    @BeforeAll
    static void migrate() {
        db = PostgresTestSupport.migratedDatabase(PostgresUsageStoreContractTest.class);
        store = new PostgresUsageStore(db);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    UsageStore store() {
        return store;
    }

    @Override
    int newGeneration() throws SQLException {
        return ((Number) one(db, "SELECT meterflow.create_generation('contract')")).intValue();
    }

    @Override
    long eventCount(int generation, String meter) throws SQLException {
        return ((Number) one(db, "SELECT coalesce(sum(event_count), 0) FROM meterflow.usage_windows"
                + " WHERE generation = ? AND meter = ?", generation, meter)).longValue();
    }

    @Override
    BigDecimal valueSum(int generation, String meter) throws SQLException {
        return (BigDecimal) one(db, "SELECT coalesce(sum(value_sum), 0) FROM meterflow.usage_windows"
                + " WHERE generation = ? AND meter = ?", generation, meter);
    }

    @Override
    long counter(int generation, String meter, CounterName name) throws SQLException {
        Object v = one(db, "SELECT value FROM meterflow.counters WHERE generation = ? AND meter = ? AND counter = ?",
                generation, meter, name.sqlName());
        return v == null ? 0 : ((Number) v).longValue();
    }

    @Override
    int rejections(int generation) throws SQLException {
        return ((Number) one(db, "SELECT count(*) FROM meterflow.rejected_events WHERE generation = ?", generation))
                .intValue();
    }

    @Override
    int fenceRows(int generation) throws SQLException {
        return ((Number) one(db, "SELECT count(*) FROM meterflow.commit_fence WHERE generation = ?", generation))
                .intValue();
    }

    @Override
    void ageFence(int generation, Duration age) throws SQLException {
        exec(db, "UPDATE meterflow.commit_fence SET committed_at = committed_at - interval '" + age.toSeconds()
                + " seconds' WHERE generation = " + generation);
    }
}
