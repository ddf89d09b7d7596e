package io.meterflow.cli;

import io.meterflow.dedupe.DedupeOperator;
import io.meterflow.dedupe.MeterBits;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.pipeline.MeteringPipeline;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Rewrites the dedupe state of a 0.1.0 savepoint (one entry per (meter, subject) key and event) into
 * this version's layout (one entry per subject and event, with the bits of the meters that counted
 * it), with Flink's State Processor API in a local batch job. Every other operator's state (the
 * source's offsets, the sink's writer state and committables) is carried over untouched, so the
 * converted savepoint resumes exactly where the old one stopped.
 */
final class DedupeStateUpgrade {
    private static final String ENTRIES = "dedupe-entries";
    private static final String EVENTS = "dedupe-events";
    private static final TypeInformation<Tuple4<String, Long, Long, String>> ENTRY =
            Types.TUPLE(Types.STRING, Types.LONG, Types.LONG, Types.STRING);

    private DedupeStateUpgrade() {}

    /** What was converted: entries read (per meter) and events written (per subject). */
    record Result(long entries, long events) {}

    static Result upgrade(String from, String to, Duration ttl, MeterOrdinals ordinals) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // A local MiniCluster from the CLI (the one a test installs, under test).
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        // Reads canonical savepoints and RocksDB's native (incremental) checkpoints alike.
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();

        DataStream<Tuple4<String, Long, Long, String>> entries = SavepointReader.read(env, from, backend)
                .readKeyedState(OperatorIdentifier.forUid(MeteringPipeline.LEGACY_DEDUPE_UID),
                        new LegacyEntries(ttl), Types.STRING, ENTRY);
        StateBootstrapTransformation<Tuple4<String, Long, Long, String>> dedupe = OperatorTransformation
                .bootstrapWith(entries)
                .keyBy(e -> e.f0, Types.STRING)
                .transform(new BySubject(ttl, ordinals));
        SavepointWriter.fromExistingSavepoint(env, from, backend)
                .removeOperator(OperatorIdentifier.forUid(MeteringPipeline.LEGACY_DEDUPE_UID))
                .withOperator(OperatorIdentifier.forUid(MeteringPipeline.DEDUPE_UID), dedupe)
                .write(to);
        JobExecutionResult result = env.execute("meterflow savepoint upgrade");
        return new Result(counter(result, ENTRIES), counter(result, EVENTS));
    }

    private static long counter(JobExecutionResult result, String name) {
        Long value = result.getAccumulatorResult(name);
        return value == null ? 0 : value;
    }

    /** The 0.1.0 descriptor: the TTL wrapper is part of how the values were serialized. */
    static MapStateDescriptor<Tuple2<Long, Long>, Boolean> legacyDescriptor(Duration ttl) {
        MapStateDescriptor<Tuple2<Long, Long>, Boolean> d =
                new MapStateDescriptor<>("seen-event-ids", Types.TUPLE(Types.LONG, Types.LONG), Types.BOOLEAN);
        d.enableTimeToLive(DedupeOperator.ttlConfig(ttl));
        return d;
    }

    /** One (subject, digest, meter) per remembered id; ids past the TTL are gone already. */
    static final class LegacyEntries extends KeyedStateReaderFunction<String, Tuple4<String, Long, Long, String>> {
        private static final long serialVersionUID = 1L;
        private final Duration ttl;
        private transient MapState<Tuple2<Long, Long>, Boolean> seen;
        private transient LongCounter read;

        LegacyEntries(Duration ttl) {
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getMapState(legacyDescriptor(ttl));
            read = getRuntimeContext().getLongCounter(ENTRIES);
        }

        @Override
        public void readKey(String key, Context ctx, Collector<Tuple4<String, Long, Long, String>> out) throws Exception {
            int sep = key.indexOf('\u0000');
            if (sep < 0) {
                throw new IllegalStateException("not a 0.1.0 dedupe key (meter NUL subject): " + key);
            }
            String meter = key.substring(0, sep);
            String subject = key.substring(sep + 1);
            for (Tuple2<Long, Long> digest : seen.keys()) {
                out.collect(Tuple4.of(subject, digest.f0, digest.f1, meter));
                read.add(1);
            }
        }
    }

    /** Folds a subject's entries into one per event, with a bit for every meter that had counted it. */
    static final class BySubject extends KeyedStateBootstrapFunction<String, Tuple4<String, Long, Long, String>> {
        private static final long serialVersionUID = 1L;
        private final Duration ttl;
        private final MeterOrdinals ordinals;
        private transient MapState<Tuple2<Long, Long>, byte[]> seen;
        private transient Tuple2<Long, Long> probe;
        private transient LongCounter events;

        BySubject(Duration ttl, MeterOrdinals ordinals) {
            this.ttl = ttl;
            this.ordinals = ordinals;
        }

        @Override
        public void open(OpenContext context) {
            seen = getRuntimeContext().getMapState(DedupeOperator.seenEventsDescriptor(ttl));
            probe = new Tuple2<>();
            events = getRuntimeContext().getLongCounter(EVENTS);
        }

        @Override
        public void processElement(Tuple4<String, Long, Long, String> e, Context ctx) throws Exception {
            int ordinal = ordinals.ordinal(e.f3);
            if (ordinal < 0) {
                throw new IllegalStateException("the savepoint remembers events of meter '" + e.f3
                        + "', which has no ordinal in meterflow.meter_ordinals: is the config's PostgreSQL the"
                        + " one this savepoint's job wrote to?");
            }
            probe.f0 = e.f1;
            probe.f1 = e.f2;
            byte[] bits = seen.get(probe);
            if (bits == null) {
                bits = MeterBits.NONE;
                events.add(1);
            }
            seen.put(Tuple2.of(e.f1, e.f2), MeterBits.with(bits, ordinal));
        }
    }
}
