package io.meterflow.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One benchmark workload: how subjects are drawn, how many meters each event feeds, and how many
 * records are redeliveries. Every scenario uses the same realistic event shapes ({@link EventGenerator}).
 */
public enum Scenario {
    UNIFORM("uniform", "1,000 subjects, uniform", 1_000, false, false, 0.0),
    ZIPF("zipf", "100,000 subjects, Zipf(1.1)", 100_000, true, false, 0.0),
    METERS3("meters3", "3 meters per event (1,000 subjects)", 1_000, false, true, 0.0),
    DUP10("dup10", "10 % duplicates (1,000 subjects)", 1_000, false, false, 0.10),
    // With uniform (1,000 subjects) these three show the cost as the number of subjects grows.
    SUBJECTS_100K("subjects100k", "100,000 subjects, uniform", 100_000, false, false, 0.0),
    SUBJECTS_1M("subjects1m", "1,000,000 subjects, uniform", 1_000_000, false, false, 0.0);

    public final String id;
    public final String label;
    public final int subjects;
    public final boolean zipf;
    public final boolean threeMeters;
    /** Fraction of records that are redeliveries of an earlier event (same source and id). */
    public final double duplicateRate;

    Scenario(String id, String label, int subjects, boolean zipf, boolean threeMeters, double duplicateRate) {
        this.id = id;
        this.label = label;
        this.subjects = subjects;
        this.zipf = zipf;
        this.threeMeters = threeMeters;
        this.duplicateRate = duplicateRate;
    }

    public static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id.equalsIgnoreCase(id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: "
                + Arrays.stream(values()).map(s -> s.id).collect(Collectors.joining(",")));
    }

    /** The meters section of the meterflow YAML for this scenario. */
    public String metersYaml() {
        StringBuilder y = new StringBuilder("meters:\n");
        y.append(meter("llm_tokens", "llm.completion", "SUM", "$.usage.total_tokens", "model: $.model"));
        y.append(meter("api_requests", "api.request", "COUNT", null, "route: $.route"));
        if (threeMeters) {
            y.append(meter("llm_calls", "llm.completion", "COUNT", null, "region: $.region"));
            y.append(meter("llm_prompt_max", "llm.completion", "MAX", "$.usage.prompt_tokens", null));
            y.append(meter("api_latency", "api.request", "SUM", "$.latency_ms", null));
            y.append(meter("api_latency_max", "api.request", "MAX", "$.latency_ms", "route: $.route"));
        }
        return y.toString();
    }

    private static String meter(String slug, String type, String agg, String value, String groupBy) {
        StringBuilder m = new StringBuilder();
        m.append("  - slug: ").append(slug).append('\n');
        m.append("    eventType: ").append(type).append('\n');
        m.append("    aggregation: ").append(agg).append('\n');
        if (value != null) {
            m.append("    valueProperty: ").append(value).append('\n');
        }
        if (groupBy != null) {
            m.append("    groupBy: { ").append(groupBy).append(" }\n");
        }
        return m.toString();
    }

    public static List<Scenario> parseList(String csv) {
        return Arrays.stream(csv.split(",")).filter(s -> !s.isBlank()).map(Scenario::of).collect(Collectors.toList());
    }
}
