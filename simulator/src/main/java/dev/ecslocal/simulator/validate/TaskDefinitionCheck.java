package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.parse.ReadOptions;
import dev.ecslocal.simulator.parse.ReadResult;
import dev.ecslocal.simulator.parse.Shape;
import dev.ecslocal.simulator.parse.TaskDefinitionReader;
import dev.ecslocal.simulator.parse.TaskDefinitionSource;
import dev.ecslocal.simulator.parse.TemplatePlaceholders;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read, then validate: the one way every command turns a file into a task definition it may act on.
 * Every problem of both stages is returned together, located in the file and tied to its container.
 */
public final class TaskDefinitionCheck {
    private static final Pattern CONTAINER_PATH = Pattern.compile("^containerDefinitions\\[(\\d+)]");
    private static final Pattern IMAGE_PATH = Pattern.compile("^containerDefinitions\\[(\\d+)]\\.image$");

    /** Problems read top to bottom, as the file does; those about the whole file come first. Stable. */
    private static final Comparator<Problem> IN_FILE_ORDER = Comparator.comparing(Problem::location,
            Comparator.nullsFirst(Comparator.comparingInt(Location::line).thenComparingInt(Location::column)));

    private final TaskDefinitionReader reader = new TaskDefinitionReader();
    private final TaskDefinitionValidator validator = new TaskDefinitionValidator();

    /** The outcome: {@link #taskDefinition} is present when the file is one, valid or not. */
    public record Result(TaskDefinitionSource source, TaskDefinition taskDefinition, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return taskDefinition != null && problems.stream().noneMatch(Problem::isError);
        }

        public List<Problem> errors() {
            return problems.stream().filter(Problem::isError).toList();
        }

        public List<Problem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }
    }

    /**
     * A task definition that goes through most of the reader and the rules: what {@link #prepare()} checks.
     * Its problems do not matter; the classes, deserializers, patterns and lambdas it sets up do.
     */
    private static final String WARM_UP = "{\"family\":\"warm-up\",\"networkMode\":\"awsvpc\",\"volumes\":[{\"name\":\"v\"}],"
            + "\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\",\"memory\":64,\"unknown\":1,"
            + "\"portMappings\":[{\"containerPort\":80}],\"mountPoints\":[{\"sourceVolume\":\"v\",\"containerPath\":\"/v\"}],"
            + "\"healthCheck\":{\"command\":[\"CMD\",\"true\"]},\"logConfiguration\":{\"logDriver\":\"awsfirelens\"},"
            + "\"dependsOn\":[{\"containerName\":\"b\",\"condition\":\"HEALTHY\"}]},"
            + "{\"name\":\"b\",\"image\":\"i\",\"memory\":64,\"firelensConfiguration\":{\"type\":\"fluentbit\"},"
            + "\"healthCheck\":{\"command\":[\"CMD\",\"true\"]}}]}";

    /**
     * Does ahead of need the one-time work of a first check: Jackson's deserializers for the model (its
     * largest part), the rules' patterns and lambdas. A command line calls it on a second thread while it
     * parses its arguments, which on a 2-core machine takes that work off the critical path of
     * {@code ecs-local validate} (bench/startup.sh measures it). Safe from any thread, any number of times.
     */
    public static void prepare() {
        new TaskDefinitionCheck().check(WARM_UP, null, null, ValidationOptions.DEFAULT);
    }

    /**
     * @param read what the user said about the file beyond its content (the family, the resource to take, parameters,
     *             an array's task level); null: nothing
     */
    public Result check(Path file, ReadOptions read, ValidationOptions options) throws IOException {
        return finish(reader.read(file, read), options);
    }

    public Result check(String text, Path file, ReadOptions read, ValidationOptions options) {
        return finish(reader.read(text, file, read), options);
    }

    /**
     * A definition registered in the user's account: the answer of ecs:DescribeTaskDefinition
     * ({@code {"taskDefinition": {…}, "tags": […]}}), its problems located by JSON path alone.
     */
    public Result checkRegistered(String response, ValidationOptions options) {
        return finish(reader.readRegistered(response), options);
    }

    /** The options that set a Terraform array's task level, by the field each sets. */
    private static final Map<String, String> TASK_LEVEL_OPTIONS = Map.of("volumes", "--volume",
            "cpu", "--cpu", "memory", "--memory", "networkMode", "--network-mode", "requiresCompatibilities",
            "--requires-compatibilities");

    /** A problem at an array's task level is in what an option said: the message names the option. */
    private static Problem fromOption(Problem problem) {
        String field = problem.path().split("[.\\[]", 2)[0];
        String option = TASK_LEVEL_OPTIONS.get(field);
        return option == null ? problem : new Problem(problem.severity(), problem.path(), problem.container(),
                option + ": " + problem.message(), problem.hint(), problem.location());
    }

    /**
     * The text of a task definition given as bytes, not as a file (standard input), read as a file is: UTF-8, with or
     * without its byte-order mark, or UTF-16 with one (what Windows PowerShell's {@code |} and {@code >} write).
     * The reader's own rules, for front ends that read the bytes themselves.
     *
     * @throws IOException in words a user can act on, when the bytes are neither
     */
    public static String text(byte[] bytes) throws IOException {
        return TaskDefinitionReader.text(bytes);
    }

    private Result finish(ReadResult read, ValidationOptions options) {
        if (read.taskDefinition() == null) {
            return new Result(read.source(), null, read.problems());
        }
        List<Problem> problems = new ArrayList<>(read.problems());
        // A field that could not be read was left absent; do not also report it as missing.
        Set<String> unreadable = new HashSet<>();
        read.problems().stream().filter(Problem::isError).forEach(p -> unreadable.add(p.path()));
        TaskDefinition task = read.taskDefinition();
        for (Problem problem : validator.validate(task, options)) {
            if (!unreadable.contains(problem.path()) && !isPlaceholderImage(problem.path(), task)) {
                problems.add(problem);
            }
        }
        TaskDefinitionSource source = read.source();
        List<Problem> finished = problems.stream()
                .map(p -> source.shape() == Shape.TERRAFORM ? fromOption(p) : p)
                .map(p -> p.container() != null ? p : withContainer(p, task))
                .map(p -> p.location() != null ? p : p.at(source.locate(p.path()).orElse(null)))
                .sorted(IN_FILE_ORDER)
                .toList();
        return new Result(source, task, finished);
    }

    /**
     * An image that is a template placeholder ({@code <IMAGE1_NAME>} in CodePipeline's taskdef.json) is not judged by
     * ECS's image rules: the reader's warning says so, and what run needs in its place ({@code --image}).
     */
    private static boolean isPlaceholderImage(String path, TaskDefinition task) {
        Matcher matcher = IMAGE_PATH.matcher(path);
        if (!matcher.matches()) {
            return false;
        }
        int index = Integer.parseInt(matcher.group(1));
        return index < task.containerDefinitions().size()
                && !TemplatePlaceholders.in(task.containerDefinitions().get(index).image()).isEmpty();
    }

    private static Problem withContainer(Problem problem, TaskDefinition task) {
        Matcher matcher = CONTAINER_PATH.matcher(problem.path());
        if (!matcher.find()) {
            return problem;
        }
        int index = Integer.parseInt(matcher.group(1));
        Optional<String> name = index < task.containerDefinitions().size()
                ? Optional.ofNullable(task.containerDefinitions().get(index).name()) : Optional.empty();
        return name.map(n -> new Problem(problem.severity(), problem.path(), n, problem.message(), problem.hint(),
                problem.location())).orElse(problem);
    }
}
