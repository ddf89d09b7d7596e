package io.meterflow.it.oracle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Kafka record the generator produced and what the oracle expects of it.
 *
 * @param subject record key (keeps a subject's events, and their redeliveries, in order on one partition)
 * @param value record value (structured mode), or the data (binary mode)
 * @param headers Kafka headers (binary mode attributes)
 * @param valid whether the envelope is a valid CloudEvent (meters may still reject it)
 */
public record GeneratedEvent(
        String subject,
        byte[] value,
        Map<String, String> headers,
        boolean valid,
        String source,
        String id,
        String type,
        long timeMillis,
        Map<String, Object> data,
        List<String> tags) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A valid structured-mode CloudEvent, keyed by its subject. */
    public static GeneratedEvent structured(String source, String id, String type, String subject, Instant time,
            Map<String, Object> data) {
        Map<String, Object> ce = new LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", id);
        ce.put("source", source);
        ce.put("type", type);
        ce.put("subject", subject);
        ce.put("time", time.toString());
        ce.put("data", data);
        try {
            return new GeneratedEvent(subject, JSON.writeValueAsBytes(ce), Map.of("content-type", "application/cloudevents+json"),
                    true, source, id, type, time.toEpochMilli(), data, List.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
