package dev.ecslocal.it;

import dev.ecslocal.it.AwsEmulator.SdkClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AwsEmulator} (moto) answers ecs-local's six AWS calls with success, read by the SDK ecs-local uses, after the
 * fixture's seeding. Skipped, saying why, when moto is not installed (scripts/aws-emulator.sh install).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsEmulatorIT {
    private AwsEmulator aws;

    @BeforeAll
    void moto_runs() throws Exception {
        // Without moto, each test is skipped by the assumption before it, which Failsafe reports with its message; an
        // assumption here would leave the class reported as zero tests, saying nothing.
        if (AwsEmulator.installed()) {
            long started = System.nanoTime();
            aws = AwsEmulator.start();
            System.out.printf("AwsEmulatorIT: %s answered after %d ms%n", aws, (System.nanoTime() - started) / 1_000_000);
        }
    }

    @AfterAll
    void moto_stops() throws Exception {
        if (aws != null) {
            aws.close();
        }
    }

    @BeforeEach
    void the_account_is_empty() throws Exception {
        AwsEmulator.assumeInstalled();
        aws.reset();
    }

    @Test
    void get_secret_value_answers_the_current_version_or_the_version_of_a_stage() {
        String arn = aws.putSecret("app/db", "{\"password\":\"first\"}");
        String pending = aws.putSecretVersion(arn, "{\"password\":\"second\"}", "AWSPENDING");

        try (SecretsManagerClient secrets = SdkClients.secretsManager(aws.endpoint())) {
            assertThat(arn).startsWith("arn:aws:secretsmanager:eu-west-1:" + AwsEmulator.ACCOUNT + ":secret:app/db-");
            assertThat(secrets.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("{\"password\":\"first\"}");
            assertThat(secrets.getSecretValue(b -> b.secretId(arn).versionStage("AWSPENDING")).secretString())
                    .isEqualTo("{\"password\":\"second\"}");
            assertThat(secrets.getSecretValue(b -> b.secretId(arn).versionId(pending)).secretString())
                    .isEqualTo("{\"password\":\"second\"}");
        }
    }

    @Test
    void get_parameters_with_decryption_answers_plain_and_secure_strings_by_name() {
        aws.putParameter("/app/plain", "visible", false);
        aws.putParameter("/app/secure", "hidden", true);

        try (SsmClient ssm = SdkClients.ssm(aws.endpoint())) {
            GetParametersResponse response = ssm.getParameters(b -> b.names("/app/plain", "/app/secure", "/app/missing")
                    .withDecryption(true));
            assertThat(response.parameters()).extracting(Parameter::name, Parameter::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("/app/plain", "visible"),
                            org.assertj.core.groups.Tuple.tuple("/app/secure", "hidden"));
            assertThat(response.invalidParameters()).containsExactly("/app/missing");
        }
    }

    @Test
    void get_authorization_token_answers_a_docker_login_for_the_accounts_registry() {
        try (EcrClient ecr = SdkClients.ecr(aws.endpoint())) {
            AuthorizationData data = ecr.getAuthorizationToken().authorizationData().get(0);
            String login = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
            assertThat(login).startsWith("AWS:");
            assertThat(data.proxyEndpoint()).isEqualTo("https://" + aws.ecrRegistryHost());
        }
    }

    @Test
    void get_object_answers_the_content_put() {
        aws.putObject("ecs-local-env", "app.env", "A=1\nB=2\n");

        try (S3Client s3 = SdkClients.s3(aws.endpoint())) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("ecs-local-env").key("app.env")).asUtf8String())
                    .isEqualTo("A=1\nB=2\n");
        }
    }

    @Test
    void describe_task_definition_answers_the_registered_revision_with_its_tags() throws Exception {
        String arn = aws.registerTaskDefinition("""
                {"family": "web",
                 "containerDefinitions": [{"name": "app", "image": "busybox", "memory": 64, "essential": true}],
                 "tags": [{"key": "team", "value": "payments"}]}""");

        try (EcsClient ecs = SdkClients.ecs(aws.endpoint())) {
            DescribeTaskDefinitionResponse byFamily = ecs.describeTaskDefinition(b -> b.taskDefinition("web")
                    .include(TaskDefinitionField.TAGS));
            assertThat(arn).isEqualTo("arn:aws:ecs:eu-west-1:" + AwsEmulator.ACCOUNT + ":task-definition/web:1");
            assertThat(byFamily.taskDefinition().taskDefinitionArn()).isEqualTo(arn);
            assertThat(byFamily.taskDefinition().containerDefinitions().get(0).image()).isEqualTo("busybox");
            assertThat(byFamily.tags()).extracting(Tag::key, Tag::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "payments"));
            assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().family()).isEqualTo("web");
        }
    }

    @Test
    void assume_role_answers_temporary_credentials() {
        try (StsClient sts = SdkClients.sts(aws.endpoint())) {
            Credentials credentials = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + AwsEmulator.ACCOUNT + ":role/app-task")
                    .roleSessionName("ecs-local")).credentials();
            assertThat(credentials.accessKeyId()).isNotBlank();
            assertThat(credentials.secretAccessKey()).isNotBlank();
            assertThat(credentials.sessionToken()).isNotBlank();
        }
    }
}
