package io.meterflow.limit;

import io.meterflow.event.Utf8;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The id of a notification: a digest of what it is about (rule, subject, meter, period start, threshold),
 * never of when it was computed, so a replay after a crash regenerates the same id and the receiver (and
 * the notifications table's primary key) sees one notification. SHA-256 truncated to 128 bits, over
 * length-prefixed UTF-8 fields so that no two different tuples hash the same bytes.
 */
public final class NotificationId {
    /** The threshold part of a reset notification's id: no threshold text can be empty. */
    public static final String RESET = "";

    private NotificationId() {}

    /** {@code ntf_} and 32 hex digits. */
    public static String of(String rule, String subject, String meter, Instant periodStart, String threshold) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
        for (String part : new String[] {rule, subject, meter, periodStart.toString(), threshold}) {
            byte[] b = Utf8.encode(part); // as EventDigest: unpaired surrogates stay distinct
            sha.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
            sha.update(b);
        }
        return "ntf_" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /**
     * The threshold part is the threshold and the level it was crossed at ({@code 80%@8000}): a threshold
     * that a raised limit re-armed is crossed again at a new level, which is a new notification; the same
     * crossing replayed is the same one.
     */
    public static String threshold(String rule, String subject, String meter, Instant periodStart, ThresholdEvaluator.Crossing crossing) {
        return of(rule, subject, meter, periodStart, crossing.threshold().text() + "@" + crossing.level().stripTrailingZeros().toPlainString());
    }

    public static String reset(String rule, String subject, String meter, Instant periodStart) {
        return of(rule, subject, meter, periodStart, RESET);
    }
}
