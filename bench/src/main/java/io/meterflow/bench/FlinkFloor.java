package io.meterflow.bench;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.pipeline.MeteringDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What Flink itself costs on this machine, as a ceiling for any Flink job on the same data: the
 * scenario's topic read by the same Kafka source at the same parallelism, shuffled by a keyBy into
 * a sink that only counts. {@link Kind#PASSTHROUGH} moves each record's bytes (keyed by the Kafka
 * key); {@link Kind#DECODE} runs meterflow's own decode and meters in the source (keyed by subject,
 * as the job). No state, no checkpoints, no commits: the gap between these and meterflow is what the
 * dedupe, the windows and exactly-once cost, and the gap between the raw consumer and these is
 * Flink's and the decoder's, which no change to meterflow's stages can take back.
 */
final class FlinkFloor {
    enum Kind {
        PASSTHROUGH("Kafka source → keyBy → count"),
        DECODE("Kafka source with meterflow's decode and meters → keyBy(subject) → count");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Records the counting sinks have seen: the MiniCluster runs in this JVM, so the bench reads it directly. */
    static final LongAdder SEEN = new LongAdder();

    /** One poll of the run: wall nanos since submission, records counted, this JVM's CPU and its threads' then. */
    record Point(long nanos, long records, long cpuNanos, Map<String, Map.Entry<String, Long>> threads) {}

    /** The run's polls; {@link #window} cuts the steady state out of them. */
    record Result(Kind kind, long nanos, List<Point> points) {
        /** Rate, CPU µs per record and CPU by thread from the first poll at {@code from} records to the first at {@code to}. */
        SteadyWindow.Result window(long from, long to) {
            int[] s = SteadyWindow.span(points, Point::records, from, to);
            if (s == null) {
                return null;
            }
            Point a = points.get(s[0]);
            Point b = points.get(s[1]);
            return new SteadyWindow.Result(a.records, b.records, b.nanos - a.nanos,
                    CpuClock.between(a.cpuNanos, b.cpuNanos), ThreadCpu.between(a.threads, b.threads));
        }
    }

    private FlinkFloor() {}

    /** Runs one bounded job over the whole topic (earliest to the latest offsets now) and polls its count until it ends. */
    static Result run(BenchCluster cluster, MeterflowConfig config, long records, int parallelism, Kind kind)
            throws Exception {
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        env.getConfig().enableObjectReuse(); // as the job
        cluster.overrideJobSettings(env);
        String group = "bench-floor-" + kind.id() + "-" + System.nanoTime();
        if (kind == Kind.PASSTHROUGH) {
            KafkaSource<Tuple2<Integer, byte[]>> source = source(config, group, new KeyedBytes());
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka records").name("Kafka records")
                    .keyBy(r -> r.f0, Types.INT)
                    .sinkTo(new Counting<>()).name("count");
        } else {
            KafkaSource<UsageRecord> source = source(config, group, new MeteringDeserializer(
                    new CloudEventDecoder(config.events().decoderSettings()), config.meterCatalog()));
            WatermarkStrategy<UsageRecord> watermarks = WatermarkStrategy
                    .<UsageRecord>forBoundedOutOfOrderness(config.kafka().watermarkOutOfOrderness())
                    .withTimestampAssigner((r, ts) -> r.kind == UsageRecord.Kind.METERED ? r.eventTime : ts)
                    .withIdleness(config.kafka().idleTimeout());
            env.fromSource(source, watermarks, "Kafka CloudEvents → meters").name("Kafka CloudEvents → meters")
                    .keyBy(UsageRecord::routingKey)
                    .sinkTo(new Counting<>()).name("count");
        }
        SEEN.reset();
        long start = System.nanoTime();
        JobClient client = env.executeAsync("meterflow bench floor " + kind.id() + " p" + parallelism);
        List<Point> points = new ArrayList<>();
        long deadline = start + Duration.ofMinutes(20).toNanos();
        var done = client.getJobExecutionResult();
        while (true) {
            long seen = SEEN.sum();
            points.add(new Point(System.nanoTime() - start, seen, CpuClock.processCpuNanos(), ThreadCpu.snapshot()));
            if (seen >= records || done.isDone()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                client.cancel().get();
                throw new IllegalStateException("the floor job counted only " + seen + " of " + records + " records");
            }
            Thread.sleep(20);
        }
        long nanos = points.get(points.size() - 1).nanos;
        done.get(); // a failed job fails the bench, not a wrong rate
        if (SEEN.sum() < records) {
            throw new IllegalStateException("the floor job ended after " + SEEN.sum() + " of " + records + " records");
        }
        return new Result(kind, nanos, points);
    }

    private static <T> KafkaSource<T> source(MeterflowConfig config, String group, KafkaRecordDeserializationSchema<T> schema) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setTopics(config.kafka().topic())
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(schema)
                .setProperty("isolation.level", "read_committed") // as the job reads
                .build();
    }

    /** The record's value, keyed by its Kafka key's hash (the bench keys records by subject). */
    private static final class KeyedBytes implements KafkaRecordDeserializationSchema<Tuple2<Integer, byte[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<Integer, byte[]>> out) {
            out.collect(Tuple2.of(Arrays.hashCode(record.key()), record.value()));
        }

        @Override
        public TypeInformation<Tuple2<Integer, byte[]>> getProducedType() {
            return Types.TUPLE(Types.INT, Types.PRIMITIVE_ARRAY(Types.BYTE));
        }
    }

    /** Counts into {@link #SEEN} every 1,024 records and at the end. */
    private static final class Counting<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                private long pending;

                @Override
                public void write(T element, Context context) {
                    if (++pending == 1024) {
                        SEEN.add(pending);
                        pending = 0;
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                    SEEN.add(pending);
                    pending = 0;
                }

                @Override
                public void close() throws IOException {
                    SEEN.add(pending);
                    pending = 0;
                }
            };
        }
    }
}
