package io.meterflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core is the logic every runtime shares (the job, the HTTP API, the tools): it must run without
 * Flink, and without knowing the sink, the job or the launcher that are built on it.
 */
class CoreArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        // This module's compiled main classes (surefire runs in the module's directory).
        core = new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void coreDoesNotUseFlink() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .because("core is plain Java: the HTTP API and the tools use it without a Flink runtime")
                .check(core);
    }

    @Test
    void coreDoesNotKnowTheModulesBuiltOnIt() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.meterflow.sink..", "io.meterflow.job..", "io.meterflow.pipeline..",
                        "io.meterflow.dedupe..", "io.meterflow.cli..", "io.meterflow.api..", "io.meterflow.embedded..",
                        "picocli..", "org.postgresql..")
                .check(core);
    }

    @Test
    void coreHasClassesToCheck() {
        org.assertj.core.api.Assertions.assertThat(core.contain("io.meterflow.event.CloudEventDecoder")).isTrue();
    }
}
