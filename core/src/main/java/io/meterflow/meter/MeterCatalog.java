package io.meterflow.meter;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.event.DataPaths;
import io.meterflow.event.EventDigest;
import io.meterflow.event.KeyLimits;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.RejectionReason;
import io.meterflow.event.Rejections;
import io.meterflow.event.UsageEvent;
import io.meterflow.event.Utf8;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fans a valid event out to the meters whose {@code eventType} equals the event's {@code type}:
 * one METERED record per meter the event is valid for, one REJECTED record per meter it is not
 * valid for (DATA_NOT_OBJECT, MISSING_VALUE, NON_NUMERIC_VALUE, NON_FINITE_VALUE, INVALID_VALUE,
 * VALUE_OUT_OF_RANGE, then INVALID_UNICODE, VALUE_TOO_LONG, GROUP_VALUE_TOO_LONG: see {@link KeyLimits}),
 * or a single UNMATCHED record when no meter matches. Records are emitted in configuration order,
 * and exactly the first one has {@code firstOfEvent = true}.
 *
 * <p>Group values: a missing property or JSON null gives null; strings as-is; numbers and booleans
 * as their JSON text ({@code 1} and {@code 1.0} are different groups); objects and arrays as
 * compact JSON. They are rendered as a JSON object with keys sorted ({@code {}} without groupBy).
 * A group value text or UNIQUE_COUNT value holding NUL or a lone surrogate is INVALID_UNICODE
 * (inside an object or array group value NUL is escaped as {@code \u0000}, which is fine).
 */
