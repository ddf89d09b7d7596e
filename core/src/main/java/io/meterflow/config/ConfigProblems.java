package io.meterflow.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every problem of one file (instead of stopping at the first), so users fix it in one round. Paths
 * use YAML names ({@code postgres.password}, {@code meters[1].groupBy.model}); a meter's path is shown
 * with its slug, {@code meters[1] (api_requests).valueProperty}. Messages echo values only where they
 * cannot be secret.
 */
final class ConfigProblems {
    private static final Pattern METER = Pattern.compile("^meters\\[(\\d+)\\]");

    private final List<String> paths = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final Set<String> unreadable = new HashSet<>();
    private final Map<Integer, String> slugs = new HashMap<>();

    /** A value that could not be bound: later checks of the same key stay quiet (it is not also "required"). */
    void unreadable(String path, String message) {
        unreadable.add(path);
        paths.add(path);
        messages.add(message);
    }

    void add(String path, String message) {
        if (!unreadable.contains(path)) {
            paths.add(path);
            messages.add(message);
        }
    }

    /** Names meter {@code index} by its slug in the rendered paths. */
    void slug(int index, String slug) {
        slugs.put(index, slug);
    }

    boolean isEmpty() {
        return paths.isEmpty();
    }

    /** True if some problem concerns {@code path} or a key below it. */
    boolean any(String path) {
        for (String p : paths) {
            if (p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }

    /** {@code path: message} lines in the order found. */
    List<String> render() {
        List<String> out = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            out.add(named(paths.get(i)) + ": " + messages.get(i));
        }
        return out;
    }

    private String named(String path) {
        Matcher m = METER.matcher(path);
        if (m.find()) {
            String slug = slugs.get(Integer.parseInt(m.group(1)));
            if (slug != null && !slug.isEmpty()) {
                return m.group() + " (" + Durations.cut(slug) + ")" + path.substring(m.end());
            }
        }
        return path;
    }
}
