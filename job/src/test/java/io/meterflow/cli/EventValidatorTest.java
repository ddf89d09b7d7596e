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
}
