package io.meterflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test JVM killed with SIGKILL (a fork timeout, an impatient developer) runs no shutdown hooks; its
 * broker and PostgreSQL must still go away instead of squatting on a shared CI machine.
 */
class OrphanedServersTest {

    @TempDir
    Path dir;

    @Test
    void serversDieWithTheJvmThatStartedThem() throws Exception {
        Process owner = new ProcessBuilder(ServerProcesses.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                "-cp", System.getProperty("java.class.path"), OrphanFixture.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        long kafkaPid;
        long postgresPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("PIDS ")) {
                // start-up logging
            }
            assertThat(line).as("the fixture printed its servers' pids").isNotNull();
            String[] pids = line.split(" ");
            kafkaPid = Long.parseLong(pids[1]);
            postgresPid = Long.parseLong(pids[2]);
            assertThat(alive(kafkaPid)).isTrue();
            assertThat(alive(postgresPid)).isTrue();

            owner.destroyForcibly();
            owner.waitFor(10, TimeUnit.SECONDS);
        } finally {
            owner.destroyForcibly();
        }

        long deadline = System.currentTimeMillis() + 30_000;
        while ((alive(kafkaPid) || alive(postgresPid)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(alive(kafkaPid)).as("Kafka broker pid %s outlived its JVM", kafkaPid).isFalse();
        assertThat(alive(postgresPid)).as("PostgreSQL pid %s outlived its JVM", postgresPid).isFalse();
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
