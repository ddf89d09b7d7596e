package io.meterflow.notification;

import io.meterflow.aggregate.UsageRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A notification as a Kafka record: the CloudEvent JSON, keyed by subject so that a subject's
 * notifications stay in order, with the notification id as a header for consumers that route on it.
 */
public final class NotificationRecordSerializer implements KafkaRecordSerializationSchema<UsageRecord> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public NotificationRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(UsageRecord r, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null,
                r.notification.subject().getBytes(StandardCharsets.UTF_8), r.notification.toJson().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", r.notification.id().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
