package io.meterflow.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * API keys and portal tokens: {@code mf_<id>_<secret>} (ingest/read/admin) and
 * {@code mfp_<id>_<secret>} (portal). PostgreSQL holds the SHA-256 of the whole key only; a
 * lookup compares hashes (never the key) and is cached for a second, so a revocation takes
 * effect within about a second.
 */
final class ApiKeys {
    static final Set<String> SCOPES = Set.of("ingest", "read", "admin");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long CACHE_MILLIS = 1000;

    /** Who a valid key is: its scope, and for portal tokens the subject and meters (null = all). */
    record Principal(String id, String scope, String subject, Set<String> meters) {
        boolean may(String needed) {
            return scope.equals("admin") || scope.equals(needed);
        }
    }

    private record Cached(Principal principal, long until) {}

    private final DataSource reader;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    ApiKeys(DataSource reader) {
        this.reader = reader;
    }

    /** A new key's text: prefix, public id, 32 random bytes. */
    static String newKey(String prefix, String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + "_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Stores a new ingest/read/admin key (its hash) through {@code writer} and returns the key, to be shown once. */
    static String create(Connection writer, String name, String scope) throws SQLException {
        String id = newId();
        String key = newKey("mf", id);
        try (PreparedStatement s = writer.prepareStatement(
                "INSERT INTO meterflow.api_keys (id, name, scope, key_hash) VALUES (?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, name);
            s.setString(3, scope);
            s.setBytes(4, hash(key));
            s.executeUpdate();
        }
        return key;
    }

    /** The public id inside a key ({@code mf_<id>_<secret>}). */
    static String idOf(String key) {
        return key.split("_", 3)[1];
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key's principal, or null when unknown, revoked, expired or malformed. Blocking (JDBC). */
    Principal lookup(String key) throws SQLException {
        if (key == null || key.length() > 200 || !(key.startsWith("mf_") || key.startsWith("mfp_"))) {
            return null;
        }
        byte[] h = hash(key);
        String cacheKey = Base64.getEncoder().encodeToString(h);
        long now = System.currentTimeMillis();
        Cached c = cache.get(cacheKey);
        if (c != null && c.until > now) {
            return c.principal;
        }
        Principal p = null;
        try (Connection conn = reader.getConnection();
                PreparedStatement s = conn.prepareStatement("SELECT id, scope, subject, meters, key_hash, expires_at"
                        + " FROM meterflow.api_keys WHERE key_hash = ? AND revoked_at IS NULL")) {
            s.setBytes(1, h);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && MessageDigest.isEqual(h, rs.getBytes(5))) {
                    Timestamp exp = rs.getTimestamp(6);
                    if (exp == null || exp.toInstant().isAfter(Instant.now())) {
                        Array meters = rs.getArray(4);
                        p = new Principal(rs.getString(1), rs.getString(2), rs.getString(3),
                                meters == null ? null : Set.of((String[]) meters.getArray()));
                    }
                }
            }
        }
        if (cache.size() > 10_000) {
            cache.clear(); // bounded: random keys must not grow the heap
        }
        cache.put(cacheKey, new Cached(p, now + CACHE_MILLIS));
        return p;
    }

    /** Mints a portal token for one subject through the definer function (the reader cannot INSERT). */
    String createPortalToken(String subject, List<String> meters, Instant expiresAt) throws SQLException {
        String id = newId();
        String token = newKey("mfp", id);
        try (Connection conn = reader.getConnection()) {
            conn.setReadOnly(false);
            try (PreparedStatement s = conn.prepareStatement("SELECT meterflow.create_portal_token(?, ?, ?, ?::text[], ?)")) {
                s.setString(1, id);
                s.setBytes(2, hash(token));
                s.setString(3, subject);
                s.setArray(4, meters == null ? null : conn.createArrayOf("text", meters.toArray(new String[0])));
                s.setTimestamp(5, Timestamp.from(expiresAt));
                s.execute();
            } finally {
                conn.setReadOnly(true);
            }
        }
        return token;
    }
}
