package dev.ecslocal.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerConfigFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The credentials the Docker CLI would use to pull from a registry, found where it finds them: {@code config.json} in
 * {@code $DOCKER_CONFIG}, else {@code ~/.docker}. Docker's order (cli/config/configfile {@code GetAuthConfig}): the
 * helper that {@code credHelpers} names for the registry's key; else the {@code credsStore} helper (and then
 * {@code auths} is not read); else the {@code auths} entry. The key is the registry's host, and Docker Hub's is its
 * legacy {@code https://index.docker.io/v1/} ({@link Registry#configKey()}).
 *
 * <p>What docker-java 3.7 does itself, and why it is not enough (docs/docker-notes.md): its
 * {@code DefaultDockerClientConfig.effectiveAuthConfig} reads {@code auths} only (no {@code credsStore}, no
 * {@code credHelpers}), looks {@code docker.io/x} up under {@code docker.io} instead of Hub's legacy key, refuses
 * {@code index.docker.io/x}, and cannot say what it tried. So this class chooses the source and the key; the reading
 * and decoding of an {@code auths} entry ({@code auth} as base64 user:password, {@code identitytoken}, the exact key and
 * then the key's host name) is docker-java's {@link DockerConfigFile}, which does it as Docker does.
 *
 * <p>Credentials are never put in a message: {@link Lookup#tried()} names the source, never its content.
 */
final class RegistryCredentials {
    /** ECR's helper calls AWS; a desktop keychain may ask the user. Longer than that is a hung helper. */
    static final Duration HELPER_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path configDir;
    private final String searchPath;
    private final Duration helperTimeout;

    /**
     * @param configDir  the directory of config.json (Docker's {@code DOCKER_CONFIG})
     * @param searchPath the PATH on which credential helpers are found
     */
    RegistryCredentials(Path configDir, String searchPath, Duration helperTimeout) {
        this.configDir = configDir;
        this.searchPath = searchPath;
        this.helperTimeout = helperTimeout;
    }

    /** Where this process's Docker CLI would look: {@code $DOCKER_CONFIG}, else {@code ~/.docker}; the process's PATH. */
    static RegistryCredentials fromEnvironment() {
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        Path dir = dockerConfig != null && !dockerConfig.isBlank() ? Path.of(dockerConfig)
                : Path.of(System.getProperty("user.home"), ".docker");
        return new RegistryCredentials(dir, System.getenv("PATH"), HELPER_TIMEOUT);
    }

    /**
     * What to send for a pull from {@code registry}, and what that was, in words.
     *
     * @param tried for the user: {@code the auths entry "localhost:5000" in /home/a/.docker/config.json}
     * @param auth  what the daemon gets in X-Registry-Auth; null: nothing
     */
    record Lookup(String tried, AuthConfig auth) {
        @Override
        public String toString() {
            return tried; // never the credentials
        }
    }

    /** Fails (as a pull fails) when config.json cannot be read or its helper fails; "none found" is not a failure. */
    Lookup lookup(Registry registry) throws RuntimeFailure {
        Path file = configDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return new Lookup("no credentials (" + file + " does not exist)", null);
        }
        JsonNode config;
        try {
            config = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw unreadable(registry, file, "is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (config == null || !config.isObject()) {
            throw unreadable(registry, file, "is not a JSON object");
        }
        String key = registry.configKey();
        JsonNode helpers = config.path("credHelpers");
        if (helpers.path(key).isTextual() && !helpers.path(key).asText().isEmpty()) {
            return fromHelper(registry, helpers.path(key).asText(), "credHelpers[\"" + key + "\"] in " + file);
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            return fromHelper(registry, store, "credsStore in " + file);
        }
        return fromAuths(registry, file);
    }

    private Lookup fromHelper(Registry registry, String name, String namedBy) throws RuntimeFailure {
        CredentialHelper helper = new CredentialHelper(name, searchPath, helperTimeout);
        String source = "credential helper " + helper.program() + " (" + namedBy + ")";
        CredentialHelper.Answer answer;
        try {
            answer = helper.get(registry.configKey());
        } catch (CredentialHelper.CredentialHelperException e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "cannot get credentials for registry " + registry
                    + " from " + source + ": " + e.getMessage() + ". Install the helper or fix it, or remove it from the "
                    + "config and run `" + registry.loginCommand() + "`.");
        }
        if (answer == null) {
            return new Lookup("no credentials (" + source + " has none for " + registry.configKey() + ")", null);
        }
        AuthConfig auth = new AuthConfig().withRegistryAddress(registry.configKey());
        if (answer.identityToken()) {
            auth.withIdentityToken(answer.secret());
        } else {
            auth.withUsername(answer.username()).withPassword(answer.secret());
        }
        return new Lookup(source, auth);
    }

    private Lookup fromAuths(Registry registry, Path file) throws RuntimeFailure {
        AuthConfig entry;
        try {
            entry = DockerConfigFile.loadConfig(DockerClientConfig.getDefaultObjectMapper(), configDir.toString())
                    .resolveAuthConfig(registry.configKey());
        } catch (IOException | RuntimeException e) {
            // docker-java decodes every entry's "auth" as it loads; its message names no entry, and shows no secret.
            throw unreadable(registry, file, "has an auths entry whose \"auth\" is not base64 of user:password ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (entry == null) {
            return new Lookup("no credentials (" + file + " has none for " + registry.configKey()
                    + " in auths, and names no credsStore or credHelpers for it)", null);
        }
        String tried = "the auths entry \"" + entry.getRegistryAddress() + "\" in " + file;
        boolean empty = blank(entry.getUsername()) && blank(entry.getPassword()) && blank(entry.getIdentitytoken());
        if (empty) {
            return new Lookup("no credentials (" + tried + " is empty)", null);
        }
        return new Lookup(tried, entry);
    }

    private static RuntimeFailure unreadable(Registry registry, Path file, String what) {
        return new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "cannot read the credentials for registry " + registry
                + ": " + file + " " + what + ". Fix the file, or move it away and run `" + registry.loginCommand() + "`.");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