public final class MeterCatalog implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int DEFAULT_REJECTED_PAYLOAD_LIMIT = 64 * 1024;

    private static final JsonStringEncoder JSON_TEXT = JsonStringEncoder.getInstance();
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final List<MeterDefinition> meters;
    private final HashMap<String, List<MeterDefinition>> byEventType = new HashMap<>();
    private final int rejectedPayloadLimit;
    private final KeyLimits limits;
    private transient DataPaths dataPaths;

    public MeterCatalog(List<MeterDefinition> meters) {
        this(meters, DEFAULT_REJECTED_PAYLOAD_LIMIT);
    }

    /** @param rejectedPayloadLimit bytes of the event kept in a per-meter rejection */
    public MeterCatalog(List<MeterDefinition> meters, int rejectedPayloadLimit) {
        this(meters, rejectedPayloadLimit, KeyLimits.defaults());
    }

    /** @param limits longest group value, group values and unique value (the other limits are the decoder's) */
    public MeterCatalog(List<MeterDefinition> meters, int rejectedPayloadLimit, KeyLimits limits) {
        this.meters = List.copyOf(meters);
        this.rejectedPayloadLimit = rejectedPayloadLimit;
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        Set<String> slugs = new HashSet<>();
        for (MeterDefinition m : this.meters) {
            if (!slugs.add(m.slug())) {
                throw new IllegalArgumentException("duplicate meter slug " + m.slug());
            }
            byEventType.computeIfAbsent(m.eventType(), t -> new ArrayList<>()).add(m);
        }
        byEventType.replaceAll((type, list) -> List.copyOf(list)); // handed out as is, per event: no wrapper
    }

    public List<MeterDefinition> meters() {
        return meters;
    }

    /** The meters' slugs, in configuration order. */
    public List<String> slugs() {
        return meters.stream().map(MeterDefinition::slug).toList();
    }

    /**
     * Every path a meter reads (valueProperty, groupBy and seriesBy), for the decoder to keep of {@code data}
     * and skip the rest ({@code CloudEventDecoder.withDataPaths}).
     */
    public DataPaths dataPaths() {
        DataPaths d = dataPaths;
        if (d == null) {
            List<com.fasterxml.jackson.core.JsonPointer> pointers = new ArrayList<>();
            for (MeterDefinition m : meters) {
                if (m.valueProperty() != null) {
                    pointers.add(m.valueProperty().pointer());
                }
                for (JsonPath g : m.groupBy().values()) {
                    pointers.add(g.pointer());
                }
                if (m.seriesBy() != null) {
                    pointers.add(m.seriesBy().pointer());
                }
            }
            d = DataPaths.of(pointers);
            dataPaths = d;
        }
        return d;
    }

    /** The meters an event type fans out to, in configuration order. */
    public List<MeterDefinition> matching(String eventType) {
        List<MeterDefinition> l = eventType == null ? null : byEventType.get(eventType);
        return l == null ? List.of() : l;
    }

    /**
     * Emits the outcomes of one valid event (see the class comment). Never throws on account of
     * the event; exceptions thrown by {@code out} propagate (all records are built before the
     * first is emitted, so a failing meter cannot leave half an event behind).
     */
    public void meter(UsageEvent event, Consumer<UsageRecord> out) {
        List<MeterDefinition> matching = matching(event.type());
        List<UsageRecord> records = new ArrayList<>(Math.max(1, matching.size()));
        if (matching.isEmpty()) {
            records.add(UsageRecord.unmatched(event.subject()));
        } else {
            EventDigest digest = EventDigest.of(event.source(), event.id());
            for (MeterDefinition m : matching) {
                records.add(meterOne(m, event, digest));
            }
        }
        records.get(0).firstOfEvent = true;
        for (UsageRecord r : records) {
            out.accept(r);
        }
    }

    private UsageRecord meterOne(MeterDefinition m, UsageEvent event, EventDigest digest) {
        try {
            JsonNode data = event.data();
            if (m.readsProperties() && (data == null || !data.isObject())) {
                return reject(m, event, RejectionReason.DATA_NOT_OBJECT,
                        "meter reads properties but data is " + (data == null ? "absent" : MeterValues.kind(data)));
            }
            BigDecimal value = null;
            String unique = null;
            Aggregation agg = m.aggregation();
            if (agg.readsValue()) {
                JsonPath path = m.valueProperty();
                JsonNode node = path.evaluate(data);
                MeterValues.Result v = agg == Aggregation.UNIQUE_COUNT
                        ? MeterValues.unique(node, path.text())
                        : MeterValues.numeric(node, path.text());
                if (!v.ok()) {
                    return reject(m, event, v.reason, v.detail);
                }
                value = v.number;
                unique = v.text;
                if (unique != null) {
                    String problem = Utf8.problem(unique);
                    if (problem != null) {
                        return reject(m, event, RejectionReason.INVALID_UNICODE, path.text() + " " + problem);
                    }
                    int length = Utf8.length(unique);
                    if (length > limits.maxUniqueValueBytes()) {
                        return reject(m, event, RejectionReason.VALUE_TOO_LONG, path.text() + " is " + length
                                + " bytes (UTF-8), limit " + limits.maxUniqueValueBytes());
                    }
                }
            }
            String[] texts = groupTexts(m, data);
            String[] names = m.groupNamesSorted();
            for (int i = 0; i < texts.length; i++) {
                String problem = texts[i] == null ? null : Utf8.problem(texts[i]);
                if (problem != null) {
                    return reject(m, event, RejectionReason.INVALID_UNICODE, "groupBy." + names[i] + " " + problem);
                }
                int length = texts[i] == null ? 0 : Utf8.length(texts[i]);
                if (length > limits.maxGroupValueBytes()) {
                    return reject(m, event, RejectionReason.GROUP_VALUE_TOO_LONG, "groupBy." + names[i] + " is "
                            + length + " bytes (UTF-8), limit " + limits.maxGroupValueBytes());
                }
            }
            String groups = render(names, texts);
            int length = Utf8.length(groups);
            if (length > limits.maxGroupValuesBytes()) {
                return reject(m, event, RejectionReason.GROUP_VALUE_TOO_LONG, "group values are " + length
                        + " bytes as JSON (UTF-8), limit " + limits.maxGroupValuesBytes());
            }
            UsageRecord r = UsageRecord.metered(m.slug(), agg, event.subject(), groups, m.windowSize(),
                    event.timeMillis(), value, unique, digest.hi(), digest.lo());
            if (agg.isSeries()) {
                String series;
                if (m.seriesBy() == null) {
                    series = event.source();
                } else {
                    JsonPath path = m.seriesBy();
                    series = groupText(path.evaluate(data));
                    if (series == null) {
                        return reject(m, event, RejectionReason.MISSING_VALUE, "seriesBy " + path.text() + " is absent or null");
                    }
                    String problem = Utf8.problem(series);
                    if (problem != null) {
                        return reject(m, event, RejectionReason.INVALID_UNICODE, "seriesBy " + path.text() + " " + problem);
                    }
                    int seriesLength = Utf8.length(series);
                    if (seriesLength > limits.maxGroupValueBytes()) {
                        return reject(m, event, RejectionReason.GROUP_VALUE_TOO_LONG, "seriesBy " + path.text() + " is "
                                + seriesLength + " bytes (UTF-8), limit " + limits.maxGroupValueBytes());
                    }
                }
                r.series = series;
                // Whether a sample is too late is only known in its series' state, where the event is gone:
                // the rejection travels with it, ready, and is dropped once the sample is accepted.
                r.rejection = Rejections.forMeter(event, m.slug(), RejectionReason.TOO_LATE_FOR_SERIES, null,
                        rejectedPayloadLimit);
            }
            return r;
        } catch (RuntimeException | IOException | StackOverflowError e) {
            // Not reachable with bounded input; kept so one odd event cannot stop the job.
            return reject(m, event, RejectionReason.INVALID_VALUE,
                    "could not evaluate meter: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Canonical JSON object of the meter's group values, keys sorted. Group names need no escaping
     * ({@link MeterDefinition#GROUP_NAME}); values are escaped as Jackson's generator would.
     */
    static String groupValues(MeterDefinition m, JsonNode data) throws IOException {
        return render(m.groupNamesSorted(), groupTexts(m, data));
    }

    /** The text of each group value (null for absent or JSON null), in sorted name order. */
    private static String[] groupTexts(MeterDefinition m, JsonNode data) throws IOException {
        JsonPath[] paths = m.groupPathsSorted();
        String[] texts = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            texts[i] = groupText(paths[i].evaluate(data));
        }
        return texts;
    }

    private static String render(String[] names, String[] texts) {
        if (names.length == 0) {
            return "{}";
        }
        StringBuilder b = new StringBuilder(16 * names.length + 2).append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(names[i]).append("\":");
            String text = texts[i];
            if (text == null) {
                b.append("null");
            } else {
                b.append('"');
                JSON_TEXT.quoteAsString(text, b);
                b.append('"');
            }
        }
        return b.append('}').toString();
    }

    private static String groupText(JsonNode n) throws IOException {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        return MAPPER.writeValueAsString(n);
    }

    private UsageRecord reject(MeterDefinition m, UsageEvent event, RejectionReason reason, String detail) {
        RejectedEvent r = Rejections.forMeter(event, m.slug(), reason, detail, rejectedPayloadLimit);
        return UsageRecord.rejected(r);
    }

    @Override
    public String toString() {
        return "MeterCatalog" + meters;
    }
}
