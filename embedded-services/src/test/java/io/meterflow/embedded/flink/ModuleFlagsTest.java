package io.meterflow.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JVM module flags come from one file: build-support/jvm-add-opens.txt. */
class ModuleFlagsTest {

    private static Path listFile() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path file = p.resolve("build-support/jvm-add-opens.txt");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no build-support/jvm-add-opens.txt above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theFlinkJvmsGetTheFlagsOfTheOneList() throws Exception {
        assertThat(FlinkSessionCluster.MODULE_FLAGS)
                .isEqualTo(FlinkSessionCluster.moduleFlags(Files.readString(listFile())))
                .contains("--add-opens=java.base/java.util=ALL-UNNAMED", "--add-exports=java.base/sun.net.util=ALL-UNNAMED")
                .allMatch(f -> f.startsWith("--add-opens=") || f.startsWith("--add-exports="));
    }

    /** The parent pom hands the same file to the test JVMs (surefire's argLine) as a java @argument file. */
    @Test
    void theTestJvmRunsWithTheSameFlags() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(FlinkSessionCluster.MODULE_FLAGS);
    }

    @Test
    void commentsAndBlankLinesAreNoFlags() {
        assertThat(FlinkSessionCluster.moduleFlags("# why\n\n  --add-opens=a/b=ALL-UNNAMED  \n#--add-opens=c/d=ALL-UNNAMED\n"))
                .containsExactly("--add-opens=a/b=ALL-UNNAMED");
    }
}
