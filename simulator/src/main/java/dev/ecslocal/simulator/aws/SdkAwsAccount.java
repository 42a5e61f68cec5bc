package dev.ecslocal.simulator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@link AwsAccount} through the AWS SDK for Java v2: the only class of ecs-local that imports the SDK, and made only
 * through {@link SdkLoader}, which finds the SDK where it is. One HTTP
 * client (the JDK's URLConnection), one credentials chain, and a client per service and region, made when first used.
 * The SDK's own settings apply untouched: credentials, profiles, retries, and endpoint overrides
 * ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:5000}, which is how the tests reach their emulator).
 */
public final class SdkAwsAccount implements AwsAccount {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SSM's limit for one GetParameters call. */
    private static final int PARAMETERS_PER_CALL = 10;

    private final SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)).build();
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

    /** Public for {@link SdkLoader}, which may load this class through a class loader of its own. */
    public SdkAwsAccount() {
    }

    @Override
    public String secretString(String region, String secretId, String versionStage, String versionId) throws AwsCallFailure {
        GetSecretValueResponse response = call("secretsmanager:GetSecretValue", () -> client(SecretsManagerClient.builder(), region)
                .getSecretValue(request -> request.secretId(secretId).versionStage(versionStage).versionId(versionId)));
        if (response.secretString() != null) {
            return response.secretString();
        }
        return response.secretBinary() == null ? "" : response.secretBinary().asUtf8String();
    }

    @Override
    public Map<String, String> parameters(String region, Collection<String> names) throws AwsCallFailure {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(names));
        for (int from = 0; from < all.size(); from += PARAMETERS_PER_CALL) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + PARAMETERS_PER_CALL));
            GetParametersResponse response = call("ssm:GetParameters", () -> client(SsmClient.builder(), region)
                    .getParameters(request -> request.names(batch).withDecryption(true)));
            for (Parameter parameter : response.parameters()) {
                // A name asked with a version or label (/prod/db:3) comes back as its name and a selector.
                values.put(parameter.name() + (parameter.selector() == null ? "" : parameter.selector()), parameter.value());
            }
        }
        return values;
    }

    @Override
    public RegistryToken registryToken(String region, String registryId) throws AwsCallFailure {
        var response = call("ecr:GetAuthorizationToken", () -> client(EcrClient.builder(), region)
                .getAuthorizationToken(request -> request.registryIds(registryId)));
        if (response.authorizationData().isEmpty()) {
            throw new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE, "ecr:GetAuthorizationToken", null,
                    "ECR answered with no authorization data for registry " + registryId);
        }
        AuthorizationData data = response.authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE, "ecr:GetAuthorizationToken", null,
                    "ECR's authorization token is not user:password");
        }
        return new RegistryToken(decoded.substring(0, colon), decoded.substring(colon + 1), data.proxyEndpoint(), data.expiresAt());
    }

    @Override
    public byte[] object(String region, String bucket, String key) throws AwsCallFailure {
        return call("s3:GetObject", () -> client(S3Client.builder().crossRegionAccessEnabled(true), region)
                .getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
    }

    @Override
    public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
        DescribeTaskDefinitionResponse response = call("ecs:DescribeTaskDefinition", () -> client(EcsClient.builder(), region)
                .describeTaskDefinition(request -> request.taskDefinition(taskDefinition).include(TaskDefinitionField.TAGS)));
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("taskDefinition", json(response.taskDefinition()));
        document.set("tags", json(response.tags()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public RoleCredentials assumeRole(String region, String roleArn, String sessionName) throws AwsCallFailure {
        Credentials keys = call("sts:AssumeRole", () -> client(StsClient.builder(), region)
                .assumeRole(request -> request.roleArn(roleArn).roleSessionName(sessionName))).credentials();
        return new RoleCredentials(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken(), keys.expiration());
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients.values()) {
            try {
                client.close();
            } catch (Exception ignored) {
                // Closing frees memory only.
            }
        }
        clients.clear();
        credentials.close(); // an SSO or assume-role profile's provider holds clients of its own
        http.close();
    }

    @SuppressWarnings("unchecked")
    private <C extends AutoCloseable, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C client(B builder,
                                                                                                              String region) {
        String key = builder.getClass().getName() + "@" + region;
        return (C) clients.computeIfAbsent(key, unused -> {
            builder.httpClient(http).credentialsProvider(credentials);
            if (region != null && !region.isBlank()) {
                builder.region(Region.of(region));
            }
            return builder.build();
        });
    }

    /** The SDK's failures in words ECS uses: {@code CODE: message} for a refusal. */
    private static <T> T call(String operation, Supplier<T> call) throws AwsCallFailure {
        try {
            return call.get();
        } catch (AwsServiceException refused) {
            var details = refused.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "HTTP " + refused.statusCode() : details.errorCode();
            String message = details == null || details.errorMessage() == null ? "" : details.errorMessage();
            throw new AwsCallFailure(AwsCallFailure.Kind.REFUSED, operation, code,
                    code + ": " + (message.isBlank() ? "(no message)" : message) + " (status code " + refused.statusCode() + ")");
        } catch (SdkClientException failure) {
            throw clientFailure(operation, failure);
        } catch (SdkException failure) {
            throw new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE, operation, null, firstSentence(failure.getMessage()));
        } catch (RuntimeException unusable) {
            // What the SDK throws while making a client: a profile file it cannot parse, a region it cannot use.
            throw new AwsCallFailure(AwsCallFailure.Kind.NO_CREDENTIALS, operation, null, "your AWS settings cannot be used ("
                    + "~/.aws/config, ~/.aws/credentials, or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name, and "
                    + "the AWS_ variables): " + firstSentence(unusable.getMessage()));
        }
    }

    private static AwsCallFailure clientFailure(String operation, SdkClientException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (message.contains("Unable to load credentials") || message.contains("Unable to load region")
                || message.contains("sso login") || message.contains("Profile file")) {
            // The SDK's text lists its providers' class names; the user needs where the CLI would look instead.
            String sso = message.contains("SSO session") ? " Your SSO session has expired or is not valid: run `aws sso login` "
                    + "(with --profile NAME for a named profile)." : "";
            return new AwsCallFailure(AwsCallFailure.Kind.NO_CREDENTIALS, operation, null, "no usable AWS credentials: set "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/config (for SSO, run "
                    + "`aws sso login` first), as the AWS CLI reads them; `aws sts get-caller-identity` shows what they are." + sso);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root == failure ? firstSentence(message)
                : root.getMessage() == null ? "no answer" : root.getMessage();
        return new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE, operation, null, "no answer from AWS: " + why);
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** An SDK model object as the API's JSON, by the members' wire names: what the AWS CLI would print. */
    static JsonNode json(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof SdkPojo pojo) {
            ObjectNode object = nodes.objectNode();
            for (SdkField<?> field : pojo.sdkFields()) {
                Object member = field.getValueOrDefault(pojo);
                if (member == null || isAutoConstructed(member)) {
                    continue;
                }
                object.set(field.locationName(), json(member));
            }
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), json(item)));
            return object;
        }
        if (value instanceof String text) {
            return nodes.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Long number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Double number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Float number) {
            return nodes.numberNode(number);
        }
        if (value instanceof Instant instant) {
            return nodes.textNode(instant.toString());
        }
        if (value instanceof SdkBytes bytes) {
            return nodes.textNode(Base64.getEncoder().encodeToString(bytes.asByteArray()));
        }
        return nodes.textNode(value.toString());
    }

    /** A list or map the SDK made empty because the response had none: the API did not send it. */
    private static boolean isAutoConstructed(Object member) {
        return member instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>
                || member instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>;
    }

}
