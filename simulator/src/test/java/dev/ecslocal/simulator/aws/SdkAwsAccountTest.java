package dev.ecslocal.simulator.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK adapter against a small server speaking awsJson1.1 (Secrets Manager, SSM, ECS), reached through the SDK's
 * standard endpoint setting: what it sends, and how AWS's answers and refusals come back. The end-to-end paths, through
 * the command and moto, are AwsIT's.
 */
class SdkAwsAccountTest {
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.disableEc2Metadata", "aws.configFile", "aws.sharedCredentialsFile", "aws.region");

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile String errorType;

    @BeforeEach
    void aServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " " + sent);
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + server.getAddress().getPort());
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret-key");
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.configFile", "/nonexistent/config");
        System.setProperty("aws.sharedCredentialsFile", "/nonexistent/credentials");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void a_secret_is_asked_for_with_its_version_stage_and_its_string_returned() throws Exception {
        body = "{\"ARN\":\"arn\",\"Name\":\"db\",\"SecretString\":\"{\\\"password\\\":\\\"pw-1\\\"}\"}";
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThat(account.secretString("eu-central-1", "arn:aws:secretsmanager:eu-central-1:111122223333:secret:db-AbCdEf", "AWSPREVIOUS", null))
                    .isEqualTo("{\"password\":\"pw-1\"}");
        }
        assertThat(requests).singleElement().asString().startsWith("secretsmanager.GetSecretValue ")
                .contains("\"SecretId\":\"arn:aws:secretsmanager:eu-central-1:111122223333:secret:db-AbCdEf\"")
                .contains("\"VersionStage\":\"AWSPREVIOUS\"").doesNotContain("VersionId");
    }

    @Test
    void parameters_are_asked_for_decrypted_ten_at_a_time_and_missing_ones_are_absent() throws Exception {
        body = "{\"Parameters\":[{\"Name\":\"/p/0\",\"Value\":\"v0\"},{\"Name\":\"/p/2\",\"Selector\":\":3\",\"Value\":\"v2\"}],"
                + "\"InvalidParameters\":[\"/p/1\"]}";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add(i == 2 ? "/p/2:3" : "/p/" + i);
        }
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThat(account.parameters("eu-west-1", names)).as("a version asked for comes back as name and selector")
                    .isEqualTo(Map.of("/p/0", "v0", "/p/2:3", "v2"));
        }
        assertThat(requests).hasSize(2).allMatch(r -> r.startsWith("AmazonSSM.GetParameters ") && r.contains("\"WithDecryption\":true"));
    }

    @Test
    void a_refusal_is_the_service_s_code_and_words() {
        status = 400;
        errorType = "AccessDeniedException";
        body = "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:iam::1:user/dev is not authorized to perform: "
                + "secretsmanager:GetSecretValue\"}";
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThatThrownBy(() -> account.secretString("eu-west-1", "arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf", null, null))
                    .isInstanceOfSatisfying(AwsCallFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(AwsCallFailure.Kind.REFUSED);
                        assertThat(failure.errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(failure.getMessage()).isEqualTo("AccessDeniedException: User: arn:aws:iam::1:user/dev is not "
                                + "authorized to perform: secretsmanager:GetSecretValue (status code 400)");
                    });
        }
    }

    @Test
    void no_credentials_is_said_as_the_aws_cli_would_look_for_them_without_the_sdk_s_class_names() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThatThrownBy(() -> account.parameters("eu-west-1", List.of("x")))
                    .isInstanceOfSatisfying(AwsCallFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(AwsCallFailure.Kind.NO_CREDENTIALS);
                        assertThat(failure.getMessage()).contains("AWS_ACCESS_KEY_ID").contains("aws sso login")
                                .doesNotContain("Provider").doesNotContain("software.amazon");
                    });
        }
        assertThat(requests).as("nothing unsigned is sent").isEmpty();
    }

    @Test
    void an_aws_config_the_sdk_cannot_parse_is_said_as_the_user_s_settings_not_a_crash() throws Exception {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("aws-config", "");
        java.nio.file.Files.writeString(config, "[profile broken\nregion = eu-west-1\n");
        System.setProperty("aws.configFile", config.toString());
        System.clearProperty("aws.accessKeyId");
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThatThrownBy(() -> account.describeTaskDefinition("eu-west-1", "web"))
                    .isInstanceOfSatisfying(AwsCallFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(AwsCallFailure.Kind.NO_CREDENTIALS);
                        assertThat(failure.getMessage()).contains("your AWS settings cannot be used").contains("]")
                                .doesNotContain("Exception").doesNotContain("software.amazon");
                    });
        } finally {
            java.nio.file.Files.delete(config);
        }
    }

    @Test
    void an_expired_token_is_credentials_rejected() {
        status = 400;
        errorType = "ExpiredTokenException";
        body = "{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}";
        try (AwsAccount account = new SdkAwsAccount()) {
            assertThatThrownBy(() -> account.parameters("eu-west-1", List.of("/p")))
                    .isInstanceOfSatisfying(AwsCallFailure.class, failure -> assertThat(failure.credentialsRejected()).isTrue());
        }
    }

    @Test
    void a_registered_task_definition_comes_back_as_the_api_s_json_with_its_tags() throws Exception {
        body = "{\"taskDefinition\":{\"family\":\"web\",\"revision\":3,\"registeredAt\":1.7E9,\"containerDefinitions\":[{\"name\":"
                + "\"app\",\"image\":\"nginx\",\"memory\":64,\"portMappings\":[{\"containerPort\":80}],\"dockerLabels\":{\"a\":\"b\"}}]},"
                + "\"tags\":[{\"key\":\"team\",\"value\":\"shop\"}]}";
        String json;
        try (AwsAccount account = new SdkAwsAccount()) {
            json = account.describeTaskDefinition("eu-west-1", "web:3");
        }
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(tree.at("/taskDefinition/family").asText()).isEqualTo("web");
        assertThat(tree.at("/taskDefinition/revision").asInt()).isEqualTo(3);
        assertThat(tree.at("/taskDefinition/containerDefinitions/0/portMappings/0/containerPort").asInt()).isEqualTo(80);
        assertThat(tree.at("/taskDefinition/containerDefinitions/0/dockerLabels/a").asText()).isEqualTo("b");
        assertThat(tree.at("/taskDefinition/containerDefinitions/0").has("environment")).as("lists AWS did not send stay out")
                .isFalse();
        assertThat(tree.at("/tags/0/key").asText()).isEqualTo("team");
        assertThat(requests).singleElement().asString().contains("\"taskDefinition\":\"web:3\"").contains("\"include\":[\"TAGS\"]");
    }
}
