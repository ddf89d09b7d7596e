package io.meterflow.series;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.Durations;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.RejectionReason;
import io.meterflow.event.Rejections;
import io.meterflow.event.Utf8;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The series stage, keyed by subject like the dedupe before it: turns each counted sample of an
 * INCREASE or TIME_WEIGHTED meter into the window changes of {@link SeriesState#offer} (the sample's
 * own window as the COUNTED record, every other touched window as an {@link UsageRecord.Kind#ADJUSTED}
 * record), a TOO_LATE_FOR_SERIES rejection, or a DUPLICATE. Every other record passes unchanged.
 *
 * <p>State: per series meter two maps, bounded by the meter's seriesLateness ({@link SeriesBuckets}, layout 2):
 * heads (series within the subject → newest time and bucket starts) and buckets (series and bucket start →
 * the bucket's samples, {@link BucketCodec}), so a sample reads and writes its own bucket, not its whole
 * series. A series still in layout 1 (one map value per series, {@link SampleCodec}, what the previous
 * version wrote) is moved to layout 2 the first time it gets a sample, and expired from there otherwise.
 * The changes are emitted in the same call that updates the state, so a checkpoint holds both or neither,
 * and the sink's fenced commit adds them exactly once.
 *
 * <p>Expiry is by event time: when the watermark passes a series' newest sample plus its lateness, the
 * series is forgotten (an event-time timer per subject and minute). Not by wall-clock TTL: a job that
 * was stopped for longer than the lateness must not forget every live series on restart, and a
 * rebuild replaying the same events decides the same (up to where the watermark stands).
 */
public final class SeriesFunction extends KeyedProcessFunction<String, UsageRecord, UsageRecord> {
    private static final long serialVersionUID = 1L;
    /** Expiry timers are rounded up to this, so a subject has at most one per minute. */
    static final long TIMER_GRANULARITY_MS = 60_000;

    private final SeriesMeters meters;
    private transient Map<String, MapState<String, byte[]>> heads;
    private transient Map<String, MapState<String, byte[]>> buckets;
    private transient Map<String, MapState<String, byte[]>> layout1;
    private transient Counter tooLate;
    private transient Counter corrections;

    public SeriesFunction(SeriesMeters meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Layout 1 of one series meter (series key → all its kept samples): read only, to move it to layout 2. */
    public static MapStateDescriptor<String, byte[]> samplesDescriptor(String meter) {
        return bytesMap("series-samples-" + meter);
    }

    /** Layout 2, the heads of one series meter: series key → {@link BucketCodec.Head}. */
    public static MapStateDescriptor<String, byte[]> headsDescriptor(String meter) {
        return bytesMap("series-heads-" + meter);
    }

    /** Layout 2, the buckets of one series meter: {@link #bucketKey} → the bucket's samples. */
    public static MapStateDescriptor<String, byte[]> bucketsDescriptor(String meter) {
        return bytesMap("series-buckets-" + meter);
    }

    private static MapStateDescriptor<String, byte[]> bytesMap(String name) {
        return new MapStateDescriptor<>(name, Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        heads = new HashMap<>();
        buckets = new HashMap<>();
        layout1 = new HashMap<>();
        for (String meter : meters.slugs()) {
            heads.put(meter, getRuntimeContext().getMapState(headsDescriptor(meter)));
            buckets.put(meter, getRuntimeContext().getMapState(bucketsDescriptor(meter)));
            layout1.put(meter, getRuntimeContext().getMapState(samplesDescriptor(meter)));
        }
        var g = getRuntimeContext().getMetricGroup().addGroup("meterflow");
        tooLate = g.counter("seriesTooLate");
        corrections = g.counter("seriesCorrections");
    }

    @Override
    public void processElement(UsageRecord r, Context ctx, Collector<UsageRecord> out) throws Exception {
        if (r.aggregation == null || !r.aggregation.isSeries()) {
            out.collect(r);
            return;
        }
        if (r.kind != UsageRecord.Kind.COUNTED) {
            if (r.kind == UsageRecord.Kind.DUPLICATE) {
                r.rejection = null; // the pending TOO_LATE_FOR_SERIES is moot: not counted anyway
            }
            out.collect(r);
            return;
        }
        SeriesSettings settings = meters.settings(r.meter);
        MapState<String, byte[]> headState = heads.get(r.meter);
        if (settings == null || headState == null) {
            // The job derives SeriesMeters from the same catalog as the source: this is a wiring bug.
            throw new IllegalStateException("series meter '" + r.meter + "' is not in " + meters);
        }
        String key = seriesKey(r.groupValues, r.series);
        MapStore store = new MapStore(headState, buckets.get(r.meter), key);
        moveFromLayout1(settings, layout1.get(r.meter), key, r.series, store);
        SeriesBuckets.Offered offered = SeriesBuckets.offer(settings, store,
                new Sample(r.series, r.eventTime, r.digestHi, r.digestLo, r.value));
        SeriesUpdate update = offered.update();
        switch (update.outcome()) {
            case ACCEPTED:
                if (offered.newestAfter() != offered.newestBefore()) {
                    ctx.timerService().registerEventTimeTimer(expiryTimer(offered.newestAfter(), settings));
                }
                emit(r, update.changes(), settings.windowSize(), ctx.timerService().currentWatermark(), out);
                break;
            case TOO_LATE:
                tooLate.inc();
                r.kind = UsageRecord.Kind.REJECTED;
                r.rejection = pendingRejection(r);
                r.rejection.detail = Utf8.shorten("sample at " + Instant.ofEpochMilli(r.eventTime) + " is more than "
                        + "seriesLateness " + Durations.format(settings.lateness()) + " before the newest sample of series '"
                        + r.series + "' (" + Instant.ofEpochMilli(offered.newestBefore()) + ")", Rejections.MAX_DETAIL);
                out.collect(r);
                break;
            case DUPLICATE:
            default:
                r.kind = UsageRecord.Kind.DUPLICATE;
                r.rejection = null;
                out.collect(r);
                break;
        }
    }

    /** The sample's own window travels as the COUNTED record; the other windows as ADJUSTED ones. */
    private void emit(UsageRecord r, List<WindowChange> changes, WindowSize size, long watermark,
            Collector<UsageRecord> out) {
        r.rejection = null;
        List<UsageRecord> adjusted = new ArrayList<>(changes.size());
        for (WindowChange c : changes) {
            if (c.samples() > 0) {
                r.value = c.value(); // the change of the sample's window (its event time's window)
                continue;
            }
            UsageRecord a = new UsageRecord();
            a.kind = UsageRecord.Kind.ADJUSTED;
            a.meter = r.meter;
            a.aggregation = r.aggregation;
            a.subject = r.subject;
            a.groupValues = r.groupValues;
            a.series = r.series;
            a.windowStart = c.windowStart();
            a.windowEnd = c.windowStart() + size.millis();
            a.eventTime = r.eventTime;
            a.digestHi = r.digestHi;
            a.digestLo = r.digestLo;
            a.value = c.value();
            a.late = a.windowEnd - 1 <= watermark;
            adjusted.add(a);
        }
        out.collect(r);
        for (UsageRecord a : adjusted) {
            out.collect(a);
        }
        corrections.inc(adjusted.size());
    }

    /** A series the previous version stored (layout 1) moves to layout 2 before its first sample here. */
    private static void moveFromLayout1(SeriesSettings settings, MapState<String, byte[]> old, String key, String series,
            MapStore store) throws Exception {
        if (store.head() != null) {
            return;
        }
        byte[] stored = old.get(key);
        if (stored != null) {
            SeriesBuckets.importSamples(settings, store, SampleCodec.decode(series, stored));
            old.remove(key);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UsageRecord> out) throws Exception {
        for (String meter : meters.slugs()) {
            long lateness = meters.settings(meter).lateness().toMillis();
            MapState<String, byte[]> bucketState = buckets.get(meter);
            List<String> expired = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : heads.get(meter).entries()) {
                if (BucketCodec.newestTime(e.getValue()) + lateness <= timestamp) {
                    expired.add(e.getKey());
                    for (long start : BucketCodec.decodeHead(e.getValue()).starts()) {
                        bucketState.remove(bucketKey(e.getKey(), start));
                    }
                }
            }
            for (String key : expired) {
                heads.get(meter).remove(key);
            }
            // Series of the previous layout that got no sample since the restore.
            Iterator<Map.Entry<String, byte[]>> it = layout1.get(meter).iterator();
            while (it.hasNext()) {
                if (SampleCodec.newestTime(it.next().getValue()) + lateness <= timestamp) {
                    it.remove();
                }
            }
        }
    }

    /** The series within the subject: its group values (all samples of a series share them) and name. */
    static String seriesKey(String groupValues, String series) {
        return groupValues + '\u0000' + series;
    }

    /** A bucket of a series: the series key has no NUL after the last one, so the pair is unambiguous. */
    static String bucketKey(String seriesKey, long start) {
        return seriesKey + '\u0000' + start;
    }

    /** One series' head and buckets in the current key's maps. */
    static final class MapStore implements SeriesBuckets.Store {
        private final MapState<String, byte[]> heads;
        private final MapState<String, byte[]> buckets;
        private final String key;
        private byte[] head;
        private boolean headRead;

        MapStore(MapState<String, byte[]> heads, MapState<String, byte[]> buckets, String key) {
            this.heads = heads;
            this.buckets = buckets;
            this.key = key;
        }

        @Override
        public byte[] head() throws Exception {
            if (!headRead) { // read once per sample: the layout-1 check and the offer both ask
                head = heads.get(key);
                headRead = true;
            }
            return head;
        }

        @Override
        public void putHead(byte[] newHead) throws Exception {
            heads.put(key, newHead);
            head = newHead;
            headRead = true;
        }

        @Override
        public byte[] bucket(long start) throws Exception {
            return buckets.get(bucketKey(key, start));
        }

        @Override
        public void putBucket(long start, byte[] bucket) throws Exception {
            buckets.put(bucketKey(key, start), bucket);
        }

        @Override
        public void removeBucket(long start) throws Exception {
            buckets.remove(bucketKey(key, start));
        }
    }

    static long expiryTimer(long newest, SeriesSettings settings) {
        long due = newest + settings.lateness().toMillis();
        return Math.floorDiv(due, TIMER_GRANULARITY_MS) * TIMER_GRANULARITY_MS + TIMER_GRANULARITY_MS;
    }

    /** The catalog attaches it to every sample; a record built elsewhere still gets one, not a crash. */
    private static RejectedEvent pendingRejection(UsageRecord r) {
        if (r.rejection != null) {
            return r.rejection;
        }
        RejectedEvent e = new RejectedEvent();
        e.topic = "";
        e.meter = r.meter;
        e.reason = RejectionReason.TOO_LATE_FOR_SERIES.name();
        e.payload = new byte[0];
        return e;
    }
}
