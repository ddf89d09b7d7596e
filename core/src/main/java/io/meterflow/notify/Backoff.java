package io.meterflow.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When to try a webhook again: exponential backoff with full jitter (a uniformly random wait up to
 * {@code min(maxBackoff, initial * 2^(retry-1))}), so receivers coming back from an outage are not hit
 * by every deliverer at once; no further attempt after {@code maxRetryTime} from the first.
 */
public record Backoff(Duration initial, Duration max, Duration maxRetryTime) {
    /**
     * The next attempt after {@code retry} failed attempts (1 = after the first), or null to give up.
     *
     * @param random a uniform value in [0, 1)
     */
    public Instant next(Instant firstAttempt, Instant now, int retry, DoubleSupplier random) {
        long cap = initial.toMillis();
        for (int i = 1; i < retry && cap < max.toMillis(); i++) {
            cap *= 2;
        }
        cap = Math.min(cap, max.toMillis());
        Instant at = now.plusMillis((long) (random.getAsDouble() * cap));
        return at.isAfter(firstAttempt.plus(maxRetryTime)) ? null : at;
    }
}
