package io.meterflow.event;

import java.nio.charset.StandardCharsets;

/**
 * The one way meterflow turns strings into bytes. Well-formed text is plain UTF-8. Keys never hold
 * a lone UTF-16 surrogate or NUL (the decoder and the meters reject them, {@link #problem}), but
 * state written by older versions or rejection text may: {@link #encode} writes a lone surrogate
 * as its own three-byte sequence (WTF-8) instead of {@code ?}, so two distinct strings never share
 * bytes (digest input, committable) and {@link #decode} gives the string back unchanged.
 */
public final class Utf8 {
    private Utf8() {}

    /** Bytes of {@link #encode}, without encoding. */
    public static int length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Why a string cannot be part of a key, or null: PostgreSQL text holds neither NUL nor lone
     * surrogates (the driver would turn one into {@code ?}, merging distinct keys into one row).
     */
    public static String problem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "contains NUL (U+0000) at char " + i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return String.format("contains a lone UTF-16 surrogate (U+%04X) at char %d", (int) c, i);
                }
            }
        }
        return null;
    }

    /**
     * The first {@code maxChars} chars of {@code s} followed by "…" when anything was cut, for
     * messages and stored details. A surrogate pair at the cut is kept whole or dropped whole, so a
     * shortened valid string stays valid. Null stays null.
     */
    public static String shorten(String s, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    /** Text safe to store anywhere (rejection fields): NUL and lone surrogates become U+FFFD. */
    public static String printable(String s) {
        if (s == null || problem(s) == null) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** UTF-8, a lone surrogate as its three-byte form; injective over all strings. */
    public static byte[] encode(String s) {
        if (!hasLoneSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[length(s)];
        int o = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    /** The inverse of {@link #encode}; plain UTF-8 decoding for bytes without encoded surrogates. */
    public static String decode(byte[] b) {
        if (!hasEncodedSurrogate(b)) {
            return new String(b, StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                s.append((char) c);
                i += 1;
            } else if (c >= 0xC0 && c < 0xE0 && i + 1 < b.length) {
                s.append((char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
                i += 2;
            } else if (c >= 0xE0 && c < 0xF0 && i + 2 < b.length) {
                s.append((char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
                i += 3;
            } else if (c >= 0xF0 && i + 3 < b.length) {
                int cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
                s.appendCodePoint(cp);
                i += 4;
            } else {
                s.append('\uFFFD'); // not written by encode: truncated or foreign bytes
                i += 1;
            }
        }
        return s.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** ED A0..BF: the lead of an encoded surrogate, which strict UTF-8 never contains. */
    private static boolean hasEncodedSurrogate(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xED && (b[i + 1] & 0xFF) >= 0xA0) {
                return true;
            }
        }
        return false;
    }
}
