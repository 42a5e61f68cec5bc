package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

import java.util.List;
import java.util.stream.Collectors;

/** A task definition ECS would refuse: every problem at once, each naming its place, what was found and the fix. */
public final class InvalidTaskDefinitionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient TaskDefinitionCheck.Result result;

    InvalidTaskDefinitionException(String source, TaskDefinitionCheck.Result result) {
        super(source + " is not a valid task definition (" + result.errors().size() + " problem"
                + (result.errors().size() == 1 ? "" : "s") + "):\n" + result.errors().stream()
                .map(problem -> "  " + problem).collect(Collectors.joining("\n")));
        this.result = result;
    }

    public List<Problem> problems() {
        return result.errors();
    }

    /** The whole check, for a front end that renders problems with their source lines. */
    public TaskDefinitionCheck.Result result() {
        return result;
    }
}
