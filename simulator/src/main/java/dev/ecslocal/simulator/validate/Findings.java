package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.parse.JsonPaths;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.problem.Suggestions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** Collects every problem the rules find; rules never stop at the first one. */
final class Findings {
    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    void error(String path, String message, String hint) {
        problems.add(Problem.error(path, null, message, hint));
    }

    void warning(String path, String message, String hint) {
        problems.add(Problem.warning(path, null, message, hint));
    }

    /** Runs {@code check} on every container with a scope that puts its problems under {@code containerDefinitions[i]}. */
    static void eachContainer(TaskDefinition task, Findings findings, BiConsumer<InContainer, ContainerDefinition> check) {
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            check.accept(findings.new InContainer(i, containers.get(i)), containers.get(i));
        }
    }

    /** Problems of one container: paths relative to it, its name attached. */
    final class InContainer {
        private final int index;
        private final ContainerDefinition container;

        private InContainer(int index, ContainerDefinition container) {
            this.index = index;
            this.container = container;
        }

        int index() {
            return index;
        }

        String path(String relative) {
            String base = JsonPaths.element("containerDefinitions", index);
            return relative.isEmpty() ? base : relative.startsWith("[") ? base + relative : base + "." + relative;
        }

        void error(String relativePath, String message, String hint) {
            problems.add(Problem.error(path(relativePath), container.name(), message, hint));
        }

        void warning(String relativePath, String message, String hint) {
            problems.add(Problem.warning(path(relativePath), container.name(), message, hint));
        }
    }

    /** {@code "x" does not match any container. Did you mean "y"?} plus the list of what exists. */
    static String unknownName(String kind, String name, Collection<String> known) {
        return "\"" + name + "\" does not match any " + kind + "."
                + Suggestions.closest(name, known).map(s -> " Did you mean \"" + s + "\"?").orElse("");
    }

    static String defined(String kinds, Collection<String> known) {
        return known.isEmpty() ? "No " + kinds + " are defined."
                : kinds.substring(0, 1).toUpperCase() + kinds.substring(1) + " defined: "
                + known.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")) + ".";
    }

    static List<String> containerNames(TaskDefinition task) {
        return task.containerDefinitions().stream().map(ContainerDefinition::name)
                .filter(n -> n != null && !n.isEmpty()).distinct().toList();
    }

    /** Where a rule reports an error: {@link Findings#error} for the task's fields, {@link InContainer#error} for a container's. */
    @FunctionalInterface
    interface Errors {
        void error(String path, String message, String hint);
    }

    /**
     * Reports {@code value} unless it is one of {@code allowed}: ECS's API takes an enum's values exactly, in their case
     * ({@code arm64} and {@code Linux} are refused), so the fix names the value to write. Absent values pass.
     */
    static void oneOf(Errors errors, String path, String value, List<String> allowed) {
        if (value == null || allowed.contains(value)) {
            return;
        }
        String expected = "\"" + value + "\" is not a valid value: expected one of " + String.join(", ", allowed);
        String cased = allowed.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst().orElse(null);
        String hint = cased != null ? "Write \"" + cased + "\": ECS's values are case-sensitive."
                : Suggestions.closest(value, allowed).map(s -> "Did you mean \"" + s + "\"?").orElse(null);
        errors.error(path, expected, hint);
    }

    /** Reports {@code value} unless it is within {@code min}–{@code max}; absent values pass. */
    static void within(Errors errors, String path, Integer value, int min, int max, String unit) {
        if (value != null && (value < min || value > max)) {
            errors.error(path, outside(path, value, min, max, unit), "ECS accepts " + min + " to " + max
                    + (unit.isEmpty() ? "" : " " + unit) + ".");
        }
    }

    static String outside(String field, long value, long min, long max, String unit) {
        return field + " " + value + " is outside " + min + "–" + max + (unit.isEmpty() ? "" : " " + unit);
    }
}
