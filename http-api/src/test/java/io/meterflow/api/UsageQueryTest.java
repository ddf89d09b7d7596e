package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.MeterDefinition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageQueryTest {
    static final MeterDefinition TOKENS = new MeterDefinition("llm_tokens", "llm.completion", Aggregation.SUM,
            "$.tokens", new LinkedHashMap<>(Map.of("model", "$.model", "region", "$.region")), WindowSize.MINUTE);
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    @Test
    void openMeterParametersMapOntoQueryUsage() {
        UsageQuery q = UsageQuery.fromParams(TOKENS, params("from", "2026-11-01T00:00:00+01:00", "windowSize", "day",
                "windowTimeZone", "Europe/Berlin", "subject", "a", "subject", "b", "subject", "a",
                "groupBy", "subject", "groupBy", "model", "filterGroupBy[region]", "eu"), NOW);
        assertThat(q.from).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(q.to).isEqualTo(NOW);
        assertThat(q.windowSize).isEqualTo("DAY");
        assertThat(q.timeZone).isEqualTo("Europe/Berlin");
        assertThat(q.subjects).containsExactly("a", "b");
        assertThat(q.groupBy).containsExactly("model", "region"); // subject reserved; filtered keys kept
        assertThat(q.filters).containsOnlyKeys("region");
        UsageQuery d = UsageQuery.fromParams(TOKENS, params(), NOW);
        assertThat(d.from).isEqualTo(Instant.EPOCH);
        assertThat(d.windowSize).isNull();
        assertThat(d.timeZone).isEqualTo("UTC");
    }

    @Test
    void badParametersAreNamed() {
        String[][] cases = {
            {"from", "yesterday"}, {"to", "2026-13-01T00:00:00Z"}, {"windowSize", "WEEK"}, {"groupBy", "colour"},
            {"filterGroupBy[colour]", "red"}, {"limit", "3"}, {"subject", ""}};
        for (String[] c : cases) {
            UsageQuery.ParameterException e = catchThrowableOfType(UsageQuery.ParameterException.class,
                    () -> UsageQuery.fromParams(TOKENS, params(c[0], c[1]), NOW));
            assertThat(e).as(c[0]).isNotNull();
            assertThat(e.parameter).isEqualTo(c[0]);
        }
        UsageQuery.ParameterException order = catchThrowableOfType(UsageQuery.ParameterException.class,
                () -> UsageQuery.fromParams(TOKENS, params("from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z"), NOW));
        assertThat(order.parameter).isEqualTo("from");
        UsageQuery.ParameterException twice = catchThrowableOfType(UsageQuery.ParameterException.class,
                () -> UsageQuery.fromParams(TOKENS, params("from", "2026-11-01T00:00:00Z", "from", "2026-11-02T00:00:00Z"), NOW));
        assertThat(twice.parameter).isEqualTo("from");
    }

    @Test
    void jsonBodyIsOpenMetersMeterQueryRequest() throws Exception {
        UsageQuery q = UsageQuery.fromBody(TOKENS, ApiServer.JSON.readTree("{\"from\":\"2026-11-01T00:00:00Z\","
                + "\"to\":\"2026-12-01T00:00:00Z\",\"windowSize\":\"HOUR\",\"subject\":[\"a\"],\"groupBy\":[\"model\"],"
                + "\"filterGroupBy\":{\"region\":[\"eu\",\"us\"]}}"), NOW);
        assertThat(q.windowSize).isEqualTo("HOUR");
        assertThat(q.subjects).containsExactly("a");
        assertThat(q.filters.get("region")).containsExactly("eu", "us");
        UsageQuery.ParameterException e = catchThrowableOfType(UsageQuery.ParameterException.class,
                () -> UsageQuery.fromBody(TOKENS, ApiServer.JSON.readTree("{\"subject\":\"a\"}"), NOW));
        assertThat(e.parameter).isEqualTo("subject");
    }
}
