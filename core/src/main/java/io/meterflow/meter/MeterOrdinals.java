package io.meterflow.meter;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The permanent number of each meter slug, the bit the dedupe stage sets for a meter that counted an
 * event. Numbers come from PostgreSQL ({@code meterflow.meter_ordinals}): assigned once, never reused,
 * so a bit in restored state always means the meter it meant when it was written.
 */
public final class MeterOrdinals implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Integer> bySlug;

    private MeterOrdinals(Map<String, Integer> bySlug) {
        this.bySlug = bySlug;
    }

    /**
     * @throws IllegalArgumentException if a number is negative or used for two slugs (the state would
     *     confuse the two meters)
     */
    public static MeterOrdinals of(Map<String, Integer> bySlug) {
        Map<String, Integer> copy = new HashMap<>();
        Map<Integer, String> owners = new HashMap<>();
        bySlug.forEach((slug, ordinal) -> {
            Objects.requireNonNull(slug, "meter slug");
            Objects.requireNonNull(ordinal, "ordinal of meter " + slug);
            if (ordinal < 0) {
                throw new IllegalArgumentException("meter '" + slug + "' has a negative ordinal " + ordinal);
            }
            String other = owners.putIfAbsent(ordinal, slug);
            if (other != null) {
                throw new IllegalArgumentException("meters '" + other + "' and '" + slug + "' share ordinal " + ordinal);
            }
            copy.put(slug, ordinal);
        });
        return new MeterOrdinals(copy);
    }

    /** Numbers 0, 1, 2, ... in the given order: for tests and runs without PostgreSQL bookkeeping. */
    public static MeterOrdinals inOrder(Collection<String> slugs) {
        Map<String, Integer> m = new HashMap<>();
        for (String slug : slugs) {
            m.putIfAbsent(slug, m.size());
        }
        return of(m);
    }

    /** The meter's number, or -1 for a slug without one. */
    public int ordinal(String slug) {
        Integer o = bySlug.get(slug);
        return o == null ? -1 : o;
    }

    public boolean covers(Collection<String> slugs) {
        return bySlug.keySet().containsAll(slugs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeterOrdinals other && bySlug.equals(other.bySlug);
    }

    @Override
    public int hashCode() {
        return bySlug.hashCode();
    }

    @Override
    public String toString() {
        return "MeterOrdinals" + new TreeMap<>(bySlug);
    }
}
