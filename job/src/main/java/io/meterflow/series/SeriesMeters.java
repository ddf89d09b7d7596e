package io.meterflow.series;

import io.meterflow.meter.MeterDefinition;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The series meters (INCREASE, TIME_WEIGHTED) of a configuration and their settings, by slug. */
public final class SeriesMeters implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final SeriesMeters NONE = new SeriesMeters(Map.of());

    private final TreeMap<String, SeriesSettings> bySlug;

    private SeriesMeters(Map<String, SeriesSettings> bySlug) {
        this.bySlug = new TreeMap<>(bySlug);
    }

    public static SeriesMeters of(List<MeterDefinition> meters) {
        Map<String, SeriesSettings> m = new TreeMap<>();
        for (MeterDefinition d : meters) {
            if (d.series() != null) {
                m.put(d.slug(), d.series());
            }
        }
        return new SeriesMeters(m);
    }

    public boolean isEmpty() {
        return bySlug.isEmpty();
    }

    public List<String> slugs() {
        return List.copyOf(bySlug.keySet());
    }

    /** Null when {@code slug} is not a series meter. */
    public SeriesSettings settings(String slug) {
        return bySlug.get(slug);
    }

    @Override
    public String toString() {
        return "SeriesMeters" + bySlug;
    }
}
