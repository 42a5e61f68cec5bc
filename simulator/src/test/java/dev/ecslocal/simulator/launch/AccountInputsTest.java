package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.AccountInput;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RegistryToken;
import dev.ecslocal.simulator.aws.RoleCredentials;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.docker.PullCredentials;
import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a run fetches from the user's account when asked ({@code --secrets aws}, {@code --env-files aws},
 * {@code --pull-credentials aws}), on the fake runtime and a fake account: the calls ECS's execution role makes, in the
 * right regions; local copies winning; failures in the agent's words before any container; fetched values masked.
 */
class AccountInputsTest {
    private static final String SECRET = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:prod/db-AbCdEf";
    private static final String PARAMETER_ARN = "arn:aws:ssm:ap-south-1:111122223333:parameter/prod/api-key";
    private static final String ENV_FILE = "arn:aws:s3:::team-config/app/prod.env";
    private static final String ECR = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/app:1.4";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<ContainerLog> lines = Collections.synchronizedList(new ArrayList<>());
    private final Account account = new Account();
    private RunningTask running;

    @TempDir
    Path temp;

    /** An account holding what each test puts in it, recording every call as {@code operation region what}. */
    private static final class Account extends dev.ecslocal.simulator.aws.AccountAnswering {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> secrets = new HashMap<>();
        final Map<String, String> parameters = new HashMap<>();
        final Map<String, String> objects = new HashMap<>();
        AwsCallFailure refusal;
        int connected;
        boolean closed;

        @Override
        public String secretString(String region, String secretId, String versionStage, String versionId) throws AwsCallFailure {
            calls.add("GetSecretValue " + (secretId.startsWith("arn:") ? "" : region + " ") + secretId + " " + versionStage + " "
                    + versionId);
            refuse();
            String value = secrets.get(secretId);
            if (value == null) {
                throw new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "secretsmanager:GetSecretValue", "ResourceNotFoundException",
                        "ResourceNotFoundException: Secrets Manager can't find the specified secret. (status code 400)");
            }
            return value;
        }

        @Override
        public Map<String, String> parameters(String region, Collection<String> names) throws AwsCallFailure {
            calls.add("GetParameters " + region + " " + names);
            refuse();
            Map<String, String> found = new LinkedHashMap<>();
            names.forEach(name -> {
                if (parameters.containsKey(region + " " + name)) {
                    found.put(name, parameters.get(region + " " + name));
                }
            });
            return found;
        }

        @Override
        public RegistryToken registryToken(String region, String registryId) throws AwsCallFailure {
            calls.add("GetAuthorizationToken " + region + " " + registryId);
            refuse();
            return new RegistryToken("AWS", "ecr-token-password-9f8e", "https://" + registryId + ".dkr.ecr." + region
                    + ".amazonaws.com", null);
        }

        @Override
        public byte[] object(String region, String bucket, String key) throws AwsCallFailure {
            calls.add("GetObject " + region + " " + bucket + "/" + key);
            refuse();
            String value = objects.get(bucket + "/" + key);
            if (value == null) {
                throw new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "s3:GetObject", "NoSuchKey",
                        "NoSuchKey: The specified key does not exist. (status code 404)");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }



        private void refuse() throws AwsCallFailure {
            if (refusal != null) {
                throw refusal;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @AfterEach
    void theRunEnds() {
        if (running != null && !running.outcome().isDone()) {
            running.kill();
            drive(Duration.ofMinutes(1));
        }
    }

    private RunOptions options(AccountInput... inputs) {
        RunOptions options = RunOptions.defaults().withUserEnvironment(Map.of(), Path.of("/nonexistent")).withRegion("eu-west-1")
                .withAwsAccount(() -> {
                    account.connected++;
                    return account;
                });
        for (AccountInput input : inputs) {
            options = options.withFromAccount(input);
        }
        return options;
    }

    private static String task(String container) {
        return ("{'family':'shop','networkMode':'bridge','containerDefinitions':[" + container + "]}").replace('\'', '"');
    }

    /** Started, and given 5 s: a container scripted to run longer is still there to be looked at. */
    private void start(String json, RunOptions options) throws Exception {
        running = TaskLaunch.prepare(EcsLocal.parse(json, "taskdef.json"), options).start(runtime, new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                events.add(event);
            }

            @Override
            public void log(ContainerLog line) {
                lines.add(line);
            }

            @Override
            public void routed(RoutedRecord record) {
            }
        }, new Clockwork(loop::add, Runnable::run, scheduler, () -> { }));
        drive(Duration.ofSeconds(5));
    }

