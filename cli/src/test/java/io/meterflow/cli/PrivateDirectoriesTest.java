package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateDirectoriesTest {
    @Test
    void missingParentsAndTheDirectoryAreOwnerOnly(@TempDir Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = PrivateDirectories.create(tmp.resolve("a/b/g1"));
        assertThat(Files.isDirectory(dir)).isTrue();
        for (Path p : new Path[] {tmp.resolve("a"), tmp.resolve("a/b"), dir}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as("%s", p).isEqualTo("rwx------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).as("existing parent untouched")
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void anExistingDirectoryIsTightened(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("g2"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateDirectories.create(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void aFileInTheWayIsAnError(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("g3"), "x");
        assertThatThrownBy(() -> PrivateDirectories.create(file)).hasMessageContaining("not a directory");
    }
}
