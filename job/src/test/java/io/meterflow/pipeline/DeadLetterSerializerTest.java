package io.meterflow.pipeline;

import static io.meterflow.pipeline.MeteringDeserializerTest.record;
import static io.meterflow.pipeline.MeteringDeserializerTest.run;
import static io.meterflow.pipeline.MeteringDeserializerTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Exactly what a dead-letter record carries (README, "Rejected events"): the stored payload as value,
 * the source coordinates as key, the rejection's Kafka timestamp, the original headers as the
 * rejection recorded them, then meterflow's own headers.
 */
class DeadLetterSerializerTest {

    private static ProducerRecord<byte[], byte[]> serialize(RejectedEvent e) {
        return new DeadLetterSerializer("events-rejected").serialize(UsageRecord.rejected(e), null, null);
    }

    private static List<String> headers(ProducerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + (h.value() == null ? "<null>" : new String(h.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static RejectedEvent rejection() {
        RejectedEvent e = new RejectedEvent();
        e.topic = "events";
        e.partition = 3;
        e.offset = 1234;
        e.batchIndex = 2;
        e.meter = "llm_tokens";
        e.reason = "MISSING_VALUE";
        e.detail = "usage.total_tokens is absent";
        e.kafkaTimestamp = 1_714_564_800_000L;
        e.payload = new byte[] {'{', '}'};
        e.payloadSize = 2;
        e.headersJson = "{\"ce_id\":\"e-1\",\"content-type\":\"application/json\",\"empty\":null}";
        return e;
    }

    @Test
    void writesPayloadKeyTimestampOriginalHeadersThenMeterflowHeaders() {
        ProducerRecord<byte[], byte[]> r = serialize(rejection());
        assertThat(r.topic()).isEqualTo("events-rejected");
        assertThat(r.partition()).isNull();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("events/3/1234/2");
        assertThat(r.value()).containsExactly('{', '}');
        assertThat(r.timestamp()).isEqualTo(1_714_564_800_000L);
        assertThat(headers(r)).containsExactly(
                "ce_id=e-1", "content-type=application/json", "empty=<null>",
                "meterflow-reason=MISSING_VALUE",
                "meterflow-detail=usage.total_tokens is absent",
                "meterflow-meter=llm_tokens",
                "meterflow-source=events/3/1234/2",
                "meterflow-payload-size=2");
    }

    @Test
    void aWholeRecordRejectionHasEmptyMeterAndDetailHeadersAndNoNegativeTimestamp() {
        RejectedEvent e = rejection();
        e.meter = null;
        e.detail = null;
        e.kafkaTimestamp = -1;
        e.headersJson = null;
        ProducerRecord<byte[], byte[]> r = serialize(e);
        assertThat(r.timestamp()).isNull(); // Kafka refuses negative timestamps: the producer stamps it
        assertThat(headers(r)).containsExactly("meterflow-reason=MISSING_VALUE", "meterflow-detail=",
                "meterflow-meter=", "meterflow-source=events/3/1234/2", "meterflow-payload-size=2");
    }

    @Test
    void unreadableRecordedHeadersDropOnlyTheOriginalHeaders() {
        RejectedEvent e = rejection();
        e.headersJson = "not json";
        assertThat(headers(serialize(e))).first().isEqualTo("meterflow-reason=MISSING_VALUE");
        assertThat(headers(serialize(e))).hasSize(5);
    }

    /**
     * From a Kafka record through the deserializer to the dead-letter record: what is carried as is
     * and what is not (the README lists the same).
     */
    @Test
    void whatOfTheOriginalRecordIsCarried() {
        RecordHeaders h = new RecordHeaders();
        h.add("trace", utf8("t-1"));
        h.add("binary", new byte[] {(byte) 0xc3, (byte) 0x28}); // not UTF-8
        h.add("dup", utf8("first"));
        h.add("dup", utf8("second"));
        h.add("Authorization", utf8("Bearer abc"));
        h.add("nothing", null);
        h.add("long", utf8("x".repeat(9000)));
        byte[] payload = utf8("not json, and longer than the 16 byte payload limit");
        List<UsageRecord> out = run(record(utf8("original-key"), payload, h));
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dlq").serialize(out.get(0), null, null);

        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("events/3/1234/0"); // not the original key
        assertThat(r.value()).isEqualTo(Arrays.copyOf(payload, 16)); // cut to events.rejectedPayloadLimit
        assertThat(r.timestamp()).isEqualTo(MeteringDeserializerTest.KAFKA_TS);
        List<String> headers = headers(r);
        assertThat(headers.subList(0, 6)).containsExactly(
                "trace=t-1",
                "binary=\uFFFD(", // invalid UTF-8 replaced
                "dup=second", // a repeated name keeps its last value, once
                "Authorization=***", // secret-looking names masked
                "nothing=<null>",
                "long=" + "x".repeat(8192)); // cut to 8192 characters
        assertThat(headers.subList(6, headers.size())).containsExactly(
                "meterflow-reason=MALFORMED_JSON",
                headers.get(7), // the parser's detail
                "meterflow-meter=",
                "meterflow-source=events/3/1234/0",
                "meterflow-payload-size=" + payload.length);
        assertThat(headers.get(7)).startsWith("meterflow-detail=").isNotEqualTo("meterflow-detail=");
    }
}
