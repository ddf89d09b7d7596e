package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.cli.MeterflowCli;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security basics: the PostgreSQL password and a Kafka {@code sasl.jaas.config} never appear
 * in logs (captured by an appender on the root logger, meterflow at DEBUG), exception messages,
 * {@code --help} output, Flink's REST job views of a running job, nor in the serialized job graph
 * (which rests in Flink's blob store): the password stays in the launcher's JVM, the Kafka secret is
 * a {@code ${file:...}} reference the Kafka clients resolve. (The session-cluster variant,
 * grepping real JobManager/TaskManager log files, is in {@code e2e.SessionClusterIT}.)
 */
class SecretsIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final String PG_SECRET = "mfPgSecret" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String JAAS_SECRET = "mfJaasSecret" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void secretsNeverAppearInLogsExceptionsHelpOrRestJobViews(@InjectClusterRESTAddress URI rest) throws Exception {
        long t0 = System.nanoTime();
        StringWriter captured = new StringWriter();
        WriterAppender appender = captureLogs(captured);
        List<String> leaks = new ArrayList<>();
        try {
            MeterflowFixture fx = new MeterflowFixture("secrets", 2);
            String yaml = withSecrets(fx.configYaml(""), fx);
            // The job runs with the PostgreSQL password inline (this JVM only) and the Kafka secret read by
            // the Kafka clients from a file (${file:...}): neither may travel with the job.
            Path kafkaSecrets = Files.createTempFile("meterflow-kafka-secrets-", ".properties");
            Files.writeString(kafkaSecrets, "jaas=" + JAAS + "\n");
            String jobYaml = yaml.replace("sasl.jaas.config: \"" + JAAS + "\"", "sasl.jaas.config: \"${file:" + kafkaSecrets + ":jaas}\"");
            assertThat(jobYaml).doesNotContain(JAAS_SECRET).contains(PG_SECRET);

            // 0. The job graph as submitted, serialized (operators, sink and store factories, execution config).
            for (Map.Entry<String, byte[]> graph : serializedGraphs(jobYaml).entrySet()) {
                scan(graph.getKey(), new String(graph.getValue(), StandardCharsets.ISO_8859_1), leaks);
            }

            // 1. A running job: logs and every REST view of it.
            List<GeneratedEvent> stream = new UsageStreamGenerator(91L, Instant.now().truncatedTo(ChronoUnit.MINUTES), 3).generate(300);
            fx.produce(stream);
            JobClient job = FaultKit.startYaml(jobYaml, null, null);
            try {
                FaultKit.awaitRead(fx, stream.size(), Duration.ofMinutes(2));
                fx.assertCountersEqualOracle(new UsageOracle(MeterflowFixture.METERS, stream));
                HttpClient http = HttpClient.newHttpClient();
                String id = job.getJobID().toString();
                for (String path : List.of("/jobs/" + id + "/config", "/jobs/" + id, "/jobs/" + id + "/plan",
                        "/jobs/" + id + "/exceptions", "/jobs/" + id + "/checkpoints/config", "/jobmanager/config",
                        "/jobs/" + id + "/jobmanager/config", "/taskmanagers")) {
                    String body = http.send(HttpRequest.newBuilder(rest.resolve(path)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    scan("REST " + path, body, leaks);
                }
            } finally {
                FaultKit.cancelQuietly(job);
            }

            // 2. Failures: unreachable PostgreSQL (the URL also carries the password), broken YAML next to the secret.
            String unreachable = yaml.replace(fx.database.jdbcUrl(), "jdbc:postgresql://127.0.0.1:1/nowhere?password=" + PG_SECRET);
            try {
                MeterflowJob.prepare(MeterflowConfig.parse(unreachable, Map.of()), JobOptions.live());
                leaks.add("prepare() against an unreachable PostgreSQL did not fail");
            } catch (Exception e) {
                scan("exception of prepare() with an unreachable PostgreSQL", ExceptionUtils.stringifyException(e), leaks);
            }
            for (String broken : List.of(yaml.replace("  password: " + PG_SECRET, "  password: [" + PG_SECRET),
                    yaml.replace("  password: " + PG_SECRET, "  password: {" + PG_SECRET + ": 1}"),
                    yaml.replace("kafka:\n", "kafka:\n  nonsense: " + PG_SECRET + "\n"))) {
                try {
                    MeterflowConfig.parse(broken, Map.of());
                    leaks.add("a broken config was accepted");
                } catch (Exception e) {
                    scan("config error", ExceptionUtils.stringifyException(e), leaks);
                }
            }
            scan("MeterflowConfig.toString", MeterflowConfig.parse(yaml, Map.of()).toString(), leaks);
            scan("MeterflowConfig.redacted", String.valueOf(MeterflowConfig.parse(yaml, Map.of()).redacted()), leaks);

            // 3. The CLI: --help of every command, and a command failing on a config file holding the secrets.
            Path file = Files.createTempFile("meterflow-secrets-", ".yaml");
            Files.writeString(file, unreachable);
            for (String[] args : List.of(new String[] {"--help"}, new String[] {"run", "--help"},
                    new String[] {"submit", "--help"}, new String[] {"stop", "--help"}, new String[] {"replay", "--help"},
                    new String[] {"rebuild", "--help"}, new String[] {"query", "--help"}, new String[] {"publish", "--help"},
                    new String[] {"demo", "--help"},
                    new String[] {"query", "--config", file.toString(), "--meter", "llm_tokens", "--from", "2026-01-01T00:00:00Z",
                            "--to", "2026-01-02T00:00:00Z"},
                    new String[] {"--verbose", "query", "--config", file.toString(), "--meter", "llm_tokens", "--from",
                            "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z"},
                    new String[] {"submit", "--config", file.toString(), "--flink", "http://127.0.0.1:1"})) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                MeterflowCli.execute(args, new PrintWriter(out), new PrintWriter(err));
                scan("./meterflow " + String.join(" ", args), out + "\n" + err, leaks);
            }
            Files.deleteIfExists(file);
        } finally {
            stopCapture(appender);
        }
        scan("captured logs", captured.toString(), leaks);
        assertThat(captured.toString()).as("the capture worked").contains("meterflow");
        assertThat(leaks).as("places where a secret appeared").isEmpty();
        FaultKit.LOG.info("SecretsIT took {} s ({} chars of logs scanned)", FaultKit.seconds(t0), captured.getBuffer().length());
    }

    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username='u' password='" + JAAS_SECRET + "';";

    /**
     * The job graph of {@code yaml} as {@code MeterflowFixture.startJob} submits it, Java-serialized (as
     * Flink ships and stores it), plus the stream graph Flink 2 may submit instead.
     */
    private static Map<String, byte[]> serializedGraphs(String yaml) throws Exception {
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        JobOptions options = MeterflowJob.prepare(config, JobOptions.live());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        MeterflowJob.build(env, config, options);
        StreamGraph streamGraph = env.getStreamGraph();
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        out.put("serialized StreamGraph", InstantiationUtil.serializeObject(streamGraph));
        JobGraph jobGraph = streamGraph.getJobGraph();
        out.put("serialized JobGraph", InstantiationUtil.serializeObject(jobGraph));
        assertThat(out.get("serialized JobGraph").length).as("the job graph holds the operators").isGreaterThan(10_000);
        return out;
    }

    private static String withSecrets(String yaml, MeterflowFixture fx) {
        String out = yaml.replace("  password: " + fx.database.password() + "\n", "  password: " + PG_SECRET + "\n")
                .replace("  idleTimeout: 2s\n", "  idleTimeout: 2s\n  properties:\n    sasl.jaas.config: \"" + JAAS + "\"\n");
        assertThat(out).contains(PG_SECRET).contains(JAAS_SECRET);
        return out;
    }

    private static void scan(String where, String text, List<String> leaks) {
        for (String secret : List.of(PG_SECRET, JAAS_SECRET)) {
            int i = text.indexOf(secret);
            if (i >= 0) {
                leaks.add(where + ": ..." + text.substring(Math.max(0, i - 160), Math.min(text.length(), i + secret.length() + 20))
                        .replace('\n', ' ') + "...");
            }
        }
    }

    private static WriterAppender captureLogs(StringWriter target) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("secrets-capture")
                .setTarget(target)
                .setLayout(PatternLayout.newBuilder().withPattern("%d %p %c - %m%n%throwable").build())
                .build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("io.meterflow", Level.DEBUG);
        Configurator.setLevel("org.apache.kafka.clients.consumer.ConsumerConfig", Level.INFO);
        Configurator.setLevel("org.apache.kafka.clients.producer.ProducerConfig", Level.INFO);
        ctx.updateLoggers();
        return appender;
    }

    private static void stopCapture(WriterAppender appender) {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        appender.stop();
        Configurator.setLevel("io.meterflow", Level.INFO);
        Configurator.setLevel("org.apache.kafka.clients.consumer.ConsumerConfig", Level.WARN);
        Configurator.setLevel("org.apache.kafka.clients.producer.ProducerConfig", Level.WARN);
        // `--verbose` raised the root level for this whole test JVM: the later tests' logs stay as configured.
        Configurator.setRootLevel(Level.WARN);
        ctx.updateLoggers();
    }
}