    private TaskOutcome run(String json, RunOptions options) throws Exception {
        start(json, options);
        drive(Duration.ofSeconds(30));
        assertThat(running.outcome()).as("the task stopped").isDone();
        return running.outcome().get();
    }

    private void drive(Duration duration) {
        scheduler.run(loop, duration);
    }

    private Map<String, String> environmentOf(String container) {
        Map<String, String> environment = new LinkedHashMap<>();
        runtime.specOf(container).process().environment().forEach(entry -> {
            int equals = entry.indexOf('=');
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        });
        return environment;
    }

    private String everythingShown() {
        StringBuilder shown = new StringBuilder();
        synchronized (events) {
            events.forEach(event -> shown.append(event).append('\n'));
        }
        synchronized (lines) {
            lines.forEach(line -> shown.append(line.text()).append('\n'));
        }
        return shown.toString();
    }

    @Test
    void secrets_come_from_the_arn_s_region_with_the_selected_version_and_json_key_and_a_bare_parameter_from_the_task_s()
            throws Exception {
        account.secrets.put(SECRET, "{\"username\":\"shop\",\"password\":\"pg-pass-4711\"}");
        account.parameters.put("ap-south-1 /prod/api-key", "api-key-0042");
        account.parameters.put("eu-west-1 feature-flags", "flags-on-77");
        runtime.script("app").logs("connecting as shop with pg-pass-4711 and api-key-0042").exits(0, Duration.ofMinutes(5));
        start(task("{'name':'app','image':'app:1','memory':64,'secrets':["
                + "{'name':'DB_PASSWORD','valueFrom':'" + SECRET + ":password:AWSPREVIOUS:'},"
                + "{'name':'DB','valueFrom':'" + SECRET + "'},"
                + "{'name':'API_KEY','valueFrom':'" + PARAMETER_ARN + "'},"
                + "{'name':'FLAGS','valueFrom':'feature-flags'}]}"), options(AccountInput.SECRETS));

        assertThat(environmentOf("app")).containsEntry("DB_PASSWORD", "pg-pass-4711")
                .containsEntry("DB", "{\"username\":\"shop\",\"password\":\"pg-pass-4711\"}")
                .containsEntry("API_KEY", "api-key-0042").containsEntry("FLAGS", "flags-on-77");
        assertThat(account.calls).containsExactlyInAnyOrder("GetSecretValue " + SECRET + " AWSPREVIOUS null",
                "GetSecretValue " + SECRET + " null null", "GetParameters ap-south-1 [/prod/api-key]",
                "GetParameters eu-west-1 [feature-flags]");
        assertThat(everythingShown()).contains("connecting as **** with **** and ****")
                .doesNotContain("pg-pass-4711").doesNotContain("api-key-0042");
        running.kill();
        drive(Duration.ofMinutes(1));
        assertThat(account.closed).as("the account is closed with the run").isTrue();
    }

    @Test
    void a_local_value_wins_over_the_account_per_secret() throws Exception {
        account.parameters.put("eu-west-1 feature-flags", "flags-from-aws");
        runtime.script("app").exits(0, Duration.ofMinutes(5));
        start(task("{'name':'app','image':'app:1','memory':64,'secrets':[{'name':'DB','valueFrom':'" + SECRET + "'},"
                + "{'name':'FLAGS','valueFrom':'feature-flags'}]}"),
                options(AccountInput.SECRETS).withSecrets(Map.of(SECRET, "local-db-secret")));

        assertThat(environmentOf("app")).containsEntry("DB", "local-db-secret").containsEntry("FLAGS", "flags-from-aws");
        assertThat(account.calls).containsExactly("GetParameters eu-west-1 [feature-flags]");
    }

