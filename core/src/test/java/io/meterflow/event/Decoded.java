package io.meterflow.event;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: the outcomes of decoding one record, with a fixed clock. */
final class Decoded implements CloudEventDecoder.Output {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final long KAFKA_TS = Instant.parse("2024-05-01T11:59:00Z").toEpochMilli();

    final List<UsageEvent> events = new ArrayList<>();
    final List<RejectedEvent> rejected = new ArrayList<>();

    @Override
    public void event(UsageEvent e) {
        events.add(e);
    }

    @Override
    public void rejected(RejectedEvent r) {
        rejected.add(r);
    }

    static DecoderSettings settings() {
        return new DecoderSettings(1024 * 1024, Duration.ofMinutes(5), 64 * 1024, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static CloudEventDecoder decoder() {
        return new CloudEventDecoder(settings());
    }

    static IngestRecord record(String value) {
        return record(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static IngestRecord record(byte[] value) {
        return new IngestRecord("events", 3, 42L, KAFKA_TS, value);
    }

    static Decoded decode(IngestRecord r) {
        return decode(decoder(), r);
    }

    static Decoded decode(CloudEventDecoder d, IngestRecord r) {
        Decoded out = new Decoded();
        d.decode(r, out);
        return out;
    }

    static Decoded decode(String value) {
        return decode(record(value));
    }

    UsageEvent single() {
        if (events.size() != 1 || !rejected.isEmpty()) {
            throw new AssertionError("expected one event, got " + events + " / " + rejected);
        }
        return events.get(0);
    }

    RejectedEvent singleRejection() {
        if (rejected.size() != 1 || !events.isEmpty()) {
            throw new AssertionError("expected one rejection, got " + events.size() + " events / " + rejected);
        }
        return rejected.get(0);
    }

    static final Object REMOVE = new Object();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** A valid structured event's attributes; callers override or {@link #REMOVE} members. */
    static java.util.Map<String, Object> attrs() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("specversion", "1.0");
        m.put("id", "e-1");
        m.put("source", "/svc");
        m.put("type", "api.request");
        m.put("subject", "customer-1");
        m.put("time", "2024-05-01T11:58:30.123Z");
        m.put("data", JSON.createObjectNode().put("tokens", new java.math.BigDecimal("12.50")).put("model", "gpt-4"));
        return m;
    }

    /** JSON text of {@link #attrs()} with pairs (name, value) applied. */
    static String event(Object... overrides) {
        java.util.Map<String, Object> m = attrs();
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == REMOVE) {
                m.remove((String) overrides[i]);
            } else {
                m.put((String) overrides[i], overrides[i + 1]);
            }
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
