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
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns one Kafka record into valid {@link UsageEvent}s and/or {@link RejectedEvent}s, following the
 * CloudEvents 1.0 Kafka protocol binding. One bounded streaming pass per record on Jackson's
 * {@link JsonParser}, without a tree of the event: the attributes and the parts of {@code data} named
 * by the decoder's {@link DataPaths} are read, everything else is skipped but validated exactly as a
 * tree would be (syntax, UTF-8, duplicate names at every depth, nesting, lengths, numbers).
 * {@code CloudEventDecoderSdkEquivalenceTest} proves it agrees with the CloudEvents SDK,
 * {@code CloudEventDecoderDifferentialTest} that it judges exactly as the former tree decoder did.
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
 * decide): {@link UsageEvent#data()} holds it pruned to the {@link DataPaths} (whole by default);
 * {@code data_base64} and binary-mode non-JSON content become a {@link BinaryNode}.
 * Binary-mode data is parsed as JSON when {@code content-type} is absent or a JSON media type.
 * Numbers are exact ({@code BigDecimal} for every non-integer, trailing zeros kept).
 *
 * <p>Never throws for any input: every record yields at least one outcome. Outcomes are emitted
 * only after the whole record was judged, so exceptions thrown by the {@link Output} itself
 * propagate (they are not decoding problems). {@link VirtualMachineError}s other than
 * {@link StackOverflowError} propagate too; the limits make them unreachable from input.
 */
public final class CloudEventDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    /** The tree reader's own words, so that a duplicate found while skipping reads as it always did. */
    private static final String DUPLICATE = "Duplicate field '%s' for `ObjectNode`: not allowed when"
            + " `DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY` enabled";

    private final DecoderSettings settings;
    private final DataPaths dataPaths;
    private transient ObjectMapper mapper;

    /** A decoder that keeps {@code data} whole ({@link DataPaths#all()}). */
    public CloudEventDecoder(DecoderSettings settings) {
        this(settings, DataPaths.all());
    }

    /** @param dataPaths the parts of {@code data} to keep (meters: {@code MeterCatalog.dataPaths()}) */
    public CloudEventDecoder(DecoderSettings settings, DataPaths dataPaths) {
        this(settings, dataPaths, newMapper(Objects.requireNonNull(settings, "settings")));
    }

    // The mapper is built here and on deserialization, never lazily on the first record: a branch
    // that only a new instance takes would make C2 throw away the compiled decoder at every job start.
    private CloudEventDecoder(DecoderSettings settings, DataPaths dataPaths, ObjectMapper mapper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dataPaths = Objects.requireNonNull(dataPaths, "dataPaths");
        this.mapper = mapper;
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        mapper = newMapper(settings);
    }

    public DecoderSettings settings() {
        return settings;
    }

    public DataPaths dataPaths() {
        return dataPaths == null ? DataPaths.all() : dataPaths; // null: serialized before the field existed
    }

    /** The same decoder keeping other parts of {@code data}. */
    public CloudEventDecoder withDataPaths(DataPaths paths) {
        return new CloudEventDecoder(settings, paths, mapper); // the mapper depends on the settings only
    }

    /** Receives the outcomes of one record. */
    public interface Output {
        void event(UsageEvent e);

        void rejected(RejectedEvent r);
    }

    /** Never throws on account of the record; see the class comment. */
    public void decode(IngestRecord record, Output out) {
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
        return mapper;
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
        // Subtrees the decoder keeps whole are read as trees: duplicate names are refused while the
        // tree is built (the map insert already reports them), at every nesting level.
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
        List<Element> elements = new ArrayList<>(1);
        boolean batch;
        try (JsonParser p = mapper().getFactory().createParser(value)) {
            Reader reader = new Reader();
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
                    if (start < 0) {
                        elements.add(reencoded(p));
                        continue;
                    }
                    Element e = reader.element(p, t);
                    long end = p.currentLocation().getByteOffset();
                    if (end < start || end > value.length) {
                        throw new IllegalStateException("batch element at bytes " + start + ".." + end);
                    }
                    e.bytes = Arrays.copyOfRange(value, (int) start, (int) end);
                    elements.add(e);
                }
            } else {
                Element e = reader.element(p, t);
                e.bytes = value;
                elements.add(e);
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
        if (batch && elements.isEmpty()) {
            outcomes.add(reject(r, 0, value, RejectionReason.NOT_A_CLOUDEVENT, "empty batch", null));
            return;
        }
        for (int i = 0; i < elements.size(); i++) {
            Element e = elements.get(i);
            if (e.envelope == null) {
                outcomes.add(reject(r, i, e.bytes, RejectionReason.NOT_A_CLOUDEVENT,
                        (batch ? "batch element" : "JSON value") + " is " + e.kind + ", not a CloudEvent object", null));
                continue;
            }
            outcomes.add(judgeStructured(e.envelope, r, i, e.bytes));
        }
    }

    /**
     * A batch element of a UTF-16 or UTF-32 value, whose byte offsets Jackson does not know: read as
     * a tree and kept as its UTF-8 JSON, as the tree decoder did, then judged from that tree.
     */
    private Element reencoded(JsonParser p) throws java.io.IOException {
        JsonNode n = mapper().readTree(p);
        byte[] bytes = mapper().writeValueAsBytes(n);
        try (JsonParser tree = n.traverse(mapper())) {
            Element e = new Reader().element(tree, tree.nextToken());
            e.bytes = bytes;
            return e;
        }
    }

    private Object judgeStructured(Envelope ev, IngestRecord r, int index, byte[] bytes) {
        JsonNode data = present(ev.data);
        JsonNode base64 = present(ev.dataBase64);
        String problem = null;
        if (data != null && base64 != null) {
            problem = "both data and data_base64 are set";
        } else if (base64 != null) {
            if (!isText(base64)) {
                problem = "data_base64 must be a string";
            } else {
                try {
                    data = BinaryNode.valueOf(Base64.getDecoder().decode(base64.textValue()));
                } catch (IllegalArgumentException e) {
                    problem = "data_base64 is not valid Base64";
                }
            }
        }
        JsonNode[] values = {ev.datacontenttype, ev.dataschema};
        String[] names = {"datacontenttype", "dataschema"};
        for (int i = 0; i < names.length; i++) {
            JsonNode v = present(values[i]);
            if (problem == null && v != null && !isText(v)) {
                problem = names[i] + " must be a string, got " + kind(v);
            }
        }
        return judge(ev, data, problem, r, index, bytes);
    }

    private Object decodeBinary(IngestRecord r, String contentType) {
        Envelope attrs = new Envelope();
        for (int i = 0; i < r.headerNames.length; i++) {
            String name = r.headerNames[i];
            if (name == null || name.length() <= 3 || !name.regionMatches(true, 0, "ce_", 0, 3)) {
                continue;
            }
            byte[] v = r.headerValues[i];
            String attr = headerAttribute(name);
            if (v == null) {
                attrs.set(attr, null); // a null header is an absent attribute; later headers win
                continue;
            }
            try {
                attrs.set(attr, TextNode.valueOf(strictUtf8(v)));
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
            } else {
                data = BinaryNode.valueOf(value);
            }
        }
        return judge(attrs, data, null, r, 0, value);
    }

    /** The attribute a {@code ce_} header names: the usual lower-case spelling without copying it, any other lower-cased. */
    private static String headerAttribute(String name) {
        switch (name) {
            case "ce_specversion": return "specversion";
            case "ce_id": return "id";
            case "ce_source": return "source";
            case "ce_type": return "type";
            case "ce_subject": return "subject";
            case "ce_time": return "time";
            case "ce_datacontenttype": return "datacontenttype";
            case "ce_dataschema": return "dataschema";
            default: return name.substring(3).toLowerCase(Locale.ROOT);
        }
    }

    // ---------------------------------------------------------------- attribute rules

    private Object judge(Envelope ev, JsonNode data, String shapeProblem, IngestRecord r, int index, byte[] bytes) {
        JsonNode specversion = present(ev.specversion);
        if (specversion == null) {
            return reject(r, index, bytes, RejectionReason.MISSING_ATTRIBUTE,
                    "missing required attribute specversion", ev);
        }
        if (!isText(specversion) || !"1.0".equals(specversion.textValue())) {
            return reject(r, index, bytes, RejectionReason.UNSUPPORTED_SPECVERSION,
                    "specversion must be \"1.0\", got " + quoted(specversion), ev);
        }
        StringBuilder missing = new StringBuilder();
        String id = requiredText(ev.id, "id", missing);
        String source = requiredText(ev.source, "source", missing);
        String type = requiredText(ev.type, "type", missing);
        String subject = requiredText(ev.subject, "subject", missing);
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
        JsonNode timeNode = present(ev.time);
        if (timeNode != null) {
            if (!isText(timeNode)) {
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

    private static String requiredText(JsonNode value, String name, StringBuilder problems) {
        JsonNode v = present(value);
        String problem = null;
        if (v == null) {
            problem = "missing required attribute " + name;
        } else if (!isText(v)) {
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

    // ---------------------------------------------------------------- streaming reads

    /** One JSON value of a record: a CloudEvent's envelope, or the kind of a value that is not an object. */
    private static final class Element {
        Envelope envelope;
        String kind;
        byte[] bytes;
    }

    /** The attributes the rules read (JSON values; objects and arrays as empty stand-ins: only their kind counts). */
    private static final class Envelope {
        JsonNode specversion;
        JsonNode id;
        JsonNode source;
        JsonNode type;
        JsonNode subject;
        JsonNode time;
        JsonNode datacontenttype;
        JsonNode dataschema;
        JsonNode dataBase64;
        JsonNode data;

        /** Names the rules do not read are ignored. */
        void set(String name, JsonNode v) {
            switch (name) {
                case "specversion": specversion = v; break;
                case "id": id = v; break;
                case "source": source = v; break;
                case "type": type = v; break;
                case "subject": subject = v; break;
                case "time": time = v; break;
                case "datacontenttype": datacontenttype = v; break;
                case "dataschema": dataschema = v; break;
                case "data_base64": dataBase64 = v; break;
                default: break;
            }
        }

        static boolean isAttribute(String name) {
            switch (name) {
                case "specversion": case "id": case "source": case "type": case "subject": case "time":
                case "datacontenttype": case "dataschema": case "data_base64":
                    return true;
                default:
                    return false;
            }
        }
    }

    /**
     * One pass over one record's JSON. What is read becomes value nodes exactly as the tree reader
     * makes them; what is skipped gets the checks the tree reader would have made on the way: every
     * string decoded (Jackson's skipping does not refuse UTF-8-encoded surrogates), a float whose
     * exponent might not fit converted, and duplicate names refused at the value's first token.
     * Not thread-safe: one per record.
     */
    private final class Reader {
        private final NameStack stack = NameStack.acquire();

        /** {@code t}: the value's first token, current in {@code p}. */
        Element element(JsonParser p, JsonToken t) throws java.io.IOException {
            Element e = new Element();
            if (t != JsonToken.START_OBJECT) {
                e.kind = kind(t);
                skip(p, t);
                return e;
            }
            Envelope ev = new Envelope();
            NameSet seen = push(true);
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken vt = p.nextToken();
                if ("data".equals(name)) {
                    ev.data = member(p, vt, dataPaths().root(), seen, name);
                } else if (Envelope.isAttribute(name)) {
                    ev.set(name, attribute(p, vt, seen, name));
                } else {
                    member(p, vt, null, seen, name);
                }
            }
            pop();
            e.envelope = ev;
            return e;
        }

        /** The data of a binary-mode record: one JSON value, or null when there is none. */
        JsonNode single(JsonParser p) throws java.io.IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            return t.isScalarValue() ? leaf(p, t) : container(p, t, dataPaths().root());
        }

        private JsonNode attribute(JsonParser p, JsonToken t, NameSet seen, String name) throws java.io.IOException {
            if (t == null) {
                throw new IllegalStateException("unexpected end of input");
            }
            if (t.isScalarValue()) {
                JsonNode v = leaf(p, t);
                seen.add(name, p);
                return v;
            }
            seen.add(name, p);
            skip(p, t);
            return t == JsonToken.START_OBJECT ? JsonNodeFactory.instance.objectNode()
                    : JsonNodeFactory.instance.arrayNode();
        }

        /** A member's value: what {@code keep} asks for of it (null: nothing), its name checked in {@code seen}. */
        private JsonNode member(JsonParser p, JsonToken t, DataPaths.Node keep, NameSet seen, String name)
                throws java.io.IOException {
            if (t == null) {
                throw new IllegalStateException("unexpected end of input");
            }
            if (t.isScalarValue()) {
                // The tree reader reads a scalar, then inserts it: a duplicate is found after the value.
                JsonNode v = null;
                if (keep != null) {
                    v = leaf(p, t);
                } else {
                    check(p, t);
                }
                seen.add(name, p);
                return v;
            }
            seen.add(name, p); // a container is inserted before it is filled
            if (keep == null) {
                skip(p, t);
                return null;
            }
            return container(p, t, keep);
        }

        private JsonNode container(JsonParser p, JsonToken t, DataPaths.Node keep) throws java.io.IOException {
            if (keep.whole) {
                return mapper().readTree(p);
            }
            if (t == JsonToken.START_OBJECT) {
                ObjectNode o = new ObjectNode(JsonNodeFactory.instance, new LinkedHashMap<>(4)); // a few members
                NameSet seen = push(true);
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonNode v = member(p, p.nextToken(), keep.member(name), seen, name);
                    if (v != null) {
                        o.set(name, v);
                    }
                }
                pop();
                return o;
            }
            // An array on a path: elements off the paths become nulls up to the last one kept.
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            push(false);
            int i = 0;
            for (JsonToken vt = p.nextToken(); vt != JsonToken.END_ARRAY; vt = p.nextToken(), i++) {
                if (vt == null) {
                    throw new IllegalStateException("unexpected end of input");
                }
                DataPaths.Node k = keep.element(i);
                if (k == null) {
                    skip(p, vt);
                    continue;
                }
                while (a.size() < i) {
                    a.addNull();
                }
                a.add(vt.isScalarValue() ? leaf(p, vt) : container(p, vt, k));
            }
            pop();
            return a;
        }

        /** Skips the value starting at {@code t}, checking what the tree reader would have checked. */
        private void skip(JsonParser p, JsonToken t) throws java.io.IOException {
            if (t.isScalarValue()) {
                check(p, t);
                return;
            }
            int base = stack.depth;
            push(t == JsonToken.START_OBJECT);
            String name = null;
            while (stack.depth > base) {
                JsonToken x = p.nextToken();
                if (x == null) {
                    throw new IllegalStateException("unexpected end of input");
                }
                switch (x) {
                    case FIELD_NAME:
                        name = p.currentName();
                        break;
                    case START_OBJECT:
                    case START_ARRAY:
                        stack.sets[stack.depth - 1].add(name, p);
                        push(x == JsonToken.START_OBJECT);
                        break;
                    case END_OBJECT:
                    case END_ARRAY:
                        pop();
                        break;
                    default:
                        check(p, x);
                        stack.sets[stack.depth - 1].add(name, p);
                }
            }
        }

        private NameSet push(boolean object) {
            return stack.push(object);
        }

        private void pop() {
            stack.depth--;
        }
    }

    /**
     * The name sets of the open objects, kept per thread so that a record allocates none (the
     * decoder is shared by HTTP threads). A record starts at depth 0; a nested reader (a re-encoded
     * batch element) only starts between elements, when the outer one is at depth 0 too.
     */
    private static final class NameStack {
        private static final ThreadLocal<NameStack> PER_THREAD = ThreadLocal.withInitial(NameStack::new);

        // Always full: a null slot that only a new thread's first records hit would make C2 throw
        // away the compiled decoder at every job start (a new source thread).
        private NameSet[] sets = filled(new NameSet[4], 0);
        private int depth;

        private static NameSet[] filled(NameSet[] sets, int from) {
            for (int i = from; i < sets.length; i++) {
                sets[i] = new NameSet();
            }
            return sets;
        }

        static NameStack acquire() {
            NameStack s = PER_THREAD.get();
            s.depth = 0;
            return s;
        }

        NameSet push(boolean object) {
            if (depth == sets.length) {
                sets = filled(Arrays.copyOf(sets, depth * 2), depth);
            }
            NameSet s = sets[depth];
            s.reset(object);
            depth++;
            return s;
        }
    }

    /** A scalar exactly as the tree reader makes it (exact decimals, trailing zeros kept). */
    private JsonNode leaf(JsonParser p, JsonToken t) throws java.io.IOException {
        switch (t) {
            case VALUE_STRING:
                return TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT: return IntNode.valueOf(p.getIntValue());
                    case LONG: return LongNode.valueOf(p.getLongValue());
                    default: return BigIntegerNode.valueOf(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return DecimalNode.valueOf(p.getDecimalValue());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.instance;
            default:
                return mapper().readTree(p);
        }
    }

    /** What reading a skipped scalar into a tree could have refused. */
    private static void check(JsonParser p, JsonToken t) throws java.io.IOException {
        if (t == JsonToken.VALUE_STRING) {
            p.finishToken();
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT && !exponentFits(p)) {
            p.getDecimalValue();
        }
    }

    /**
     * True when the float's exponent has at most 9 digits: with the 2000-character number limit such
     * a number is always a valid BigDecimal, so it need not be converted to be judged.
     */
    private static boolean exponentFits(JsonParser p) throws java.io.IOException {
        char[] text = p.getTextCharacters();
        int from = p.getTextOffset();
        int end = from + p.getTextLength();
        for (int i = from; i < end; i++) {
            char c = text[i];
            if (c == 'e' || c == 'E') {
                int digits = end - i - 1;
                if (digits > 0 && (text[i + 1] == '+' || text[i + 1] == '-')) {
                    digits--;
                }
                return digits <= 9;
            }
        }
        return true;
    }

    /** The names of one open object (nothing for an array): a few compared in place, many hashed. */
    private static final class NameSet {
        private static final int SMALL = 16;

        private final String[] small = new String[SMALL];
        private final int[] hashes = new int[SMALL];
        private int size;
        private HashSet<String> many;
        private boolean object;

        void reset(boolean isObject) {
            object = isObject;
            size = 0;
            many = null;
        }

        void add(String name, JsonParser p) throws java.io.IOException {
            if (!object) {
                return;
            }
            if (many == null) {
                int h = name.hashCode(); // cached: Jackson hands out one String per distinct name
                for (int i = 0; i < size; i++) {
                    if (hashes[i] == h && small[i].equals(name)) {
                        throw duplicate(name, p);
                    }
                }
                if (size < SMALL) {
                    hashes[size] = h;
                    small[size++] = name;
                    return;
                }
                many = new HashSet<>(Arrays.asList(small));
            }
            if (!many.add(name)) {
                throw duplicate(name, p);
            }
        }

        private static MismatchedInputException duplicate(String name, JsonParser p) {
            return MismatchedInputException.from(p, JsonNode.class, String.format(DUPLICATE, name));
        }
    }

    // ---------------------------------------------------------------- rejections

    private RejectedEvent reject(
            IngestRecord r, int index, byte[] payload, RejectionReason reason, String detail, Envelope attrs) {
        return Rejections.of(r, index, null, reason, detail, payload, settings.rejectedPayloadLimit(),
                attrs == null ? null : textOrNull(attrs.id), attrs == null ? null : textOrNull(attrs.source));
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
        if (isAscii(v)) { // the usual header: valid as it is, no decoder needed
            return new String(v, StandardCharsets.ISO_8859_1);
        }
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(v))
                .toString();
    }

    private static boolean isAscii(byte[] v) {
        for (byte b : v) {
            if (b < 0) {
                return false;
            }
        }
        return true;
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

    /** One JSON value and nothing after it, pruned to the data paths. */
    private JsonNode parseSingle(byte[] value) throws java.io.IOException {
        try (JsonParser p = mapper().getFactory().createParser(value)) {
            JsonNode n = new Reader().single(p);
            if (n != null && p.nextToken() != null) {
                throw new IllegalStateException("trailing data after the JSON value");
            }
            return n;
        }
    }

    /**
     * The attribute's value, or null for absent or JSON null. Class checks rather than
     * {@code isNull()}/{@code isTextual()}: those are a virtual {@code getNodeType()} call at a
     * call site that sees every node class (~2 % of the source thread), and only these classes answer yes.
     */
    private static JsonNode present(JsonNode n) {
        return n == null || n instanceof NullNode || n instanceof MissingNode ? null : n;
    }

    private static boolean isText(JsonNode n) {
        return n instanceof TextNode;
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

    private static String kind(JsonToken t) {
        switch (t) {
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            case VALUE_NUMBER_INT: return "a number";
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE: return "a boolean";
            case VALUE_FALSE: return "a boolean";
            case VALUE_STRING: return "a string";
            case VALUE_NULL: return "null";
            default: return t.name().toLowerCase(Locale.ROOT);
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
