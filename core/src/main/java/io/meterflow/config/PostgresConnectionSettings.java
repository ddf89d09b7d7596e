package io.meterflow.config;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the job reaches PostgreSQL: JDBC URL, user, where the password comes from, extra driver
 * properties and timeouts. Shipped with the job graph (serializable) carrying only a reference to the
 * password ({@link PostgresPassword}), which each task manager resolves when it connects;
 * {@link #toString()} never prints a password (nor one in the URL or the properties).
 */
public final class PostgresConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern URL_SECRET =
            Pattern.compile("(?i)([?&;](?:password|sslpassword|sslkey|sslpasswordcallback)=)[^&;]*");

    private final String url;
    private final String user;
    private final PostgresPassword password;
    private final Properties properties;
    private final PostgresTimeouts timeouts;

    /**
     * @param url        {@code jdbc:postgresql://host:port/database}
     * @param user       null to take it from the URL or properties
     * @param password   null to take it from the URL or properties (or none); a literal password
     *                   reaches only connections opened in this JVM ({@link PostgresPassword#inProcess})
     * @param properties extra driver properties (copied), may be null
     */
    public PostgresConnectionSettings(String url, String user, String password, Properties properties) {
        this(url, user, password, properties, PostgresTimeouts.DEFAULTS);
    }

    /** As {@link #PostgresConnectionSettings(String, String, String, Properties)}, with these timeouts. */
    public PostgresConnectionSettings(String url, String user, String password, Properties properties,
            PostgresTimeouts timeouts) {
        this(url, user, PostgresPassword.inProcess(password), properties, timeouts);
    }

    private PostgresConnectionSettings(String url, String user, PostgresPassword password, Properties properties,
            PostgresTimeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = Objects.requireNonNull(password, "password");
        this.properties = new Properties();
        if (properties != null) {
            this.properties.putAll(properties);
        }
    }

    /** Settings whose password comes from {@code password} (an environment variable, a file, ...). */
    public static PostgresConnectionSettings of(String url, String user, PostgresPassword password,
            Properties properties, PostgresTimeouts timeouts) {
        return new PostgresConnectionSettings(url, user, password, properties, timeouts);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public PostgresTimeouts timeouts() {
        return timeouts;
    }

    /** The URL with any password parameter masked: safe for messages and logs. */
    public String redactedUrl() {
        return URL_SECRET.matcher(url).replaceAll("$1***");
    }

    /** A copy of the extra driver properties (may hold secrets: never log them). */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(properties);
        return p;
    }

    /**
     * Opens a connection with the PostgreSQL driver directly: {@code DriverManager} does not see
     * drivers loaded by Flink's user-code class loader. Every connection gets the {@link #timeouts()}
     * (socket, connect, keepalive, and the server's statement, lock and idle-in-transaction limits).
     */
    public Connection open() throws SQLException {
        Properties p = properties();
        timeouts.applyTo(p);
        if (user != null) {
            p.setProperty("user", user);
        }
        String pw = password.resolve();
        if (pw != null) {
            p.setProperty("password", pw);
        }
        p.putIfAbsent("ApplicationName", "meterflow");
        Connection c = driver().connect(url, p);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database): "
                    + redactedUrl(), "08001");
        }
        return c;
    }

    /**
     * The PostgreSQL driver of this class's loader, found as a service rather than through
     * DriverManager (which does not see drivers of Flink's user-code class loader). The driver JAR
     * comes with the modules that connect (sink-postgres, http-api); core only names the contract.
     */
    private static java.sql.Driver driver() throws SQLException {
        for (java.sql.Driver d : java.util.ServiceLoader.load(java.sql.Driver.class,
                PostgresConnectionSettings.class.getClassLoader())) {
            if (d.getClass().getName().equals("org.postgresql.Driver")) {
                return d;
            }
        }
        throw new SQLException("The PostgreSQL JDBC driver (org.postgresql:postgresql) is not on the classpath", "08001");
    }

    /** Settings identical except for the login (e.g. a reader or the schema owner). */
    public PostgresConnectionSettings withLogin(String otherUser, PostgresPassword otherPassword) {
        return new PostgresConnectionSettings(url, otherUser, otherPassword, properties, timeouts);
    }

    /** Settings identical except for the user and password (e.g. to connect as another role). */
    public PostgresConnectionSettings withUser(String otherUser, String otherPassword) {
        return new PostgresConnectionSettings(url, otherUser, otherPassword, properties, timeouts);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostgresConnectionSettings)) {
            return false;
        }
        PostgresConnectionSettings s = (PostgresConnectionSettings) o;
        return url.equals(s.url) && Objects.equals(user, s.user) && Objects.equals(password, s.password)
                && properties.equals(s.properties) && timeouts.equals(s.timeouts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user);
    }

    /** URL (secrets masked), user, whether a password is set, and the property names only. */
    @Override
    public String toString() {
        return "PostgresConnectionSettings{url=" + redactedUrl() + ", user=" + user
                + ", password=" + password
                + ", properties=" + new TreeSet<>(properties.stringPropertyNames()) + ", timeouts=" + timeouts + "}";
    }
}
