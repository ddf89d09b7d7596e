package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job JAR is shaded without the CLI's picocli: the classes the job runs (io.meterflow.job,
 * io.meterflow.pipeline) must not refer to it, or the job would fail on a cluster with
 * NoClassDefFoundError.
 */
class JobCodeWithoutPicocliTest {

    @Test
    void jobAndPipelineClassesDoNotReferToPicocli() throws Exception {
        Path classes = Path.of(JobArguments.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> jobClasses;
        try (Stream<Path> files = Stream.concat(
                Files.walk(classes.resolve("io/meterflow/job")), Files.walk(classes.resolve("io/meterflow/pipeline")))) {
            jobClasses = files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(jobClasses).extracting(Path::getFileName).extracting(Path::toString).contains("JobArguments.class");
        for (Path c : jobClasses) {
            // Referenced classes sit in the class file's constant pool as "picocli/CommandLine..." names.
            String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as("%s refers to picocli", classes.relativize(c)).doesNotContain("picocli/");
        }
    }
}
