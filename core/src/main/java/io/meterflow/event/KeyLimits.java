package io.meterflow.event;

import java.io.Serializable;

/**
 * Longest strings (in UTF-8 bytes) that may reach a key, a digest or PostgreSQL. The decoder
 * checks the envelope attributes (ATTRIBUTE_TOO_LONG), the meters check group values and
 * UNIQUE_COUNT values (GROUP_VALUE_TOO_LONG, VALUE_TOO_LONG).
 *
 * <p>Why these numbers: a usage_unique_values index entry holds meter (at most 64 B), subject,
 * group values (jsonb, at most ~1.3 times the rendered JSON text), window start and the value, and
 * PostgreSQL refuses btree entries over 2704 B whatever their content. {@link #MAX_KEY_BUDGET}
 * bounds subject + group values JSON + unique value so that the worst case (incompressible text)
 * stays near 2.5 KB; {@code PostgresUsageStoreTest} stores such a row.
 */
public final class KeyLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_ID_BYTES = 1024;
    public static final int DEFAULT_MAX_SOURCE_BYTES = 1024;
    public static final int DEFAULT_MAX_TYPE_BYTES = 1024;
    public static final int DEFAULT_MAX_SUBJECT_BYTES = 512;
    public static final int DEFAULT_MAX_GROUP_VALUE_BYTES = 256;
    public static final int DEFAULT_MAX_GROUP_VALUES_BYTES = 1024;
    public static final int DEFAULT_MAX_UNIQUE_VALUE_BYTES = 512;
    /** Largest allowed maxSubjectBytes + maxGroupValuesBytes + maxUniqueValueBytes. */
    public static final int MAX_KEY_BUDGET = 2048;

    private final int maxIdBytes;
    private final int maxSourceBytes;
    private final int maxTypeBytes;
    private final int maxSubjectBytes;
    private final int maxGroupValueBytes;
    private final int maxGroupValuesBytes;
    private final int maxUniqueValueBytes;

    /** @throws IllegalArgumentException when a limit is not positive or the key budget is exceeded */
    public KeyLimits(int maxIdBytes, int maxSourceBytes, int maxTypeBytes, int maxSubjectBytes,
            int maxGroupValueBytes, int maxGroupValuesBytes, int maxUniqueValueBytes) {
        int[] all = {maxIdBytes, maxSourceBytes, maxTypeBytes, maxSubjectBytes, maxGroupValueBytes,
                maxGroupValuesBytes, maxUniqueValueBytes};
        for (int v : all) {
            if (v <= 0) {
                throw new IllegalArgumentException("every key limit must be positive");
            }
        }
        long budget = (long) maxSubjectBytes + maxGroupValuesBytes + maxUniqueValueBytes;
        if (budget > MAX_KEY_BUDGET) {
            throw new IllegalArgumentException("maxSubjectBytes + maxGroupValuesBytes + maxUniqueValueBytes is "
                    + budget + ", at most " + MAX_KEY_BUDGET + " fit a PostgreSQL index entry (2704 bytes)");
        }
        this.maxIdBytes = maxIdBytes;
        this.maxSourceBytes = maxSourceBytes;
        this.maxTypeBytes = maxTypeBytes;
        this.maxSubjectBytes = maxSubjectBytes;
        this.maxGroupValueBytes = maxGroupValueBytes;
        this.maxGroupValuesBytes = maxGroupValuesBytes;
        this.maxUniqueValueBytes = maxUniqueValueBytes;
    }

    public static KeyLimits defaults() {
        return new KeyLimits(DEFAULT_MAX_ID_BYTES, DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_TYPE_BYTES,
                DEFAULT_MAX_SUBJECT_BYTES, DEFAULT_MAX_GROUP_VALUE_BYTES, DEFAULT_MAX_GROUP_VALUES_BYTES,
                DEFAULT_MAX_UNIQUE_VALUE_BYTES);
    }

    public int maxIdBytes() { return maxIdBytes; }
    public int maxSourceBytes() { return maxSourceBytes; }
    public int maxTypeBytes() { return maxTypeBytes; }
    public int maxSubjectBytes() { return maxSubjectBytes; }
    /** One group value (its text: a string as-is, anything else as compact JSON). */
    public int maxGroupValueBytes() { return maxGroupValueBytes; }
    /** The rendered group values JSON object of one row. */
    public int maxGroupValuesBytes() { return maxGroupValuesBytes; }
    /** A UNIQUE_COUNT value (a string, or a number's canonical text). */
    public int maxUniqueValueBytes() { return maxUniqueValueBytes; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyLimits)) {
            return false;
        }
        KeyLimits k = (KeyLimits) o;
        return maxIdBytes == k.maxIdBytes && maxSourceBytes == k.maxSourceBytes && maxTypeBytes == k.maxTypeBytes
                && maxSubjectBytes == k.maxSubjectBytes && maxGroupValueBytes == k.maxGroupValueBytes
                && maxGroupValuesBytes == k.maxGroupValuesBytes && maxUniqueValueBytes == k.maxUniqueValueBytes;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(maxIdBytes, maxSourceBytes, maxTypeBytes, maxSubjectBytes, maxGroupValueBytes,
                maxGroupValuesBytes, maxUniqueValueBytes);
    }

    @Override
    public String toString() {
        return "KeyLimits{id=" + maxIdBytes + ", source=" + maxSourceBytes + ", type=" + maxTypeBytes
                + ", subject=" + maxSubjectBytes + ", groupValue=" + maxGroupValueBytes
                + ", groupValues=" + maxGroupValuesBytes + ", uniqueValue=" + maxUniqueValueBytes + "}";
    }
}
