package io.meterflow.api;

import io.meterflow.config.MeterflowConfig;

/** Starts the whole API (ingest, health, and the PostgreSQL-backed parts). */
public final class ApiServers {
    private ApiServers() {}

    public static ApiServer start(MeterflowConfig config, String host, int port) {
        return ApiServer.start(config, host, port, new PostgresApi(config));
    }
}
