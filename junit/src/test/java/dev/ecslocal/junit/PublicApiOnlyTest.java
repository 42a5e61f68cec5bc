package dev.ecslocal.junit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.ecslocal.simulator.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The extension is a front end like the CLI: it runs tasks through the library's public API only (docs/architecture.md). */
class PublicApiOnlyTest {
    static final ArchRule THE_EXTENSION_USES_THE_PUBLIC_API = noClasses()
            .that().resideInAPackage("dev.ecslocal.junit..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ecslocal.simulator.engine..", "dev.ecslocal.simulator.launch..",
                    "dev.ecslocal.simulator.agent..", "dev.ecslocal.simulator.docker..", "dev.ecslocal.simulator.metadata..",
                    "dev.ecslocal.simulator.firelens..", "dev.ecslocal.simulator.platform..", "com.github.dockerjava..")
            .because("a front end starts runs with api.EcsLocal and listens with event types; the assembly is the library's");

    @Test
    void the_extension_uses_only_the_public_api() {
        JavaClasses extension = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ecslocal.junit");
        assertThat(extension).as("the extension's classes were found").isNotEmpty();
        THE_EXTENSION_USES_THE_PUBLIC_API.check(extension);
    }

    @Test
    void the_rule_fails_for_a_class_that_drives_the_engine_itself() {
        assertThat(THE_EXTENSION_USES_THE_PUBLIC_API.evaluate(new ClassFileImporter().importClasses(DrivesTheEngine.class))
                .hasViolation()).isTrue();
    }

    /** What the extension must not do. */
    @SuppressWarnings("unused")
    static final class DrivesTheEngine {
        TaskEngine engine() {
            return null;
        }
    }
}
