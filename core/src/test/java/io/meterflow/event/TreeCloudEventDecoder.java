package io.meterflow.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The tree-building decoder meterflow used before {@link CloudEventDecoder} streamed: kept only as the
 * reference of {@code CloudEventDecoderDifferentialTest} (same outcomes, rejection details included).
 *
 * <p>Turns one Kafka record into valid {@link UsageEvent}s and/or {@link RejectedEvent}s, following the
 * CloudEvents 1.0 Kafka protocol binding. Hand-rolled on Jackson (one bounded parse per record);
 * {@code CloudEventDecoderSdkEquivalenceTest} proves it agrees with the CloudEvents SDK.
 *
 * <p>Mode selection, as the SDK's {@code KafkaMessageFactory} does it: a {@code content-type} header
 * starting with {@code application/cloudevents} means structured mode (a JSON array value, or
 * {@code application/cloudevents-batch+json}, is a batch); otherwise a {@code ce_specversion}
 * header means binary mode; otherwise the value is read as structured JSON (object = one event,
 * array = batch). The batch content type is a hint only: the JSON shape decides.
 *
 * <p>Reason codes decided here (one per event; the first failing check wins, in this order):
 *
 * <ul>
 *   <li>TOO_LARGE: value + header bytes over {@code maxBytes}, checked before parsing.
 *   <li>BAD_HEADERS: binary mode with a {@code ce_*} or {@code content-type} header that is not
 *       valid UTF-8.
 *   <li>MALFORMED_JSON: not JSON (syntax, invalid UTF-8, duplicate keys, trailing data, nesting,
 *       string or number length over the limits). A malformed batch rejects the whole record
 *       once (batchIndex 0): nothing of a half-readable batch is counted.
 *   <li>NOT_A_CLOUDEVENT: no value, a JSON scalar, an empty batch, a batch element that is not
 *       an object, both {@code data} and {@code data_base64}, bad {@code data_base64}, a
 *       non-string {@code datacontenttype}/{@code dataschema}, or an unexpected decoder failure.
 *   <li>MISSING_ATTRIBUTE: {@code specversion} absent, or {@code id}/{@code source}/{@code type}/
 *       {@code subject} absent, null, not a string or empty (detail lists every such attribute).
 *   <li>UNSUPPORTED_SPECVERSION: {@code specversion} present but not the string "1.0".
 *   <li>INVALID_UNICODE: {@code id}, {@code source}, {@code type} or {@code subject} holds NUL
 *       (U+0000) or a lone UTF-16 surrogate (a {@code \ud83d} escape without its pair): PostgreSQL
 *       and the digest could not keep it apart from other text.
 *   <li>ATTRIBUTE_TOO_LONG: one of those four longer than its {@link KeyLimits} limit in UTF-8 bytes.
 *   <li>BAD_TIME: {@code time} not an RFC 3339 string, before 1970-01-01T00:00:00Z, or absent
 *       while the Kafka record has no timestamp.
 *   <li>FUTURE_TIME: event time (from {@code time} or the Kafka timestamp) later than now +
 *       {@code maxFutureSkew}.
 * </ul>
 *
 * <p>JSON {@code null} attribute values count as absent. {@code data} is not checked here (meters
 * decide); {@code data_base64} and binary-mode non-JSON content become a {@link BinaryNode}.
 * Binary-mode data is parsed as JSON when {@code content-type} is absent or a JSON media type.
 * Numbers are exact ({@code BigDecimal} for every non-integer, trailing zeros kept).
 *
 * <p>Never throws for any input: every record yields at least one outcome. Outcomes are emitted
 * only after the whole record was judged, so exceptions thrown by the {@link Output} itself
 * propagate (they are not decoding problems). {@link VirtualMachineError}s other than
 * {@link StackOverflowError} propagate too; the limits make them unreachable from input.
 */
