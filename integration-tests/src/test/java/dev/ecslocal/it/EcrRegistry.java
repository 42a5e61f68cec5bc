package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.ecslocal.it.AwsEmulator.SdkClients;
import org.testcontainers.DockerClientFactory;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * moto's account's private ECR registry, {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com}, on this machine:
 * Debian's docker-registry on 127.0.0.1:80 with one htpasswd user, AWS, whose password is the one moto's
 * ecr:GetAuthorizationToken gives (moto's token never changes), holding the sample busybox.
 * <p>
 * The registry's name is ECR's own, without a port, because ecs-local asks ECR for a token only for a name of ECR's
 * form; so /etc/hosts maps it to 127.0.0.1 while the fixture runs, and {@link #close()} puts the file back as it was.
 * Docker then reaches it over plain HTTP: it treats a registry whose name resolves into 127.0.0.0/8 as insecure (its
 * default insecure-registries), tries HTTPS on 443, finds nothing there and falls back to HTTP on 80.
 * Needs root (port 80, /etc/hosts), docker-registry and htpasswd, and a free port 80; skips the caller otherwise.
 */
final class EcrRegistry implements AutoCloseable {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    private static final Path HOSTS = Path.of("/etc/hosts");
    private static final String SOURCE = "ecs-local-samples/busybox:latest";

    private final Path home;
    private final String host;
    private final String token;
    private final String password;
    private final String hostsBefore;
    private final String image;
    private Process registry;

    private EcrRegistry(Path home, String host, String token, String hostsBefore) {
        this.home = home;
        this.host = host;
        this.token = token;
        this.password = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring("AWS:".length());
        this.hostsBefore = hostsBefore;
        this.image = host + "/ecs-local-it/aws-it-app:" + ProcessHandle.current().pid();
    }

    static EcrRegistry start(AwsEmulator aws) throws Exception {
        assumeTrue(Command.root() && Command.onPath("docker-registry") && Command.onPath("htpasswd") && port80Free(),
                "the ECR registry fixture needs root, docker-registry and htpasswd, and a free port 80 "
                        + "(apt-get install docker-registry apache2-utils)");
        String token;
        try (EcrClient ecr = SdkClients.ecr(aws.endpoint())) {
            token = ecr.getAuthorizationToken().authorizationData().get(0).authorizationToken();
        }
        EcrRegistry fixture = new EcrRegistry(Files.createTempDirectory("ecs-local-aws-it-ecr"), aws.ecrRegistryHost(), token,
                Files.readString(HOSTS));
        try {
            fixture.serve();
        } catch (Throwable e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    private void serve() throws Exception {
        Command htpasswd = Command.run(Duration.ofSeconds(30), "htpasswd", "-Bbn", "AWS", password);
        assertThat(htpasswd.succeeded()).as(htpasswd.toString()).isTrue();
        Files.writeString(home.resolve("htpasswd"), htpasswd.output());
        Files.writeString(home.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + home.resolve("data"),
                "http:",
                "  addr: 127.0.0.1:80",
                "auth:",
                "  htpasswd:",
                "    realm: ecs-local-aws-it",
                "    path: " + home.resolve("htpasswd"),
                ""));
        registry = new ProcessBuilder("docker-registry", "serve", home.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("registry.log").toFile()).start();
        Files.writeString(HOSTS, hostsBefore + (hostsBefore.endsWith("\n") ? "" : "\n") + "127.0.0.1 " + host
                + " # ecs-local AwsIT, removed when it ends\n");
        RegistryIT.awaitRegistry(registry, home.resolve("registry.log"), host); // by its ECR name: /etc/hosts as Docker reads it
        DOCKER.tagImageCmd(SOURCE, image.substring(0, image.lastIndexOf(':')), image.substring(image.lastIndexOf(':') + 1)).exec();
        try {
            AuthConfig auth = new AuthConfig().withUsername("AWS").withPassword(password).withRegistryAddress(host);
            DOCKER.pushImageCmd(image).withAuthConfig(auth).exec(new ResultCallback.Adapter<PushResponseItem>())
                    .awaitCompletion(2, TimeUnit.MINUTES);
        } finally {
            removeLocalCopy();
        }
    }

    /** The image pushed, named as an ECR image. */
    String image() {
        return image;
    }

    /** moto's token: base64 of {@code AWS:PASSWORD}. */
    String token() {
        return token;
    }

    String password() {
        return password;
    }

    /** moto's environment, and a Docker configuration without any login, so that Docker has none for ECR. */
    Map<String, String> environment(AwsEmulator aws) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(aws.environment());
        environment.put("DOCKER_CONFIG", Files.createDirectories(home.resolve("docker-config")).toString());
        return environment;
    }

    /** So that each run pulls: the tag only, the sample image keeps its own. */
    void removeLocalCopy() {
        try {
            DOCKER.removeImageCmd(image).withForce(false).exec();
        } catch (NotFoundException notThere) {
            // Nothing to remove.
        }
    }

    private static boolean port80Free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Stops the registry and puts /etc/hosts back as it was before {@link #start}. */
    @Override
    public void close() throws IOException {
        try {
            Files.writeString(HOSTS, hostsBefore);
        } finally {
            removeLocalCopy();
            if (registry != null) {
                registry.destroy();
                try {
                    if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                        registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    registry.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            try (var files = Files.walk(home)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
