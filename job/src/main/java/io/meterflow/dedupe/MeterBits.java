package io.meterflow.dedupe;

import java.util.Arrays;

/**
 * The set of meters that counted an event, as the dedupe state stores it: a little-endian bit set
 * over meter ordinals, with no trailing zero bytes (an event counted by meters 0–7 costs one byte).
 * Arrays are never modified in place: state backends may hold on to the instance they were given.
 */
public final class MeterBits {
    public static final byte[] NONE = new byte[0];
    /** The set of just one of the first meters: what nearly every new event stores, shared (never modified). */
    private static final byte[][] ONLY = new byte[64][];

    static {
        for (int o = 0; o < ONLY.length; o++) {
            byte[] b = new byte[(o >>> 3) + 1];
            b[o >>> 3] = (byte) (1 << (o & 7));
            ONLY[o] = b;
        }
    }

    private MeterBits() {}

    public static boolean contains(byte[] bits, int ordinal) {
        int i = ordinal >>> 3;
        return i < bits.length && (bits[i] & (1 << (ordinal & 7))) != 0;
    }

    /** {@code bits} with {@code ordinal} added; the same array if it was already there. */
    public static byte[] with(byte[] bits, int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("meter ordinal must not be negative, got " + ordinal);
        }
        if (contains(bits, ordinal)) {
            return bits;
        }
        if (bits.length == 0 && ordinal < ONLY.length) {
            return ONLY[ordinal];
        }
        int i = ordinal >>> 3;
        byte[] out = Arrays.copyOf(bits, Math.max(bits.length, i + 1));
        out[i] |= (byte) (1 << (ordinal & 7));
        return out;
    }
}
