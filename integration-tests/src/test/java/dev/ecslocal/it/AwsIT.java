package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.it.AwsEmulator.SdkClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ecs-local run|validate` reading the user's AWS account (issue 15): secrets, environment files, a registered task
 * definition, the task role's keys and an ECR token, each from {@link AwsEmulator} (moto) for the success and from
 * {@link AwsErrorStub} or moto for a failure in ECS's words. Every test ends by looking for the values it seeded in
 * everything the runs wrote (console, --events, --report, --timeline, temporary files): none may be there.
 * Skipped, saying why, when moto is not installed (scripts/aws-emulator.sh install).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUSYBOX = "ecs-local-samples/busybox:latest";
    private static final String ACCOUNT = AwsEmulator.ACCOUNT;
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private AwsEmulator aws;
    private EcrRegistry ecrRegistry;

    @TempDir
    Path dir;
    /** Where the runs write (console, events, report, timeline, temporary files): everything under it is scanned. */
    private Path runs;
    /** What the test writes for the runs (task definitions, a --secrets file): not scanned, it holds the values. */
    private Path inputs;
    private CliRunner runner;
    /** Values that must appear nowhere the runs wrote: the seeded secrets, and keys learnt during the test. */
    private final List<String> secretValues = new ArrayList<>();

    @BeforeAll
    void moto_runs() throws Exception {
        // Without moto each test is skipped by the assumption before it, which Failsafe reports with its message.
        if (AwsEmulator.installed()) {
            aws = AwsEmulator.start();
        }
    }

    @AfterAll
    void moto_and_the_registry_stop() throws Exception {
        if (ecrRegistry != null) {
            ecrRegistry.close(); // /etc/hosts as it was, whatever happened
        }
        if (aws != null) {
            aws.close();
        }
    }

    @BeforeEach
    void an_empty_account_and_fresh_directories() throws Exception {
        AwsEmulator.assumeInstalled();
        aws.reset();
        runs = Files.createDirectories(dir.resolve("runs"));
        inputs = Files.createDirectories(dir.resolve("inputs"));
        runner = new CliRunner(runs);
        secretValues.clear();
    }

    @AfterEach
    void nothing_is_left_behind_and_no_secret_was_written() throws Exception {
        if (runner == null) {
            return; // skipped before it was made
        }
        if (ecrRegistry != null) {
            ecrRegistry.removeLocalCopy();
        }
        assertThat(Leftovers.ofRuns(runner)).as("left behind with the ecs-local labels").isEmpty();
        assertNoSecretWritten();
    }

    // ---- secrets ----------------------------------------------------------------------------------------------------

    @Test
    void secrets_from_the_account_reach_the_container_masked_and_a_secrets_file_wins_per_secret() throws Exception {
        String db = aws.putSecret("aws-it/db", "{\"password\":\"current-db-pw-1\"}");
        aws.putSecretVersion(db, "{\"password\":\"staged-db-password-22\"}", "AWSPENDING");
        aws.putParameter("/app-it/api-key", "ssm-api-key-333", true);
        String token = aws.putSecret("aws-it/token", "account-token-4444");
        seeded("current-db-pw-1", "staged-db-password-22", "ssm-api-key-333", "account-token-4444", "file-token-55555");
        Path secretsFile = input("secrets.json", "{'TOKEN': 'file-token-55555'}");
        // The lengths tell which value arrived without showing it: 21 is the AWSPENDING version's password (the
        // current one has 15), 16 the file's token (the account's has 18).
        Path task = input("secrets-task.json", "{'family':'aws-it-secrets','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,"
                + "'command':['sh','-c','echo values $DB_PASSWORD $API_KEY; echo lengths ${#DB_PASSWORD} ${#API_KEY} ${#TOKEN}'],"
                + "'secrets':["
                + "{'name':'DB_PASSWORD','valueFrom':'" + db + ":password:AWSPENDING:'},"
                + "{'name':'API_KEY','valueFrom':'arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter/app-it/api-key'},"
                + "{'name':'TOKEN','valueFrom':'" + token + "'}]}]}");

        Cli cli = runWithOutputs("secrets", aws.environment(), task, "--secrets", "aws", "--secrets", secretsFile.toString());

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isZero();
        assertThat(cli.output()).containsPattern("app +\\| values \\*\\*\\*\\* \\*\\*\\*\\*\n")
                .containsPattern("app +\\| lengths 21 15 16\n");
    }

    @Test
    void a_refused_secret_stops_the_task_as_TaskFailedToStart_in_the_agents_words_before_any_container() throws Exception {
        String secret = "arn:aws:secretsmanager:eu-west-1:" + ACCOUNT + ":secret:aws-it/db-AbCdEf";
        Path task = input("refused-task.json", "{'family':'aws-it-refused','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,'command':['echo','started anyway'],"
                + "'secrets':[{'name':'DB_PASSWORD','valueFrom':'" + secret + ":password::'}]}]}");

        try (AwsErrorStub stub = AwsErrorStub.accessDenied()) {
            Cli cli = runWithOutputs("refused", stub.environment(), task, "--secrets", "aws");

            assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
            assertThat(cli.output()).contains("ResourceInitializationError: unable to pull secrets or registry auth: "
                    + "execution resource retrieval failed: unable to retrieve secret from asm: failed to fetch secret "
                    + secret + " from secrets manager: AccessDeniedException: User: arn:aws:sts::" + ACCOUNT)
                    .contains("needs secretsmanager:GetSecretValue on " + secret)
                    .doesNotContain("started anyway");
            assertTaskFailedToStartWithoutContainers(cli);
            assertThat(stub.requests()).containsExactly("secretsmanager.GetSecretValue");
        }
    }

    @Test
    void a_parameter_the_account_does_not_have_stops_the_task_with_ssms_invalid_parameters() throws Exception {
        String parameter = "arn:aws:ssm:eu-west-1:" + ACCOUNT + ":parameter/app-it/missing";
        Path task = input("missing-task.json", "{'family':'aws-it-missing','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,'command':['echo','started anyway'],"
                + "'secrets':[{'name':'API_KEY','valueFrom':'" + parameter + "'}]}]}");

        Cli cli = runWithOutputs("missing", aws.environment(), task, "--secrets", "aws");

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("ResourceInitializationError: unable to pull secrets or registry auth: "
                + "execution resource retrieval failed: unable to retrieve secrets from ssm: invalid parameters: " + parameter)
                .contains("Parameter Store in eu-west-1 has no parameter /app-it/missing");
        assertTaskFailedToStartWithoutContainers(cli);
    }

    // ---- environment files ------------------------------------------------------------------------------------------

    @Test
    void env_files_from_s3_reach_the_container_and_a_mapped_local_copy_is_not_fetched() throws Exception {
        // Environment files are configuration, not secrets (ECS's view, and a local copy's here): not masked.
        aws.putObject("aws-it-env", "app/app.env", "GREETING=hello-from-s3\nCOLOUR=blue-4\n");
        // No such object in moto: only the local copy can give it.
        String mapped = "arn:aws:s3:::aws-it-env/app/local.env";
        Path local = input("local.env", "FROM_MAP=mapped-value\n");
        Path task = input("env-task.json", "{'family':'aws-it-env','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,"
                + "'command':['sh','-c','echo raw $GREETING; echo upper $(echo $GREETING-$COLOUR | tr a-z A-Z); echo map $FROM_MAP'],"
                + "'environmentFiles':[{'type':'s3','value':'arn:aws:s3:::aws-it-env/app/app.env'},"
                + "{'type':'s3','value':'" + mapped + "'}]}]}");

        Cli cli = runWithOutputs("env", aws.environment(), task, "--env-files", "aws", "--env-file-map", mapped + "=" + local);

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isZero();
        assertThat(cli.output()).containsPattern("app +\\| raw hello-from-s3\n")
                .containsPattern("app +\\| upper HELLO-FROM-S3-BLUE-4\n")
                .containsPattern("app +\\| map mapped-value\n");
    }

    @Test
    void an_env_file_object_that_does_not_exist_stops_the_task_with_NoSuchKey() throws Exception {
        aws.putObject("aws-it-env", "app/other.env", "A=1\n");
        String missing = "arn:aws:s3:::aws-it-env/app/missing.env";
        Path task = input("nokey-task.json", "{'family':'aws-it-nokey','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,'command':['echo','started anyway'],"
                + "'environmentFiles':[{'type':'s3','value':'" + missing + "'}]}]}");

        Cli cli = runWithOutputs("nokey", aws.environment(), task, "--env-files", "aws");

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("ResourceInitializationError: failed to download env files: file download command: "
                + "non empty error stream: NoSuchKey: ").contains("environmentFiles " + missing);
        assertTaskFailedToStartWithoutContainers(cli);
    }

    // ---- registered task definitions --------------------------------------------------------------------------------

    @Test
    void a_task_definition_registered_in_the_account_is_validated_and_run_by_family() throws Exception {
        String arn = aws.registerTaskDefinition(("{'family':'aws-it-web','containerDefinitions':[{'name':'app',"
                + "'image':'" + BUSYBOX + "','memory':32,'essential':true,'command':['sh','-c',"
                + "'echo the registered revision ran; echo task=$(wget -q -O- $ECS_CONTAINER_METADATA_URI_V4/taskWithTags)']}],"
                + "'tags':[{'key':'team','value':'payments'}]}").replace('\'', '"'));
        assertThat(arn).isEqualTo("arn:aws:ecs:eu-west-1:" + ACCOUNT + ":task-definition/aws-it-web:1");

        Cli validate = runner.start("validate", aws.environment(), "validate", "--task-definition", "aws-it-web:1");
        assertThat(validate.awaitExit(PATIENCE)).as(validate.output()).isZero();
        assertThat(validate.output()).contains("aws-it-web:1");

        Cli run = runner.start("registered", aws.environment(), "run", "--task-definition", "aws-it-web");
        assertThat(run.awaitExit(PATIENCE)).as(run.output()).isZero();
        assertThat(run.output()).containsPattern("app +\\| the registered revision ran\n");
        // The latest revision was read, with its tags (DescribeTaskDefinition's include TAGS): the task metadata shows both.
        JsonNode task = JSON.readTree(line(run, "app", "task"));
        assertThat(task.path("Family").asText()).isEqualTo("aws-it-web");
        assertThat(task.path("Revision").asText()).isEqualTo("1");
        assertThat(task.path("TaskTags").path("team").asText()).isEqualTo("payments");
    }

    @Test
    void a_family_the_account_does_not_have_is_refused_with_exit_3_in_AWSs_words_and_where_to_look() throws Exception {
        Cli cli = runner.start("unknown", aws.environment(), "run", "--task-definition", "aws-it-nowhere");

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(3);
        assertThat(cli.output()).contains("--task-definition aws-it-nowhere: ecs:DescribeTaskDefinition of aws-it-nowhere "
                        + "in eu-west-1 found no such task definition: ClientException: ")
                .contains("See what is registered there: aws ecs list-task-definitions --family-prefix aws-it-nowhere "
                        + "--region eu-west-1");
    }

    // ---- the task role ----------------------------------------------------------------------------------------------

    @Test
    void assume_serves_the_task_roles_own_keys_from_sts_and_masks_their_secret_parts() throws Exception {
        String role = "arn:aws:iam::" + ACCOUNT + ":role/aws-it-task";
        // The container also writes the keys to a directory of this machine: the only place the test can read them
        // whole, to look for them in what the run wrote.
        Path keysDir = Files.createDirectories(inputs.resolve("keys"));
        Path task = input("role-task.json", "{'family':'aws-it-role','taskRoleArn':'" + role + "',"
                + "'volumes':[{'name':'keys','host':{'sourcePath':'" + keysDir + "'}}],"
                + "'containerDefinitions':[{'name':'app','image':'" + BUSYBOX + "','memory':32,"
                + "'mountPoints':[{'sourceVolume':'keys','containerPath':'/keys'}],'command':['sh','-c',"
                + "'wget -q -O /keys/keys.json http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                + "&& echo keys=$(cat /keys/keys.json)']}]}");

        Cli cli = runWithOutputs("role", aws.environment(), task, "--task-role-credentials", "assume");

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isZero();
        JsonNode served = JSON.readTree(Files.readString(keysDir.resolve("keys.json")));
        seeded(served.path("SecretAccessKey").asText(), served.path("Token").asText());
        assertThat(served.path("AccessKeyId").asText()).as("moto's temporary keys").startsWith("ASIA");
        assertThat(served.path("RoleArn").asText()).isEqualTo(role);
        assertThat(served.path("SecretAccessKey").asText()).isNotBlank().isNotEqualTo("testing");
        assertThat(served.path("Token").asText()).isNotBlank();
        assertThat(served.path("Expiration").asText()).isNotBlank();
        // On the console the same document has its secret parts masked, and the access key id as it is.
        JsonNode shown = JSON.readTree(line(cli, "app", "keys"));
        assertThat(shown.path("AccessKeyId").asText()).isEqualTo(served.path("AccessKeyId").asText());
        assertThat(shown.path("SecretAccessKey").asText()).isEqualTo("****");
        assertThat(shown.path("Token").asText()).isEqualTo("****");
        // The keys are the role's, in the session ECS would name: STS says whose they are.
        String taskId = cli.taskId();
        try (StsClient sts = StsClient.builder().endpointOverride(aws.endpoint()).region(AwsEmulator.REGION)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        served.path("AccessKeyId").asText(), served.path("SecretAccessKey").asText(),
                        served.path("Token").asText()))).build()) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/aws-it-task/ecs-local-" + taskId);
        }
    }

    @Test
    void a_refused_assume_role_refuses_the_run_before_anything_starts_naming_the_role_and_AWSs_words() throws Exception {
        String role = "arn:aws:iam::" + ACCOUNT + ":role/aws-it-task";
        Path task = input("refused-role-task.json", "{'family':'aws-it-refused-role','taskRoleArn':'" + role + "',"
                + "'containerDefinitions':[{'name':'app','image':'" + BUSYBOX + "','memory':32,'command':['echo','started anyway']}]}");

        try (AwsErrorStub stub = AwsErrorStub.accessDenied()) {
            Cli cli = runWithOutputs("refused-role", stub.environment(), task, "--task-role-credentials", "assume");

            assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
            assertThat(cli.output()).contains("--task-role-credentials assume: cannot assume the task role " + role
                            + " (sts:AssumeRole in eu-west-1): AccessDenied: User: arn:aws:sts::" + ACCOUNT)
                    .contains("The role's trust policy must allow your AWS identity")
                    .doesNotContain("started anyway");
            assertThat(cli.events()).noneMatch(e -> e.path("kind").asText().equals("container"));
            assertThat(stub.requests()).containsExactly("Action=AssumeRole");
        }
    }

    // ---- ECR --------------------------------------------------------------------------------------------------------

    @Test
    void a_refused_ecr_token_fails_the_pull_with_the_agents_words_and_the_missing_permission() throws Exception {
        String image = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/aws-it/app:1";
        Path task = input("ecr-task.json", "{'family':'aws-it-ecr','containerDefinitions':[{'name':'app','image':'" + image
                + "','memory':32,'command':['echo','started anyway']}]}");
        Map<String, String> environment = new LinkedHashMap<>();
        try (AwsErrorStub stub = AwsErrorStub.accessDenied()) {
            environment.putAll(stub.environment());
            environment.put("DOCKER_CONFIG", Files.createDirectories(inputs.resolve("no-docker-logins")).toString());
            Cli cli = runWithOutputs("ecr-refused", environment, task, "--pull-credentials", "aws", "--pull", "always");

            assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
            assertThat(cli.output()).contains("unable to retrieve ecr registry auth: AccessDeniedException: User: arn:aws:sts::"
                    + ACCOUNT).contains("needs ecr:GetAuthorizationToken").doesNotContain("started anyway");
            assertThat(stub.requests()).containsExactly("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        }
    }

    @Test
    void pull_credentials_aws_pulls_an_ecr_image_docker_has_no_login_for_with_a_token_from_ecr() throws Exception {
        String image = ecrRegistry().image();
        seeded(ecrRegistry().password(), ecrRegistry().token());
        Path task = ecrTask(image);

        Cli cli = runWithOutputs("ecr", ecrRegistry().environment(aws), task, "--pull-credentials", "aws");

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isZero();
        assertThat(cli.output()).contains(aws.ecrRegistryHost() + ": pulling with an ECR token from ecr:GetAuthorizationToken "
                + "(your AWS credentials, eu-west-1), since Docker has no working login for it")
                .containsPattern("app +\\| pulled from ECR\n");
    }

    @Test
    void without_pull_credentials_aws_no_token_is_fetched_and_the_refusal_says_how_to_log_in() throws Exception {
        String image = ecrRegistry().image();
        seeded(ecrRegistry().password(), ecrRegistry().token());
        Path task = ecrTask(image);

        Cli cli = runWithOutputs("ecr-unasked", ecrRegistry().environment(aws), task);

        assertThat(cli.awaitExit(PATIENCE)).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("registry " + aws.ecrRegistryHost() + " refused the pull of " + image)
                .contains("ecs-local sent no credentials")
                .contains("Log in to ECR with `aws ecr get-login-password --region eu-west-1 | docker login --username AWS "
                        + "--password-stdin " + aws.ecrRegistryHost() + "` and run again, or run with --pull-credentials aws")
                .doesNotContain("ecr:GetAuthorizationToken (your AWS credentials")
                .doesNotContain("pulled from ECR");
    }

    private Path ecrTask(String image) throws IOException {
        return input("ecr-task.json", "{'family':'aws-it-ecr','containerDefinitions':[{'name':'app','image':'" + image
                + "','memory':32,'command':['echo','pulled from ECR']}]}");
    }

    /** The registry of moto's account, started on first use (skipping the caller where it cannot be). */
    private EcrRegistry ecrRegistry() throws Exception {
        if (ecrRegistry == null) {
            ecrRegistry = EcrRegistry.start(aws);
        }
        ecrRegistry.removeLocalCopy();
        return ecrRegistry;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** `run FILE ARGS` with a --report and a --timeline in {@link #runs}, and the JVM's temporary files there too. */
    private Cli runWithOutputs(String name, Map<String, String> environment, Path task, String... args) throws IOException {
        Map<String, String> withTmp = new LinkedHashMap<>(environment);
        // So that the files the run writes for itself (FireLens configuration, …) are scanned as well.
        withTmp.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + Files.createDirectories(runs.resolve("tmp-" + name)));
        List<String> command = new ArrayList<>(List.of("run", task.toString(), "--report",
                runs.resolve(name + "-report.json").toString(), "--timeline", runs.resolve(name + "-timeline.html").toString()));
        command.addAll(List.of(args));
        return runner.start(name, withTmp, command.toArray(String[]::new));
    }

    private Path input(String name, String json) throws IOException {
        return Files.writeString(inputs.resolve(name), json.replace('\'', '"'));
    }

    private void seeded(String... values) {
        secretValues.addAll(List.of(values));
    }

    /** The failed start as ECS reports it, and Docker never asked to create a container. */
    private static void assertTaskFailedToStartWithoutContainers(Cli cli) throws IOException {
        List<JsonNode> events = cli.events();
        assertThat(events).as("events").anyMatch(e -> Cli.is(e, "task", null, "STOPPED")
                && e.path("stopCode").asText().equals("TaskFailedToStart"));
        assertThat(events).as("no container was created").noneMatch(e -> e.path("kind").asText().equals("container")
                && List.of("CREATED", "RUNNING").contains(e.path("status").asText()));
    }

    /** The text after {@code CONTAINER | KEY=} in the run's output. */
    private static String line(Cli cli, String container, String key) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + container + " +\\| " + key + "=(.*)$").matcher(cli.output());
        assertThat(matcher.find()).as("a line %s=… from %s in:%n%s", key, container, cli.output()).isTrue();
        return matcher.group(1);
    }

    /**
     * Every value the test seeded or learnt, and its base64 form, is absent from every file under {@link #runs}: the
     * console of each run, its events, report, timeline and temporary files.
     */
    private void assertNoSecretWritten() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(runs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("the runs wrote their console output").isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String value : secretValues) {
                String base64 = java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
                if (text.contains(value) || text.contains(base64)) {
                    found.add(value + " in " + runs.relativize(file));
                }
            }
        }
        assertThat(found).as("secret values written by the runs").isEmpty();
    }
}
