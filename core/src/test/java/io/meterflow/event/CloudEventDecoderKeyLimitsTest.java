package io.meterflow.event;

import static io.meterflow.event.Decoded.decode;
import static io.meterflow.event.Decoded.event;
import static io.meterflow.event.Decoded.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attributes that reach a key or a digest: length limits in UTF-8 bytes, one string encoding. */
class CloudEventDecoderKeyLimitsTest {

    /** An event whose attribute {@code name} is the JSON string literal {@code literal} (escapes kept as written). */
    private static String withLiteral(String name, String literal) {
        return event(name, "@@PLACEHOLDER@@").replace("\"@@PLACEHOLDER@@\"", "\"" + literal + "\"");
    }

    private static String random(int chars) {
        Random r = new Random(chars);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            b.append((char) ('!' + r.nextInt(90)));
        }
        return b.toString().replace("\\", "x").replace("\"", "y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void threeKilobyteAttributesAreTooLong(String name) {
        RejectedEvent r = decode(event(name, random(3000))).singleRejection();
        assertThat(r.reason).isEqualTo("ATTRIBUTE_TOO_LONG");
        assertThat(r.detail).startsWith(name + " is 3000 bytes (UTF-8), limit ");
    }

    @Test
    void limitsCountUtf8BytesNotChars() {
        String euro512 = "€".repeat(170) + "ab"; // 510 + 2 bytes
        assertThat(decode(event("subject", euro512)).single().subject()).isEqualTo(euro512);
        RejectedEvent r = decode(event("subject", euro512 + "c")).singleRejection();
        assertThat(r.reason).isEqualTo("ATTRIBUTE_TOO_LONG");
        assertThat(r.detail).isEqualTo("subject is 513 bytes (UTF-8), limit 512");
        assertThat(decode(event("id", "x".repeat(1024))).single().id()).hasSize(1024);
        assertThat(decode(event("id", "x".repeat(1025))).singleRejection().reason).isEqualTo("ATTRIBUTE_TOO_LONG");
    }

    @Test
    void limitsAreConfigurable() {
        KeyLimits tight = new KeyLimits(8, 8, 16, 4, 4, 64, 4);
        CloudEventDecoder d = new CloudEventDecoder(Decoded.settings().withKeyLimits(tight));
        assertThat(Decoded.decode(d, record(event("subject", "abcd"))).single().subject()).isEqualTo("abcd");
        assertThat(Decoded.decode(d, record(event("subject", "abcde"))).singleRejection().detail)
                .isEqualTo("subject is 5 bytes (UTF-8), limit 4");
        assertThatThrownBy(() -> new KeyLimits(1024, 1024, 1024, 1024, 256, 1024, 512))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void loneSurrogatesAreInvalidUnicode(String name) {
        for (String literal : new String[] {"evt-\\ud83d", "\\ude00evt", "a\\ud83d\\ud83db"}) {
            RejectedEvent r = decode(withLiteral(name, literal)).singleRejection();
            assertThat(r.reason).as(literal).isEqualTo("INVALID_UNICODE");
            assertThat(r.detail).startsWith(name + " contains a lone UTF-16 surrogate");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void nulIsInvalidUnicode(String name) {
        RejectedEvent r = decode(withLiteral(name, "a\\u0000b")).singleRejection();
        assertThat(r.reason).isEqualTo("INVALID_UNICODE");
        assertThat(r.detail).isEqualTo(name + " contains NUL (U+0000) at char 1");
    }

    @Test
    void replacementCharacterAndSurrogatePairsAreOrdinaryText() {
        assertThat(decode(withLiteral("subject", "a\\ufffdb")).single().subject()).isEqualTo("a\uFFFDb");
        assertThat(decode(withLiteral("id", "evt-\\ud83d\\ude00")).single().id()).isEqualTo("evt-😀");
        assertThat(decode(event("subject", "evt-?")).single().subject()).isEqualTo("evt-?");
    }

    @Test
    void rawSurrogateBytesAreNeverAccepted() {
        // CESU-style bytes of a lone high surrogate inside the subject.
        byte[] before = event("subject", "ab").getBytes(StandardCharsets.UTF_8);
        String text = new String(before, StandardCharsets.ISO_8859_1).replace("\"ab\"", "\"a\u00ed\u00a0\u00bdb\"");
        RejectedEvent r = decode(record(text.getBytes(StandardCharsets.ISO_8859_1))).singleRejection();
        assertThat(r.reason).isIn("INVALID_UNICODE", "MALFORMED_JSON");
    }

    @Test
    void binaryModeHeadersWithNulAreInvalidUnicode() {
        IngestRecord r = record("{\"tokens\":1}".getBytes(StandardCharsets.UTF_8))
                .header("ce_specversion", utf8("1.0")).header("ce_id", utf8("e-1")).header("ce_source", utf8("/s"))
                .header("ce_type", utf8("t")).header("ce_subject", new byte[] {'a', 0, 'b'})
                .header("ce_time", utf8("2024-05-01T11:58:30Z"));
        assertThat(decode(r).singleRejection().reason).isEqualTo("INVALID_UNICODE");
    }

    @Test
    void rejectionTextIsPrintable() {
        RejectedEvent r = decode(withLiteral("id", "evt-\\ud83d\\u0000")).singleRejection();
        assertThat(r.eventId).isEqualTo("evt-\uFFFD\uFFFD");
        assertThat(Utf8.problem(r.detail)).isNull();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
