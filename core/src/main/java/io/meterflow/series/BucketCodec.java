package io.meterflow.series;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bucketed state layout of one series (layout 2), as the operator stores it in two maps.
 *
 * <p>Head (one per series): a version byte, the newest event time (8 bytes, so expiry reads 9 bytes),
 * the bucket length in ms, then the starts of the non-empty buckets (the first as 8 bytes, the rest as
 * the number of bucket lengths since the one before). Bucket (one per bucket start): the sample count,
 * then per sample in series order the time since the bucket start, the 16-byte digest (it orders equal
 * times, so it cannot be shortened) and the exact value (scale, unscaled two's-complement bytes), all
 * counts and small numbers as unsigned LEB128 varints. The series name is part of the state key.
 * Part of the savepoint format: change it only with a new version.
 */
public final class BucketCodec {
    static final int HEAD_VERSION = 2;

    /** What a series' head says: newest event time, bucket length and the non-empty buckets, ascending. */
    public record Head(long newest, long bucketMillis, long[] starts) {
        public Head {
            if (bucketMillis <= 0 || starts.length == 0) {
                throw new IllegalArgumentException("a stored series has a bucket length and at least one bucket");
            }
        }
    }

    private BucketCodec() {}

    public static byte[] encodeHead(Head h) {
        Out out = new Out(24 + 2 * h.starts().length);
        out.raw(HEAD_VERSION);
        out.fixed(h.newest());
        out.varint(h.bucketMillis());
        out.varint(h.starts().length);
        out.fixed(h.starts()[0]);
        for (int i = 1; i < h.starts().length; i++) {
            out.varint((h.starts()[i] - h.starts()[i - 1]) / h.bucketMillis());
        }
        return out.bytes();
    }

    public static Head decodeHead(byte[] b) {
        In in = new In(b);
        checkVersion(in.raw());
        long newest = in.fixed();
        long bucket = in.varint();
        int n = Math.toIntExact(in.varint());
        long[] starts = new long[n];
        starts[0] = in.fixed();
        for (int i = 1; i < n; i++) {
            starts[i] = starts[i - 1] + in.varint() * bucket;
        }
        return new Head(newest, bucket, starts);
    }

    /** The newest event time of a head, without decoding the rest. */
    public static long newestTime(byte[] head) {
        checkVersion(head[0] & 0xff);
        long t = 0;
        for (int i = 1; i <= 8; i++) {
            t = (t << 8) | (head[i] & 0xff);
        }
        return t;
    }

    /** @param samples in series order, all in the bucket starting at {@code start}, at least one */
    public static byte[] encodeBucket(long start, List<Sample> samples) {
        Out out = new Out(8 + 26 * samples.size());
        out.varint(samples.size());
        for (Sample s : samples) {
            out.varint(s.time() - start);
            out.fixed(s.digestHi());
            out.fixed(s.digestLo());
            out.varint(zigzag(s.value().scale()));
            byte[] unscaled = s.value().unscaledValue().toByteArray();
            out.varint(unscaled.length);
            out.raw(unscaled);
        }
        return out.bytes();
    }

    public static List<Sample> decodeBucket(String series, long start, byte[] b) {
        In in = new In(b);
        int n = Math.toIntExact(in.varint());
        List<Sample> samples = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            samples.add(sample(series, start, in));
        }
        return samples;
    }

    /** The first sample of a bucket, without decoding the others. */
    public static Sample firstOfBucket(String series, long start, byte[] b) {
        In in = new In(b);
        in.varint();
        return sample(series, start, in);
    }

    private static Sample sample(String series, long start, In in) {
        long time = start + in.varint();
        long hi = in.fixed();
        long lo = in.fixed();
        int scale = (int) unzigzag(in.varint());
        byte[] unscaled = in.raw(Math.toIntExact(in.varint()));
        return new Sample(series, time, hi, lo, new BigDecimal(new BigInteger(unscaled), scale));
    }

    private static void checkVersion(int version) {
        if (version != HEAD_VERSION) {
            throw new IllegalStateException("series state head of version " + version + ", this build reads " + HEAD_VERSION);
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growable byte buffer: DataOutputStream's stream layers cost more than the encoding here. */
    private static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        void raw(int b) {
            ensure(1);
            buf[n++] = (byte) b;
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        void fixed(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[n++] = (byte) (v >>> shift);
            }
        }

        void varint(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative varint " + v);
            }
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }

    private static final class In {
        private final byte[] buf;
        private int at;

        In(byte[] buf) {
            this.buf = buf;
        }

        int raw() {
            need(1);
            return buf[at++] & 0xff;
        }

        byte[] raw(int len) {
            need(len);
            byte[] b = Arrays.copyOfRange(buf, at, at + len);
            at += len;
            return b;
        }

        long fixed() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[at++] & 0xff);
            }
            return v;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = raw();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("corrupt series state: varint longer than 10 bytes");
        }

        private void need(int len) {
            if (len < 0 || at + len > buf.length) {
                throw new IllegalStateException("corrupt series state: " + buf.length + " bytes end at " + at
                        + ", " + len + " more needed");
            }
        }
    }
}
