package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `ecs-local run` pulling from a private registry with the credentials Docker would use: a real registry (Debian's
 * docker-registry, distribution 2.8, with htpasswd auth) on 127.0.0.1, which Docker lets us reach over plain HTTP, holding
 * the sample busybox under a test name. Before each test the image is not on the daemon, so the run must pull it.
 * Skipped, saying why, without the docker-registry and htpasswd programs (.ci/run installs them).
 */
class RegistryIT {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    private static final String SOURCE = "ecs-local-samples/busybox:latest";
    private static final String USER = "ecslocal";
    private static final String PASSWORD = "registry-it-pw-7c1d";

    private static Path home;
    private static Process registry;
    private static String host;
    private static String image;

    @TempDir
    Path dir;

    private CliRunner runner;

    @BeforeAll
    static void a_private_registry_holds_the_image() throws Exception {
        assumeTrue(onPath("docker-registry") && onPath("htpasswd"), "docker-registry or htpasswd is not installed: "
                + "RegistryIT is skipped (apt-get install docker-registry apache2-utils runs it)");
        home = Files.createTempDirectory("ecs-local-registry-it");
        Files.writeString(home.resolve("htpasswd"), run("htpasswd", "-Bbn", USER, PASSWORD));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        image = host + "/ecs-local-it/registry-busybox:" + ProcessHandle.current().pid();
        Files.writeString(home.resolve("config.yml"), String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + home.resolve("data"),
                "http:",
                "  addr: " + host,
                "auth:",
                "  htpasswd:",
                "    realm: ecs-local-registry-it",
                "    path: " + home.resolve("htpasswd"),
                ""));
        registry = new ProcessBuilder("docker-registry", "serve", home.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("registry.log").toFile()).start();
        awaitRegistry(registry, home.resolve("registry.log"), host);

        DOCKER.tagImageCmd(SOURCE, image.substring(0, image.lastIndexOf(':')), image.substring(image.lastIndexOf(':') + 1)).exec();
        try {
            AuthConfig auth = new AuthConfig().withUsername(USER).withPassword(PASSWORD).withRegistryAddress(host);
            DOCKER.pushImageCmd(image).withAuthConfig(auth).exec(new ResultCallback.Adapter<PushResponseItem>())
                    .awaitCompletion(2, TimeUnit.MINUTES);
        } finally {
            removeLocalCopy();
        }
        assertThat(registryGet("/v2/ecs-local-it/registry-busybox/tags/list"))
                .as("the push reached the registry").contains(image.substring(image.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void stop_the_registry() throws Exception {
        if (image != null) {
            removeLocalCopy();
        }
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (home != null) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void the_image_is_not_on_the_daemon() {
        runner = new CliRunner(dir);
        removeLocalCopy();
    }

    @AfterEach
    void nothing_is_left_behind() throws Exception {
        removeLocalCopy();
        assertThat(Leftovers.ofRuns(runner)).as("left behind with the ecs-local labels").isEmpty();
    }

    @Test
    void an_auths_entry_in_DOCKER_CONFIG_lets_the_run_pull_the_private_image() throws Exception {
        Path config = dockerConfig("{\"auths\": {\"" + host + "\": {\"auth\": \"" + base64(USER + ":" + PASSWORD) + "\"}}}");
        Cli cli = run("auths", Map.of("DOCKER_CONFIG", config.toString()));
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("pulled from the private registry");
        assertThat(secretsShown(cli)).isEmpty();
    }

    @Test
    void the_credential_helper_that_credHelpers_names_is_asked_with_the_registry_on_stdin() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path asked = dir.resolve("helper-stdin");
        Path helper = bin.resolve("docker-credential-ecslocaltest");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\ncat > " + asked + "\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}\\n' \"$(cat "
                + asked + ")\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = dockerConfig("{\"credHelpers\": {\"" + host + "\": \"ecslocaltest\"}}");
        Cli cli = run("helper", Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin + File.pathSeparator + System.getenv("PATH")));
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        assertThat(Files.readString(asked)).isEqualTo(host);
        assertThat(cli.output()).contains("pulled from the private registry");
        assertThat(secretsShown(cli)).isEmpty();
    }

    @Test
    void wrong_credentials_fail_the_run_with_the_registry_what_was_sent_and_the_login_that_fixes_it() throws Exception {
        Path config = dockerConfig("{\"auths\": {\"" + host + "\": {\"auth\": \"" + base64(USER + ":not-" + PASSWORD) + "\"}}}");
        Cli cli = run("wrong", Map.of("DOCKER_CONFIG", config.toString()));
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("registry " + host + " refused the pull of " + image,
                "ecs-local sent the credentials from the auths entry \"" + host + "\" in " + config.resolve("config.json")
                        + ", which the registry did not accept",
                "Log in with `docker login " + host + "` and run again.");
        assertThat(cli.output()).as("no hint to build the image: the reason names its fix").doesNotContain("Build or load it locally");
        assertThat(secretsShown(cli)).isEmpty();
    }

    @Test
    void without_credentials_the_refusal_says_none_were_sent_and_where_they_were_looked_for() throws Exception {
        Path config = Files.createDirectories(dir.resolve("empty-docker-config"));
        Cli cli = run("none", Map.of("DOCKER_CONFIG", config.toString()));
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("registry " + host + " refused the pull of " + image,
                "ecs-local sent no credentials (" + config.resolve("config.json") + " does not exist)",
                "`docker login " + host + "`");
    }

    private Cli run(String name, Map<String, String> environment) throws IOException {
        Path taskDefinition = dir.resolve(name + ".json");
        Files.writeString(taskDefinition, ("{'family':'registry-it','containerDefinitions':[{'name':'app','image':'" + image
                + "','memory':32,'command':['echo','pulled from the private registry']}]}").replace('\'', '"'));
        return runner.start(name, environment, "run", taskDefinition.toString());
    }

    /** The password, or its base64 forms, wherever the run wrote: its output and its events. */
    private static List<String> secretsShown(Cli cli) throws IOException {
        String written = cli.output() + (Files.exists(cli.eventsFile()) ? Files.readString(cli.eventsFile()) : "");
        List<String> shown = new ArrayList<>();
        for (String secret : List.of(PASSWORD, base64(USER + ":" + PASSWORD), base64(PASSWORD))) {
            if (written.contains(secret)) {
                shown.add(secret);
            }
        }
        return shown;
    }

    private Path dockerConfig(String json) throws IOException {
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        Files.writeString(config.resolve("config.json"), json);
        return config;
    }

    private static void removeLocalCopy() {
        try {
            DOCKER.removeImageCmd(image).withForce(false).exec(); // the tag only: the sample image keeps its own
        } catch (NotFoundException e) {
            // Not there.
        }
    }

    /** Until docker-registry answers on {@code host} (401: its auth is on), or fails the test with its log. */
    static void awaitRegistry(Process registry, Path log, String host) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(registry.isAlive()).as("docker-registry exited: %s", Files.readString(log)).isTrue();
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + "/v2/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("docker-registry did not answer on " + host + ": " + Files.readString(log));
    }

    private static String registryGet(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + host + path).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Basic " + base64(USER + ":" + PASSWORD));
        try (var in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
