package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** One string encoding for digests and state: injective over all of UTF-16, UTF-8 for valid text. */
class Utf8PropertiesTest {

    /** Arbitrary UTF-16, weighted to the characters that used to collide: ?, U+FFFD, NUL, surrogates. */
    @Provide
    static Arbitrary<String> utf16() {
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('?', '\uFFFD', '\u0000', '\uD83D', '\uDE00', '\uDBFF', '\uDC00', 'a', 'é', '€')
                .ofMaxLength(6);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(20);
        return Arbitraries.oneOf(tricky, tricky, any);
    }

    @Property(tries = 2000)
    void decodeInvertsEncode(@ForAll("utf16") String s) {
        byte[] b = Utf8.encode(s);
        assertThat(Utf8.decode(b)).isEqualTo(s);
        assertThat(b).hasSize(Utf8.length(s));
    }

    @Property(tries = 2000)
    void wellFormedTextIsPlainUtf8(@ForAll("utf16") String s) {
        if (Utf8.problem(s.replace('\u0000', 'x')) == null) {
            assertThat(Utf8.encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 3000)
    void distinctPairsNeverShareADigestInput(
            @ForAll("utf16") String source1, @ForAll("utf16") String id1,
            @ForAll("utf16") String source2, @ForAll("utf16") String id2) {
        boolean same = source1.equals(source2) && id1.equals(id2);
        assertThat(Arrays.equals(EventDigest.input(source1, id1), EventDigest.input(source2, id2))).isEqualTo(same);
        if (!same) {
            assertThat(EventDigest.of(source1, id1)).isNotEqualTo(EventDigest.of(source2, id2));
        }
    }

    @Property(tries = 500)
    void digestsOfValidTextAreUnchanged(@ForAll("utf16") String source, @ForAll("utf16") String id) throws Exception {
        if (Utf8.problem(source) != null || Utf8.problem(id) != null) {
            return;
        }
        // The digest earlier versions stored: length-prefixed UTF-8 (dedupe state and LATEST depend on it).
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] s = source.getBytes(StandardCharsets.UTF_8);
        sha.update(new byte[] {(byte) (s.length >>> 24), (byte) (s.length >>> 16), (byte) (s.length >>> 8), (byte) s.length});
        sha.update(s);
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        long hi = java.nio.ByteBuffer.wrap(d, 0, 8).getLong();
        long lo = java.nio.ByteBuffer.wrap(d, 8, 8).getLong();
        assertThat(EventDigest.of(source, id)).isEqualTo(new EventDigest(hi, lo));
    }

    @Property(tries = 2000)
    void shortenKeepsAPrefixAndNeverSplitsAPair(@ForAll("utf16") String s, @ForAll @net.jqwik.api.constraints.IntRange(max = 24) int max) {
        String cut = Utf8.shorten(s, max);
        if (s.length() <= max) {
            assertThat(cut).isSameAs(s);
            return;
        }
        assertThat(cut).endsWith("…");
        String kept = cut.substring(0, cut.length() - 1);
        assertThat(s).startsWith(kept);
        assertThat(kept.length()).isBetween(Math.max(0, max - 1), max);
        if (Utf8.problem(s.replace('\u0000', 'x')) == null) {
            assertThat(Utf8.problem(kept.replace('\u0000', 'x'))).as("a valid string stays valid").isNull();
        }
    }
}
