package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RegisteredTaskDefinitions;
import dev.ecslocal.simulator.api.TaskDefinitionReference;
import dev.ecslocal.simulator.api.TaskDefinitionUnavailableException;
import dev.ecslocal.simulator.parse.ReadOptions;
import dev.ecslocal.simulator.parse.TemplateParameters;
import dev.ecslocal.simulator.parse.Shape;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every command names, reads and, when it cannot be used, reports its task definition. Everything about the
 * task definition's file (it cannot be opened, is not text, not JSON, not a task definition, or is invalid) is
 * exit code 3, in text on stderr or, with {@code -o json}, as one JSON document on stdout.
 */
final class TaskDefinitionOptions {
    enum Output { text, json }

    /** The FILE that stands for standard input, as in most command-line tools. */
    static final String STDIN = "-";
    /** What messages call standard input, where they would name the file. */
    static final String STDIN_NAME = "<stdin>";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "FILE", arity = "0..1",
            description = "Task definition: RegisterTaskDefinition JSON or YAML, describe-task-definition output, "
                    + "a CloudFormation template (JSON or YAML; CDK's and Copilot's too), terraform show -json output, "
                    + "or a Terraform container_definitions array. - reads it from standard input. "
                    + "Give FILE or --task-definition.")
    Path file;

    @Option(names = "--task-definition", paramLabel = "FAMILY[:REVISION]|ARN", converter = ReferenceConverter.class,
            description = "Instead of FILE, a task definition registered in your AWS account: FAMILY (its latest ACTIVE "
                    + "revision), FAMILY:REVISION or its ARN. ecs-local calls AWS (ecs:DescribeTaskDefinition, tags "
                    + "included) with your AWS credentials, found as the AWS CLI finds them. Region: the ARN's, else "
                    + "--region, $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's, else us-east-1.")
    TaskDefinitionReference registered;

    /** A bad --task-definition is a command-line error, in the words of {@link TaskDefinitionReference#parse}. */
    static final class ReferenceConverter implements CommandLine.ITypeConverter<TaskDefinitionReference> {
        @Override
        public TaskDefinitionReference convert(String value) {
            try {
                return TaskDefinitionReference.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--resource", paramLabel = "ID",
            description = "The task definition to take from a CloudFormation template (its logical id) or from terraform "
                    + "show output (its address), when there are several.")
    String resource;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE",
            description = "A CloudFormation parameter's value (repeatable); also the pseudo parameters AWS::Region, "
                    + "AWS::AccountId, AWS::Partition, AWS::StackName, AWS::URLSuffix.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--parameters", paramLabel = "FILE",
            description = "CloudFormation parameter values from a file: Copilot's or CodePipeline's {\"Parameters\": {...}}, "
                    + "or the AWS CLI's [{\"ParameterKey\": ..., \"ParameterValue\": ...}]. --parameter wins per name.")
    Path parametersFile;

    @Option(names = "--network-mode", paramLabel = "MODE",
            description = "For a Terraform container_definitions array: the .tf's network_mode.")
    String networkMode;

    @Option(names = "--cpu", paramLabel = "UNITS", description = "For a Terraform array: the .tf's task cpu.")
    String cpu;

    @Option(names = "--memory", paramLabel = "MIB", description = "For a Terraform array: the .tf's task memory.")
    String memory;

    @Option(names = "--requires-compatibilities", paramLabel = "TYPE", split = ",",
            description = "For a Terraform array: the .tf's requires_compatibilities (EC2, FARGATE, EXTERNAL).")
    List<String> requiresCompatibilities = new ArrayList<>();

    @Option(names = "--volume", paramLabel = "NAME[=HOST_PATH]",
            description = "For a Terraform array: a volume block of the .tf, task-scoped, or with its host_path (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--family", paramLabel = "NAME",
            description = "Family of the task definition (default: the file's, or for a Terraform array its file name; "
                    + "a Terraform array from standard input needs it).")
    String family;

    @Option(names = "--fargate", description = "Also apply the Fargate launch type's rules "
            + "(on by itself when requiresCompatibilities names FARGATE).")
    boolean fargate;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json. With json, every failure is a JSON document on stdout too.")
    Output output;

    /** Why the file could not be read at all, once {@link #check} has found it so; else null. */
    private UnreadableFile unreadable;
    /** Why AWS did not give the registered task definition, once {@link #check} has found it so; else null. */
    private TaskDefinitionUnavailableException unavailable;
    /** The text read from standard input, for the excerpts under a problem; null for a file. */
    private String stdinText;

    boolean stdin() {
        return file != null && file.toString().equals(STDIN);
    }

    /** The task definition as messages name it: the file's path, {@code <stdin>}, or {@code ecs:DescribeTaskDefinition web:3}. */
    String name() {
        if (registered != null) {
            return RegisteredTaskDefinitions.sourceName(registered);
        }
        return stdin() ? STDIN_NAME : file.toString();
    }

    /** The region an ARN given to --task-definition names; null otherwise: a registered task runs there unless --region says. */
    /**
     * The region the task definition asks a run to take when --region does not: its template's AWS::Region
     * (--parameter), else the region of the ARN given to --task-definition; null when neither.
     */
    String taskRegion() {
        return parameters.containsKey("AWS::Region") ? parameters.get("AWS::Region") : registeredRegion();
    }

    String registeredRegion() {
        return registered == null ? null : registered.region();
    }

    /** The file, or null for standard input or a registered task definition. */
    Path path() {
        return stdin() || file == null ? null : file;
    }

    /**
     * Reads and checks the task definition. A file that cannot be read at all gives a result with that one problem
     * (and {@link #reportInvalid} says it in one line), so that every command reports it, and exits, the same way.
     */
    TaskDefinitionCheck.Result check() {
        ValidationOptions validation = new ValidationOptions(fargate);
        if (registered != null) {
            return checkRegistered(validation);
        }
        if (file == null) {
            throw new ParameterException(command.commandLine(), "Missing the task definition: give FILE (- for standard "
                    + "input), or --task-definition FAMILY[:REVISION]|ARN for one registered in your AWS account");
        }
        ReadOptions read = readOptions();
        try {
            if (!stdin()) {
                return new TaskDefinitionCheck().check(file, read, validation);
            }
            stdinText = TaskDefinitionCheck.text(root().stdin().readAllBytes());
            return familyForStdin(new TaskDefinitionCheck().check(stdinText, null, read, validation));
        } catch (IOException e) {
            unreadable = new UnreadableFile(name(), stdin() ? null : file, e);
            return new TaskDefinitionCheck.Result(null, null, List.of(Problem.error("", null, unreadable.getMessage(),
                    null)));
        }
    }

    /**
     * Reads the registered task definition through the account the command line was given (the user's, unless a test
     * says). What AWS does not give is exit 3, as a file that cannot be read: said by {@link #reportInvalid}.
     */
    private TaskDefinitionCheck.Result checkRegistered(ValidationOptions validation) {
        if (file != null) {
            throw new ParameterException(command.commandLine(), "Both FILE (" + file + ") and --task-definition "
                    + registered.asGiven() + " give a task definition: give one of them");
        }
        // What these say is how to read a file; a registered definition is read as ECS has it.
        Map<String, Boolean> fileOnly = new LinkedHashMap<>();
        fileOnly.put("--resource", resource != null);
        fileOnly.put("--parameter", !parameters.isEmpty());
        fileOnly.put("--parameters", parametersFile != null);
        fileOnly.put("--network-mode", networkMode != null);
        fileOnly.put("--cpu", cpu != null);
        fileOnly.put("--memory", memory != null);
        fileOnly.put("--requires-compatibilities", !requiresCompatibilities.isEmpty());
        fileOnly.put("--volume", !volumes.isEmpty());
        fileOnly.put("--family", family != null);
        List<String> given = fileOnly.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        if (!given.isEmpty()) {
            throw new ParameterException(command.commandLine(), String.join(", ", given) + (given.size() == 1 ? " tells" : " tell")
                    + " how to read a FILE, and "
                    + "--task-definition " + registered.asGiven() + " reads the definition as ECS has registered it: drop "
                    + (given.size() == 1 ? given.get(0) : "them"));
        }
        try {
            return root().registeredTaskDefinitions().check(registered, runRegion, validation);
        } catch (TaskDefinitionUnavailableException e) {
            unavailable = e;
            return new TaskDefinitionCheck.Result(null, null, List.of(Problem.error("", null, e.getMessage(), e.hint())));
        }
    }

    /** What the options say about the file; a --parameters file that cannot be read is a command-line error (exit 2). */
    private ReadOptions readOptions() {
        Map<String, String> values = new LinkedHashMap<>();
        if (parametersFile != null) {
            try {
                values.putAll(TemplateParameters.read(parametersFile));
            } catch (IOException e) {
                throw new ParameterException(command.commandLine(), new UnreadableFile(parametersFile.toString(),
                        parametersFile, e).getMessage().replaceFirst("^cannot read ", "--parameters: cannot read "));
            }
        }
        values.putAll(parameters);
        Map<String, String> volumeBlocks = new LinkedHashMap<>();
        for (String volume : volumes) {
            int equals = volume.indexOf('=');
            String name = equals < 0 ? volume : volume.substring(0, equals);
            String hostPath = equals < 0 ? "" : volume.substring(equals + 1);
            if (name.isBlank()) {
                throw new ParameterException(command.commandLine(), "--volume " + volume + ": give the volume's name, as the "
                        + ".tf's volume { name = … } does: --volume NAME or --volume NAME=/host/path");
            }
            if (equals >= 0 && !hostPath.startsWith("/")) {
                throw new ParameterException(command.commandLine(), "--volume " + volume + ": the host path must be absolute "
                        + "(ECS's host.sourcePath is), e.g. --volume " + name + "=/srv/" + name);
            }
            if (volumeBlocks.put(name, hostPath) != null) {
                throw new ParameterException(command.commandLine(), "--volume " + name + " is given twice: a task has one "
                        + "volume of each name");
            }
        }
        return ReadOptions.family(family).withResource(resource).withParameters(values).withRegion(runRegion)
                .withTaskLevel(networkMode, cpu, memory, requiresCompatibilities, volumeBlocks);
    }

    /**
     * {@code --region}: where --task-definition looks for a family, and the region a template's AWS::Region takes;
     * null: the environment's (the library reads it).
     */
    private String runRegion;

    void runRegion(String region) {
        runRegion = region;
    }

    /**
     * A Terraform array keeps its family in HCL, and ecs-local takes it from the file's name: standard input has
     * none, so it asks for --family where it would otherwise say the family is missing.
     */
    private TaskDefinitionCheck.Result familyForStdin(TaskDefinitionCheck.Result result) {
        if (family != null || result.source() == null || result.source().shape() != Shape.TERRAFORM) {
            return result;
        }
        List<Problem> problems = new ArrayList<>();
        problems.add(Problem.error("", null, "a Terraform container_definitions array read from " + STDIN_NAME
                        + " has no file name to take its family from",
                "Pass --family NAME (from a file, ecs-local takes the file's name: api.json gives api).")
                .at(new Location(1, 1)));
        result.problems().stream().filter(p -> !p.path().equals("family")).forEach(problems::add);
        return new TaskDefinitionCheck.Result(result.source(), result.taskDefinition(), problems);
    }

    boolean json() {
        return output == Output.json;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    private EcsLocal root() {
        return (EcsLocal) command.root().userObject();
    }

    ProblemText problemText(TaskDefinitionCheck.Result result) {
        return new ProblemText(name(), path(), stdinText, result, new Style(root().colour()));
    }

    /**
     * Every problem of a file that cannot be used: JSON on stdout, or text on stderr. Returns the exit code, which
     * is the same for every reason: a file that cannot be read is as unusable as one that is invalid.
     */
    int reportInvalid(TaskDefinitionCheck.Result result) {
        if (json()) {
            JsonOutput.write(out(), JsonOutput.CheckView.of(name(), result, ExitCodes.INVALID_TASK_DEFINITION));
        } else if (unavailable != null) {
            err().println("ecs-local: " + unavailable.getMessage() + "\n" + unavailable.hint());
            err().flush();
        } else if (unreadable != null) {
            err().println("ecs-local: " + unreadable.getMessage());
            err().flush();
        } else {
            err().print(problemText(result).invalid(result));
            err().flush();
        }
        return ExitCodes.INVALID_TASK_DEFINITION;
    }

    /**
     * A failure after the task definition was read (it cannot run here, Docker is not reachable, …): said on stderr,
     * and with {@code -o json} as a JSON document on stdout as well. Returns {@code exitCode}.
     */
    int fail(String message, String hint, int exitCode) {
        err().println("ecs-local: " + message + (hint == null ? "" : "\n" + hint));
        err().flush();
        if (json()) {
            JsonOutput.write(out(), JsonOutput.CheckView.failure(name(), exitCode, message, hint));
        }
        return exitCode;
    }
}
