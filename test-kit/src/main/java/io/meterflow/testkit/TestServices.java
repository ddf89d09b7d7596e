package io.meterflow.testkit;

import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Kafka broker and PostgreSQL server the integration tests talk to: started once per JVM,
 * lazily, and shut down by a shutdown hook.
 *
 * <p>Each service is chosen independently, in this order:
 * <ol>
 *   <li>environment: {@code METERFLOW_TEST_KAFKA_BOOTSTRAP}; {@code METERFLOW_TEST_POSTGRES_URL} (a
 *       maintenance database on which {@code CREATE DATABASE} works, e.g. {@code .../postgres}) with
 *       {@code METERFLOW_TEST_POSTGRES_USER} and {@code METERFLOW_TEST_POSTGRES_PASSWORD};
 *   <li>a working Docker engine: Testcontainers {@code apache/kafka:4.1.1} and {@code postgres:17};
 *   <li>otherwise {@link EmbeddedKafkaBroker} and {@link EmbeddedPostgresServer} under
 *       {@code target/test-services/}.
 * </ol>
 * {@code METERFLOW_TEST_SERVICES=embedded} (or {@code -Dmeterflow.test.services=embedded}) skips the
 * Docker probe. Tests isolate themselves with {@link #newDatabase} and unique topic names, so one set of
 * servers serves the whole run.
 */
public final class TestServices {

    private static final Logger LOG = LoggerFactory.getLogger(TestServices.class);

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17";
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(20);

    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

    private static TestServices instance;
    private static RuntimeException startFailure;
    // Each server starts at most once per JVM, on first use; get() starts both concurrently.
    private static Plan plan;
    private static CompletableFuture<Kafka> kafkaStart;
    private static CompletableFuture<Postgres> postgresStart;

    private final String kafkaBootstrapServers;
    private final String postgresMaintenanceUrl;
    private final String postgresUser;
    private final String postgresPassword;
    private final EmbeddedKafkaBroker embeddedKafka;
    private final EmbeddedPostgresServer embeddedPostgres;
    private Admin admin;

    private TestServices(Kafka kafka, Postgres postgres) {
        this.kafkaBootstrapServers = kafka.bootstrapServers;
        this.embeddedKafka = kafka.embedded;
        this.postgresMaintenanceUrl = postgres.maintenanceUrl;
        this.postgresUser = postgres.user;
        this.postgresPassword = postgres.password;
        this.embeddedPostgres = postgres.embedded;
    }

    /** The services of this JVM, started on first use; a start-up failure is remembered and rethrown. */
    public static synchronized TestServices get() {
        if (startFailure != null) {
            throw new IllegalStateException("Test services failed to start earlier in this JVM", startFailure);
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /**
     * A fresh database on this JVM's PostgreSQL, without starting Kafka (for tests of the sink and the
     * CLI that need no broker); the same server {@link #get()} uses.
     */
    public static PostgresDatabase newPostgresDatabase(String prefix) {
        return createDatabase(postgresStart().join(), prefix);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** A fresh, empty database with a unique name (prefix, counter and random suffix). */
    public PostgresDatabase newDatabase(String prefix) {
        return createDatabase(new Postgres(postgresMaintenanceUrl, postgresUser, postgresPassword, null, Optional.empty()), prefix);
    }

    private static PostgresDatabase createDatabase(Postgres postgres, String prefix) {
        String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "db_" + base;
        }
        // A random part too: with environment-provided servers, several runs may share one PostgreSQL.
        String suffix = "_" + DATABASE_COUNTER.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String name = base.substring(0, Math.min(base.length(), 63 - suffix.length())) + suffix;
        try (Connection connection = DriverManager.getConnection(postgres.maintenanceUrl(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " via " + postgres.maintenanceUrl(), e);
        }
        String url = withDatabase(postgres.maintenanceUrl(), name);
        LOG.info("Created database {}", url);
        return new PostgresDatabase(url, postgres.user(), postgres.password());
    }

    /**
     * Creates a topic (replication factor 1) and waits until every partition has a leader, so producers
     * never see "unknown topic". An existing topic with the same partition count is accepted.
     */
    public void createTopic(String name, int partitions) {
        Admin kafkaAdmin = admin();
        try {
            try {
                kafkaAdmin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                TopicDescription description;
                try {
                    description = kafkaAdmin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
                } catch (ExecutionException e) {
                    // The controller has committed the topic but the broker's metadata cache may lag behind it.
                    if (e.getCause() instanceof UnknownTopicOrPartitionException && System.currentTimeMillis() < deadline) {
                        Thread.sleep(50);
                        continue;
                    }
                    throw e;
                }
                if (description.partitions().size() != partitions) {
                    throw new IllegalStateException("Topic " + name + " exists with " + description.partitions().size()
                            + " partitions, not " + partitions);
                }
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                        && leadersServe(kafkaAdmin, name, partitions)) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Topic " + name + " has partitions without a leader: " + description);
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topic " + name + " on " + kafkaBootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /**
     * Whether every partition's leader answers for it: the metadata may name a leader before its
     * replica manager has taken the partition over, and a first produce then meets
     * NOT_LEADER_OR_FOLLOWER (which has left idempotent producers retrying out-of-order sequences
     * forever on a loaded machine). ListOffsets is answered by the leader's replica manager itself.
     */
    public static boolean leadersServe(Admin admin, String topic, int partitions) throws InterruptedException {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        try {
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The embedded broker, present only when neither the environment nor Docker provided Kafka (fault tests need it). */
    public Optional<EmbeddedKafkaBroker> embeddedKafka() {
        return Optional.ofNullable(embeddedKafka);
    }

    /** The embedded PostgreSQL server, present only when neither the environment nor Docker provided one. */
    public Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return Optional.ofNullable(embeddedPostgres);
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up and shutdown

    /** Where the servers come from: decided once per JVM (the Docker probe takes seconds). */
    private record Plan(String kafkaEnv, String postgresEnv, boolean docker, Path workDir) {}

    private static synchronized Plan plan() {
        if (plan == null) {
            String kafkaEnv = env("METERFLOW_TEST_KAFKA_BOOTSTRAP");
            String postgresEnv = env("METERFLOW_TEST_POSTGRES_URL");
            boolean needDocker = kafkaEnv == null || postgresEnv == null;
            boolean docker = needDocker && DockerProbe.dockerAvailable(DOCKER_PROBE_TIMEOUT);
            plan = new Plan(kafkaEnv, postgresEnv, docker, needDocker && !docker ? embeddedWorkDir() : null);
            Runtime.getRuntime().addShutdownHook(new Thread(TestServices::shutdown, "meterflow-test-services-shutdown"));
        }
        return plan;
    }

    private static synchronized CompletableFuture<Kafka> kafkaStart() {
        if (kafkaStart == null) {
            Plan p = plan();
            kafkaStart = CompletableFuture.supplyAsync(() -> {
                if (p.kafkaEnv() != null) {
                    return Kafka.fromEnvironment(p.kafkaEnv());
                }
                return p.docker() ? Containers.kafka() : Kafka.startEmbedded(p.workDir().resolve("kafka"));
            });
        }
        return kafkaStart;
    }

    private static synchronized CompletableFuture<Postgres> postgresStart() {
        if (postgresStart == null) {
            Plan p = plan();
            postgresStart = CompletableFuture.supplyAsync(() -> {
                if (p.postgresEnv() != null) {
                    return Postgres.fromEnvironment(p.postgresEnv());
                }
                return p.docker() ? Containers.postgres() : Postgres.startEmbedded(p.workDir().resolve("postgres"));
            });
        }
        return postgresStart;
    }

    private static TestServices start() {
        long started = System.nanoTime();
        // Start both servers concurrently: each takes seconds, mostly waiting.
        CompletableFuture<Kafka> kafka = kafkaStart();
        CompletableFuture<Postgres> postgres = postgresStart();
        Plan p = plan();
        try {
            TestServices services = new TestServices(kafka.join(), postgres.join());
            LOG.info("Test services ready in {} ms: Kafka {} ({}), PostgreSQL {} ({})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    services.kafkaBootstrapServers, p.kafkaEnv() != null ? "environment" : p.docker() ? "Testcontainers" : "embedded",
                    services.postgresMaintenanceUrl, p.postgresEnv() != null ? "environment" : p.docker() ? "Testcontainers" : "embedded");
            return services;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }

    private static void shutdown() {
        TestServices services;
        CompletableFuture<Kafka> kafka;
        CompletableFuture<Postgres> postgres;
        synchronized (TestServices.class) {
            services = instance;
            kafka = kafkaStart;
            postgres = postgresStart;
        }
        if (services != null && services.admin != null) {
            services.admin.close(Duration.ofSeconds(5));
        }
        // Embedded servers have shutdown hooks of their own; close them here too so the order is deterministic.
        if (kafka != null) {
            kafka.thenAccept(Kafka::close);
        }
        if (postgres != null) {
            postgres.thenAccept(Postgres::close);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "meterflow-test-services");
            admin = Admin.create(props);
        }
        return admin;
    }

    /**
     * {@code target/test-services/run-<pid>}: one directory per test JVM, so concurrent builds in the same
     * tree never share a data directory. Directories of JVMs that are gone are deleted (the latest ones
     * stay for post-mortems until the next run).
     */
    private static Path embeddedWorkDir() {
        Path root = Paths.get("target", "test-services").toAbsolutePath();
        try {
            Files.createDirectories(root);
            try (Stream<Path> runs = Files.list(root)) {
                runs.filter(dir -> dir.getFileName().toString().startsWith("run-")).forEach(dir -> {
                    String pid = dir.getFileName().toString().substring("run-".length());
                    boolean alive = pid.chars().allMatch(Character::isDigit)
                            && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        deleteRecursively(dir);
                    }
                });
            }
            return Files.createDirectories(root.resolve("run-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + root, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Another test JVM may be deleting the same leftover directory at the same time.
            LOG.debug("Cannot delete {}", dir, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Replaces the database of a {@code jdbc:postgresql://host[:port][/db][?params]} URL. */
    static String withDatabase(String url, String database) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
        }
        int query = url.indexOf('?');
        String params = query < 0 ? "" : url.substring(query);
        String withoutParams = query < 0 ? url : url.substring(0, query);
        int slash = withoutParams.indexOf('/', prefix.length());
        String hosts = slash < 0 ? withoutParams : withoutParams.substring(0, slash);
        return hosts + "/" + database + params;
    }

    /** The database of a {@code jdbc:postgresql://...} URL. */
    static String databaseOf(String url) {
        int query = url.indexOf('?');
        String withoutParams = query < 0 ? url : url.substring(0, query);
        int slash = withoutParams.indexOf('/', "jdbc:postgresql://".length());
        return slash < 0 ? "" : withoutParams.substring(slash + 1);
    }

    /** A started Kafka and how to stop it. */
    record Kafka(String bootstrapServers, EmbeddedKafkaBroker embedded, Optional<AutoCloseable> container) {

        static Kafka fromEnvironment(String bootstrap) {
            LOG.info("Kafka from METERFLOW_TEST_KAFKA_BOOTSTRAP: {}", bootstrap);
            return new Kafka(bootstrap, null, Optional.empty());
        }

        static Kafka startEmbedded(Path workDir) {
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir);
                return new Kafka(broker.bootstrapServers(), broker, Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded Kafka broker", e);
            }
        }

        void close() {
            if (embedded != null) {
                embedded.close();
            }
            container.ifPresent(TestServices::closeQuietly);
        }
    }

    /** A started PostgreSQL: a maintenance database URL on which CREATE DATABASE works. */
    record Postgres(String maintenanceUrl, String user, String password, EmbeddedPostgresServer embedded,
                    Optional<AutoCloseable> container) {

        static Postgres fromEnvironment(String url) {
            String user = Optional.ofNullable(env("METERFLOW_TEST_POSTGRES_USER")).orElse("postgres");
            String password = Optional.ofNullable(System.getenv("METERFLOW_TEST_POSTGRES_PASSWORD")).orElse("");
            LOG.info("PostgreSQL from METERFLOW_TEST_POSTGRES_URL: {} (user {})", url, user);
            return new Postgres(url, user, password, null, Optional.empty());
        }

        static Postgres startEmbedded(Path dataDir) {
            try {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
                return new Postgres(server.jdbcUrl("postgres"), server.user(), server.password(), server, Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
        }

        void close() {
            if (embedded != null) {
                embedded.close();
            }
            container.ifPresent(TestServices::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Cannot close {}", closeable, e);
        }
    }

    /** Testcontainers, referenced only when a Docker engine answered. */
    static final class Containers {

        private Containers() {}

        static Kafka kafka() {
            var kafka = new org.testcontainers.kafka.KafkaContainer(KAFKA_IMAGE)
                    // Single node: internal topics with replication 1; transactions (the dead-letter KafkaSink) must work.
                    .withEnv(Map.of(
                            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1",
                            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1",
                            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0",
                            "KAFKA_TRANSACTION_MAX_TIMEOUT_MS", "3600000",
                            "KAFKA_LOG_RETENTION_MS", "-1"));
            kafka.start();
            LOG.info("Kafka container {} started: {}", KAFKA_IMAGE, kafka.getBootstrapServers());
            return new Kafka(kafka.getBootstrapServers(), null, Optional.of(kafka));
        }

        static Postgres postgres() {
            var postgres = new org.testcontainers.containers.PostgreSQLContainer<>(POSTGRES_IMAGE)
                    .withCommand("postgres", "-c", "max_connections=300", "-c", "shared_buffers=128MB", "-c", "fsync=off");
            postgres.start();
            LOG.info("PostgreSQL container {} started: {}", POSTGRES_IMAGE, postgres.getJdbcUrl());
            return new Postgres(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), null,
                    Optional.of(postgres));
        }
    }

    /** Asks Testcontainers whether Docker works, without ever hanging or failing when it does not. */
    static final class DockerProbe {

        private DockerProbe() {}

        static boolean dockerAvailable(Duration timeout) {
            String mode = Optional.ofNullable(System.getProperty("meterflow.test.services"))
                    .orElseGet(() -> env("METERFLOW_TEST_SERVICES"));
            if ("embedded".equalsIgnoreCase(mode)) {
                LOG.info("Docker probe skipped (meterflow.test.services=embedded)");
                return false;
            }
            if (!"docker".equalsIgnoreCase(mode) && !dockerConfigured()) {
                LOG.info("No Docker engine configured (no DOCKER_HOST, docker.sock or ~/.testcontainers.properties): using embedded servers");
                return false;
            }
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "docker-probe");
                thread.setDaemon(true); // a stuck probe must not keep the JVM alive
                return thread;
            });
            try {
                Future<Boolean> probe = executor.submit(
                        () -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
                boolean available = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Docker engine {}", available ? "available: using Testcontainers" : "not available: using embedded servers");
                return available;
            } catch (TimeoutException e) {
                LOG.info("Docker probe timed out after {}: not using Docker", timeout);
                return false;
            } catch (ExecutionException | LinkageError e) {
                LOG.info("Docker probe failed ({}): not using Docker", e.toString());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                executor.shutdownNow();
            }
        }

        /** Cheap check first: Testcontainers' own probe logs errors and may take a while when nothing is there. */
        private static boolean dockerConfigured() {
            if (env("DOCKER_HOST") != null || env("TESTCONTAINERS_HOST_OVERRIDE") != null) {
                return true;
            }
            String home = System.getProperty("user.home");
            List<Path> candidates = new ArrayList<>(List.of(
                    Paths.get("/var/run/docker.sock"),
                    Paths.get(home, ".docker", "run", "docker.sock"),
                    Paths.get(home, ".docker", "desktop", "docker.sock"),
                    Paths.get(home, ".testcontainers.properties")));
            Optional.ofNullable(env("XDG_RUNTIME_DIR")).ifPresent(dir -> candidates.add(Paths.get(dir, "docker.sock")));
            return candidates.stream().anyMatch(Files::exists);
        }
    }
}
