package dev.ecslocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecslocal.simulator.api.RegisteredTaskDefinitions;
import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RegistryToken;
import dev.ecslocal.simulator.aws.RoleCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --task-definition} on validate, plan and run, with a fake account standing for the user's. */
class TaskDefinitionFlagTest {
    private static final String WEB_3 = """
            {"taskDefinition": {
               "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3",
               "family": "web", "revision": 3, "status": "ACTIVE",
               "containerDefinitions": [
                 {"name": "app", "image": "nginx:1.27", "memory": 128,
                  "dependsOn": [{"containerName": "sidecar", "condition": "START"}]},
                 {"name": "sidecar", "image": "busybox:1.36", "memory": 64, "essential": false}]},
             "tags": [{"key": "team", "value": "payments"}]}""";

    /** Answers ecs:DescribeTaskDefinition with one answer or one failure, and records what it was asked. */
    private static final class DescribeOnly implements AwsAccount {
        final String answer;
        final AwsCallFailure failure;
        final List<String> asked = new ArrayList<>();

        DescribeOnly(String answer, AwsCallFailure failure) {
            this.answer = answer;
            this.failure = failure;
        }

        RegisteredTaskDefinitions registered() {
            return RegisteredTaskDefinitions.of(() -> this);
        }

        @Override
        public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
            asked.add(region + " " + taskDefinition);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public String secretString(String region, String secretId, String versionStage, String versionId) {
            throw new AssertionError("not asked");
        }

        @Override
        public Map<String, String> parameters(String region, Collection<String> names) {
            throw new AssertionError("not asked");
        }

        @Override
        public RegistryToken registryToken(String region, String registryId) {
            throw new AssertionError("not asked");
        }

        @Override
        public byte[] object(String region, String bucket, String key) {
            throw new AssertionError("not asked");
        }

        @Override
        public RoleCredentials assumeRole(String region, String roleArn, String sessionName) {
            throw new AssertionError("not asked");
        }

        @Override
        public void close() {
        }
    }

    private static DescribeOnly answering(String answer) {
        return new DescribeOnly(answer, null);
    }

