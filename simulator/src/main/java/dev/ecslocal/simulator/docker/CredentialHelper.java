package dev.ecslocal.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of Docker's credential helpers ({@code credsStore}, {@code credHelpers}), run as the Docker CLI runs it
 * (docker-credential-helpers' {@code client.Get}): {@code docker-credential-NAME get}, the server address on stdin,
 * {@code {"ServerURL": …, "Username": …, "Secret": …}} on stdout; a failure is a non-zero exit with its reason on
 * stdout, and {@code credentials not found in native keychain} means "none", not an error.
 *
 * <p>Ours because docker-java 3.7 runs no helper at all (docs/docker-notes.md). The helper is looked up on the PATH
 * given, not the JVM's, so that what was searched can be said when it is missing. Nothing it answers is logged.
 */
final class CredentialHelper {
    /** What docker-credential-helpers print when they hold nothing for the address ({@code credentials.ErrCredentialsNotFound}). */
    static final String NOT_FOUND = "credentials not found in native keychain";
    /** A helper's Username that says its Secret is an identity token (Docker's {@code tokenUsername}). */
    static final String TOKEN_USERNAME = "<token>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String searchPath;
    private final Duration timeout;

    /**
     * @param name       the helper's suffix as config.json names it ({@code desktop}, {@code ecr-login})
     * @param searchPath the PATH to find {@code docker-credential-NAME} on
     */
    CredentialHelper(String name, String searchPath, Duration timeout) {
        this.name = name;
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    /** {@code docker-credential-ecr-login}. */
    String program() {
        return "docker-credential-" + name;
    }

    /** What the helper holds for {@code serverAddress}; null when it holds nothing. */
    Answer get(String serverAddress) throws CredentialHelperException {
        Path program = find();
        Process process;
        try {
            process = new ProcessBuilder(List.of(program.toString(), "get")).start();
        } catch (IOException e) {
            throw new CredentialHelperException(program + " could not be started: " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(serverAddress.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // It exited without reading its input: its exit code and output below say why.
        }
        int exit;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CredentialHelperException(program() + " did not answer within " + timeout.toSeconds() + " s");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CredentialHelperException(program() + " was interrupted");
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8).strip();
        if (exit != 0) {
            if (stdout.contains(NOT_FOUND)) {
                return null;
            }
            String said = stdout.isEmpty() ? new String(err.join(), StandardCharsets.UTF_8).strip() : stdout;
            throw new CredentialHelperException(program() + " get failed (exit " + exit + ")"
                    + (said.isEmpty() ? "" : ": " + shorten(said)));
        }
        return parse(stdout);
    }

    /** The helper's answer; never shown: {@link #toString()} says only who answered. */
    record Answer(String username, String secret) {
        boolean identityToken() {
            return TOKEN_USERNAME.equals(username);
        }

        @Override
        public String toString() {
            return "credentials (hidden)";
        }
    }

    private Answer parse(String stdout) throws CredentialHelperException {
        JsonNode answer;
        try {
            answer = JSON.readTree(stdout);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject() || !answer.path("Secret").isTextual()) {
            // Its output may be the secret itself: not repeated.
            throw new CredentialHelperException(program() + " get answered something other than "
                    + "{\"ServerURL\", \"Username\", \"Secret\"} JSON");
        }
        return new Answer(answer.path("Username").asText(""), answer.path("Secret").asText());
    }

    private Path find() throws CredentialHelperException {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CredentialHelperException(program() + " is not on the PATH (" + (searchPath.isEmpty() ? "PATH is empty"
                : "searched " + searchPath) + ")");
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    /** A helper that is missing, failed, hung or answered nonsense: the message says which and what it said. */
    static final class CredentialHelperException extends Exception {
        private static final long serialVersionUID = 1L;

        CredentialHelperException(String message) {
            super(message);
        }
    }
}
