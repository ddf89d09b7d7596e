package io.meterflow.dedupe;

import io.meterflow.aggregate.UsageRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by (meter, subject): remembers the 128-bit digest of every (source, id) counted within the
 * dedupe horizon and turns each metered record into COUNTED or DUPLICATE. Also marks an event
 * whose window the watermark has already closed as a late adjustment (still counted).
 *
 * <p>The only long-lived state in the pipeline; it expires by TTL (processing time since the id
 * was first counted) and is cleaned in RocksDB's compaction filter.
 */
public final class DedupeFunction extends KeyedProcessFunction<String, UsageRecord, UsageRecord> {
    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient MapState<Tuple2<Long, Long>, Boolean> seen;
    private transient Tuple2<Long, Long> probe;

    public DedupeFunction(Duration ttl) {
        this.ttl = ttl;
    }

    /** The state descriptor, shared with tests and the state-size benchmark. */
    public static MapStateDescriptor<Tuple2<Long, Long>, Boolean> seenIdsDescriptor(Duration ttl) {
        MapStateDescriptor<Tuple2<Long, Long>, Boolean> d =
                new MapStateDescriptor<>("seen-event-ids", Types.TUPLE(Types.LONG, Types.LONG), Types.BOOLEAN);
        d.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        return d;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(seenIdsDescriptor(ttl));
        probe = new Tuple2<>();
    }

    @Override
    public void processElement(UsageRecord r, Context ctx, Collector<UsageRecord> out) throws Exception {
        if (r.kind != UsageRecord.Kind.METERED) {
            out.collect(r); // rejections and unmatched events only pass through to be recorded
            return;
        }
        probe.f0 = r.digestHi;
        probe.f1 = r.digestLo;
        if (seen.contains(probe)) {
            r.kind = UsageRecord.Kind.DUPLICATE;
        } else {
            seen.put(Tuple2.of(r.digestHi, r.digestLo), Boolean.TRUE);
            r.kind = UsageRecord.Kind.COUNTED;
            r.late = r.windowEnd - 1 <= ctx.timerService().currentWatermark();
        }
        out.collect(r);
    }
}
