package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.model.KeyValuePair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ECS-SEMANTICS §9.3, one rule per test: each layer against the one just below it. */
class EnvironmentPrecedenceTest {
    private static final Map<String, String> NONE = Map.of();

    @Test
    void the_agent_variables_win_over_secrets() {
        var env = ContainerEnvironment.of(Map.of("FLUENT_HOST", "127.0.0.1"), Map.of("FLUENT_HOST", "from-secret"), NONE,
                List.of(), NONE, null);
        assertThat(env.environment()).containsEntry("FLUENT_HOST", "127.0.0.1");
    }

    @Test
    void secrets_win_over_the_environment() {
        var env = ContainerEnvironment.of(NONE, Map.of("DB_PASSWORD", "s3cret"), NONE,
                List.of(new KeyValuePair("DB_PASSWORD", "plain")), NONE, null);
        assertThat(env.environment()).containsEntry("DB_PASSWORD", "s3cret");
    }

    @Test
    void the_environment_wins_over_environment_files() {
        var env = ContainerEnvironment.of(NONE, NONE, NONE, List.of(new KeyValuePair("LEVEL", "debug")), Map.of("LEVEL", "info"), null);
        assertThat(env.environment()).containsEntry("LEVEL", "debug");
    }

    @Test
    void environment_files_fill_the_gaps() {
        var env = ContainerEnvironment.of(NONE, NONE, NONE, List.of(new KeyValuePair("A", "1")), Map.of("B", "2"), null);
        assertThat(env.environment()).containsEntry("A", "1").containsEntry("B", "2");
    }

    @Test
    void the_definition_environment_wins_over_what_the_backend_adds() {
        var env = ContainerEnvironment.of(NONE, NONE, Map.of("AWS_EXECUTION_ENV", "AWS_ECS_EC2"),
                List.of(new KeyValuePair("AWS_EXECUTION_ENV", "mine")), NONE, null);
        assertThat(env.entries()).containsExactly("AWS_EXECUTION_ENV=mine");
    }

    @Test
    void the_region_is_added_when_nothing_sets_it() {
        var env = ContainerEnvironment.of(NONE, NONE, NONE, List.of(), NONE, "eu-west-1");
        assertThat(env.unlessImageSets()).containsExactly(Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("AWS_DEFAULT_REGION", "eu-west-1"));
    }

    @Test
    void the_region_is_not_added_when_any_layer_sets_either_variable() {
        assertThat(ContainerEnvironment.of(NONE, NONE, NONE, List.of(new KeyValuePair("AWS_DEFAULT_REGION", "ap-south-1")),
                NONE, "eu-west-1").unlessImageSets()).isEmpty();
        assertThat(ContainerEnvironment.of(NONE, NONE, NONE, List.of(), Map.of("AWS_REGION", "ap-south-1"), "eu-west-1")
                .unlessImageSets()).isEmpty();
        assertThat(ContainerEnvironment.of(NONE, Map.of("AWS_REGION", "x"), NONE, List.of(), NONE, "eu-west-1")
                .unlessImageSets()).isEmpty();
    }

    @Test
    void the_region_is_not_added_when_the_image_ENV_sets_either_variable() {
        var env = ContainerEnvironment.of(NONE, NONE, NONE, List.of(), NONE, "eu-west-1");
        var process = new ContainerSpec.Process(List.of(), List.of(), env.entries(), env.unlessImageSets(), null, null,
                false, false, false);
        assertThat(process.environment(List.of("PATH=/bin", "AWS_DEFAULT_REGION=ap-south-1"))).isEmpty();
        assertThat(process.environment(List.of("PATH=/bin")))
                .containsExactly("AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1");
    }

    @Test
    void a_repeated_name_in_the_environment_keeps_its_last_value() {
        var env = ContainerEnvironment.of(NONE, NONE, NONE, List.of(new KeyValuePair("A", "1"), new KeyValuePair("A", "2")),
                NONE, null);
        assertThat(env.entries()).containsExactly("A=2");
    }
}
