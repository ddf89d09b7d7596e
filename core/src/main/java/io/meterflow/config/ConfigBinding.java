package io.meterflow.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.MapType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Binds a YAML file into {@link RawConfig} with Jackson, without stopping at the first bad value:
 * an unknown key or a value of the wrong shape (a list where a map belongs, text where a number
 * does) is recorded in {@link ConfigProblems} with its path and read as absent, and binding goes
 * on. Jackson's own messages never reach the user: they may quote a value, and a value may be a
 * password.
 */
final class ConfigBinding {
    /**
     * The message for a value of the wrong shape, where the type's default (see {@link #expected})
     * does not say enough.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
    @interface Shape {
        String value();
    }

    private static final YAMLMapper MAPPER = mapper();

    private ConfigBinding() {}

    /**
     * The file as written; what could not be bound is absent from it and recorded in {@code problems}.
     *
     * @throws ConfigException when the text is not YAML, is empty or is not a map (the one problem)
     */
    static RawConfig bind(String yaml, String source, ConfigProblems problems) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yaml == null ? "" : yaml);
        } catch (JacksonException e) {
            throw new ConfigException(source, List.of(yamlProblem(e)));
        } catch (RuntimeException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getClass().getSimpleName()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source, List.of("the configuration is empty"));
        }
        if (!root.isObject()) {
            throw new ConfigException(source, List.of("the configuration must be a map of sections (kafka, postgres, meters, ...)"));
        }
        try {
            return MAPPER.readerFor(RawConfig.class).withAttribute(Reading.class, new Reading(problems)).readValue(root);
        } catch (IOException e) {
            // Not expected from a tree (every value is caught where it is read): still no stack trace.
            throw new ConfigException(source, List.of("cannot be read (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static YAMLMapper mapper() {
        SimpleModule tolerant = new SimpleModule("meterflow-config")
                .addDeserializer(Secret.class, new SecretDeserializer())
                .setDeserializerModifier(new Tolerant());
        return YAMLMapper.builder(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .addModule(tolerant)
                .addHandler(new UnknownKeys())
                // Only what YAML itself types as a number or boolean is one: "4" and 1.5 are not counts,
                // "yes please" and 1 are not booleans.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
                .build();
    }

    /** What a value of {@code type} must be, for a value that is not. */
    private static String expected(Class<?> type, JsonParser p) throws IOException {
        if (type == String.class) {
            return "must be a single value, not a list or map";
        }
        if (type == Secret.class) {
            return "must be a single value";
        }
        if (type == Boolean.class) {
            return "must be true or false, got '" + (p.currentToken().isScalarValue() ? Durations.cut(p.getText()) : "")
                    + "'";
        }
        if (type == Integer.class) {
            // Every whole-number key counts something (parallelism, events per request).
            return "must be a whole number of at least 1";
        }
        if (type == RawConfig.Meter.class) {
            return "must be a map with slug, eventType, aggregation, ...";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be a list of meters";
        }
        return "must be a map of keys to values";
    }

    /** The YAML path of the value the parser is at: {@code meters[0].groupBy.model}. */
    static String path(JsonParser p) {
        JsonStreamContext c = p.getParsingContext();
        if (p.hasToken(JsonToken.START_OBJECT) || p.hasToken(JsonToken.START_ARRAY)) {
            c = c.getParent(); // a structure's own context is already the one inside it
        }
        Deque<String> parts = new ArrayDeque<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static int depth(JsonParser p) {
        int d = 0;
        for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
            d++;
        }
        return d;
    }

    private static Reading reading(DeserializationContext ctxt) {
        return (Reading) ctxt.getAttribute(Reading.class);
    }

    /** One binding: its problems, and the paths of the maps being read, innermost last. */
    private static final class Reading {
        final ConfigProblems problems;
        /**
         * Jackson may hold a record's unknown keys back and report them once the record is built,
         * from a buffer that no longer knows where it was read: the record's path comes from here.
         */
        final Deque<String> maps = new ArrayDeque<>();

        Reading(ConfigProblems problems) {
            this.problems = problems;
        }
    }

    private static String yamlProblem(JacksonException e) {
        // SnakeYAML messages quote the offending line, which may hold a password: keep position only.
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            int end = original.indexOf('\n');
            return (end > 0 ? original.substring(0, end) : original) + where;
        }
        return "not valid YAML" + where;
    }

    /** Wraps every deserializer Jackson builds, so that each value is read on its own. */
    private static final class Tolerant extends BeanDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                JsonDeserializer<?> deserializer) {
            return new TolerantDeserializer(deserializer, null);
        }

        @Override
        public JsonDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
                BeanDescription desc, JsonDeserializer<?> deserializer) {
            return new TolerantDeserializer(deserializer, null);
        }

        @Override
        public JsonDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
                BeanDescription desc, JsonDeserializer<?> deserializer) {
            return new TolerantDeserializer(deserializer, null);
        }
    }

    /**
     * Reads one value; if it cannot be read, records why under its path, skips the rest of it and
     * returns null (absent), so the record around it and the keys after it are still read.
     */
    private static final class TolerantDeserializer extends DelegatingDeserializer {
        private static final long serialVersionUID = 1L;
        private final String shape;

        TolerantDeserializer(JsonDeserializer<?> delegate, String shape) {
            super(delegate);
            this.shape = shape;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TolerantDeserializer(delegate, shape);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> d = super.createContextual(ctxt, property);
            Shape s = property == null ? null : property.getAnnotation(Shape.class);
            // The annotation is about the property's own value, not the entries of its map.
            if (s != null && property.getType().getRawClass().isAssignableFrom(_delegatee.handledType())) {
                return new TolerantDeserializer(((TolerantDeserializer) d)._delegatee, s.value());
            }
            return d;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // Taken before reading: a failed read may leave the parser inside the value.
            String path = path(p);
            JsonToken start = p.currentToken();
            int depth = depth(p);
            Reading reading = reading(ctxt);
            boolean map = start == JsonToken.START_OBJECT;
            if (map) {
                reading.maps.addLast(path);
            }
            try {
                return _delegatee.deserialize(p, ctxt);
            } catch (JacksonException e) {
                reading.problems.unreadable(path, shape != null ? shape : expected(_delegatee.handledType(), p));
                skipRest(p, start, depth);
                return null;
            } finally {
                if (map) {
                    reading.maps.removeLast();
                }
            }
        }

        /** Moves the parser to the value's last token, as a deserializer must leave it. */
        private static void skipRest(JsonParser p, JsonToken start, int depth) throws IOException {
            if (start == null || !start.isStructStart()) {
                return;
            }
            if (p.currentToken() == start && depth(p) == depth) {
                p.skipChildren();
                return;
            }
            while (p.currentToken() != null && !(p.currentToken().isStructEnd() && depth(p) == depth - 1)) {
                p.nextToken();
            }
        }
    }

    /** Any scalar as text; lists and maps are refused (and reported by {@link TolerantDeserializer}). */
    private static final class SecretDeserializer extends StdScalarDeserializer<Secret> {
        private static final long serialVersionUID = 1L;

        SecretDeserializer() {
            super(Secret.class);
        }

        @Override
        public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isScalarValue()) {
                return new Secret(p.getText());
            }
            return (Secret) ctxt.handleUnexpectedToken(Secret.class, p);
        }
    }

    /** Reports a key the record has no component for, with the closest one as a hint, and skips it. */
    private static final class UnknownKeys extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String name) throws IOException {
            Class<?> type = beanOrClass instanceof Class ? (Class<?>) beanOrClass : beanOrClass.getClass();
            List<String> allowed = new ArrayList<>();
            RecordComponent[] components = type.getRecordComponents();
            if (components != null) {
                for (RecordComponent c : components) {
                    allowed.add(c.getName());
                }
            }
            String hint = closest(name, allowed);
            String in = reading(ctxt).maps.peekLast();
            reading(ctxt).problems.add(in == null || in.isEmpty() ? name : in + "." + name, "unknown key"
                    + (hint == null ? "" : " (did you mean " + hint + "?)")
                    + "; allowed: " + String.join(", ", allowed));
            p.skipChildren();
            return true;
        }
    }

    /** The allowed key closest to a misspelt one, if close enough to be what was meant. */
    static String closest(String name, List<String> allowed) {
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
