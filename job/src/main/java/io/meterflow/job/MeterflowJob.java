package io.meterflow.job;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.config.NotificationsConfig;
import io.meterflow.config.StartingOffsets;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.meter.MeterCatalog;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.notification.LimitChangeDeserializer;
import io.meterflow.notification.LimitsSnapshot;
import io.meterflow.notification.NotificationRecordSerializer;
import io.meterflow.notification.NotificationTopics;
import io.meterflow.notification.ThresholdWatch;
import io.meterflow.pipeline.DeadLetterSerializer;
import io.meterflow.pipeline.MeteringDeserializer;
import io.meterflow.pipeline.MeteringPipeline;
import io.meterflow.series.SeriesMeters;
import io.meterflow.sink.MeterSchema;
import io.meterflow.sink.Migrations;
import io.meterflow.sink.PostgresUsageStore;
import io.meterflow.sink.UsageSink;
import io.meterflow.sink.UsageStoreFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meterflow Flink job. {@link #main} only reads its arguments; {@link #prepare} readies
 * PostgreSQL (migrations, meters) and {@link #build} wires Kafka source, pipeline and sinks.
 */
public final class MeterflowJob {
    private static final Logger LOG = LoggerFactory.getLogger(MeterflowJob.class);
    public static final String JOB_NAME = "meterflow";

    private MeterflowJob() {}

    public static void main(String[] args) throws Exception {
        JobArguments arguments = JobArguments.parse(args);
        MeterflowConfig config = arguments.config();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobOptions options = prepare(config, arguments.options());
        build(env, config, options);
        JobExecutionResult result = env.execute(JOB_NAME);
        LOG.info("meterflow job {} ended", result.getJobID());
    }

    /**
     * Applies the schema migrations, records the meters for query_usage and resolves which
     * generation to write. Runs before the job is built, wherever main runs.
     */
    public static JobOptions prepare(MeterflowConfig config, JobOptions options) throws Exception {
        if (config.postgres().migrate()) {
            Migrations.apply(config.postgres().connectionSettings());
        } else {
            Migrations.validate(config.postgres().connectionSettings()); // migrated by the owner (meterflow migrate)
        }
        try (PostgresUsageStore store = new PostgresUsageStore(config.postgres().connectionSettings())) {
            int generation = options.generation() > 0 ? options.generation() : store.activeGeneration();
            store.syncMeters(generation, MeterSchema.of(config.meters()));
            MeterOrdinals ordinals = MeterOrdinals.of(store.meterOrdinals(slugs(config)));
            options = options.withGeneration(generation).withMeterOrdinals(ordinals);
        }
        NotificationsConfig notifications = config.notifications();
        if (notifications.rules().isEmpty()) {
            return options;
        }
        Properties kafka = kafkaProperties(config);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        NotificationTopics.ensure(kafka, notifications.limitsTopic(), notifications.topic());
        return options.withLimits(NotificationTopics.readLimits(kafka, notifications.limitsTopic()));
    }

    private static List<String> slugs(MeterflowConfig config) {
        return config.meterCatalog().slugs();
    }

    /** Adds the metering topology to {@code env} (tests call this with a MiniCluster environment). */
    public static void build(StreamExecutionEnvironment env, MeterflowConfig config, JobOptions options) {
        var settings = config.postgres().connectionSettings();
        build(env, config, options, () -> new PostgresUsageStore(settings));
    }

    /** As {@link #build(StreamExecutionEnvironment, MeterflowConfig, JobOptions)}, with the store tests wrap. */
    public static void build(
            StreamExecutionEnvironment env, MeterflowConfig config, JobOptions options, UsageStoreFactory stores) {
        MeterOrdinals ordinals = options.meterOrdinals();
        if (ordinals == null || !ordinals.covers(slugs(config))) {
            throw new IllegalStateException("the job needs the meters' ordinals from MeterflowJob.prepare, got " + ordinals
                    + " for meters " + slugs(config));
        }
        RestoredStateCheck.check(env.getConfiguration());
        env.configure(JobSettings.flinkConfiguration(config));
        env.enableCheckpointing(config.checkpoint().interval().toMillis());
        env.getConfig().enableObjectReuse();
        config.job().parallelism().ifPresent(env::setParallelism);

        MeterCatalog meters = config.meterCatalog();
        CloudEventDecoder decoder = new CloudEventDecoder(config.events().decoderSettings());
        KafkaSource<UsageRecord> source =
                KafkaSource.<UsageRecord>builder()
                        .setBootstrapServers(config.kafka().bootstrapServers())
                        .setTopics(config.kafka().topic())
                        .setGroupId(consumerGroup(config, options))
                        .setStartingOffsets(startingOffsets(config, options))
                        .setDeserializer(new MeteringDeserializer(decoder, meters))
                        .setProperties(sourceProperties(config))
                        .setProperty(KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true")
                        .build();

        UsageSink usageSink = new UsageSink(
                options.generation(),
                UUID.randomUUID().toString(),
                stores,
                config.postgres().fenceRetention());

        KafkaSink<UsageRecord> deadLetters = config.kafka().deadLetterTopic()
                .map(topic -> KafkaSink.<UsageRecord>builder()
                        .setBootstrapServers(config.kafka().bootstrapServers())
                        .setKafkaProducerConfig(deadLetterProducerProperties(config))
                        .setRecordSerializer(new DeadLetterSerializer(topic))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("meterflow-dlq-g" + options.generation())
                        .build())
                .orElse(null);

        MeteringPipeline.Builder pipeline = MeteringPipeline.builder()
                .source(source)
                .sourceUid(sourceUid(options))
                .usageSink(usageSink)
                .deadLetterSink(deadLetters)
                .dedupeTtl(config.dedupe().ttl())
                .meterOrdinals(ordinals)
                .seriesMeters(SeriesMeters.of(config.meters()))
                .outOfOrderness(config.kafka().watermarkOutOfOrderness())
                .idleTimeout(config.kafka().idleTimeout());
        if (!config.notifications().rules().isEmpty()) {
            addThresholds(pipeline, config, options);
        }
        pipeline.build().addTo(env);
    }

    /**
     * Threshold rules: evaluated in the dedupe stage, with the limits topic read from where
     * {@link #prepare} left it (a start with state resumes from the checkpointed offsets); the
     * notifications go to their topic in the checkpoint's Kafka transaction.
     */
    private static void addThresholds(MeteringPipeline.Builder pipeline, MeterflowConfig config, JobOptions options) {
        NotificationsConfig n = config.notifications();
        LimitsSnapshot limits = options.limits();
        if (limits == null) {
            throw new IllegalStateException("threshold rules need the limits snapshot from MeterflowJob.prepare");
        }
        Map<TopicPartition, Long> from = new java.util.HashMap<>();
        limits.endOffsets().forEach((p, o) -> from.put(new TopicPartition(n.limitsTopic(), p), o));
        KafkaSource<Tuple2<String, String>> limitsSource = KafkaSource.<Tuple2<String, String>>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setTopics(n.limitsTopic())
                .setGroupId(consumerGroup(config, options) + "-limits")
                .setStartingOffsets(OffsetsInitializer.offsets(from, OffsetResetStrategy.EARLIEST))
                .setDeserializer(new LimitChangeDeserializer())
                .setProperties(sourceProperties(config))
                .build();
        KafkaSink<UsageRecord> notifications = KafkaSink.<UsageRecord>builder()
                .setBootstrapServers(config.kafka().bootstrapServers())
                .setKafkaProducerConfig(deadLetterProducerProperties(config))
                .setRecordSerializer(new NotificationRecordSerializer(n.topic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("meterflow-ntf-g" + options.generation())
                .build();
        pipeline.thresholds(new ThresholdWatch(n.rules(), config.dedupe().ttl(), limits), limitsSource, notifications);
    }

    /** The live source's uid; a replayed source gets its own, so the live offsets are not restored into it. */
    static String sourceUid(JobOptions options) {
        return options.start().replayId()
                .map(id -> MeteringPipeline.SOURCE_UID + "-replay-" + id)
                .orElse(MeteringPipeline.SOURCE_UID);
    }

    /**
     * The consumer group the source commits offsets to (for monitoring only: positions live in
     * checkpoints). A replay gets its own, so its lag is not read from the live job's offsets.
     */
    public static String consumerGroup(MeterflowConfig config, JobOptions options) {
        return options.start().replayId()
                .map(id -> config.kafka().groupId() + "-replay-" + id)
                .orElse(config.kafka().groupId());
    }

    static OffsetsInitializer startingOffsets(MeterflowConfig config, JobOptions options) {
        SourceStart from = options.start();
        if (from instanceof SourceStart.FromOffsets replay) {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            replay.offsets().forEach((p, o) -> offsets.put(new TopicPartition(config.kafka().topic(), p), o));
            // The launcher lists every partition; Flink's fallback for one it did not list would be the
            // new replay group's (absent) committed offset, i.e. EARLIEST: fail instead of re-reading it all.
            return OffsetsInitializer.offsets(offsets, OffsetResetStrategy.NONE);
        }
        if (from instanceof SourceStart.FromTime replay) {
            return OffsetsInitializer.timestamp(replay.time().toEpochMilli());
        }
        // Only a start without state uses this: later starts resume from checkpointed offsets.
        StartingOffsets start = config.kafka().startingOffsets();
        switch (start.kind()) {
            case LATEST:
                return OffsetsInitializer.latest();
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(start.timestampMillis());
            case EARLIEST:
            default:
                return OffsetsInitializer.earliest();
        }
    }

    /**
     * Flink's KafkaSink asks for 1 h transactions; brokers allow 15 min unless configured otherwise
     * (transaction.max.timeout.ms), so default to what a stock broker accepts.
     */
    private static Properties deadLetterProducerProperties(MeterflowConfig config) {
        Properties p = kafkaProperties(config);
        p.putIfAbsent("transaction.timeout.ms", "900000");
        return p;
    }

    private static Properties kafkaProperties(MeterflowConfig config) {
        Properties p = new Properties();
        p.putAll(config.kafka().properties());
        return p;
    }

    /**
     * The consumer's properties. Kafka clients default to read_uncommitted, which hands out records
     * of transactions that are later aborted: billing must only count what producers committed.
     * Overridable through {@code kafka.properties}.
     */
    static Properties sourceProperties(MeterflowConfig config) {
        Properties p = kafkaProperties(config);
        p.putIfAbsent(ISOLATION_LEVEL, "read_committed");
        return p;
    }

    static final String ISOLATION_LEVEL = "isolation.level";

    /** Flink settings the job sets for itself so a local run and a cluster run behave alike. */
    public static final class JobSettings {
        /**
         * Once the dedupe state outgrows the block cache, a redelivered id remembered long ago is read
         * from a data block the cache no longer holds: a small block is less to read, checksum,
         * decompress and cache per lookup. LZ4 decompresses faster than RocksDB's default Snappy at
         * about the same size.
         */
        public static final MemorySize BLOCK_SIZE = MemorySize.parse("1kb");
        public static final CompressionType COMPRESSION = CompressionType.LZ4_COMPRESSION;
        /**
         * The block cache's share kept for index and filter blocks (Flink's default is 0.1): small
         * blocks mean four times the index, and a lookup whose index or filter partition was evicted
         * by data blocks reads it again before it reads its data block.
         */
        public static final double INDEX_AND_FILTER_CACHE_SHARE = 0.25;

        private JobSettings() {}

        /** The state backend and its RocksDB settings (the benchmark measures the state with these). */
        public static Configuration stateBackend() {
            Configuration c = new Configuration();
            c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            // Dedupe lookups are mostly misses (new ids): bloom filters answer them without reading
            // SST blocks, and partitioned index/filter blocks keep the cache usable as state grows.
            c.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            c.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
            c.set(RocksDBOptions.HIGH_PRIORITY_POOL_RATIO, INDEX_AND_FILTER_CACHE_SHARE);
            c.set(RocksDBConfigurableOptions.BLOCK_SIZE, BLOCK_SIZE);
            c.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(COMPRESSION));
            return c;
        }

        static Configuration flinkConfiguration(MeterflowConfig config) {
            Configuration c = stateBackend();
            c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
            c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
            // Restarts are how failures recover (committables are re-applied behind the fence).
            c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
            c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
            c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 1000000);
            if (config.checkpoint().dir() != null) {
                c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpoint().dir());
            }
            return c;
        }
    }
}
