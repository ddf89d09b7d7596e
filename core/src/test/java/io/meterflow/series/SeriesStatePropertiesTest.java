package io.meterflow.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.WindowSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;

/**
 * The invariant the series logic exists for: whatever order the samples of a series arrive in
 * (within the lateness), the window changes it emits add up to the result of processing the same
 * samples in event-time order, and that result is the one a separate reference computes.
 */
class SeriesStatePropertiesTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final Comparator<Sample> BY_KEY = Comparator.comparingLong(Sample::time)
            .thenComparing(Sample::digestHi, Long::compareUnsigned)
            .thenComparing(Sample::digestLo, Long::compareUnsigned);

    /** A random series: its settings (lateness covering every sample) and its samples in event-time order. */
    record Case(SeriesSettings settings, List<Sample> samples) {
        long span() {
            return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).time() - samples.get(0).time();
        }
    }

    @Property(tries = 500)
    void everyArrivalOrderGivesTheEventTimeOrderResult(@ForAll("cases") Case c, @ForAll Random random) {
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(c.span()));
        List<Sample> shuffled = new ArrayList<>(c.samples());
        Collections.shuffle(shuffled, random);

        collectCoverage(c);
        Map<Long, SeriesReference.Total> sorted = SeriesReference.totals(offerAll(s, c.samples()));
        Map<Long, SeriesReference.Total> arrived = SeriesReference.totals(offerAll(s, shuffled));

        assertThat(arrived).isEqualTo(sorted);
        assertThat(sorted).isEqualTo(SeriesReference.expected(s, c.samples()));
    }

    @Property(tries = 60)
    void everyPermutationOfASmallSeriesGivesTheEventTimeOrderResult(@ForAll("cases") Case c) {
        List<Sample> small = c.samples().subList(0, Math.min(6, c.samples().size()));
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(c.span()));
        Map<Long, SeriesReference.Total> expected = SeriesReference.expected(s, small);
        permutations(new ArrayList<>(small), 0, order ->
                assertThat(SeriesReference.totals(offerAll(s, order))).as("arrival order %s", order).isEqualTo(expected));
    }

    /** Heap-free, obvious: swap each remaining element into position k and recurse. */
    private static void permutations(List<Sample> xs, int k, java.util.function.Consumer<List<Sample>> visit) {
        if (k == xs.size()) {
            visit.accept(xs);
            return;
        }
        for (int i = k; i < xs.size(); i++) {
            Collections.swap(xs, k, i);
            permutations(xs, k + 1, visit);
            Collections.swap(xs, k, i);
        }
    }

    @Property(tries = 500)
    void samplesDelayedWithinTheLatenessAreAllCountedAndStateStaysBounded(
            @ForAll("cases") Case c, @ForAll("fractions") double latenessFraction, @ForAll Random random) {
        long lateness = (long) (c.span() * latenessFraction);
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(lateness));
        // Arrival = event time + a delay of at most the lateness: never more than that behind the newest.
        List<long[]> arrival = new ArrayList<>();
        for (int i = 0; i < c.samples().size(); i++) {
            long delay = lateness == 0 ? 0 : (long) (random.nextDouble() * (lateness + 1));
            arrival.add(new long[] {c.samples().get(i).time() + Math.min(delay, lateness), random.nextLong(), i});
        }
        arrival.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));

        SeriesState state = new SeriesState(s);
        List<WindowChange> changes = new ArrayList<>();
        List<Sample> seen = new ArrayList<>();
        for (long[] a : arrival) {
            Sample x = c.samples().get((int) a[2]);
            SeriesUpdate u = state.offer(x);
            assertThat(u.outcome()).isEqualTo(SeriesUpdate.Outcome.ACCEPTED);
            changes.addAll(u.changes());
            seen.add(x);
            assertKeepsExactlyWhatTheLatenessNeeds(state, seen, lateness);
        }
        assertThat(SeriesReference.totals(changes)).isEqualTo(SeriesReference.expected(s, c.samples()));
    }

    @Property(tries = 500)
    void anyArrivalOrderCountsTheAcceptedSamplesExactlyAndRefusesOnlyTooLateOnes(
            @ForAll("cases") Case c, @ForAll("fractions") double latenessFraction, @ForAll Random random) {
        long lateness = (long) (c.span() * latenessFraction);
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(lateness));
        List<Sample> shuffled = new ArrayList<>(c.samples());
        Collections.shuffle(shuffled, random);

        SeriesState state = new SeriesState(s);
        List<WindowChange> changes = new ArrayList<>();
        List<Sample> accepted = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (Sample x : shuffled) {
            SeriesUpdate u = state.offer(x);
            if (newest != Long.MIN_VALUE && x.time() < newest - lateness) {
                assertThat(u.outcome()).isEqualTo(SeriesUpdate.Outcome.TOO_LATE);
                assertThat(u.changes()).isEmpty();
                assertThat(u.rejectionReason()).hasToString("TOO_LATE_FOR_SERIES");
            } else {
                assertThat(u.outcome()).isEqualTo(SeriesUpdate.Outcome.ACCEPTED);
                accepted.add(x);
                newest = Math.max(newest, x.time());
            }
            changes.addAll(u.changes());
            assertKeepsExactlyWhatTheLatenessNeeds(state, accepted, lateness);
        }
        assertThat(SeriesReference.totals(changes)).isEqualTo(SeriesReference.expected(s, accepted));
    }

    @Property(tries = 200)
    void restoringTheKeptSamplesMidSeriesChangesNothing(@ForAll("cases") Case c, @ForAll Random random) {
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(c.span()));
        List<Sample> shuffled = new ArrayList<>(c.samples());
        Collections.shuffle(shuffled, random);
        int cut = shuffled.isEmpty() ? 0 : random.nextInt(shuffled.size() + 1);

        SeriesState before = new SeriesState(s);
        List<WindowChange> changes = new ArrayList<>();
        for (Sample x : shuffled.subList(0, cut)) {
            changes.addAll(before.offer(x).changes());
        }
        List<Sample> kept = new ArrayList<>(before.samples());
        Collections.shuffle(kept, random);
        SeriesState after = SeriesState.restore(s, kept);
        assertThat(after.samples()).isEqualTo(before.samples());
        for (Sample x : shuffled.subList(cut, shuffled.size())) {
            changes.addAll(after.offer(x).changes());
        }
        assertThat(SeriesReference.totals(changes)).isEqualTo(SeriesReference.expected(s, c.samples()));
    }

    /**
     * The bucketed layout the operator stores decides exactly as the whole-series state: the same outcome
     * and the same changes for every offer, in any arrival order, with or without refusals; it keeps every
     * sample the lateness needs, and older ones from at most two buckets (it prunes whole buckets).
     */
    @Property(tries = 500)
    void theBucketedLayoutDecidesExactlyAsTheWholeSeries(
            @ForAll("cases") Case c, @ForAll("fractions") double latenessFraction, @ForAll Random random) throws Exception {
        long lateness = (long) (c.span() * latenessFraction);
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(lateness));
        List<Sample> shuffled = new ArrayList<>(c.samples());
        Collections.shuffle(shuffled, random);
        SeriesState whole = new SeriesState(s);
        MemoryStore store = new MemoryStore();
        for (Sample x : shuffled) {
            SeriesUpdate expected = whole.offer(x);
            SeriesBuckets.Offered got = SeriesBuckets.offer(s, store, x);
            assertThat(got.update()).as("offer of %s", x).isEqualTo(expected);
            assertThat(got.newestAfter()).isEqualTo(whole.newestTime());
            assertKeepsWhatTheLatenessNeedsAndAtMostTwoBucketsMore(store, whole);
        }
    }

    /** A series moved from the whole-series layout mid-series continues as if nothing happened. */
    @Property(tries = 200)
    void importingTheKeptSamplesMidSeriesChangesNothing(
            @ForAll("cases") Case c, @ForAll("fractions") double latenessFraction, @ForAll Random random) throws Exception {
        long lateness = (long) (c.span() * latenessFraction);
        SeriesSettings s = withLateness(c.settings(), Duration.ofMillis(lateness));
        List<Sample> shuffled = new ArrayList<>(c.samples());
        Collections.shuffle(shuffled, random);
        int cut = shuffled.isEmpty() ? 0 : random.nextInt(shuffled.size() + 1);
        SeriesState whole = new SeriesState(s);
        for (Sample x : shuffled.subList(0, cut)) {
            whole.offer(x);
        }
        MemoryStore store = new MemoryStore();
        SeriesBuckets.importSamples(s, store, whole.samples());
        assertThat(SeriesBuckets.samples("pod-1", store)).isEqualTo(whole.samples());
        for (Sample x : shuffled.subList(cut, shuffled.size())) {
            assertThat(SeriesBuckets.offer(s, store, x).update()).isEqualTo(whole.offer(x));
        }
    }

    private static void assertKeepsWhatTheLatenessNeedsAndAtMostTwoBucketsMore(MemoryStore store, SeriesState whole)
            throws Exception {
        List<Sample> kept = SeriesBuckets.samples("pod-1", store);
        List<Sample> needed = whole.samples();
        assertThat(kept).endsWith(needed.toArray(new Sample[0]));
        long b = BucketCodec.decodeHead(store.head()).bucketMillis();
        assertThat(kept.subList(0, kept.size() - needed.size()).stream().map(x -> Math.floorDiv(x.time(), b)).distinct())
                .hasSizeLessThanOrEqualTo(2);
        assertThat(BucketCodec.newestTime(store.head())).isEqualTo(whole.newestTime());
    }

    /** The operator's map state, as a map. */
    static final class MemoryStore implements SeriesBuckets.Store {
        byte[] head;
        final java.util.TreeMap<Long, byte[]> buckets = new java.util.TreeMap<>();

        @Override
        public byte[] head() {
            return head;
        }

        @Override
        public void putHead(byte[] h) {
            head = h;
        }

        @Override
        public byte[] bucket(long start) {
            return buckets.get(start);
        }

        @Override
        public void putBucket(long start, byte[] bucket) {
            buckets.put(start, bucket);
        }

        @Override
        public void removeBucket(long start) {
            buckets.remove(start);
        }
    }

    /** Shows in the report that the cases hold what the rules are about. */
    private static void collectCoverage(Case c) {
        List<Sample> x = c.samples();
        boolean equalTimes = false;
        boolean reset = false;
        boolean gapOverHold = false;
        boolean straddles = false;
        long w = c.settings().windowSize().millis();
        for (int i = 1; i < x.size(); i++) {
            equalTimes |= x.get(i).time() == x.get(i - 1).time();
            reset |= x.get(i).value().compareTo(x.get(i - 1).value()) < 0;
            gapOverHold |= x.get(i).time() - x.get(i - 1).time() > c.settings().maxHold().toMillis();
            straddles |= Math.floorDiv(x.get(i).time(), w) != Math.floorDiv(x.get(i - 1).time(), w);
        }
        Statistics.label("samples").collect(x.size() < 2 ? "<2" : x.size() < 10 ? "2-9" : "10+");
        Statistics.label("aggregation").collect(c.settings().aggregation());
        Statistics.label("equal times").collect(equalTimes);
        Statistics.label("reset (value drops)").collect(reset);
        Statistics.label("gap longer than maxHold").collect(gapOverHold);
        Statistics.label("consecutive samples in different windows").collect(straddles);
    }

    /** Kept: every accepted sample at or after newest - lateness, and the last one before it; nothing else. */
    private static void assertKeepsExactlyWhatTheLatenessNeeds(SeriesState state, List<Sample> accepted, long lateness) {
        List<Sample> sorted = new ArrayList<>(accepted);
        sorted.sort(BY_KEY);
        long newest = sorted.get(sorted.size() - 1).time();
        List<Sample> needed = new ArrayList<>();
        Sample lastBefore = null;
        for (Sample x : sorted) {
            if (x.time() >= newest - lateness) {
                needed.add(x);
            } else {
                lastBefore = x;
            }
        }
        if (lastBefore != null) {
            needed.add(0, lastBefore);
        }
        assertThat(state.samples()).isEqualTo(needed);
        assertThat(state.size()).isEqualTo(needed.size());
        assertThat(state.newestTime()).isEqualTo(newest);
    }

    private static List<WindowChange> offerAll(SeriesSettings s, List<Sample> samples) {
        SeriesState state = new SeriesState(s);
        List<WindowChange> changes = new ArrayList<>();
        for (Sample x : samples) {
            SeriesUpdate u = state.offer(x);
            assertThat(u.outcome()).isEqualTo(SeriesUpdate.Outcome.ACCEPTED);
            changes.addAll(u.changes());
        }
        return changes;
    }

    private static SeriesSettings withLateness(SeriesSettings s, Duration lateness) {
        return new SeriesSettings(s.aggregation(), s.windowSize(), lateness, s.maxHold(), s.firstSample());
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(1.0)),
                net.jqwik.api.Tuple.of(6, Arbitraries.doubles().between(0.0, 1.0)));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<SeriesAggregation> aggregation = Arbitraries.of(SeriesAggregation.class);
        Arbitrary<WindowSize> window = Arbitraries.of(WindowSize.class);
        Arbitrary<FirstSample> first = Arbitraries.of(FirstSample.class);
        // Holds shorter and longer than the gaps, some not a multiple of a second.
        Arbitrary<Long> maxHold = Arbitraries.oneOf(
                Arbitraries.of(1L, 1_000L, 30_000L, 60_000L, 300_000L, 433_001L),
                Arbitraries.longs().between(1, 900_000));
        // Few distinct steps: equal times are frequent, gaps straddle window boundaries.
        Arbitrary<Long> step = Arbitraries.of(1L, 999L, 7_500L, 45_000L, 61_000L, 1_234_567L);
        Arbitrary<List<long[]>> raw = Combinators.combine(
                        Arbitraries.integers().between(0, 40),
                        // Equal digest highs make the low half decide; signs test the unsigned order.
                        Arbitraries.oneOf(Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE), Arbitraries.longs()),
                        Arbitraries.longs(),
                        // Zero often: a zero gauge still covers its windows.
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                                net.jqwik.api.Tuple.of(7, Arbitraries.longs().between(-5_000, 100_000))),
                        Arbitraries.integers().between(0, 3))
                .as((k, hi, lo, unscaled, scale) -> new long[] {k, hi, lo, unscaled, scale})
                .list().ofMinSize(0).ofMaxSize(24).withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(aggregation, window, first, maxHold, step, raw, Arbitraries.longs().between(-90_000, 90_000))
                .as((a, w, f, h, st, rows, offset) -> {
                    SeriesSettings s = new SeriesSettings(a, w, Duration.ZERO, Duration.ofMillis(h), f);
                    List<Sample> samples = new ArrayList<>();
                    Set<String> keys = new HashSet<>();
                    for (long[] r : rows) {
                        long time = T0 + offset + r[0] * st;
                        // Counters are mostly non-negative; gauges may go below zero.
                        long unscaled = a == SeriesAggregation.INCREASE ? Math.abs(r[3]) : r[3];
                        if (keys.add(time + "/" + r[1] + "/" + r[2])) {
                            samples.add(new Sample("pod-1", time, r[1], r[2], BigDecimal.valueOf(unscaled, (int) r[4])));
                        }
                    }
                    samples.sort(BY_KEY);
                    return new Case(s, samples);
                });
    }
}
