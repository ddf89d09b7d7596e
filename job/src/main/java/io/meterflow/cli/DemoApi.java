package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;

/**
 * The HTTP API as {@code ./meterflow demo} runs it. The job module cannot depend on the HTTP API
 * module (it depends on the job), so the demo finds the implementation by class name, as the
 * launcher finds {@code serve} and {@code api-key}.
 */
public interface DemoApi extends AutoCloseable {
    String IMPLEMENTATION = "io.meterflow.api.DemoApiServer";

    /** The port it listens on (127.0.0.1). */
    int port();

    /** A new API key of {@code scope} (ingest, read, admin); PostgreSQL keeps only its hash. */
    String createKey(String name, String scope) throws Exception;

    @Override
    void close();

    /** Starts an implementation: public no-argument constructor, then {@link #start}. */
    interface Starter {
        DemoApi start(MeterflowConfig config, String host, int port) throws Exception;
    }

    /** The HTTP API on {@code host:port} (0: any free port), or a clear error when its module is not built. */
    static DemoApi start(MeterflowConfig config, String host, int port) throws Exception {
        Starter starter;
        try {
            starter = (Starter) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new CliException("the demo needs the HTTP API module (http-api) on the classpath; ./meterflow builds it", e);
        }
        return starter.start(config, host, port);
    }
}
