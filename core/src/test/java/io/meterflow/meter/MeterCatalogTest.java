package io.meterflow.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.EventDigest;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.UsageEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeterCatalogTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final long T = Instant.parse("2024-05-01T11:58:30.123Z").toEpochMilli();

    static UsageEvent event(String type, String data) {
        try {
            JsonNode node = data == null ? null : JSON.readTree(data);
            IngestRecord r = new IngestRecord("events", 1, 7L, T, ("{\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8));
            return new UsageEvent("id-1", "/src", type, "cust", T, node, r, 0, r.value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MeterDefinition meter(String slug, String type, Aggregation agg, String value, Map<String, String> groupBy) {
        return new MeterDefinition(slug, type, agg, value, groupBy, WindowSize.MINUTE);
    }

    static List<UsageRecord> run(MeterCatalog c, UsageEvent e) {
        List<UsageRecord> out = new ArrayList<>();
        c.meter(e, out::add);
        return out;
    }

    static UsageRecord one(MeterDefinition m, String data) {
        List<UsageRecord> out = run(new MeterCatalog(List.of(m)), event(m.eventType(), data));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).firstOfEvent).isTrue();
        return out.get(0);
    }

    static String reason(UsageRecord r) {
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.REJECTED);
        return r.rejection.reason;
    }

    private static final MeterDefinition SUM = meter("tokens", "llm", Aggregation.SUM, "$.tokens", null);

    @Test
    void sumMeterEmitsMeteredRecord() {
        UsageRecord r = one(SUM, "{\"tokens\":12.50}");
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(r.meter).isEqualTo("tokens");
        assertThat(r.aggregation).isEqualTo(Aggregation.SUM);
        assertThat(r.subject).isEqualTo("cust");
        assertThat(r.value).isEqualTo(new BigDecimal("12.50"));
        assertThat(r.groupValues).isEqualTo("{}");
        assertThat(r.eventTime).isEqualTo(T);
        assertThat(r.windowStart).isEqualTo(Instant.parse("2024-05-01T11:58:00Z").toEpochMilli());
        assertThat(r.windowEnd).isEqualTo(Instant.parse("2024-05-01T11:59:00Z").toEpochMilli());
        EventDigest d = EventDigest.of("/src", "id-1");
        assertThat(r.digestHi).isEqualTo(d.hi());
        assertThat(r.digestLo).isEqualTo(d.lo());
    }

    @Test
    void decimalsAreExact() {
        BigDecimal a = one(SUM, "{\"tokens\":0.1}").value;
        BigDecimal b = one(SUM, "{\"tokens\":\"0.2\"}").value;
        assertThat(a.add(b)).isEqualByComparingTo("0.3");
        assertThat(a.add(b).toPlainString()).isEqualTo("0.3");
    }

    @Test
    void numericStringsAndIntegersAreAccepted() {
        assertThat(one(SUM, "{\"tokens\":\"12.50\"}").value).isEqualTo(new BigDecimal("12.50"));
        assertThat(one(SUM, "{\"tokens\":-3}").value).isEqualTo(new BigDecimal("-3"));
        assertThat(one(SUM, "{\"tokens\":123456789012345678901234567890}").value)
                .isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(one(SUM, "{\"tokens\":\"1e3\"}").value).isEqualByComparingTo("1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "{}", "[1]", "\"abc\"", "\"\"", "\" 1\"", "\"0x10\""})
    void nonNumericValues(String v) {
        assertThat(reason(one(SUM, "{\"tokens\":" + v + "}"))).isEqualTo("NON_NUMERIC_VALUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf"})
    void nonFiniteValues(String v) {
        assertThat(reason(one(SUM, "{\"tokens\":\"" + v + "\"}"))).isEqualTo("NON_FINITE_VALUE");
    }

    @Test
    void missingValues() {
        assertThat(reason(one(SUM, "{}"))).isEqualTo("MISSING_VALUE");
        assertThat(reason(one(SUM, "{\"tokens\":null}"))).isEqualTo("MISSING_VALUE");
    }

    @Test
    void outOfRangeValues() {
        UsageRecord tooManyDigits = one(SUM, "{\"tokens\":\"" + "9".repeat(1001) + "\"}");
        assertThat(reason(tooManyDigits)).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(tooManyDigits.rejection.detail).contains("out of range");
        assertThat(reason(one(SUM, "{\"tokens\":1e1001}"))).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(reason(one(SUM, "{\"tokens\":\"1e-1001\"}"))).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(reason(one(SUM, "{\"tokens\":1e999999999}"))).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(reason(one(SUM, "{\"tokens\":\"" + "1".repeat(100_000) + "\"}"))).isEqualTo("VALUE_OUT_OF_RANGE");
        assertThat(one(SUM, "{\"tokens\":1e1000}").kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(one(SUM, "{\"tokens\":\"" + "9".repeat(1000) + "\"}").kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(one(SUM, "{\"tokens\":0E-999999999}").value.signum()).isZero();
    }

    @Test
    void everyNumericAggregationReadsValues() {
        for (Aggregation a : new Aggregation[] {Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX,
                Aggregation.LATEST}) {
            MeterDefinition m = meter("m", "t", a, "$.v", null);
            assertThat(one(m, "{\"v\":2}").value).isEqualTo(new BigDecimal(2));
            assertThat(one(m, "{\"v\":2}").aggregation).isEqualTo(a);
            assertThat(reason(one(m, "{\"v\":false}"))).isEqualTo("NON_NUMERIC_VALUE");
        }
    }

    @Test
    void countReadsNothing() {
        MeterDefinition count = MeterDefinition.count("calls", "api");
        UsageRecord r = one(count, "\"not an object\"");
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(r.value).isNull();
        assertThat(r.uniqueValue).isNull();
        assertThat(one(count, null).kind).isEqualTo(UsageRecord.Kind.METERED);
    }

    @Test
    void uniqueCountCanonicalText() {
        MeterDefinition u = meter("users", "t", Aggregation.UNIQUE_COUNT, "$.user", null);
        assertThat(one(u, "{\"user\":\"alice\"}").uniqueValue).isEqualTo("alice");
        assertThat(one(u, "{\"user\":1}").uniqueValue).isEqualTo("1");
        assertThat(one(u, "{\"user\":1.0}").uniqueValue).isEqualTo("1");
        assertThat(one(u, "{\"user\":1.50}").uniqueValue).isEqualTo("1.5");
        assertThat(one(u, "{\"user\":1e3}").uniqueValue).isEqualTo("1000");
        assertThat(one(u, "{\"user\":0.000}").uniqueValue).isEqualTo("0");
        assertThat(one(u, "{\"user\":\"\"}").uniqueValue).isEmpty();
        assertThat(one(u, "{\"user\":1}").value).isNull();
        assertThat(reason(one(u, "{\"user\":true}"))).isEqualTo("INVALID_VALUE");
        assertThat(reason(one(u, "{\"user\":{}}"))).isEqualTo("INVALID_VALUE");
        assertThat(reason(one(u, "{\"user\":[1]}"))).isEqualTo("INVALID_VALUE");
        assertThat(reason(one(u, "{}"))).isEqualTo("MISSING_VALUE");
        assertThat(reason(one(u, "{\"user\":null}"))).isEqualTo("MISSING_VALUE");
        assertThat(reason(one(u, "{\"user\":1e999999999}"))).isEqualTo("VALUE_OUT_OF_RANGE");
    }

    @Test
    void dataNotObject() {
        for (String data : new String[] {null, "5", "\"x\"", "[1]", "null"}) {
            assertThat(reason(one(SUM, data))).as(data).isEqualTo("DATA_NOT_OBJECT");
        }
        MeterDefinition countGrouped = meter("c", "t", Aggregation.COUNT, null, Map.of("m", "$.m"));
        assertThat(reason(one(countGrouped, "[]"))).isEqualTo("DATA_NOT_OBJECT");
    }

    @Test
    void groupValuesAreCanonical() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("region", "$.region");
        g.put("model", "$.model");
        g.put("n", "$.n");
        g.put("flag", "$.flag");
        g.put("obj", "$.obj");
        g.put("nested", "$.a['b c'][1]");
        MeterDefinition m = meter("m", "t", Aggregation.COUNT, null, g);
        UsageRecord r = one(m, "{\"model\":\"gpt-4\",\"n\":1.50,\"flag\":true,\"obj\":{\"x\":[1, 2]},"
                + "\"a\":{\"b c\":[\"p\",\"q\\\"\"]}}");
        assertThat(r.groupValues).isEqualTo(
                "{\"flag\":\"true\",\"model\":\"gpt-4\",\"n\":\"1.50\",\"nested\":\"q\\\"\",\"obj\":\"{\\\"x\\\":[1,2]}\","
                        + "\"region\":null}");
        assertThat(one(m, "{\"region\":null}").groupValues).contains("\"region\":null");
    }

    @Test
    void fanOutInConfigurationOrderWithOneFirst() {
        MeterDefinition a = meter("a_sum", "llm", Aggregation.SUM, "$.tokens", null);
        MeterDefinition b = MeterDefinition.count("b_count", "llm");
        MeterDefinition c = meter("c_max", "llm", Aggregation.MAX, "$.latency", null);
        MeterDefinition other = MeterDefinition.count("other", "api");
        MeterCatalog catalog = new MeterCatalog(List.of(a, other, b, c));
        List<UsageRecord> out = run(catalog, event("llm", "{\"tokens\":5}"));
        assertThat(out).extracting(r -> r.meter).containsExactly("a_sum", "b_count", "c_max");
        assertThat(out).extracting(r -> r.kind).containsExactly(
                UsageRecord.Kind.METERED, UsageRecord.Kind.METERED, UsageRecord.Kind.REJECTED);
        assertThat(out).extracting(r -> r.firstOfEvent).containsExactly(true, false, false);
        assertThat(out.get(2).rejection.meter).isEqualTo("c_max");
        assertThat(out.get(2).rejection.reason).isEqualTo("MISSING_VALUE");
    }

    @Test
    void rejectionForMeterFillsEveryField() {
        UsageRecord r = one(SUM, "{\"tokens\":\"abc\"}");
        assertThat(r.meter).isEqualTo("tokens");
        assertThat(r.rejection.topic).isEqualTo("events");
        assertThat(r.rejection.partition).isEqualTo(1);
        assertThat(r.rejection.offset).isEqualTo(7L);
        assertThat(r.rejection.kafkaTimestamp).isEqualTo(T);
        assertThat(r.rejection.eventId).isEqualTo("id-1");
        assertThat(r.rejection.eventSource).isEqualTo("/src");
        assertThat(r.rejection.payloadSize).isEqualTo(r.rejection.payload.length).isPositive();
        assertThat(r.rejection.headersJson).isEqualTo("{}");
        assertThat(r.rejection.detail).contains("$.tokens");
    }

    @Test
    void rejectedPayloadIsCut() {
        MeterCatalog c = new MeterCatalog(List.of(SUM), 5);
        UsageRecord r = run(c, event("llm", "{\"tokens\":\"abc\"}")).get(0);
        assertThat(r.rejection.payload).hasSize(5);
        assertThat(r.rejection.payloadSize).isGreaterThan(5);
    }

    @Test
    void unmatchedEventGivesOneRecord() {
        List<UsageRecord> out = run(new MeterCatalog(List.of(SUM)), event("nobody", "{}"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind).isEqualTo(UsageRecord.Kind.UNMATCHED);
        assertThat(out.get(0).firstOfEvent).isTrue();
        assertThat(out.get(0).subject).as("spreads unmatched events by subject").isEqualTo("cust");
        assertThat(run(new MeterCatalog(List.of()), event("x", "{}")).get(0).kind).isEqualTo(UsageRecord.Kind.UNMATCHED);
    }

    @Test
    void windowSizeIsApplied() {
        MeterDefinition day = new MeterDefinition("d", "llm", Aggregation.COUNT, null, null, WindowSize.DAY);
        UsageRecord r = one(day, "{}");
        assertThat(r.windowStart).isEqualTo(Instant.parse("2024-05-01T00:00:00Z").toEpochMilli());
        assertThat(r.windowEnd).isEqualTo(Instant.parse("2024-05-02T00:00:00Z").toEpochMilli());
    }

    @Test
    void duplicateSlugsAreRefused() {
        assertThatThrownBy(() -> new MeterCatalog(List.of(SUM, SUM))).hasMessageContaining("duplicate");
    }

    @Test
    void catalogIsSerializable() throws Exception {
        MeterCatalog c = new MeterCatalog(List.of(SUM, meter("g", "llm", Aggregation.COUNT, null, Map.of("m", "$.m"))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(c);
        }
        MeterCatalog copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MeterCatalog) in.readObject();
        }
        List<UsageRecord> out = run(copy, event("llm", "{\"tokens\":1,\"m\":\"x\"}"));
        assertThat(out).extracting(r -> r.groupValues).containsExactly("{}", "{\"m\":\"x\"}");
        assertThat(copy.meters()).isEqualTo(c.meters());
    }

    @Test
    void exceptionsFromTheConsumerPropagate() {
        assertThatThrownBy(() -> new MeterCatalog(List.of(SUM)).meter(event("llm", "{\"tokens\":1}"), r -> {
            throw new IllegalStateException("downstream");
        })).hasMessage("downstream");
    }
}
