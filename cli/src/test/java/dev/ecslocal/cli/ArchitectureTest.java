package dev.ecslocal.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.ecslocal.simulator.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package graph of docs/architecture.md, kept: third-party types stop at their adapter, the CLI stands on the
 * library's public API, and the engine knows nothing of who drives it. Each rule is also shown to fail on a class
 * that breaks it, so that a rule that can never fail is noticed.
 */
class ArchitectureTest {
    private static final String SIMULATOR = "dev.ecslocal.simulator";

    /** What the CLI may use of the library: the entry point and the values it returns or renders. */
    private static final String[] PUBLIC_API = {
            SIMULATOR + ".api..", SIMULATOR + ".event..", SIMULATOR + ".model..", SIMULATOR + ".problem..",
            SIMULATOR + ".plan..", SIMULATOR + ".report..", SIMULATOR + ".validate.."};

    /** Types the CLI renders that live outside the public API, named one by one. */
    private static final String[] RENDERED = {
            SIMULATOR + ".firelens.FirelensConfig", // `plan --firelens-config` prints the configuration ECS would generate
            SIMULATOR + ".firelens.FirelensConfig$Type",
            SIMULATOR + ".parse.TaskDefinitionSource", // where a problem is in the user's file, for its line and column
            SIMULATOR + ".parse.Shape", // which form the file had (RegisterTaskDefinition, describe, Terraform), as validate says
            SIMULATOR + ".parse.ReadOptions", // what the user says about the file: resource, parameters, an array's task level
            SIMULATOR + ".parse.TemplateParameters"}; // --parameters FILE, in the forms Copilot and the AWS CLI write

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ecslocal");

    static final ArchRule DOCKER_JAVA_STAYS_IN_THE_ADAPTER = noClasses()
            .that().resideOutsideOfPackage(SIMULATOR + ".docker..")
            .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
            .because("docker-java's types stop at the Docker adapter (DockerJavaRuntime and its helpers)");

    static final ArchRule THE_AWS_SDK_STAYS_IN_ITS_ADAPTER = noClasses()
            .that().doNotHaveFullyQualifiedName(SIMULATOR + ".aws.SdkAwsAccount")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("the AWS SDK is loaded only by a run that asks for AWS, through the AwsAccount port");

    static final ArchRule THE_CLI_USES_THE_PUBLIC_API = classes()
            .that().resideInAPackage("dev.ecslocal.cli..")
            .should().onlyDependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "outside the library, or in its public API",
                    (com.tngtech.archunit.core.domain.JavaClass target) -> !target.getPackageName().startsWith(SIMULATOR)
                            || java.util.Arrays.stream(PUBLIC_API).anyMatch(p -> com.tngtech.archunit.core.domain.PackageMatcher
                            .of(p).matches(target.getPackageName()))
                            || java.util.Arrays.asList(RENDERED).contains(target.getName())))
            .because("the CLI turns flags into RunOptions and renders events: every run is assembled in the library");

    static final ArchRule THE_ENGINE_KNOWS_NOT_WHO_DRIVES_IT = noClasses()
            .that().resideInAPackage(SIMULATOR + ".engine..")
            .should().dependOnClassesThat().resideInAnyPackage(SIMULATOR + ".api..", SIMULATOR + ".launch..",
                    SIMULATOR + ".metadata..", "dev.ecslocal.cli..", "picocli..")
            .because("the state machine is driven by the launch, and never reaches back");

    static final ArchRule EVENTS_ARE_PLAIN_VALUES = classes()
            .that().resideInAPackage(SIMULATOR + ".event..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(SIMULATOR + ".event..", "java..")
            .because("the events are the public vocabulary of a run: JDK and own types only");

    static final ArchRule THE_API_SPEAKS_JDK_AND_OWN_TYPES = noClasses()
            .that().resideInAPackage(SIMULATOR + ".api..")
            .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "com.fasterxml..", "picocli..",
                    "org.msgpack..", "ch.qos..", "org.slf4j..")
            .because("a Java user of the library sees no third-party type");

    static final ArchRule PICOCLI_STAYS_IN_THE_CLI = noClasses()
            .that().resideInAPackage(SIMULATOR + "..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("the library prints nothing and parses no command line");

    @Test
    void docker_java_is_used_only_by_the_docker_adapter() {
        DOCKER_JAVA_STAYS_IN_THE_ADAPTER.check(MAIN);
    }

    @Test
    void the_aws_sdk_is_used_only_by_its_adapter() {
        THE_AWS_SDK_STAYS_IN_ITS_ADAPTER.check(MAIN);
    }

    @Test
    void the_cli_imports_only_the_public_api_and_the_types_it_renders() {
        THE_CLI_USES_THE_PUBLIC_API.check(MAIN);
    }

    @Test
    void the_engine_depends_on_no_one_that_drives_it() {
        THE_ENGINE_KNOWS_NOT_WHO_DRIVES_IT.check(MAIN);
    }

    @Test
    void events_and_the_api_carry_no_third_party_types() {
        EVENTS_ARE_PLAIN_VALUES.check(MAIN);
        THE_API_SPEAKS_JDK_AND_OWN_TYPES.check(MAIN);
        PICOCLI_STAYS_IN_THE_CLI.check(MAIN);
    }

    @Test
    void the_cli_rule_fails_for_a_cli_class_that_reaches_into_the_engine() {
        EvaluationResult result = THE_CLI_USES_THE_PUBLIC_API.evaluate(new ClassFileImporter().importClasses(ReachesIntoTheEngine.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(TaskEngine.class.getName()));
    }

    @Test
    void the_docker_java_rule_fails_for_a_class_outside_the_adapter() {
        EvaluationResult result = DOCKER_JAVA_STAYS_IN_THE_ADAPTER.evaluate(new ClassFileImporter().importClasses(UsesDockerJava.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("com.github.dockerjava"));
    }

    /** What the CLI must not do: drive the engine itself. */
    @SuppressWarnings("unused")
    static final class ReachesIntoTheEngine {
        TaskEngine.Options options() {
            return null;
        }
    }

    /** What no class outside the adapter may do: speak docker-java. */
    @SuppressWarnings("unused")
    static final class UsesDockerJava {
        com.github.dockerjava.api.DockerClient client() {
            return null;
        }
    }
}
