package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.JsonPath;
import io.meterflow.meter.MeterCatalog;
import io.meterflow.meter.MeterDefinition;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder judges every record exactly as the tree decoder it replaced
 * ({@link TreeCloudEventDecoder}): the same events and rejections (reason, detail, payload, ids), and
 * the same records from meter fan-out for a catalog whose paths hit objects, arrays, nulls and
 * numbers at the extremes. Input is hostile on purpose: duplicate names at every depth, nesting
 * around the limit, invalid UTF-8 inside skipped strings, huge strings, batches, binary mode, UTF-16.
 */
class CloudEventDecoderDifferentialTest {
    private static final DecoderSettings SETTINGS = Decoded.settings().withMaxBytes(256 * 1024);
    private static final TreeCloudEventDecoder TREE = new TreeCloudEventDecoder(SETTINGS);

    private static final MeterCatalog METERS = new MeterCatalog(List.of(
            meter("sum_a", "t1", Aggregation.SUM, "$.a", Map.of("g", "$.b", "h", "$.c.d")),
            meter("max_deep", "t1", Aggregation.MAX, "$.c.d", Map.of("first", "$.e[0]", "second", "$.e[1].a")),
            meter("uniq", "t1", Aggregation.UNIQUE_COUNT, "$['x y']", Map.of("n", "$.n")),
            meter("count_t1", "t1", Aggregation.COUNT, null, Map.of("whole_b", "$.b", "zero", "$.c[0]")),
            meter("latest_t2", "t2", Aggregation.LATEST, "$.n", null),
            meter("count_t2", "t2", Aggregation.COUNT, null, null),
            meter("avg_t2", "t2", Aggregation.AVG, "$.e[1].a", Map.of("a", "$.a"))));
    private static final CloudEventDecoder STREAMING = new CloudEventDecoder(SETTINGS, METERS.dataPaths());
    private static final CloudEventDecoder WHOLE = new CloudEventDecoder(SETTINGS, DataPaths.all());
    private static final CloudEventDecoder NOTHING = new CloudEventDecoder(SETTINGS, DataPaths.none());

    private static final String[] KEYS = {"a", "b", "c", "d", "e", "n", "x y", "0", "1", "data", "id"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "12.50", "1.0", "0.000", "1e3", "1E+3", "-2.5e-3",
        "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "123456789012345678901234567890",
        "1e999", "1e-999", "1e999999999", "1e-999999999", "0e-20000", "0e-999999999", "1e2147483647",
        "1e2147483648", "1e-2147483648", "1e99999999999", "1.5e0000000001", "1e+000000000", "-0.0e-0",
        "1" + "0".repeat(999), "9".repeat(1000) + ".5", "1" + "0".repeat(1999), "1" + "0".repeat(2000),
        "0." + "0".repeat(1990) + "1", "1." + "2".repeat(1990) + "e999999999", "01", "1.", ".5", "-", "1e", "+1"};
    /** Raw bytes spliced into strings: encoded surrogates, overlong forms, stray continuation, truncation. */
    private static final String[] BAD_BYTES = {"\u00ed\u00a0\u0080", "\u00ed\u00bf\u00bf", "\u00c0\u0080",
        "\u00e0\u0080\u0080", "\u00f8\u0088\u0080\u0080\u0080", "\u00ff", "\u0080", "\u00c3", "\u00f4\u0090\u0080\u0080",
        "\u0001", "\\x", "\\ud83d", "\\u0000", "\\ud83d\\ude00"};

    private static MeterDefinition meter(String slug, String type, Aggregation agg, String value, Map<String, String> groupBy) {
        return new MeterDefinition(slug, type, agg, value, groupBy, WindowSize.MINUTE);
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 1500)
    void structuredEventsAreJudgedAsTheTreeDecoderJudgedThem(@ForAll("events") String event, @ForAll boolean typed) {
        IngestRecord r = record(bytes(event));
        if (typed) {
            r.header("content-type", utf8(CloudEventDecoder.STRUCTURED_CONTENT_TYPE));
        }
        assertSame(r);
    }

