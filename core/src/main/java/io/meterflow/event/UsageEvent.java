package io.meterflow.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A valid CloudEvent, decoded once and handed to meter matching in the same operator (never
 * serialized between Flink tasks: it holds Jackson nodes).
 */
public final class UsageEvent {
    private final String id;
    private final String source;
    private final String type;
    private final String subject;
    private final long timeMillis;
    private final JsonNode data;
    private final IngestRecord record;
    private final int batchIndex;
    private final byte[] eventBytes;

    public UsageEvent(
            String id,
            String source,
            String type,
            String subject,
            long timeMillis,
            JsonNode data,
            IngestRecord record,
            int batchIndex,
            byte[] eventBytes) {
        this.id = id;
        this.source = source;
        this.type = type;
        this.subject = subject;
        this.timeMillis = timeMillis;
        this.data = data;
        this.record = record;
        this.batchIndex = batchIndex;
        this.eventBytes = eventBytes;
    }

    public String id() { return id; }
    public String source() { return source; }
    public String type() { return type; }
    public String subject() { return subject; }
    /** Event time: the CloudEvent {@code time}, or the Kafka record timestamp when absent. */
    public long timeMillis() { return timeMillis; }
    /**
     * The {@code data} member; null when absent, any JSON node otherwise (meters decide what they
     * need). Pruned to the decoder's {@link DataPaths}: only the members on a path are present (array
     * elements off the paths are nulls), the value at the end of a path is whole.
     */
    public JsonNode data() { return data; }
    public IngestRecord record() { return record; }
    public int batchIndex() { return batchIndex; }
    /** The bytes of this event alone (the record value, or the batch element) for rejection payloads. */
    public byte[] eventBytes() { return eventBytes; }
}
