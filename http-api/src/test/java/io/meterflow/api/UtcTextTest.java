package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UtcTextTest {
    private static final DateTimeFormatter PG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What PostgreSQL prints for a timestamptz with TimeZone = UTC: microseconds, trailing zeros trimmed. */
    static String pgText(Instant t) {
        String s = PG.format(t);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String f = String.format("%06d", micros).replaceAll("0+$", "");
            s += "." + f;
        }
        return s + "+00";
    }

    @Property(tries = 3000)
    void writesWhatInstantToStringWrites(@ForAll @LongRange(min = 0, max = 253_402_300_799_999_999L) long micros) {
        Instant t = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        char[] out = new char[UtcText.MAX];
        int n = UtcText.iso(pgText(t), out);
        assertThat(new String(out, 0, n)).isEqualTo(t.toString());
    }

    @Property(tries = 500)
    void wholeMinutesToo(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long minutes) {
        Instant t = Instant.EPOCH.plus(minutes, ChronoUnit.MINUTES);
        char[] out = new char[UtcText.MAX];
        assertThat(new String(out, 0, UtcText.iso(pgText(t), out))).isEqualTo(t.toString());
    }

    @Test
    void otherFormsAreLeftToTheCaller() {
        char[] out = new char[UtcText.MAX];
        for (String s : new String[] {"2026-10-01 00:00:00+01", "2026-10-01 00:00:00+05:30", "12026-10-01 00:00:00+00",
            "0044-03-15 00:00:00+00 BC", "2026-10-01T00:00:00Z", "2026-10-01 00:00:00.+00", "2026-1x-01 00:00:00+00", ""}) {
            assertThat(UtcText.iso(s, out)).as(s).isEqualTo(-1);
        }
    }
}
