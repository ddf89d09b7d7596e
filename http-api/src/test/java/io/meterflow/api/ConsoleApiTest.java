package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.config.MeterflowConfig;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline page's red state and numbers, and the rejected-events filter, without a server. */
class ConsoleApiTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final MeterflowConfig CONFIG = MeterflowConfig.parse(String.join("\n",
            "kafka: { bootstrapServers: '127.0.0.1:1', topic: events, groupId: g1 }",
            "postgres: { url: 'jdbc:postgresql://127.0.0.1:1/none' }",
            "checkpoint: { interval: 10s }",
            "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT }, { slug: other, eventType: x, aggregation: COUNT } ]",
            ""), Map.of());

    static ConsoleApi.Health health(long read, long rejected, long unmatched, long metered, Instant lastCommit) {
        return new ConsoleApi.Health(Map.of("events_read", read, "events_rejected", rejected, "events_unmatched", unmatched,
                "events_metered", metered), Map.of("calls", Map.of("counted", 7L, "duplicates", 2L)), lastCommit, NOW);
    }

    @Test
    void staleAfterThreeCheckpointIntervalsWithoutACommit() {
        Duration interval = Duration.ofSeconds(10);
        assertThat(ConsoleApi.stale(null, NOW, interval)).isTrue();
        assertThat(ConsoleApi.stale(NOW.minusSeconds(30), NOW, interval)).isFalse();
        assertThat(ConsoleApi.stale(NOW.minusSeconds(31), NOW, interval)).isTrue();
        assertThat(ConsoleApi.stale(NOW.minusSeconds(1), NOW, interval)).isFalse();
    }

    @Test
    void anOldCommitWithEventsWaitingIsStalledAndWithNoneWaitingIdle() {
        ConsoleApi.Health old = health(10, 1, 2, 7, NOW.minusSeconds(45));
        ObjectNode waiting = ConsoleApi.healthJson(CONFIG, old, Map.of(0, new long[] {100, 90}, 1, new long[] {5, 5}), null);
        assertThat(waiting.get("stalled").asBoolean()).isTrue();
        assertThat(waiting.get("idle").asBoolean()).isFalse();
        assertThat(waiting.get("partitions").get(0).get("lag").asLong()).isEqualTo(10);
        ObjectNode caughtUp = ConsoleApi.healthJson(CONFIG, old, Map.of(0, new long[] {100, 100}), null);
        assertThat(caughtUp.get("stalled").asBoolean()).isFalse();
        assertThat(caughtUp.get("idle").asBoolean()).isTrue();
        // Kafka unreachable: nothing says the job is caught up, so an old commit is red.
        ObjectNode noKafka = ConsoleApi.healthJson(CONFIG, old, null, "TimeoutException");
        assertThat(noKafka.get("stalled").asBoolean()).isTrue();
        assertThat(noKafka.get("kafka").asText()).isEqualTo("unreachable");
        // A partition the group never committed lags by all of it.
        ObjectNode never = ConsoleApi.healthJson(CONFIG, health(0, 0, 0, 0, null), Map.of(0, new long[] {3, -1}), null);
        assertThat(never.get("stalled").asBoolean()).isTrue();
        assertThat(never.get("partitions").get(0).get("lag").asLong()).isEqualTo(3);
        assertThat(never.get("partitions").get(0).get("committedOffset").isNull()).isTrue();
        ObjectNode fresh = ConsoleApi.healthJson(CONFIG, health(10, 1, 2, 7, NOW.minusSeconds(4)), Map.of(0, new long[] {100, 50}), null);
        assertThat(fresh.get("stalled").asBoolean()).isFalse();
        assertThat(fresh.get("lastCommitAgeSeconds").asDouble()).isEqualTo(4.0);
    }

    @Test
    void conservationAndCountersPerConfiguredMeter() {
        ObjectNode ok = ConsoleApi.healthJson(CONFIG, health(10, 1, 2, 7, NOW), Map.of(), null);
        assertThat(ok.get("balanced").asBoolean()).isTrue();
        assertThat(ok.get("meters")).hasSize(2);
        assertThat(ok.get("meters").get(0).get("slug").asText()).isEqualTo("calls");
        assertThat(ok.get("meters").get(0).get("counted").asLong()).isEqualTo(7);
        assertThat(ok.get("meters").get(1).get("counted").asLong()).isZero();
        assertThat(ok.get("consumerGroup").asText()).isEqualTo("g1");
        assertThat(ok.get("checkpointIntervalSeconds").asDouble()).isEqualTo(10.0);
        assertThat(ConsoleApi.healthJson(CONFIG, health(10, 1, 2, 6, NOW), Map.of(), null).get("balanced").asBoolean()).isFalse();
    }

    @Test
    void rejectedEventsFilterRefusesWhatItDoesNotKnow() {
        ConsoleApi.RejectionFilter f = ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap()
                .add("reason", "NON_NUMERIC_VALUE").add("meter", "").add("limit", "5"), NOW);
        assertThat(f.reason()).isEqualTo("NON_NUMERIC_VALUE");
        assertThat(f.meter()).as("empty = rejected before meter matching").isEmpty();
        assertThat(ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap(), NOW).meter()).as("absent = any meter").isNull();
        assertThat(f.limit()).isEqualTo(5);
        assertThat(f.from()).isEqualTo(NOW.minus(Duration.ofHours(72)));
        assertThatThrownBy(() -> ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap().add("hasError", "true"), NOW))
                .isInstanceOf(UsageQuery.ParameterException.class).hasMessageContaining("unknown");
        for (String limit : new String[] {"0", "201", "x"}) {
            assertThatThrownBy(() -> ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap().add("limit", limit), NOW))
                    .isInstanceOf(UsageQuery.ParameterException.class).hasMessageContaining("1..200");
        }
        assertThatThrownBy(() -> ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap()
                .add("from", "2026-12-02T00:00:00Z").add("to", "2026-12-01T00:00:00Z"), NOW))
                .isInstanceOf(UsageQuery.ParameterException.class);
        assertThatThrownBy(() -> ConsoleApi.RejectionFilter.of(MultiMap.caseInsensitiveMultiMap().add("from", "yesterday"), NOW))
                .hasMessageContaining("RFC 3339");
    }

    @Test
    void subjectIsReadFromAJsonPayloadOnly() {
        assertThat(ConsoleApi.subject("{\"subject\":\"c-1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("c-1");
        assertThat(ConsoleApi.subject("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
        assertThat(ConsoleApi.subject(null)).isNull();
        assertThat(ConsoleApi.subject("{\"subject\":5}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void theChartLibraryIsServedFromItsWebJar() {
        assertThat(new String(Console.webJar("echarts", "dist/echarts.min.js"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("echarts").hasSizeGreaterThan(100_000);
        assertThatThrownBy(() -> Console.webJar("no-such-lib", "x.js")).hasMessageContaining("missing");
    }
}
