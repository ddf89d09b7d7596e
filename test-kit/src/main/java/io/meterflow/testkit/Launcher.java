package io.meterflow.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code ./meterflow} as a separate process, as a user would (the build has already happened). */
public final class Launcher {
    private Launcher() {}

    /** The project root: the directory holding the {@code meterflow} script. */
    public static Path root() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("meterflow")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./meterflow script above " + dir);
    }

    public static Process start(Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("meterflow").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root().toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        // Maven built everything already; a nested build inside the test would race the reactor.
        pb.environment().put("MF_SKIP_BUILD", "1");
        return pb.start();
    }
}
