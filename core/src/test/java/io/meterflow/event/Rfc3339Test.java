package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {
    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-27T10:15:03Z", "2026-11-27t10:15:03z", "2026-11-27T10:15:03.1Z", "2026-11-27T10:15:03.123456789Z",
        "2026-11-27T11:15:03+01:00", "2026-11-27T04:45:03.5-05:30",
        "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z"})
    void parsesWhatJavaTimeParsesToTheSameMillis(String text) {
        long expected = OffsetDateTime.parse(text.toUpperCase()).toInstant().toEpochMilli();
        assertThat(Rfc3339.parseMillis(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-27 10:15:03Z", "2026-11-27T10:15Z", "2026-11-27T10:15:03", "2026-11-27T10:15:03.Z",
        "2026-11-27T10:15:03+0100", "2026-11-27T10:15:03+01",
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T10:15:60Z",
        "2026-11-27T10:15:03+19:00", "+2026-11-27T10:15:03Z", "2026-11-27T10:15:03ZZ", "２026-11-27T10:15:03Z", ""})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Rfc3339.parseMillis(text)).isInstanceOf(DateTimeException.class);
    }

    @org.junit.jupiter.api.Test
    void truncatesTheFractionToMillis() {
        assertThat(Rfc3339.parseMillis("2026-11-27T10:15:03.999999Z"))
                .isEqualTo(Instant.parse("2026-11-27T10:15:03.999Z").toEpochMilli());
        assertThat(Rfc3339.parseMillis("2026-11-27T10:15:03.123456789012345678Z")) // 18 digits: allowed
                .isEqualTo(Instant.parse("2026-11-27T10:15:03.123Z").toEpochMilli());
    }

    @org.junit.jupiter.api.Test
    void anyNumberOfFractionDigits() {
        assertThat(Rfc3339.parseMillis("2026-11-27T10:15:03.1234567890123456789Z")) // 19 digits
                .isEqualTo(Instant.parse("2026-11-27T10:15:03.123Z").toEpochMilli());
        assertThat(Rfc3339.parseMillis("2026-11-27T10:15:03." + "9".repeat(100) + "+01:00"))
                .isEqualTo(Instant.parse("2026-11-27T09:15:03.999Z").toEpochMilli());
    }

    /** RFC 3339 allows second 60 for a leap second; read as 23:59:59 plus the fraction, like ISO_INSTANT. */
    @org.junit.jupiter.api.Test
    void leapSecondAtTheEndOfAUtcDay() {
        assertThat(Rfc3339.parseMillis("2016-12-31T23:59:60Z"))
                .isEqualTo(Instant.parse("2016-12-31T23:59:59Z").toEpochMilli());
        assertThat(Rfc3339.parseMillis("2016-12-31T23:59:60.5Z"))
                .isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.parse("2016-12-31T23:59:60.5Z",
                        Instant::from).toEpochMilli());
        assertThat(Rfc3339.parseMillis("2016-12-31T15:59:60-08:00"))
                .isEqualTo(Instant.parse("2016-12-31T23:59:59Z").toEpochMilli());
        for (String notLeap : new String[] {"2016-12-31T23:58:60Z", "2016-12-31T23:59:60+01:00", "2016-12-31T23:59:61Z"}) {
            assertThatThrownBy(() -> Rfc3339.parseMillis(notLeap)).as(notLeap).isInstanceOf(DateTimeException.class);
        }
    }
}
