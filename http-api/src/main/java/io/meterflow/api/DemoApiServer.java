package io.meterflow.api;

import io.meterflow.cli.DemoApi;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.sink.PostgresConnectionSettings;
import java.sql.Connection;

/** {@code ./meterflow demo}'s HTTP API: the same server as {@code serve}, and keys made as {@code api-key create} makes them. */
public final class DemoApiServer implements DemoApi.Starter {
    public DemoApiServer() {}

    @Override
    public DemoApi start(MeterflowConfig config, String host, int port) {
        ApiServer server = ApiServers.start(config, host, port);
        PostgresConnectionSettings writer = config.postgres().connectionSettings();
        return new DemoApi() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public String createKey(String name, String scope) throws Exception {
                try (Connection c = writer.open()) {
                    return ApiKeys.create(c, name, scope);
                }
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
