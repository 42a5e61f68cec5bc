package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.problem.Problem;

import java.util.List;

/**
 * Another tool's document (a CloudFormation resource, a terraform show resource) as the RegisterTaskDefinition request
 * ECS would get from it.
 *
 * @param definition the request; null when the document could not be converted (its problems say why)
 * @param sourceMap  the request's paths at the places in the user's file they came from
 * @param problems   what was said on the way: stand-ins, and errors when {@code definition} is null
 */
record Conversion(ObjectNode definition, SourceMap sourceMap, List<Problem> problems) {
    Conversion {
        problems = List.copyOf(problems);
    }

    static Conversion refused(List<Problem> problems) {
        return new Conversion(null, SourceMap.empty(), problems);
    }
}
