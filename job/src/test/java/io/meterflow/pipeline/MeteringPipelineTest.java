package io.meterflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.SourceStart;
import io.meterflow.meter.MeterOrdinals;
import io.meterflow.sink.UsageSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.junit.jupiter.api.Test;

class MeteringPipelineTest {
    private static final MeterflowConfig CONFIG = MeterflowConfig.parse(String.join("\n",
            "kafka:",
            "  bootstrapServers: 127.0.0.1:9092",
            "  topic: events",
            "  deadLetterTopic: events-dlq",
            "postgres:",
            "  url: jdbc:postgresql://127.0.0.1:5432/meterflow",
            "meters:",
            "  - slug: api_requests",
            "    eventType: api.request",
            "    aggregation: COUNT",
            ""), Map.of());

    private static final KafkaSource<UsageRecord> SOURCE = KafkaSource.<UsageRecord>builder()
            .setBootstrapServers("127.0.0.1:9092")
            .setTopics("events")
            .setDeserializer(new MeteringDeserializer(new CloudEventDecoder(CONFIG.events().decoderSettings()),
                    CONFIG.meterCatalog()))
            .build();

    private static final MeterOrdinals ORDINALS = MeterOrdinals.inOrder(
            CONFIG.meterCatalog().slugs());

    private static final Sink<UsageRecord> SINK = new UsageSink(1, "lineage", () -> {
        throw new UnsupportedOperationException("never opened: the graph is only built");
    }, Duration.ofDays(1));

    private static MeteringPipeline.Builder complete() {
        return MeteringPipeline.builder()
                .source(SOURCE)
                .usageSink(SINK)
                .dedupeTtl(Duration.ofDays(35))
                .meterOrdinals(ORDINALS)
                .outOfOrderness(Duration.ofMinutes(1))
                .idleTimeout(Duration.ofSeconds(30));
    }

    private static void refused(UnaryOperator<MeteringPipeline.Builder> change, Class<? extends Exception> type,
            String message) {
        assertThatThrownBy(() -> change.apply(complete()).build()).isInstanceOf(type).hasMessageContaining(message);
    }

    @Test
    void buildRefusesMissingPartsWithTheirName() {
        refused(b -> b.source(null), NullPointerException.class, "needs a source");
        refused(b -> b.usageSink(null), NullPointerException.class, "needs a usage sink");
        refused(b -> b.dedupeTtl(null), NullPointerException.class, "needs dedupeTtl");
        refused(b -> b.meterOrdinals(null), NullPointerException.class, "needs meterOrdinals");
        refused(b -> b.outOfOrderness(null), NullPointerException.class, "needs outOfOrderness");
        refused(b -> b.idleTimeout(null), NullPointerException.class, "needs idleTimeout");
        refused(b -> b.sourceUid(null), NullPointerException.class, "sourceUid");
    }

    @Test
    void buildRefusesInvalidSettings() {
        refused(b -> b.dedupeTtl(Duration.ZERO), IllegalArgumentException.class, "dedupeTtl must be positive");
        refused(b -> b.idleTimeout(Duration.ofSeconds(-1)), IllegalArgumentException.class, "idleTimeout must be positive");
        refused(b -> b.outOfOrderness(Duration.ofSeconds(-1)), IllegalArgumentException.class,
                "outOfOrderness must not be negative");
        refused(b -> b.sourceUid(" "), IllegalArgumentException.class, "sourceUid must not be blank");
        refused(b -> b.sourceUid("my-source"), IllegalArgumentException.class,
                "sourceUid must be meterflow-kafka-source or a replay uid");
    }

