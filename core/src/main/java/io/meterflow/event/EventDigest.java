package io.meterflow.event;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * 128-bit identity of a CloudEvent ({@code source} + {@code id}): the dedupe key and the LATEST
 * tie-break. SHA-256 truncated to 128 bits, so a producer cannot craft two ids that collide.
 * The input is {@link #input}: injective, so distinct (source, id) pairs never hash the same bytes.
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
        byte[] d = sha.digest(input(source, id));
        return new EventDigest(longAt(d, 0), longAt(d, 8));
    }

    /**
     * Length of source, source, id, each string as {@link Utf8#encode} (UTF-8 for well-formed text,
     * so digests of valid events are the ones earlier versions stored). The length prefix keeps
     * ("ab","c") and ("a","bc") apart; the encoding keeps "evt-\ud83d" and "evt-?" apart.
     */
    static byte[] input(String source, String id) {
        byte[] s = Utf8.encode(source);
        byte[] i = Utf8.encode(id);
        byte[] in = new byte[4 + s.length + i.length];
        System.arraycopy(intBytes(s.length), 0, in, 0, 4);
        System.arraycopy(s, 0, in, 4, s.length);
        System.arraycopy(i, 0, in, 4 + s.length, i.length);
        return in;
    }

    public long hi() { return hi; }
    public long lo() { return lo; }

    public String toHex() {
        return HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
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
