package io.meterflow.dedupe;

/**
 * Answers "certainly never remembered" for an event digest without a RocksDB read: a blocked Bloom
 * filter over the 128-bit digests this subtask's dedupe state holds. A lookup of an id that was
 * never seen is the common case and RocksDB's dearest call (it walks the memtables and probes the
 * filter of every SST level before it can say no). It may answer "maybe" for a new id (then the
 * state is read, as without it), never "new" for an id the state holds, as long as every id
 * written to the state is {@link #add added} and the filter is rebuilt from the state after a
 * restore: it is derived from the state, never checkpointed.
 *
 * <p>Ids expire from the state (TTL) but a Bloom filter cannot forget, so it is sized for a multiple
 * of the ids the state held when it was last built and asks to be {@link #full() rebuilt} once that
 * many were added: memory stays proportional to what the state remembers (about {@value
 * #BITS_PER_ID} bits per id of capacity), and a rebuild drops the expired ones.
 *
 * <p>Each digest sets {@value #HASHES} bits of one 64-bit word (one cache miss per query); at full
 * capacity about 3 % of new ids still get a lookup, half as many at half capacity.
 */
final class NewIdFilter {
    static final int BITS_PER_ID = 8;
    static final int HASHES = 4;
    /** Capacity for this many times the ids a build started from, so rebuilds cost about one state read per new id added. */
    static final int GROWTH = 3;

    /**
     * At most a sixteenth of the heap per filter (a TaskManager runs a few dedupe subtasks): past that
     * the filter is overfull, answers "maybe" more often and the state is read as without it.
     */
    static final long MAX_BYTES = Math.min(Runtime.getRuntime().maxMemory() / 16, (Integer.MAX_VALUE - 8) * 8L);

    private final long[] words;
    private final long capacity;
    private long ids;
    private long rebuildAt;

    /** An empty filter with room for {@code capacity} ids (at least {@code minCapacity}, at most {@link #MAX_BYTES}). */
    NewIdFilter(long capacity, long minCapacity) {
        long wanted = Math.max(capacity, Math.max(1, minCapacity));
        long words = Math.max(1, Math.min(MAX_BYTES / 8, (wanted * BITS_PER_ID + 63) / 64));
        this.words = new long[(int) words];
        this.capacity = words * 64 / BITS_PER_ID;
        this.rebuildAt = this.capacity;
    }

    /**
     * Marks the end of a build from the state: a filter that could not be sized for what the state
     * holds (the heap's share) asks for its next rebuild only once the ids have doubled, so that an
     * overfull filter is not rebuilt at every batch.
     */
    NewIdFilter built() {
        rebuildAt = Math.max(capacity, 2 * ids);
        return this;
    }

    /** A filter for a state of {@code remembered} ids, with room for {@link #GROWTH} times as many. */
    static NewIdFilter forRemembered(long remembered, long minCapacity) {
        return new NewIdFilter(remembered * GROWTH, minCapacity);
    }

    void add(long digestHi, long digestLo) {
        long h = hash(digestHi, digestLo);
        words[index(h)] |= bits(h);
        ids++;
    }

    /** True only if {@link #add} was never called with this digest. */
    boolean certainlyNew(long digestHi, long digestLo) {
        long h = hash(digestHi, digestLo);
        long b = bits(h);
        return (words[index(h)] & b) != b;
    }

    /** Once as many ids were added as it was sized for: rebuild it from the state. */
    boolean full() {
        return ids >= rebuildAt;
    }

    long ids() {
        return ids;
    }

    long capacity() {
        return capacity;
    }

    /** Held to {@link #MAX_BYTES}: no build can make it larger. */
    boolean atHeapShare() {
        return words.length >= MAX_BYTES / 8;
    }

    long bytes() {
        return words.length * 8L;
    }

    /**
     * Both halves mixed (MurmurHash3's finalizer): a real digest is uniform already, but nothing here
     * relies on it (tests use small digests).
     */
    private static long hash(long digestHi, long digestLo) {
        long h = digestHi ^ Long.rotateLeft(digestLo, 31) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The high half scaled to [0, words): no modulo. */
    private int index(long h) {
        return (int) (((h >>> 32) * words.length) >>> 32);
    }

    /** Six bits of the low half per bit set: independent of the word's index. */
    private static long bits(long h) {
        long b = 0;
        for (int i = 0; i < HASHES; i++) {
            b |= 1L << (h >>> (6 * i));
        }
        return b;
    }
}
