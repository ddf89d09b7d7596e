package io.meterflow.sink;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.MeterDefinition;
import io.meterflow.series.GaugeUnit;
import java.util.List;
import java.util.Objects;

/**
 * What PostgreSQL needs to know about a meter to read its rows (a row of {@code meterflow.meters}):
 * its aggregation, stored window size and groupBy keys.
 *
 * @param valueProperty JSONPath of the value, null for COUNT
 * @param unit TIME_WEIGHTED: what query_usage returns; null for the other aggregations
 */
public record MeterSchema(
        String slug,
        String eventType,
        Aggregation aggregation,
        WindowSize windowSize,
        List<String> groupBy,
        String valueProperty,
        GaugeUnit unit) {

    /** A meter without a unit (every aggregation but TIME_WEIGHTED). */
    public MeterSchema(String slug, String eventType, Aggregation aggregation, WindowSize windowSize,
            List<String> groupBy, String valueProperty) {
        this(slug, eventType, aggregation, windowSize, groupBy, valueProperty, null);
    }

    public MeterSchema {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(windowSize, "windowSize");
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    }

    /** The configured meters as PostgreSQL records them, for query_usage. */
    public static List<MeterSchema> of(List<MeterDefinition> meters) {
        return meters.stream()
                .map(m -> new MeterSchema(m.slug(), m.eventType(), m.aggregation(), m.windowSize(),
                        List.copyOf(m.groupBy().keySet()), m.valueProperty() == null ? null : m.valueProperty().text(),
                        m.unit()))
                .toList();
    }
}
