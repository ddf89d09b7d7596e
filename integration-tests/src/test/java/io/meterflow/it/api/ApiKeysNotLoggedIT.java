package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys and portal tokens never reach a log: the server runs with io.meterflow, Vert.x and Netty
 * at DEBUG (an appender on the root logger captures everything), keys are created, listed and revoked
 * with the real CLI, and valid, revoked, wrong-scope and malformed keys are sent over HTTP.
 */
class ApiKeysNotLoggedIT {
    private static final String[] DEBUG = {"io.meterflow", "io.vertx", "io.netty"};

    @TempDir
    Path dir;

    @Test
    void keysAndTokensNeverAppearInLogs() throws Exception {
        StringWriter captured = new StringWriter();
        WriterAppender appender = captureLogs(captured);
        List<String> secrets = new ArrayList<>();
        try {
            MeterflowFixture fx = new MeterflowFixture("api_keylog", 1);
            String yaml = fx.configYaml("");
            Path config = Files.writeString(dir.resolve("meterflow.yaml"), yaml);
            MeterflowConfig parsed = MeterflowConfig.parse(yaml, Map.of());
            MeterflowJob.prepare(parsed, JobOptions.live()); // schema and meters, as the job's start would
            String ingest = ApiAuthIT.createKey(config, "gateway", "ingest");
            String read = ApiAuthIT.createKey(config, "dashboard", "read");
            String admin = ApiAuthIT.createKey(config, "ops", "admin");
            String revoked = ApiAuthIT.createKey(config, "old", "read");
            secrets.addAll(List.of(ingest, read, admin, revoked));
            ApiAuthIT.cli("api-key", "list", "--config", config.toString());
            ApiAuthIT.cli("api-key", "revoke", "--config", config.toString(), revoked.split("_")[1]);

            String event = Http.event("kl-1", "customer-a", "api.request",
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), "{\"route\":\"/a\"}");
            try (ApiServer server = ApiServers.start(parsed, "127.0.0.1", 0)) {
                Http anon = new Http(server.port());
                assertThat(anon.withToken(ingest).post("/api/v1/events", "application/json", event).statusCode()).isEqualTo(204);
                assertThat(anon.withToken(read).get("/api/v1/meters").statusCode()).isEqualTo(200);
                assertThat(anon.withToken(ingest).get("/api/v1/meters").statusCode()).isEqualTo(403);
                assertThat(anon.withToken(read).post("/api/v1/events", "application/json", event).statusCode()).isEqualTo(403);
                assertThat(anon.withToken(revoked).get("/api/v1/meters").statusCode()).isEqualTo(401);
                String portal = Http.json(anon.withToken(admin).post("/api/v1/portal/tokens", "application/json",
                        "{\"subject\":\"customer-a\"}")).get("token").asText();
                secrets.add(portal);
                assertThat(anon.withToken(portal).get("/api/v1/portal/meters/api_requests/query").statusCode()).isEqualTo(200);
                assertThat(anon.withToken(portal).get("/api/v1/meters").statusCode()).isEqualTo(403);
                // Malformed: a known key cut short, with a wrong secret, a wrong prefix, oversized, not a key at all.
                String[] malformed = {ingest.substring(0, ingest.length() - 3), ingest.substring(0, ingest.lastIndexOf('_') + 1)
                        + "x".repeat(43), "mq" + read.substring(2), "mf_" + "k".repeat(300), "notAKeyButASecret42"};
                for (String bad : malformed) {
                    assertThat(anon.withToken(bad).get("/api/v1/meters").statusCode()).as(bad).isEqualTo(401);
                    assertThat(anon.withToken(bad).post("/api/v1/events", "application/json", event).statusCode()).isEqualTo(401);
                }
                secrets.addAll(List.of(malformed));
            }
        } finally {
            stopCapture(appender);
        }
        String logs = captured.toString();
        assertThat(logs).as("the capture sees the server's log").contains("meterflow API listening on");
        for (String s : secrets) {
            assertThat(logs).as("logs hold a key").doesNotContain(s);
            String secretPart = s.substring(s.lastIndexOf('_') + 1);
            if (secretPart.length() >= 16) {
                assertThat(logs).as("logs hold a key's secret part").doesNotContain(secretPart);
            }
        }
        System.out.printf("scanned %d log lines for %d keys; loggers: %s%n", logs.lines().count(), secrets.size(),
                logs.lines().map(l -> l.split(" ")).filter(f -> f.length > 4 && f[3].contains("."))
                        .map(f -> f[3].replaceAll("^((?:[a-z]+\\.){2}[a-z]+).*", "$1"))
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    static WriterAppender captureLogs(StringWriter target) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("api-keys-capture")
                .setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%d %p %c [%t] - %m%n%throwable").build())
                .build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        for (String name : DEBUG) {
            Configurator.setLevel(name, Level.DEBUG);
        }
        ctx.updateLoggers();
        return appender;
    }

    static void stopCapture(WriterAppender appender) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        appender.stop();
        for (String name : DEBUG) {
            Configurator.setLevel(name, Level.INFO);
        }
        ctx.updateLoggers();
    }
}
