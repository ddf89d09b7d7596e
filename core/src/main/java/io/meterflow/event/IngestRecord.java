package io.meterflow.event;

import java.util.Arrays;

/**
 * One Kafka record as read by the source, before any decoding: the bytes and where they came from.
 * Flink POJO with array fields only, so it never falls back to Kryo.
 */
public class IngestRecord {
    private static final String[] NO_NAMES = new String[0];
    private static final byte[][] NO_VALUES = new byte[0][];

    public String topic;
    public int partition;
    public long offset;
    /** Kafka record timestamp, epoch millis: the event time when a CloudEvent has no {@code time}. */
    public long timestamp;
    public byte[] key;
    /** May be null (tombstone). */
    public byte[] value;
    /** Header names, in record order (Kafka allows repeats). */
    public String[] headerNames = NO_NAMES;
    /** Header values, parallel to {@link #headerNames}; an entry may be null. */
    public byte[][] headerValues = NO_VALUES;

    public IngestRecord() {}

    public IngestRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.value = value;
    }

    /** Appends a header; for building records in tests and tools, not on the hot path. */
    public IngestRecord header(String name, byte[] headerValue) {
        int n = headerNames.length;
        headerNames = Arrays.copyOf(headerNames, n + 1);
        headerValues = Arrays.copyOf(headerValues, n + 1);
        headerNames[n] = name;
        headerValues[n] = headerValue;
        return this;
    }

    /** The last value of a header (Kafka semantics for repeated headers), or null. */
    public byte[] lastHeader(String name) {
        for (int i = headerNames.length - 1; i >= 0; i--) {
            if (headerNames[i].equalsIgnoreCase(name)) {
                return headerValues[i];
            }
        }
        return null;
    }
}
