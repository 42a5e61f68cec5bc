package dev.ecslocal.simulator.problem;

/**
 * How a message names a container: by its name, or, when it has none (ECS requires one, and that is a
 * problem of its own), by its place in containerDefinitions. Never "container 'null'".
 */
public final class ContainerLabel {
    private ContainerLabel() {
    }

    /** {@code "app"}, or {@code containerDefinitions[2] (no name)}. */
    public static String quoted(int index, String name) {
        return hasName(name) ? "\"" + name + "\"" : unnamed(index);
    }

    /**
     * {@code container 'app'} (with the quote given: ECS's own messages use single quotes), or
     * {@code containerDefinitions[2] (no name)}.
     */
    public static String container(int index, String name, char quote) {
        return hasName(name) ? "container " + quote + name + quote : unnamed(index);
    }

    /** {@code containerDefinitions[2] (no name)}. */
    public static String unnamed(int index) {
        return "containerDefinitions[" + index + "] (no name)";
    }

    private static boolean hasName(String name) {
        return name != null && !name.isEmpty();
    }
}
