package dev.ecslocal.cli;

import dev.ecslocal.simulator.plan.Plan;
import dev.ecslocal.simulator.plan.PlanJson;
import dev.ecslocal.simulator.plan.PlanText;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the order in which ECS would start and stop the task's containers, with every "
                + "dependency and its cause (dependsOn, or one ECS adds: FireLens, links, volumesFrom, awsvpc). No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned", "2:usage error, or the file cannot be read", "3:invalid task definition"})
final class PlanCommand implements Callable<Integer> {
    @Mixin
    TaskDefinitionOptions options;

    @Override
    public Integer call() throws Exception {
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        Plan plan = Plan.of(result.taskDefinition(), result.source().revision());
        if (options.json()) {
            JsonOutput.write(options.out(), PlanJson.of(plan));
            return ExitCodes.OK;
        }
        options.out().print(PlanText.render(plan));
        options.out().flush();
        // Warnings go to stderr, so that stdout is the plan alone.
        options.err().print(options.problemText(result).warnings(result.warnings()));
        options.err().flush();
        return ExitCodes.OK;
    }
}
