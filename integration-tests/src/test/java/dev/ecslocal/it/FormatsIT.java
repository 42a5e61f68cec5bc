package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ecslocal.it.Cli.first;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each format people keep a task definition in (samples/formats) runs with `ecs-local run` as a user types it: the
 * task's containers start in its order, print what the conversion gave them, and the run ends as ECS would end it.
 * Their plans and requests are asserted as text in the simulator's OtherFormatsTest; here they meet Docker.
 */
class FormatsIT extends RunsCli {
    private Cli run(String name, String... args) throws Exception {
        Cli cli = runner.start(name, args);
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        return cli;
    }

    @Test
    void a_cloudformation_yaml_template_with_short_forms_and_parameters_runs() throws Exception {
        Cli cli = run("cloudformation", "run", "samples/formats/cloudformation.yaml", "--parameter", "Greeting=hello",
                "--parameter", "EnvName=prod", "--parameter", "AWS::Region=eu-west-1");
        // The template's region is the run's: the container's AWS_REGION says it.
        assertThat(cli.output()).contains("hello from web in prod (eu-west-1)",
                "values CloudFormation would take from AWS stand in locally");
        List<JsonNode> events = cli.events();
        // DependsOn HEALTHY, converted from the template: web starts only once cache is healthy.
        assertThat(first(events, "health", "cache", null)).isLessThan(first(events, "container", "web", "RUNNING"));
    }

    @Test
    void cdk_synthesised_json_runs() throws Exception {
        Cli cli = run("cdk", "run", "samples/formats/cdk.template.json", "--region", "eu-north-1");
        // --region is the template's AWS::Region too: the table name joined from it says so.
        assertThat(cli.output()).contains("api listening on 8080, table orders-eu-north-1");
        List<JsonNode> events = cli.events();
        assertThat(first(events, "container", "init", "STOPPED")).isLessThan(first(events, "container", "api", "RUNNING"));
    }

    @Test
    void a_copilot_rendered_template_runs_with_its_parameters_file() throws Exception {
        Cli cli = run("copilot", "run", "samples/formats/copilot.stack.yml", "--parameters",
                "samples/formats/orders-test.params.json");
        assertThat(cli.output()).contains("orders of shop in test, discovery test.shop.local");
    }

    @Test
    void terraform_show_json_runs_its_task_definition_with_the_volume_its_tf_declares() throws Exception {
        Cli cli = run("terraform-show", "run", "samples/formats/terraform-show.json");
        assertThat(cli.output()).contains("app sees hello at staging");
    }

    @Test
    void a_bare_terraform_array_runs_on_fargate_with_its_task_level_from_options() throws Exception {
        Cli cli = run("array", "run", "samples/formats/containers.json", "--network-mode", "awsvpc", "--cpu", "256",
                "--memory", "512", "--requires-compatibilities", "FARGATE", "--volume", "data");
        assertThat(cli.output()).contains("written by writer").doesNotContain("which a container_definitions array cannot carry");
        List<JsonNode> events = cli.events();
        assertThat(first(events, "container", "~internal~ecs~pause", "RUNNING")).as("awsvpc, from --network-mode: the "
                + "containers join the pause container's namespace").isLessThan(first(events, "container", "writer", "RUNNING"));
        assertThat(first(events, "container", "writer", "STOPPED")).as("SUCCESS").isLessThan(first(events, "container", "reader", "RUNNING"));
    }

    @Test
    void a_yaml_task_definition_runs() throws Exception {
        Cli cli = run("yaml", "run", "samples/formats/taskdef.yaml");
        assertThat(cli.output()).contains("migrations applied", "worker ran after migrate");
    }

    @Test
    void a_codedeploy_taskdef_runs_with_the_image_its_placeholder_stands_for() throws Exception {
        Cli cli = run("codedeploy", "run", "samples/formats/codedeploy-taskdef.json", "--image",
                "web=ecs-local-samples/busybox:latest");
        assertThat(cli.output()).contains("storefront blue-green is up");
    }
}
