package io.meterflow.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes CloudEvents the way meterflow reads them, for every producer of sample traffic (the demo,
 * the benchmark, the tests): structured mode, one JSON object with the event's {@code data}, or
 * Kafka binary mode, {@code ce_} headers beside the data. Attribute values are JSON-escaped.
 */
public final class CloudEventWriter {
    /** Content type of a structured-mode record. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    private CloudEventWriter() {}

    /**
     * One event in structured mode.
     *
     * @param time RFC 3339, or null for none
     * @param dataJson the data as JSON text, written as is
     */
    public static String structured(String id, String source, String type, String subject, String time, String dataJson) {
        StringBuilder b = new StringBuilder(160 + (dataJson == null ? 0 : dataJson.length()));
        b.append("{\"specversion\":\"1.0\"");
        field(b, "id", id);
        field(b, "source", source);
        field(b, "type", type);
        field(b, "subject", subject);
        field(b, "time", time);
        if (dataJson != null) {
            b.append(",\"datacontenttype\":\"application/json\",\"data\":").append(dataJson);
        }
        return b.append('}').toString();
    }

    /** The Kafka headers of one event in binary mode (the data is the record's value), in CloudEvents' order. */
    public static Map<String, String> binaryHeaders(String id, String source, String type, String subject, String time) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce_specversion", "1.0");
        h.put("ce_id", id);
        h.put("ce_source", source);
        h.put("ce_type", type);
        if (subject != null) {
            h.put("ce_subject", subject);
        }
        if (time != null) {
            h.put("ce_time", time);
        }
        h.put("content-type", "application/json");
        return h;
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        b.append(",\"").append(name).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        b.append('"');
    }
}
