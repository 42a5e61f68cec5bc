package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.agent.TaskInputs;
import dev.ecslocal.simulator.agent.RouterFiles;
import dev.ecslocal.simulator.agent.FirelensSetup;
import dev.ecslocal.simulator.agent.TaskPlatform;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets and environment files as task resources (ECS-SEMANTICS §9, §1.5): resolved before any container is
 * created; one missing value fails the task to start, in the agent's words, with no container created.
 */
class TaskInputsEngineTest {
    private static final String KEY_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:datadog-AbCdEf";
    private static final String ENV_ARN = "arn:aws:s3:::config-bucket/app/app.env";

    @TempDir
    Path temp;

    private static final String TASK = "{'family':'shop','networkMode':'awsvpc','containerDefinitions':["
            + "{'name':'router','image':'fluent-bit','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
            + "{'name':'app','image':'app','memory':64,"
            + "'secrets':[{'name':'DB_PASSWORD','valueFrom':'/prod/db/password'}],"
            + "'environment':[{'name':'LEVEL','value':'debug'}],"
            + "'environmentFiles':[{'type':'s3','value':'" + ENV_ARN + "'}],"
            + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog'},"
            + "'secretOptions':[{'name':'apikey','valueFrom':'" + KEY_ARN + "'}]}}]}";

    private EngineHarness run(SecretStore secrets, EnvironmentFileSource files) {
        return new EngineHarness(TASK, task -> new FirelensSetup.Router(new RouterFiles(temp.resolve("files"),
                FirelensConfig.of(task, 1, "ecs-local", new RunIdentity(task.family(), 1, "t1").taskArn()).orElseThrow(), null, null),
                "ecs-local-fl-t1", "/var/lib/docker/volumes/ecs-local-fl-t1/_data"),
                task -> new TaskPlatform(new TaskInputs(task, secrets, files), container -> Map.of(), null, null));
    }

    private EnvironmentFileSource envFile(String content) throws Exception {
        Path file = Files.createDirectories(temp.resolve("env/config-bucket/app")).resolve("app.env");
        Files.writeString(file, content);
        return new EnvironmentFileSource(Map.of(), temp.resolve("env"));
    }

    @Test
    void secrets_reach_the_container_and_secret_log_options_reach_the_router_as_name_index() throws Exception {
        EngineHarness run = run(SecretStore.of(Map.of("/prod/db/password", "pw-1", "datadog", "dd-key")),
                envFile("LEVEL=info\nREGION_NAME=eu\n"));
        run.start();

        assertThat(run.runtime.specOf("app").process().environment())
                .contains("DB_PASSWORD=pw-1", "LEVEL=debug", "REGION_NAME=eu").doesNotContain("LEVEL=info");
        // app is containerDefinitions[1]: the router's configuration says ${apikey_1} (§7.2).
        assertThat(run.runtime.specOf("router").process().environment()).contains("apikey_1=dd-key");
        assertThat(Files.readString(temp.resolve("files/config/fluent.conf"))).contains("apikey ${apikey_1}")
                .doesNotContain("dd-key");
        run.stop();
    }

    @Test
    void a_missing_secret_fails_the_task_before_any_container_naming_container_secret_and_ARN() throws Exception {
        EngineHarness run = run(SecretStore.of(Map.of("/prod/db/password", "pw-1")), envFile("A=1\n"));
        run.start();

        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).startsWith("ResourceInitializationError: unable to pull secrets or registry auth: "
                + "execution resource retrieval failed: unable to retrieve secret from asm: failed to fetch secret " + KEY_ARN
                + " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.")
                .contains("container app", "apikey", "--secrets");
        assertThat(run.runtime.calls()).isEmpty();
        assertThat(temp.resolve("files")).doesNotExist();
    }

    @Test
    void a_missing_environment_file_fails_the_task_before_any_container() {
        EngineHarness run = run(SecretStore.of(Map.of("/prod/db/password", "pw-1", "datadog", "dd-key")),
                new EnvironmentFileSource(Map.of(), temp.resolve("nowhere")));
        run.start();

        assertThat(run.outcome().stoppedReason()).startsWith("ResourceInitializationError: failed to download env files: "
                + ENV_ARN).contains("container app", temp.resolve("nowhere/config-bucket/app/app.env").toString());
        assertThat(run.runtime.calls()).isEmpty();
    }
}
