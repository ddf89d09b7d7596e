package io.meterflow.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.RejectionReason;
import io.meterflow.meter.MeterDefinition;
import io.meterflow.meter.SeriesOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The series stage on RocksDB: correcting deltas that sum to the event-time-order result whatever the
 * arrival order, too-late samples recorded as rejections, state bounded by the lateness and expired by
 * event time, and a restore from a snapshot taken mid-series that changes nothing.
 */
class SeriesFunctionTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a minute boundary
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final MeterDefinition CPU = new MeterDefinition("cpu_seconds", "pod.cpu", Aggregation.INCREASE,
            "$.cpu", null, WindowSize.MINUTE, new SeriesOptions("$.pod", null, null, LATENESS, null));
    private static final MeterDefinition DISK = new MeterDefinition("disk_bytes", "pod.disk", Aggregation.TIME_WEIGHTED,
            "$.bytes", null, WindowSize.MINUTE, new SeriesOptions(null, null, Duration.ofSeconds(90), LATENESS, null));
    private static final SeriesMeters METERS = SeriesMeters.of(List.of(CPU, DISK));

    private static KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new SeriesFunction(METERS)), UsageRecord::routingKey, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static int id;

    /** A counted sample as the dedupe hands it on, with the rejection the catalog attaches. */
    private static UsageRecord sample(MeterDefinition m, String series, long offsetMillis, String value) {
        UsageRecord r = UsageRecord.metered(m.slug(), m.aggregation(), "acme", "{}", m.windowSize(),
                T0 + offsetMillis, new BigDecimal(value), null, 7, ++id);
        r.kind = UsageRecord.Kind.COUNTED;
        r.series = series;
        RejectedEvent e = new RejectedEvent();
        e.topic = "events";
        e.offset = id;
        e.meter = m.slug();
        e.reason = RejectionReason.TOO_LATE_FOR_SERIES.name();
        e.payload = new byte[0];
        r.rejection = e;
        return r;
    }

    /** Folds the output as the sink does: per (meter, window) samples counted and the value sum, canonical. */
    private static Map<String, String> fold(List<UsageRecord> out) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (UsageRecord r : out) {
            if (r.kind != UsageRecord.Kind.COUNTED && r.kind != UsageRecord.Kind.ADJUSTED) {
                continue;
            }
            String key = r.meter + "@" + (r.windowStart - T0) / 1000 + "s";
            counts.computeIfAbsent(key, k -> new long[1])[0] += r.kind == UsageRecord.Kind.COUNTED ? 1 : 0;
            sums.merge(key, r.value, BigDecimal::add);
        }
        Map<String, String> rows = new TreeMap<>();
        sums.forEach((k, v) -> rows.put(k, counts.get(k)[0] + " " + SeriesState.canonical(v).toPlainString()));
        return rows;
    }

    private static List<UsageRecord> run(List<UsageRecord> samples) throws Exception {
        try (var h = harness()) {
            h.open();
            for (UsageRecord r : samples) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    private static UsageRecord copy(UsageRecord r) {
        return io.meterflow.aggregate.UsageRecordSerializer.INSTANCE.copy(r);
    }

    /** Pods that restart (counter resets), a gauge with a gap longer than maxHold, holds across minutes. */
    private static List<UsageRecord> pods() {
        List<UsageRecord> s = new ArrayList<>();
        s.add(sample(CPU, "web-1", 5_000, "100"));
        s.add(sample(CPU, "web-1", 35_000, "130"));
        s.add(sample(CPU, "web-1", 65_000, "12"));     // restarted: counted 12 since
        s.add(sample(CPU, "web-1", 95_000, "40.5"));
        s.add(sample(CPU, "web-2", 10_000, "7"));
        s.add(sample(CPU, "web-2", 70_000, "9"));
        s.add(sample(DISK, "/node/1", 30_000, "10"));  // holds 60 s, across the minute
        s.add(sample(DISK, "/node/1", 90_000, "20"));  // holds 90 s (maxHold): gone until 300 s
        s.add(sample(DISK, "/node/1", 300_000, "0.5"));
        return s;
    }

    @Test
    void eventTimeOrderGivesTheExpectedWindows() throws Exception {
        List<UsageRecord> out = run(pods());
        assertThat(fold(out)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cpu_seconds@0s", "3 30",        // web-1 baseline, +30; web-2 baseline
                "cpu_seconds@60s", "3 42.5",     // web-1 reset 12, +28.5; web-2 +2
                "disk_bytes@0s", "1 300",        // 10 x 30 s
                "disk_bytes@60s", "1 900",       // 10 x 30 s + 20 x 30 s
                "disk_bytes@120s", "0 1200",     // 20 x 60 s, no sample in the window
                "disk_bytes@300s", "1 30",       // 0.5 x 60 s
                "disk_bytes@360s", "0 15"));     // 0.5 x 30 s: the rest of its 90 s hold
        assertThat(out).allMatch(r -> r.rejection == null);
    }

    @Test
    void anyArrivalOrderWithinTheLatenessGivesTheSameWindows() throws Exception {
        Map<String, String> sorted = fold(run(pods()));
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<UsageRecord> shuffled = new ArrayList<>(pods());
            Collections.shuffle(shuffled, random);
            List<UsageRecord> out = run(shuffled);
            assertThat(fold(out)).as("order %s", shuffled).isEqualTo(sorted);
            assertThat(out).noneMatch(r -> r.kind == UsageRecord.Kind.REJECTED);
        }
    }

    @Test
    void otherRecordsPassUnchanged() throws Exception {
        UsageRecord sum = UsageRecord.metered("tokens", Aggregation.SUM, "acme", "{}", WindowSize.MINUTE, T0,
                new BigDecimal("3.50"), null, 1, 2);
        sum.kind = UsageRecord.Kind.COUNTED;
        UsageRecord duplicate = sample(CPU, "web-1", 0, "5");
        duplicate.kind = UsageRecord.Kind.DUPLICATE;
        UsageRecord unmatched = UsageRecord.unmatched("acme");
        List<UsageRecord> out = run(List.of(sum, duplicate, unmatched));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo(sum);
        assertThat(out.get(1).kind).isEqualTo(UsageRecord.Kind.DUPLICATE);
        assertThat(out.get(1).rejection).isNull();
        assertThat(out.get(2)).isEqualTo(unmatched);
    }

    @Test
    void aSampleOlderThanTheLatenessIsARecordedRejection() throws Exception {
        List<UsageRecord> out = run(List.of(sample(CPU, "web-1", 3_600_000, "50"),
                sample(CPU, "web-1", 3_600_000 - LATENESS.toMillis(), "40"),        // exactly the lateness: in time
                sample(CPU, "web-1", 3_600_000 - LATENESS.toMillis() - 1, "30")));  // 1 ms more: too late
        assertThat(out).extracting(r -> r.kind).containsExactly(UsageRecord.Kind.COUNTED, UsageRecord.Kind.COUNTED,
                UsageRecord.Kind.ADJUSTED, UsageRecord.Kind.REJECTED);
        UsageRecord rejected = out.get(3);
        assertThat(rejected.rejection.reasonCode()).isEqualTo(RejectionReason.TOO_LATE_FOR_SERIES);
        assertThat(rejected.rejection.meter).isEqualTo("cpu_seconds");
        assertThat(rejected.rejection.detail).contains("seriesLateness 10m", "series 'web-1'");
        assertThat(fold(out).values()).containsExactlyInAnyOrder("1 0", "1 10"); // 40 baseline, then +10
    }

    @Test
    void theSameSampleTwiceChangesNothing() throws Exception {
        UsageRecord a = sample(CPU, "web-1", 0, "5");
        UsageRecord b = sample(CPU, "web-1", 30_000, "8");
        List<UsageRecord> out = run(List.of(a, b, a));
        assertThat(out.get(out.size() - 1).kind).isEqualTo(UsageRecord.Kind.DUPLICATE);
        assertThat(fold(out)).containsExactly(Map.entry("cpu_seconds@0s", "2 3"));
    }

    @Test
    void theStateOfASeriesIsBoundedByTheLateness() throws Exception {
        try (var h = harness()) {
            h.open();
            int max = 0;
            for (int i = 0; i < 500; i++) { // every 10 s for 83 minutes; the lateness is 10 minutes
                UsageRecord r = sample(CPU, "web-1", i * 10_000L, Integer.toString(i));
                h.processElement(new StreamRecord<>(r, r.eventTime));
                max = Math.max(max, storedSamples(h, CPU, "web-1"));
            }
            // Samples at or after newest - 10 min (61 of them) plus the one just before the cut; whole buckets
            // (37 s at this lateness) are dropped, so at most two buckets' older samples (8) stay a while.
            assertThat(max).isBetween(62, 62 + 8);
            assertThat(storedSamples(h, CPU, "web-1")).isBetween(62, 62 + 8);
            assertThat(storedSampleList(h, CPU, "web-1")).endsWith(
                    SeriesState.restore(SeriesSettings.increase(WindowSize.MINUTE, LATENESS, FirstSample.BASELINE),
                            storedSampleList(h, CPU, "web-1")).samples().toArray(new Sample[0]));
        }
    }

    @Test
    void aSeriesIsForgottenWhenTheWatermarkPassesItsNewestSamplePlusTheLateness() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(sample(CPU, "web-1", 0, "100"), T0));
            h.processElement(new StreamRecord<>(sample(CPU, "web-1", 30_000, "110"), T0 + 30_000));
            h.processElement(new StreamRecord<>(sample(CPU, "web-2", 20 * 60_000, "5"), T0 + 20 * 60_000));
            assertThat(h.numEventTimeTimers()).isEqualTo(2); // one per subject and minute
            h.processWatermark(new Watermark(T0 + 30_000 + LATENESS.toMillis() - 1));
            assertThat(storedSamples(h, CPU, "web-1")).isEqualTo(2);
            h.processWatermark(new Watermark(T0 + 12 * 60_000));
            assertThat(storedSamples(h, CPU, "web-1")).isZero();
            assertThat(storedSamples(h, CPU, "web-2")).isEqualTo(1); // still live
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            // A forgotten series starts again with its first-sample rule: a baseline, not +390.
            h.processElement(new StreamRecord<>(sample(CPU, "web-1", 13 * 60_000, "500"), T0 + 13 * 60_000));
            assertThat(fold(h.extractOutputValues())).containsEntry("cpu_seconds@780s", "1 0");
        }
    }

    @Test
    void aRestoreFromASnapshotMidSeriesChangesNothing() throws Exception {
        List<UsageRecord> all = pods();
        Collections.shuffle(all, new Random(7));
        Map<String, String> uninterrupted = fold(run(all));
        List<UsageRecord> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (UsageRecord r : all.subList(0, 5)) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            out.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, T0);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(storedSamples(h, CPU, "web-1") + storedSamples(h, CPU, "web-2")
                    + storedSamples(h, DISK, "/node/1")).isPositive();
            for (UsageRecord r : all.subList(5, all.size())) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            out.addAll(h.extractOutputValues());
        }
        assertThat(fold(out)).isEqualTo(uninterrupted);
    }

    /**
     * The samples of the layout-1 fixture, with fixed digests: the first {@link #LAYOUT_V1_SNAPSHOTTED} went
     * into {@code series-state-layout-1.snapshot}, taken with the version that kept each series as one value.
     */
    private static List<UsageRecord> layoutV1Samples() {
        int saved = id;
        id = 1000;
        List<UsageRecord> all = pods();
        for (int i = 0; i < 40; i++) { // a longer series, so the fixture holds series across several minutes
            all.add(sample(CPU, "web-3", i * 7_000L, Integer.toString(i * 3 % 50)));
            all.add(sample(DISK, "/node/2", i * 11_000L + 500, Integer.toString(i % 4)));
        }
        id = saved;
        Collections.shuffle(all, new Random(11));
        return all;
    }

    private static final int LAYOUT_V1_SNAPSHOTTED = 50;
    private static final String LAYOUT_V1_FIXTURE = "src/test/resources/io/meterflow/series/series-state-layout-1.snapshot";

    /** Regenerate only on the layout-1 code: {@code -Dmeterflow.writeSeriesFixture=true}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "meterflow.writeSeriesFixture", matches = "true")
    void writeLayoutV1Fixture() throws Exception {
        try (var h = harness()) {
            h.open();
            for (UsageRecord r : layoutV1Samples().subList(0, LAYOUT_V1_SNAPSHOTTED)) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(LAYOUT_V1_FIXTURE).getParent());
            org.apache.flink.streaming.util.OperatorSnapshotUtil.writeStateHandle(h.snapshot(1, T0), LAYOUT_V1_FIXTURE);
        }
    }

    /**
     * A snapshot of the previous version (layout 1: each series one value) restores: its series move to
     * layout 2 as they get samples, the result equals an uninterrupted run, and a series that gets no more
     * samples still expires.
     */
    @Test
    void aSnapshotOfTheWholeSeriesLayoutRestoresAndMovesToBuckets() throws Exception {
        List<UsageRecord> all = layoutV1Samples();
        Map<String, String> uninterrupted = fold(run(all));
        List<UsageRecord> out = new ArrayList<>();
        try (var h = harness()) {
            h.open();
            for (UsageRecord r : all.subList(0, LAYOUT_V1_SNAPSHOTTED)) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            out.addAll(h.extractOutputValues()); // what the previous version emitted before its snapshot
        }
        try (var h = harness()) {
            h.initializeState(org.apache.flink.streaming.util.OperatorSnapshotUtil.readStateHandle(LAYOUT_V1_FIXTURE));
            h.open();
            long seriesBefore = all.subList(0, LAYOUT_V1_SNAPSHOTTED).stream().map(r -> r.meter + "/" + r.series)
                    .distinct().count();
            assertThat(layout1Series(h, CPU) + layout1Series(h, DISK)).isEqualTo(seriesBefore).isGreaterThan(2);
            assertThat(storedSamples(h, CPU, "web-3")).isZero();
            for (UsageRecord r : all.subList(LAYOUT_V1_SNAPSHOTTED, all.size())) {
                h.processElement(new StreamRecord<>(copy(r), r.eventTime));
            }
            out.addAll(h.extractOutputValues());
            assertThat(fold(out)).isEqualTo(uninterrupted);
            assertThat(layout1Series(h, CPU) + layout1Series(h, DISK)).isZero(); // every series got a sample
            assertThat(storedSamples(h, CPU, "web-3")).isPositive();
        }
        // A layout-1 series that gets no sample after the restore is forgotten by its timer like any other.
        try (var h = harness()) {
            h.initializeState(org.apache.flink.streaming.util.OperatorSnapshotUtil.readStateHandle(LAYOUT_V1_FIXTURE));
            h.open();
            h.processWatermark(new Watermark(T0 + 24 * 3_600_000L));
            assertThat(layout1Series(h, CPU) + layout1Series(h, DISK)).isZero();
        }
    }

    /** Samples kept for one series, read straight from the keyed state backend. */
    private static int storedSamples(KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h,
            MeterDefinition meter, String series) throws Exception {
        return storedSampleList(h, meter, series).size();
    }

    private static List<Sample> storedSampleList(KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h,
            MeterDefinition meter, String series) throws Exception {
        return SeriesBuckets.samples(series, new SeriesFunction.MapStore(state(h, SeriesFunction.headsDescriptor(meter.slug())),
                state(h, SeriesFunction.bucketsDescriptor(meter.slug())), SeriesFunction.seriesKey("{}", series)));
    }

    /** Series of one meter still stored in layout 1. */
    private static int layout1Series(KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h,
            MeterDefinition meter) throws Exception {
        int n = 0;
        for (var ignored : state(h, SeriesFunction.samplesDescriptor(meter.slug())).keys()) {
            n++;
        }
        return n;
    }

    private static MapState<String, byte[]> state(KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h,
            org.apache.flink.api.common.state.MapStateDescriptor<String, byte[]> descriptor) throws Exception {
        var op = (KeyedProcessOperator<?, ?, ?>) h.getOperator();
        op.setCurrentKey("acme");
        return op.getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                descriptor);
    }
}
