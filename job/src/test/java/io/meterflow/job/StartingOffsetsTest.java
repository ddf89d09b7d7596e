package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.config.StartingOffsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where a start without state reads from, resolved against a fake log (two partitions, offsets
 * 0..99, record n at timestamp 1000 n): the config's startingOffsets, a replay from a time, a replay
 * from explicit offsets. A restored job never asks: its offsets come from the checkpoint.
 */
class StartingOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final List<TopicPartition> BOTH = List.of(P0, P1);

    private static MeterflowConfig config(String startingOffsets) {
        return MeterflowConfig.parse(String.join("\n",
                "kafka: { bootstrapServers: 'k:9092', topic: events"
                        + (startingOffsets == null ? "" : ", startingOffsets: '" + startingOffsets + "'") + " }",
                "postgres: { url: 'jdbc:postgresql://db/m' }",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", ""), Map.of());
    }

    /** Offsets 0..99 per partition, record n written at 1000 n ms; nothing committed. */
    static final class FakeLog implements OffsetsInitializer.PartitionOffsetsRetriever {
        @Override
        public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
            return Map.of();
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> m = new HashMap<>();
            partitions.forEach(p -> m.put(p, 100L));
            return m;
        }

        @Override
        public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> m = new HashMap<>();
            partitions.forEach(p -> m.put(p, 0L));
            return m;
        }

        @Override
        public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
            Map<TopicPartition, OffsetAndTimestamp> m = new HashMap<>();
            timestamps.forEach((p, t) -> {
                long n = (t + 999) / 1000; // the first record at or after t
                m.put(p, n < 100 ? new OffsetAndTimestamp(n, n * 1000) : null);
            });
            return m;
        }
    }

    private static Map<TopicPartition, Long> resolve(MeterflowConfig c, JobOptions o) {
        return MeterflowJob.startingOffsets(c, o).getPartitionOffsets(BOTH, new FakeLog());
    }

    @Test
    void aNewPipelineStartsAtTheEarliestRecordByDefault() {
        assertThat(config(null).kafka().startingOffsets()).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(resolve(config(null), JobOptions.live()))
                .containsOnly(Map.entry(P0, KafkaPartitionSplit.EARLIEST_OFFSET), Map.entry(P1, KafkaPartitionSplit.EARLIEST_OFFSET));
    }

    @Test
    void latestAndATimeAreHonoured() {
        // latest: the end of each partition when the job starts (what was published before is skipped).
        assertThat(resolve(config("latest"), JobOptions.live())).containsOnly(Map.entry(P0, 100L), Map.entry(P1, 100L));
        // 41.5 s: the first record at or after it is offset 42.
        assertThat(resolve(config("1970-01-01T00:00:41.500Z"), JobOptions.live()))
                .containsOnly(Map.entry(P0, 42L), Map.entry(P1, 42L));
    }

    @Test
    void aReplayOverridesTheConfig() {
        JobOptions fromTime = new JobOptions(0, new SourceStart.FromTime("r1", Instant.ofEpochMilli(10_000)));
        assertThat(resolve(config("latest"), fromTime)).containsOnly(Map.entry(P0, 10L), Map.entry(P1, 10L));
        JobOptions fromOffsets = new JobOptions(0, new SourceStart.FromOffsets("r2", JobArguments.parseOffsets("0:7,1:93")));
        assertThat(resolve(config("latest"), fromOffsets)).containsOnly(Map.entry(P0, 7L), Map.entry(P1, 93L));
    }

    @Test
    void aReplayFromOffsetsNeverFallsBackToReadingAPartitionFromTheStart() {
        JobOptions onlyP0 = new JobOptions(0, new SourceStart.FromOffsets("r3", JobArguments.parseOffsets("0:7")));
        // The replay group has no committed offset for partition 1: Flink must fail, not read it all again.
        assertThatThrownBy(() -> resolve(config(null), onlyP0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingOffsetsParseTheirThreeForms() {
        assertThat(StartingOffsets.parse(" Earliest ")).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(StartingOffsets.parse("LATEST")).isEqualTo(StartingOffsets.LATEST);
        assertThat(StartingOffsets.parse("2024-05-01T02:00:00+02:00"))
                .isEqualTo(StartingOffsets.timestamp(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli()));
        assertThat(StartingOffsets.parse("2024-05-01T00:00:00Z").toString()).isEqualTo("2024-05-01T00:00:00Z");
        for (String bad : new String[] {"", "yesterday", "2024-05-01", "1714521600000", "2024-13-01T00:00:00Z"}) {
            assertThatThrownBy(() -> StartingOffsets.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("must be earliest, latest or an RFC 3339 time");
        }
    }
}
