package dev.ecslocal.simulator.problem;

import java.util.Objects;

/**
 * One thing wrong with a task definition, said so that the user can act on it: where (the JSON path
 * in ECS's field names, the container, the line in the file), what is wrong and what was found
 * ({@link #message}), and what to do next ({@link #hint}, may be null).
 *
 * @param path      JSON path relative to the task definition, e.g. {@code containerDefinitions[1].dependsOn[0].containerName};
 *                  empty for the document as a whole
 * @param container name of the container the problem is in, or null
 * @param location  where {@link #path} is in the file, or null when unknown
 */
public record Problem(Severity severity, String path, String container, String message, String hint, Location location) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        path = Objects.requireNonNullElse(path, "");
    }

    public static Problem error(String path, String container, String message, String hint) {
        return new Problem(Severity.ERROR, path, container, message, hint, null);
    }

    public static Problem warning(String path, String container, String message, String hint) {
        return new Problem(Severity.WARNING, path, container, message, hint, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public Problem at(Location newLocation) {
        return new Problem(severity, path, container, message, hint, newLocation);
    }

    /** One line, for logs and test failure messages: {@code ERROR containerDefinitions[0].name: message}. */
    @Override
    public String toString() {
        return severity + " " + (path.isEmpty() ? "" : path + ": ") + message + (hint == null ? "" : " (" + hint + ")");
    }
}
