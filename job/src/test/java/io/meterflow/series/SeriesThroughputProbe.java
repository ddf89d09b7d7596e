package io.meterflow.series;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.MeterDefinition;
import io.meterflow.meter.SeriesOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: samples/s of the series stage alone on RocksDB in a harness, series sampled every 10 s with
 * 5 % out of order and the default 2 h lateness, run long enough that every series holds a full lateness.
 * {@code -Dmeterflow.seriesThroughput=true} (and a JFR flag in argLine to profile it).
 */
@EnabledIfSystemProperty(named = "meterflow.seriesThroughput", matches = "true")
class SeriesThroughputProbe {
    private static final long T0 = 1_767_225_600_000L;
    private static final int SERIES = Integer.getInteger("meterflow.seriesThroughput.series", 20);
    private static final int SAMPLES = Integer.getInteger("meterflow.seriesThroughput.samples", 900);

    @Test
    void measure() throws Exception {
        for (Aggregation agg : List.of(Aggregation.INCREASE, Aggregation.TIME_WEIGHTED)) {
            MeterDefinition m = new MeterDefinition("m_" + agg.name().toLowerCase(Locale.ROOT), "pod.x", agg, "$.v", null,
                    WindowSize.MINUTE, new SeriesOptions("$.pod", null, null, null, null));
            List<UsageRecord> records = records(m);
            try (KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h =
                    new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                            new SeriesFunction(SeriesMeters.of(List.of(m)))), UsageRecord::routingKey, Types.STRING)) {
                h.setStateBackend(new EmbeddedRocksDBStateBackend());
                h.open();
                int warm = records.size() / 3;
                for (UsageRecord r : records.subList(0, warm)) {
                    h.processElement(new StreamRecord<>(r, r.eventTime));
                }
                h.getOutput().clear();
                long t0 = System.nanoTime();
                int n = 0;
                for (UsageRecord r : records.subList(warm, records.size())) {
                    h.processElement(new StreamRecord<>(r, r.eventTime));
                    if (++n % 1000 == 0) {
                        h.getOutput().clear(); // size() of the harness' queue walks it
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "[probe] %s: %,.0f samples/s (%,d samples, %d series)%n", agg,
                        (records.size() - warm) / s, records.size() - warm, SERIES);
                stateBytes(h, m);
            }
        }
    }

    /**
     * Keys + values per series as stored (layout 2), and what layout 1 (each series one value of
     * {@link SampleCodec}) would store for the same kept samples.
     */
    private static void stateBytes(KeyedOneInputStreamOperatorTestHarness<String, UsageRecord, UsageRecord> h,
            MeterDefinition m) throws Exception {
        var op = (KeyedProcessOperator<?, ?, ?>) h.getOperator();
        long stored = 0;
        long layout1 = 0;
        long samples = 0;
        int series = 0;
        for (int subject = 0; subject * 10 < SERIES; subject++) {
            op.setCurrentKey("subject-" + subject);
            MapState<String, byte[]> heads = op.getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, SeriesFunction.headsDescriptor(m.slug()));
            MapState<String, byte[]> buckets = op.getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE, SeriesFunction.bucketsDescriptor(m.slug()));
            for (Map.Entry<String, byte[]> e : heads.entries()) {
                stored += utf8(e.getKey()) + e.getValue().length;
                String name = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
                List<Sample> kept = SeriesBuckets.samples(name, new SeriesFunction.MapStore(heads, buckets, e.getKey()));
                samples += kept.size();
                List<Sample> exact = SeriesState.restore(m.series(), kept).samples();
                layout1 += utf8(e.getKey()) + SampleCodec.encode(exact).length;
                series++;
            }
            for (Map.Entry<String, byte[]> e : buckets.entries()) {
                stored += utf8(e.getKey()) + e.getValue().length;
            }
        }
        System.out.printf(Locale.ROOT, "[probe] %s state: %,.0f B/series stored (layout 2, keys + values, %.0f samples/series),"
                + " layout 1 would store %,.0f B/series%n", m.aggregation(), (double) stored / series,
                (double) samples / series, (double) layout1 / series);
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Every series every 10 s (subjects of 10 series); 5 % of the samples arrive up to 60 s late. */
    private static List<UsageRecord> records(MeterDefinition m) {
        Random random = new Random(42);
        List<UsageRecord> out = new ArrayList<>();
        long[] counters = new long[SERIES];
        int id = 0;
        for (int i = 0; i < SAMPLES; i++) {
            for (int s = 0; s < SERIES; s++) {
                counters[s] += random.nextInt(1000);
                long time = T0 + i * 10_000L + s;
                UsageRecord r = UsageRecord.metered(m.slug(), m.aggregation(), "subject-" + (s / 10), "{}",
                        m.windowSize(), time, BigDecimal.valueOf(counters[s], 3), null, s, ++id);
                r.kind = UsageRecord.Kind.COUNTED;
                r.series = "pod-" + s;
                out.add(r);
            }
        }
        for (int i = 0; i < out.size(); i++) {
            if (random.nextDouble() < 0.05) {
                int j = Math.min(out.size() - 1, i + random.nextInt(6 * SERIES));
                UsageRecord late = out.remove(i);
                out.add(j, late);
            }
        }
        return out;
    }
}
