package io.meterflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meterflow.limit.PeriodUnit;
import io.meterflow.limit.Threshold;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationsConfigTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static String with(String notifications) {
        return MeterflowConfigTest.MINIMAL + "notifications:\n" + notifications;
    }

    @Test
    void aRuleBindsWithItsThresholdsSortedAndItsPeriod() throws Exception {
        MeterflowConfig c = MeterflowConfig.parse(with(String.join("\n",
                "  topic: notes",
                "  delivery: { maxRetryTime: 1h, initialBackoff: 200ms }",
                "  rules:",
                "    - name: quota",
                "      meter: calls",
                "      thresholds: [100%, 10000, 50%, 12.5%, 80%]",
                "      period: DAY",
                "      timeZone: Europe/Berlin",
                "      anchor: 2026-01-17T09:00",
                "      channels:",
                "        - url: https://hooks.example.com/meterflow?token=t0ken",
                "          secretEnv: HOOK_SECRET",
                "")), Map.of("HOOK_SECRET", SECRET));
        NotificationsConfig n = c.notifications();
        assertThat(n.topic()).isEqualTo("notes");
        assertThat(n.limitsTopic()).isEqualTo(NotificationsConfig.DEFAULT_LIMITS_TOPIC);
        assertThat(n.delivery().maxRetryTime()).isEqualTo(Duration.ofHours(1));
        assertThat(n.delivery().initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(n.delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        NotificationsConfig.Rule r = n.rule("quota");
        assertThat(r.meter()).isEqualTo("calls");
        assertThat(r.thresholds()).extracting(Threshold::text).containsExactly("12.5%", "50%", "80%", "100%", "10000");
        assertThat(r.schedule().unit()).isEqualTo(PeriodUnit.DAY);
        assertThat(r.schedule().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(r.schedule().anchor()).isEqualTo(LocalDateTime.of(2026, 1, 17, 9, 0));
        assertThat(r.channels().get(0).secret().reveal()).isEqualTo(SECRET);
        assertThat(c.toString()).doesNotContain(SECRET).doesNotContain("t0ken").contains("https://hooks.example.com/meterflow");
        // Shipped to operators with the rest of the configuration.
        new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c);
    }

    @Test
    void withoutTheSectionThereAreNoRulesAndTheDefaultTopics() {
        NotificationsConfig n = MeterflowConfig.parse(MeterflowConfigTest.MINIMAL, Map.of()).notifications();
        assertThat(n.rules()).isEmpty();
        assertThat(n.topic()).isEqualTo("meterflow-notifications");
        assertThat(n.rule("quota")).isNull();
    }

    @Test
    void everyBadRuleIsReportedAtOnceWithItsPath() {
        String tooMany = "[" + String.join(", ", Collections.nCopies(1001, "5")) + "]";
        String yaml = with(String.join("\n",
                "  topic: events",
                "  delivery: { initialBackoff: 1m, maxBackoff: 1s }",
                "  rules:",
                "    - name: Quota!",
                "      meter: nope",
                "      thresholds: [80%, lots, -5, 80.0%, { a: 1 }, 0%]",
                "      timeZone: Mars/Olympus",
                "      channels: [ { url: 'ftp://x', secret: 'hunter2-hunter2' } ]",
                "    - name: empty",
                "      meter: calls",
                "      thresholds: []",
                "      period: YEAR",
                "      channels: []",
                "    - name: many",
                "      meter: calls",
                "      thresholds: " + tooMany,
                "      anchor: the 17th",
                "      channels: [ { url: 'https://h', secret: '" + SECRET + "', secretEnv: X } ]",
                "    - name: empty",
                "      meter: calls",
                "      thresholds: [1]",
                "      channels: [ { url: 'https://h', secretEnv: MISSING } ]",
                "    - name: unsigned",
                "      meter: calls",
                "      thresholds: 80%",
                "      channels: [ { url: 'https://h' } ]",
                ""));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "notifications: topic and limitsTopic must differ from kafka.topic (they would be read as events)",
                "notifications.delivery.maxBackoff: must be at least initialBackoff",
                "notifications.rules[0].name: must match ^(?=.{1,64}$)[a-z0-9]+(?:[_-][a-z0-9]+)*$ (at most 64 characters), got 'Quota!'",
                "notifications.rules[0].meter: unknown meter 'nope' (meters: calls)",
                "notifications.rules[0].thresholds[1]: a threshold must be a number or a percentage such as 80%, got 'lots'",
                "notifications.rules[0].thresholds[2]: a threshold cannot be negative, got '-5'",
                "notifications.rules[0].thresholds[3]: duplicate of notifications.rules[0].thresholds[0]",
                "notifications.rules[0].thresholds[4]: must be a number or a percentage such as 80%",
                "notifications.rules[0].thresholds[5]: a percentage threshold must be above 0%, got '0%'",
                "notifications.rules[0].timeZone: unknown time zone 'Mars/Olympus' (use an IANA id such as Europe/Berlin)",
                "notifications.rules[0].channels[0].url: must be an http:// or https:// URL with a host",
                "notifications.rules[0].channels[0].secret: must start with whsec_ (a Standard Webhooks secret: whsec_ + base64 of 24 to 64 bytes)",
                "notifications.rules[1].thresholds: must list at least one threshold, such as [80%, 100%]",
                "notifications.rules[1].period: period must be one of MONTH, WEEK, DAY, HOUR, got 'YEAR'",
                "notifications.rules[1].channels: must list at least one channel (url, secret)",
                "notifications.rules[2].thresholds: must list at most 1000 thresholds, got 1001",
                "notifications.rules[2].anchor: anchor must be a local date-time such as 2026-01-17T09:00, got 'the 17th'",
                "notifications.rules[2].channels[0].secret: set either secret or secretEnv, not both",
                "notifications.rules[3].name: duplicate of notifications.rules[1]",
                "notifications.rules[3].channels[0].secretEnv: environment variable MISSING is not set",
                "notifications.rules[4].thresholds: must be a list such as [50%, 80%, 100%, 10000]",
                "notifications.rules[4].channels[0].secret: is required (or secretEnv): webhooks are always signed");
        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain(SECRET);
    }

    @Test
    void thresholdsNeedAnAdditiveMeter() {
        String yaml = String.join("\n",
                "kafka: { bootstrapServers: 'k:9092', topic: events }",
                "postgres: { url: 'jdbc:postgresql://db/m' }",
                "meters: [ { slug: latency, eventType: api.request, aggregation: AVG, valueProperty: $.ms } ]",
                "notifications:",
                "  rules:",
                "    - name: slow",
                "      meter: latency",
                "      thresholds: [500]",
                "      channels: [ { url: 'https://h', secret: '" + SECRET + "' } ]",
                "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.problems()).containsExactly("notifications.rules[0].meter: thresholds need a COUNT or SUM meter; 'latency' is AVG");
    }
}
