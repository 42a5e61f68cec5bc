package dev.ecslocal.cli;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How every command names, reads and, when it is invalid, reports its task definition. */
final class TaskDefinitionOptions {
    enum Output { text, json }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Task definition: RegisterTaskDefinition JSON, describe-task-definition output, "
                    + "or a Terraform container_definitions array.")
    Path file;

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
        try {
            return new TaskDefinitionCheck().check(file, family, new ValidationOptions(fargate));
        } catch (IOException e) {
            throw new UnreadableFile(file, e);
        }
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