    @Property(tries = 500)
    void batchesAreJudgedAsTheTreeDecoderJudgedThem(@ForAll("batches") String batch) {
        assertSame(record(bytes(batch)).header("content-type", utf8(CloudEventDecoder.BATCH_CONTENT_TYPE)));
    }

    @Property(tries = 500)
    void binaryModeIsJudgedAsTheTreeDecoderJudgedIt(@ForAll("data") String data, @ForAll("contentTypes") String ct,
            @ForAll("types") String type) {
        IngestRecord r = record(bytes(data))
                .header("ce_specversion", utf8("1.0")).header("ce_id", utf8("b-1")).header("ce_source", utf8("/s"))
                .header("ce_type", utf8(type)).header("ce_subject", utf8("cust"));
        if (ct != null) {
            r.header("content-type", utf8(ct));
        }
        assertSame(r);
    }

    @Property(tries = 300)
    void utf16And32ValuesAreJudgedAsTheTreeDecoderJudgedThem(@ForAll("batches") String batch,
            @ForAll("wideCharsets") String charset) {
        // Jackson reads these through a Reader: batch elements have no byte offsets.
        String text = new String(bytes(batch), StandardCharsets.UTF_8);
        assertSame(record(text.getBytes(Charset.forName(charset))));
    }

    @Property(tries = 400)
    void mutatedRecordsAreJudgedAsTheTreeDecoderJudgedThem(@ForAll("events") String event, @ForAll long seed) {
        byte[] b = bytes(event);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0, n = 1 + random.nextInt(3); i < n && b.length > 0; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        assertSame(record(b));
    }

    @Test
    void knownCornersAreJudgedAsTheTreeDecoderJudgedThem() {
        String[] data = {
            "{\"a\":1,\"a\":2}", "{\"z\":{\"q\":1,\"q\":2}}", "{\"z\":[{\"q\":1,\"q\":[]}]}", "{\"a\":{},\"a\":1}",
            "{\"z\":\"\u00ed\u00a0\u0080\"}", "{\"z\":1e99999999999}", "{\"z\":[1e2147483648]}",
            "{\"a\":1e2147483648}", "{\"c\":{\"d\":[1,{\"x\":1,\"x\":2}]}}", "{\"e\":[0,{\"a\":5,\"b\":{\"b\":1,\"b\":1}}]}",
            "{\"z\":" + "[".repeat(99) + "]".repeat(99) + "}", "{\"z\":" + "[".repeat(100) + "]".repeat(100) + "}",
            "{\"b\":" + "{\"b\":".repeat(97) + "1" + "}".repeat(97) + "}", "{\"z\":\"" + "x".repeat(200_000) + "\"}",
            "[1,2]", "\"text\"", "null", "{}", "{\"e\":[]}", "{\"e\":[null,null]}", "{\"c\":[{\"d\":1}]}",
        };
        for (String d : data) {
            for (String type : new String[] {"t1", "t2"}) {
                assertSame(record(bytes(event(type, d))));
                assertSame(record(bytes(d)).header("ce_specversion", utf8("1.0")).header("ce_id", utf8("b"))
                        .header("ce_source", utf8("/s")).header("ce_type", utf8(type)).header("ce_subject", utf8("u")));
            }
        }
        assertSame(record(bytes("{\"specversion\":\"1.0\",\"specversion\":\"1.0\"}")));
        assertSame(record(bytes("{\"id\":{\"x\":1,\"x\":2},\"id\":1}")));
        assertSame(record(bytes("[" + event("t1", "{}") + "," + event("t1", "{\"a\":1,\"a\":1}") + "]")));
        assertSame(record(bytes("[\"x\", 1.5, null, [], {}]")));
        assertSame(record(bytes("[\"\u00ed\u00a0\u0080\"]")));
        assertSame(record(bytes(event("t1", "{}") + " x")));
    }

