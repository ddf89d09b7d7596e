package io.meterflow.event;

import com.fasterxml.jackson.core.JsonPointer;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of an event's {@code data} the decoder keeps: a trie of JSON Pointer segments, so that
 * one streaming pass reads the members meters use and skips (but still validates) everything else.
 * A segment matches an object member by name and, when it is an index ({@code 0}, {@code 12}, no
 * leading zero), an array element by position: the semantics of {@link com.fasterxml.jackson.databind.JsonNode#at}.
 * The value at the end of a path is kept whole (an object there is read entirely).
 */
public final class DataPaths implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final DataPaths NONE = new DataPaths(new Node(), "none");
    private static final DataPaths ALL;

    static {
        Node root = new Node();
        root.whole = true;
        ALL = new DataPaths(root, "all");
    }

    private final Node root;
    private final String description;

    private DataPaths(Node root, String description) {
        this.root = root;
        this.description = description;
    }

    /** Keep no member of {@code data} (only its kind: object, array, string...). */
    public static DataPaths none() {
        return NONE;
    }

    /** Keep {@code data} whole (tools and tests that show it). */
    public static DataPaths all() {
        return ALL;
    }

    /** Keep the values at these pointers (the empty pointer keeps everything). */
    public static DataPaths of(Collection<JsonPointer> pointers) {
        Node root = new Node();
        StringBuilder d = new StringBuilder();
        for (JsonPointer p : pointers) {
            Node n = root;
            for (JsonPointer s = p; !s.matches(); s = s.tail()) {
                n = n.children.computeIfAbsent(s.getMatchingProperty(), k -> new Node());
            }
            n.whole = true;
            d.append(d.length() == 0 ? "" : ",").append(p);
        }
        return new DataPaths(root, d.toString());
    }

    Node root() {
        return root;
    }

    @Override
    public String toString() {
        return "DataPaths{" + description + "}";
    }

    /** One trie level: the value here is kept whole, or only the listed members. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;

        boolean whole;
        final Map<String, Node> children = new HashMap<>();

        Node member(String name) {
            return children.isEmpty() ? null : children.get(name);
        }

        /** Array element i, matched as JSON Pointer does: the segment's digits equal i's. */
        Node element(int i) {
            return children.isEmpty() ? null : children.get(Integer.toString(i));
        }
    }
}
