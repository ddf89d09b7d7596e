package io.meterflow.pipeline;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.dedupe.DedupeOperator;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.notification.ThresholdWatch;
import io.meterflow.series.SeriesFunction;
import io.meterflow.series.SeriesMeters;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The metering topology: source (decode + fan out to meters) → keyBy(subject) → dedupe →
 * [series stage, when there are INCREASE or TIME_WEIGHTED meters] → exactly-once usage sink, plus
 * rejected events to the dead-letter topic when configured. With threshold rules, the limits topic
 * is the dedupe's second (broadcast) input and the notifications it emits go to the usage sink's
 * commit and to the notifications topic. Sources and sinks come from the caller, so tests run this
 * very topology with their own.
 */
public final class MeteringPipeline {
    /** Operator uids: part of the savepoint contract, never change them. */
    public static final String SOURCE_UID = "meterflow-kafka-source";
    public static final String DEDUPE_UID = "meterflow-dedupe-by-subject";
    /**
     * The dedupe of 0.1.0, keyed by (meter, subject): its state cannot be re-keyed inside the job (an
     * entry's new key group may belong to another subtask), so a savepoint holding it is refused.
     */
    public static final String LEGACY_DEDUPE_UID = "meterflow-dedupe";
    public static final String SERIES_UID = "meterflow-series";
    public static final String USAGE_SINK_UID = "meterflow-usage-sink";
    public static final String DEAD_LETTER_UID = "meterflow-dead-letter-sink";
    public static final String LIMITS_SOURCE_UID = "meterflow-limits-source";
    public static final String NOTIFICATION_SINK_UID = "meterflow-notification-sink";

    private final Source<UsageRecord, ?, ?> source;
    private final String sourceUid;
    private final Sink<UsageRecord> usageSink;
    private final Sink<UsageRecord> deadLetterSink;
    private final Duration dedupeTtl;
    private final MeterOrdinals meterOrdinals;
    private final Duration outOfOrderness;
    private final Duration idleTimeout;
    private final ThresholdWatch thresholds;
    private final Source<Tuple2<String, String>, ?, ?> limitsSource;
    private final Sink<UsageRecord> notificationSink;
    private final SeriesMeters seriesMeters;

    private MeteringPipeline(Builder b) {
        this.source = b.source;
        this.sourceUid = b.sourceUid;
        this.usageSink = b.usageSink;
        this.deadLetterSink = b.deadLetterSink;
        this.dedupeTtl = b.dedupeTtl;
        this.meterOrdinals = b.meterOrdinals;
        this.outOfOrderness = b.outOfOrderness;
        this.idleTimeout = b.idleTimeout;
        this.thresholds = b.thresholds;
        this.limitsSource = b.limitsSource;
        this.notificationSink = b.notificationSink;
        this.seriesMeters = b.seriesMeters;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the pipeline's parts; {@link #build()} checks them, so a missing sink or a zero TTL
     * fails where the job is assembled rather than as a Flink failure at runtime.
     */
    public static final class Builder {
        private Source<UsageRecord, ?, ?> source;
        private String sourceUid = SOURCE_UID;
        private Sink<UsageRecord> usageSink;
        private Sink<UsageRecord> deadLetterSink;
        private Duration dedupeTtl;
        private MeterOrdinals meterOrdinals;
        private Duration outOfOrderness;
        private Duration idleTimeout;
        private ThresholdWatch thresholds;
        private Source<Tuple2<String, String>, ?, ?> limitsSource;
        private Sink<UsageRecord> notificationSink;
        private SeriesMeters seriesMeters = SeriesMeters.NONE;

        private Builder() {}

        public Builder source(Source<UsageRecord, ?, ?> source) {
            this.source = source;
            return this;
        }

        /** {@link #SOURCE_UID} unless set; a new uid drops the source's offsets (replay). */
        public Builder sourceUid(String sourceUid) {
            this.sourceUid = sourceUid;
            return this;
        }

        public Builder usageSink(Sink<UsageRecord> usageSink) {
            this.usageSink = usageSink;
            return this;
        }

        /** Optional: without it rejected events are only counted, not published. */
        public Builder deadLetterSink(Sink<UsageRecord> deadLetterSink) {
            this.deadLetterSink = deadLetterSink;
            return this;
        }

        /** How long an event id is remembered by the dedupe stage ({@code dedupe.ttl}). */
        public Builder dedupeTtl(Duration dedupeTtl) {
            this.dedupeTtl = dedupeTtl;
            return this;
        }

        /** The permanent bit number of every meter the source emits ({@code meterflow.meter_ordinals}). */
        public Builder meterOrdinals(MeterOrdinals meterOrdinals) {
            this.meterOrdinals = meterOrdinals;
            return this;
        }

        /** Bounded out-of-orderness of the watermarks ({@code kafka.watermarkOutOfOrderness}). */
        public Builder outOfOrderness(Duration outOfOrderness) {
            this.outOfOrderness = outOfOrderness;
            return this;
        }

        /** After this long without records a split stops holding back the watermark ({@code kafka.idleTimeout}). */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * Optional: threshold rules evaluated in the dedupe stage, the limits topic's source (read into
         * broadcast state) and the sink of the notifications topic.
         */
        public Builder thresholds(ThresholdWatch thresholds, Source<Tuple2<String, String>, ?, ?> limitsSource,
                Sink<UsageRecord> notificationSink) {
            this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
            this.limitsSource = Objects.requireNonNull(limitsSource, "limitsSource");
            this.notificationSink = Objects.requireNonNull(notificationSink, "notificationSink");
            return this;
        }

        /**
         * The INCREASE and TIME_WEIGHTED meters the source emits (none unless set): they get the series
         * stage between the dedupe and the sink; without any the topology is the one without series.
         */
        public Builder seriesMeters(SeriesMeters seriesMeters) {
            this.seriesMeters = seriesMeters;
            return this;
        }

        public MeteringPipeline build() {
            sanityCheck();
            return new MeteringPipeline(this);
        }

        private void sanityCheck() {
            Objects.requireNonNull(source, "MeteringPipeline needs a source (source(...))");
            Objects.requireNonNull(usageSink, "MeteringPipeline needs a usage sink (usageSink(...))");
            Objects.requireNonNull(sourceUid, "MeteringPipeline's sourceUid must not be null");
            if (sourceUid.isBlank()) {
                throw new IllegalArgumentException("MeteringPipeline's sourceUid must not be blank");
            }
            if (!sourceUid.startsWith(SOURCE_UID)) {
                // Any other uid would silently leave the live source's offsets behind in a savepoint.
                throw new IllegalArgumentException("MeteringPipeline's sourceUid must be " + SOURCE_UID
                        + " or a replay uid derived from it, not '" + sourceUid + "'");
            }
            Objects.requireNonNull(meterOrdinals, "MeteringPipeline needs meterOrdinals (meterOrdinals(...))");
            positive("dedupeTtl", dedupeTtl);
            notNegative("outOfOrderness", outOfOrderness);
            positive("idleTimeout", idleTimeout);
            Objects.requireNonNull(seriesMeters, "MeteringPipeline's seriesMeters must not be null (SeriesMeters.NONE)");
        }

        private static void positive(String name, Duration d) {
            Objects.requireNonNull(d, "MeteringPipeline needs " + name + " (" + name + "(...))");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("MeteringPipeline's " + name + " must be positive, not " + d);
            }
        }

