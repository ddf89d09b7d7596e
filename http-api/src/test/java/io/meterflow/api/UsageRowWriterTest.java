package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class UsageRowWriterTest {
    private interface Rows {
        void write(UsageRowWriter w) throws Exception;
    }

    private static String json(Rows rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = ApiServer.JSON.createGenerator(out)) {
            g.writeStartArray();
            rows.write(new UsageRowWriter(g));
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A packed hour writes what its minutes written one by one write, whatever the year, minutes and values. */
    @Property(tries = 400)
    void aPackedHourIsItsMinutes(@ForAll @LongRange(min = -100_000, max = 200_000_000) long hours, @ForAll long seed)
            throws Exception {
        Random random = new Random(seed);
        Instant hour = Instant.EPOCH.plus(hours, ChronoUnit.HOURS);
        List<Integer> minutes = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            if (random.nextInt(3) > 0) {
                minutes.add(m);
                values.add(random.nextInt(8) == 0 ? null
                        : new java.math.BigDecimal(java.math.BigInteger.valueOf(random.nextLong()), random.nextInt(12) - 2)
                                .toPlainString());
            }
        }
        SerializedString tail = UsageRowWriter.tail("acme \"eu\" ✓", "{\"model\":\"gpt\"}");
        String packed = json(w -> w.packed(pg(hour), "{" + join(minutes) + "}",
                "{" + join(values.stream().map(v -> v == null ? "NULL" : v).toList()) + "}", tail));
        String oneByOne = json(w -> {
            for (int i = 0; i < minutes.size(); i++) {
                Instant t = hour.plus(minutes.get(i), ChronoUnit.MINUTES);
                w.row(values.get(i), pg(t), pg(t.plus(1, ChronoUnit.MINUTES)), tail);
            }
        });
        assertThat(packed).isEqualTo(oneByOne);
        assertThat(ApiServer.JSON.readTree(packed)).hasSize(minutes.size());
    }

    @Test
    void rowsAreOpenMetersShape() throws Exception {
        String out = json(w -> {
            w.row("12.50", "2026-10-01 23:59:00+00", "2026-10-02 00:00:00+00", UsageRowWriter.tail("a", "{}"));
            w.packed("2026-12-31 23:00:00+00", "{58,59}", "{-1,NULL}", UsageRowWriter.tail("b", "{\"k\":null}"));
        });
        assertThat(out).isEqualTo("["
                + "{\"value\":12.50,\"windowStart\":\"2026-10-01T23:59:00Z\",\"windowEnd\":\"2026-10-02T00:00:00Z\","
                + "\"subject\":\"a\",\"groupBy\":{}},"
                + "{\"value\":-1,\"windowStart\":\"2026-12-31T23:58:00Z\",\"windowEnd\":\"2026-12-31T23:59:00Z\",\"subject\":\"b\",\"groupBy\":{\"k\":null}},"
                + "{\"value\":null,\"windowStart\":\"2026-12-31T23:59:00Z\",\"windowEnd\":\"2027-01-01T00:00:00Z\","
                + "\"subject\":\"b\",\"groupBy\":{\"k\":null}}]");
    }

    @Test
    void notANumberIsRefusedNotWritten() {
        assertThatThrownBy(() -> json(w -> w.packed("2026-10-01 00:00:00+00", "{0}", "{NaN}", UsageRowWriter.tail("a", "{}"))))
                .isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> json(w -> w.packed("2026-10-01 00:00:00+00", "{0,1}", "{1}", UsageRowWriter.tail("a", "{}"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void arrayTexts() {
        assertThat(PgArrayText.smallints("{}")).isEmpty();
        assertThat(PgArrayText.smallints("{0,7,59,-3}")).containsExactly(0, 7, 59, -3);
        assertThat(PgArrayText.numerics("{}")).isEmpty();
        assertThat(PgArrayText.numerics("{1.5,NULL,-2}")).containsExactly(1, 4, -1, 9, 10, 12);
        for (String bad : new String[] {"", "{", "0,1", "{1,,2}", "{\"1\"}", "{{1}}", "{1, 2}", "{a}", "{123456}"}) {
            assertThatThrownBy(() -> PgArrayText.smallints(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {"", "{", "{1,,2}", "{\"1\"}", "{{1}}", "{1, 2}"}) {
            assertThatThrownBy(() -> PgArrayText.numerics(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** PostgreSQL writes years past 9999 without a sign. */
    private static String pg(Instant t) {
        return UtcTextTest.pgText(t).replaceFirst("^\\+", "");
    }

    private static String join(List<?> items) {
        StringBuilder b = new StringBuilder();
        for (Object o : items) {
            b.append(b.length() == 0 ? "" : ",").append(o);
        }
        return b.toString();
    }
}
