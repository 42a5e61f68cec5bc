package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Problem;

import java.util.List;

/**
 * What reading a file gave: the task definition when the file could be read as one (possibly with
 * errors in some fields, which were left absent), and every problem found on the way.
 *
 * @param source         null when the file could not be read as JSON at all
 * @param taskDefinition null when the file is not a task definition (malformed JSON, a template, another format)
 */
public record ReadResult(TaskDefinitionSource source, TaskDefinition taskDefinition, List<Problem> problems) {
    public ReadResult {
        problems = List.copyOf(problems);
    }
}
