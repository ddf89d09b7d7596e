package io.meterflow.embedded.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink session cluster: JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}) as separate JVMs, classpath from the resource
 * {@code meterflow/runtime-flink-cluster.classpath} (module runtimes/flink-cluster).
 *
 * <p>flink-dist is not served by Maven Central, so this replaces {@code bin/start-cluster.sh}: it
 * writes {@code config.yaml} and a log4j config into {@code workDir/conf}, computes each JVM's
 * memory flags with Flink's own {@code BashJavaUtils} (as the scripts do), and starts the JVMs on
 * free loopback ports. Everything (logs, checkpoints, savepoints, uploads, tmp) stays inside
 * {@code workDir}.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);

    static final String CLASSPATH_RESOURCE = "meterflow/runtime-flink-cluster.classpath";
    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String EXEC_RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    static final String MODULE_FLAGS_RESOURCE = "meterflow/jvm-add-opens.txt";

    /**
     * What Flink's scripts pass (config.sh); without them /jars/run fails with InaccessibleObjectException.
     * The list is build-support/jvm-add-opens.txt, the one the launcher and the test JVMs use too.
     */
    static final List<String> MODULE_FLAGS = moduleFlags(readModuleFlags());

    private static String readModuleFlags() {
        try (InputStream in = FlinkSessionCluster.class.getClassLoader().getResourceAsStream(MODULE_FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + MODULE_FLAGS_RESOURCE + " not on the classpath: the"
                        + " meterflow-embedded-services jar is built from an older tree (rebuild it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The flags of a java argument file as meterflow writes it: one a line, # comment lines, blanks skipped. */
    static List<String> moduleFlags(String argFile) {
        return argFile.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toUnmodifiableList());
    }

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path workDir;
    private final Path confDir;
    private final Path logDir;
    private final String classpath;
    private final String restUrl;
    private final List<String> jmJvmFlags;
    private final List<String> jmDynamicArgs;
    private final List<String> tmJvmFlags;
    private final List<String> tmDynamicArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Thread shutdownHook;

    private Process jobManager;
    /** Live TaskManagers started by this cluster, in start order; killTaskManager(i) indexes this list. */
    private final List<TaskManager> taskManagers = new ArrayList<>();
    private int nextTaskManagerId;
    private volatile boolean closed;

    private record TaskManager(String resourceId, Process process) {}

    private FlinkSessionCluster(Path workDir, String classpath, String restUrl,
            List<List<String>> jmParams, List<List<String>> tmParams) {
        this.workDir = workDir;
        this.confDir = workDir.resolve("conf");
        this.logDir = workDir.resolve("log");
        this.classpath = classpath;
        this.restUrl = restUrl;
        this.jmJvmFlags = jmParams.get(0);
        this.jmDynamicArgs = jmParams.get(1);
        this.tmJvmFlags = tmParams.get(0);
        this.tmDynamicArgs = tmParams.get(1);
        // A test JVM that dies without close() must not leave Flink JVMs behind.
        this.shutdownHook = new Thread(this::stopAll, "flink-session-cluster-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers with default settings: RocksDB,
     * incremental checkpoints retained on cancellation, JM 1024m, TM 1536m.
     */
    public static FlinkSessionCluster start(Path workDir, int taskManagers, int slotsPerTaskManager) throws IOException {
        return start(workDir, taskManagers, slotsPerTaskManager, Map.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with extra Flink configuration (flat keys, e.g.
     * {@code taskmanager.memory.process.size}) overriding the defaults.
     */
    public static FlinkSessionCluster start(Path workDir, int taskManagers, int slotsPerTaskManager,
            Map<String, String> extraConfig) throws IOException {
        if (taskManagers < 0 || slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("taskManagers must be >= 0 and slotsPerTaskManager >= 1");
        }
        long t0 = System.nanoTime();
        Path dir = workDir.toAbsolutePath().normalize();
        for (String sub : List.of("conf", "log", "tmp", "upload", "checkpoints", "savepoints")) {
            Files.createDirectories(dir.resolve(sub));
        }
        String classpath = runtimeClasspath();
        int restPort = freePort();
        Map<String, String> config = defaultConfig(dir, restPort, freePort(), freePort(), slotsPerTaskManager);
        config.putAll(extraConfig);
        writeConfig(dir.resolve("conf"), config);

        // The two BashJavaUtils runs are independent JVMs of ~1 s each: run them side by side.
        CompletableFuture<List<List<String>>> jm = CompletableFuture.supplyAsync(
                () -> resourceParams(classpath, dir, "GET_JM_RESOURCE_PARAMS"));
        CompletableFuture<List<List<String>>> tm = CompletableFuture.supplyAsync(
                () -> resourceParams(classpath, dir, "GET_TM_RESOURCE_PARAMS"));
        FlinkSessionCluster cluster;
        try {
            cluster = new FlinkSessionCluster(dir, classpath, "http://127.0.0.1:" + restPort, jm.join(), tm.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
        try {
            cluster.jobManager = cluster.launch("jobmanager", JM_MAIN, cluster.jmJvmFlags, cluster.jmDynamicArgs);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < taskManagers; i++) {
                ids.add(cluster.launchTaskManager());
            }
            cluster.awaitRestUp();
            long restUp = System.nanoTime();
            cluster.awaitRegistered(ids);
            long registered = System.nanoTime();
            LOG.info("Flink session cluster at {} ({} TM x {} slots): REST up after {} ms, TaskManagers registered after {} ms, workDir {}",
                    cluster.restUrl, taskManagers, slotsPerTaskManager, millis(t0, restUp), millis(t0, registered), dir);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String restUrl() {
        return restUrl;
    }

    /** Process ids of the TaskManagers this cluster started and has not killed, in start order. */
    public synchronized List<Long> taskManagerPids() {
        return taskManagers.stream().map(tm -> tm.process().pid()).collect(Collectors.toUnmodifiableList());
    }

    /** Process id of the JobManager JVM. */
    public long jobManagerPid() {
        return jobManager.pid();
    }

    /** SIGKILLs the TaskManager at {@code index} of {@link #taskManagerPids()} and removes it from that list. */
    public void killTaskManager(int index) {
        TaskManager tm;
        synchronized (this) {
            tm = taskManagers.remove(index);
        }
        tm.process().destroyForcibly(); // SIGKILL on Unix: no graceful deregistration, like a crash
        try {
            tm.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Killed TaskManager {} (pid {})", tm.resourceId(), tm.process().pid());
    }

    /** Starts one more TaskManager and waits until the JobManager lists it. */
    public void startTaskManager() {
        try {
            long t0 = System.nanoTime();
            String id = launchTaskManager();
            awaitRegistered(List.of(id));
            LOG.info("TaskManager {} registered after {} ms", id, millis(t0, System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where checkpoints go ({@code execution.checkpointing.dir}); retained on cancellation. */
    public Path checkpointDir() {
        return workDir.resolve("checkpoints");
    }

    /** Default savepoint directory ({@code execution.checkpointing.savepoint-dir}). */
    public Path savepointDir() {
        return workDir.resolve("savepoints");
    }

    public Path workDir() {
        return workDir;
    }

    /** Stops all JVMs of this cluster (TaskManagers first, then the JobManager); never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stopAll anyway
        }
    }

    private void stopAll() {
        closed = true;
        List<Process> processes = new ArrayList<>();
        synchronized (this) {
            taskManagers.forEach(tm -> processes.add(tm.process()));
            taskManagers.clear();
        }
        if (jobManager != null) {
            processes.add(jobManager);
        }
        // SIGTERM lets Flink run its shutdown hooks (clean up blobs, tmp dirs); SIGKILL after a grace period.
        for (Process p : processes) {
            try {
                p.destroy();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop pid {}: {}", p.pid(), e.toString());
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Flink JVM pid {} did not stop within {}, killing it", p.pid(), STOP_GRACE);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Could not stop pid {}: {}", p.pid(), e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- launching

    private String launchTaskManager() throws IOException {
        String id;
        synchronized (this) {
            id = "tm-" + nextTaskManagerId++;
        }
        // A fixed resource id lets us wait for exactly this TaskManager (a killed one stays listed until its heartbeat times out).
        List<String> dynamic = new ArrayList<>(tmDynamicArgs);
        dynamic.add("-D");
        dynamic.add("taskmanager.resource-id=" + id);
        Process p = launch("taskmanager-" + id, TM_MAIN, tmJvmFlags, dynamic);
        synchronized (this) {
            if (closed) {
                p.destroyForcibly();
                throw new IOException("cluster closed while starting TaskManager " + id);
            }
            taskManagers.add(new TaskManager(id, p));
        }
        return id;
    }

    private Process launch(String name, String mainClass, List<String> jvmFlags, List<String> dynamicArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmFlags);
        cmd.addAll(MODULE_FLAGS);
        cmd.add("-XX:+IgnoreUnrecognizedVMOptions");
        cmd.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        cmd.add("-Dlog4j2.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        cmd.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
        cmd.add("-classpath");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toString());
        cmd.addAll(dynamicArgs);
        Path out = logDir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        // Flink reads these from the environment when set; make sure an outer installation does not leak in.
        pb.environment().remove("FLINK_CONF_DIR");
        pb.environment().remove("FLINK_HOME");
        pb.environment().put("FLINK_LOG_DIR", logDir.toString());
        Process p = pb.start();
        LOG.debug("Started {} pid {}: {}", name, p.pid(), cmd);
        return p;
    }

    /** Runs BashJavaUtils; returns [JVM flags, dynamic -D args] as Flink's scripts use them. */
    private static List<List<String>> resourceParams(String classpath, Path dir, String command) {
        try {
            Path out = dir.resolve("log").resolve("bash-java-utils-" + command + ".out");
            List<String> cmd = List.of(javaExecutable(), "-Xmx256m",
                    "-classpath", classpath, BASH_JAVA_UTILS, command, "--configDir", dir.resolve("conf").toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("BashJavaUtils " + command + " did not finish within 60 s");
            }
            List<String> results = Files.readAllLines(out).stream()
                    .filter(l -> l.startsWith(EXEC_RESULT_PREFIX))
                    .map(l -> l.substring(EXEC_RESULT_PREFIX.length()).trim())
                    .collect(Collectors.toList());
            if (p.exitValue() != 0 || results.size() < 2) {
                throw new IOException("BashJavaUtils " + command + " failed (exit " + p.exitValue() + "):\n" + tail(out, 30));
            }
            return List.of(splitArgs(results.get(0)), splitArgs(results.get(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    private static List<String> splitArgs(String line) {
        return line.isBlank() ? List.of() : List.of(line.trim().split("\\s+"));
    }

    // ---------------------------------------------------------------- readiness

    private void awaitRestUp() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            checkAlive();
            if (getJson("/overview") != null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw failure("Flink REST at " + restUrl + " not up within " + STARTUP_TIMEOUT.toSeconds() + " s");
            }
            sleep(100);
        }
    }

    private void awaitRegistered(List<String> resourceIds) throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            checkAlive();
            JsonNode tms = getJson("/taskmanagers");
            if (tms != null) {
                List<String> listed = new ArrayList<>();
                tms.path("taskmanagers").forEach(n -> listed.add(n.path("id").asText()));
                if (listed.containsAll(resourceIds)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw failure("TaskManagers " + resourceIds + " not registered at " + restUrl + " within "
                        + STARTUP_TIMEOUT.toSeconds() + " s");
            }
            sleep(100);
        }
    }

    /** GET a REST path; null while the server is not answering (yet). */
    private JsonNode getJson(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? json.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Flink", e);
        }
    }

    private void checkAlive() throws IOException {
        if (!jobManager.isAlive()) {
            throw failure("Flink JobManager exited with code " + jobManager.exitValue());
        }
        synchronized (this) {
            for (TaskManager tm : taskManagers) {
                if (!tm.process().isAlive()) {
                    throw failure("Flink TaskManager " + tm.resourceId() + " exited with code " + tm.process().exitValue());
                }
            }
        }
    }

    /** An exception whose message carries the tail of every log in this cluster's log dir. */
    private IOException failure(String message) {
        StringBuilder sb = new StringBuilder(message).append(" (logs in ").append(logDir).append(")");
        try (var files = Files.list(logDir)) {
            for (Path f : files.sorted().collect(Collectors.toList())) {
                if (!f.getFileName().toString().startsWith("bash-java-utils")) {
                    sb.append("\n--- ").append(f.getFileName()).append(" (tail) ---\n").append(tail(f, 25));
                }
            }
        } catch (IOException e) {
            sb.append("\n(could not read logs: ").append(e).append(')');
        }
        return new IOException(sb.toString());
    }

    // ---------------------------------------------------------------- configuration

    /** Flat Flink keys (config.yaml accepts flattened keys as well as nested ones). */
    static Map<String, String> defaultConfig(Path dir, int restPort, int rpcPort, int blobPort, int slots) {
        Map<String, String> c = new LinkedHashMap<>();
        // Loopback only: a test cluster must not be reachable from elsewhere.
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.rpc.port", "0");
        c.put("taskmanager.data.port", "0");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(restPort));
        c.put("blob.server.port", String.valueOf(blobPort));
        c.put("metrics.internal.query-service.port", "0");
        // Small on this 2-core box; BashJavaUtils derives -Xmx etc. from these, as the scripts do.
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.memory.process.size", "1536m");
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        c.put("parallelism.default", "1");
        // Same state setup as production (flink-conf/config.yaml), inside workDir.
        c.put("state.backend.type", "rocksdb");
        c.put("execution.checkpointing.incremental", "true");
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        c.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.put("execution.checkpointing.num-retained", "3");
        c.put("restart-strategy.type", "exponential-delay");
        c.put("restart-strategy.exponential-delay.initial-backoff", "500ms");
        c.put("restart-strategy.exponential-delay.max-backoff", "10s");
        // TaskManagers start alongside the JobManager; a failed first attempt otherwise waits 10 s to retry.
        c.put("cluster.registration.error-delay", "500");
        c.put("cluster.registration.refused-registration-delay", "500");
        c.put("cluster.registration.max-timeout", "5000");
        // Notice a killed TaskManager within seconds instead of the 50 s default.
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "10000");
        c.put("web.upload.dir", dir.resolve("upload").toString());
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("env.log.dir", dir.resolve("log").toString());
        return c;
    }

    private static void writeConfig(Path confDir, Map<String, String> config) throws IOException {
        StringBuilder yaml = new StringBuilder("# Written by FlinkSessionCluster; flat keys.\n");
        config.forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        String log4j = String.join("\n",
                "# Written by FlinkSessionCluster: one file per JVM (-Dlog.file), appended across restarts.",
                "monitorInterval = 0",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "logger.pekko.name = org.apache.pekko",
                "logger.pekko.level = WARN",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "logger.netty.name = org.apache.flink.shaded.netty4.io.netty",
                "logger.netty.level = WARN",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.append = true",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "");
        Files.writeString(confDir.resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
    }

    /** The Flink runtime jars, as resolved by the runtimes/flink-cluster module. */
    static String runtimeClasspath() throws IOException {
        String cp;
        try (InputStream in = FlinkSessionCluster.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException("Resource " + CLASSPATH_RESOURCE + " not on the classpath: depend on "
                        + "io.meterflow:meterflow-runtime-flink-cluster (mvn -pl runtimes/flink-cluster install)");
            }
            cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        List<String> missing = new ArrayList<>();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                missing.add(entry);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("Flink runtime jars missing from the local Maven repository (rebuild "
                    + "runtimes/flink-cluster): " + missing);
        }
        return cp;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Flink", e);
        }
    }

    @Override
    public String toString() {
        return "FlinkSessionCluster[" + restUrl + ", workDir=" + workDir + ", taskManagers=" + Collections.unmodifiableList(taskManagerPids()) + "]";
    }
}
