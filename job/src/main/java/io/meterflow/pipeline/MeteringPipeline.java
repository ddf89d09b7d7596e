package io.meterflow.pipeline;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.dedupe.DedupeOperator;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The metering topology: source (decode + fan out to meters) → keyBy(meter, subject) → dedupe →
 * exactly-once usage sink, plus rejected events to the dead-letter topic when configured. Source
 * and sinks come from the caller, so tests run this very topology with their own.
 */
public final class MeteringPipeline {
    /** Operator uids: part of the savepoint contract, never change them. */
    public static final String SOURCE_UID = "meterflow-kafka-source";
    public static final String DEDUPE_UID = "meterflow-dedupe";
    public static final String USAGE_SINK_UID = "meterflow-usage-sink";
    public static final String DEAD_LETTER_UID = "meterflow-dead-letter-sink";

    private final Source<UsageRecord, ?, ?> source;
    private final String sourceUid;
    private final Sink<UsageRecord> usageSink;
    private final Sink<UsageRecord> deadLetterSink;
    private final Duration dedupeTtl;
    private final Duration outOfOrderness;
    private final Duration idleTimeout;

    /**
     * @param sourceUid {@link #SOURCE_UID}, or a new uid to drop the source's offsets (replay)
     * @param deadLetterSink null when no dead-letter topic is configured
     */
    public MeteringPipeline(
            Source<UsageRecord, ?, ?> source,
            String sourceUid,
            Sink<UsageRecord> usageSink,
            Sink<UsageRecord> deadLetterSink,
            Duration dedupeTtl,
            Duration outOfOrderness,
            Duration idleTimeout) {
        this.source = source;
        this.sourceUid = sourceUid;
        this.usageSink = usageSink;
        this.deadLetterSink = deadLetterSink;
        this.dedupeTtl = dedupeTtl;
        this.outOfOrderness = outOfOrderness;
        this.idleTimeout = idleTimeout;
    }

    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<UsageRecord> watermarks =
                WatermarkStrategy.<UsageRecord>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner(
                                (r, kafkaTimestamp) -> r.kind == UsageRecord.Kind.METERED ? r.eventTime : kafkaTimestamp)
                        .withIdleness(idleTimeout);

        DataStream<UsageRecord> records =
                env.fromSource(source, watermarks, "Kafka CloudEvents → meters")
                        .uid(sourceUid)
                        .name("Kafka CloudEvents → meters");

        DataStream<UsageRecord> deduped =
                records.keyBy(UsageRecord::routingKey)
                        .transform("Dedupe by (source, id) per meter and subject", records.getType(),
                                new DedupeOperator(dedupeTtl))
                        .uid(DEDUPE_UID)
                        .name("Dedupe by (source, id) per meter and subject");

        deduped.sinkTo(usageSink).uid(USAGE_SINK_UID).name("PostgreSQL usage (fenced commits)");

        if (deadLetterSink != null) {
            deduped.filter(r -> r.kind == UsageRecord.Kind.REJECTED)
                    .name("Rejected events")
                    .sinkTo(deadLetterSink)
                    .uid(DEAD_LETTER_UID)
                    .name("Dead-letter topic");
        }
    }
}
