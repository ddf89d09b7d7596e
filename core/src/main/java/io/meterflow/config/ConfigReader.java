package io.meterflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Walks the YAML tree collecting every problem (instead of stopping at the first), so users fix a
 * file in one round. Field paths in messages use YAML names; values are echoed only where they
 * cannot be secret.
 */
final class ConfigReader {
    final List<String> problems = new ArrayList<>();

    void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    /** Reports keys not in {@code allowed}, suggesting the closest allowed key (typos must not pass). */
    void checkKeys(JsonNode obj, String path, Set<String> allowed) {
        Iterator<String> names = obj.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = closest(name, allowed);
                problem(join(path, name), "unknown key" + (hint == null ? "" : " (did you mean " + hint + "?)")
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** The child object, or null (reporting a problem if required, or present but not a map). */
    JsonNode section(JsonNode parent, String path, String key, boolean required) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                problem(join(path, key), "is required");
            }
            return null;
        }
        if (!n.isObject()) {
            problem(join(path, key), "must be a map of keys to values");
            return null;
        }
        return n;
    }

    String string(JsonNode obj, String path, String key, boolean required, String dflt) {
        JsonNode n = obj == null ? null : obj.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                problem(join(path, key), "is required");
            }
            return dflt;
        }
        if (!n.isValueNode()) {
            problem(join(path, key), "must be a single value, not a list or map");
            return dflt;
        }
        String s = n.asText();
        if (s.trim().isEmpty()) {
            problem(join(path, key), "must not be empty");
            return dflt;
        }
        return s;
    }

    Duration duration(JsonNode obj, String path, String key, Duration dflt, boolean allowZero) {
        String s = string(obj, path, key, false, null);
        if (s == null) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(s);
            if (d.isNegative() || (!allowZero && d.isZero())) {
                problem(join(path, key), allowZero ? "must not be negative" : "must be greater than zero");
                return dflt;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(join(path, key), e.getMessage());
            return dflt;
        }
    }

    boolean bool(JsonNode obj, String path, String key, boolean dflt) {
        JsonNode n = obj == null ? null : obj.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            problem(join(path, key), "must be true or false, got '" + Durations.cut(n.asText()) + "'");
            return dflt;
        }
        return n.booleanValue();
    }

    long size(JsonNode obj, String path, String key, long dflt, long min, long max) {
        String s = string(obj, path, key, false, null);
        if (s == null) {
            return dflt;
        }
        try {
            long v = Sizes.parse(s);
            if (v < min || v > max) {
                problem(join(path, key), "must be between " + min + " and " + max + " bytes, got " + v);
                return dflt;
            }
            return v;
        } catch (IllegalArgumentException e) {
            problem(join(path, key), e.getMessage());
            return dflt;
        }
    }

    static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    private static String closest(String name, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(name.toLowerCase(), a.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Levenshtein distance; names are short. */
    private static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
