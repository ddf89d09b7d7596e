package io.meterflow.it.e2e;

import io.meterflow.testkit.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Finding the project's artifacts and running {@code ./meterflow} as a user does. */
final class E2e {
    private E2e() {}

    /** The shaded job JAR that {@code mvn verify} packaged before the integration tests. */
    static Path jobJar() {
        Path jar = Launcher.root().resolve("job/target/meterflow-job-0.1.0-flink-job.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn -B -DskipTests -pl job -am package` first");
        }
        return jar;
    }

    record Result(int exit, String out) {}

    /** Runs {@code ./meterflow args...} (never rebuilding: MF_SKIP_BUILD=1), stdout and stderr merged. */
    static Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Launcher.root().resolve("meterflow").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Launcher.root().toFile()).redirectErrorStream(true);
        pb.environment().put("MF_SKIP_BUILD", "1");
        pb.environment().put("MF_JAVA_OPTS", "-Xmx256m");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./meterflow " + String.join(" ", args) + " did not end within 3 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
