package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsAreSummedByNameWithDigitsFoldedAndThoseBornInBetweenCountFromZero() {
        var start = Map.of(
                "1", Map.entry("C2 CompilerThre", 1_000L),
                "2", Map.entry("GC Thread#0", 500L));
        var end = Map.of(
                "1", Map.entry("C2 CompilerThre", 4_000L),
                "2", Map.entry("GC Thread#0", 500L), // idle: left out
                "3", Map.entry("C1 CompilerThre", 2_000L), // born in between
                "4", Map.entry("Source: Kafka C", 1_500L));

        Map<String, Long> byName = ThreadCpu.between(start, end);

        assertThat(byName).containsExactly(Map.entry("CN CompilerThre", 5_000L), Map.entry("Source: Kafka C", 1_500L));
        assertThat(ThreadCpu.perEvent(byName, 1, 1)).isEqualTo("CN CompilerThre 5.0");
    }

    @Test
    void thisJvmsThreadsAreRead() {
        // Linux only; elsewhere the snapshot is empty and the bench prints no breakdown.
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            assertThat(ThreadCpu.snapshot()).isNotEmpty().allSatisfy((tid, e) -> assertThat(e.getValue()).isNotNegative());
        }
    }
}
