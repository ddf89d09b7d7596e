package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A digest's text (logs, tools) is the first 16 bytes of its SHA-256, 32 lower-case hex digits, leading zeros kept. */
class EventDigestHexPropertiesTest {

    @Property(tries = 300)
    void hexIsTheTruncatedShaInOrder(@ForAll String source, @ForAll String id) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(EventDigest.input(source, id));
        assertThat(EventDigest.of(source, id).toHex()).isEqualTo(HexFormat.of().formatHex(Arrays.copyOf(sha, 16)));
    }

    @Property(tries = 300)
    void hexIsThirtyTwoDigitsWhateverTheValue(@ForAll long hi, @ForAll long lo) {
        String hex = new EventDigest(hi, lo).toHex();
        assertThat(hex).matches("[0-9a-f]{32}");
        assertThat(HexFormat.fromHexDigitsToLong(hex.substring(0, 16))).isEqualTo(hi);
        assertThat(HexFormat.fromHexDigitsToLong(hex.substring(16))).isEqualTo(lo);
    }
}
