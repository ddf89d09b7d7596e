package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guarantee 2: a duplicate (same source + id) within the dedupe horizon is counted once. */
class DedupeFunctionTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final Duration TTL = Duration.ofDays(35);

    private KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DedupeFunction(TTL)), UsageRecord::routingKey, Types.STRING);
    }

    /** Remembered ids of one (meter, subject) key, read straight from the keyed state backend. */
    private int rememberedIds(String meter, String subject) throws Exception {
        KeyedProcessOperator<String, UsageRecord, UsageRecord> op =
                (KeyedProcessOperator<String, UsageRecord, UsageRecord>) harness.getOperator();
        op.setCurrentKey(meter + '\u0000' + subject);
        MapState<Tuple2<Long, Long>, Boolean> seen = op.getKeyedStateBackend().getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DedupeFunction.seenIdsDescriptor(TTL));
        int n = 0;
        for (Tuple2<Long, Long> ignored : seen.keys()) {
            n++;
        }
        return n;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static UsageRecord metered(String meter, String subject, long id, long time) {
        return UsageRecord.metered(meter, Aggregation.SUM, subject, "{}", WindowSize.MINUTE, time,
                BigDecimal.ONE, null, 42, id);
    }

    private List<UsageRecord.Kind> kinds() {
        return harness.extractOutputValues().stream().map(r -> r.kind).collect(Collectors.toList());
    }

    @Test
    void countsTheFirstDeliveryAndFlagsRepeats() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("tokens", "c1", 2, T0), T0);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.COUNTED, UsageRecord.Kind.DUPLICATE);
    }

    @Test
    void dedupeIsPerMeterSoANewMeterCanBackfill() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("calls", "c1", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.COUNTED);
    }

    @Test
    void holdsOneStateEntryPerRememberedIdAndForgetsAfterTtl() throws Exception {
        for (long id = 0; id < 100; id++) {
            harness.processElement(metered("tokens", "c1", id, T0), T0);
            harness.processElement(metered("tokens", "c1", id, T0), T0);
        }
        assertThat(rememberedIds("tokens", "c1")).isEqualTo(100);

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(metered("tokens", "c1", 5, T0), T0);
        assertThat(harness.extractOutputValues().get(200).kind).isEqualTo(UsageRecord.Kind.DUPLICATE);

        // Beyond the horizon an id is forgotten: a redelivery counts again (documented behaviour).
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        harness.processElement(metered("tokens", "c1", 7, T0), T0);
        assertThat(harness.extractOutputValues().get(201).kind).isEqualTo(UsageRecord.Kind.COUNTED);
        assertThat(rememberedIds("tokens", "c1")).as("expired ids are not returned").isEqualTo(1);
    }

    @Test
    void marksEventsForWindowsClosedByTheWatermarkAsLate() throws Exception {
        harness.processWatermark(T0 + 120_000);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);           // window [T0, T0+60s) closed
        harness.processElement(metered("tokens", "c1", 2, T0 + 120_000), T0 + 120_000); // open window
        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out.get(0).late).isTrue();
        assertThat(out.get(0).kind).isEqualTo(UsageRecord.Kind.COUNTED);
        assertThat(out.get(1).late).isFalse();
    }

    @Test
    void passesRejectionsAndUnmatchedThrough() throws Exception {
        UsageRecord unmatched = UsageRecord.unmatched("c1");
        harness.processElement(new StreamRecord<>(unmatched, T0));
        assertThat(kinds()).containsExactly(UsageRecord.Kind.UNMATCHED);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void rememberedIdsSurviveASnapshotAndRestore() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        var snapshot = harness.snapshot(1, T0);
        harness.close();

        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.DUPLICATE);
    }
}
