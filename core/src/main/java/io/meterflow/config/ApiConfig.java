package io.meterflow.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code api} section: the HTTP server of {@code ./meterflow serve}. Every key, with its default:
 *
 * <pre>
 * api:
 *   listen: 127.0.0.1:8888             # HOST:PORT ([v6]:PORT); --listen overrides it
 *   maxRequestBytes: 1MiB              # larger bodies are 413
 *   maxBatchEvents: 1000               # more events in one request are 413
 *   produceTimeout: 10s                # no broker acknowledgement within it: 503 + Retry-After
 *   readTimeout: 30s                   # a connection idle this long (a stalled body) is closed
 *   auth: keys                         # keys (default: Authorization: Bearer API key) | none (local testing)
 *   reader:                            # the PostgreSQL login queries use (SET ROLE meterflow_reader)
 *     user: analyst                    # default postgres.user
 *     password: secret                 # or passwordEnv: NAME (not both)
 *   tls:                               # optional: HTTPS
 *     certFile: /etc/meterflow/cert.pem
 *     keyFile: /etc/meterflow/key.pem
 * </pre>
 */
public final class ApiConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_LISTEN = "127.0.0.1:8888";

    private final String host;
    private final int port;
    private final int maxRequestBytes;
    private final int maxBatchEvents;
    private final Duration produceTimeout;
    private final Duration readTimeout;
    private final String readerUser;
    private final Secret readerPassword;
    private final String tlsCertFile;
    private final String tlsKeyFile;
    private final boolean requireKeys;

    ApiConfig(String host, int port, int maxRequestBytes, int maxBatchEvents, Duration produceTimeout,
            Duration readTimeout, String readerUser, Secret readerPassword, String tlsCertFile, String tlsKeyFile,
            boolean requireKeys) {
        this.requireKeys = requireKeys;
        this.host = host;
        this.port = port;
        this.maxRequestBytes = maxRequestBytes;
        this.maxBatchEvents = maxBatchEvents;
        this.produceTimeout = produceTimeout;
        this.readTimeout = readTimeout;
        this.readerUser = readerUser;
        this.readerPassword = readerPassword;
        this.tlsCertFile = tlsCertFile;
        this.tlsKeyFile = tlsKeyFile;
    }

    /** The defaults (no {@code api} section). */
    public static ApiConfig defaults() {
        String[] hp = parseListen(DEFAULT_LISTEN);
        return new ApiConfig(hp[0], Integer.parseInt(hp[1]), 1024 * 1024, 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(30), null, null, null, null, true);
    }

    /** {@code HOST:PORT} or {@code [IPv6]:PORT} into {host, port}; port 0 = any free port. */
    public static String[] parseListen(String s) {
        String t = s.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("must be HOST:PORT (e.g. 127.0.0.1:8888), got '" + Durations.cut(s) + "'");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address must be in brackets, e.g. [::1]:8888");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number 0..65535, got '" + Durations.cut(t.substring(colon + 1)) + "'");
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("must be HOST:PORT with a port 0..65535, got '" + Durations.cut(s) + "'");
        }
        return new String[] {host, Integer.toString(port)};
    }

    public String host() { return host; }
    public int port() { return port; }
    public int maxRequestBytes() { return maxRequestBytes; }
    public int maxBatchEvents() { return maxBatchEvents; }
    public Duration produceTimeout() { return produceTimeout; }
    public Duration readTimeout() { return readTimeout; }
    /** Null: the postgres section's login. */
    public String readerUser() { return readerUser; }
    /** Null: the postgres section's password (when the reader user is not set either). */
    public Secret readerPassword() { return readerPassword; }
    /** Null when TLS is off. */
    public String tlsCertFile() { return tlsCertFile; }
    public String tlsKeyFile() { return tlsKeyFile; }
    /** False only with {@code auth: none}: then ingest and read routes need no key (portal routes still need a token). */
    public boolean requireKeys() { return requireKeys; }

    Map<String, Object> redacted() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listen", (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        m.put("maxRequestBytes", maxRequestBytes);
        m.put("maxBatchEvents", maxBatchEvents);
        m.put("produceTimeout", Durations.format(produceTimeout));
        m.put("readTimeout", Durations.format(readTimeout));
        m.put("auth", requireKeys ? "keys" : "none");
        if (readerUser != null || readerPassword != null) {
            Map<String, Object> reader = new LinkedHashMap<>();
            if (readerUser != null) {
                reader.put("user", readerUser);
            }
            if (readerPassword != null) {
                reader.put("password", Secret.MASK);
            }
            m.put("reader", reader);
        }
        if (tlsCertFile != null) {
            m.put("tls", Map.of("certFile", tlsCertFile, "keyFile", tlsKeyFile));
        }
        return m;
    }

    @Override
    public String toString() {
        return "Api" + redacted();
    }
}
