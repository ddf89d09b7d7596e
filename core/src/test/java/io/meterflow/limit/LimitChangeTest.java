package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitChangeTest {
    @Test
    void theKeyBytesAreFixedSoCompactionKeepsOneRecordPerPair() {
        assertThat(new String(LimitChange.key("api_calls", "cust-1"), StandardCharsets.UTF_8))
                .isEqualTo("{\"meter\":\"api_calls\",\"subject\":\"cust-1\"}");
        assertThat(new String(LimitChange.key("api_calls", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"meter\":\"api_calls\",\"subject\":null}");
    }

    @Test
    void aValueCarriesTheLimitAndItsPeriodBack() {
        Limit l = new Limit("api_calls", "cust-1", new BigDecimal("1E+4"),
                PeriodSchedule.parse("MONTH", "Europe/Berlin", "2026-01-17T09:00"));
        Instant reset = Instant.parse("2026-12-01T10:00:00Z");
        byte[] v = LimitChange.value(l, reset, Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(new String(v, StandardCharsets.UTF_8)).contains("\"limit\":10000", "\"anchor\":\"2026-01-17T09:00:00\"");
        LimitChange.Value back = LimitChange.readValue(v);
        assertThat(back.toLimit()).isEqualTo(l);
        assertThat(back.resetAt()).isEqualTo(reset);
        assertThat(LimitChange.readValue(LimitChange.resetOnly("m", "s", reset, reset)).toLimit()).isNull();
    }

    @Test
    void badLimitsAndBadRecordsAreRefused() {
        assertThatThrownBy(() -> Limit.parseValue("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Limit.parseValue("ten")).hasMessageContaining("'ten'");
        assertThatThrownBy(() -> Limit.parseValue("1e400")).hasMessageContaining("30 digits");
        assertThat(Limit.parseValue("1.50")).isEqualByComparingTo("1.5");
        assertThatThrownBy(() -> LimitChange.readValue("nope".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}
