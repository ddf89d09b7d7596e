package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationTest {
    private static final UsagePeriod DECEMBER = new UsagePeriod(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));

    @Test
    void theIdDependsOnWhatTheNotificationIsAboutOnly() {
        String id = NotificationId.of("quota", "cust-1", "api_calls", DECEMBER.start(), "80%");
        assertThat(id).matches("ntf_[0-9a-f]{32}").isEqualTo(NotificationId.of("quota", "cust-1", "api_calls", DECEMBER.start(), "80%"));
        Set<String> others = new HashSet<>(List.of(id,
                NotificationId.of("quota2", "cust-1", "api_calls", DECEMBER.start(), "80%"),
                NotificationId.of("quota", "cust-2", "api_calls", DECEMBER.start(), "80%"),
                NotificationId.of("quota", "cust-1", "api_call", DECEMBER.start(), "80%"),
                NotificationId.of("quota", "cust-1", "api_calls", DECEMBER.end(), "80%"),
                NotificationId.of("quota", "cust-1", "api_calls", DECEMBER.start(), "100%"),
                NotificationId.reset("quota", "cust-1", "api_calls", DECEMBER.start()),
                // Field boundaries are length-prefixed: shifting text from one field to the next changes the id.
                NotificationId.of("quot", "acust-1", "api_calls", DECEMBER.start(), "80%")));
        assertThat(others).hasSize(8);
    }

    @Test
    void aCrossingIsAStructuredCloudEventWithEverythingTheReceiverNeeds() throws Exception {
        ThresholdEvaluator.Crossing c = new ThresholdEvaluator.Crossing(Threshold.parse("80%"), new BigDecimal("8000"));
        Notification n = Notification.crossing("quota", "cust-1", "api_calls", DECEMBER, new BigDecimal("10000"), c,
                new BigDecimal("8004.5"), Instant.parse("2026-12-14T10:11:12Z"), "evt-42");
        JsonNode j = new ObjectMapper().readTree(n.toJson());
        assertThat(j.get("specversion").asText()).isEqualTo("1.0");
        assertThat(j.get("type").asText()).isEqualTo("io.meterflow.notification.threshold");
        assertThat(j.get("id").asText()).isEqualTo(NotificationId.of("quota", "cust-1", "api_calls", DECEMBER.start(), "80%@8000"));
        assertThat(j.get("time").asText()).isEqualTo("2026-12-14T10:11:12Z");
        JsonNode d = j.get("data");
        assertThat(d.get("periodStart").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(d.get("limit").toString()).isEqualTo("10000");
        assertThat(d.get("threshold").asText()).isEqualTo("80%");
        assertThat(d.get("thresholdValue").toString()).isEqualTo("8000");
        assertThat(d.get("usage").toString()).isEqualTo("8004.5");
        assertThat(d.get("eventId").asText()).isEqualTo("evt-42");
        assertThat(Notification.fromJson(n.toJson())).isEqualTo(n);
        assertThat(n.toJson()).as("a replay writes the same bytes").isEqualTo(Notification.fromJson(n.toJson()).toJson());
    }

    @Test
    void aReArmedThresholdCrossedAtANewLevelIsANewNotification() {
        Threshold t = Threshold.parse("80%");
        String before = NotificationId.threshold("q", "s", "m", DECEMBER.start(), new ThresholdEvaluator.Crossing(t, new BigDecimal("800")));
        String after = NotificationId.threshold("q", "s", "m", DECEMBER.start(), new ThresholdEvaluator.Crossing(t, new BigDecimal("1200")));
        assertThat(after).isNotEqualTo(before);
        assertThat(NotificationId.threshold("q", "s", "m", DECEMBER.start(), new ThresholdEvaluator.Crossing(t, new BigDecimal("800.00"))))
                .isEqualTo(before);
    }

    @Test
    void aResetNamesThePeriodThatBegins() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Notification.reset("quota", "cust-1", "api_calls", DECEMBER, null).toJson());
        assertThat(j.get("type").asText()).isEqualTo("io.meterflow.notification.reset");
        assertThat(j.get("time").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(j.get("data").has("limit")).isFalse();
        assertThat(j.get("data").get("usage").toString()).isEqualTo("0");
    }

    @Test
    void somethingElseIsNotANotification() {
        assertThatThrownBy(() -> Notification.fromJson("{\"id\":1}")).isInstanceOf(IllegalArgumentException.class);
    }
}
