package io.meterflow.api;

/**
 * PostgreSQL's text form of one-dimensional {@code smallint[]} and {@code numeric[]} arrays, e.g.
 * {@code {0,1,59}} and {@code {2.5,NULL,-3}}: the elements are never quoted (no number's text holds a
 * comma, brace, quote or space), so they are the characters between the commas. The driver's own
 * array parsing would make a BigDecimal of each value only for it to be written back as text.
 */
final class PgArrayText {
    private PgArrayText() {}

    /** The elements of a smallint[] text, which has no NULLs. */
    static int[] smallints(String text) {
        int n = checked(text);
        int[] out = new int[count(text, n)];
        if (out.length == 0) {
            return out;
        }
        int k = 0;
        int v = 0;
        boolean minus = false;
        int digits = 0;
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (c == ',' || i == n - 1) {
                if (digits == 0) {
                    throw new IllegalArgumentException("not a smallint element in " + ApiServer.cut(text));
                }
                out[k++] = minus ? -v : v;
                v = 0;
                digits = 0;
                minus = false;
            } else if (c >= '0' && c <= '9' && digits < 5) {
                v = v * 10 + (c - '0');
                digits++;
            } else if (c == '-' && digits == 0 && !minus) {
                minus = true;
            } else {
                throw new IllegalArgumentException("not a smallint element in " + ApiServer.cut(text));
            }
        }
        return out;
    }

    /**
     * The bounds of the elements of a numeric[] text: element i is {@code text[bounds[2i], bounds[2i+1])},
     * and a NULL element has {@code bounds[2i] == -1}.
     */
    static int[] numerics(String text) {
        int n = checked(text);
        int[] out = new int[2 * count(text, n)];
        if (out.length == 0) {
            return out;
        }
        int k = 0;
        int from = 1;
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (c == ',' || i == n - 1) {
                if (i == from) {
                    throw new IllegalArgumentException("an empty element in " + ApiServer.cut(text));
                }
                boolean isNull = i - from == 4 && text.startsWith("NULL", from);
                out[k++] = isNull ? -1 : from;
                out[k++] = i;
                from = i + 1;
            } else if (c == '"' || c == '{' || c == '}' || c == '\\' || c == ' ') {
                throw new IllegalArgumentException("a quoted or nested element in " + ApiServer.cut(text));
            }
        }
        return out;
    }

    private static int checked(String text) {
        int n = text.length();
        if (n < 2 || text.charAt(0) != '{' || text.charAt(n - 1) != '}') {
            throw new IllegalArgumentException("not a one-dimensional array text: " + ApiServer.cut(text));
        }
        return n;
    }

    private static int count(String text, int n) {
        if (n == 2) {
            return 0;
        }
        int commas = 0;
        for (int i = 1; i < n - 1; i++) {
            if (text.charAt(i) == ',') {
                commas++;
            }
        }
        return commas + 1;
    }
}
