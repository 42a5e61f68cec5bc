package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.parse.Shape;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisteredTaskDefinitionsTest {
    /** What ecs:DescribeTaskDefinition answers for web:3, as the SDK adapter writes it. */
    static final String WEB_3 = """
            {"taskDefinition": {
               "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3",
               "family": "web", "revision": 3, "status": "ACTIVE", "networkMode": "awsvpc",
               "compatibilities": ["EC2", "FARGATE"], "registeredAt": 1700000000.0,
               "registeredBy": "arn:aws:iam::123456789012:role/deployer",
               "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
               "containerDefinitions": [
                 {"name": "app", "image": "nginx:1.27", "memory": 128, "essential": true,
                  "dependsOn": [{"containerName": "sidecar", "condition": "START"}]},
                 {"name": "sidecar", "image": "busybox:1.36", "memory": 64, "essential": false}]},
             "tags": [{"key": "team", "value": "payments"}, {"key": "env", "value": "dev"}]}""";

    private static RegisteredTaskDefinitions answering(FakeAccount account) {
        return RegisteredTaskDefinitions.of(() -> account);
    }

    @Test
    void a_family_is_read_in_the_region_given_with_its_revision_and_tags() throws Exception {
        FakeAccount account = FakeAccount.answering(WEB_3);
        TaskDefinitionFile web = answering(account).read(TaskDefinitionReference.parse("web"), "eu-west-1", false);

        assertThat(account.asked).containsExactly("eu-west-1 web");
        assertThat(account.closed).isTrue();
        assertThat(web.family()).isEqualTo("web");
        assertThat(web.revision()).isEqualTo(3);
        assertThat(web.path()).isNull();
        assertThat(web.definition().tags()).containsExactly(new TaskDefinition.Tag("team", "payments"),
                new TaskDefinition.Tag("env", "dev"));
        assertThat(web.definition().containerDefinitions()).extracting("name").containsExactly("app", "sidecar");
    }

    @Test
    void a_run_of_a_registered_definition_is_of_its_family_and_revision() throws Exception {
        TaskDefinitionFile web = EcsLocal.describe("web", "eu-west-1", () -> FakeAccount.answering(WEB_3));
        PreparedRun run = EcsLocal.prepare(web, RunOptions.defaults());

        assertThat(run.identity().family()).isEqualTo("web");
        assertThat(run.identity().revision()).isEqualTo(3);
        assertThat(run.identity().taskDefinition()).isEqualTo("web:3");
        // The report's taskDefinitionArn is the registered one, and every ARN of the run is in its account.
        assertThat(run.identity().taskDefinitionArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3");
        assertThat(run.identity().taskArn()).startsWith("arn:aws:ecs:" + run.identity().region() + ":123456789012:task/ecs-local/");
        assertThat(run.identity().clusterArn()).endsWith(":123456789012:cluster/ecs-local");
    }

    @Test
    void a_registered_definition_runs_in_its_arn_s_region_unless_the_run_names_one() throws Exception {
        TaskDefinitionFile web = EcsLocal.describe("web", "eu-west-1", () -> FakeAccount.answering(WEB_3));
        RunOptions userInUsEast1 = RunOptions.defaults().withUserEnvironment(java.util.Map.of("AWS_REGION", "us-east-1"),
                java.nio.file.Path.of("/nonexistent"));

        assertThat(EcsLocal.prepare(web, userInUsEast1).identity().taskArn()).as("one region in every ARN of the run")
                .startsWith("arn:aws:ecs:eu-west-1:123456789012:task/ecs-local/");
        assertThat(EcsLocal.prepare(web, userInUsEast1.withRegion("us-west-2")).identity().taskArn())
                .startsWith("arn:aws:ecs:us-west-2:123456789012:task/");
    }

    @Test
    void a_family_and_revision_is_asked_as_given() throws Exception {
        FakeAccount account = FakeAccount.answering(WEB_3);
        TaskDefinitionCheck.Result result = answering(account).check(TaskDefinitionReference.parse("web:3"), "us-west-2",
                ValidationOptions.DEFAULT);

        assertThat(account.asked).containsExactly("us-west-2 web:3");
        assertThat(result.isValid()).isTrue();
        assertThat(result.source().shape()).isEqualTo(Shape.REGISTERED);
        assertThat(result.source().revision()).isEqualTo(3);
    }

    @Test
    void an_arn_is_asked_in_its_own_region_whatever_region_is_given() throws Exception {
        FakeAccount account = FakeAccount.answering(WEB_3);
        String arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3";
        EcsLocal.describe(arn, "us-east-1", () -> account);

        assertThat(account.asked).containsExactly("eu-west-1 " + arn);
    }

    @Test
    void a_problem_of_the_registered_definition_is_located_by_its_json_path_not_by_a_line() {
        FakeAccount account = FakeAccount.answering(WEB_3.replace("\"containerName\": \"sidecar\"", "\"containerName\": \"sidecr\""));

        assertThatThrownBy(() -> answering(account).read(TaskDefinitionReference.parse("web:3"), "eu-west-1", false))
                .isInstanceOfSatisfying(InvalidTaskDefinitionException.class, invalid -> {
                    assertThat(invalid.getMessage()).startsWith("ecs:DescribeTaskDefinition web:3 is not a valid task definition");
                    Problem problem = invalid.problems().get(0);
                    assertThat(problem.path()).isEqualTo("containerDefinitions[0].dependsOn[0].containerName");
                    assertThat(problem.container()).isEqualTo("app");
                    assertThat(problem.location()).isNull();
                    assertThat(invalid.result().source().documentPath(problem.path()))
                            .isEqualTo("containerDefinitions[0].dependsOn[0].containerName");
                });
    }

    @Test
    void a_family_ecs_does_not_have_is_said_in_its_words_with_the_command_that_lists_what_it_has() {
        FakeAccount account = FakeAccount.failing(new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "ecs:DescribeTaskDefinition",
                "ClientException", "ClientException: Unable to describe task definition. (status code 400)"));

        assertThatThrownBy(() -> answering(account).read(TaskDefinitionReference.parse("web:9"), "eu-west-1", false))
                .isInstanceOfSatisfying(TaskDefinitionUnavailableException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--task-definition web:9: ecs:DescribeTaskDefinition of web:9 in "
                            + "eu-west-1 found no such task definition: ClientException: Unable to describe task definition. "
                            + "(status code 400)");
                    assertThat(e.hint()).isEqualTo("See what is registered there: aws ecs list-task-definitions "
                            + "--family-prefix web --region eu-west-1");
                });
        assertThat(account.closed).isTrue();
    }

    @Test
    void access_denied_names_the_iam_action_to_grant() {
        String denied = "AccessDeniedException: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: "
                + "ecs:DescribeTaskDefinition on resource: * (status code 400)";
        FakeAccount account = FakeAccount.failing(new AwsCallFailure(AwsCallFailure.Kind.REFUSED,
                "ecs:DescribeTaskDefinition", "AccessDeniedException", denied));

        assertThatThrownBy(() -> answering(account).read(TaskDefinitionReference.parse("web"), "eu-west-1", false))
                .isInstanceOfSatisfying(TaskDefinitionUnavailableException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--task-definition web: ecs:DescribeTaskDefinition of web in "
                            + "eu-west-1 was refused: " + denied);
                    assertThat(e.hint()).contains("the IAM action ecs:DescribeTaskDefinition");
                });
    }

    @Test
    void no_credentials_says_the_services_words_and_how_to_give_a_file_instead() {
        FakeAccount account = FakeAccount.failing(new AwsCallFailure(AwsCallFailure.Kind.NO_CREDENTIALS,
                "ecs:DescribeTaskDefinition", null, "Unable to load credentials from any of the providers in the chain"));

        assertThatThrownBy(() -> answering(account).read(TaskDefinitionReference.parse("web:3"), "eu-west-1", false))
                .isInstanceOfSatisfying(TaskDefinitionUnavailableException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--task-definition web:3: ecs:DescribeTaskDefinition of web:3 in "
                            + "eu-west-1 found no AWS credentials to sign with: Unable to load credentials from any of the "
                            + "providers in the chain");
                    assertThat(e.hint()).contains("aws ecs describe-task-definition "
                            + "--task-definition web:3 --region eu-west-1 > taskdef.json");
                });
    }

    @Test
    void no_answer_names_the_region_and_the_endpoint_setting() {
        FakeAccount account = FakeAccount.failing(new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE,
                "ecs:DescribeTaskDefinition", null, "Unable to execute HTTP request: Connection refused"));

        assertThatThrownBy(() -> answering(account).read(TaskDefinitionReference.parse("web"), "eu-west-1", false))
                .isInstanceOfSatisfying(TaskDefinitionUnavailableException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--task-definition web: ecs:DescribeTaskDefinition of web in "
                            + "eu-west-1 got no answer: Unable to execute HTTP request: Connection refused");
                    assertThat(e.hint()).contains("AWS_ENDPOINT_URL");
                });
    }

    @Test
    void the_forms_ecs_takes_are_told_apart() {
        assertThat(TaskDefinitionReference.parse("web")).isEqualTo(new TaskDefinitionReference("web", null, null, "web"));
        assertThat(TaskDefinitionReference.parse("my_app-2:12")).isEqualTo(
                new TaskDefinitionReference("my_app-2", 12, null, "my_app-2:12"));
        assertThat(TaskDefinitionReference.parse("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"))
                .isEqualTo(new TaskDefinitionReference("web", 3, "eu-west-1",
                        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3"));
        assertThat(TaskDefinitionReference.parse("arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web").region())
                .isEqualTo("cn-north-1");
    }

    @Test
    void what_is_not_a_task_definition_name_is_refused_before_aws_is_asked() {
        assertThatThrownBy(() -> TaskDefinitionReference.parse("taskdef.json")).hasMessage("'taskdef.json' is not a task "
                + "definition's name: give FAMILY, FAMILY:REVISION or a task definition ARN (arn:aws:ecs:REGION:ACCOUNT:"
                + "task-definition/FAMILY:REVISION); a family has 1 to 255 letters, digits, - and _. To read a file, give "
                + "it as FILE, without --task-definition.");
        assertThatThrownBy(() -> TaskDefinitionReference.parse("web:0")).hasMessage("'web:0': a revision is a whole number "
                + "from 1 (web:3); leave it out (web) for the latest ACTIVE revision");
        assertThatThrownBy(() -> TaskDefinitionReference.parse("web:latest")).hasMessageContaining("a revision is a whole number");
        assertThatThrownBy(() -> TaskDefinitionReference.parse("x".repeat(256))).hasMessageContaining("1 to 255 letters");
        assertThatThrownBy(() -> TaskDefinitionReference.parse("arn:aws:s3:::bucket/web")).hasMessageStartingWith(
                "'arn:aws:s3:::bucket/web' is not an ECS task definition ARN");
        assertThatThrownBy(() -> TaskDefinitionReference.parse("")).hasMessageStartingWith("give FAMILY");
    }

    @Test
    void a_describe_task_definition_file_carries_the_tags_beside_its_task_definition_too() throws Exception {
        TaskDefinitionFile web = EcsLocal.parse(WEB_3, "web.json");
        assertThat(web.definition().tags()).extracting(TaskDefinition.Tag::key).containsExactly("team", "env");
    }
}
