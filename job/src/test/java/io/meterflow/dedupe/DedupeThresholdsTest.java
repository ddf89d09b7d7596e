package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.NotificationsConfig;
import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.Threshold;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.notification.LimitsSnapshot;
import io.meterflow.notification.ThresholdWatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Threshold rules evaluated in the dedupe stage: against the limits seeded before the start, on counted
 * records only and in arrival order, re-evaluated when a limit changes, and never twice after a restore.
 */
class DedupeThresholdsTest {
    private static final Instant T0 = Instant.parse("2026-11-10T12:00:00Z");
    private static final Duration TTL = Duration.ofDays(35);
    private static final MeterOrdinals ORDINALS = MeterOrdinals.of(Map.of("calls", 0, "tokens", 1));
    private static final PeriodSchedule MONTHLY = PeriodSchedule.monthly(ZoneOffset.UTC);
    private static final NotificationsConfig.Rule QUOTA = new NotificationsConfig.Rule("quota", "calls",
            List.of(Threshold.parse("50%"), Threshold.parse("100%")), MONTHLY, List.of());

    private KeyedTwoInputStreamOperatorTestHarness<String, UsageRecord, Tuple2<String, String>, UsageRecord> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(int batchSize, LimitsSnapshot seed, OperatorSubtaskState restored) throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new DedupeOperator(TTL, ORDINALS, batchSize, new ThresholdWatch(List.of(QUOTA), TTL, seed)),
                UsageRecord::routingKey, null, Types.STRING);
        harness.setStateTtlProcessingTime(0);
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    private static LimitsSnapshot seed(String subject, long limit) {
        return new LimitsSnapshot(Map.of(ThresholdWatch.key("calls", subject), limitJson(subject, limit, T0.minusSeconds(3600))),
                Map.of(0, 1L));
    }

    private static String limitJson(String subject, long limit, Instant changedAt) {
        return new String(LimitChange.value(new Limit("calls", subject, BigDecimal.valueOf(limit), MONTHLY), null, changedAt),
                StandardCharsets.UTF_8);
    }

    private static StreamRecord<UsageRecord> call(String subject, long id, Instant time) {
        return new StreamRecord<>(UsageRecord.metered("calls", Aggregation.COUNT, subject, "{}", WindowSize.MINUTE,
                time.toEpochMilli(), null, null, 7, id));
    }

    private List<Notification> notifications() {
        return harness.extractOutputValues().stream()
                .filter(r -> r.kind == UsageRecord.Kind.NOTIFICATION)
                .map(r -> r.notification)
                .toList();
    }

    private static List<String> describe(List<Notification> ns) {
        return ns.stream()
                .map(n -> n.data().subject() + " " + (n.data().threshold() == null ? "reset" : n.data().threshold())
                        + " usage=" + n.data().usage().toPlainString() + (n.data().eventId() == null ? "" : " by " + n.data().eventId()))
                .toList();
    }

    @Test
    void crossingsFireOnceAgainstTheSeededLimitAndDuplicatesDoNotCount() throws Exception {
        open(1, seed("acme", 4), null);
        for (long id = 1; id <= 5; id++) {
            harness.processElement1(call("acme", id, T0.plusSeconds(id)));
            harness.processElement1(call("acme", id, T0.plusSeconds(id))); // a redelivery
        }
        assertThat(describe(notifications())).containsExactly(
                "acme reset usage=0",
                "acme 50% usage=2 by 00000000000000070000000000000002",
                "acme 100% usage=4 by 00000000000000070000000000000004");
        assertThat(notifications()).extracting(n -> n.data().limit()).containsOnly(new BigDecimal("4"));
    }

    /** Sorted by digest, the batch would meet id 3 first: the crossing is the one that arrived second. */
    @Test
    void aBatchIsEvaluatedInArrivalOrderNotInLookupOrder() throws Exception {
        open(1000, seed("acme", 4), null);
        long[] ids = {9, 8, 3, 1};
        for (long id : ids) {
            harness.processElement1(call("acme", id, T0));
        }
        harness.prepareSnapshotPreBarrier(1); // the barrier flushes the batch
        assertThat(describe(notifications())).containsExactly(
                "acme reset usage=0",
                "acme 50% usage=2 by 00000000000000070000000000000008",
                "acme 100% usage=4 by 00000000000000070000000000000001");
    }

    @Test
    void loweringALimitFiresAtOnceAndADefaultAppliesOnlyToSubjectsWithoutTheirOwn() throws Exception {
        open(1000, seed("acme", 100), null);
        for (long id = 1; id <= 3; id++) {
            harness.processElement1(call("acme", id, T0));
            harness.processElement1(call("bolt", 100 + id, T0));
        }
        Instant changed = T0.plusSeconds(60);
        // A default limit of 4 for the meter: bolt (no limit of its own) is at 75 %, acme keeps its 100.
        harness.processElement2(new StreamRecord<>(Tuple2.of(ThresholdWatch.key("calls", null), limitJson(null, 4, changed))));
        assertThat(describe(notifications())).containsExactly(
                "acme reset usage=0", "bolt reset usage=0", "bolt 50% usage=3");
        assertThat(notifications().get(2).data().eventTime()).isEqualTo(changed);
        // Lowering acme's own limit to 3: 50 % and 100 % at once, the pending record evaluated first.
        harness.processElement1(call("acme", 4, T0));
        harness.processElement2(new StreamRecord<>(Tuple2.of(ThresholdWatch.key("calls", "acme"), limitJson("acme", 3, changed))));
        assertThat(describe(notifications()).subList(3, 5)).containsExactly("acme 50% usage=4", "acme 100% usage=4");
        assertThat(notifications().get(3).data().limit()).isEqualTo(new BigDecimal("3"));
    }

    @Test
    void aRestoreNeitherFiresAgainNorReplacesTheRestoredLimitsWithTheSeed() throws Exception {
        open(1, seed("acme", 4), null);
        harness.processElement1(call("acme", 1, T0));
        harness.processElement1(call("acme", 2, T0));
        harness.processElement2(new StreamRecord<>(Tuple2.of(ThresholdWatch.key("calls", "acme"), limitJson("acme", 10, T0))));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // The new start's seed is stale (limit 4): the restored state says 10.
        open(1, seed("acme", 4), snapshot);
        harness.processElement1(call("acme", 2, T0)); // redelivered after the restore: a duplicate
        harness.processElement1(call("acme", 3, T0));
        harness.processElement1(call("acme", 4, T0));
        assertThat(notifications()).as("50 % of 10 is not reached at 4, and nothing fires twice").isEmpty();
        for (long id = 5; id <= 10; id++) {
            harness.processElement1(call("acme", id, T0));
        }
        assertThat(describe(notifications())).containsExactly(
                "acme 50% usage=5 by 00000000000000070000000000000005",
                "acme 100% usage=10 by 0000000000000007000000000000000a");
    }
}
