package io.meterflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.UsageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LookupOrderTest {

    /**
     * The packed sort is the comparator's stable sort: same order, and records of one event keep
     * their arrival order (the first delivery is the one counted). Few keys, key groups, hashes and
     * digests, so that every tie is exercised, negative and unsigned-large values included.
     */
    @Property(tries = 300)
    void sameAsAStableComparatorSort(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int size,
            @ForAll @IntRange(min = 1, max = 40) int distinct) {
        Random random = new Random(seed);
        List<DedupeOperator.Pending> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(pending(random, distinct));
        }
        List<DedupeOperator.Pending> expected = new ArrayList<>(batch);
        expected.sort(DedupeOperator.Pending::compareTo); // List.sort is stable

        DedupeOperator.Pending[] sorted = LookupOrder.sort(batch, new LookupOrder.Keys());

        assertThat(java.util.Arrays.asList(sorted).subList(0, size)).containsExactlyElementsOf(expected);
    }

    @Test
    void theBuffersAreReusedAcrossBatchesOfAnySize() {
        Random random = new Random(7);
        LookupOrder.Keys keys = new LookupOrder.Keys();
        for (int size : new int[] {1000, 10, 5000, 0, 1}) {
            List<DedupeOperator.Pending> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(pending(random, 5));
            }
            List<DedupeOperator.Pending> expected = new ArrayList<>(batch);
            expected.sort(DedupeOperator.Pending::compareTo);
            DedupeOperator.Pending[] sorted = LookupOrder.sort(batch, keys);
            assertThat(java.util.Arrays.asList(sorted).subList(0, size)).containsExactlyElementsOf(expected);
            java.util.Arrays.fill(sorted, 0, size, null);
        }
    }

    @Test
    void theHighestKeyGroupAndAllHashBitsSortUnsigned() {
        List<DedupeOperator.Pending> batch = new ArrayList<>();
        int[] groups = {32767, 0, 16384, 1, 32767, 16383};
        for (int i = 0; i < groups.length; i++) {
            UsageRecord r = new UsageRecord();
            r.digestHi = -i;
            r.digestLo = i;
            batch.add(new DedupeOperator.Pending(r, 0, "subject-" + i, groups[i]));
        }
        List<DedupeOperator.Pending> expected = new ArrayList<>(batch);
        expected.sort(DedupeOperator.Pending::compareTo);
        assertThat(java.util.Arrays.asList(LookupOrder.sort(batch, new LookupOrder.Keys())).subList(0, batch.size()))
                .containsExactlyElementsOf(expected);
    }

    private static DedupeOperator.Pending pending(Random random, int distinct) {
        UsageRecord r = new UsageRecord();
        // Digests near 0 and near the unsigned top, so the unsigned comparison matters.
        r.digestHi = random.nextBoolean() ? random.nextInt(distinct) : -1 - random.nextInt(distinct);
        r.digestLo = random.nextBoolean() ? random.nextInt(distinct) : Long.MIN_VALUE + random.nextInt(distinct);
        String key = "s" + random.nextInt(distinct);
        int keyGroup = random.nextBoolean() ? random.nextInt(distinct) : 32767 - random.nextInt(distinct);
        return new DedupeOperator.Pending(r, random.nextLong(), key, keyGroup);
    }
}
