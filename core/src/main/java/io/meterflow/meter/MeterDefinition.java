package io.meterflow.meter;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.series.FirstSample;
import io.meterflow.series.GaugeUnit;
import io.meterflow.series.SeriesSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One meter, validated with OpenMeter's rules (which users know): slug
 * {@code ^[a-z0-9]+(?:_[a-z0-9]+)*$} and at most 64 characters; non-empty eventType;
 * {@code valueProperty} required for every aggregation but COUNT and forbidden for COUNT;
 * groupBy names {@code ^[a-zA-Z_][0-9a-zA-Z_]*$}; every JSONPath starts with {@code $} and is in
 * the {@link JsonPath} subset. INCREASE and TIME_WEIGHTED meters take the series keys of
 * {@link SeriesOptions} (docs/series.md); other meters must not set them. Slug uniqueness is checked by the configuration loader and
 * {@link MeterCatalog}.
 */
public final class MeterDefinition implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(?:_[a-z0-9]+)*$");
    public static final int MAX_SLUG_LENGTH = 64;
    public static final Pattern GROUP_NAME = Pattern.compile("^[a-zA-Z_][0-9a-zA-Z_]*$");

    private final String slug;
    private final String eventType;
    private final Aggregation aggregation;
    private final JsonPath valueProperty;
    private final LinkedHashMap<String, JsonPath> groupBy;
    private final WindowSize windowSize;
    /** groupBy sorted by name: the order of the canonical group-values JSON. */
    private final String[] groupNamesSorted;
    private final JsonPath[] groupPathsSorted;
    /** Null unless the aggregation is a series one. */
    private final SeriesSettings series;
    /** Null: the event's source names the series. */
    private final JsonPath seriesBy;
    private final GaugeUnit unit;

    /**
     * @param groupBy name to JSONPath, in the order given (null = none)
     * @param windowSize null = MINUTE
     * @throws IllegalArgumentException listing every problem ({@link #problems})
     */
    public MeterDefinition(
            String slug,
            String eventType,
            Aggregation aggregation,
            String valueProperty,
            Map<String, String> groupBy,
            WindowSize windowSize) {
        this(slug, eventType, aggregation, valueProperty, groupBy, windowSize, SeriesOptions.NONE);
    }

    /**
     * @param seriesOptions the series keys as written (INCREASE, TIME_WEIGHTED; {@link SeriesOptions#NONE}
     *     for the defaults or another aggregation)
     */
    public MeterDefinition(
            String slug,
            String eventType,
            Aggregation aggregation,
            String valueProperty,
            Map<String, String> groupBy,
            WindowSize windowSize,
            SeriesOptions seriesOptions) {
        SeriesOptions so = seriesOptions == null ? SeriesOptions.NONE : seriesOptions;
        List<String> problems = problems(slug, eventType, aggregation, valueProperty, groupBy, so);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "meter " + (slug == null ? "(no slug)" : slug) + ": " + String.join("; ", problems));
        }
        this.slug = slug;
        this.eventType = eventType;
        this.aggregation = aggregation;
        this.valueProperty = valueProperty == null ? null : JsonPath.compile(valueProperty);
        this.groupBy = new LinkedHashMap<>();
        if (groupBy != null) {
            groupBy.forEach((k, v) -> this.groupBy.put(k, JsonPath.compile(v)));
        }
        this.windowSize = windowSize == null ? WindowSize.MINUTE : windowSize;
        this.groupNamesSorted = this.groupBy.keySet().stream().sorted().toArray(String[]::new);
        this.groupPathsSorted = new JsonPath[groupNamesSorted.length];
        for (int i = 0; i < groupNamesSorted.length; i++) {
            groupPathsSorted[i] = this.groupBy.get(groupNamesSorted[i]);
        }
        this.seriesBy = so.seriesBy() == null ? null : JsonPath.compile(so.seriesBy());
        this.series = aggregation.isSeries() ? settings(aggregation, this.windowSize, so) : null;
        this.unit = aggregation == Aggregation.TIME_WEIGHTED && so.unit() != null ? so.unit()
                : aggregation == Aggregation.TIME_WEIGHTED ? GaugeUnit.INTEGRAL : null;
    }

    private static SeriesSettings settings(Aggregation aggregation, WindowSize windowSize, SeriesOptions so) {
        Duration lateness = so.lateness() == null ? SeriesSettings.DEFAULT_LATENESS : so.lateness();
        if (aggregation == Aggregation.INCREASE) {
            return SeriesSettings.increase(windowSize, lateness,
                    so.firstSample() == null ? FirstSample.BASELINE : so.firstSample());
        }
        return SeriesSettings.timeWeighted(windowSize, lateness,
                so.maxHold() == null ? SeriesSettings.DEFAULT_MAX_HOLD : so.maxHold());
    }

    /** Shorthand for a COUNT meter without groupBy (tests, tools). */
    public static MeterDefinition count(String slug, String eventType) {
        return new MeterDefinition(slug, eventType, Aggregation.COUNT, null, null, null);
    }

    /**
     * Every problem of a definition, each as {@code field: message} (field names as in the YAML),
     * so a loader can report all of them at once.
     */
    public static List<String> problems(
            String slug, String eventType, Aggregation aggregation, String valueProperty, Map<String, String> groupBy) {
        return problems(slug, eventType, aggregation, valueProperty, groupBy, SeriesOptions.NONE);
    }

    /** As above, with the series keys (which only INCREASE and TIME_WEIGHTED meters may set). */
    public static List<String> problems(String slug, String eventType, Aggregation aggregation, String valueProperty,
            Map<String, String> groupBy, SeriesOptions series) {
        List<String> p = new ArrayList<>();
        if (slug == null || slug.isEmpty()) {
            p.add("slug: is required");
        } else {
            if (slug.length() > MAX_SLUG_LENGTH) {
                p.add("slug: must be at most " + MAX_SLUG_LENGTH + " characters, got " + slug.length());
            }
            if (!SLUG.matcher(slug).matches()) {
                p.add("slug: must match " + SLUG.pattern() + " (lowercase letters and digits separated by single underscores)");
            }
        }
        if (eventType == null || eventType.isEmpty()) {
            p.add("eventType: is required");
        }
        if (aggregation == null) {
            p.add("aggregation: is required (one of SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST INCREASE TIME_WEIGHTED)");
        } else if (aggregation.readsValue() && valueProperty == null) {
            p.add("valueProperty: is required for " + aggregation);
        } else if (!aggregation.readsValue() && valueProperty != null) {
            p.add("valueProperty: must not be set for " + aggregation);
        }
        if (valueProperty != null) {
            checkPath(p, "valueProperty", valueProperty);
        }
        if (groupBy != null) {
            for (Map.Entry<String, String> g : groupBy.entrySet()) {
                String name = g.getKey();
                if (name == null || !GROUP_NAME.matcher(name).matches()) {
                    p.add("groupBy." + name + ": name must match " + GROUP_NAME.pattern());
                }
                if (g.getValue() == null) {
                    p.add("groupBy." + name + ": JSONPath is required");
                } else {
                    checkPath(p, "groupBy." + name, g.getValue());
                }
            }
        }
        seriesProblems(p, aggregation, series == null ? SeriesOptions.NONE : series);
        return p;
    }

    private static void seriesProblems(List<String> p, Aggregation aggregation, SeriesOptions s) {
        if (aggregation == null) {
            return;
        }
        if (!aggregation.isSeries()) {
            only(p, "seriesBy", s.seriesBy() != null, "INCREASE and TIME_WEIGHTED", aggregation);
            only(p, "seriesLateness", s.lateness() != null, "INCREASE and TIME_WEIGHTED", aggregation);
        }
        only(p, "firstSample", s.firstSample() != null && aggregation != Aggregation.INCREASE, "INCREASE", aggregation);
        only(p, "maxHold", s.maxHold() != null && aggregation != Aggregation.TIME_WEIGHTED, "TIME_WEIGHTED", aggregation);
        only(p, "unit", s.unit() != null && aggregation != Aggregation.TIME_WEIGHTED, "TIME_WEIGHTED", aggregation);
        if (s.seriesBy() != null) {
            checkPath(p, "seriesBy", s.seriesBy());
        }
        if (aggregation.isSeries()) {
            // The bounds SeriesSettings enforces, reported with the YAML names.
            try {
                settings(aggregation, WindowSize.MINUTE, s);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                p.add(m.startsWith("maxHold") ? "maxHold: " + m.substring("maxHold ".length())
                        : "seriesLateness: " + m.substring("seriesLateness ".length()));
            }
        }
    }

    private static void only(List<String> p, String field, boolean set, String allowed, Aggregation aggregation) {
        if (set) {
            p.add(field + ": only " + allowed + " meters have it, not " + aggregation);
        }
    }

    private static void checkPath(List<String> p, String field, String path) {
        try {
            JsonPath.compile(path);
        } catch (IllegalArgumentException e) {
            p.add(field + ": " + e.getMessage());
        }
    }

    public String slug() { return slug; }
    public String eventType() { return eventType; }
    public Aggregation aggregation() { return aggregation; }
    /** Null for COUNT. */
    public JsonPath valueProperty() { return valueProperty; }
    /** Unmodifiable, in configuration order. */
    public Map<String, JsonPath> groupBy() { return Collections.unmodifiableMap(groupBy); }
    public WindowSize windowSize() { return windowSize; }
    /** Group names sorted (shared array: read only). */
    String[] groupNamesSorted() { return groupNamesSorted; }
    /** The JSONPaths of {@link #groupNamesSorted()}, index by index (shared array: read only). */
    JsonPath[] groupPathsSorted() { return groupPathsSorted; }

    /** The series parameters of an INCREASE or TIME_WEIGHTED meter; null for the other aggregations. */
    public SeriesSettings series() { return series; }
    /** The JSONPath naming a sample's series; null when the event's {@code source} does (the default). */
    public JsonPath seriesBy() { return seriesBy; }
    /** TIME_WEIGHTED: what query_usage returns; null for the other aggregations. */
    public GaugeUnit unit() { return unit; }

    /** A meter reading any property of {@code data} needs it to be a JSON object. */
    public boolean readsProperties() {
        return valueProperty != null || !groupBy.isEmpty() || seriesBy != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeterDefinition)) {
            return false;
        }
        MeterDefinition m = (MeterDefinition) o;
        return slug.equals(m.slug) && eventType.equals(m.eventType) && aggregation == m.aggregation
                && Objects.equals(valueProperty, m.valueProperty) && groupBy.equals(m.groupBy)
                && windowSize == m.windowSize && Objects.equals(series, m.series)
                && Objects.equals(seriesBy, m.seriesBy) && unit == m.unit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(slug, eventType, aggregation, valueProperty, groupBy, windowSize, series);
    }

    @Override
    public String toString() {
        return "Meter{" + slug + " " + eventType + " " + aggregation
                + (valueProperty == null ? "" : " " + valueProperty)
                + (groupBy.isEmpty() ? "" : " groupBy=" + groupBy) + " " + windowSize
                + (series == null ? "" : " seriesBy=" + (seriesBy == null ? "source" : seriesBy) + " " + series)
                + (unit == null ? "" : " unit=" + unit) + "}";
    }
}
