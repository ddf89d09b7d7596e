package io.meterflow.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeterDefinitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"a", "api_requests", "llm_tokens_2", "x1"})
    void validSlugs(String slug) {
        assertThat(MeterDefinition.problems(slug, "t", Aggregation.COUNT, null, null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Api", "api-requests", "_a", "a_", "a__b", "a b", ""})
    void invalidSlugs(String slug) {
        assertThat(MeterDefinition.problems(slug, "t", Aggregation.COUNT, null, null)).anyMatch(p -> p.startsWith("slug:"));
    }

    @Test
    void slugAtMost64() {
        assertThat(MeterDefinition.problems("a".repeat(64), "t", Aggregation.COUNT, null, null)).isEmpty();
        assertThat(MeterDefinition.problems("a".repeat(65), "t", Aggregation.COUNT, null, null))
                .containsExactly("slug: must be at most 64 characters, got 65");
    }

    @Test
    void valuePropertyRules() {
        assertThat(MeterDefinition.problems("m", "t", Aggregation.COUNT, "$.a", null))
                .containsExactly("valueProperty: must not be set for COUNT");
        for (Aggregation a : Aggregation.values()) {
            if (a != Aggregation.COUNT) {
                assertThat(MeterDefinition.problems("m", "t", a, null, null))
                        .containsExactly("valueProperty: is required for " + a);
            }
        }
        assertThat(MeterDefinition.problems("m", "t", Aggregation.SUM, "a.b", null))
                .singleElement().asString().startsWith("valueProperty: must start with $");
    }

    @Test
    void groupByRules() {
        assertThat(MeterDefinition.problems("m", "t", Aggregation.COUNT, null, Map.of("_ok1", "$.a"))).isEmpty();
        assertThat(MeterDefinition.problems("m", "t", Aggregation.COUNT, null, Map.of("1bad", "$.a")))
                .singleElement().asString().startsWith("groupBy.1bad: name must match");
        assertThat(MeterDefinition.problems("m", "t", Aggregation.COUNT, null, Map.of("ok", "$..a")))
                .singleElement().asString().startsWith("groupBy.ok: unsupported JSONPath");
    }

    @Test
    void requiredFieldsAreAllListed() {
        assertThat(MeterDefinition.problems(null, "", null, null, null))
                .containsExactly("slug: is required", "eventType: is required",
                        "aggregation: is required (one of SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST INCREASE TIME_WEIGHTED)");
        assertThatThrownBy(() -> new MeterDefinition("Bad", null, Aggregation.SUM, null, null, null))
                .hasMessageContaining("slug").hasMessageContaining("eventType").hasMessageContaining("valueProperty");
    }

    @Test
    void windowSizeDefaultsToMinute() {
        assertThat(MeterDefinition.count("m", "t").windowSize()).isEqualTo(WindowSize.MINUTE);
        assertThat(MeterDefinition.count("m", "t").readsProperties()).isFalse();
    }

    // ---------------------------------------------------------------- JSONPath

    @Test
    void jsonPathSubset() throws Exception {
        JsonNode n = JSON.readTree("{\"a\":{\"b\":1,\"c d\":[10,20,{\"e\":\"x\"}],\"q'\":2},\"-k_\":3}");
        assertThat(JsonPath.compile("$.a.b").evaluate(n).intValue()).isEqualTo(1);
        assertThat(JsonPath.compile("$['a']['c d'][1]").evaluate(n).intValue()).isEqualTo(20);
        assertThat(JsonPath.compile("$[\"a\"][\"c d\"][2].e").evaluate(n).textValue()).isEqualTo("x");
        assertThat(JsonPath.compile("$.a['q\\'']").evaluate(n).intValue()).isEqualTo(2);
        assertThat(JsonPath.compile("$.-k_").evaluate(n).intValue()).isEqualTo(3);
        assertThat(JsonPath.compile("$.a.zzz").evaluate(n)).isNull();
        assertThat(JsonPath.compile("$.a.b.c").evaluate(n)).isNull();
        assertThat(JsonPath.compile("$.a['c d'][9]").evaluate(n)).isNull();
        assertThat(JsonPath.compile("$.a.b").evaluate(null)).isNull();
        assertThat(JsonPath.compile("$['a/b~c']").evaluate(JSON.readTree("{\"a/b~c\":5}")).intValue()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "", "a.b", "$.", "$..a", "$.*", "$.a[*]", "$.a[-1]", "$.a[0:2]", "$[?(@.a)]",
        "$.a[", "$['a'", "$.a b", "$.a[1", "$['a']x"})
    void unsupportedJsonPathsAreRefused(String path) {
        assertThatThrownBy(() -> JsonPath.compile(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }
}
