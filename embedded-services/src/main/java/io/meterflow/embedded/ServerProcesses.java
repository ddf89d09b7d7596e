package io.meterflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the embedded servers that run in their own JVM or process. */
final class ServerProcesses {

    static final String LOOPBACK = "127.0.0.1";

    private ServerProcesses() {}

    /** A port free on the loopback interface right now (the usual small race with other processes is accepted). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The entries of a runtime classpath resource written by a {@code runtimes/*} module at build time. */
    static List<String> runtimeClasspath(String resource) throws IOException {
        try (InputStream in = ServerProcesses.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Classpath resource " + resource + " is missing: build the runtimes/* module first");
            }
            List<String> entries = new ArrayList<>();
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":")) {
                if (entry.isBlank()) {
                    continue;
                }
                if (!Files.exists(Paths.get(entry))) {
                    throw new IOException("Runtime classpath entry " + entry + " from " + resource
                            + " does not exist: the runtime was built on another machine or ~/.m2 was cleaned; rebuild it");
                }
                entries.add(entry);
            }
            return entries;
        }
    }

    /**
     * A classpath entry holding only {@link ParentWatchdogMain}, copied under {@code workDir}. Not our own
     * jar: inside a shaded launcher that jar carries Flink and more, which must not reach a server's classpath.
     */
    static String watchdogClasspath(Path workDir) throws IOException {
        String resource = ParentWatchdogMain.class.getName().replace('.', '/') + ".class";
        Path target = workDir.resolve("watchdog-classes").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ParentWatchdogMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Cannot find " + resource + " on the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return workDir.resolve("watchdog-classes").toString();
    }

    static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The last lines of a log file, for error messages; never throws. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Stops a process: SIGTERM, then SIGKILL after the grace period. Returns the exit code, or -1 if unknown. */
    static int terminate(Process process, long graceSeconds) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            return process.isAlive() ? -1 : process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
