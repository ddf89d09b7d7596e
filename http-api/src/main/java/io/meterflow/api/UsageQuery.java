package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.meter.MeterDefinition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One meter query, from OpenMeter's query parameters or JSON body, validated against the meter.
 * Semantics follow OpenMeter's OpenAPI document where meterflow can honour them:
 *
 * <ul>
 *   <li>{@code from} inclusive (default 1970-01-01T00:00:00Z), {@code to} exclusive (default now):
 *       meterflow's windows are [start, end), so a window is in the range when it starts in it.
 *   <li>{@code windowSize} MINUTE | HOUR | DAY | MONTH; absent: one row over the whole range.
 *   <li>{@code windowTimeZone}: an IANA zone, default UTC.
 *   <li>{@code subject}: repeated to filter by several subjects; absent: every subject.
 *   <li>{@code groupBy}: the meter's groupBy keys to keep; {@code subject} is a reserved value.
 *       Rows always carry their subject: usage is never merged across subjects (UNIQUE_COUNT,
 *       AVG and LATEST cannot be merged from stored rows exactly).
 *   <li>{@code filterGroupBy[key]=value}: exact match on a groupBy key (the key is then kept).
 * </ul>
 */
final class UsageQuery {
    static final Set<String> WINDOW_SIZES = Set.of("MINUTE", "HOUR", "DAY", "MONTH");

    /** A parameter at fault: answered 400 naming it. */
    static final class ParameterException extends RuntimeException {
        final String parameter;

        ParameterException(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }

    final MeterDefinition meter;
    final Instant from;
    final Instant to;
    final String windowSize;
    final String timeZone;
    final List<String> subjects;
    final List<String> groupBy;
    final Map<String, Set<String>> filters;

    UsageQuery(MeterDefinition meter, Instant from, Instant to, String windowSize, String timeZone,
            List<String> subjects, List<String> groupBy, Map<String, Set<String>> filters) {
        this.meter = meter;
        this.from = from;
        this.to = to;
        this.windowSize = windowSize;
        this.timeZone = timeZone;
        this.subjects = subjects;
        this.groupBy = groupBy;
        this.filters = filters;
    }

    /** From query parameters: single values as given, arrays as repeated keys, objects as {@code key[name]=v}. */
    static UsageQuery fromParams(MeterDefinition meter, Map<String, List<String>> params, Instant now) {
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("filterGroupBy[") && k.endsWith("]")) {
                filters.computeIfAbsent(k.substring("filterGroupBy[".length(), k.length() - 1), x -> new LinkedHashSet<>())
                        .addAll(e.getValue());
            } else if (!Set.of("from", "to", "windowSize", "windowTimeZone", "subject", "groupBy", "format", "clientId")
                    .contains(k)) {
                throw new ParameterException(k, "unknown query parameter");
            }
        }
        return build(meter, single(params, "from"), single(params, "to"), single(params, "windowSize"),
                single(params, "windowTimeZone"), params.getOrDefault("subject", List.of()),
                params.getOrDefault("groupBy", List.of()), filters, now);
    }

    /** From OpenMeter's MeterQueryRequest JSON body. */
    static UsageQuery fromBody(MeterDefinition meter, JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw new ParameterException("body", "must be a JSON object (MeterQueryRequest)");
        }
        Set<String> known = Set.of("from", "to", "windowSize", "windowTimeZone", "subject", "groupBy", "filterGroupBy",
                "clientId");
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new ParameterException(f, "unknown field of the query body");
            }
        });
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        JsonNode f = body.get("filterGroupBy");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw new ParameterException("filterGroupBy", "must be an object of key to list of values");
            }
            f.fields().forEachRemaining(e -> filters.put(e.getKey(), new LinkedHashSet<>(strings(e.getValue(), "filterGroupBy." + e.getKey()))));
        }
        return build(meter, text(body, "from"), text(body, "to"), text(body, "windowSize"), text(body, "windowTimeZone"),
                strings(body.get("subject"), "subject"), strings(body.get("groupBy"), "groupBy"), filters, now);
    }

    private static UsageQuery build(MeterDefinition meter, String from, String to, String windowSize, String zone,
            List<String> subjects, List<String> groupBy, Map<String, Set<String>> filters, Instant now) {
        Instant f = from == null ? Instant.EPOCH : time("from", from);
        Instant t = to == null ? now : time("to", to);
        if (!f.isBefore(t)) {
            throw new ParameterException(from == null ? "to" : "from", "from must be before to");
        }
        String w = null;
        if (windowSize != null) {
            w = windowSize.toUpperCase(java.util.Locale.ROOT);
            if (!WINDOW_SIZES.contains(w)) {
                throw new ParameterException("windowSize", "must be MINUTE, HOUR, DAY or MONTH");
            }
        }
        String z = zone == null || zone.isEmpty() ? "UTC" : zone;
        if (z.length() > 64) {
            throw new ParameterException("windowTimeZone", "is not an IANA time zone name");
        }
        if (subjects.size() > 100) {
            throw new ParameterException("subject", "at most 100 subjects");
        }
        for (String s : subjects) {
            if (s.isEmpty()) {
                throw new ParameterException("subject", "must not be empty");
            }
        }
        List<String> keep = new ArrayList<>();
        for (String g : groupBy) {
            if (g.equals("subject")) {
                continue; // reserved: rows are always per subject
            }
            if (!meter.groupBy().containsKey(g)) {
                throw new ParameterException("groupBy", "'" + ApiServer.cut(g) + "' is not a groupBy key of meter "
                        + meter.slug() + " (" + (meter.groupBy().isEmpty() ? "none" : String.join(", ", meter.groupBy().keySet())) + ")");
            }
            if (!keep.contains(g)) {
                keep.add(g);
            }
        }
        for (String k : filters.keySet()) {
            if (!meter.groupBy().containsKey(k)) {
                throw new ParameterException("filterGroupBy[" + ApiServer.cut(k) + "]", "not a groupBy key of meter " + meter.slug());
            }
            if (!keep.contains(k)) {
                keep.add(k); // a filtered key has one value per row: keeping it splits nothing
            }
        }
        return new UsageQuery(meter, f, t, w, z, List.copyOf(new LinkedHashSet<>(subjects)), keep, filters);
    }

    private static Instant time(String name, String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            throw new ParameterException(name, "must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z");
        }
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new ParameterException(name, "given more than once");
        }
        return v.get(0);
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ParameterException(name, "must be a string");
        }
        return n.textValue();
    }

    private static List<String> strings(JsonNode n, String name) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new ParameterException(name, "must be an array of strings");
        }
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new ParameterException(name, "must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }
}
