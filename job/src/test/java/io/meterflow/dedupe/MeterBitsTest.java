package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MeterBitsTest {

    @Test
    void theFirstEightMetersFitInOneByte() {
        byte[] bits = MeterBits.NONE;
        for (int ordinal = 0; ordinal < 8; ordinal++) {
            bits = MeterBits.with(bits, ordinal);
        }
        assertThat(bits).hasSize(1);
        assertThat(MeterBits.with(MeterBits.NONE, 8)).hasSize(2);
    }

    @Test
    void addingAMeterNeverChangesTheGivenArray() {
        byte[] one = MeterBits.with(MeterBits.NONE, 3);
        byte[] two = MeterBits.with(one, 4);
        assertThat(MeterBits.contains(one, 4)).isFalse();
        assertThat(MeterBits.contains(two, 3)).isTrue();
        assertThat(MeterBits.with(two, 3)).isSameAs(two);
    }

    /** The bits hold exactly the ordinals added, in whatever order and however far apart. */
    @Property
    void holdsExactlyTheOrdinalsAdded(@ForAll @Size(max = 20) Set<@IntRange(min = 0, max = 2000) Integer> added,
            @ForAll @IntRange(min = 0, max = 2000) int probe) {
        byte[] bits = MeterBits.NONE;
        for (int ordinal : added) {
            bits = MeterBits.with(bits, ordinal);
        }
        assertThat(MeterBits.contains(bits, probe)).isEqualTo(added.contains(probe));
        int highest = added.isEmpty() ? -1 : new TreeSet<>(added).last();
        assertThat(bits).hasSize(highest < 0 ? 0 : highest / 8 + 1);
    }
}