        private static void notNegative(String name, Duration d) {
            Objects.requireNonNull(d, "MeteringPipeline needs " + name + " (" + name + "(...))");
            if (d.isNegative()) {
                throw new IllegalArgumentException("MeteringPipeline's " + name + " must not be negative, not " + d);
            }
        }
    }

    /**
     * Adds the topology to {@code env}; returns the records as the usage sink receives them (deduplicated,
     * series samples turned into window changes), still partitioned by {@link UsageRecord#routingKey()},
     * for the stages that act on counted usage.
     */
    public DataStream<UsageRecord> addTo(StreamExecutionEnvironment env) {
        WatermarkStrategy<UsageRecord> watermarks =
                WatermarkStrategy.<UsageRecord>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner(
                                (r, kafkaTimestamp) -> r.kind == UsageRecord.Kind.METERED ? r.eventTime : kafkaTimestamp)
                        .withIdleness(idleTimeout);

        DataStream<UsageRecord> records =
                env.fromSource(source, watermarks, "Kafka CloudEvents → meters")
                        .uid(sourceUid)
                        .name("Kafka CloudEvents → meters");

        KeyedStream<UsageRecord, String> bySubject = records.keyBy(UsageRecord::routingKey);
        DedupeOperator dedupe = new DedupeOperator(dedupeTtl, meterOrdinals, DedupeOperator.DEFAULT_BATCH_SIZE, thresholds);
        DataStream<UsageRecord> deduped;
        if (thresholds == null) {
            deduped = bySubject.transform("Dedupe by (source, id) per subject", records.getType(), dedupe)
                    .uid(DEDUPE_UID)
                    .name("Dedupe by (source, id) per subject");
        } else {
            DataStream<Tuple2<String, String>> limits = env.fromSource(limitsSource, WatermarkStrategy.noWatermarks(), "Kafka limits")
                    .uid(LIMITS_SOURCE_UID)
                    .name("Kafka limits")
                    .setParallelism(1);
            // Same uid: the dedupe state restores whether or not rules are configured.
            deduped = bySubject.connect(limits.broadcast())
                    .transform("Dedupe by (source, id) per subject, thresholds", records.getType(), dedupe)
                    .uid(DEDUPE_UID)
                    .name("Dedupe by (source, id) per subject, thresholds");
        }

        DataStream<UsageRecord> counted = deduped;
        if (!seriesMeters.isEmpty()) {
            // Same key (subject) and parallelism as the dedupe: chained to it, no shuffle.
            counted = DataStreamUtils.reinterpretAsKeyedStream(deduped, UsageRecord::routingKey)
                    .process(new SeriesFunction(seriesMeters), records.getType())
                    .uid(SERIES_UID)
                    .name("Series: counter increases and gauge integrals");
        }

        counted.sinkTo(CommitInOwnTask.of(usageSink)).uid(USAGE_SINK_UID).name("PostgreSQL usage (fenced commits)");

        if (deadLetterSink != null) {
            counted.filter(r -> r.kind == UsageRecord.Kind.REJECTED)
                    .name("Rejected events")
                    .sinkTo(deadLetterSink)
                    .uid(DEAD_LETTER_UID)
                    .name("Dead-letter topic");
        }
        if (notificationSink != null) {
            counted.filter(r -> r.kind == UsageRecord.Kind.NOTIFICATION)
                    .name("Notifications")
                    .sinkTo(notificationSink)
                    .uid(NOTIFICATION_SINK_UID)
                    .name("Notifications topic");
        }
        return counted;
    }
}
