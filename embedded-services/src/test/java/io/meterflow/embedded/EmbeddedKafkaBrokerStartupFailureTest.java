package io.meterflow.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerStartupFailureTest {

    @TempDir
    Path workDir;

    @Test
    void aBrokerDyingAtStartUpIsReportedWithItsLogTail() throws Exception {
        // Storage "formatted" for another node: the broker refuses it and exits during start-up.
        Files.createDirectories(workDir.resolve("data"));
        Files.writeString(workDir.resolve("data/meta.properties"),
                "version=1\nnode.id=99\ncluster.id=AAAAAAAAAAAAAAAAAAAAAA\ndirectory.id=AAAAAAAAAAAAAAAAAAAAAA\n");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(workDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("broker.log")
                .hasMessageContaining("99");
    }
}
