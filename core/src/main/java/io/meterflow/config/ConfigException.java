package io.meterflow.config;

import java.util.List;

/**
 * A configuration file that cannot be used, with every problem found (not just the first). Messages
 * name the field (e.g. {@code meters[1] (api_requests).valueProperty: must not be set for COUNT})
 * and never contain secret values.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder b = new StringBuilder("invalid configuration");
        if (source != null) {
            b.append(' ').append(source);
        }
        b.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)").append(':');
        for (String p : problems) {
            b.append("\n  - ").append(p);
        }
        return b.toString();
    }
}
