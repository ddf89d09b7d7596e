package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NewIdFilterTest {

    /** Exactness: whatever was added, and however full the filter, an added digest is never "certainly new". */
    @Property
    void neverCallsAnAddedDigestNew(@ForAll @Size(max = 3000) long[] his, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 5000) int capacity) {
        NewIdFilter f = new NewIdFilter(capacity, 1);
        SplittableRandom lo = new SplittableRandom(seed);
        long[] los = new long[his.length];
        for (int i = 0; i < his.length; i++) {
            los[i] = i % 3 == 0 ? i : lo.nextLong(); // small digests too, as the tests' events have
            f.add(his[i], los[i]);
        }
        for (int i = 0; i < his.length; i++) {
            assertThat(f.certainlyNew(his[i], los[i])).isFalse();
        }
        assertThat(f.ids()).isEqualTo(his.length);
    }

    /** What it is for: most new ids skip the lookup, up to its capacity (sequential digests as well as random ones). */
    @Test
    void answersMostNewIdsWithoutALookupUpToItsCapacity() {
        NewIdFilter f = new NewIdFilter(100_000, 1);
        for (long i = 0; i < f.capacity(); i++) {
            f.add(42, i);
        }
        assertThat(f.full()).isTrue();
        int maybe = 0;
        for (long i = 0; i < 100_000; i++) {
            if (!f.certainlyNew(42, 1_000_000_000L + i)) {
                maybe++;
            }
        }
        assertThat(maybe).as("new ids that still get a lookup").isBetween(1, 5_000);
    }

    @Test
    void isSizedForGrowthAndAsksForARebuildOnceThatFull() {
        NewIdFilter f = NewIdFilter.forRemembered(1_000, 10).built(); // built from a state of none
        assertThat(f.capacity()).isGreaterThanOrEqualTo(1_000L * NewIdFilter.GROWTH);
        assertThat(f.bytes() * 8).isLessThanOrEqualTo(f.capacity() * NewIdFilter.BITS_PER_ID + 64);
        for (long i = 0; i < f.capacity() - 1; i++) {
            f.add(i, i);
        }
        assertThat(f.full()).isFalse();
        f.add(-1, -1);
        assertThat(f.full()).isTrue();
        assertThat(NewIdFilter.forRemembered(0, 5_000).capacity()).as("at least the least capacity").isGreaterThanOrEqualTo(5_000);
    }

    /** A filter held to its share of the heap, built from more ids than it has room for, waits until they double. */
    @Test
    void anOverfullFilterAsksForItsNextRebuildOnlyOnceItsIdsDoubled() {
        NewIdFilter f = new NewIdFilter(64, 1);
        for (long i = 0; i < 1_000; i++) {
            f.add(i, i);
        }
        f.built();
        assertThat(f.full()).isFalse();
        for (long i = 1_000; i < 1_999; i++) {
            f.add(i, i);
        }
        assertThat(f.full()).isFalse();
        f.add(1_999, 1_999);
        assertThat(f.full()).isTrue();
    }
}
