package io.meterflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job module is what the shaded job JAR holds: the Flink topology. The launcher, the embedded
 * test services and the HTTP server are built on it, never the other way round.
 */
class JobArchitectureTest {

    private static JavaClasses job;

    @BeforeAll
    static void importJob() {
        // This module's compiled main classes only (surefire runs in the module's directory).
        job = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void theJobDoesNotDependOnTheLauncherOrTheServer() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.meterflow.cli..", "io.meterflow.api..", "io.meterflow.embedded..", "picocli..")
                .because("the job JAR runs on a Flink cluster without the launcher, the embedded services or the HTTP server")
                .check(job);
    }

    @Test
    void theJobHasClassesToCheck() {
        org.assertj.core.api.Assertions.assertThat(job.contain("io.meterflow.job.MeterflowJob")).isTrue();
    }
}
