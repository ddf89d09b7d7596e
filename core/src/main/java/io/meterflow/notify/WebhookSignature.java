package io.meterflow.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (the scheme Svix uses): {@code v1,} + base64 of HMAC-SHA256 over
 * {@code webhook-id + "." + webhook-timestamp + "." + body}, keyed with the base64 bytes after
 * {@code whsec_} in the secret. No Standard Webhooks or Svix library is served here, so this is the JDK's
 * {@link Mac}, checked against the specification's published test vector.
 */
public final class WebhookSignature {
    public static final String SECRET_PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final byte[] key;

    private WebhookSignature(byte[] key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException with {@link #secretProblem}'s message (never the secret) */
    public static WebhookSignature of(String secret) {
        String problem = secretProblem(secret);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new WebhookSignature(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())));
    }

    /** What is wrong with a secret, or null; the message never contains the secret. */
    public static String secretProblem(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return "must start with " + SECRET_PREFIX + " (a Standard Webhooks secret: " + SECRET_PREFIX + " + base64 of 24 to 64 bytes)";
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return "must be " + SECRET_PREFIX + " followed by base64";
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            return "must encode " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes after " + SECRET_PREFIX + ", got " + key.length;
        }
        return null;
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public String sign(String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(id, timestampSeconds, body));
    }

    /**
     * True if one of the space-separated signatures in {@code header} is this key's for the message, as a
     * receiver checks it (constant-time comparison).
     */
    public boolean verify(String id, long timestampSeconds, String body, String header) {
        byte[] expected = mac(id, timestampSeconds, body);
        for (String s : header.split(" ")) {
            if (s.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: not a match
                }
            }
        }
        return false;
    }

    private byte[] mac(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
