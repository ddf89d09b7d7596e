package io.meterflow.bench;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.UsageRecordTypeInfo;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.dedupe.DedupeOperator;
import io.meterflow.event.EventDigest;
import io.meterflow.job.MeterflowJob;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.pipeline.MeteringPipeline;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Remembered ids, small vs large: the dedupe stage's rate when its state is far larger than the
 * RocksDB block cache. Producing tens of millions of events through Kafka here would take hours and
 * tens of GB, so the state is built directly: a job on the benchmark's cluster reads a generated
 * sequence, turns each number into a metered record (real {@link EventDigest}s, 1,000 subjects) and
 * runs it through the real {@link DedupeOperator} on EmbeddedRocksDB with the job's TTL and RocksDB
 * settings, at parallelism 1. The first {@code rememberedIds} records only fill the state; the next
 * {@code measuredEvents} (90 % new ids, 10 % redeliveries of prefilled ids, drawn as {@link
 * Redeliveries} says, so they must be found in SST files, not in the memtable) are timed, up to the
 * moment the last measured one leaves the dedupe.
 *
 * <p>The prefill writes faster than any real stream and leaves RocksDB a compaction debt that a state
 * grown over weeks does not have; paying it inside the measured interval would charge the measured
 * records for the prefill's compactions. So the interval starts once RocksDB reports no pending or
 * running compaction or flush (at most {@link #SETTLE_LIMIT}); the measured records' own compactions
 * stay in it.
 */
final class LargeState {
    static final int SUBJECTS = 1_000;
    /** One record in ten of the measured phase is a redelivery. */
    static final int DUPLICATE_ONE_IN = 10;
    static final String SOURCE = "//bench.example.com/large-state";
    static final String METER = "api_requests";
    static final long BASE_TIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    /**
     * Where a redelivery's id comes from. {@code UNIFORM}: any prefilled id, the worst case (its block is
     * seldom in the cache). {@code RECENT}: one of the last {@link #RECENT_IDS} prefilled ids, as with
     * producer and client retries, which repeat events of the last minutes.
     */
    enum Redeliveries { UNIFORM, RECENT }

    /** The recent ids a {@link Redeliveries#RECENT} redelivery draws from. */
    static final long RECENT_IDS = 1_000_000;

    /** The longest wait for the prefill's compactions before the measured interval starts regardless. */
    static final Duration SETTLE_LIMIT = Duration.ofMinutes(15);
    private static final long SALT_SUBJECT = 0x5DEECE66DL;
    private static final long SALT_DUPLICATE = 0x9E3779B97F4A7C15L;
    private static final long SALT_ORIGINAL = 0xC2B2AE3D27D4EB4FL;

    record Result(Redeliveries redeliveries, long rememberedIds, long measuredEvents, long expectedDuplicates, long counted, long duplicates,
            long prefillNanos, long prefillCpuNanos, long settleNanos, long pendingCompactionBytesAfterPrefill,
            long nanos, long cpuNanos, long sstBytesAfterPrefill,
            long memtableEntriesAfterPrefill, long sstBytes, long memtableEntries, long blockCacheCapacity,
            long blockCacheUsage, long tableReadersBytes, String byThread) {
        double eps() {
            return Stats.rate(measuredEvents, nanos);
        }

        double cpuMicrosPerEvent() {
            return CpuClock.microsPerEvent(cpuNanos, measuredEvents);
        }

        /** Ids in the state at the end: the prefill plus every new id of the measured phase. */
        long idsAtEnd() {
            return rememberedIds + measuredEvents - expectedDuplicates;
        }

        /** SST bytes per id written to SST files (ids still in the memtables excluded); NaN when none were. */
        double bytesPerId() {
            return bytesPerId(sstBytes, idsAtEnd(), memtableEntries);
        }

        boolean countsRight() {
            return duplicates == expectedDuplicates && counted == measuredEvents - expectedDuplicates;
        }

        static double bytesPerId(long sstBytes, long ids, long memtableEntries) {
            long inSst = ids - Math.max(0, memtableEntries);
            return sstBytes <= 0 || memtableEntries < 0 || inSst <= 0 ? Double.NaN : (double) sstBytes / inSst;
        }
    }

    private LargeState() {}

    // ---- the plan of events: pure, deterministic ----

    /** Murmur3's 64-bit finalizer: a cheap, well-spread function of the sequence number. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    static String subjectOf(long id) {
        return "customer-" + (1 + Math.floorMod(mix(id ^ SALT_SUBJECT), SUBJECTS));
    }

    static boolean isDuplicate(long measuredIndex) {
        return Math.floorMod(mix(measuredIndex ^ SALT_DUPLICATE), DUPLICATE_ONE_IN) == 0;
    }

    /**
     * The event id of record {@code seq}: the prefill and the new ids of the measured phase are the
     * sequence number itself; a redelivery repeats a prefilled id, drawn as {@code from} says.
     */
    static long idOf(long seq, long rememberedIds, Redeliveries from) {
        if (seq < rememberedIds) {
            return seq;
        }
        long j = seq - rememberedIds;
        if (!isDuplicate(j)) {
            return seq;
        }
        long draw = mix(j ^ SALT_ORIGINAL);
        return from == Redeliveries.UNIFORM ? Math.floorMod(draw, rememberedIds)
                : rememberedIds - 1 - Math.floorMod(draw, Math.min(rememberedIds, RECENT_IDS));
    }

    static long expectedDuplicates(long measuredEvents) {
        long n = 0;
        for (long j = 0; j < measuredEvents; j++) {
            if (isDuplicate(j)) {
                n++;
            }
        }
        return n;
    }

    // ---- the seam: what the pipeline's dedupe stage looks like (adapt with DedupeOperator) ----

    /** One metered record of the event {@code id}; its event time carries the sequence number for the probe. */
    static UsageRecord record(long seq, long id) {
        EventDigest d = EventDigest.of(SOURCE, "evt-" + id);
        UsageRecord r = UsageRecord.metered(METER, Aggregation.COUNT, subjectOf(id), "{}", WindowSize.MINUTE,
                BASE_TIME + seq, null, null, d.hi(), d.lo());
        r.firstOfEvent = true;
        return r;
    }

    /**
     * The dedupe stage as MeteringPipeline builds it: keyed by the record's routing key (the subject),
     * same operator and uid; the one meter has bit 0.
     */
    static DataStream<UsageRecord> dedupeStage(DataStream<UsageRecord> records, Duration ttl) {
        return records.keyBy(UsageRecord::routingKey)
                .transform("Dedupe (large state)", UsageRecordTypeInfo.INSTANCE,
                        new DedupeOperator(ttl, MeterOrdinals.inOrder(List.of(METER))))
                .uid(MeteringPipeline.DEDUPE_UID);
    }

    /** The RocksDB settings MeterflowJob gives itself, plus the gauges the probe reads. */
    static Configuration stateSettings() {
        Configuration c = MeterflowJob.JobSettings.stateBackend();
        for (String p : StateGauges.PROPERTIES) {
            c.setString("state.backend.rocksdb.metrics." + p, "true");
        }
        return c;
    }

    // ---- the run ----

    static Result run(BenchCluster cluster, long rememberedIds, long measuredEvents, Redeliveries from, Duration ttl)
            throws Exception {
        if (rememberedIds < 1 || measuredEvents < 1) {
            throw new IllegalArgumentException("remembered ids and measured events must be positive");
        }
        StreamExecutionEnvironment env = cluster.environment(1);
        env.configure(stateSettings());
        cluster.overrideJobSettings(env);
        final long n = rememberedIds;
        DataStream<UsageRecord> records = env.fromSequence(0, rememberedIds + measuredEvents - 1)
                .map((MapFunction<Long, UsageRecord>) seq -> record(seq, idOf(seq, n, from)))
                .returns(UsageRecordTypeInfo.INSTANCE)
                .name("generated events");
        dedupeStage(records, ttl)
                .transform("probe", BasicTypeInfo.VOID_TYPE_INFO, new Probe(rememberedIds, measuredEvents))
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult result = env.execute(String.format(Locale.ROOT, "meterflow bench large state %,d ids", rememberedIds));
        return new Result(from, rememberedIds, measuredEvents, expectedDuplicates(measuredEvents), acc(result, "counted"),
                acc(result, "duplicates"), acc(result, "prefillNanos"), acc(result, "prefillCpuNanos"),
                acc(result, "settleNanos"), acc(result, "pendingCompactionBytesAfterPrefill"),
                acc(result, "nanos"), acc(result, "cpuNanos"), acc(result, "sstBytesAfterPrefill"),
                acc(result, "memtableEntriesAfterPrefill"), acc(result, "sstBytes"), acc(result, "memtableEntries"),
                acc(result, "blockCacheCapacity"), acc(result, "blockCacheUsage"), acc(result, "tableReadersBytes"),
                Probe.byThread);
    }

    private static long acc(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : -1;
    }

    /**
     * Chained behind the dedupe (same thread): notes when the last prefill record and the last
     * measured record come out, the process CPU time then, and the state backend's gauges.
     */
    static final class Probe extends AbstractStreamOperator<Void> implements OneInputStreamOperator<UsageRecord, Void>,
            BoundedOneInput {
        private static final long serialVersionUID = 1L;
        /**
         * CPU µs per measured record by thread, of the last run; a static because the MiniCluster runs in
         * this JVM and a String is no accumulator.
         */
        static volatile String byThread = "";
        private transient java.util.Map<String, java.util.Map.Entry<String, Long>> threadsAtStart;
        private final long rememberedIds;
        private final long measuredEvents;
        private transient long prefillSeen;
        private transient long measuredSeen;
        private transient long counted;
        private transient long duplicates;
        private transient long startNanos;
        private transient long startCpu;
        private transient long prefillDoneNanos;
        private transient long settledNanos;
        private transient long settledCpu;
        private transient long prefillDoneCpu;
        private transient long measuredDoneNanos;
        private transient long measuredDoneCpu;
        private transient long nextReport;
        private final long[] gaugesAfterPrefill = new long[3];
        private final long[] gaugesAtEnd = new long[5];

        Probe(long rememberedIds, long measuredEvents) {
            this.rememberedIds = rememberedIds;
            this.measuredEvents = measuredEvents;
        }

        @Override
        public void open() throws Exception {
            super.open();
            startNanos = System.nanoTime();
            startCpu = CpuClock.processCpuNanos();
            prefillDoneNanos = -1;
            byThread = "";
            measuredDoneNanos = -1;
            nextReport = 5_000_000;
            java.util.Arrays.fill(gaugesAfterPrefill, -1);
            java.util.Arrays.fill(gaugesAtEnd, -1);
        }

        @Override
        public void processElement(StreamRecord<UsageRecord> element) {
            UsageRecord r = element.getValue();
            long seq = r.eventTime - BASE_TIME;
            if (seq < rememberedIds) {
                if (++prefillSeen == rememberedIds) {
                    prefillDoneNanos = System.nanoTime();
                    prefillDoneCpu = CpuClock.processCpuNanos();
                    gaugesAfterPrefill[0] = StateGauges.sum("live-sst-files-size");
                    gaugesAfterPrefill[1] = memtableEntries();
                    gaugesAfterPrefill[2] = StateGauges.sum("estimate-pending-compaction-bytes");
                    settle();
                }
            } else {
                measuredSeen++;
                if (r.kind == UsageRecord.Kind.DUPLICATE) {
                    duplicates++;
                } else if (r.kind == UsageRecord.Kind.COUNTED) {
                    counted++;
                }
                if (measuredSeen == measuredEvents) {
                    measuredDoneNanos = System.nanoTime();
                    measuredDoneCpu = CpuClock.processCpuNanos();
                    byThread = threadsAtStart == null ? ""
                            : ThreadCpu.perEvent(ThreadCpu.between(threadsAtStart, ThreadCpu.snapshot()), measuredEvents, 6);
                    gaugesAtEnd[0] = StateGauges.sum("live-sst-files-size");
                    gaugesAtEnd[1] = memtableEntries();
                    gaugesAtEnd[2] = StateGauges.max("block-cache-capacity");
                    gaugesAtEnd[3] = StateGauges.max("block-cache-usage");
                    gaugesAtEnd[4] = StateGauges.sum("estimate-table-readers-mem");
                }
            }
            long seen = prefillSeen + measuredSeen;
            if (seen >= nextReport) {
                nextReport += 5_000_000;
                System.out.printf(Locale.ROOT, "[bench]   large state: %,d of %,d records through the dedupe after %.0f s%n",
                        seen, rememberedIds + measuredEvents, (System.nanoTime() - startNanos) / 1e9);
            }
        }

        /** Blocks the dedupe's thread (chained) until RocksDB has no compaction or flush to do. */
        private void settle() {
            long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
            try {
                while (backgroundWork() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            settledNanos = System.nanoTime();
            settledCpu = CpuClock.processCpuNanos();
            threadsAtStart = ThreadCpu.snapshot();
        }

        private static boolean backgroundWork() {
            return StateGauges.sum("compaction-pending") > 0 || StateGauges.sum("num-running-compactions") > 0
                    || StateGauges.sum("num-running-flushes") > 0 || StateGauges.sum("mem-table-flush-pending") > 0;
        }

        private static long memtableEntries() {
            long active = StateGauges.sum("num-entries-active-mem-table");
            long immutable = StateGauges.sum("num-entries-imm-mem-tables");
            return active < 0 || immutable < 0 ? -1 : active + immutable;
        }

        @Override
        public void endInput() {
            boolean done = prefillDoneNanos >= 0 && measuredDoneNanos >= 0;
            publish("counted", counted);
            publish("duplicates", duplicates);
            publish("prefillNanos", prefillDoneNanos < 0 ? -1 : prefillDoneNanos - startNanos);
            publish("prefillCpuNanos", prefillDoneNanos < 0 ? -1 : CpuClock.between(startCpu, prefillDoneCpu));
            publish("settleNanos", prefillDoneNanos < 0 ? -1 : settledNanos - prefillDoneNanos);
            publish("pendingCompactionBytesAfterPrefill", gaugesAfterPrefill[2]);
            publish("nanos", done ? measuredDoneNanos - settledNanos : -1);
            publish("cpuNanos", done ? CpuClock.between(settledCpu, measuredDoneCpu) : -1);
            publish("sstBytesAfterPrefill", gaugesAfterPrefill[0]);
            publish("memtableEntriesAfterPrefill", gaugesAfterPrefill[1]);
            publish("sstBytes", gaugesAtEnd[0]);
            publish("memtableEntries", gaugesAtEnd[1]);
            publish("blockCacheCapacity", gaugesAtEnd[2]);
            publish("blockCacheUsage", gaugesAtEnd[3]);
            publish("tableReadersBytes", gaugesAtEnd[4]);
        }

        private void publish(String name, long value) {
            LongCounter c = new LongCounter(value);
            getRuntimeContext().addAccumulator(name, c);
        }
    }
}
