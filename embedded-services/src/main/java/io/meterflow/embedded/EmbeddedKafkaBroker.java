package io.meterflow.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker in a separate JVM (classpath from the runtime resource), on free
 * loopback ports.
 *
 * <p>Why a separate JVM: the broker drags in Scala and its own kafka-clients, which must not meet the
 * Flink job's classpath; and fault tests need a process they can kill. The classpath comes from the
 * {@code meterflow-runtime-kafka-broker} module, resolved by Maven at build time.
 *
 * <p>Layout of the work directory: {@code server.properties}, {@code log4j2.properties}, {@code data/}
 * (the log dirs), {@code broker.log} (everything the broker JVM prints, appended across restarts).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    static final String CLASSPATH_RESOURCE = "meterflow/runtime-kafka-broker.classpath";
    private static final long READY_TIMEOUT_MS = 90_000;
    private static final long STOP_GRACE_SECONDS = 30;

    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final Path serverProperties;
    private final int port;
    private final int controllerPort;
    private final List<String> classpath;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;

    private EmbeddedKafkaBroker(Path workDir, int port, int controllerPort, List<String> classpath) {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.logFile = workDir.resolve("broker.log");
        this.serverProperties = workDir.resolve("server.properties");
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-kafka-shutdown");
    }

    /** Formats storage (unless already formatted), launches the broker and waits until a client can list topics. */
    public static EmbeddedKafkaBroker start(Path workDir) throws IOException {
        Path dir = workDir.toAbsolutePath();
        Files.createDirectories(dir);
        List<String> classpath = new ArrayList<>(ServerProcesses.runtimeClasspath(CLASSPATH_RESOURCE));
        classpath.add(ServerProcesses.watchdogClasspath(dir));
        EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(dir, ServerProcesses.freePort(), ServerProcesses.freePort(), classpath);
        broker.writeConfig();
        broker.formatStorageIfNeeded();
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.launchAndAwaitReady();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return ServerProcesses.LOOPBACK + ":" + port;
    }

    /** Graceful stop (SIGTERM, controlled shutdown), waiting for the JVM to exit. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            long pid = process.pid();
            long started = System.nanoTime();
            int exit = ServerProcesses.terminate(process, STOP_GRACE_SECONDS);
            LOG.info("Kafka broker pid {} stopped (exit {}) in {} ms", pid, exit, millisSince(started));
        }
    }

    /** SIGKILL, as a crash would: no controlled shutdown, the next start recovers the logs. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            long pid = process.pid();
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Kafka broker pid {} killed", pid);
        }
    }

    /** Starts the broker again on the same ports and data dir (stopping it first if running); waits until ready. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Kafka broker in " + workDir + " is closed");
        }
        stop();
        try {
            launchAndAwaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker JVM's process id (of the current incarnation after a restart). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Kafka broker is not started");
        }
        return process.pid();
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops the broker; never throws. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: nothing to unregister.
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Failed to stop Kafka broker in {}", workDir, e);
        }
    }

    private void writeConfig() throws IOException {
        Files.createDirectories(dataDir);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@" + ServerProcesses.LOOPBACK + ":" + controllerPort);
        config.put("listeners", "PLAINTEXT://" + ServerProcesses.LOOPBACK + ":" + port
                + ",CONTROLLER://" + ServerProcesses.LOOPBACK + ":" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://" + ServerProcesses.LOOPBACK + ":" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        // One node: every internal topic must accept replication factor and min ISR 1.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: creating 50 of each on first use costs seconds on 2 cores.
        config.put("offsets.topic.num.partitions", "10");
        config.put("transaction.state.log.num.partitions", "10");
        config.put("group.initial.rebalance.delay.ms", "0");
        // After kill(), the new incarnation cannot register until the old one's session expires (default 9 s).
        // Shorter, but not so short that a loaded 2-core machine fences a healthy broker.
        config.put("broker.session.timeout.ms", "4000");
        config.put("broker.heartbeat.interval.ms", "1000");
        // Flink's exactly-once KafkaSink defaults to a 1 h transaction timeout; the broker's default cap is 15 min.
        config.put("transaction.max.timeout.ms", "3600000");
        // Backfill tests produce records with old timestamps: never let time-based retention delete them.
        config.put("log.retention.ms", "-1");
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "true");

        StringBuilder text = new StringBuilder("# Written by EmbeddedKafkaBroker\n");
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(serverProperties, text.toString(), StandardCharsets.UTF_8);

        Files.writeString(workDir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = stdout",
                "appender.stdout.type = Console",
                "appender.stdout.name = stdout",
                "appender.stdout.layout.type = PatternLayout",
                "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.statechange.name = state.change.logger",
                "logger.statechange.level = WARN",
                ""), StandardCharsets.UTF_8);
    }

    private void formatStorageIfNeeded() throws IOException {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            LOG.info("Kafka storage in {} is already formatted: reusing it", dataDir);
            return;
        }
        List<String> command = javaCommand(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString());
        Path formatLog = workDir.resolve("format.log");
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(formatLog.toFile())
                .start();
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IOException("Formatting Kafka storage timed out; " + formatLog + ":\n"
                        + ServerProcesses.tail(formatLog, 40));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while formatting Kafka storage");
        }
        if (format.exitValue() != 0) {
            throw new IOException("Formatting Kafka storage failed (exit " + format.exitValue() + "); " + formatLog
                    + ":\n" + ServerProcesses.tail(formatLog, 40));
        }
    }

    private synchronized void launchAndAwaitReady() throws IOException {
        long started = System.nanoTime();
        List<String> command = javaCommand(List.of(
                        "-Xms512m", "-Xmx1g",
                        "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:+ExplicitGCInvokesConcurrent",
                        "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + workDir.resolve("log4j2.properties")),
                "kafka.Kafka", serverProperties.toString());
        appendMarker("starting broker: " + String.join(" ", command.subList(0, command.indexOf("-cp"))));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitReady();
        LOG.info("Kafka broker {} (KRaft) started: pid {}, bootstrap {}, controller port {}, data {}, log {} ({} ms)",
                brokerVersion(), process.pid(), bootstrapServers(), controllerPort, dataDir, logFile, millisSince(started));
    }

    /** Wraps the server's main class in {@link ParentWatchdogMain} so the broker dies with this JVM. */
    private List<String> javaCommand(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ServerProcesses.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(":", classpath));
        command.add(ParentWatchdogMain.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        Admin admin = null;
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited with code " + process.exitValue() + " during start-up; "
                            + logFile + ":\n" + ServerProcesses.tail(logFile, 60));
                }
                if (System.currentTimeMillis() > deadline) {
                    ServerProcesses.terminate(process, 5);
                    throw new IOException("Kafka broker not ready after " + READY_TIMEOUT_MS + " ms; " + logFile
                            + ":\n" + ServerProcesses.tail(logFile, 60));
                }
                // Probe the port first: an admin client against a closed port only logs connection warnings.
                if (ServerProcesses.isListening(port)) {
                    if (admin == null) {
                        admin = Admin.create(adminConfig());
                    }
                    try {
                        admin.listTopics().names().get(5, TimeUnit.SECONDS);
                        return;
                    } catch (ExecutionException | TimeoutException notYet) {
                        LOG.debug("Kafka broker not ready yet: {}", notYet.toString());
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the Kafka broker");
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }

    private Properties adminConfig() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "meterflow-embedded-kafka-probe");
        return props;
    }

    private void appendMarker(String line) {
        try (OutputStream out = Files.newOutputStream(logFile,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(("==== [meterflow] " + Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Cannot write to {}", logFile, e);
        }
    }

    /** The broker version, read from the kafka_2.13 jar's file name on the runtime classpath. */
    private String brokerVersion() {
        for (String entry : classpath) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("kafka_2.13-") && name.endsWith(".jar")) {
                return name.substring("kafka_2.13-".length(), name.length() - ".jar".length());
            }
        }
        return "(unknown version)";
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
