package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever arrives, decoding ends in events and/or rejections, quickly, and never throws. */
class CloudEventDecoderPropertiesTest {
    private static final CloudEventDecoder DECODER =
            new CloudEventDecoder(Decoded.settings().withMaxBytes(64 * 1024).withRejectedPayloadLimit(1024));
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Property(tries = 400)
    void arbitraryBytes(@ForAll @Size(max = 2000) byte[] value, @ForAll("headers") List<String[]> headers) {
        check(record(value, headers));
    }

    @Property(tries = 600)
    void mutatedValidEvents(@ForAll("mutatedEvents") byte[] value, @ForAll("headers") List<String[]> headers) {
        check(record(value, headers));
    }

    @Property(tries = 200)
    void mutatedBatches(@ForAll("mutatedBatches") byte[] value) {
        check(record(value, java.util.Collections.singletonList(new String[] {"content-type", CloudEventDecoder.BATCH_CONTENT_TYPE})));
    }

    @Property(tries = 300)
    void binaryModeWithArbitraryHeaders(@ForAll("ceHeaders") List<String[]> headers, @ForAll("mutatedEvents") byte[] value) {
        check(record(value, headers));
    }

    private static IngestRecord record(byte[] value, List<String[]> headers) {
        IngestRecord r = Decoded.record(value);
        for (String[] h : headers) {
            r.header(h[0], h[1] == null ? null : h[1].getBytes(h[1].startsWith("L") ? StandardCharsets.ISO_8859_1
                    : StandardCharsets.UTF_8));
        }
        return r;
    }

    private static void check(IngestRecord r) {
        Decoded out = new Decoded();
        long t0 = System.nanoTime();
        DECODER.decode(r, out); // must not throw
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(out.events.size() + out.rejected.size()).isGreaterThanOrEqualTo(1);
        for (UsageEvent e : out.events) {
            assertThat(e.id()).isNotEmpty();
            assertThat(e.source()).isNotEmpty();
            assertThat(e.type()).isNotEmpty();
            assertThat(e.subject()).isNotEmpty();
            assertThat(e.timeMillis()).isGreaterThanOrEqualTo(0);
            assertThat(e.eventBytes()).isNotNull();
            assertThat(e.record()).isSameAs(r);
        }
        for (RejectedEvent x : out.rejected) {
            assertThat(RejectionReason.valueOf(x.reason)).isNotNull();
            assertThat(x.meter).isNull();
            assertThat(x.detail).isNotBlank().hasSizeLessThanOrEqualTo(Rejections.MAX_DETAIL + 1);
            assertThat(x.topic).isEqualTo("events");
            assertThat(x.offset).isEqualTo(42L);
            assertThat(x.payload).isNotNull();
            assertThat(x.payload.length).isLessThanOrEqualTo(1024).isLessThanOrEqualTo(x.payloadSize);
            try {
                assertThat(PLAIN.readTree(x.headersJson).isObject()).isTrue();
            } catch (Exception e) {
                throw new AssertionError("headersJson is not JSON: " + x.headersJson, e);
            }
        }
    }

    @Provide
    Arbitrary<List<String[]>> headers() {
        Arbitrary<String> names = Arbitraries.of("content-type", "ce_specversion", "ce_id", "ce_source", "ce_type",
                "ce_subject", "ce_time", "CE_ID", "trace", "authorization", "");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("1.0", "application/json", CloudEventDecoder.BATCH_CONTENT_TYPE,
                        CloudEventDecoder.STRUCTURED_CONTENT_TYPE, "text/plain", "2024-05-01T11:00:00Z", "x"),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.just(null),
                Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMaxLength(5).map(s -> "L" + s));
        return Combinators.combine(names, values).as((n, v) -> new String[] {n, v}).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<String[]>> ceHeaders() {
        Arbitrary<String[]> base = Arbitraries.of(
                new String[] {"ce_specversion", "1.0"}, new String[] {"ce_id", "b1"}, new String[] {"ce_source", "/s"},
                new String[] {"ce_type", "t"}, new String[] {"ce_subject", "u"},
                new String[] {"ce_time", "2024-05-01T11:00:00Z"}, new String[] {"ce_time", "2099-01-01T00:00:00Z"},
                new String[] {"content-type", "application/json"}, new String[] {"content-type", "text/plain"},
                new String[] {"ce_id", ""}, new String[] {"ce_specversion", "0.3"}, new String[] {"ce_subject", "L\u00ff"});
        return base.list().ofMinSize(1).ofMaxSize(9).map(l -> {
            l.add(0, new String[] {"ce_specversion", "1.0"});
            return l;
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedEvents() {
        Arbitrary<String> valid = Arbitraries.of(
                Decoded.event(), Decoded.event("time", Decoded.REMOVE), Decoded.event("data", Decoded.REMOVE),
                Decoded.event("data", "text"), Decoded.event("subject", "ünïcødé"),
                CloudEventDecoderSdkEquivalenceTest.SPEC_JSON_DATA, CloudEventDecoderSdkEquivalenceTest.SPEC_BASE64_DATA);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 5), Arbitraries.longs())
                .as((json, kind, seed) -> mutate(json.getBytes(StandardCharsets.UTF_8), kind, seed));
    }

    @Provide
    Arbitrary<byte[]> mutatedBatches() {
        return mutatedEvents().list().ofMaxSize(4).map(list -> {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ",").append(new String(list.get(i), StandardCharsets.ISO_8859_1));
            }
            return b.append(']').toString().getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    static byte[] mutate(byte[] json, int kind, long seed) {
        java.util.Random r = new java.util.Random(seed);
        switch (kind) {
            case 0: // unchanged
                return json;
            case 1: // truncation
                return Arrays.copyOf(json, r.nextInt(json.length + 1));
            case 2: { // byte flips
                byte[] b = json.clone();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 3: { // deep nesting spliced into the data
                String s = new String(json, StandardCharsets.UTF_8);
                int depth = 50 + r.nextInt(5000);
                String deep = "[".repeat(depth) + "]".repeat(r.nextBoolean() ? depth : depth / 2);
                return s.replaceFirst("\"specversion\"", "\"deep\":" + deep + ",\"specversion\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 4: { // duplicate a member
                String s = new String(json, StandardCharsets.UTF_8);
                return s.replaceFirst("\\{", "{\"id\":\"dup\",").getBytes(StandardCharsets.UTF_8);
            }
            default: { // delete a random slice
                int from = r.nextInt(json.length);
                int to = Math.min(json.length, from + 1 + r.nextInt(20));
                byte[] b = new byte[json.length - (to - from)];
                System.arraycopy(json, 0, b, 0, from);
                System.arraycopy(json, to, b, from, json.length - to);
                return b;
            }
        }
    }
}
