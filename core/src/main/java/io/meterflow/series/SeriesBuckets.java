package io.meterflow.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@link SeriesState}'s rule on a series split into time buckets, so that one sample reads and writes
 * only its own bucket (and at most the first or last sample of a neighbouring bucket), not the whole
 * series: the same outcomes and window changes as {@link SeriesState#offer}, for any arrival order.
 *
 * <p>A series is a head ({@link BucketCodec.Head}: newest time, bucket length, non-empty bucket starts)
 * and its buckets; both live in a {@link Store} (the operator's keyed map state). The bucket length is
 * fixed per series when it starts (in the head), so a later change of {@code seriesLateness} does not
 * move samples between buckets. Pruning is by whole buckets: a bucket is dropped once a later bucket lies
 * entirely before the cut ({@code newest - lateness}), so a series keeps what {@link SeriesState} keeps plus
 * at most one bucket's worth of older samples, and never reads or rewrites a bucket just to trim it.
 */
public final class SeriesBuckets {
    /** Buckets per lateness: 2 h gives 7.5-minute buckets (45 samples at one per 10 s). */
    static final int BUCKETS_PER_LATENESS = 16;
    static final long MIN_BUCKET_MS = 1_000;

    /** Where one series' head and buckets are kept; the operator maps it onto keyed map state. */
    public interface Store {
        byte[] head() throws Exception;

        void putHead(byte[] head) throws Exception;

        byte[] bucket(long start) throws Exception;

        void putBucket(long start, byte[] bucket) throws Exception;

        void removeBucket(long start) throws Exception;
    }

    /** The outcome of an offer, with the series' newest event time before and after it. */
    public record Offered(SeriesUpdate update, long newestBefore, long newestAfter) {}

    private SeriesBuckets() {}

    /** The bucket length a new series of these settings gets, whole seconds. */
    public static long bucketMillis(SeriesSettings settings) {
        long b = settings.latenessMillis() / BUCKETS_PER_LATENESS / MIN_BUCKET_MS * MIN_BUCKET_MS;
        return Math.max(MIN_BUCKET_MS, b);
    }

    /** Offers one sample to the series kept in {@code store} (empty: a new series). */
    public static Offered offer(SeriesSettings settings, Store store, Sample x) throws Exception {
        byte[] headBytes = store.head();
        if (headBytes == null) {
            long b = bucketMillis(settings);
            long start = Math.floorDiv(x.time(), b) * b;
            List<WindowChange> changes = SeriesState.changes(settings, null, x, null);
            store.putBucket(start, BucketCodec.encodeBucket(start, List.of(x)));
            store.putHead(BucketCodec.encodeHead(new BucketCodec.Head(x.time(), b, new long[] {start})));
            return new Offered(new SeriesUpdate(SeriesUpdate.Outcome.ACCEPTED, changes), Long.MIN_VALUE, x.time());
        }
        BucketCodec.Head head = BucketCodec.decodeHead(headBytes);
        long newest = head.newest();
        if (x.time() < newest - settings.latenessMillis()) {
            return new Offered(SeriesUpdate.TOO_LATE, newest, newest);
        }
        long b = head.bucketMillis();
        long start = Math.floorDiv(x.time(), b) * b;
        long[] starts = head.starts();
        int bi = Arrays.binarySearch(starts, start);
        List<Sample> bucket = bi >= 0 ? BucketCodec.decodeBucket(x.series(), start, bucket(store, start))
                : new ArrayList<>(1);
        int i = Collections.binarySearch(bucket, x, Sample.ORDER);
        if (i >= 0) {
            return new Offered(SeriesUpdate.DUPLICATE, newest, newest);
        }
        int at = -i - 1;
        int before = bi >= 0 ? bi - 1 : -bi - 2; // index of the nearest bucket before x's, or -1
        int after = bi >= 0 ? bi + 1 : -bi - 1;  // index of the nearest bucket after x's, or starts.length
        Sample prev = at > 0 ? bucket.get(at - 1)
                : before >= 0 ? last(BucketCodec.decodeBucket(x.series(), starts[before], bucket(store, starts[before])))
                : null;
        Sample next = at < bucket.size() ? bucket.get(at)
                : after < starts.length ? BucketCodec.firstOfBucket(x.series(), starts[after], bucket(store, starts[after]))
                : null;
        List<WindowChange> changes = SeriesState.changes(settings, prev, x, next);
        bucket.add(at, x);
        store.putBucket(start, BucketCodec.encodeBucket(start, bucket));
        boolean headChanged = false;
        if (bi < 0) {
            long[] more = new long[starts.length + 1];
            int ins = -bi - 1;
            System.arraycopy(starts, 0, more, 0, ins);
            more[ins] = start;
            System.arraycopy(starts, ins, more, ins + 1, starts.length - ins);
            starts = more;
            headChanged = true;
        }
        if (x.time() > newest) {
            newest = x.time();
            starts = prune(store, starts, b, newest - settings.latenessMillis());
            headChanged = true;
        }
        if (headChanged) {
            store.putHead(BucketCodec.encodeHead(new BucketCodec.Head(newest, b, starts)));
        }
        return new Offered(new SeriesUpdate(SeriesUpdate.Outcome.ACCEPTED, changes), head.newest(), newest);
    }

    /**
     * Stores samples kept in another layout (the one-value-per-series layout 1) as a new series, pruned
     * as {@link SeriesState#restore} prunes.
     */
    public static void importSamples(SeriesSettings settings, Store store, List<Sample> samples) throws Exception {
        List<Sample> kept = SeriesState.restore(settings, samples).samples();
        if (kept.isEmpty()) {
            return;
        }
        long b = bucketMillis(settings);
        List<Long> starts = new ArrayList<>();
        List<Sample> bucket = new ArrayList<>();
        for (Sample s : kept) {
            long start = Math.floorDiv(s.time(), b) * b;
            if (!starts.isEmpty() && starts.get(starts.size() - 1) != start) {
                store.putBucket(starts.get(starts.size() - 1), BucketCodec.encodeBucket(starts.get(starts.size() - 1), bucket));
                bucket = new ArrayList<>();
            }
            if (starts.isEmpty() || starts.get(starts.size() - 1) != start) {
                starts.add(start);
            }
            bucket.add(s);
        }
        store.putBucket(starts.get(starts.size() - 1), BucketCodec.encodeBucket(starts.get(starts.size() - 1), bucket));
        store.putHead(BucketCodec.encodeHead(new BucketCodec.Head(kept.get(kept.size() - 1).time(), b,
                starts.stream().mapToLong(Long::longValue).toArray())));
    }

    /** Every kept sample of the series in series order (tests, state size); empty when there is none. */
    public static List<Sample> samples(String series, Store store) throws Exception {
        byte[] headBytes = store.head();
        List<Sample> all = new ArrayList<>();
        if (headBytes != null) {
            for (long start : BucketCodec.decodeHead(headBytes).starts()) {
                all.addAll(BucketCodec.decodeBucket(series, start, bucket(store, start)));
            }
        }
        return all;
    }

    /** Drops the buckets before the last one that lies entirely before the cut: none can be a neighbour again. */
    private static long[] prune(Store store, long[] starts, long b, long cut) throws Exception {
        int k = -1;
        while (k + 1 < starts.length && starts[k + 1] + b <= cut) {
            k++;
        }
        if (k <= 0) {
            return starts;
        }
        for (int j = 0; j < k; j++) {
            store.removeBucket(starts[j]);
        }
        return Arrays.copyOfRange(starts, k, starts.length);
    }

    private static byte[] bucket(Store store, long start) throws Exception {
        byte[] b = store.bucket(start);
        if (b == null) {
            throw new IllegalStateException("corrupt series state: the head lists bucket " + start + ", which is missing");
        }
        return b;
    }

    private static Sample last(List<Sample> samples) {
        return samples.get(samples.size() - 1);
    }
}
