package io.meterflow.event;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of {@link CloudEventDecoder}. Immutable; {@code with*} methods return copies.
 *
 * <ul>
 *   <li>{@code maxBytes}: largest record accepted, value plus header names and values (default 1 MiB);
 *       larger records are rejected as TOO_LARGE before any parsing.
 *   <li>{@code maxFutureSkew}: events later than now + skew are FUTURE_TIME (default 5 min).
 *   <li>{@code rejectedPayloadLimit}: bytes of payload kept in a rejection (default 64 KiB).
 *   <li>{@code maxNestingDepth}: deepest JSON nesting accepted (default 100): bounds the
 *       recursion of everything that later walks the tree.
 *   <li>{@code clock}: "now" for FUTURE_TIME (injectable for tests).
 *   <li>{@code keyLimits}: longest id, source, type, subject, group value and unique value
 *       ({@link KeyLimits}; the decoder checks the attributes, the meters the rest).
 * </ul>
 */
public final class DecoderSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final int DEFAULT_REJECTED_PAYLOAD_LIMIT = 64 * 1024;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

    private final int maxBytes;
    private final Duration maxFutureSkew;
    private final int rejectedPayloadLimit;
    private final Clock clock;
    private final int maxNestingDepth;
    private final KeyLimits keyLimits;

    public DecoderSettings(int maxBytes, Duration maxFutureSkew, int rejectedPayloadLimit, Clock clock) {
        this(maxBytes, maxFutureSkew, rejectedPayloadLimit, clock, DEFAULT_MAX_NESTING_DEPTH);
    }

    public DecoderSettings(
            int maxBytes, Duration maxFutureSkew, int rejectedPayloadLimit, Clock clock, int maxNestingDepth) {
        this(maxBytes, maxFutureSkew, rejectedPayloadLimit, clock, maxNestingDepth, KeyLimits.defaults());
    }

    public DecoderSettings(int maxBytes, Duration maxFutureSkew, int rejectedPayloadLimit, Clock clock,
            int maxNestingDepth, KeyLimits keyLimits) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative");
        }
        if (rejectedPayloadLimit < 0) {
            throw new IllegalArgumentException("rejectedPayloadLimit must not be negative");
        }
        if (maxNestingDepth < 2) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 2");
        }
        this.maxBytes = maxBytes;
        this.maxFutureSkew = maxFutureSkew;
        this.rejectedPayloadLimit = rejectedPayloadLimit;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxNestingDepth = maxNestingDepth;
        this.keyLimits = Objects.requireNonNull(keyLimits, "keyLimits");
    }

    public static DecoderSettings defaults() {
        return new DecoderSettings(
                DEFAULT_MAX_BYTES, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_REJECTED_PAYLOAD_LIMIT, Clock.systemUTC());
    }

    public int maxBytes() { return maxBytes; }
    public Duration maxFutureSkew() { return maxFutureSkew; }
    public int rejectedPayloadLimit() { return rejectedPayloadLimit; }
    public Clock clock() { return clock; }
    public int maxNestingDepth() { return maxNestingDepth; }
    public KeyLimits keyLimits() { return keyLimits; }

    public DecoderSettings withMaxBytes(int v) {
        return new DecoderSettings(v, maxFutureSkew, rejectedPayloadLimit, clock, maxNestingDepth, keyLimits);
    }

    public DecoderSettings withRejectedPayloadLimit(int v) {
        return new DecoderSettings(maxBytes, maxFutureSkew, v, clock, maxNestingDepth, keyLimits);
    }

    public DecoderSettings withKeyLimits(KeyLimits v) {
        return new DecoderSettings(maxBytes, maxFutureSkew, rejectedPayloadLimit, clock, maxNestingDepth, v);
    }

    @Override
    public String toString() {
        return "DecoderSettings{maxBytes=" + maxBytes + ", maxFutureSkew=" + maxFutureSkew
                + ", rejectedPayloadLimit=" + rejectedPayloadLimit + ", maxNestingDepth=" + maxNestingDepth + ", " + keyLimits + "}";
    }
}
