package io.meterflow.dedupe;

import io.meterflow.aggregate.MetricNames;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.limit.Notification;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.notification.ThresholdWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by subject: remembers the 128-bit digest of every (source, id) counted within the dedupe
 * horizon, with the set of meters that counted it ({@link MeterBits} over {@link MeterOrdinals}), and
 * turns each metered record into COUNTED or DUPLICATE. One state entry per event, looked up once per
 * event however many meters it feeds; a meter added later finds its bit unset, so a replay backfills it
 * and no other. Also marks an event whose window the watermark had already closed when it arrived as a
 * late adjustment (still counted).
 *
 * <p>Keying by subject keeps every window row (meter, subject, group, window) owned by one subtask,
 * which the sink's per-subtask commits rely on.
 *
 * <p>The only long-lived state in the pipeline; it expires by TTL (processing time since the event
 * was last counted by a meter) and is cleaned in RocksDB's compaction filter.
 *
 * <p>Metered records are held in a batch and looked up in (about) RocksDB key order (key group,
 * key, digest): nearly every lookup is a miss followed by an insert, and random inserts into a large
 * memtable cost a cache miss per skip-list level, while sorted ones share the path (a standalone
 * measurement: 6.8 µs per lookup + insert in arrival order, 3.3 µs in sorted batches of 50,000).
 * An event arrives as one record carrying its other meters' records ({@link UsageRecord#otherMeters}),
 * and sorting brings its redeliveries next to it: one lookup per event. The batch is flushed when full, before every checkpoint
 * barrier (so the state and the sink's epoch include every record before the barrier) and at the end
 * of input. Records with equal digests keep their arrival order, so the first delivery of an event is
 * the one counted.
 *
 * <p>Most lookups are of ids never seen, and RocksDB answers those only after walking its memtables
 * and the filters of every SST level: a {@link NewIdFilter} built from the state answers most of them
 * first (see there for why it stays exact), and only "maybe" reads the state.
 */
public final class DedupeOperator extends AbstractStreamOperator<UsageRecord>
        implements OneInputStreamOperator<UsageRecord, UsageRecord>, BoundedOneInput,
                TwoInputStreamOperator<UsageRecord, Tuple2<String, String>, UsageRecord>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_BATCH_SIZE = 50_000;
    /**
     * 8 MiB of heap per subtask: a build reads every remembered id once, so a small state is not
     * worth rebuilding for (at 1 M ids the benchmark's job rebuilt mid-run and lost most of the gain).
     */
    static final long DEFAULT_FILTER_MIN_CAPACITY = 1L << 23;
    private static final String SEEN_EVENTS = "seen-events";
    private static final Logger LOG = LoggerFactory.getLogger(DedupeOperator.class);

    private final Duration ttl;
    private final MeterOrdinals ordinals;
    private final int batchSize;
    /** The threshold rules, or null: then the operator has one input, else the limits are the second. */
    private final ThresholdWatch watch;
    /** The new-id filter's least capacity (tests make it small to see it rebuilt). */
    private final long filterMinCapacity;
    private transient MapState<Tuple2<Long, Long>, byte[]> seen;
    private transient Tuple2<Long, Long> probe;
    private transient List<Pending> batch;
    private transient StreamRecord<UsageRecord> out;
    private transient long currentWatermark;
    private transient int keyGroups;
    private transient Counter counted;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter lookupsSkipped;
    /** Answers "never seen" without a state read; derived from the state, rebuilt when opened and when full. */
    private transient NewIdFilter filter;
    /** Counted per record, added to the metrics once per flush (a counter update per record was ~5 % of the thread). */
    private transient long countedInBatch;
    private transient long duplicatesInBatch;
    private transient long lateInBatch;
    private transient long skippedInBatch;
    /** Scratch of the lookup-order sort, reused by every flush. */
    private transient LookupOrder.Keys sortKeys;
    /** One String per meter, by ordinal, and the last meter decided with its ordinal (records come in runs of one meter). */
    private transient String[] meterStrings;
    private transient String lastMeter;
    private transient int lastOrdinal;
    private transient Histogram batchSizes;
    private transient Histogram flushTimesMs;

    public DedupeOperator(Duration ttl, MeterOrdinals ordinals) {
        this(ttl, ordinals, DEFAULT_BATCH_SIZE);
    }

    public DedupeOperator(Duration ttl, MeterOrdinals ordinals, int batchSize) {
        this(ttl, ordinals, batchSize, null);
    }

    /**
     * @param watch threshold rules to evaluate on what is counted, with the limits as the second
     *     (broadcast) input; null for none
     */
    public DedupeOperator(Duration ttl, MeterOrdinals ordinals, int batchSize, ThresholdWatch watch) {
        this(ttl, ordinals, batchSize, watch, DEFAULT_FILTER_MIN_CAPACITY);
    }

    DedupeOperator(Duration ttl, MeterOrdinals ordinals, int batchSize, ThresholdWatch watch, long filterMinCapacity) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.ttl = ttl;
        this.ordinals = Objects.requireNonNull(ordinals, "ordinals");
        this.batchSize = batchSize;
        this.watch = watch;
        this.filterMinCapacity = filterMinCapacity;
    }

    /** The state descriptor, shared with tests and the state-size benchmark. */
    public static MapStateDescriptor<Tuple2<Long, Long>, byte[]> seenEventsDescriptor(Duration ttl) {
        MapStateDescriptor<Tuple2<Long, Long>, byte[]> d = new MapStateDescriptor<>(
                SEEN_EVENTS, Types.TUPLE(Types.LONG, Types.LONG), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(ttlConfig(ttl));
        return d;
    }

    /**
     * How remembered ids expire: processing time since the last write, never returned once expired,
     * dropped in RocksDB's compaction. 0.1.0's state used the same, which its converter relies on.
     */
    public static StateTtlConfig ttlConfig(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        if (watch != null) {
            watch.open(context.getKeyedStateStore().getMapState(watch.usageDescriptor()),
                    context.getOperatorStateStore().getBroadcastState(ThresholdWatch.LIMITS));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (watch != null) {
            // The limits carry no event time: only the events' watermark and idleness count.
            combinedWatermark.updateStatus(1, true);
        }
        seen = getRuntimeContext().getMapState(seenEventsDescriptor(ttl));
        probe = new Tuple2<>();
        batch = new ArrayList<>(Math.min(batchSize, 1024));
        sortKeys = new LookupOrder.Keys();
        meterStrings = new String[0];
        out = new StreamRecord<>(null);
        currentWatermark = Long.MIN_VALUE;
        keyGroups = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        MetricGroup metrics = getMetricGroup().addGroup(MetricNames.GROUP);
        counted = metrics.counter(MetricNames.EVENTS_COUNTED);
        duplicates = metrics.counter(MetricNames.DUPLICATES);
        late = metrics.counter(MetricNames.LATE_EVENTS);
        batchSizes = metrics.histogram(MetricNames.DEDUPE_BATCH_SIZE,
                new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        flushTimesMs = metrics.histogram(MetricNames.DEDUPE_FLUSH_TIME_MS,
                new DescriptiveStatisticsHistogram(MetricNames.HISTOGRAM_WINDOW));
        lookupsSkipped = metrics.counter(MetricNames.DEDUPE_LOOKUPS_SKIPPED);
        metrics.gauge(MetricNames.DEDUPE_FILTER_BYTES, (Gauge<Long>) () -> filter == null ? 0L : filter.bytes());
        rebuildFilter(); // the restored state's ids (none on a fresh start) before the first record
    }

    /**
     * The filter from what the state holds now: every live remembered id of this subtask's key groups,
     * whichever job wrote them and at whatever parallelism (a restore, a rescale, a savepoint converted
     * offline), so that "certainly new" stays exact. Expired ids are left out. Sized from the last
     * filter's count (an upper bound of the live ids), read twice when that was far too small (the
     * first build after a restore).
     */
    private void rebuildFilter() throws Exception {
        long started = System.nanoTime();
        List<String> subjects = subjectsWith(SEEN_EVENTS);
        NewIdFilter built = fill(NewIdFilter.forRemembered(filter == null ? 0 : filter.ids(), filterMinCapacity), subjects);
        if (built.ids() * NewIdFilter.GROWTH > 2 * built.capacity() && !built.atHeapShare()) { // a second read would not make it larger
            built = fill(NewIdFilter.forRemembered(built.ids(), filterMinCapacity), subjects);
        }
        filter = built.built();
        LOG.info("Dedupe subtask {}: new-id filter built from {} remembered ids of {} subjects in {} ms ({} bytes, room for {})",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), built.ids(), subjects.size(),
                (System.nanoTime() - started) / 1_000_000, built.bytes(), built.capacity());
    }

    /**
     * The subjects with entries in the named keyed state, collected before the caller moves the current
     * key (reading or writing keyed state under the backend's key iterator is not safe).
     */
    private List<String> subjectsWith(String stateName) throws Exception {
        List<String> subjects = new ArrayList<>();
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            keys.forEach(subjects::add);
        }
        return subjects;
    }

    /** State reads the filter saved so far (tests). */
    long lookupsSkipped() {
        return lookupsSkipped.getCount();
    }

    private NewIdFilter fill(NewIdFilter f, List<String> subjects) throws Exception {
        for (String subject : subjects) {
            setCurrentKey(subject);
            for (Tuple2<Long, Long> digest : seen.keys()) {
                f.add(digest.f0, digest.f1);
            }
        }
        return f;
    }

    @Override
    public void processElement(StreamRecord<UsageRecord> element) throws Exception {
        UsageRecord r = element.getValue();
        if (r.kind != UsageRecord.Kind.METERED) {
            output.collect(element); // rejections and unmatched events only pass through to be recorded
            return;
        }
        // Lateness is judged against the watermark the event arrived under, not the one at flush.
        r.late = r.windowEnd - 1 <= currentWatermark;
        if (r.otherMeters != null) {
            for (UsageRecord o : r.otherMeters) {
                o.late = o.windowEnd - 1 <= currentWatermark;
            }
        }
        String key = (String) getCurrentKey();
        batch.add(new Pending(r, element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE, key,
                KeyGroupRangeAssignment.assignToKeyGroup(key, keyGroups)));
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    @Override
    public void processElement1(StreamRecord<UsageRecord> element) throws Exception {
        processElement(element);
    }

    /** A limit change: everything that arrived before it is evaluated first, under the old limits. */
    @Override
    public void processElement2(StreamRecord<Tuple2<String, String>> element) throws Exception {
        flush();
        watch.onLimitChange(element.getValue(), this::forEachSubject, this::emit);
    }

    /** The subject if this subtask holds it, or every subject with threshold state here (null). */
    private void forEachSubject(String subject, ThresholdWatch.SubjectAction action) throws Exception {
        if (subject != null) {
            int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(subject, keyGroups);
            var task = getRuntimeContext().getTaskInfo();
            if (KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(keyGroups, task.getNumberOfParallelSubtasks(), keyGroup)
                    == task.getIndexOfThisSubtask()) {
                setCurrentKey(subject);
                action.apply(subject);
            }
            return;
        }
        for (String s : subjectsWith(watch.usageDescriptor().getName())) {
            setCurrentKey(s);
            action.apply(s);
        }
    }

    private void emit(Notification n) {
        output.collect(out.replace(UsageRecord.notification(n)));
        out.eraseTimestamp();
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // The limits input has no event time (see open).
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0) {
            super.processWatermarkStatus(status, index);
        }
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        if (filter.full()) {
            rebuildFilter(); // before this batch: its puts go into the new filter
        }
        int size = batch.size();
        Pending[] sorted = LookupOrder.sort(batch, sortKeys); // batch itself keeps the arrival order
        try {
            String currentKey = null;
            int i = 0;
            while (i < size) {
                Pending first = sorted[i];
                if (!first.key.equals(currentKey)) { // sorted: a key's records are adjacent
                    setCurrentKey(first.key);
                    currentKey = first.key;
                }
                // One run = every record of one event under this key: its meters and any redelivery.
                int end = i + 1;
                while (end < size && sorted[end].sameEvent(first)) {
                    end++;
                }
                boolean unseen = filter.certainlyNew(first.digestHi, first.digestLo);
                byte[] stored = null;
                if (unseen) {
                    skippedInBatch++;
                } else {
                    probe.f0 = first.digestHi;
                    probe.f1 = first.digestLo;
                    stored = seen.get(probe);
                }
                byte[] bits = stored == null ? MeterBits.NONE : stored;
                for (int j = i; j < end; j++) {
                    Pending p = sorted[j];
                    UsageRecord[] others = p.record.otherMeters;
                    p.record.otherMeters = null; // from here on each meter's record travels alone
                    bits = decide(p.record, currentKey, p.timestamp, bits);
                    if (others != null) {
                        for (UsageRecord o : others) {
                            bits = decide(o, currentKey, p.timestamp, bits);
                        }
                    }
                }
                if (bits != stored && bits.length > 0) {
                    seen.put(Tuple2.of(first.digestHi, first.digestLo), bits);
                    if (unseen) {
                        filter.add(first.digestHi, first.digestLo);
                    }
                }
                i = end;
            }
            if (watch != null) {
                evaluateThresholds(batch);
            }
        } finally {
            batch.clear(); // after a failure too: the task restarts from the last checkpoint
            Arrays.fill(sorted, 0, size, null);
            flushCounts();
        }
        batchSizes.update(size);
        flushTimesMs.update((System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The rules see counted records in the order they arrived (a subject's events come from one Kafka
     * partition, so that order is the partition's, the same after a restore): which event crossed a
     * threshold, and the usage then, do not depend on how the batch was cut or sorted.
     */
    private void evaluateThresholds(List<Pending> arrival) throws Exception {
        String currentKey = null;
        for (Pending p : arrival) {
            currentKey = evaluate(p.record, p.key, currentKey);
            if (p.others != null) {
                for (UsageRecord o : p.others) {
                    currentKey = evaluate(o, p.key, currentKey);
                }
            }
        }
    }

    private String evaluate(UsageRecord r, String key, String currentKey) throws Exception {
        if (!watch.watches(r)) {
            return currentKey;
        }
        if (!key.equals(currentKey)) {
            setCurrentKey(key);
        }
        watch.onCounted(r, this::emit);
        return key;
    }

    private void flushCounts() {
        if (countedInBatch > 0) {
            counted.inc(countedInBatch);
        }
        if (duplicatesInBatch > 0) {
            duplicates.inc(duplicatesInBatch);
        }
        if (lateInBatch > 0) {
            late.inc(lateInBatch);
        }
        if (skippedInBatch > 0) {
            lookupsSkipped.inc(skippedInBatch);
        }
        skippedInBatch = 0;
        countedInBatch = 0;
        duplicatesInBatch = 0;
        lateInBatch = 0;
    }

    /**
     * Counts the record unless its meter already counted this event; returns the event's meters after it.
     * The record leaves with the flush's one String of its subject ({@code key}) and of its meter: each
     * arrived as a String of its own, and the sink's window keys hash and compare them per record.
     */
    private byte[] decide(UsageRecord r, String key, long timestamp, byte[] bits) {
        if (r.subject != null) {
            r.subject = key; // equal: a metered record's key is its subject
        }
        int ordinal;
        if (lastMeter != null && lastMeter.equals(r.meter)) {
            r.meter = lastMeter;
            ordinal = lastOrdinal;
        } else {
            ordinal = ordinals.ordinal(r.meter);
            if (ordinal < 0) {
                // The job checks the ordinals against the catalog before it starts: this is a wiring bug.
                throw new IllegalStateException("meter '" + r.meter + "' has no ordinal in " + ordinals);
            }
            if (ordinal >= meterStrings.length) {
                meterStrings = Arrays.copyOf(meterStrings, ordinal + 1);
            }
            if (meterStrings[ordinal] == null) {
                meterStrings[ordinal] = r.meter;
            }
            r.meter = meterStrings[ordinal];
            lastMeter = r.meter;
            lastOrdinal = ordinal;
        }
        byte[] after = bits;
        if (MeterBits.contains(bits, ordinal)) {
            r.kind = UsageRecord.Kind.DUPLICATE;
            r.late = false;
            duplicatesInBatch++;
        } else {
            after = MeterBits.with(bits, ordinal);
            r.kind = UsageRecord.Kind.COUNTED;
            countedInBatch++;
            if (r.late) {
                lateInBatch++;
            }
        }
        if (timestamp == Long.MIN_VALUE) {
            output.collect(out.replace(r));
        } else {
            output.collect(out.replace(r, timestamp));
        }
        out.eraseTimestamp();
        return after;
    }

    /**
     * An event waiting for its lookup, with what the sort compares copied in (no pointer chase into
     * the record per comparison: the sort is a tenth of the dedupe thread's time).
     */
    static final class Pending implements Comparable<Pending> {
        final UsageRecord record;
        /** The event's other meters' records, kept for the threshold pass after the record drops them. */
        final UsageRecord[] others;
        final long timestamp;
        final String key;
        /** Key group in the high half, the key's hash in the low: one comparison orders both. */
        final long order;
        final long digestHi;
        final long digestLo;

        Pending(UsageRecord record, long timestamp, String key, int keyGroup) {
            this.record = record;
            this.others = record.otherMeters;
            this.timestamp = timestamp;
            this.key = key;
            this.order = ((long) keyGroup << 32) | (key.hashCode() & 0xffffffffL);
            this.digestHi = record.digestHi;
            this.digestLo = record.digestLo;
        }

        boolean sameEvent(Pending o) {
            return digestHi == o.digestHi && digestLo == o.digestLo && key.equals(o.key);
        }

        /**
         * Close to RocksDB's order of the state keys: key group first, then each key's records
         * together (by hash: cheaper than comparing keys, and locality is all that matters), then
         * the digest as RocksDB compares it (unsigned).
         */
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(order, o.order);
            if (c == 0) {
                c = Long.compareUnsigned(digestHi, o.digestHi);
            }
            return c != 0 ? c : Long.compareUnsigned(digestLo, o.digestLo);
        }
    }
}
