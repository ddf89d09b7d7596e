package io.meterflow.sink;

import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.event.Utf8;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the {@code meterflow} schema with Flyway from the versioned migrations in
 * {@code sql/} (shipped in the JAR at {@code db/migration/meterflow}). Idempotent: applied
 * migrations are skipped; concurrent callers serialise on Flyway's lock.
 */
public final class Migrations {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** The schema that holds every meterflow object (and Flyway's history table). */
    public static final String SCHEMA = "meterflow";
    public static final String LOCATION = "classpath:db/migration/meterflow";

    private Migrations() {}

    /**
     * Applies pending migrations.
     *
     * @throws IllegalStateException with a one-line message when PostgreSQL cannot be reached or a
     *     migration fails
     */
    public static void apply(PostgresConnectionSettings settings) {
        requireReachable(settings);
        try {
            MigrateResult result = flyway(settings, true).migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("PostgreSQL schema {} migrated from version {} to {} ({} migrations)", SCHEMA,
                        result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
            } else {
                LOG.info("PostgreSQL schema {} is up to date (version {})", SCHEMA, result.initialSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new IllegalStateException("Cannot migrate PostgreSQL schema " + SCHEMA + " at "
                    + settings.redactedUrl() + ": " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Checks, without changing anything, that the schema has exactly this version's migrations: what
     * a job running as {@code meterflow_writer} (no DDL rights) does instead of {@link #apply}.
     *
     * @throws IllegalStateException naming {@code ./meterflow migrate} when migrations are pending
     */
    public static void validate(PostgresConnectionSettings settings) {
        requireReachable(settings);
        try {
            var result = flyway(settings, false).validateWithResult();
            if (!result.validationSuccessful) {
                String why = result.invalidMigrations == null || result.invalidMigrations.isEmpty()
                        ? String.valueOf(result.getAllErrorMessages())
                        : result.invalidMigrations.stream().map(m -> m.version + " " + m.errorDetails.errorMessage)
                                .reduce((x, y) -> x + "; " + y).orElse("");
                throw new IllegalStateException("PostgreSQL schema " + SCHEMA + " at " + settings.redactedUrl()
                        + " does not match this version's migrations (" + oneLine(why) + "): run `./meterflow migrate"
                        + " --config FILE` as the schema owner first (postgres.migrate is false)");
            }
            LOG.info("PostgreSQL schema {} is up to date (checked, not migrated: postgres.migrate is false)", SCHEMA);
        } catch (FlywayException e) {
            throw new IllegalStateException("Cannot check PostgreSQL schema " + SCHEMA + " at "
                    + settings.redactedUrl() + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static Flyway flyway(PostgresConnectionSettings settings, boolean createSchemas) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(new SettingsDataSource(settings))
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(createSchemas)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                // The SQL contains no ${...} placeholders; never rewrite it.
                .placeholderReplacement(false)
                .validateMigrationNaming(true)
                .load();
    }

    /** Fails fast, in one line, when the server is not there (Flyway's own message is long). */
    private static void requireReachable(PostgresConnectionSettings settings) {
        try (Connection ignored = settings.open()) {
            // reachable
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL at " + settings.redactedUrl()
                    + " as " + settings.user() + ": " + oneLine(e.getMessage())
                    + " (is the server running and the postgres.url right?)", e);
        }
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip().replaceAll("\\s*\\R\\s*", " | ");
        return Utf8.shorten(s, 600);
    }

    /** Hands Flyway connections opened with the driver directly (no DriverManager: Flink class loaders). */
    private static final class SettingsDataSource implements DataSource {
        private final PostgresConnectionSettings settings;
        private PrintWriter logWriter;
        private int loginTimeout;

        SettingsDataSource(PostgresConnectionSettings settings) {
            this.settings = settings;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return settings.open();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return settings.withUser(username, password).open();
        }

        @Override
        public PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("Not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
