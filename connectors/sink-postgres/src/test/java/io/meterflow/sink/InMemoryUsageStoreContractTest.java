package io.meterflow.sink;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The store contract, held by the in-memory store the committer tests use. */
class InMemoryUsageStoreContractTest extends UsageStoreContractTest {
    private static final AtomicInteger GENERATIONS = new AtomicInteger(100);
    private final InMemoryUsageStore store = new InMemoryUsageStore();

    @Override
    UsageStore store() {
        return store;
    }

    @Override
    int newGeneration() {
        return GENERATIONS.incrementAndGet();
    }

    @Override
    long eventCount(int generation, String meter) {
        return store.eventCount(generation, meter);
    }

    @Override
    BigDecimal valueSum(int generation, String meter) {
        return store.valueSum(generation, meter);
    }

    @Override
    long counter(int generation, String meter, CounterName name) {
        return store.counter(generation, meter, name);
    }

    @Override
    int rejections(int generation) {
        return store.rejections(generation);
    }

    @Override
    int fenceRows(int generation) {
        return store.fenceRows(generation);
    }

    @Override
    void ageFence(int generation, Duration age) {
        store.ageFence(generation, age);
    }
}
