package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.MeterOrdinals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guarantee 2: a duplicate (same source + id) within the dedupe horizon is counted once. */
class DedupeOperatorTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final Duration TTL = Duration.ofDays(35);
    /** With gaps and numbers past the first byte and the first long, as a long-lived deployment has them. */
    private static final MeterOrdinals ORDINALS =
            MeterOrdinals.of(Map.of("tokens", 0, "calls", 1, "m0", 2, "m1", 9, "m2", 70));

    private KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.open();
    }

    /** Batches of one: every record is looked up as it arrives. */
    private static KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> newHarness() throws Exception {
        return newHarness(1);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> newHarness(int batchSize)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new DedupeOperator(TTL, ORDINALS, batchSize), UsageRecord::routingKey, Types.STRING);
    }

    /** Remembered events of one subject, read straight from the keyed state backend. */
    private int rememberedIds(String subject) throws Exception {
        DedupeOperator op = (DedupeOperator) harness.getOperator();
        op.setCurrentKey(subject);
        MapState<Tuple2<Long, Long>, byte[]> seen = op.getKeyedStateBackend().getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DedupeOperator.seenEventsDescriptor(TTL));
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
        harness.processElement(metered("m2", "c1", 1, T0), T0);
        harness.processElement(metered("calls", "c1", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.COUNTED,
                UsageRecord.Kind.COUNTED, UsageRecord.Kind.DUPLICATE);
        assertThat(rememberedIds("c1")).as("one entry per event, whatever the meters").isEqualTo(1);
    }

    /** As the source sends a three-meter event: one record carrying the others, looked up once. */
    @Test
    void anEventCarryingItsOtherMetersIsDecidedPerMeterAndHandedOnAsSeparateRecords() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);          // tokens counted it before
        UsageRecord event = metered("tokens", "c1", 1, T0);
        event.otherMeters = new UsageRecord[] {metered("calls", "c1", 1, T0), metered("m2", "c1", 1, T0)};
        harness.processElement(event, T0);
        UsageRecord again = metered("calls", "c1", 1, T0);
        again.otherMeters = new UsageRecord[] {metered("m2", "c1", 1, T0)};
        harness.processElement(again, T0);
        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.meter + ":" + r.kind).containsExactly("tokens:COUNTED",
                "tokens:DUPLICATE", "calls:COUNTED", "m2:COUNTED", "calls:DUPLICATE", "m2:DUPLICATE");
        assertThat(out).allSatisfy(r -> assertThat(r.otherMeters).isNull());
        assertThat(rememberedIds("c1")).isEqualTo(1);
    }

    /** The sink hashes and compares each record's subject and meter: within a flush they are one String each. */
    @Test
    void recordsLeaveWithTheirOwnSubjectAndMeterOneStringEachWithinAFlush() throws Exception {
        harness.close();
        harness = newHarness(100);
        harness.setStateTtlProcessingTime(0);
        harness.open();
        Map<Long, String> subjects = new java.util.HashMap<>();
        Map<Long, String> meters = new java.util.HashMap<>();
        for (long id = 0; id < 30; id++) {
            String subject = new String(id % 3 == 0 ? "c1" : "c2"); // a String of its own, as read from the wire
            String meter = new String(id % 2 == 0 ? "tokens" : "calls");
            subjects.put(id, subject);
            meters.put(id, meter);
            harness.processElement(metered(meter, subject, id, T0 + id), T0);
        }
        harness.prepareSnapshotPreBarrier(1);

        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out).hasSize(30);
        for (UsageRecord r : out) {
            long id = (r.eventTime - T0);
            assertThat(r.subject).isEqualTo(subjects.get(id));
            assertThat(r.meter).isEqualTo(meters.get(id));
        }
        for (String s : List.of("c1", "c2")) {
            assertThat(out.stream().filter(r -> r.subject.equals(s)).map(r -> System.identityHashCode(r.subject)).distinct())
                    .as("one String for subject %s", s).hasSize(1);
        }
        for (String m : List.of("tokens", "calls")) {
            assertThat(out.stream().filter(r -> r.meter.equals(m)).map(r -> System.identityHashCode(r.meter)).distinct())
                    .as("one String for meter %s", m).hasSize(1);
        }
    }

    @Test
    void theSameIdForAnotherSubjectIsAnotherEvent() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("tokens", "c2", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.COUNTED);
    }

    @Test
    void aMeterAddedAfterARestoreCountsEventsTheOthersAlreadyCounted() throws Exception {
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("calls", "c1", 1, T0), T0);
        var snapshot = harness.snapshot(1, T0);
        harness.close();

        // A replay after "m1" was added: the event's tokens and calls are duplicates, m1 counts it once.
        harness = newHarness();
        harness.setStateTtlProcessingTime(0);
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("m1", "c1", 1, T0), T0);
        harness.processElement(metered("calls", "c1", 1, T0), T0);
        harness.processElement(metered("m1", "c1", 1, T0), T0);
        assertThat(kinds()).containsExactly(UsageRecord.Kind.DUPLICATE, UsageRecord.Kind.COUNTED,
                UsageRecord.Kind.DUPLICATE, UsageRecord.Kind.DUPLICATE);
    }

    @Test
    void aMeterWithoutAnOrdinalFailsLoudlyInsteadOfGuessing() {
        assertThatThrownBy(() -> harness.processElement(metered("unknown", "c1", 1, T0), T0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'unknown' has no ordinal");
    }

    @Test
    void holdsOneStateEntryPerRememberedIdAndForgetsAfterTtl() throws Exception {
        for (long id = 0; id < 100; id++) {
            harness.processElement(metered("tokens", "c1", id, T0), T0);
            harness.processElement(metered("tokens", "c1", id, T0), T0);
        }
        assertThat(rememberedIds("c1")).isEqualTo(100);

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(metered("tokens", "c1", 5, T0), T0);
        assertThat(harness.extractOutputValues().get(200).kind).isEqualTo(UsageRecord.Kind.DUPLICATE);

        // Beyond the horizon an id is forgotten: a redelivery counts again (documented behaviour).
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        harness.processElement(metered("tokens", "c1", 7, T0), T0);
        assertThat(harness.extractOutputValues().get(201).kind).isEqualTo(UsageRecord.Kind.COUNTED);
        assertThat(rememberedIds("c1")).as("expired ids are not returned").isEqualTo(1);
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

    // ------------------------------------------------------------------ batches

    private KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> batched(int size) throws Exception {
        harness.close();
        harness = newHarness(size);
        harness.setStateTtlProcessingTime(0);
        harness.open();
        return harness;
    }

    /**
     * The new-id filter answers for the state: rebuilt whenever it fills (here every few hundred ids),
     * after a restore and after the TTL dropped ids, every redelivery is still found, and new ids skip
     * the state read.
     */
    @Test
    void theNewIdFilterNeverLetsARememberedIdCountAgainAcrossRebuildsRestoresAndExpiry() throws Exception {
        harness.close();
        harness = filtered(100, 64);
        harness.open();
        for (long id = 0; id < 3_000; id++) {
            harness.processElement(metered("tokens", "c" + (id % 7), id, T0), T0);
        }
        harness.prepareSnapshotPreBarrier(1);
        var snapshot = harness.snapshot(1, T0);
        assertThat(kinds()).containsOnly(UsageRecord.Kind.COUNTED).hasSize(3_000);
        assertThat(lookupsSkipped()).as("most new ids skip the state read").isGreaterThan(2_000);
        harness.close();

        harness = filtered(100, 64); // restored: the filter is built from the state before the first record
        harness.initializeState(snapshot);
        harness.open();
        for (long id = 0; id < 3_000; id++) {
            harness.processElement(metered("tokens", "c" + (id % 7), id, T0), T0);
            harness.processElement(metered("tokens", "c" + (id % 7), 10_000 + id, T0), T0);
        }
        harness.prepareSnapshotPreBarrier(2);
        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out).filteredOn(r -> r.digestLo < 10_000).extracting(r -> r.kind).containsOnly(UsageRecord.Kind.DUPLICATE);
        assertThat(out).filteredOn(r -> r.digestLo >= 10_000).extracting(r -> r.kind).containsOnly(UsageRecord.Kind.COUNTED);

        // Past the TTL the ids are gone from the state and from the filter's next build: counted again.
        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        for (long id = 20_000; id < 21_000; id++) { // fills the filter again, so that it is rebuilt
            harness.processElement(metered("tokens", "c1", id, T0), T0);
        }
        harness.processElement(metered("tokens", "c3", 3, T0), T0);
        harness.prepareSnapshotPreBarrier(3);
        List<UsageRecord> after = harness.extractOutputValues();
        assertThat(after.get(after.size() - 1).kind).isEqualTo(UsageRecord.Kind.COUNTED);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> filtered(int batchSize,
            long filterMinCapacity) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new DedupeOperator(TTL, ORDINALS, batchSize, null, filterMinCapacity), UsageRecord::routingKey, Types.STRING);
        h.setStateTtlProcessingTime(0);
        return h;
    }

    private long lookupsSkipped() {
        DedupeOperator op = (DedupeOperator) harness.getOperator();
        return op.lookupsSkipped();
    }

    @Test
    void aBatchIsLookedUpWhenFullAndTheFirstDeliveryOfAnEventCounts() throws Exception {
        batched(4);
        UsageRecord first = metered("tokens", "c1", 9, T0);
        first.value = new BigDecimal("1");
        UsageRecord retry = metered("tokens", "c1", 9, T0);
        retry.value = new BigDecimal("2"); // same (source, id), different payload: the first one counts
        harness.processElement(metered("tokens", "c2", 3, T0), T0);
        harness.processElement(first, T0);
        harness.processElement(retry, T0);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processElement(metered("tokens", "c1", 1, T0), T0);

        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out).hasSize(4);
        assertThat(out).filteredOn(r -> r.digestLo == 9).extracting(r -> r.kind + "=" + r.value)
                .containsExactly("COUNTED=1", "DUPLICATE=2");
        assertThat(out).filteredOn(r -> r.digestLo != 9).extracting(r -> r.kind)
                .containsOnly(UsageRecord.Kind.COUNTED);
    }

    @Test
    void everyRecordBeforeABarrierIsLookedUpBeforeIt() throws Exception {
        batched(1000);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.DUPLICATE);
        assertThat(rememberedIds("c1")).isEqualTo(1);
    }

    @Test
    void theEndOfInputFlushesTheBatch() throws Exception {
        batched(1000);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);
        harness.endInput();
        assertThat(kinds()).containsExactly(UsageRecord.Kind.COUNTED);
    }

    @Test
    void latenessIsJudgedByTheWatermarkAtArrival() throws Exception {
        batched(1000);
        harness.processElement(metered("tokens", "c1", 1, T0), T0);          // arrives while its window is open
        harness.processWatermark(T0 + 120_000);
        harness.processElement(metered("tokens", "c1", 2, T0), T0);          // arrives after it closed
        harness.processElement(metered("tokens", "c1", 2, T0), T0);          // its duplicate is not an adjustment
        harness.prepareSnapshotPreBarrier(1);

        List<UsageRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.digestLo + ":" + r.kind + (r.late ? ":late" : ""))
                .containsExactly("1:COUNTED", "2:COUNTED:late", "2:DUPLICATE");
    }

    @Test
    void batchingDoesNotChangeWhatIsCounted() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<UsageRecord> stream = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            stream.add(metered("m" + random.nextInt(3), "c" + random.nextInt(40), random.nextInt(2_000), T0));
        }
        List<String> expected = run(1, stream);
        List<String> actual = run(64, stream);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).filteredOn(s -> s.endsWith("DUPLICATE")).isNotEmpty();
        assertThat(expected).containsExactlyInAnyOrderElementsOf(reference(stream));
    }

    /** Each (meter, subject, id) counts the first time it is seen, whichever other meters saw the event. */
    private static List<String> reference(List<UsageRecord> stream) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> out = new java.util.ArrayList<>();
        for (UsageRecord r : stream) {
            String id = r.meter + "/" + r.subject + "/" + r.digestLo;
            out.add(id + "/" + (seen.add(id) ? UsageRecord.Kind.COUNTED : UsageRecord.Kind.DUPLICATE));
        }
        return out;
    }

    private List<String> run(int batchSize, List<UsageRecord> stream) throws Exception {
        batched(batchSize);
        int checkpoint = 0;
        for (int i = 0; i < stream.size(); i++) {
            UsageRecord r = stream.get(i);
            harness.processElement(metered(r.meter, r.subject, r.digestLo, T0), T0);
            if (i % 700 == 699) {
                harness.prepareSnapshotPreBarrier(++checkpoint);
            }
        }
        harness.endInput();
        return harness.extractOutputValues().stream()
                .map(r -> r.meter + "/" + r.subject + "/" + r.digestLo + "/" + r.kind)
                .collect(Collectors.toList());
    }
}
