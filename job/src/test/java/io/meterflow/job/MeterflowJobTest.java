package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterflowJobTest {
    private static MeterflowConfig config(String kafkaProperties) {
        return MeterflowConfig.parse(String.join("\n",
                "kafka:",
                "  bootstrapServers: 127.0.0.1:9092",
                "  topic: events",
                kafkaProperties,
                "postgres:",
                "  url: jdbc:postgresql://127.0.0.1:5432/meterflow",
                "meters:",
                "  - slug: api_requests",
                "    eventType: api.request",
                "    aggregation: COUNT",
                ""), Map.of());
    }

    @Test
    void theSourceReadsOnlyCommittedTransactionsByDefault() {
        assertThat(MeterflowJob.sourceProperties(config("")).getProperty("isolation.level")).isEqualTo("read_committed");
    }

    @Test
    void kafkaPropertiesOverrideTheIsolationLevel() {
        String props = "  properties:\n    isolation.level: read_uncommitted\n    client.rack: r1";
        var p = MeterflowJob.sourceProperties(config(props));
        assertThat(p.getProperty("isolation.level")).isEqualTo("read_uncommitted");
        assertThat(p.getProperty("client.rack")).isEqualTo("r1");
    }

    /**
     * The settings the job gives itself, as Flink reads them back by key: the typed options must
     * name the very keys the job set by string before (a cluster's config and the docs use them).
     */
    @Test
    void theJobsFlinkSettingsKeepTheirKeysAndValues() {
        Map<String, String> byKey = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("state.backend.type", "rocksdb"),
                Map.entry("execution.checkpointing.incremental", "true"),
                Map.entry("execution.checkpointing.mode", "EXACTLY_ONCE"),
                Map.entry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"),
                Map.entry("execution.checkpointing.num-retained", "3"),
                Map.entry("state.backend.rocksdb.use-bloom-filter", "true"),
                Map.entry("state.backend.rocksdb.memory.partitioned-index-filters", "true"),
                Map.entry("state.backend.rocksdb.memory.high-prio-pool-ratio", "0.25"),
                Map.entry("state.backend.rocksdb.block.blocksize", "1 kb"),
                Map.entry("state.backend.rocksdb.compression.per.level", "[LZ4_COMPRESSION]"),
                Map.entry("restart-strategy.type", "exponential-delay"),
                Map.entry("restart-strategy.exponential-delay.initial-backoff", "1 s"),
                Map.entry("restart-strategy.exponential-delay.max-backoff", "1 min"),
                Map.entry("restart-strategy.exponential-delay.attempts-before-reset-backoff", "1000000"),
                Map.entry("execution.checkpointing.dir", "file:///tmp/meterflow-checkpoints")));
        var typed = MeterflowJob.JobSettings.flinkConfiguration(config("checkpoint:\n  dir: file:///tmp/meterflow-checkpoints"));
        var expected = org.apache.flink.configuration.Configuration.fromMap(byKey);
        assertThat(typed.keySet()).containsExactlyInAnyOrderElementsOf(byKey.keySet());
        // Compared as Flink parses them ("1 s" and "1s" are the same duration).
        for (var option : java.util.List.of(
                org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)) {
            assertThat(typed.get(option)).isEqualTo(expected.get(option));
        }
        byKey.keySet().stream().filter(k -> !k.endsWith("-backoff"))
                .forEach(k -> assertThat(typed.toMap()).as(k).containsEntry(k, byKey.get(k)));
    }
}
