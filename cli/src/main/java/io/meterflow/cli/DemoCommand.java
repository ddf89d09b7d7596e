package io.meterflow.cli;

import io.meterflow.api.DemoApiServer;
import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Everything on one machine with nothing installed: an embedded Kafka broker and PostgreSQL, the
 * job on a local Flink with its web UI, the HTTP API, a traffic generator that POSTs to it, and a
 * live usage table.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Everything local: embedded Kafka + PostgreSQL, the job on a local Flink, the HTTP API, sample traffic, live usage table.",
            "",
            "Runs meterflow end to end on this machine: an embedded Kafka broker and PostgreSQL, the job on a"
                    + " local Flink (with its web UI), the HTTP API (127.0.0.1:8888, else a free port), sample meters"
                    + " (llm_tokens, api_requests, active_users) and a generator of realistic events (bursts, ~5%%"
                    + " duplicates, late and invalid events) that POSTs them to the API in batches with an ingest key"
                    + " the demo creates. Shows a usage table per customer every 2 s, how to connect psql, and curl"
                    + " lines (with a read key) to query and send usage yourself.",
            "Ctrl-C stops everything it started."
        })
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final String TOPIC = "events";
    static final String DATABASE = "meterflow";

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds and exit 0 (default: run until Ctrl-C).")
    long durationSeconds;

    @Option(names = "--no-ui", description = "Print plain snapshots instead of redrawing the terminal (no ANSI codes).")
    boolean noUi;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "40",
            description = "Average generator rate between bursts (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where Kafka, PostgreSQL and checkpoints keep their data; emptied on start"
                    + " (default: target/demo in the meterflow directory).")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = (workDir != null ? workDir : defaultWorkDir()).toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Instant started = Instant.now();
        try (FileChannel lockFile = FileChannel.open(dir.resolve("demo.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new CliException("another meterflow demo is running with " + dir + " (stop it, or pass --work-dir)");
            }
            return runDemo(out, dir, started);
        }
    }

    private int runDemo(PrintWriter out, Path dir, Instant started) throws Exception {
        cleanWorkDir(dir);
        out.println("meterflow demo: starting Kafka, PostgreSQL and Flink under " + dir + " ...");
        out.flush();

        List<Named> stack = java.util.Collections.synchronizedList(new ArrayList<>()); // closed in reverse order
        Thread shutdown = new Thread(() -> closeAll(stack), "meterflow-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            // Both servers start in parallel (Kafka ~5-10 s, PostgreSQL ~2-5 s on 2 cores).
            CompletableFuture<EmbeddedPostgresServer> pgStart = CompletableFuture.supplyAsync(() -> {
                try {
                    EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                    pg.createDatabase(DATABASE);
                    return pg;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            EmbeddedKafkaBroker kafka;
            try {
                kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
            } finally {
                pgStart.whenComplete((pg, e) -> {
                    if (pg != null) {
                        stack.add(0, new Named("PostgreSQL", pg)); // closed last
                    }
                });
            }
            stack.add(new Named("Kafka broker", kafka));
            EmbeddedPostgresServer postgres;
            try {
                postgres = pgStart.join();
            } catch (CompletionException e) {
                throw new CliException("embedded PostgreSQL did not start: " + ErrorMessages.oneLine(e.getCause()), e.getCause());
            }
            createTopic(kafka.bootstrapServers());

            Path configPath = dir.resolve("meterflow-demo.yaml");
            String yaml = demoConfig(kafka.bootstrapServers(), postgres.jdbcUrl(DATABASE), postgres.user(),
                    postgres.password(), dir.resolve("checkpoints").toUri().toString());
            Files.writeString(configPath, yaml);
            ConfigFile config = ConfigFile.ofYaml(configPath, yaml);

            LocalJob job = LocalJob.start(config, LocalJob.Start.live());
            stack.add(new Named("Flink job", job));
            // The job has migrated the schema (the keys table too): now the API and its keys.
            DemoApiServer api = startApi(config.config());
            stack.add(new Named("HTTP API", api));
            String ingestKey = api.createKey("demo generator", "ingest");
            String readKey = api.createKey("demo reader", "read");
            String apiUrl = "http://127.0.0.1:" + api.port();
            DemoGenerator generator = new DemoGenerator(URI.create(apiUrl + "/api/v1/events"), ingestKey, rate);
            Thread generatorThread = new Thread(generator, "meterflow-demo-generator");
            generatorThread.setDaemon(true);
            generatorThread.start();
            stack.add(new Named("generator", generator));

            String psql = "psql \"postgresql://" + postgres.user() + "@127.0.0.1:" + postgres.port() + "/" + DATABASE + "\"";
            long startupMs = Duration.between(started, Instant.now()).toMillis();
            List<String> footer = List.of(
                    "",
                    "Flink web UI:  " + job.webUrl() + "      config: " + configPath,
                    "Prometheus:    " + job.prometheusUrl() + "   (metrics of group meterflow: README, \"Metrics\")",
                    "PostgreSQL:    " + psql + "   (password: " + postgres.password() + ")",
                    "  e.g.  SELECT * FROM meterflow.query_usage('llm_tokens', now() - interval '1 hour', now(),"
                            + " 'MINUTE', 'UTC', 'acme', '{model}');",
                    "Kafka:         " + kafka.bootstrapServers() + "  topic " + TOPIC,
                    "HTTP API:      " + apiUrl + "   (the generator POSTs its events here; more keys: ./meterflow api-key"
                            + " create --config " + configPath + " --name NAME --scope read)",
                    "  usage:   " + usageCurl(apiUrl, readKey),
                    "  ingest:  " + ingestCurl(apiUrl, ingestKey),
                    "Web console:   " + apiUrl + "/   (sign in with the read key above)",
                    "Ctrl-C stops the generator, the API, the job, Kafka and PostgreSQL.");
            out.println("meterflow demo: ready in " + startupMs / 100 / 10.0 + " s; job " + job.jobId());
            footer.forEach(out::println);
            out.flush();
            // From here on the table owns the terminal: only warnings get logged.
            Configurator.setLevel("io.meterflow", MeterflowCli.verbose() ? Level.INFO : Level.WARN);

            long deadline = durationSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
            DemoDashboard.Snapshot last = null;
            try (Connection db = Services.postgres(config.config())) {
                while (System.nanoTime() < deadline) {
                    if (job.status().isGloballyTerminalState()) {
                        job.failIfFailed();
                        throw new CliException("the demo job ended unexpectedly (" + job.status() + ")");
                    }
                    try {
                        last = DemoDashboard.read(db, Instant.now());
                        String header = "meterflow demo - " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
                                + "   up " + Duration.between(started, Instant.now()).toSeconds() + " s"
                                + "   sent " + generator.produced.get() + " events in " + generator.requests.get()
                                + " requests (duplicates " + generator.duplicates.get() + ", late " + generator.late.get()
                                + ", pod restarts " + generator.restarts.get()
                                + ", invalid " + generator.invalid.get() + ", of them " + generator.refused.get()
                                + " answered 400)"
                                + "   job " + job.status();
                        String table = DemoDashboard.render(last, header, footer);
                        out.print(noUi ? table + "\n" : "\033[H\033[2J" + table);
                        out.flush();
                    } catch (SQLException e) {
                        LOG.warn("Reading usage failed: {}", e.getMessage());
                    }
                    Thread.sleep(Math.min(noUi ? 10_000 : 2000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                }
            }
            Configurator.setLevel("io.meterflow", Level.INFO);
            out.println("meterflow demo: " + durationSeconds + " s elapsed, stopping");
            if (last != null) {
                out.println("meterflow demo: events read " + last.counter("events_read") + ", counted "
                        + last.counter("meters.counted") + ", duplicates " + last.counter("meters.duplicates")
                        + ", rejected " + (last.counter("events_rejected") + last.counter("meters.rejected"))
                        + "; API requests " + generator.requests.get() + ", events refused with 400 " + generator.refused.get());
            }
            out.flush();
            return 0;
        } finally {
            closeAll(stack);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    /** On OpenMeter's port when it is free, else on any free port. */
    private static DemoApiServer startApi(io.meterflow.config.MeterflowConfig config) {
        try {
            return DemoApiServer.start(config, "127.0.0.1", 8888);
        } catch (IllegalStateException taken) {
            LOG.info("demo: 127.0.0.1:8888 is not free ({}); the API takes another port", taken.getMessage());
            return DemoApiServer.start(config, "127.0.0.1", 0);
        }
    }

    /** A usage query a person can paste while the demo runs: acme's tokens per model, all time. */
    static String usageCurl(String apiUrl, String readKey) {
        return "curl -s -H 'Authorization: Bearer " + readKey + "' '" + apiUrl
                + "/api/v1/meters/llm_tokens/query?subject=acme&groupBy=model'";
    }

    /** One event sent by hand; 204 once Kafka has it. */
    static String ingestCurl(String apiUrl, String ingestKey) {
        return "curl -s -w '%{http_code}\\n' -H 'Authorization: Bearer " + ingestKey + "'"
                + " -H 'Content-Type: application/cloudevents+json' " + apiUrl + "/api/v1/events"
                + " -d '{\"specversion\":\"1.0\",\"id\":\"my-first-event\",\"source\":\"//curl\",\"type\":\"llm.completion\","
                + "\"subject\":\"acme\",\"data\":{\"model\":\"gpt-4o\",\"usage\":{\"total_tokens\":1000}}}'";
    }

    /** Something the demo started, with a name for the log. */
    private record Named(String name, AutoCloseable resource) {}

    private static synchronized void closeAll(List<Named> stack) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            Named n = stack.get(i);
            try {
                long t0 = System.nanoTime();
                n.resource().close();
                LOG.info("demo: {} stopped in {} ms", n.name(), (System.nanoTime() - t0) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("demo: stopping {} failed: {}", n.name(), e.toString());
            }
        }
        stack.clear();
    }

    static String demoConfig(String bootstrap, String jdbcUrl, String user, String password, String checkpoints) {
        return String.join("\n",
                "# Written by ./meterflow demo: a complete meterflow configuration.",
                "kafka:",
                "  bootstrapServers: " + bootstrap,
                "  topic: " + TOPIC,
                "  groupId: meterflow-demo",
                "postgres:",
                "  url: " + jdbcUrl,
                "  user: " + user,
                "  password: " + password,
                "checkpoint:",
                "  interval: 2s        # also how often usage is committed to PostgreSQL",
                "  dir: " + checkpoints,
                "dedupe:",
                "  ttl: 7d",
                "job:",
                "  parallelism: 2",
                "meters:",
                "  - slug: llm_tokens",
                "    eventType: llm.completion",
                "    aggregation: SUM",
                "    valueProperty: $.usage.total_tokens",
                "    groupBy: { model: $.model }",
                "    windowSize: MINUTE",
                "  - slug: api_requests",
                "    eventType: api.request",
                "    aggregation: COUNT",
                "    groupBy: { route: $.route }",
                "    windowSize: MINUTE",
                "  - slug: active_users",
                "    eventType: api.request",
                "    aggregation: UNIQUE_COUNT",
                "    valueProperty: $.user",
                "    windowSize: DAY",
                "  - slug: cpu_seconds          # a cumulative counter per pod, restarts included",
                "    eventType: pod.cpu",
                "    aggregation: INCREASE",
                "    valueProperty: $.cpu_seconds_total",
                "    seriesBy: $.pod",
                "  - slug: storage_gb_seconds   # a gauge: GB held x seconds",
                "    eventType: volume.usage",
                "    aggregation: TIME_WEIGHTED",
                "    valueProperty: $.gb",
                "    maxHold: 1m",
                "");
    }

    private static void createTopic(String bootstrap) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static Path defaultWorkDir() {
        String home = System.getProperty("meterflow.home");
        return home != null ? Path.of(home, "target", "demo") : Path.of("target", "demo");
    }

    /** Empties the work dir (keeps the lock file): every demo starts from nothing. */
    private static void cleanWorkDir(Path dir) throws IOException {
        try (var children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (child.getFileName().toString().equals("demo.lock")) {
                    continue;
                }
                Files.walkFileTree(child, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
    }
}
