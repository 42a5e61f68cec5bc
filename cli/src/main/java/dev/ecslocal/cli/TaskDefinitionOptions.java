package dev.ecslocal.cli;

import dev.ecslocal.simulator.parse.ReadOptions;
import dev.ecslocal.simulator.parse.TemplateParameters;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How every command names, reads and, when it is invalid, reports its task definition. */
final class TaskDefinitionOptions {
    enum Output { text, json }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Task definition: RegisterTaskDefinition JSON or YAML, describe-task-definition output, "
                    + "a CloudFormation template (JSON or YAML; CDK's and Copilot's too), terraform show -json output, "
                    + "or a Terraform container_definitions array.")
    Path file;

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
            description = "Family of the task definition (default: the file's, or for a Terraform array its file name).")
    String family;

    @Option(names = "--fargate", description = "Also apply the Fargate launch type's rules "
            + "(on by itself when requiresCompatibilities names FARGATE).")
    boolean fargate;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    Output output;

    TaskDefinitionCheck.Result check() throws UnreadableFile {
        ReadOptions read = readOptions();
        try {
            return new TaskDefinitionCheck().check(file, read, new ValidationOptions(fargate));
        } catch (IOException e) {
            throw new UnreadableFile(file, e);
        }
    }

    private ReadOptions readOptions() throws UnreadableFile {
        Map<String, String> values = new LinkedHashMap<>();
        if (parametersFile != null) {
            try {
                values.putAll(TemplateParameters.read(parametersFile));
            } catch (IOException e) {
                throw new UnreadableFile(parametersFile, e);
            }
        }
        values.putAll(parameters);
        Map<String, String> volumeBlocks = new LinkedHashMap<>();
        for (String volume : volumes) {
            int equals = volume.indexOf('=');
            volumeBlocks.put(equals < 0 ? volume : volume.substring(0, equals), equals < 0 ? "" : volume.substring(equals + 1));
        }
        return ReadOptions.family(family).withResource(resource).withParameters(values).withRegion(environmentRegion())
                .withTaskLevel(networkMode, cpu, memory, requiresCompatibilities, volumeBlocks);
    }

    /** The region the AWS CLI would use from the environment; a template's AWS::Region takes it unless --parameter says. */
    private static String environmentRegion() {
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
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

    ProblemText problemText(TaskDefinitionCheck.Result result) {
        EcsLocal root = (EcsLocal) command.root().userObject();
        return new ProblemText(file, result.source(), new Style(root.colour()));
    }

    /** Every problem of a file that cannot be used: JSON on stdout, or text on stderr. Returns the exit code. */
    int reportInvalid(TaskDefinitionCheck.Result result) {
        if (json()) {
            JsonOutput.write(out(), JsonOutput.CheckView.of(file.toString(), result));
        } else {
            err().print(problemText(result).invalid(result));
            err().flush();
        }
        return ExitCodes.INVALID_TASK_DEFINITION;
    }
}
