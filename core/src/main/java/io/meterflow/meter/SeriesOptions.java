package io.meterflow.meter;

import io.meterflow.series.FirstSample;
import io.meterflow.series.GaugeUnit;
import java.io.Serializable;
import java.time.Duration;

/**
 * The series keys of a meter as written ({@code seriesBy}, {@code firstSample}, {@code maxHold},
 * {@code seriesLateness}, {@code unit}); null means not written (the default applies). Only
 * INCREASE and TIME_WEIGHTED meters may set them, see {@link MeterDefinition#problems}.
 *
 * @param seriesBy JSONPath naming the series within a subject; null = the event's {@code source}
 */
public record SeriesOptions(String seriesBy, FirstSample firstSample, Duration maxHold, Duration lateness, GaugeUnit unit)
        implements Serializable {
    public static final SeriesOptions NONE = new SeriesOptions(null, null, null, null, null);

    public boolean isEmpty() {
        return seriesBy == null && firstSample == null && maxHold == null && lateness == null && unit == null;
    }
}
