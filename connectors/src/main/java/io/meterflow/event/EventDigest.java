package io.meterflow.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 128-bit identity of a CloudEvent ({@code source} + {@code id}): the dedupe key and the LATEST
 * tie-break. SHA-256 truncated to 128 bits, so a producer cannot craft two ids that collide.
 */
public final class EventDigest {
    private static final ThreadLocal<MessageDigest> SHA256 =
            ThreadLocal.withInitial(
                    () -> {
                        try {
                            return MessageDigest.getInstance("SHA-256");
                        } catch (NoSuchAlgorithmException e) {
                            throw new IllegalStateException("SHA-256 is required by every JVM", e);
                        }
                    });

    private final long hi;
    private final long lo;

    public EventDigest(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public static EventDigest of(String source, String id) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        byte[] s = source.getBytes(StandardCharsets.UTF_8);
        // Length prefix keeps ("ab","c") and ("a","bc") apart.
        sha.update(intBytes(s.length));
        sha.update(s);
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        return new EventDigest(longAt(d, 0), longAt(d, 8));
    }

    public long hi() { return hi; }
    public long lo() { return lo; }

    public String toHex() {
        return String.format("%016x%016x", hi, lo);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventDigest && ((EventDigest) o).hi == hi && ((EventDigest) o).lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
