package dev.ecslocal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task definition with template placeholders in its values (CodePipeline's taskdef.json): validate and plan read it
 * and warn, run refuses what it cannot run before Docker is asked anything, and says which option supplies it.
 */
class PlaceholderCommandsTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** The CodeDeploy-style taskdef.json the library's tests read, written for them. */
    private static String codeDeployTask() {
        String project = System.getProperty("ecslocal.project.dir", "..");
        return Path.of(project, "simulator", "src", "test", "resources", "placeholders", "codedeploy", "taskdef.json").toString();
    }

    @Test
    void validate_reads_a_CodeDeploy_taskdef_json_with_a_warning_at_each_placeholder_and_exits_0() {
        CommandRun run = run("validate", codeDeployTask());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out() + run.err()).contains("2 warnings",
                codeDeployTask() + ":12:7  containerDefinitions[0] \"web\" › image",
                "template placeholder <IMAGE1_NAME>: validate and plan read the value as written",
                "To run the task here, give the image: --image web=IMAGE",
                "containerDefinitions[1] \"metrics\" › image", "--image metrics=IMAGE");
    }

    @Test
    void plan_shows_the_order_of_a_task_with_placeholders_and_its_warnings() {
        CommandRun run = run("plan", codeDeployTask());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("Plan for storefront:1", "waits for web HEALTHY (dependsOn)");
        assertThat(run.out() + run.err()).contains("template placeholder <IMAGE1_NAME>", "template placeholder <IMAGE2_NAME>");
    }

    @Test
    void run_refuses_an_image_placeholder_with_exit_2_naming_the_container_and_the_option() {
        CommandRun run = run("run", codeDeployTask(), "--image", "web=storefront:dev");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("cannot run a template placeholder: container \"metrics\" image \"<IMAGE2_NAME>\": the "
                + "placeholder <IMAGE2_NAME> stands for the image to run; give it with --image metrics=IMAGE (validate and plan "
                + "read it as written)");
    }

    @Test
    void run_refuses_an_image_for_a_container_the_task_does_not_have_naming_the_containers() {
        CommandRun run = run("run", codeDeployTask(), "--image", "webb=storefront:dev", "--image", "metrics=busybox:1.36");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--image webb=storefront:dev: the task has no container \"webb\". Did you mean \"web\"? "
                + "Containers defined: \"web\", \"metrics\".");
        CommandRun malformed = run("run", codeDeployTask(), "--image", "web");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--image", "NAME=IMAGE");
    }

    @Test
    void a_secret_whose_ARN_holds_a_placeholder_runs_only_when_the_secrets_file_answers_it() throws IOException {
        Path task = dir.resolve("datadog.json");
        Files.writeString(task, ("{'family':'t','containerDefinitions':[{'name':'app','image':'app:1','memory':64,"
                + "'secrets':[{'name':'DD_API_KEY','valueFrom':'arn:${Partition}:secretsmanager:us-east-1:111122223333:"
                + "secret:datadog-AbCdEf'}]}]}").replace('\'', '"'));
        CommandRun validate = run("validate", task.toString());
        assertThat(validate.exitCode()).isEqualTo(0);
        assertThat(validate.out() + validate.err()).contains("template placeholder ${Partition}",
                "the --secrets file must hold this secret");

        CommandRun refused = run("run", task.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("container \"app\" secrets[0].valueFrom \"arn:${Partition}:secretsmanager:"
                + "us-east-1:111122223333:secret:datadog-AbCdEf\": the placeholder ${Partition} names no secret ECS could fetch; "
                + "put the value in the --secrets file under \"arn:${Partition}:secretsmanager:us-east-1:111122223333:secret:"
                + "datadog-AbCdEf\" or under \"DD_API_KEY\"");
    }
}
