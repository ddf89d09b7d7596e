package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.testkit.ApiRequests;
import io.meterflow.testkit.Launcher;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints hold subjects, event ids and rejected payloads: {@code meterflow run} creates the
 * checkpoint directory and its generation directory owner-only (0700), so nobody else can reach
 * the chk-* directories Flink creates beneath.
 */
class CheckpointPermissionsIT {
    @Test
    void checkpointDirectoriesAreOwnerOnly(@TempDir Path tmp) throws Exception {
        TestServices services = TestServices.get();
        PostgresDatabase db = services.newDatabase("chkperms");
        String topic = "chkperms-" + System.nanoTime();
        services.createTopic(topic, 2);
        Path root = tmp.resolve("state").resolve("checkpoints"); // neither exists yet
        Path config = tmp.resolve("meterflow.yaml");
        ApiRequests.writeConfig(config, topic, "chkperms", db, true, root, 0);
        ApiRequests.produce(topic, "//chkperms", 0, 200, 5, i -> Instant.now());

        Process run = Launcher.start(tmp.resolve("run.out"), tmp.resolve("run.err"), "run", "-c", config.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (checkpoints(root.resolve("g1")).isEmpty()) {
                assertThat(run.isAlive()).as("run alive; %s", Files.readString(tmp.resolve("run.err"))).isTrue();
                assertThat(System.nanoTime()).as("a checkpoint in time").isLessThan(deadline);
                Thread.sleep(500);
            }
        } finally {
            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        for (Path dir : List.of(tmp.resolve("state"), root, root.resolve("g1"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("%s", dir).isEqualTo("rwx------");
        }
        // Flink's own directories follow the umask; each is reachable only through g1, which others cannot enter.
        for (Path chk : checkpoints(root.resolve("g1"))) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(chk);
            boolean blocked = false;
            for (Path p = chk; !p.equals(root); p = p.getParent()) {
                Set<PosixFilePermission> ps = Files.getPosixFilePermissions(p);
                blocked |= !ps.contains(PosixFilePermission.OTHERS_EXECUTE) && !ps.contains(PosixFilePermission.GROUP_EXECUTE);
            }
            assertThat(blocked).as("%s (%s) is not reachable by group or others", chk, PosixFilePermissions.toString(perms)).isTrue();
        }
    }

    private static List<Path> checkpoints(Path genDir) throws Exception {
        if (!Files.isDirectory(genDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(genDir, 2)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.isRegularFile(p.resolve("_metadata")))
                    .toList();
        }
    }
}
