package io.meterflow.meter;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.event.Utf8;
import java.io.Serializable;

/**
 * The JSONPath subset meters use, compiled once to a Jackson {@link JsonPointer} and evaluated
 * against an event's {@code data}: {@code $.a.b}, {@code $['a b']} / {@code $["a b"]} and
 * {@code $.a[0]}, in any combination. Wildcards, recursive descent, filters, slices, negative
 * indexes and the bare {@code $} are refused when the configuration is loaded.
 *
 * <p>As in JSON Pointer, a numeric segment matches an array index or an object member with the
 * same digits ({@code $.a[0]} also reads {@code {"a":{"0":1}}}).
 */
public final class JsonPath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String text;
    private transient JsonPointer pointer;

    private JsonPath(String text, JsonPointer pointer) {
        this.text = text;
        this.pointer = pointer;
    }

    /**
     * @throws IllegalArgumentException with a message saying what is wrong and what is supported
     */
    public static JsonPath compile(String text) {
        return new JsonPath(text, parse(text));
    }

    /** The node at this path, or null when absent (JSON null is returned as a NullNode). */
    public JsonNode evaluate(JsonNode root) {
        if (root == null) {
            return null;
        }
        JsonNode n = root.at(pointer());
        return n.isMissingNode() ? null : n;
    }

    public String text() {
        return text;
    }

    /** The compiled form (the decoder's {@code DataPaths} are built from it). */
    JsonPointer pointer() {
        JsonPointer p = pointer;
        if (p == null) { // after deserialization
            p = parse(text);
            pointer = p;
        }
        return p;
    }

    private static JsonPointer parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("must be a JSONPath such as $.usage.tokens");
        }
        if (text.charAt(0) != '$') {
            throw new IllegalArgumentException("must start with $ (for example $.usage.tokens), got " + show(text));
        }
        if (text.length() == 1) {
            throw new IllegalArgumentException("$ alone selects the whole data object; name a property, e.g. $.tokens");
        }
        JsonPointer p = JsonPointer.empty();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && isNameChar(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw unsupported(text, start);
                }
                p = p.appendProperty(text.substring(start, i));
            } else if (c == '[') {
                i++;
                if (i < n && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
                    char quote = text.charAt(i++);
                    StringBuilder name = new StringBuilder();
                    while (i < n && text.charAt(i) != quote) {
                        char ch = text.charAt(i++);
                        if (ch == '\\' && i < n) {
                            ch = text.charAt(i++);
                        }
                        name.append(ch);
                    }
                    if (i + 1 >= n || text.charAt(i + 1) != ']') {
                        throw unsupported(text, Math.min(i, n - 1));
                    }
                    i += 2;
                    p = p.appendProperty(name.toString());
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
                        i++;
                    }
                    if (i == start || i >= n || text.charAt(i) != ']' || i - start > 9) {
                        throw unsupported(text, start);
                    }
                    p = p.appendIndex(Integer.parseInt(text.substring(start, i)));
                    i++;
                }
            } else {
                throw unsupported(text, i);
            }
        }
        return p;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static IllegalArgumentException unsupported(String text, int at) {
        return new IllegalArgumentException("unsupported JSONPath " + show(text) + " at position " + at
                + ": only $.a.b, $['a b'] and $.a[0] are supported");
    }

    private static String show(String text) {
        return "'" + Utf8.shorten(text, 80) + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath && ((JsonPath) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
