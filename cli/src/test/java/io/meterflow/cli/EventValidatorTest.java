package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.CloudEventDecoder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private static final long NOW = java.time.Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();

    private final MeterflowConfig config = MeterflowConfig.parse(
            MeterflowCliTest.validConfig("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:5432/m"), Map.of());
    private final EventValidator validator = new EventValidator(
            new CloudEventDecoder(config.events().decoderSettings(java.time.Clock.fixed(
                    java.time.Instant.ofEpochMilli(NOW), java.time.ZoneOffset.UTC))),
            config.meterCatalog(), "events");

    private static String event(String type, String subject, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"//test\",\"type\":\"" + type + "\""
                + (subject == null ? "" : ",\"subject\":\"" + subject + "\"")
                + ",\"time\":\"2024-05-01T11:00:00Z\",\"data\":" + data + "}";
    }

    @Test
    void validEventIsKeyedBySubject() {
        EventValidator.Verdict v = validator.judge(1, event("llm.completion", "acme", "{\"model\":\"m\",\"usage\":{\"total_tokens\":5}}"), NOW);
        assertThat(v.valid()).isTrue();
        assertThat(v.subject()).isEqualTo("acme");
        assertThat(v.unmatched()).isFalse();
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void missingSubjectIsInvalidWithTheDecoderReason() {
        EventValidator.Verdict v = validator.judge(7, event("api.request", null, "{}"), NOW);
        assertThat(v.valid()).isFalse();
        assertThat(v.lineNumber()).isEqualTo(7);
        assertThat(v.problems()).singleElement().asString().startsWith("MISSING_ATTRIBUTE").contains("subject");
    }

    @Test
    void malformedJsonIsInvalid() {
        EventValidator.Verdict v = validator.judge(2, "{\"specversion\": ", NOW);
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().asString().startsWith("MALFORMED_JSON");
    }

    @Test
    void meterSpecificProblemNamesTheMeter() {
        EventValidator.Verdict v = validator.judge(3, event("llm.completion", "acme", "{\"usage\":{\"total_tokens\":\"lots\"}}"), NOW);
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().asString().contains("llm_tokens").startsWith("NON_NUMERIC_VALUE");
    }

    @Test
    void eventOfNoMeterIsValidButUnmatched() {
        EventValidator.Verdict v = validator.judge(4, event("something.else", "acme", "{}"), NOW);
        assertThat(v.valid()).isTrue();
        assertThat(v.unmatched()).isTrue();
    }

    @Test
    void futureEventIsRejectedLikeTheJobWould() {
        String future = event("api.request", "acme", "{}").replace("2024-05-01T11:00:00Z", "2024-05-02T11:00:00Z");
        EventValidator.Verdict v = validator.judge(5, future, NOW);
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().asString().startsWith("FUTURE_TIME");
    }

    /**
     * The poison pills the job rejects are refused by publish too, with the same reasons; the
     * inputs that count are valid. (The JSON escapes are written as a producer would send them.)
     */
    @Test
    void poisonPillsAreJudgedAsTheJobJudgesThem() {
        String yaml = MeterflowCliTest.validConfig("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:5432/m")
                + "  - slug: users\n    eventType: api.request\n    aggregation: UNIQUE_COUNT\n    valueProperty: $.user\n"
                + "events:\n  maxSubjectBytes: 600\n  maxUniqueValueBytes: 400\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MeterflowConfig.parse(
                yaml.replace("  maxUniqueValueBytes: 400\n", ""), Map.of()))
                .hasMessageContaining("maxSubjectBytes + maxGroupValuesBytes + maxUniqueValueBytes is 2136, at most 2048");
        MeterflowConfig c = MeterflowConfig.parse(yaml, Map.of());
        assertThat(c.events().keyLimits().maxSubjectBytes()).isEqualTo(600);
        EventValidator v = new EventValidator(new CloudEventDecoder(c.events().decoderSettings(java.time.Clock.fixed(
                java.time.Instant.ofEpochMilli(NOW), java.time.ZoneOffset.UTC))), c.meterCatalog(), "events");
        String llm = "{\"model\":\"m\",\"usage\":{\"total_tokens\":5}}";
        String x3k = "x".repeat(3000);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(event("api.request", x3k, "{}"), "ATTRIBUTE_TOO_LONG: subject is 3000 bytes (UTF-8), limit 600");
        expected.put(event("api.request", "y".repeat(601), "{}"), "ATTRIBUTE_TOO_LONG");
        expected.put(event("api.request", "acme-\\ud83d", "{}"), "INVALID_UNICODE: subject contains a lone UTF-16 surrogate");
        expected.put(event("api.request", "acme\\u0000", "{}"), "INVALID_UNICODE: subject contains NUL");
        expected.put(event("api.request", "acme", "{}").replace("\"id\":\"1\"", "\"id\":\"evt-\\ud83d\""),
                "INVALID_UNICODE: id contains a lone UTF-16 surrogate");
        expected.put(event("llm.completion", "acme", "{\"model\":\"" + x3k + "\",\"usage\":{\"total_tokens\":5}}"),
                "GROUP_VALUE_TOO_LONG for meter llm_tokens");
        expected.put(event("llm.completion", "acme", "{\"model\":\"m\\ud83d\",\"usage\":{\"total_tokens\":5}}"),
                "INVALID_UNICODE for meter llm_tokens");
        expected.put(event("api.request", "acme", "{\"user\":\"" + x3k + "\"}"), "VALUE_TOO_LONG for meter users");
        expected.put(event("api.request", "acme", "{\"user\":\"u\\u0000\"}"), "INVALID_UNICODE for meter users");
        expected.put(event("llm.completion", "acme", llm.replace("5}", "1e-20000}")), "VALUE_OUT_OF_RANGE for meter llm_tokens");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            EventValidator.Verdict verdict = v.judge(1, e.getKey(), NOW);
            assertThat(verdict.valid()).as(e.getValue()).isFalse();
            assertThat(verdict.problems()).as(e.getValue()).singleElement().asString().startsWith(e.getValue());
        }
        for (String ok : new String[] {
                event("llm.completion", "acme", llm.replace("5}", "0e-20000}")),
                event("llm.completion", "acme", llm.replace("5}", "0e-999999999}")),
                event("llm.completion", "acme", llm.replace("5}", "9e1000}")),
                event("api.request", "acme\\ufffd", "{\"user\":\"u?\"}"),
                event("api.request", "acme", "{\"user\":\"u\"}").replace("\"id\":\"1\"", "\"id\":\"evt-?\""),
                event("api.request", "y".repeat(600), "{\"user\":\"u\"}").replace("2024-05-01T11:00:00Z", "2024-04-30T23:59:60Z"),
                event("api.request", "acme", "{\"user\":\"u\"}").replace("11:00:00Z", "11:00:00.1234567890123456789Z")}) {
            EventValidator.Verdict verdict = v.judge(2, ok, NOW);
            assertThat(verdict.problems()).as(ok.substring(0, Math.min(ok.length(), 200))).isEmpty();
            assertThat(verdict.valid()).isTrue();
        }
    }
}
