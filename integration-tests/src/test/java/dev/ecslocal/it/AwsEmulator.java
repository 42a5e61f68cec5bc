package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * AWS without AWS: moto's server (scripts/aws-emulator.sh: moto 5.1 from Debian trixie) on a free 127.0.0.1 port, for
 * ecs-local's calls to Secrets Manager, SSM, ECR, S3, ECS and STS. {@link #environment()} points an ecs-local process at
 * it through the SDK's endpoint override; the {@code put…} methods seed what a test's task definition refers to.
 * <p>
 * What moto does not do like AWS (so a test must not expect it): its AccessDenied answers are unreadable to the Java
 * SDK for most services and it never answers ExpiredToken ({@link AwsErrorStub} gives both); GetParameters takes
 * names, not full parameter ARNs; ECR's token is always the same, expiring in 2015; AssumeRole needs no existing role.
 */
final class AwsEmulator implements AutoCloseable {
    static final Region REGION = Region.EU_WEST_1;
    /** moto's default account, in every ARN it makes. */
    static final String ACCOUNT = "123456789012";
    static final Path SCRIPT = CliRunner.PROJECT.resolve("scripts/aws-emulator.sh");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process server;
    private final Path home;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AwsEmulator(Process server, Path home, URI endpoint) {
        this.server = server;
        this.home = home;
        this.endpoint = endpoint;
    }

    /** Where scripts/aws-emulator.sh installs moto, and looks for it. */
    static Path motoDir() {
        String dir = System.getenv("ECS_LOCAL_MOTO_DIR");
        return Path.of(dir == null || dir.isEmpty() ? "/var/cache/ecs-local/moto" : dir);
    }

    static boolean installed() {
        return Files.isDirectory(motoDir().resolve("usr/lib/python3/dist-packages/moto"));
    }

    /** Skips the calling test, saying how to run it, when moto is not installed. */
    static void assumeInstalled() {
        assumeTrue(installed(),
                "moto is not installed in " + motoDir() + ": the AWS emulator's tests are skipped ("
                        + "scripts/aws-emulator.sh install, as root, installs it in about 10 s)");
    }

    /** Starts moto and waits until it answers; skips the caller when moto is not installed. */
    static AwsEmulator start() throws IOException, InterruptedException {
        assumeInstalled();
        Path home = Files.createTempDirectory("ecs-local-aws-emulator");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = home.resolve("moto.log");
        Process server = new ProcessBuilder(SCRIPT.toString(), "start", Integer.toString(port), motoDir().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AwsEmulator emulator = new AwsEmulator(server, home, URI.create("http://127.0.0.1:" + port));
        try {
            emulator.awaitAnswer(log);
        } catch (Throwable e) {
            emulator.close();
            throw e;
        }
        return emulator;
    }

    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("moto's server exited with " + server.exitValue() + " before it answered on "
                        + endpoint + "; its output:\n" + Files.readString(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Connection refused until the server listens: asked again below.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("moto's server did not answer GET /moto-api/data.json on " + endpoint + " within "
                + START_TIMEOUT.toSeconds() + " s; its output:\n" + Files.readString(log));
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * What an ecs-local process needs to call this emulator instead of AWS: the endpoint override for every service,
     * fixed credentials and region, and no ~/.aws files (they point at files that do not exist) or instance metadata,
     * so that nothing of the machine's own AWS setup takes part. Added on top of the inherited environment, so a
     * service-specific AWS_ENDPOINT_URL_X there would still win: the test machines have none.
     */
    Map<String, String> environment() {
        return awsEnvironment(endpoint, home);
    }

    static Map<String, String> awsEnvironment(URI endpoint, Path home) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        environment.put("AWS_ACCESS_KEY_ID", "testing");
        environment.put("AWS_SECRET_ACCESS_KEY", "testing");
        environment.put("AWS_REGION", REGION.id());
        // Checksums only where an API requires them (the SDK's behaviour before 2.30): with the default (when_supported)
        // moto 5.1.1 stores an S3 upload's aws-chunked body, chunk signatures and trailing CRC32 included, as the content.
        environment.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        environment.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
        return environment;
    }

    /** Forgets everything seeded: every test starts from an empty account. */
    void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto refused POST /moto-api/reset: " + response.statusCode() + " " + response.body());
        }
    }

