package io.meterflow.meter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-built group-values JSON is byte for byte what Jackson's generator writes. */
class GroupValuesTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 500)
    void sameTextAsJacksonsGenerator(@ForAll("groups") Map<String, String> groups) throws IOException {
        Map<String, String> paths = new LinkedHashMap<>();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        groups.forEach((name, value) -> {
            paths.put(name, "$." + name);
            if (value == null) {
                data.putNull(name);
            } else {
                data.put(name, value);
            }
        });
        MeterDefinition m = new MeterDefinition("m", "t", Aggregation.COUNT, null, paths, WindowSize.MINUTE);

        assertThat(MeterCatalog.groupValues(m, data)).isEqualTo(reference(groups));
    }

    @Provide
    Arbitrary<Map<String, String>> groups() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcXYZ_09").ofMinLength(1).ofMaxLength(6)
                .filter(n -> MeterDefinition.GROUP_NAME.matcher(n).matches());
        // Control characters, quotes, backslashes, non-ASCII and lone surrogates, plus null.
        Arbitrary<String> values = Arbitraries.strings()
                .withCharRange('\u0000', '\u007f').withChars('é', '€', '\u2028', '\ud83d', '\ude00', '"', '\\', '/')
                .ofMaxLength(12).injectNull(0.1);
        return Arbitraries.maps(names, values).ofMinSize(1).ofMaxSize(5);
    }

    /** The earlier rendering: a TreeMap written with Jackson's JsonGenerator. */
    private static String reference(Map<String, String> groups) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator gen = JSON.createGenerator(w)) {
            gen.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(groups).entrySet()) {
                gen.writeStringField(e.getKey(), e.getValue());
            }
            gen.writeEndObject();
        }
        return w.toString();
    }

    @Property(tries = 1)
    void noGroupByIsAnEmptyObject() throws IOException {
        MeterDefinition m = new MeterDefinition("m", "t", Aggregation.COUNT, null, null, WindowSize.MINUTE);
        assertThat(MeterCatalog.groupValues(m, JsonNodeFactory.instance.objectNode())).isEqualTo("{}");
        assertThat(List.of(m.groupNamesSorted())).isEmpty();
    }
}
