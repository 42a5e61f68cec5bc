package dev.ecslocal.simulator;

import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;

import java.nio.file.Path;
import java.util.List;

/** Shared by the tests: check a task definition given as text, and show its problems as one line each. */
public final class Fixtures {
    private Fixtures() {
    }

    public static TaskDefinitionCheck.Result check(String json) {
        return check(json, "taskdef.json", false);
    }

    public static TaskDefinitionCheck.Result check(String json, String fileName, boolean fargate) {
        return new TaskDefinitionCheck().check(json, Path.of(fileName), null, new ValidationOptions(fargate));
    }

    /** {@code ERROR containerDefinitions[1].name: message} for every problem, in file order. */
    public static List<String> problems(String json) {
        return lines(check(json).problems());
    }

    public static List<String> fargateProblems(String json) {
        return lines(check(json, "taskdef.json", true).problems());
    }

    public static List<String> lines(List<Problem> problems) {
        return problems.stream().map(p -> p.severity() + " " + p.path() + ": " + p.message()).toList();
    }

    /** The project's root, where samples/ is (set by the build; the working directory otherwise). */
    public static Path projectDir() {
        String dir = System.getProperty("ecslocal.project.dir");
        return dir == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(dir);
    }
}
