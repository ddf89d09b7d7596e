package io.meterflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.UsageRecordSerializer;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.DecoderSettings;
import io.meterflow.meter.MeterCatalog;
import io.meterflow.meter.MeterDefinition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The source's deserializer on Kafka records as the consumer hands them over: every record gives output. */
class MeteringDeserializerTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    static final long KAFKA_TS = NOW.toEpochMilli() - 5_000;
    static final MeterDefinition TOKENS = new MeterDefinition("llm_tokens", "llm.completion", Aggregation.SUM,
            "$.tokens", Map.of("model", "$.model"), WindowSize.MINUTE);

    static MeteringDeserializer deserializer() {
        CloudEventDecoder decoder = new CloudEventDecoder(new DecoderSettings(DecoderSettings.DEFAULT_MAX_BYTES,
                Duration.ofMinutes(5), 16, Clock.fixed(NOW, ZoneOffset.UTC)));
        return new MeteringDeserializer(decoder, new MeterCatalog(List.of(TOKENS), 16));
    }

    static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("events", 3, 1234L, KAFKA_TS, TimestampType.CREATE_TIME, key == null ? -1 : key.length,
                value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    /** Every record the deserializer emits, each meter's own (the others an event carries follow it). */
    static List<UsageRecord> run(ConsumerRecord<byte[], byte[]> r) {
        List<UsageRecord> out = new ArrayList<>();
        for (UsageRecord emitted : emitted(r)) {
            out.add(emitted);
            if (emitted.otherMeters != null) {
                out.addAll(Arrays.asList(emitted.otherMeters));
            }
        }
        return out;
    }

    /** What the deserializer emits, as it emits it. */
    static List<UsageRecord> emitted(ConsumerRecord<byte[], byte[]> r) {
        List<UsageRecord> out = new ArrayList<>();
        deserializer().deserialize(r, new Collector<>() {
            @Override
            public void collect(UsageRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String structured(String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"//gw\",\"type\":\"llm.completion\",\"subject\":\"acme\","
                + "\"time\":\"2026-05-01T11:59:30Z\",\"data\":" + data + "}";
    }

    @Test
    void aStructuredEventIsMetered() {
        List<UsageRecord> out = run(record(utf8("acme"), utf8(structured("{\"tokens\":12.5,\"model\":\"m1\"}")), new RecordHeaders()));
        assertThat(out).hasSize(1);
        UsageRecord r = out.get(0);
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(r.meter).isEqualTo("llm_tokens");
        assertThat(r.subject).isEqualTo("acme");
        assertThat(r.groupValues).isEqualTo("{\"model\":\"m1\"}");
        assertThat(r.value).isEqualByComparingTo(new BigDecimal("12.5"));
        assertThat(r.eventTime).isEqualTo(Instant.parse("2026-05-01T11:59:30Z").toEpochMilli());
        assertThat(r.windowStart).isEqualTo(Instant.parse("2026-05-01T11:59:00Z").toEpochMilli());
    }

    /** One event, three meters (one rejects it): its metered records cross the keyBy as one record. */
    @Test
    void anEventsMeteredRecordsLeaveAsOneAndItsRejectionsOnTheirOwn() {
        MeterDefinition calls = new MeterDefinition("llm_calls", "llm.completion", Aggregation.COUNT, null, Map.of(),
                WindowSize.HOUR);
        MeterDefinition cost = new MeterDefinition("llm_cost", "llm.completion", Aggregation.SUM, "$.cost", Map.of(),
                WindowSize.DAY);
        CloudEventDecoder decoder = new CloudEventDecoder(new DecoderSettings(DecoderSettings.DEFAULT_MAX_BYTES,
                Duration.ofMinutes(5), 16, Clock.fixed(NOW, ZoneOffset.UTC)));
        MeteringDeserializer three = new MeteringDeserializer(decoder, new MeterCatalog(List.of(TOKENS, calls, cost), 16));
        List<UsageRecord> out = new ArrayList<>();
        three.deserialize(record(null, utf8(structured("{\"tokens\":7,\"model\":\"m1\"}")), new RecordHeaders()),
                new Collector<>() {
                    @Override
                    public void collect(UsageRecord r) {
                        out.add(r);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).extracting(r -> r.kind + " " + r.meter)
                .containsExactlyInAnyOrder("REJECTED llm_cost", "METERED llm_tokens");
        UsageRecord metered = out.stream().filter(r -> r.kind == UsageRecord.Kind.METERED).findFirst().orElseThrow();
        assertThat(metered.otherMeters).extracting(r -> r.meter + " " + r.subject + " " + (r.digestLo == metered.digestLo))
                .containsExactly("llm_calls acme true");
        assertThat(out.stream().filter(r -> r.firstOfEvent).count()).as("the event is read once").isEqualTo(1);
    }

    @Test
    void aBinaryModeEventIsReadFromItsHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add("ce_specversion", utf8("1.0"));
        h.add("ce_id", utf8("e-2"));
        h.add("ce_source", utf8("//gw"));
        h.add("ce_type", utf8("llm.completion"));
        h.add("ce_subject", utf8("acme"));
        h.add("ce_time", utf8("2026-05-01T11:58:10Z"));
        h.add("content-type", utf8("application/json"));
        List<UsageRecord> out = run(record(null, utf8("{\"tokens\":3,\"model\":\"m2\"}"), h));
        assertThat(out).extracting(r -> r.kind, r -> r.subject, r -> r.value.intValueExact())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(UsageRecord.Kind.METERED, "acme", 3));
    }

    @Test
    void badBytesAreOneRejectionWithTheRecordsCoordinatesPayloadAndHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add("trace", utf8("t-1"));
        byte[] bad = {'{', (byte) 0xff, (byte) 0xfe, 'x'};
        List<UsageRecord> out = run(record(utf8("k"), bad, h));
        assertThat(out).hasSize(1);
        UsageRecord r = out.get(0);
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.REJECTED);
        assertThat(r.firstOfEvent).isTrue(); // counted once in events_read
        assertThat(r.rejection.reason).isEqualTo("MALFORMED_JSON");
        assertThat(r.rejection.meter).isNull();
        assertThat(r.rejection.topic + "/" + r.rejection.partition + "/" + r.rejection.offset).isEqualTo("events/3/1234");
        assertThat(r.rejection.kafkaTimestamp).isEqualTo(KAFKA_TS);
        assertThat(r.rejection.payload).isEqualTo(bad);
        assertThat(r.rejection.payloadSize).isEqualTo(4);
        assertThat(r.rejection.headersJson).isEqualTo("{\"trace\":\"t-1\"}");
    }

    @Test
    void aNullValueIsARejectionNotACrash() {
        // A tombstone: no CloudEvent in it.
        List<UsageRecord> out = run(record(utf8("k"), null, new RecordHeaders()));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind).isEqualTo(UsageRecord.Kind.REJECTED);
        assertThat(out.get(0).rejection.reason).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(out.get(0).rejection.payload).isEmpty();
    }

    @Test
    void aMeterRejectionIsRoutedWithItsMeterAndTheEventCutToThePayloadLimit() {
        // No tokens: llm_tokens rejects the event (MISSING_VALUE); the payload is cut to 16 bytes.
        String event = structured("{\"model\":\"m1\"}");
        List<UsageRecord> out = run(record(null, utf8(event), new RecordHeaders()));
        assertThat(out).hasSize(1);
        UsageRecord r = out.get(0);
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.REJECTED);
        assertThat(r.meter).isEqualTo("llm_tokens");
        assertThat(r.rejection.meter).isEqualTo("llm_tokens");
        assertThat(r.rejection.reason).isEqualTo("MISSING_VALUE");
        assertThat(r.rejection.eventId).isEqualTo("e-1");
        assertThat(r.rejection.payloadSize).isEqualTo(utf8(event).length);
        assertThat(r.rejection.payload).hasSize(16);
    }

    @Test
    void anEventNoMeterWantsIsUnmatched() {
        String other = structured("{}").replace("llm.completion", "other.type");
        assertThat(run(record(null, utf8(other), new RecordHeaders()))).extracting(r -> r.kind)
                .containsExactly(UsageRecord.Kind.UNMATCHED);
    }

    @Test
    void recordsTravelWithMeterflowsOwnSerializer() {
        // Not Kryo: the serializer is part of the state format (savepoint compatibility).
        assertThat(deserializer().getProducedType().createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(UsageRecordSerializer.class);
    }
}