    @Test
    void a_refused_secret_fails_the_task_before_any_container_in_the_agent_s_words_with_the_iam_action() throws Exception {
        account.refusal = new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "secretsmanager:GetSecretValue", "AccessDeniedException",
                "AccessDeniedException: User: arn:aws:iam::111122223333:user/dev is not authorized to perform: "
                        + "secretsmanager:GetSecretValue on resource: " + SECRET + " (status code 400)");
        TaskOutcome outcome = run(task("{'name':'app','image':'app:1','memory':64,'secrets':[{'name':'DB','valueFrom':'"
                + SECRET + "'}]}"), options(AccountInput.SECRETS));

        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).startsWith("ResourceInitializationError: unable to pull secrets or registry auth: "
                + "execution resource retrieval failed: unable to retrieve secret from asm: failed to fetch secret " + SECRET
                + " from secrets manager: AccessDeniedException: User: arn:aws:iam::111122223333:user/dev is not authorized")
                .contains("container app, secret DB from " + SECRET)
                .contains("needs secretsmanager:GetSecretValue on " + SECRET);
        assertThat(runtime.containerNames()).isEmpty();
    }

    @Test
    void a_parameter_the_account_does_not_have_is_the_agent_s_invalid_parameters() throws Exception {
        TaskOutcome outcome = run(task("{'name':'app','image':'app:1','memory':64,'secrets':[{'name':'K','valueFrom':'"
                + PARAMETER_ARN + "'}]}"), options(AccountInput.SECRETS));

        assertThat(outcome.stoppedReason()).contains("unable to retrieve secrets from ssm: invalid parameters: " + PARAMETER_ARN)
                .contains("Parameter Store in ap-south-1 has no parameter /prod/api-key");
        assertThat(runtime.containerNames()).isEmpty();
    }

    @Test
    void without_being_asked_a_run_never_connects_to_the_account() throws Exception {
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        TaskOutcome outcome = run(task("{'name':'app','image':'" + ECR + "','memory':64,'secrets':[{'name':'DB','valueFrom':'"
                + SECRET + "'}]}"), options());

        assertThat(outcome.stoppedReason()).contains("run with --secrets aws (from your account) or --secrets FILE");
        assertThat(account.connected).isZero();
    }

    @Test
    void environment_files_come_from_s3_and_a_local_copy_wins() throws Exception {
        account.objects.put("team-config/app/prod.env", "LEVEL=debug\nTOKEN=s3-held-token-5\n");
        Path local = Files.writeString(temp.resolve("base.env"), "BASE=local\n");
        runtime.script("app").logs("token s3-held-token-5").exits(0, Duration.ofMinutes(5));
        start(task("{'name':'app','image':'app:1','memory':64,'environmentFiles':[{'type':'s3','value':'" + ENV_FILE + "'},"
                + "{'type':'s3','value':'arn:aws:s3:::team-config/app/base.env'}]}"),
                options(AccountInput.ENVIRONMENT_FILES).withEnvironmentFile("arn:aws:s3:::team-config/app/base.env", local));

        assertThat(environmentOf("app")).containsEntry("LEVEL", "debug").containsEntry("BASE", "local");
        assertThat(account.calls).containsExactly("GetObject eu-west-1 team-config/app/prod.env");
        assertThat(everythingShown()).as("environment files are configuration, as a local copy is: not masked")
                .contains("token s3-held-token-5");
    }

    @Test
    void a_missing_environment_file_fails_the_task_in_the_agent_s_words() throws Exception {
        TaskOutcome outcome = run(task("{'name':'app','image':'app:1','memory':64,'environmentFiles':[{'type':'s3','value':'"
                + ENV_FILE + "'}]}"), options(AccountInput.ENVIRONMENT_FILES));

        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).contains("failed to download env files: file download command: non empty error "
                + "stream: NoSuchKey: The specified key does not exist.").contains("aws s3 ls s3://team-config/app/prod.env");
        assertThat(runtime.containerNames()).isEmpty();
    }

    @Test
    void an_ecr_image_gets_a_token_from_its_registry_s_region_and_account_said_once() throws Exception {
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        runtime.script("worker").exits(0, Duration.ofSeconds(1));
        run(task("{'name':'app','image':'" + ECR + "','memory':64},{'name':'worker','image':'" + ECR + "','memory':64,"
                + "'essential':false}"), options(AccountInput.REGISTRY_TOKENS));

        PullCredentials credentials = runtime.pullCredentials(ECR);
        assertThat(credentials.ecrTokens()).isNotNull();
        assertThat(account.calls).as("one token serves the run").containsExactly("GetAuthorizationToken eu-west-1 111122223333");
        assertThat(everythingShown()).doesNotContain("ecr-token-password-9f8e");
        assertThat(events).filteredOn(e -> e instanceof TaskEvent.Noticed n && n.notice() instanceof Notice.Remark r
                && r.text().contains("pulling with an ECR token from ecr:GetAuthorizationToken")).hasSize(1);
    }

    @Test
    void a_refused_token_fails_the_pull_with_the_iam_actions() throws Exception {
        account.refusal = new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "ecr:GetAuthorizationToken", "AccessDeniedException",
                "AccessDeniedException: not authorized to perform: ecr:GetAuthorizationToken (status code 400)");
        TaskOutcome outcome = run(task("{'name':'app','image':'" + ECR + "','memory':64}"), options(AccountInput.REGISTRY_TOKENS));

        assertThat(outcome.stoppedReason()).contains("unable to retrieve ecr registry auth: AccessDeniedException")
                .contains("needs ecr:GetAuthorizationToken");
    }

    @Test
    void repository_credentials_are_fetched_like_a_secret_and_used_for_the_pull() throws Exception {
        String credentials = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry-Xy12Ab";
        account.secrets.put(credentials, "{\"username\":\"robot\",\"password\":\"registry-pass-31\"}");
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        run(task("{'name':'app','image':'registry.example.com/app:1','memory':64,'repositoryCredentials':"
                + "{'credentialsParameter':'" + credentials + "'}}"), options(AccountInput.SECRETS));

        var auth = runtime.pullCredentials("registry.example.com/app:1").task();
        assertThat(auth.username()).isEqualTo("robot");
        assertThat(auth.password()).isEqualTo("registry-pass-31");
        assertThat(auth.toString()).isEqualTo("repositoryCredentials (" + credentials + ")");
    }

    @Test
    void repository_credentials_named_by_secret_name_are_asked_of_secrets_manager_in_the_task_s_region() throws Exception {
        account.secrets.put("registry-robot", "{\"username\":\"robot\",\"password\":\"registry-pass-32\"}");
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        run(task("{'name':'app','image':'registry.example.com/app:1','memory':64,'repositoryCredentials':"
                + "{'credentialsParameter':'registry-robot'}}"), options(AccountInput.SECRETS));

        assertThat(account.calls).containsExactly("GetSecretValue eu-west-1 registry-robot null null");
        assertThat(runtime.pullCredentials("registry.example.com/app:1").task().password()).isEqualTo("registry-pass-32");
    }

    @Test
    void repository_credentials_a_local_secrets_file_does_not_hold_leave_the_pull_to_docker_s_credentials() throws Exception {
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        TaskOutcome outcome = run(task("{'name':'app','image':'registry.example.com/app:1','memory':64,'secrets':[{'name':'DB',"
                + "'valueFrom':'/prod/db'}],'repositoryCredentials':{'credentialsParameter':"
                + "'arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry-Xy12Ab'}}"),
                options().withSecrets(Map.of("/prod/db", "db-pass-1")));

        assertThat(outcome.stopCode()).as("as before ecs-local knew of repositoryCredentials").isEqualTo(StopCode.EssentialContainerExited);
        assertThat(runtime.pullCredentials("registry.example.com/app:1").task()).isNull();
        assertThat(everythingShown()).contains("its repositoryCredentials (arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                + "registry-Xy12Ab) are not fetched");
    }

    @Test
    void expired_credentials_are_told_to_renew_them_not_to_ask_for_a_permission() throws Exception {
        account.refusal = new AwsCallFailure(AwsCallFailure.Kind.REFUSED, "ssm:GetParameters", "ExpiredTokenException",
                "ExpiredTokenException: The security token included in the request is expired (status code 400)");
        TaskOutcome outcome = run(task("{'name':'app','image':'app:1','memory':64,'secrets':[{'name':'K','valueFrom':'/p'}]}"),
                options(AccountInput.SECRETS));

        assertThat(outcome.stoppedReason()).contains("ExpiredTokenException: The security token included in the request is expired")
                .contains(AwsCallFailure.CREDENTIALS_FIX).doesNotContain("needs ssm:GetParameters");
    }

    @Test
    void repository_credentials_without_any_secrets_source_are_said_and_docker_s_own_are_used() throws Exception {
        runtime.script("app").exits(0, Duration.ofSeconds(1));
        run(task("{'name':'app','image':'registry.example.com/app:1','memory':64,'repositoryCredentials':"
                + "{'credentialsParameter':'arn:aws:secretsmanager:eu-west-1:111122223333:secret:registry-Xy12Ab'}}"), options());

        assertThat(runtime.pullCredentials("registry.example.com/app:1").task()).isNull();
        assertThat(everythingShown()).contains("its repositoryCredentials (arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                + "registry-Xy12Ab) are not fetched without --secrets aws");
        assertThat(account.connected).isZero();
    }
}