    // ---------------------------------------------------------------- the comparison

    private static void assertSame(IngestRecord r) {
        List<Object> expected = outcomes(TREE::decode, r);
        List<Object> streamed = outcomes(STREAMING::decode, r);
        compare(expected, streamed, true);
        compare(expected, outcomes(WHOLE::decode, r), true);
        compare(expected, outcomes(NOTHING::decode, r), false);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof UsageEvent) {
                JsonNode tree = ((UsageEvent) expected.get(i)).data();
                JsonNode whole = ((UsageEvent) outcomes(WHOLE::decode, r).get(i)).data();
                assertThat(String.valueOf(whole)).isEqualTo(String.valueOf(tree));
                assertThat(whole).isEqualTo(tree);
            }
        }
    }

    private interface Decoder {
        void decode(IngestRecord r, CloudEventDecoder.Output out);
    }

    private static List<Object> outcomes(Decoder d, IngestRecord r) {
        List<Object> out = new ArrayList<>();
        d.decode(r, new CloudEventDecoder.Output() {
            @Override
            public void event(UsageEvent e) {
                out.add(e);
            }

            @Override
            public void rejected(RejectedEvent x) {
                out.add(x);
            }
        });
        return out;
    }

    private static void compare(List<Object> expected, List<Object> actual, boolean meters) {
        assertThat(describe(actual, meters)).isEqualTo(describe(expected, meters));
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) instanceof RejectedEvent) {
                assertThat(actual.get(i)).isEqualTo(expected.get(i));
            } else {
                UsageEvent e = (UsageEvent) expected.get(i);
                UsageEvent a = (UsageEvent) actual.get(i);
                assertThat(a.eventBytes()).isEqualTo(e.eventBytes());
                assertThat(a.record()).isSameAs(e.record());
                if (meters) {
                    assertThat(records(a)).isEqualTo(records(e));
                }
            }
        }
    }

    private static List<UsageRecord> records(UsageEvent e) {
        List<UsageRecord> out = new ArrayList<>();
        METERS.meter(e, out::add);
        return out;
    }

    /** Everything both decoders must agree on, as text (a failure shows the difference). */
    private static String describe(List<Object> outcomes, boolean meters) {
        StringBuilder b = new StringBuilder();
        for (Object o : outcomes) {
            if (o instanceof RejectedEvent) {
                RejectedEvent x = (RejectedEvent) o;
                b.append("rejected ").append(x.batchIndex).append(' ').append(x.reason).append(": ").append(x.detail)
                        .append(" id=").append(x.eventId).append(" source=").append(x.eventSource)
                        .append(" payload=").append(x.payloadSize).append('\n');
                continue;
            }
            UsageEvent e = (UsageEvent) o;
            b.append("event ").append(e.batchIndex()).append(' ').append(e.id()).append(' ').append(e.source())
                    .append(' ').append(e.type()).append(' ').append(e.subject()).append(' ').append(e.timeMillis())
                    .append(" bytes=").append(e.eventBytes().length)
                    .append(" data=").append(e.data() == null ? "absent" : e.data().getNodeType()).append('\n');
            if (meters) {
                for (MeterDefinition m : METERS.meters()) {
                    List<JsonPath> paths = new ArrayList<>(m.groupBy().values());
                    if (m.valueProperty() != null) {
                        paths.add(m.valueProperty());
                    }
                    for (JsonPath p : paths) {
                        JsonNode n = p.evaluate(e.data());
                        b.append("  ").append(p).append(" = ").append(n == null ? "missing" : n.getClass().getSimpleName()
                                + " " + n).append('\n');
                    }
                }
                for (UsageRecord r : records(e)) {
                    b.append("  ").append(r).append(r.rejection == null ? "" : " " + r.rejection.reason + ": "
                            + r.rejection.detail).append('\n');
                }
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- generators

    /** JSON text with non-ASCII as Latin-1 chars standing for bytes ({@link #bytes}): invalid UTF-8 can be written. */
    @Provide
    Arbitrary<String> data() {
        return json(4);
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("t1", "t2", "other");
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(null, "application/json", "application/vnd.x+json; charset=utf-8", "text/plain");
    }

    @Provide
    Arbitrary<String> wideCharsets() {
        return Arbitraries.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE");
    }

    @Provide
    Arbitrary<String> events() {
        return Combinators.combine(types(), json(4), attributeValues().list().ofMaxSize(3), Arbitraries.integers().between(0, 9))
                .as((type, data, extras, shape) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("specversion", "\"1.0\"");
                    m.put("id", "\"e-1\"");
                    m.put("source", "\"/src\"");
                    m.put("type", "\"" + type + "\"");
                    m.put("subject", "\"cust\"");
                    m.put("time", "\"2024-05-01T11:58:30.123Z\"");
                    m.put("data", data);
                    StringBuilder b = new StringBuilder("{");
                    String[] names = m.keySet().toArray(new String[0]);
                    for (int i = 0; i < names.length; i++) {
                        String value = m.get(names[i]);
                        if (shape == 1 && i == extras.size() % names.length) {
                            continue; // an attribute missing
                        }
                        if (shape == 2 && i == extras.size() % names.length && !extras.isEmpty()) {
                            value = extras.get(0); // an attribute of the wrong kind
                        }
                        b.append(b.length() == 1 ? "" : ",").append('"').append(names[i]).append("\":").append(value);
                    }
                    for (int i = 0; i < extras.size(); i++) {
                        String name = shape == 3 ? names[i % names.length] // a duplicate attribute
                                : shape == 4 ? "data_base64" : shape == 5 ? "datacontenttype" : "ext" + i;
                        b.append(",\"").append(name).append("\":").append(extras.get(i));
                    }
                    return b.append('}').toString();
                });
    }

    @Provide
    Arbitrary<String> batches() {
        return Arbitraries.oneOf(events(), events(), attributeValues()).list().ofMaxSize(4)
                .map(l -> "[" + String.join(",", l) + "]");
    }

    private Arbitrary<String> attributeValues() {
        return Arbitraries.oneOf(scalars(), json(2), Arbitraries.of("\"AQID\"", "\"!!\"", "\"\"", "\"2024-05-01T11:00:00Z\""));
    }

    private Arbitrary<String> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.of(NUMBERS),
                Arbitraries.of("true", "false", "null", "\"\"", "\"x\"", "\"12.5\"", "\"NaN\"", "\"-Infinity\"",
                        "\"1e999999999\"", "\"\u00c3\u00bc\u00c3\u00af\"", "\"\u00f0\u009f\u0098\u0080\""),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12)
                        .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.of(BAD_BYTES).map(bad -> "\"a" + bad + "b\""),
                Arbitraries.integers().between(0, 300_000).map(n -> "\"" + "y".repeat(n % 7 == 0 ? n : n % 300) + "\""));
    }

    /** Objects with keys from {@link #KEYS} (paths hit them), duplicates included; arrays; nesting near the limit. */
    private Arbitrary<String> json(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(KEYS), inner).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(5).map(l -> "{" + String.join(",", l) + "}");
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> deep = Combinators.combine(Arbitraries.integers().between(90, 101), Arbitraries.of("[", "{\"a\":"))
                .as((n, open) -> open.repeat(n) + "1" + (open.equals("[") ? "]" : "}").repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars()), net.jqwik.api.Tuple.of(5, object), net.jqwik.api.Tuple.of(3, array),
                net.jqwik.api.Tuple.of(depth == 4 ? 1 : 0, deep));
    }

    // ---------------------------------------------------------------- helpers

    private static String event(String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"type\":\"" + type
                + "\",\"subject\":\"u\",\"data\":" + data + "}";
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static IngestRecord record(byte[] value) {
        return Decoded.record(value);
    }
}
