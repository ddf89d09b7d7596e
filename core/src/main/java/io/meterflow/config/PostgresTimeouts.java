package io.meterflow.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How long any PostgreSQL connection of meterflow may wait, so a half-open connection (failover, a
 * dropped route) or a dead backend's locks stall a commit for a bounded time instead of the ~15 min
 * of the kernel's TCP retransmissions. The server-side limits end the statement or transaction
 * cleanly when the server is reachable; the socket timeout is the client-side backstop when it is
 * not, so it is kept longer than the statement timeout.
 *
 * @param connect           TCP connect and login (pgjdbc {@code connectTimeout} and {@code loginTimeout})
 * @param socket            no bytes from the server for this long: the connection is dropped ({@code socketTimeout}; zero = none)
 * @param statement         server-side {@code statement_timeout} (zero = none)
 * @param lock              server-side {@code lock_timeout}: a retry blocked behind a dead backend's locks fails instead of waiting (zero = none)
 * @param idleInTransaction server-side {@code idle_in_transaction_session_timeout}: the server ends a
 *                          transaction whose client went silent, releasing its locks (zero = none)
 * @param tcpKeepAlive      TCP keepalive probes on the socket (detect a peer that vanished while idle)
 */
public record PostgresTimeouts(Duration connect, Duration socket, Duration statement, Duration lock,
        Duration idleInTransaction, boolean tcpKeepAlive) implements Serializable {

    public static final PostgresTimeouts DEFAULTS = new PostgresTimeouts(Duration.ofSeconds(10),
            Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofMinutes(2), true);

    public PostgresTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(idleInTransaction, "idleInTransaction");
        if (connect.isNegative() || connect.isZero()) {
            throw new IllegalArgumentException("connect timeout must be greater than zero");
        }
        for (Duration d : new Duration[] {socket, statement, lock, idleInTransaction}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("timeouts must not be negative");
            }
        }
    }

    /**
     * Sets the driver properties: pgjdbc counts whole seconds (rounded up here, so 500ms is 1 s), the
     * server milliseconds (passed in the startup packet's {@code options}, after any the user gave).
     */
    public void applyTo(Properties p) {
        p.setProperty("connectTimeout", Long.toString(seconds(connect)));
        p.setProperty("loginTimeout", Long.toString(seconds(connect)));
        p.setProperty("socketTimeout", Long.toString(seconds(socket)));
        p.setProperty("tcpKeepAlive", Boolean.toString(tcpKeepAlive));
        String own = "-c statement_timeout=" + statement.toMillis()
                + " -c lock_timeout=" + lock.toMillis()
                + " -c idle_in_transaction_session_timeout=" + idleInTransaction.toMillis();
        String user = p.getProperty("options");
        p.setProperty("options", user == null || user.isBlank() ? own : user.strip() + " " + own);
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
