package io.meterflow.meter;

import static io.meterflow.meter.MeterCatalogTest.meter;
import static io.meterflow.meter.MeterCatalogTest.one;
import static io.meterflow.meter.MeterCatalogTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Values that reach a key or a numeric column: ranges, lengths in UTF-8 bytes, one string encoding. */
class MeterKeyLimitsTest {
    private static final MeterDefinition SUM = meter("tokens", "llm", Aggregation.SUM, "$.tokens", null);
    private static final MeterDefinition USERS = meter("users", "llm", Aggregation.UNIQUE_COUNT, "$.user", null);
    private static final MeterDefinition GROUPED =
            meter("calls", "llm", Aggregation.COUNT, null, Map.of("model", "$.model", "region", "$.region"));

    private static String random(int chars) {
        Random r = new Random(chars);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            b.append((char) ('#' + r.nextInt(50)));
        }
        return b.toString();
    }

    @Test
    void extremeZerosCountAsZero() {
        for (String zero : new String[] {"0e-20000", "\"0e-20000\"", "0E-999999999", "-0e+999999999"}) {
            UsageRecord r = one(SUM, "{\"tokens\":" + zero + "}");
            assertThat(r.kind).as(zero).isEqualTo(UsageRecord.Kind.METERED);
            assertThat(r.value).as(zero).isEqualTo(BigDecimal.ZERO);
        }
        assertThat(one(SUM, "{\"tokens\":0.00}").value.scale()).isEqualTo(2); // in range: scale kept
        assertThat(one(USERS, "{\"user\":0e-20000}").uniqueValue).isEqualTo("0");
    }

    @Test
    void nonZeroValuesOutOfRangeAreRejected() {
        UsageRecord r = one(SUM, "{\"tokens\":1e-20000}");
        assertThat(reason(r)).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(r.rejection.detail).contains("exponent -20000");
    }

    @Test
    void longUniqueValuesAreTooLong() {
        assertThat(reason(one(USERS, "{\"user\":\"" + random(3000) + "\"}"))).isEqualTo("VALUE_TOO_LONG");
        assertThat(one(USERS, "{\"user\":\"" + "é".repeat(256) + "\"}").uniqueValue).hasSize(256); // 512 bytes
        assertThat(reason(one(USERS, "{\"user\":\"" + "é".repeat(256) + "x\"}"))).isEqualTo("VALUE_TOO_LONG");
        assertThat(reason(one(USERS, "{\"user\":1e1000}"))).isEqualTo("VALUE_TOO_LONG"); // 1001 digits as text
    }

    @Test
    void longGroupValuesAreTooLong() {
        UsageRecord r = one(GROUPED, "{\"model\":\"" + random(3000) + "\"}");
        assertThat(reason(r)).isEqualTo("GROUP_VALUE_TOO_LONG");
        assertThat(r.rejection.detail).isEqualTo("groupBy.model is 3000 bytes (UTF-8), limit 256");
        assertThat(reason(one(GROUPED, "{\"model\":{\"a\":\"" + random(300) + "\"}}"))).isEqualTo("GROUP_VALUE_TOO_LONG");
        assertThat(one(GROUPED, "{\"model\":\"" + "x".repeat(256) + "\"}").kind).isEqualTo(UsageRecord.Kind.METERED);
        Map<String, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            many.put("g" + i, "$.v" + i);
        }
        MeterDefinition wide = meter("wide", "llm", Aggregation.COUNT, null, many);
        StringBuilder data = new StringBuilder("{");
        for (int i = 0; i < 6; i++) {
            data.append(i == 0 ? "" : ",").append("\"v").append(i).append("\":\"").append("y".repeat(200)).append('"');
        }
        UsageRecord w = one(wide, data.append('}').toString());
        assertThat(reason(w)).isEqualTo("GROUP_VALUE_TOO_LONG");
        assertThat(w.rejection.detail).startsWith("group values are ").endsWith("bytes as JSON (UTF-8), limit 1024");
    }

    @Test
    void loneSurrogatesAndNulInGroupAndUniqueValuesAreInvalidUnicode() {
        assertThat(reason(one(GROUPED, "{\"model\":\"m-\\ud83d\"}"))).isEqualTo("INVALID_UNICODE");
        assertThat(reason(one(GROUPED, "{\"region\":\"a\\u0000b\"}"))).isEqualTo("INVALID_UNICODE");
        assertThat(reason(one(USERS, "{\"user\":\"u-\\udc00\"}"))).isEqualTo("INVALID_UNICODE");
        assertThat(reason(one(USERS, "{\"user\":\"u\\u0000\"}"))).isEqualTo("INVALID_UNICODE");
        assertThat(reason(one(GROUPED, "{\"model\":[\"\\ud83d\"]}"))).isEqualTo("INVALID_UNICODE");
        // Inside an object NUL is escaped text; U+FFFD and surrogate pairs are ordinary text.
        assertThat(one(GROUPED, "{\"model\":{\"k\":\"\\u0000\"}}").groupValues)
                .isEqualTo("{\"model\":\"{\\\"k\\\":\\\"\\\\u0000\\\"}\",\"region\":null}");
        assertThat(one(USERS, "{\"user\":\"u\\ufffd\"}").uniqueValue).isEqualTo("u\uFFFD");
        assertThat(one(GROUPED, "{\"model\":\"\\ud83d\\ude00\"}").kind).isEqualTo(UsageRecord.Kind.METERED);
    }

    /**
     * Whatever the meters accept, from arbitrary decimals: extreme scales (0E-999999999, 1E-20000)
     * included, mapped through the production check so the property covers exactly what reaches the writer.
     */
    @Provide
    Arbitrary<BigDecimal> accepted() {
        Arbitrary<Integer> scales = Arbitraries.oneOf(Arbitraries.integers().between(-3000, 3000),
                Arbitraries.of(999_999_999, -999_999_999, 20_000, -20_000, 1000, -1000, 1999));
        Arbitrary<BigDecimal> general = Combinators.combine(
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(999).negate(), java.math.BigInteger.TEN.pow(999)),
                scales)
                .as((unscaled, scale) -> new BigDecimal(unscaled, scale));
        Arbitrary<BigDecimal> extremes = Arbitraries.of("9e1000", "-9e1000", "1e-1000", "1.5e-1000", "0e-1000",
                "0e1000", "9".repeat(1000) + "e1", "0.000", "1", "0e-20000", "0E-999999999").map(BigDecimal::new);
        return Arbitraries.oneOf(general, extremes)
                .map(v -> MeterValues.numeric(com.fasterxml.jackson.databind.node.DecimalNode.valueOf(v), "$.v"))
                .filter(MeterValues.Result::ok)
                .map(r -> r.number);
    }

    /** WindowDelta's arithmetic never throws for accepted values, and sums stay within PostgreSQL numeric. */
    @Property(tries = 300)
    void acceptedValuesNeverBreakTheWriter(
            @ForAll @net.jqwik.api.constraints.Size(max = 30) java.util.List<@net.jqwik.api.From("accepted") BigDecimal> values) {
        WindowDelta sum = new WindowDelta(Aggregation.SUM, 60_000);
        WindowDelta max = new WindowDelta(Aggregation.MAX, 60_000);
        for (BigDecimal v : values) {
            UsageRecord r = UsageRecord.metered("m", Aggregation.SUM, "s", "{}",
                    io.meterflow.aggregate.WindowSize.MINUTE, 1, v, null, 0, 1);
            sum.add(r);
            max.add(r);
        }
        sum.merge(sum);
        if (sum.sum() != null) {
            assertThat(sum.sum().scale()).isLessThanOrEqualTo(16383);
            assertThat((long) sum.sum().precision() - sum.sum().scale()).isLessThanOrEqualTo(131072);
        }
    }
}
