package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Problem;

import java.nio.file.Path;
import java.util.List;

/**
 * A task definition read and checked against ECS's rules, ready to run.
 *
 * @param revision the file's revision, or 1 when it says none
 * @param path     where it was read from; null when it was given as text
 * @param warnings what ECS would accept but a user should know (never errors: those make no TaskDefinitionFile)
 * @param registeredArn its ARN when it is a registered definition (read with DescribeTaskDefinition, or its output in a
 *                 file); null otherwise
 */
public record TaskDefinitionFile(TaskDefinition definition, int revision, Path path, List<Problem> warnings, String registeredArn) {
    public TaskDefinitionFile {
        warnings = List.copyOf(warnings);
    }

    /** One never registered. */
    public TaskDefinitionFile(TaskDefinition definition, int revision, Path path, List<Problem> warnings) {
        this(definition, revision, path, warnings, null);
    }

    public String family() {
        return definition.family();
    }
}
