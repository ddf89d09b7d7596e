package io.meterflow.meter;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.event.RejectionReason;
import io.meterflow.event.Utf8;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Reads a meter's value from a JSON node: exact decimals, no binary floating point. The result is
 * a value or a rejection (reason + detail); never an exception.
 */
final class MeterValues {
    /**
     * Accepted values: at most this many significant digits and a decimal exponent within
     * ±{@value #MAX_EXPONENT}, zeros beyond it read as 0 (so the scale stays within -1000..1999). PostgreSQL
     * numeric holds 16383 digits after the point, and any sum of such values is a BigDecimal that
     * add and compareTo handle without an ArithmeticException.
     */
    static final int MAX_DIGITS = 1000;
    static final int MAX_EXPONENT = 1000;
    /** Longer numeric strings cannot be in range; refusing them first keeps parsing cheap. */
    private static final int MAX_NUMERIC_TEXT = 2 * MAX_DIGITS + 16;

    /** A value or a rejection. */
    static final class Result {
        final BigDecimal number;
        final String text;
        final RejectionReason reason;
        final String detail;

        private Result(BigDecimal number, String text, RejectionReason reason, String detail) {
            this.number = number;
            this.text = text;
            this.reason = reason;
            this.detail = detail;
        }

        boolean ok() {
            return reason == null;
        }

        static Result number(BigDecimal v) {
            return new Result(v, null, null, null);
        }

        static Result text(String v) {
            return new Result(null, v, null, null);
        }

        static Result reject(RejectionReason reason, String detail) {
            return new Result(null, null, reason, detail);
        }
    }

    private MeterValues() {}

    /** SUM, AVG, MIN, MAX, LATEST: a JSON number or a numeric string, finite and in range. */
    static Result numeric(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return Result.reject(RejectionReason.MISSING_VALUE, path + " is absent or null");
        }
        BigDecimal v;
        if (n.isNumber()) {
            if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                return Result.reject(RejectionReason.NON_FINITE_VALUE, path + " is not finite");
            }
            v = exact(n);
        } else if (n.isTextual()) {
            String s = n.textValue();
            if (isNonFinite(s)) {
                return Result.reject(RejectionReason.NON_FINITE_VALUE, path + " is " + show(s) + ", not a finite number");
            }
            if (s.length() > MAX_NUMERIC_TEXT) {
                return Result.reject(RejectionReason.VALUE_OUT_OF_RANGE, path + " is out of range"
                        + " (a string of " + s.length() + " chars)");
            }
            try {
                v = new BigDecimal(s);
            } catch (NumberFormatException e) {
                return Result.reject(RejectionReason.NON_NUMERIC_VALUE, path + " is " + show(s) + ", not a number");
            }
        } else {
            return Result.reject(RejectionReason.NON_NUMERIC_VALUE, path + " is " + kind(n) + ", not a number");
        }
        v = boundedZero(v);
        if (!inRange(v)) {
            return outOfRange(path, v);
        }
        return Result.number(v);
    }

    /** UNIQUE_COUNT: a string as-is or a number's canonical text (1 and 1.0 are one value). */
    static Result unique(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return Result.reject(RejectionReason.MISSING_VALUE, path + " is absent or null");
        }
        if (n.isTextual()) {
            return Result.text(n.textValue());
        }
        if (n.isNumber()) {
            if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                return Result.reject(RejectionReason.NON_FINITE_VALUE, path + " is not finite");
            }
            BigDecimal v = boundedZero(exact(n));
            // Range first: toPlainString of 1e999999999 would be a billion characters.
            if (!inRange(v)) {
                return outOfRange(path, v);
            }
            return Result.text(canonical(v));
        }
        return Result.reject(RejectionReason.INVALID_VALUE, path + " is " + kind(n) + ", expected a string or number");
    }

    /** A JSON number as an exact decimal (integers with scale 0; without a BigInteger when they fit a long). */
    private static BigDecimal exact(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.bigIntegerValue());
        }
        return n.decimalValue();
    }

    static String canonical(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    /**
     * A zero beyond the exponent range ({@code 0E-20000}) is plain 0: it is a valid zero, but kept
     * as is it would overflow PostgreSQL numeric, and adding 0E-999999999 to 1 needs a
     * billion-digit number (ArithmeticException). Zeros in range keep their scale (0.00).
     */
    private static BigDecimal boundedZero(BigDecimal v) {
        return v.signum() == 0 && !inRange(v) ? BigDecimal.ZERO : v;
    }

    /** At most {@value #MAX_DIGITS} significant digits and a decimal exponent within ±{@value #MAX_EXPONENT}. */
    static boolean inRange(BigDecimal v) {
        long exponent = (long) v.precision() - v.scale() - 1;
        return v.precision() <= MAX_DIGITS && Math.abs(exponent) <= MAX_EXPONENT;
    }

    private static Result outOfRange(String path, BigDecimal v) {
        long exponent = (long) v.precision() - v.scale() - 1;
        return Result.reject(RejectionReason.VALUE_OUT_OF_RANGE, path + " is out of range (" + v.precision()
                + " significant digits, exponent " + exponent + "; at most " + MAX_DIGITS + " digits and ±"
                + MAX_EXPONENT + ")");
    }

    private static boolean isNonFinite(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("nan") || t.equals("infinity") || t.equals("inf");
    }

    static String kind(JsonNode n) {
        switch (n.getNodeType()) {
            case ARRAY: return "an array";
            case OBJECT: return "an object";
            case BOOLEAN: return "a boolean";
            case BINARY: return "binary data";
            case STRING: return "a string";
            case NUMBER: return "a number";
            default: return n.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    private static String show(String s) {
        return "\"" + Utf8.shorten(s, 40) + "\"";
    }
}
