package io.meterflow.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * An event (or a Kafka record that could not be decoded) that was not counted, with where it came
 * from so it can be found, fixed and replayed. Idempotent identity: topic, partition, offset,
 * batchIndex and meter.
 *
 * <p>Flink POJO: public no-arg constructor and public fields, so no Kryo fallback.
 */
public class RejectedEvent {
    public String topic;
    public int partition;
    public long offset;
    /** Position inside a batch record ({@code application/cloudevents-batch+json}); 0 otherwise. */
    public int batchIndex;
    /** The meter this rejection is about, or null when the event itself is invalid. */
    public String meter;
    /** A {@link RejectionReason} name. */
    public String reason;
    /** Human-readable detail, never containing secrets. */
    public String detail;
    /** Kafka record timestamp, epoch millis. */
    public long kafkaTimestamp;
    /** The event's bytes (the record value, or the batch element), cut to the configured limit. */
    public byte[] payload;
    /** Size of the full payload before truncation. */
    public int payloadSize;
    /** Kafka headers as a JSON object of name to UTF-8 text (invalid UTF-8 replaced). */
    public String headersJson;
    /** CloudEvents id and source when they could be read (null otherwise). */
    public String eventId;
    public String eventSource;

    public RejectedEvent() {}

    public RejectionReason reasonCode() {
        return RejectionReason.valueOf(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RejectedEvent)) {
            return false;
        }
        RejectedEvent that = (RejectedEvent) o;
        return partition == that.partition
                && offset == that.offset
                && batchIndex == that.batchIndex
                && kafkaTimestamp == that.kafkaTimestamp
                && payloadSize == that.payloadSize
                && Objects.equals(topic, that.topic)
                && Objects.equals(meter, that.meter)
                && Objects.equals(reason, that.reason)
                && Objects.equals(detail, that.detail)
                && Arrays.equals(payload, that.payload)
                && Objects.equals(headersJson, that.headersJson)
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(eventSource, that.eventSource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, batchIndex, meter, reason);
    }

    @Override
    public String toString() {
        return "RejectedEvent{" + topic + "/" + partition + "@" + offset + "#" + batchIndex
                + (meter == null ? "" : " meter=" + meter) + " " + reason + ": " + detail + "}";
    }
}
