package io.meterflow.it.oracle;

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
        List<String> tags) {}
