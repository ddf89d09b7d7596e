package io.meterflow.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Builds {@link RejectedEvent}s the same way for the decoder and for per-meter rejections. */
public final class Rejections {
    /** Longest header value kept in {@link RejectedEvent#headersJson}. */
    public static final int MAX_HEADER_TEXT = 8 * 1024;
    /** Longest {@link RejectedEvent#detail}. */
    public static final int MAX_DETAIL = 300;

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern SECRET_HEADER =
            Pattern.compile("(?i).*(authorization|password|secret|token|credential|api[-_]?key|cookie).*");

    private Rejections() {}

    /** A rejection of a valid event for one meter (payload = the event's own bytes, cut to the limit). */
    public static RejectedEvent forMeter(
            UsageEvent event, String meter, RejectionReason reason, String detail, int payloadLimit) {
        return of(event.record(), event.batchIndex(), meter, reason, detail, event.eventBytes(), payloadLimit,
                event.id(), event.source());
    }

    /**
     * The one way a rejection is made: where the record came from, why (detail cut and made
     * printable), the payload cut to {@code payloadLimit} bytes with its full size kept, the headers
     * with secrets masked, and the event's id and source when known (null otherwise).
     *
     * @param meter null when the event itself is invalid
     */
    public static RejectedEvent of(IngestRecord r, int batchIndex, String meter, RejectionReason reason, String detail,
            byte[] payload, int payloadLimit, String eventId, String eventSource) {
        RejectedEvent e = new RejectedEvent();
        e.topic = r.topic;
        e.partition = r.partition;
        e.offset = r.offset;
        e.batchIndex = batchIndex;
        e.meter = meter;
        e.reason = reason.name();
        e.detail = cut(detail);
        e.kafkaTimestamp = r.timestamp;
        byte[] p = payload == null ? new byte[0] : payload;
        e.payloadSize = p.length;
        e.payload = p.length <= payloadLimit ? p : Arrays.copyOf(p, payloadLimit);
        e.headersJson = headersJson(r);
        e.eventId = Utf8.printable(eventId);
        e.eventSource = Utf8.printable(eventSource);
        return e;
    }

    /**
     * The last resort when even {@link #of} failed on a record (e.g. headers that cannot be read):
     * where it came from and why, without payload or headers, so it is still recorded, never lost.
     */
    public static RejectedEvent bare(IngestRecord r, RejectionReason reason, String detail) {
        RejectedEvent e = new RejectedEvent();
        e.topic = r.topic;
        e.partition = r.partition;
        e.offset = r.offset;
        e.reason = reason.name();
        e.detail = detail;
        e.kafkaTimestamp = r.timestamp;
        e.payload = new byte[0];
        e.headersJson = "{}";
        return e;
    }

    /**
     * Headers as a JSON object, name to UTF-8 text (invalid bytes replaced, null kept as null,
     * long values cut to {@value #MAX_HEADER_TEXT} chars). A repeated name keeps its last value
     * (Kafka's {@code lastHeader}); secret-looking names (authorization, token, ...) are masked.
     */
    public static String headersJson(IngestRecord r) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] names = r.headerNames == null ? new String[0] : r.headerNames;
        for (int i = 0; i < names.length; i++) {
            String name = names[i] == null ? "" : names[i];
            byte[] v = r.headerValues != null && i < r.headerValues.length ? r.headerValues[i] : null;
            String text;
            if (v == null) {
                text = null;
            } else if (SECRET_HEADER.matcher(name).matches()) {
                text = "***";
            } else {
                text = new String(v, 0, Math.min(v.length, MAX_HEADER_TEXT * 4), StandardCharsets.UTF_8);
                if (text.length() > MAX_HEADER_TEXT) {
                    text = text.substring(0, MAX_HEADER_TEXT);
                }
            }
            headers.remove(name);
            headers.put(name, text);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            for (Map.Entry<String, String> h : headers.entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            return "{}";
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** At most {@value #MAX_DETAIL} chars, NUL and lone surrogates replaced (rejection text is stored as is). */
    static String cut(String detail) {
        return Utf8.printable(Utf8.shorten(detail, MAX_DETAIL));
    }
}