    /** @return the secret's ARN; its one version has the stage AWSCURRENT */
    String putSecret(String name, String secretString) {
        try (SecretsManagerClient secrets = SdkClients.secretsManager(endpoint)) {
            return secrets.createSecret(b -> b.name(name).secretString(secretString)).arn();
        }
    }

    /** Adds a version to a secret, with {@code stage} as its only stage (moto moves AWSCURRENT only when asked). */
    String putSecretVersion(String secretId, String secretString, String stage) {
        try (SecretsManagerClient secrets = SdkClients.secretsManager(endpoint)) {
            return secrets.putSecretValue(b -> b.secretId(secretId).secretString(secretString)
                    .clientRequestToken(UUID.randomUUID().toString()).versionStages(stage)).versionId();
        }
    }

    /** A String parameter, or a SecureString (under the default key, aws/ssm) when {@code secure}. */
    void putParameter(String name, String value, boolean secure) {
        try (SsmClient ssm = SdkClients.ssm(endpoint)) {
            ssm.putParameter(b -> b.name(name).value(value).type(secure ? ParameterType.SECURE_STRING : ParameterType.STRING)
                    .overwrite(true));
        }
    }

    /** Creates the bucket in {@link #REGION} when it does not exist, then the object. */
    void putObject(String bucket, String key, String content) {
        try (S3Client s3 = SdkClients.s3(endpoint)) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(REGION.id())));
            }
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
        }
    }

    /**
     * @param requestJson a RegisterTaskDefinition request as the ECS API takes it (the task definition, with
     *                    {@code tags} beside it), sent as it is: the SDK has no way to build a request from JSON
     * @return the new revision's ARN
     */
    String registerTaskDefinition(String requestJson) throws IOException, InterruptedException {
        // moto routes a request by the service in its signature's scope; it checks no signature.
        String date = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition")
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/" + date + "/" + REGION.id()
                        + "/ecs/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto refused RegisterTaskDefinition: " + response.statusCode() + " "
                    + response.body() + "\nrequest: " + requestJson);
        }
        JsonNode arn = JSON.readTree(response.body()).path("taskDefinition").path("taskDefinitionArn");
        if (!arn.isTextual()) {
            throw new IllegalStateException("moto's RegisterTaskDefinition answer has no taskDefinition.taskDefinitionArn: "
                    + response.body());
        }
        return arn.asText();
    }

    /** The private registry of moto's account, as an image name in a task definition spells it. */
    String ecrRegistryHost() {
        return ACCOUNT + ".dkr.ecr." + REGION.id() + ".amazonaws.com";
    }

    /** Stops moto (SIGTERM, then SIGKILL) and removes its directory. */
    @Override
    public void close() throws IOException {
        server.destroy();
        try {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(home)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "moto on " + endpoint + (server.isAlive() ? "" : " (exited)");
    }

    /**
     * SDK clients for the test itself, configured as {@link #awsEnvironment} configures ecs-local: the endpoint override,
     * fixed credentials, the region, checksums only where required, the JDK's HTTP client.
     */
    static final class SdkClients {
        private SdkClients() {
        }

        static SecretsManagerClient secretsManager(URI endpoint) {
            return SecretsManagerClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        static SsmClient ssm(URI endpoint) {
            return SsmClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        static EcrClient ecr(URI endpoint) {
            return EcrClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        /** Path style is not set: against 127.0.0.1 the SDK chooses it by itself, as it will for ecs-local. */
        static S3Client s3(URI endpoint) {
            return S3Client.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        static EcsClient ecs(URI endpoint) {
            return EcsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        static StsClient sts(URI endpoint) {
            return StsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials())
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }

        private static StaticCredentialsProvider credentials() {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        }
    }
}