    @Test
    void aCompleteBuilderNeedsNoDeadLetterSinkAndNoOutOfOrderness() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        complete().outOfOrderness(Duration.ZERO).build().addTo(env);
        assertThat(uids(env)).containsExactlyInAnyOrder(
                MeteringPipeline.SOURCE_UID, MeteringPipeline.DEDUPE_UID, MeteringPipeline.USAGE_SINK_UID);
    }

    @Test
    void theJobRefusesToStartWithoutAnOrdinalForEveryMeter() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThatThrownBy(() -> MeterflowJob.build(env, CONFIG, JobOptions.live().withGeneration(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ordinals from MeterflowJob.prepare");
        JobOptions partial = JobOptions.live().withGeneration(1).withMeterOrdinals(MeterOrdinals.inOrder(List.of()));
        assertThatThrownBy(() -> MeterflowJob.build(env, CONFIG, partial))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("for meters");
    }

    /** The savepoint contract: the job's operators keep their uids (and a replay only changes the source's). */
    @Test
    void theJobKeepsItsOperatorUids() {
        StreamExecutionEnvironment live = StreamExecutionEnvironment.getExecutionEnvironment();
        MeterflowJob.build(live, CONFIG, JobOptions.live().withGeneration(1).withMeterOrdinals(ORDINALS));
        assertThat(uids(live)).containsExactlyInAnyOrder(MeteringPipeline.SOURCE_UID, MeteringPipeline.DEDUPE_UID,
                MeteringPipeline.USAGE_SINK_UID, MeteringPipeline.DEAD_LETTER_UID);

        StreamExecutionEnvironment replay = StreamExecutionEnvironment.getExecutionEnvironment();
        MeterflowJob.build(replay, CONFIG,
                new JobOptions(1, new SourceStart.FromTime("r1", Instant.parse("2024-05-01T00:00:00Z")), ORDINALS));
        assertThat(uids(replay)).containsExactlyInAnyOrder("meterflow-kafka-source-replay-r1", MeteringPipeline.DEDUPE_UID,
                MeteringPipeline.USAGE_SINK_UID, MeteringPipeline.DEAD_LETTER_UID);
    }

    /** INCREASE and TIME_WEIGHTED meters get the series stage after the dedupe, on the same partitioning. */
    @Test
    void seriesMetersGetTheSeriesStageBetweenTheDedupeAndTheSinkWithoutAShuffle() {
        MeterflowConfig config = MeterflowConfig.parse(String.join("\n",
                "kafka: { bootstrapServers: 127.0.0.1:9092, topic: events, deadLetterTopic: events-dlq }",
                "postgres: { url: jdbc:postgresql://127.0.0.1:5432/meterflow }",
                "meters:",
                "  - { slug: api_requests, eventType: api.request, aggregation: COUNT }",
                "  - { slug: cpu_seconds, eventType: pod.cpu, aggregation: INCREASE, valueProperty: $.cpu }",
                ""), Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MeterflowJob.build(env, config, JobOptions.live().withGeneration(1)
                .withMeterOrdinals(MeterOrdinals.inOrder(config.meterCatalog().slugs())));
        StreamGraph graph = env.getStreamGraph();
        Map<String, StreamNode> byUid = graph.getStreamNodes().stream()
                .filter(n -> n.getTransformationUID() != null)
                .collect(Collectors.toMap(StreamNode::getTransformationUID, n -> n, (a, b) -> a));
        assertThat(byUid).containsKeys(MeteringPipeline.SOURCE_UID, MeteringPipeline.DEDUPE_UID,
                MeteringPipeline.SERIES_UID, MeteringPipeline.USAGE_SINK_UID, MeteringPipeline.DEAD_LETTER_UID);
        StreamNode series = byUid.get(MeteringPipeline.SERIES_UID);
        assertThat(series.getOperatorName()).isEqualTo("Series: counter increases and gauge integrals");
        assertThat(series.getInEdges()).singleElement().satisfies(e -> {
            assertThat(e.getSourceId()).isEqualTo(byUid.get(MeteringPipeline.DEDUPE_UID).getId());
            assertThat(e.getPartitioner()).isInstanceOf(ForwardPartitioner.class);
        });
        assertThat(byUid.get(MeteringPipeline.USAGE_SINK_UID).getInEdges()).singleElement()
                .satisfies(e -> assertThat(e.getSourceId()).isEqualTo(series.getId()));
    }

    /**
     * The usage committer applies each checkpoint in its own task, so the dedupe and the writer go on
     * while PostgreSQL commits; the writer and committer keep the operator ids a savepoint of the
     * previous version holds their state under (the ids below were read from that version's graph).
     */
    @Test
    void theUsageCommitterRunsInATaskOfItsOwnUnderItsOldOperatorId() {
        StreamExecutionEnvironment live = StreamExecutionEnvironment.getExecutionEnvironment();
        MeterflowJob.build(live, CONFIG, JobOptions.live().withGeneration(1).withMeterOrdinals(ORDINALS));
        List<JobVertex> vertices = new ArrayList<>();
        live.getStreamGraph().getJobGraph().getVertices().forEach(vertices::add);
        JobVertex writer = vertexWith(vertices, "PostgreSQL usage (fenced commits): Writer");
        JobVertex committer = vertexWith(vertices, "PostgreSQL usage (fenced commits): Committer");
        assertThat(committer).isNotSameAs(writer);
        assertThat(writer.getName()).startsWith("Dedupe by (source, id) per subject"); // chained: no shuffle before it
        assertThat(operatorIds(writer)).contains("8d24ffb272d192097ae1c52fa257255e"); // the writer
        assertThat(operatorIds(committer)).contains("eb53ff479837ca77f6ba34eedf153784"); // the committer
        assertThat(vertices).hasSize(3);
    }

    private static JobVertex vertexWith(List<JobVertex> vertices, String operatorName) {
        return vertices.stream().filter(v -> v.getName().contains(operatorName)).collect(Collectors.toList())
                .stream().reduce((a, b) -> {
                    throw new AssertionError(operatorName + " in two vertices: " + a.getName() + ", " + b.getName());
                }).orElseThrow(() -> new AssertionError("no vertex with " + operatorName + " in " + vertices));
    }

    private static List<String> operatorIds(JobVertex v) {
        return v.getOperatorIDs().stream().map(o -> o.getGeneratedOperatorID().toHexString()).collect(Collectors.toList());
    }

    /** The uids the operators were given (Flink derives the sinks' committer uids from them). */
    private static List<String> uids(StreamExecutionEnvironment env) {
        return env.getStreamGraph().getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .filter(uid -> uid != null && !uid.contains(" "))
                .collect(Collectors.toList());
    }
}
