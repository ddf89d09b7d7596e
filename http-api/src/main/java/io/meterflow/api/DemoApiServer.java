package io.meterflow.api;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.config.PostgresConnectionSettings;
import java.sql.Connection;

/** {@code ./meterflow demo}'s HTTP API: the same server as {@code serve}, and keys made as {@code api-key create} makes them. */
public final class DemoApiServer implements AutoCloseable {
    private final ApiServer server;
    private final PostgresConnectionSettings writer;

    private DemoApiServer(ApiServer server, PostgresConnectionSettings writer) {
        this.server = server;
        this.writer = writer;
    }

    /** The HTTP API on {@code host:port} (0: any free port). */
    public static DemoApiServer start(MeterflowConfig config, String host, int port) {
        return new DemoApiServer(ApiServers.start(config, host, port), config.postgres().connectionSettings());
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** A new API key of {@code scope} (ingest, read, admin); PostgreSQL keeps only its hash. */
    public String createKey(String name, String scope) throws Exception {
        try (Connection c = writer.open()) {
            return ApiKeys.create(c, name, scope);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
