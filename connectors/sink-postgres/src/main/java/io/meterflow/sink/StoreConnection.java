package io.meterflow.sink;

import io.meterflow.config.PostgresConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The store's one PostgreSQL connection: opened lazily with auto-commit off, dropped when broken so
 * that the next call reconnects. Not thread-safe, like the store that owns it.
 */
final class StoreConnection implements AutoCloseable {

    /** Work on the connection; it may commit or roll back itself. */
    interface Work<T> {
        T run(Connection conn) throws SQLException;
    }

    private final PostgresConnectionSettings settings;
    private Connection connection;

    StoreConnection(PostgresConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Runs work in its own transaction, committed when it returns. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return run(conn -> {
            T result = work.run(conn);
            conn.commit();
            return result;
        });
    }

    /** Runs work that ends its transaction itself; any failure rolls back (or drops a broken connection). */
    <T> T run(Work<T> work) throws SQLException {
        Connection conn = get();
        try {
            return work.run(conn);
        } catch (SQLException | RuntimeException e) {
            rollbackAfter(e);
            throw e;
        }
    }

    private Connection get() throws SQLException {
        if (connection != null && connection.isClosed()) {
            connection = null;
        }
        if (connection == null) {
            Connection c = settings.open();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** Rolls back after a failure; drops the connection when it is broken so the next call reconnects. */
    private void rollbackAfter(Exception failure) {
        if (connection == null) {
            return;
        }
        boolean broken = failure instanceof SQLException && isConnectionFailure((SQLException) failure);
        if (!broken) {
            try {
                connection.rollback();
                return;
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        closeQuietly(connection);
        connection = null;
    }

    /** Connection exceptions (08xxx) and server shutdown (57P01..57P03): worth a new connection. */
    static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // closing anyway
            }
            closeQuietly(connection);
            connection = null;
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
