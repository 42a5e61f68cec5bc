package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.problem.Location;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a task definition came from and how it was written: the file, its shape, the revision that
 * describe-task-definition output carries (1 when the file has none: ECS numbers the first registration 1),
 * and where each of its paths stands in the file.
 *
 * @param registeredArn the {@code taskDefinitionArn} a registered definition (or describe-task-definition output) carries;
 *                      null for one never registered
 */
public record TaskDefinitionSource(Path file, Shape shape, int revision, SourceMap sourceMap, String registeredArn) {

    public static final int FIRST_REVISION = 1;

    /** The path as it appears in the file (a Terraform array has no {@code containerDefinitions} key). */
    public String documentPath(String taskDefinitionPath) {
        return shape.documentPath(taskDefinitionPath);
    }

    public Optional<Location> locate(String taskDefinitionPath) {
        return sourceMap.locate(documentPath(taskDefinitionPath));
    }
}
