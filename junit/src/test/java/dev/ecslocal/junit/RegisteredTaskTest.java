package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RegistryToken;
import dev.ecslocal.simulator.aws.RoleCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.ecslocal.junit.EcsLocalExtensionTest.failure;
import static dev.ecslocal.junit.EcsLocalExtensionTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EcsLocalExtension#registered}: a registered task definition, read through the run's AWS account, on a fake host. */
class RegisteredTaskTest {
    static final String WEB_3 = """
            {"taskDefinition": {"family": "web", "revision": 3, "status": "ACTIVE",
               "containerDefinitions": [{"name": "app", "image": "busybox:1.36", "memory": 64}]}, "tags": []}""";

    /** Answers ecs:DescribeTaskDefinition with WEB_3, or with ECS's not-found refusal for any other family. */
    static final class Account implements AwsAccount {
        static final List<String> ASKED = new CopyOnWriteArrayList<>();

        @Override
        public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
            ASKED.add(region + " " + taskDefinition);
            if (!taskDefinition.contains("web")) {
                throw new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "ecs:DescribeTaskDefinition", "ClientException",
                        "ClientException: Unable to describe task definition. (status code 400)");
            }
            return WEB_3;
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

    static class RegisteredWeb {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension web = EcsLocalExtension.registered("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3")
                .withOptions(RunOptions.defaults().withAwsAccount(Account::new)).onHost(HOST);

        @Test
        void runs() {
        }
    }

    @Test
    void a_registered_task_definition_runs_as_its_family_and_revision_read_in_its_arns_region() {
        Account.ASKED.clear();
        EngineExecutionResults results = run(RegisteredWeb.class);

        assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
        assertThat(Account.ASKED).containsExactly("eu-west-1 arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3");
        assertThat(RegisteredWeb.HOST.started()).singleElement()
                .satisfies(task -> assertThat(task.identity().taskDefinition()).isEqualTo("web:3"));
    }

    static class NotRegistered {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension api = EcsLocalExtension.registered("api:2")
                .withOptions(RunOptions.defaults().withAwsAccount(Account::new).withRegion("us-west-2")).onHost(HOST);

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_task_definition_aws_does_not_give_fails_the_class_in_its_words_and_starts_nothing() {
        EngineExecutionResults results = run(NotRegistered.class);

        assertThat(failure(results)).isInstanceOf(ExtensionConfigurationException.class).hasMessage("ecs-local: "
                + "--task-definition api:2: ecs:DescribeTaskDefinition of api:2 in us-west-2 found no such task definition: "
                + "ClientException: Unable to describe task definition. (status code 400)\n"
                + "See what is registered there: aws ecs list-task-definitions --family-prefix api --region us-west-2");
        assertThat(NotRegistered.HOST.started()).isEmpty();
    }

    @Test
    void a_bad_name_and_read_options_are_refused_where_the_extension_is_declared() {
        assertThatThrownBy(() -> EcsLocalExtension.registered("web.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'web.json' is not a task definition's name");
        assertThatThrownBy(() -> EcsLocalExtension.registered("web").withParameter("Greeting", "hi"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ecs-local: withReadOptions and withParameter say how to read a file, and "
                        + "ecs:DescribeTaskDefinition web is read as ECS has registered it: drop them");
    }
}
