package io.meterflow.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The stored form of a series gives back the very samples (value and scale), and its newest time. */
class SampleCodecTest {

    @Property(tries = 300)
    void roundTripsEverySampleExactly(@ForAll("series") List<Sample> samples) {
        byte[] stored = SampleCodec.encode(samples);
        List<Sample> back = SampleCodec.decode("pod-1", stored);
        assertThat(back).isEqualTo(samples); // records: BigDecimal.equals compares the scale too
        assertThat(SampleCodec.newestTime(stored)).isEqualTo(samples.get(samples.size() - 1).time());
    }

    @Test
    void keepsTheScaleOfZerosAndHugeValues() {
        BigDecimal big = new BigDecimal(BigInteger.TEN.pow(999).negate(), 1000);
        List<Sample> s = List.of(new Sample("s", Long.MIN_VALUE, -1, 0, new BigDecimal("0.000")),
                new Sample("s", -5, 0, -1, big), new Sample("s", Long.MAX_VALUE, 1, 1, new BigDecimal("1E+5")));
        assertThat(SampleCodec.decode("s", SampleCodec.encode(s))).isEqualTo(s);
        assertThat(SampleCodec.newestTime(SampleCodec.encode(s))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesAnUnknownVersionAndAnEmptySeries() {
        byte[] stored = SampleCodec.encode(List.of(new Sample("s", 1, 2, 3, BigDecimal.ONE)));
        stored[0] = 9;
        assertThatThrownBy(() -> SampleCodec.decode("s", stored)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> SampleCodec.newestTime(stored)).hasMessageContaining("version 9");
        assertThatThrownBy(() -> SampleCodec.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<List<Sample>> series() {
        Arbitrary<BigDecimal> values = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)),
                        Arbitraries.integers().between(-20, 40))
                .as(BigDecimal::new);
        Arbitrary<Sample> sample = Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), values)
                .as((t, hi, lo, v) -> new Sample("pod-1", t, hi, lo, v));
        return sample.list().ofMinSize(1).ofMaxSize(50).map(l -> {
            List<Sample> sorted = new ArrayList<>(l);
            sorted.sort(Sample.ORDER);
            return sorted;
        });
    }
}
