package io.meterflow.api;

import io.meterflow.config.ApiConfig;
import io.meterflow.cli.ConfigFileOption;
import io.meterflow.config.MeterflowConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./meterflow serve}: the HTTP API until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve the OpenMeter-compatible HTTP API: POST /api/v1/events, GET /api/v1/meters/{slug}/query, ...",
            "",
            "Events are judged by the job's own decoder and answered 204 only after Kafka acknowledged every one."
        })
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Address to listen on (default: api.listen, else " + ApiConfig.DEFAULT_LISTEN + ").")
    String listen;

    @Spec
    CommandSpec spec;

    public ServeCommand() {}

    @Override
    public Integer call() throws Exception {
        MeterflowConfig c = MeterflowConfig.load(config.path());
        String host = c.api().host();
        int port = c.api().port();
        if (listen != null) {
            String[] hp;
            try {
                hp = ApiConfig.parseListen(listen);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--listen " + e.getMessage());
            }
            host = hp[0];
            port = Integer.parseInt(hp[1]);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (ApiServer server = ApiServers.start(c, host, port)) {
            String scheme = c.api().tlsCertFile() != null ? "https" : "http";
            String shown = host.contains(":") ? "[" + host + "]" : host;
            spec.commandLine().getOut().println("meterflow API listening on " + scheme + "://" + shown + ":" + server.port()
                    + " (events to topic " + c.kafka().topic() + "); Ctrl-C stops it");
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "meterflow-api-stop"));
            stopped.await();
        }
        return 0;
    }
}