final class TreeCloudEventDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";


    private final DecoderSettings settings;
    private transient ObjectMapper mapper;

    TreeCloudEventDecoder(DecoderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public DecoderSettings settings() {
        return settings;
    }

    /** Never throws on account of the record; see the class comment. */
    public void decode(IngestRecord record, CloudEventDecoder.Output out) {
        List<Object> outcomes = new ArrayList<>(1);
        try {
            decodeRecord(record, outcomes);
        } catch (StackOverflowError | RuntimeException | java.io.IOException e) {
            outcomes.clear();
            outcomes.add(internalFailure(record, e));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // LinkageError, AssertionError...: still a rejection, not a dead job
            outcomes.clear();
            outcomes.add(internalFailure(record, e));
        }
        for (Object o : outcomes) {
            if (o instanceof UsageEvent) {
                out.event((UsageEvent) o);
            } else {
                out.rejected((RejectedEvent) o);
            }
        }
    }

    /** The JSON mapper used for events: exact decimals, strict duplicates, bounded reads. */
    public ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            m = newMapper(settings);
            mapper = m;
        }
        return m;
    }

    static ObjectMapper newMapper(DecoderSettings settings) {
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(settings.maxNestingDepth())
                                        .maxStringLength(Math.max(1024, settings.maxBytes()))
                                        .maxDocumentLength(Math.max(1024L, settings.maxBytes()))
                                        // Room past 1000 digits so meters can say "out of range"
                                        // instead of the whole event being malformed.
                                        .maxNumberLength(2000)
                                        .maxNameLength(Math.min(50_000, Math.max(1024, settings.maxBytes())))
                                        .build())
                        .build();
        // Duplicate names are refused while the tree is built (the map insert already reports
        // them): at every nesting level, like the parser's own check, without its extra hash set.
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    // ---------------------------------------------------------------- record level

    private void decodeRecord(IngestRecord r, List<Object> outcomes) throws java.io.IOException {
        byte[] value = r.value;
        long size = recordSize(r);
        if (size > settings.maxBytes()) {
            outcomes.add(reject(r, 0, value, RejectionReason.TOO_LARGE,
                    "record is " + size + " bytes (value and headers), limit " + settings.maxBytes(), null));
            return;
        }
        String contentType;
        try {
            contentType = strictHeader(r, "content-type");
        } catch (CharacterCodingException e) {
            outcomes.add(reject(r, 0, value, RejectionReason.BAD_HEADERS,
                    "header content-type is not valid UTF-8", null));
            return;
        }
        boolean structuredType =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents");
        if (!structuredType && r.lastHeader("ce_specversion") != null) {
            outcomes.add(decodeBinary(r, contentType));
        } else {
            decodeStructured(r, outcomes);
        }
    }

    private void decodeStructured(IngestRecord r, List<Object> outcomes) {
        byte[] value = r.value;
        if (value == null || value.length == 0) {
            outcomes.add(reject(r, 0, value, RejectionReason.NOT_A_CLOUDEVENT,
                    value == null ? "record has no value (tombstone)" : "record value is empty", null));
            return;
        }
        List<JsonNode> nodes = new ArrayList<>();
        List<byte[]> slices = new ArrayList<>();
        boolean batch;
        try (JsonParser p = mapper().getFactory().createParser(value)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                outcomes.add(reject(r, 0, value, RejectionReason.NOT_A_CLOUDEVENT, "record value is blank", null));
                return;
            }
            batch = t == JsonToken.START_ARRAY;
            if (batch) {
                // Stream the array so each element keeps its own original bytes for rejections.
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new IllegalStateException("unexpected end of input in batch");
                    }
                    long start = p.currentTokenLocation().getByteOffset();
                    JsonNode n = mapper().readTree(p);
                    long end = p.currentLocation().getByteOffset();
                    nodes.add(n);
                    slices.add(slice(value, start, end, n));
                }
            } else {
                nodes.add(mapper().readTree(p));
                slices.add(value);
            }
            if (p.nextToken() != null) {
                throw new IllegalStateException("trailing data after the JSON value");
            }
        } catch (JacksonException | IllegalStateException | NumberFormatException | ArithmeticException e) {
            outcomes.add(reject(r, 0, value, RejectionReason.MALFORMED_JSON, "not valid JSON: " + message(e), null));
            return;
        } catch (java.io.IOException e) {
            outcomes.add(reject(r, 0, value, RejectionReason.MALFORMED_JSON, "not valid JSON: " + message(e), null));
            return;
        }
        if (batch && nodes.isEmpty()) {
            outcomes.add(reject(r, 0, value, RejectionReason.NOT_A_CLOUDEVENT, "empty batch", null));
            return;
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            if (!n.isObject()) {
                outcomes.add(reject(r, i, slices.get(i), RejectionReason.NOT_A_CLOUDEVENT,
                        (batch ? "batch element" : "JSON value") + " is " + kind(n) + ", not a CloudEvent object", null));
                continue;
            }
            outcomes.add(judgeStructured((ObjectNode) n, r, i, slices.get(i)));
        }
    }

    private Object judgeStructured(ObjectNode ev, IngestRecord r, int index, byte[] bytes) {
        JsonNode data = present(ev.get("data"));
        JsonNode base64 = present(ev.get("data_base64"));
        String problem = null;
        if (data != null && base64 != null) {
            problem = "both data and data_base64 are set";
        } else if (base64 != null) {
            if (!base64.isTextual()) {
                problem = "data_base64 must be a string";
            } else {
                try {
                    data = BinaryNode.valueOf(Base64.getDecoder().decode(base64.textValue()));
                } catch (IllegalArgumentException e) {
                    problem = "data_base64 is not valid Base64";
                }
            }
        }
        for (String name : new String[] {"datacontenttype", "dataschema"}) {
            JsonNode v = present(ev.get(name));
            if (problem == null && v != null && !v.isTextual()) {
                problem = name + " must be a string, got " + kind(v);
            }
        }
        return judge(ev, data, problem, r, index, bytes);
    }

    private Object decodeBinary(IngestRecord r, String contentType) {
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < r.headerNames.length; i++) {
            String name = r.headerNames[i];
            if (name == null || name.length() <= 3 || !name.regionMatches(true, 0, "ce_", 0, 3)) {
                continue;
            }
            byte[] v = r.headerValues[i];
            String attr = name.substring(3).toLowerCase(Locale.ROOT);
            if (v == null) {
                attrs.remove(attr); // a null header is an absent attribute; later headers win
                continue;
            }
            try {
                attrs.put(attr, strictUtf8(v));
            } catch (CharacterCodingException e) {
                return reject(r, 0, r.value, RejectionReason.BAD_HEADERS,
                        "header " + safeName(name) + " is not valid UTF-8", attrs);
            }
        }
        JsonNode data = null;
        byte[] value = r.value;
        if (value != null && value.length > 0) {
            if (contentType == null || isJsonMediaType(contentType)) {
                try {
                    data = parseSingle(value);
                } catch (java.io.IOException | RuntimeException e) {
                    return reject(r, 0, value, RejectionReason.MALFORMED_JSON,
                            "binary-mode data is not valid JSON: " + message(e), attrs);
                }
                if (data != null && data.isMissingNode()) {
                    data = null;
                }
            } else {
                data = BinaryNode.valueOf(value);
            }
        }
        return judge(attrs, data, null, r, 0, value);
    }

    // ---------------------------------------------------------------- attribute rules

    private Object judge(ObjectNode ev, JsonNode data, String shapeProblem, IngestRecord r, int index, byte[] bytes) {
        JsonNode specversion = present(ev.get("specversion"));
        if (specversion == null) {
            return reject(r, index, bytes, RejectionReason.MISSING_ATTRIBUTE,
                    "missing required attribute specversion", ev);
        }
        if (!specversion.isTextual() || !"1.0".equals(specversion.textValue())) {
            return reject(r, index, bytes, RejectionReason.UNSUPPORTED_SPECVERSION,
                    "specversion must be \"1.0\", got " + quoted(specversion), ev);
        }
        StringBuilder missing = new StringBuilder();
        String id = requiredText(ev, "id", missing);
        String source = requiredText(ev, "source", missing);
        String type = requiredText(ev, "type", missing);
        String subject = requiredText(ev, "subject", missing);
        if (missing.length() > 0) {
            return reject(r, index, bytes, RejectionReason.MISSING_ATTRIBUTE, missing.toString(), ev);
        }
        KeyLimits limits = settings.keyLimits();
        String[] names = {"id", "source", "type", "subject"};
        String[] values = {id, source, type, subject};
        int[] max = {limits.maxIdBytes(), limits.maxSourceBytes(), limits.maxTypeBytes(), limits.maxSubjectBytes()};
        for (int i = 0; i < names.length; i++) {
            String problem = Utf8.problem(values[i]);
            if (problem != null) {
                return reject(r, index, bytes, RejectionReason.INVALID_UNICODE, names[i] + " " + problem, ev);
            }
        }
        for (int i = 0; i < names.length; i++) {
            int length = Utf8.length(values[i]);
            if (length > max[i]) {
                return reject(r, index, bytes, RejectionReason.ATTRIBUTE_TOO_LONG,
                        names[i] + " is " + length + " bytes (UTF-8), limit " + max[i], ev);
            }
        }
        if (shapeProblem != null) {
            return reject(r, index, bytes, RejectionReason.NOT_A_CLOUDEVENT, shapeProblem, ev);
        }
        long time;
        JsonNode timeNode = present(ev.get("time"));
        if (timeNode != null) {
            if (!timeNode.isTextual()) {
                return reject(r, index, bytes, RejectionReason.BAD_TIME,
                        "time must be an RFC 3339 string, got " + kind(timeNode), ev);
            }
            try {
                time = Rfc3339.parseMillis(timeNode.textValue());
            } catch (DateTimeException | NumberFormatException e) {
                return reject(r, index, bytes, RejectionReason.BAD_TIME,
                        "time is not an RFC 3339 date-time: " + quoted(timeNode), ev);
            }
            if (time < Rfc3339.MIN_MILLIS) {
                return reject(r, index, bytes, RejectionReason.BAD_TIME,
                        "time is before 1970-01-01T00:00:00Z: " + quoted(timeNode), ev);
            }
        } else {
            if (r.timestamp < 0) {
                return reject(r, index, bytes, RejectionReason.BAD_TIME,
                        "no time attribute and the Kafka record has no timestamp", ev);
            }
            time = r.timestamp;
        }
        long now = settings.clock().millis();
        long latest = now + settings.maxFutureSkew().toMillis();
        if (time > latest) {
            return reject(r, index, bytes, RejectionReason.FUTURE_TIME,
                    "event time " + java.time.Instant.ofEpochMilli(time) + " is more than "
                            + settings.maxFutureSkew() + " after now (" + java.time.Instant.ofEpochMilli(now) + ")",
                    ev);
        }
        return new UsageEvent(id, source, type, subject, time, data, r, index, bytes);
    }

    private static String requiredText(ObjectNode ev, String name, StringBuilder problems) {
        JsonNode v = present(ev.get(name));
        String problem = null;
        if (v == null) {
            problem = "missing required attribute " + name;
        } else if (!v.isTextual()) {
            problem = name + " must be a string, got " + kind(v);
        } else if (v.textValue().isEmpty()) {
            problem = name + " must not be empty";
        }
        if (problem == null) {
            return v.textValue();
        }
        if (problems.length() > 0) {
            problems.append("; ");
        }
        problems.append(problem);
        return null;
    }

    // ---------------------------------------------------------------- rejections

    private RejectedEvent reject(
            IngestRecord r, int index, byte[] payload, RejectionReason reason, String detail, ObjectNode attrs) {
        return Rejections.of(r, index, null, reason, detail, payload, settings.rejectedPayloadLimit(),
                attrs == null ? null : textOrNull(attrs.get("id")), attrs == null ? null : textOrNull(attrs.get("source")));
    }

    private RejectedEvent internalFailure(IngestRecord r, Throwable t) {
        // Last resort: the record is kept with a reason instead of failing the job.
        String detail = "could not decode record: " + t.getClass().getSimpleName();
        try {
            return reject(r, 0, r.value, RejectionReason.NOT_A_CLOUDEVENT, detail, null);
        } catch (RuntimeException | StackOverflowError again) {
            return Rejections.bare(r, RejectionReason.NOT_A_CLOUDEVENT, detail);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static long recordSize(IngestRecord r) {
        long size = r.value == null ? 0 : r.value.length;
        if (r.headerNames != null) {
            for (int i = 0; i < r.headerNames.length; i++) {
                size += r.headerNames[i] == null ? 0 : r.headerNames[i].length();
                byte[] v = r.headerValues != null && i < r.headerValues.length ? r.headerValues[i] : null;
                size += v == null ? 0 : v.length;
            }
        }
        return size;
    }

    private static String strictHeader(IngestRecord r, String name) throws CharacterCodingException {
        byte[] v = r.lastHeader(name);
        return v == null ? null : strictUtf8(v);
    }

    private static String strictUtf8(byte[] v) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(v))
                .toString();
    }

    /** application/json, text/json and any {@code +json} suffix, parameters ignored. */
    static boolean isJsonMediaType(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi);
        }
        t = t.trim();
        return t.equals("application/json") || t.equals("text/json") || t.endsWith("+json");
    }

    /** One JSON value and nothing after it (the mapper's trailing-token check would break batch streaming). */
    private JsonNode parseSingle(byte[] value) throws java.io.IOException {
        try (JsonParser p = mapper().getFactory().createParser(value)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode n = mapper().readTree(p);
            if (p.nextToken() != null) {
                throw new IllegalStateException("trailing data after the JSON value");
            }
            return n;
        }
    }

    private byte[] slice(byte[] value, long start, long end, JsonNode n) throws java.io.IOException {
        if (start >= 0 && end >= start && end <= value.length) {
            return Arrays.copyOfRange(value, (int) start, (int) end);
        }
        // Offsets are unknown for non-UTF-8 input (Jackson reads UTF-16/32 through a Reader).
        return mapper().writeValueAsBytes(n);
    }

    private static JsonNode present(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() ? Utf8.printable(Utf8.shorten(n.textValue(), 1024)) : null;
    }

    private static String kind(JsonNode n) {
        switch (n.getNodeType()) {
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            case NUMBER: return "a number";
            case BOOLEAN: return "a boolean";
            case STRING: return "a string";
            case NULL: return "null";
            case BINARY: return "binary";
            default: return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static String quoted(JsonNode n) {
        return n.isTextual() ? "\"" + Utf8.shorten(n.textValue(), 64) + "\"" : kind(n);
    }

    private static String message(Throwable e) {
        String m = e instanceof JacksonException ? ((JacksonException) e).getOriginalMessage() : e.getMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        if (e instanceof JacksonException && ((JacksonException) e).getLocation() != null) {
            long at = ((JacksonException) e).getLocation().getByteOffset();
            if (at >= 0) {
                m = m + " (at byte " + at + ")";
            }
        }
        return m;
    }

    private static String safeName(String name) {
        return Utf8.shorten(name, 64);
    }

}
