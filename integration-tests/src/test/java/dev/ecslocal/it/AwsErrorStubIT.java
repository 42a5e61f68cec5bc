package dev.ecslocal.it;

import dev.ecslocal.it.AwsEmulator.SdkClients;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link AwsErrorStub}'s refusals are read by the SDK ecs-local uses as AWS's own: each service's exception, HTTP status
 * and error code, for each of ecs-local's six AWS calls. Needs neither moto nor Docker.
 */
class AwsErrorStubIT {

    @Test
    void access_denied_reads_as_each_services_exception_with_its_access_denied_code() throws Exception {
        try (AwsErrorStub stub = AwsErrorStub.accessDenied()) {
            URI endpoint = stub.endpoint();

            assertRefused(SecretsManagerException.class, 400, "AccessDeniedException",
                    () -> call(SdkClients.secretsManager(endpoint), c -> c.getSecretValue(b -> b.secretId("app/db"))));
            assertRefused(SsmException.class, 400, "AccessDeniedException",
                    () -> call(SdkClients.ssm(endpoint), c -> c.getParameters(b -> b.names("/app/a").withDecryption(true))));
            assertRefused(EcrException.class, 400, "AccessDeniedException",
                    () -> call(SdkClients.ecr(endpoint), EcrClient::getAuthorizationToken));
            assertRefused(S3Exception.class, 403, "AccessDenied",
                    () -> call(SdkClients.s3(endpoint), c -> c.getObjectAsBytes(b -> b.bucket("env").key("app.env"))));
            assertRefused(EcsException.class, 400, "AccessDeniedException",
                    () -> call(SdkClients.ecs(endpoint), c -> c.describeTaskDefinition(b -> b.taskDefinition("web")
                            .include(TaskDefinitionField.TAGS))));
            assertRefused(StsException.class, 403, "AccessDenied",
                    () -> call(SdkClients.sts(endpoint), c -> c.assumeRole(b -> b.roleArn("arn:aws:iam::"
                            + AwsEmulator.ACCOUNT + ":role/app-task").roleSessionName("ecs-local"))));

            assertThat(stub.requests()).containsExactly(
                    "secretsmanager.GetSecretValue",
                    "AmazonSSM.GetParameters",
                    "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
                    "GET /env/app.env",
                    "AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition",
                    "Action=AssumeRole");
        }
    }

    @Test
    void an_expired_token_reads_as_each_services_exception_with_its_expired_token_code() throws Exception {
        try (AwsErrorStub stub = AwsErrorStub.expiredToken()) {
            URI endpoint = stub.endpoint();

            assertRefused(SecretsManagerException.class, 400, "ExpiredTokenException",
                    () -> call(SdkClients.secretsManager(endpoint), c -> c.getSecretValue(b -> b.secretId("app/db"))));
            assertRefused(SsmException.class, 400, "ExpiredTokenException",
                    () -> call(SdkClients.ssm(endpoint), c -> c.getParameters(b -> b.names("/app/a").withDecryption(true))));
            assertRefused(EcrException.class, 400, "ExpiredTokenException",
                    () -> call(SdkClients.ecr(endpoint), EcrClient::getAuthorizationToken));
            assertRefused(S3Exception.class, 400, "ExpiredToken",
                    () -> call(SdkClients.s3(endpoint), c -> c.getObjectAsBytes(b -> b.bucket("env").key("app.env"))));
            assertRefused(EcsException.class, 400, "ExpiredTokenException",
                    () -> call(SdkClients.ecs(endpoint), c -> c.describeTaskDefinition(b -> b.taskDefinition("web"))));
            // STS's own ExpiredTokenException is code ExpiredTokenException, for an expired web identity or SAML
            // token; expired caller credentials are code ExpiredToken, which the SDK reads as a plain StsException.
            assertRefused(StsException.class, 400, "ExpiredToken",
                    () -> call(SdkClients.sts(endpoint), c -> c.assumeRole(b -> b.roleArn("arn:aws:iam::"
                            + AwsEmulator.ACCOUNT + ":role/app-task").roleSessionName("ecs-local"))));

            // One request per call: the SDK retries neither refusal.
            assertThat(stub.requests()).hasSize(6);
        }
    }

    private static <C extends AutoCloseable> void call(C client, Consumer<C> operation) throws Exception {
        try (client) {
            operation.accept(client);
        }
    }

    private static void assertRefused(Class<? extends AwsServiceException> type, int status, String code,
                                      ThrowingCallable call) {
        AwsServiceException refused = catchThrowableOfType(type, call);
        assertThat(refused).as("the SDK's exception for " + code).isNotNull();
        assertThat(refused.statusCode()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.awsErrorDetails().errorCode()).as(refused.toString()).isEqualTo(code);
        assertThat(refused.awsErrorDetails().errorMessage()).as(refused.toString()).isNotBlank();
    }

    @Test
    void the_environment_points_every_service_at_the_fixture_and_at_no_aws_config_files() throws Exception {
        try (AwsErrorStub stub = AwsErrorStub.accessDenied()) {
            assertThat(stub.environment()).containsEntry("AWS_ENDPOINT_URL", stub.endpoint().toString())
                    .containsEntry("AWS_REGION", "eu-west-1").containsKeys("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE");
            assertThat(List.of(stub.environment().get("AWS_CONFIG_FILE"), stub.environment().get("AWS_SHARED_CREDENTIALS_FILE")))
                    .allSatisfy(file -> assertThat(Path.of(file)).doesNotExist());
        }
    }
}
