package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a task definition against ECS's own rules (ECS-SEMANTICS §10, §1.2) and returns every
 * problem at once. Errors are what ECS would refuse, at registration or when the task is admitted;
 * warnings are what the user should know.
 */
public final class TaskDefinitionValidator {
    private static final List<Rule> RULES = List.of(
            new TaskRules(),
            new ContainerRules(),
            new NetworkRules(),
            new VolumeRules(),
            new DependencyRules(),
            new FirelensRules());

    public List<Problem> validate(TaskDefinition task, ValidationOptions options) {
        Findings findings = new Findings();
        for (Rule rule : RULES) {
            rule.check(task, findings);
        }
        Rule launchType = options.fargate() || task.requiresFargate() ? new FargateRules() : new Ec2Rules();
        launchType.check(task, findings);
        return new ArrayList<>(findings.problems());
    }
}
