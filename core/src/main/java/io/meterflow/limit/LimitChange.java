package io.meterflow.limit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * One record of the compacted limits topic, as {@code ./meterflow limits} and the API write it and the
 * job's broadcast reads it: the key names (meter, subject), so compaction keeps the latest state of each;
 * the value is that state (the limit, or none, and the latest manual reset); a deleted limit is a
 * tombstone (null value). The key's bytes are fixed ({@link #key}), so the same pair always compacts
 * together; a default limit's key has {@code "subject":null}.
 */
public final class LimitChange {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private LimitChange() {}

    /** The key: {@code {"meter":"m","subject":"s"}}, fields in that order. */
    public record Key(String meter, String subject) {}

    /**
     * The state of one (meter, subject). {@code limit} null: none of its own (the default applies);
     * {@code resetAt}: the latest manual reset, or null.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Value(String meter, String subject, BigDecimal limit, String period, String timeZone, LocalDateTime anchor,
            Instant resetAt, Instant changedAt) {
        /** The limit this value carries, or null. */
        public Limit toLimit() {
            return limit == null ? null
                    : new Limit(meter, subject, limit, new PeriodSchedule(PeriodUnit.parse(period), ZoneId.of(timeZone), anchor));
        }
    }

    public static byte[] key(String meter, String subject) {
        return bytes(new Key(meter, subject));
    }

    public static byte[] value(Limit limit, Instant resetAt, Instant changedAt) {
        PeriodSchedule s = limit.schedule();
        return bytes(new Value(limit.meter(), limit.subject(), limit.value(), s.unit().name(), s.zone().getId(), s.anchor(), resetAt,
                changedAt));
    }

    /** A reset of a subject without a limit of its own. */
    public static byte[] resetOnly(String meter, String subject, Instant resetAt, Instant changedAt) {
        return bytes(new Value(meter, subject, null, null, null, null, resetAt, changedAt));
    }

    /** @throws IllegalArgumentException if the bytes are not a limit change */
    public static Key readKey(byte[] key) {
        return read(key, Key.class);
    }

    /** @throws IllegalArgumentException if the bytes are not a limit change */
    public static Value readValue(byte[] value) {
        return read(value, Value.class);
    }

    private static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a limit change is always serialisable", e);
        }
    }

    private static <T> T read(byte[] b, Class<T> type) {
        try {
            return JSON.readValue(b, type);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a meterflow limit change: " + e.getClass().getSimpleName(), e);
        }
    }
}
