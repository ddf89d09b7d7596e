package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.cli.RebuildCheck.MonthTotal;
import io.meterflow.cli.RebuildCheck.PartitionHead;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebuildCheckTest {
    private static final Instant OLDEST = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void anUntruncatedTopicHoldsTheWholeHistory() {
        assertThat(RebuildCheck.lostHistory(List.of(new PartitionHead(0, 0, 500, null),
                new PartitionHead(1, 0, 0, null)), OLDEST, "events")).isEmpty();
    }

    @Test
    void aTruncatedHeadOlderThanTheFirstRetainedRecordIsLost() {
        var heads = List.of(new PartitionHead(0, 0, 500, null),
                new PartitionHead(1, 120, 400, Instant.parse("2026-11-02T00:00:00Z")),
                new PartitionHead(2, 50, 50, null));
        assertThat(RebuildCheck.lostHistory(heads, OLDEST, "events")).hasValueSatisfying(m -> assertThat(m)
                .contains("no longer holds the start").contains("partitions 1 (log starts at offset 120")
                .contains("2 (log starts at offset 50, nothing retained)").contains(OLDEST.toString()));
    }

    @Test
    void truncationBeforeTheActiveGenerationsHistoryLosesNothing() {
        // e.g. the active generation started from `latest` after retention had removed older records
        var heads = List.of(new PartitionHead(0, 120, 400, Instant.parse("2026-11-01T09:00:00Z")));
        assertThat(RebuildCheck.lostHistory(heads, OLDEST, "events")).isEmpty();
        assertThat(RebuildCheck.lostHistory(List.of(new PartitionHead(0, 120, 120, null)), null, "events"))
                .as("no usage in the active generation").isEmpty();
    }

    @Test
    void differencesPerMeterAndMonth() {
        YearMonth nov = YearMonth.of(2026, 11);
        YearMonth oct = YearMonth.of(2026, 10);
        var active = List.of(new MonthTotal("tokens", oct, 10, new BigDecimal("100.50")),
                new MonthTotal("tokens", nov, 20, new BigDecimal("200")),
                new MonthTotal("calls", nov, 5, null));
        var rebuilt = List.of(new MonthTotal("tokens", nov, 20, new BigDecimal("200.000")),
                new MonthTotal("calls", nov, 5, BigDecimal.ZERO),
                new MonthTotal("calls", oct, 1, null));
        var diff = RebuildCheck.differences(active, rebuilt);
        assertThat(diff).extracting(RebuildCheck.Difference::meter, RebuildCheck.Difference::month,
                RebuildCheck.Difference::activeEvents, RebuildCheck.Difference::rebuiltEvents)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("calls", oct, 0L, 1L),
                        org.assertj.core.groups.Tuple.tuple("tokens", oct, 10L, 0L));
        assertThat(diff.get(1).describe()).contains("tokens").contains("2026-10").contains("10 -> 0 (-10)")
                .contains("value sum 100.5 -> 0");
        assertThat(RebuildCheck.differences(active, active)).isEmpty();
    }
}
