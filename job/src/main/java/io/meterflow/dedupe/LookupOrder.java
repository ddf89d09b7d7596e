package io.meterflow.dedupe;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a dedupe batch into lookup order ({@link DedupeOperator.Pending#compareTo}: key group, key
 * hash, digest unsigned), stable, so that the first delivery of an event stays first. The batch is
 * sorted as primitives on (key group, key hash, arrival index) packed into one long, then each run of
 * one key by digest: a comparator sort over the whole batch chased a pointer into two objects per
 * comparison (~a fifth of the dedupe thread), while a key's run is a few dozen records.
 */
final class LookupOrder {
    /** Flink's largest max parallelism is 2^15: a key group fits in 15 bits. */
    static final int KEY_GROUP_BITS = 15;
    /** What is left of 64 bits after the key group and the 32-bit hash: the arrival index. */
    static final int INDEX_BITS = 64 - KEY_GROUP_BITS - 32;

    private static final Comparator<DedupeOperator.Pending> BY_DIGEST = (a, b) -> {
        int c = Long.compareUnsigned(a.digestHi, b.digestHi);
        return c != 0 ? c : Long.compareUnsigned(a.digestLo, b.digestLo);
    };

    private LookupOrder() {}

    /** Reused buffers, one per operator. */
    static final class Keys {
        private long[] packed = new long[0];
        private DedupeOperator.Pending[] sorted = new DedupeOperator.Pending[0];
    }

    /**
     * The batch in lookup order, in {@code keys}' buffer (only its first {@code batch.size()} entries
     * are the batch; the caller clears them after use). {@code batch} is not changed.
     */
    static DedupeOperator.Pending[] sort(List<DedupeOperator.Pending> batch, Keys keys) {
        int n = batch.size();
        if (keys.sorted.length < n) {
            keys.sorted = new DedupeOperator.Pending[Math.max(n, keys.sorted.length * 2)];
        }
        DedupeOperator.Pending[] out = keys.sorted;
        if (n >= 1L << INDEX_BITS) { // larger than any batch size in use: the plain comparator sort
            for (int i = 0; i < n; i++) {
                out[i] = batch.get(i);
            }
            Arrays.sort(out, 0, n, DedupeOperator.Pending::compareTo);
            return out;
        }
        if (keys.packed.length < n) {
            keys.packed = new long[Math.max(n, keys.packed.length * 2)];
        }
        long[] packed = keys.packed;
        for (int i = 0; i < n; i++) {
            DedupeOperator.Pending p = batch.get(i);
            long keyGroup = p.order >>> 32;
            if (keyGroup >= 1L << KEY_GROUP_BITS) {
                throw new IllegalStateException("key group " + keyGroup + " beyond Flink's largest max parallelism");
            }
            // Unsigned order of (key group, hash, index) as signed longs: flip the sign bit.
            packed[i] = ((keyGroup << (32 + INDEX_BITS)) | ((p.order & 0xffffffffL) << INDEX_BITS) | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(packed, 0, n);
        long indexMask = (1L << INDEX_BITS) - 1;
        for (int i = 0; i < n; i++) {
            out[i] = batch.get((int) (packed[i] & indexMask));
        }
        // Runs of one (key group, hash) are in arrival order: a stable sort by digest finishes them.
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || out[i].order != out[start].order) {
                if (i - start > 1) {
                    Arrays.sort(out, start, i, BY_DIGEST);
                }
                start = i;
            }
        }
        return out;
    }
}
