package io.meterflow.it.oracle;

import java.util.LinkedHashMap;
import java.util.Map;

/** The oracle's own copy of a meter definition: written independently of the job's meter code. */
public record OracleMeter(
        String slug,
        String eventType,
        String aggregation,
        String valueKey,
        LinkedHashMap<String, String> groupBy,
        String windowSize) {

    public long windowMillis() {
        switch (windowSize) {
            case "MINUTE": return 60_000L;
            case "HOUR": return 3_600_000L;
            case "DAY": return 86_400_000L;
            default: throw new IllegalArgumentException(windowSize);
        }
    }

    /** YAML for the meterflow config. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("  - slug: ").append(slug).append('\n');
        y.append("    eventType: ").append(eventType).append('\n');
        y.append("    aggregation: ").append(aggregation).append('\n');
        if (valueKey != null) {
            y.append("    valueProperty: $.").append(valueKey).append('\n');
        }
        if (!groupBy.isEmpty()) {
            y.append("    groupBy:\n");
            for (Map.Entry<String, String> g : groupBy.entrySet()) {
                y.append("      ").append(g.getKey()).append(": $.").append(g.getValue()).append('\n');
            }
        }
        y.append("    windowSize: ").append(windowSize).append('\n');
        return y.toString();
    }
}
