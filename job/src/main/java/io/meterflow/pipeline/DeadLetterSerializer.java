package io.meterflow.pipeline;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A rejected event on the dead-letter topic, built from the rejection as recorded (not a byte copy of
 * the input record): value = the stored payload (cut to {@code events.rejectedPayloadLimit}), key =
 * {@code topic/partition/offset/batchIndex} of the input (its own key is not kept), the input's Kafka
 * timestamp, and the input's headers as {@link io.meterflow.event.Rejections#headersJson} recorded
 * them (UTF-8 text, cut, a repeated name once, secret-looking names masked), followed by
 * {@code meterflow-reason}, {@code -detail}, {@code -meter}, {@code -source} and {@code -payload-size}.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<UsageRecord> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(UsageRecord record, KafkaSinkContext context, Long timestamp) {
        RejectedEvent r = record.rejection;
        RecordHeaders headers = new RecordHeaders();
        copyOriginalHeaders(r.headersJson, headers);
        headers.add("meterflow-reason", utf8(r.reason));
        headers.add("meterflow-detail", utf8(r.detail == null ? "" : r.detail));
        headers.add("meterflow-meter", utf8(r.meter == null ? "" : r.meter));
        headers.add("meterflow-source", utf8(r.topic + "/" + r.partition + "/" + r.offset + "/" + r.batchIndex));
        headers.add("meterflow-payload-size", utf8(Integer.toString(r.payloadSize)));
        byte[] key = utf8(r.topic + "/" + r.partition + "/" + r.offset + "/" + r.batchIndex);
        Long ts = r.kafkaTimestamp >= 0 ? r.kafkaTimestamp : null; // Kafka refuses negative timestamps
        return new ProducerRecord<>(topic, null, ts, key, r.payload, headers);
    }

    private static void copyOriginalHeaders(String headersJson, RecordHeaders headers) {
        if (headersJson == null || headersJson.isEmpty()) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(headersJson);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                headers.add(h.getKey(), h.getValue().isNull() ? null : utf8(h.getValue().asText()));
            }
        } catch (Exception e) {
            // Headers are informative here; the payload and reason headers still go out.
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
