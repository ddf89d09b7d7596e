package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.job.SourceStart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayStartTest {
    private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void offsetsTimesAndRelativeTimes() {
        assertThat(offsets("0:120, 1:98")).containsEntry(0, 120L).containsEntry(1, 98L);
        assertThat(time("2024-05-01T00:00:00Z")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(time("2024-05-01T02:00:00+02:00")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(time("now-2h")).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(ReplayStart.parse("now-2h", "r1", CLOCK).replayId()).contains("r1");
        assertThat(ReplayStart.parse("0:1", "r1", CLOCK).rewinds()).isTrue();
    }

    private static Map<Integer, Long> offsets(String from) {
        return ((SourceStart.FromOffsets) ReplayStart.parse(from, "r1", CLOCK)).offsets();
    }

    private static Instant time(String from) {
        return ((SourceStart.FromTime) ReplayStart.parse(from, "r1", CLOCK)).time();
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> ReplayStart.parse("yesterday", "r1", CLOCK)).isInstanceOf(CliException.class).hasMessageContaining("RFC 3339");
    }

    @Test
    void malformedOffsetsAreAClearErrorNotANumberFormatException() {
        assertThatThrownBy(() -> ReplayStart.parse("0:99999999999999999999", "r1", CLOCK)).isInstanceOf(CliException.class)
                .hasMessageStartingWith("--from Bad partition:offset list '0:99999999999999999999': offset")
                .hasMessageContaining("is larger than");
        assertThatThrownBy(() -> ReplayStart.parse("5000000000:1", "r1", CLOCK)).isInstanceOf(CliException.class)
                .hasMessageContaining("partition 5000000000 is larger than 2147483647");
        assertThatThrownBy(() -> ReplayStart.parse("0:1,0:2", "r1", CLOCK)).isInstanceOf(CliException.class)
                .hasMessageContaining("partition 0 is listed twice");
        assertThatThrownBy(() -> ReplayStart.parse("0:1, 1:", "r1", CLOCK)).isInstanceOf(CliException.class)
                .hasMessageContaining("offset '' is not a whole number");
    }

    @Test
    void startBeyondTheDedupeHorizonIsRefusedWithRebuildAdvice() {
        ReplayStart.checkHorizon(NOW.minus(Duration.ofDays(34)), Duration.ofDays(35), NOW);
        assertThatThrownBy(() -> ReplayStart.checkHorizon(NOW.minus(Duration.ofDays(36)), Duration.ofDays(35), NOW))
                .isInstanceOf(CliException.class).hasMessageContaining("dedupe horizon").hasMessageContaining("rebuild");
    }

    private static final Map<Integer, Long> END = Map.of(0, 5000L, 1, 4000L, 2, 4500L, 3, 3000L);

    @Test
    void unlistedPartitionsKeepTheLiveJobsPositions() {
        Map<Integer, Long> current = Map.of(0, 4900L, 1, 3990L, 2, 4500L, 3, 2999L);
        assertThat(ReplayStart.completeOffsets(Map.of(0, 1200L), END, current, "events", "meterflow"))
                .containsExactly(Map.entry(0, 1200L), Map.entry(1, 3990L), Map.entry(2, 4500L), Map.entry(3, 2999L));
        assertThat(ReplayStart.completeOffsets(Map.of(0, 1L, 1, 2L, 2, 3L, 3, 4L), END, Map.of(), "events", "meterflow"))
                .containsExactly(Map.entry(0, 1L), Map.entry(1, 2L), Map.entry(2, 3L), Map.entry(3, 4L));
    }

    @Test
    void anUnknownPositionRequiresEveryPartitionToBeListed() {
        Map<Integer, Long> current = Map.of(0, 4900L, 1, 3990L);
        assertThatThrownBy(() -> ReplayStart.completeOffsets(Map.of(0, 1200L), END, current, "events", "meterflow"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("partitions 2, 3 of events is not known")
                .hasMessageContaining("consumer group meterflow")
                .hasMessageContaining("list every partition")
                .hasMessageContaining("--from 0:1200,1:3990,2:<offset>,3:<offset>");
    }

    @Test
    void listedPartitionsMustExistAndOffsetsBeWithinTheLog() {
        assertThatThrownBy(() -> ReplayStart.completeOffsets(Map.of(4, 0L), END, Map.of(), "events", "g"))
                .isInstanceOf(CliException.class).hasMessageContaining("has no partition 4");
        assertThatThrownBy(() -> ReplayStart.completeOffsets(Map.of(3, 3001L), END, END, "events", "g"))
                .isInstanceOf(CliException.class).hasMessageContaining("beyond the end");
    }
}