    private static DescribeOnly failing(String code, String message) {
        return new DescribeOnly(null, new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "ecs:DescribeTaskDefinition", code, message));
    }

    /** A command line that must not reach AWS: the account fails the test if it is connected. */
    private static RegisteredTaskDefinitions unreachable() {
        return RegisteredTaskDefinitions.of(() -> {
            throw new AssertionError("AWS was asked");
        });
    }

    @Test
    void validate_reads_a_registered_family_and_revision_in_the_region_given() {
        DescribeOnly account = answering(WEB_3);
        CommandRun run = CommandRun.of(account.registered(), "validate", "--task-definition", "web:3", "--region", "eu-west-1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(account.asked).containsExactly("eu-west-1 web:3");
        assertThat(run.out()).contains("ecs:DescribeTaskDefinition web:3: valid (registered task definition; family web, "
                + "revision 3");
    }

    @Test
    void an_arn_is_read_in_its_own_region() {
        DescribeOnly account = answering(WEB_3);
        String arn = "arn:aws:ecs:ap-south-1:123456789012:task-definition/web:3";
        CommandRun run = CommandRun.of(account.registered(), "plan", "--task-definition", arn, "--region", "eu-west-1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(account.asked).containsExactly("ap-south-1 " + arn);
        assertThat(run.out()).contains("sidecar").contains("app");
    }

    @Test
    void a_problem_in_the_registered_definition_names_the_source_and_the_json_path() {
        CommandRun run = CommandRun.of(answering(WEB_3.replace("\"containerName\": \"sidecar\"", "\"containerName\": \"sidecr\""))
                .registered(), "validate", "--task-definition", "web:3", "--region", "eu-west-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_TASK_DEFINITION);
        assertThat(run.err()).contains("ecs-local: ecs:DescribeTaskDefinition web:3 is not a valid task definition (1 problem)")
                .contains("  ecs:DescribeTaskDefinition web:3  containerDefinitions[0] \"app\" › dependsOn[0].containerName\n")
                .doesNotContain("web:3:");
    }

    @Test
    void a_problem_in_json_has_the_path_and_no_line() {
        CommandRun run = CommandRun.of(answering(WEB_3.replace("\"containerName\": \"sidecar\"", "\"containerName\": \"sidecr\""))
                .registered(), "validate", "--task-definition", "web:3", "--region", "eu-west-1", "-o", "json");

        JsonNode json = run.json();
        assertThat(json.path("file").asText()).isEqualTo("ecs:DescribeTaskDefinition web:3");
        assertThat(json.path("shape").asText()).isEqualTo("registered");
        JsonNode problem = json.path("problems").get(0);
        assertThat(problem.path("pathInFile").asText()).isEqualTo("containerDefinitions[0].dependsOn[0].containerName");
        assertThat(problem.has("line")).isFalse();
    }

    @Test
    void a_task_definition_aws_does_not_have_is_exit_3_in_its_words() {
        CommandRun run = CommandRun.of(failing("ClientException", "ClientException: Unable to describe task definition. "
                + "(status code 400)").registered(), "plan", "--task-definition", "web:9", "--region", "eu-west-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_TASK_DEFINITION);
        assertThat(run.err()).isEqualTo("ecs-local: --task-definition web:9: ecs:DescribeTaskDefinition of web:9 in eu-west-1 "
                + "found no such task definition: ClientException: Unable to describe task definition. (status code 400)\n"
                + "See what is registered there: aws ecs list-task-definitions --family-prefix web --region eu-west-1\n");
    }

    @Test
    void access_denied_with_json_output_is_one_json_document() {
        CommandRun run = CommandRun.of(failing("AccessDeniedException", "AccessDeniedException: User: arn:aws:iam::123456789012:"
                        + "user/dev is not authorized to perform: ecs:DescribeTaskDefinition (status code 400)").registered(),
                "validate", "--task-definition", "web", "--region", "eu-west-1", "-o", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_TASK_DEFINITION);
        JsonNode json = run.json();
        assertThat(json.path("exitCode").asInt()).isEqualTo(3);
        assertThat(json.path("file").asText()).isEqualTo("ecs:DescribeTaskDefinition web");
        JsonNode problem = json.path("problems").get(0);
        assertThat(problem.path("message").asText()).contains("was refused: AccessDeniedException: User:");
        assertThat(problem.path("hint").asText()).contains("IAM action ecs:DescribeTaskDefinition");
    }

    @Test
    void a_bad_argument_is_a_usage_error_before_aws_is_asked() {
        CommandRun run = CommandRun.of(unreachable(), "validate", "--task-definition", "web:0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--task-definition': 'web:0': a revision is a whole number "
                + "from 1 (web:3)").doesNotContain("Exception");
    }

    @Test
    void a_file_and_task_definition_together_are_a_usage_error(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taskdef.json"), WEB_3);
        CommandRun run = CommandRun.of(unreachable(), "validate", file.toString(), "--task-definition", "web");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Both FILE (" + file + ") and --task-definition web give a task definition: give one of them");
    }

    @Test
    void neither_a_file_nor_task_definition_is_a_usage_error() {
        CommandRun run = CommandRun.of(unreachable(), "plan");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing the task definition: give FILE (- for standard input), or --task-definition "
                + "FAMILY[:REVISION]|ARN");
    }

    @Test
    void options_that_read_a_file_are_refused_with_task_definition() {
        CommandRun run = CommandRun.of(unreachable(), "validate", "--task-definition", "web", "--family", "api", "--cpu", "256");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--cpu, --family tell how to read a FILE, and --task-definition web reads the "
                + "definition as ECS has registered it: drop them");
    }

    @Test
    void one_option_that_reads_a_file_is_named_alone() {
        CommandRun run = CommandRun.of(unreachable(), "plan", "--task-definition", "web", "--resource", "Web");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--resource tells how to read a FILE, and --task-definition web reads the "
                + "definition as ECS has registered it: drop --resource");
    }

    @Test
    void a_file_does_not_reach_aws(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taskdef.json"), WEB_3);
        CommandRun run = CommandRun.of(unreachable(), "validate", file.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void help_says_aws_is_called_with_your_credentials() {
        CommandRun run = CommandRun.of("run", "--help");

        assertThat(run.out().replaceAll("\\s+", " ")).contains("ecs-local calls AWS (ecs:DescribeTaskDefinition, tags "
                + "included) with your AWS credentials");
    }
}
