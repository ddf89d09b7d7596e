package io.meterflow.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketCodecTest {
    private static final long START = 1_767_225_600_000L;

    @Test
    void aBucketRoundTripsExactValuesAndUnsignedDigests() {
        List<Sample> samples = List.of(
                new Sample("pod-1", START, -1L, Long.MIN_VALUE, new BigDecimal("0")),
                new Sample("pod-1", START, 0, 1, new BigDecimal("-12.500")),
                new Sample("pod-1", START + 449_999, Long.MAX_VALUE, -7, new BigDecimal("1E+5")),
                new Sample("pod-1", START + 3, 5, 6, new BigDecimal("9".repeat(1000) + ".25")));
        byte[] b = BucketCodec.encodeBucket(START, samples);
        assertThat(BucketCodec.decodeBucket("pod-1", START, b)).isEqualTo(samples);
        assertThat(BucketCodec.firstOfBucket("pod-1", START, b)).isEqualTo(samples.get(0));
        // A small sample costs its digest plus a few bytes, not 8-byte times and 4-byte scales.
        byte[] one = BucketCodec.encodeBucket(START, List.of(new Sample("pod-1", START + 10_000, 1, 2, new BigDecimal("1234.5"))));
        assertThat(one).hasSize(1 + 2 + 16 + 1 + 1 + 2);
    }

    @Test
    void aHeadRoundTripsAndItsNewestTimeReadsWithoutDecoding() {
        BucketCodec.Head h = new BucketCodec.Head(START + 7_000_000, 450_000,
                new long[] {-900_000, START, START + 450_000, START + 6_750_000});
        byte[] b = BucketCodec.encodeHead(h);
        BucketCodec.Head back = BucketCodec.decodeHead(b);
        assertThat(back.newest()).isEqualTo(h.newest());
        assertThat(back.bucketMillis()).isEqualTo(450_000);
        assertThat(back.starts()).containsExactly(h.starts());
        assertThat(BucketCodec.newestTime(b)).isEqualTo(h.newest());
    }

    @Test
    void corruptOrForeignStateIsAClearError() {
        byte[] head = BucketCodec.encodeHead(new BucketCodec.Head(START, 1000, new long[] {START}));
        head[0] = 1;
        assertThatThrownBy(() -> BucketCodec.decodeHead(head)).hasMessageContaining("version 1, this build reads 2");
        byte[] bucket = BucketCodec.encodeBucket(START, List.of(new Sample("s", START, 1, 2, BigDecimal.ONE)));
        assertThatThrownBy(() -> BucketCodec.decodeBucket("s", START, Arrays.copyOf(bucket, bucket.length - 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt series state");
    }
}
