package dev.ecslocal.cli;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** How every command names and reads its task definition. */
final class TaskDefinitionOptions {
    enum Output { text, json }

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

    TaskDefinitionCheck.Result check() throws IOException {
        return new TaskDefinitionCheck().check(file, family, new ValidationOptions(fargate));
    }
}
