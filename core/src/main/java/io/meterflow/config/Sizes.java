package io.meterflow.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: plain bytes ({@code 1048576}, {@code 100B}) or binary units {@code KiB MiB GiB}. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");

    private Sizes() {}

    /** @throws IllegalArgumentException with a message showing the accepted forms */
    public static long parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "must be a size such as 1MiB, 512KiB or a number of bytes, got '" + Durations.cut(t) + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        switch (unit) {
            case "KiB": return n * 1024L;
            case "MiB": return n * 1024L * 1024L;
            case "GiB": return n * 1024L * 1024L * 1024L;
            default: return n;
        }
    }
}
