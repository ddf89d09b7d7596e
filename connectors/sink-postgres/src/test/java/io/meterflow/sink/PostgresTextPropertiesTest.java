package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What PostgreSQL receives as text: never a NUL (text and jsonb refuse it, and a refused commit halts
 * the pipeline), digests whose text order is their unsigned order (LATEST breaks ties on it), bytes
 * that decode back exactly.
 */
class PostgresTextPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> withNuls() {
        return Arbitraries.strings().withChars('a', '\u0000', '\\', '"', 'u', '0', '\uFFFD').ofMaxLength(12);
    }

    @Property(tries = 500)
    void textHoldsNoNulAndKeepsEverythingElse(@ForAll("withNuls") String s) {
        String t = PostgresText.text(s);
        assertThat(t).doesNotContain("\u0000").hasSameSizeAs(s);
        assertThat(t).isEqualTo(s.replace('\u0000', '\uFFFD'));
    }

    @Property(tries = 500)
    void jsonOfAnyStringParsesBackWithoutNul(@ForAll("withNuls") String s) throws Exception {
        String json = PostgresText.json(JSON.writeValueAsString(s));
        assertThat(JSON.readValue(json, String.class)).isEqualTo(s.replace('\u0000', '\uFFFD'));
    }

    @Property(tries = 300)
    void headersAreAJsonObjectWithoutNulWhateverTheInput(@ForAll("withNuls") String s) throws Exception {
        String h = PostgresText.headersJson("{\"k\":" + JSON.writeValueAsString(s) + "}");
        assertThat(JSON.readTree(h).get("k").asText()).isEqualTo(s.replace('\u0000', '\uFFFD'));
        String unparsed = PostgresText.headersJson("x" + s);
        assertThat(JSON.readTree(unparsed).get("_unparsed").asText()).isEqualTo(("x" + s).replace('\u0000', '\uFFFD'));
    }

    @Property(tries = 1000)
    void digestTextOrderIsUnsigned128BitOrder(@ForAll long hi1, @ForAll long lo1, @ForAll long hi2, @ForAll long lo2) {
        String a = PostgresText.digestHex(hi1, lo1);
        String b = PostgresText.digestHex(hi2, lo2);
        assertThat(a).hasSize(32).matches("[0-9a-f]{32}");
        int unsigned = Long.compareUnsigned(hi1, hi2) != 0 ? Long.compareUnsigned(hi1, hi2) : Long.compareUnsigned(lo1, lo2);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(unsigned));
        assertThat(a).isEqualTo(String.format("%016x%016x", hi1, lo1));
    }

    @Property(tries = 300)
    void bytesAreLowerCaseHexThatDecodesBack(@ForAll byte[] bytes) {
        String h = PostgresText.hex(bytes);
        assertThat(h).hasSize(2 * bytes.length).matches("[0-9a-f]*");
        assertThat(HexFormat.of().parseHex(h)).isEqualTo(bytes);
    }
}
