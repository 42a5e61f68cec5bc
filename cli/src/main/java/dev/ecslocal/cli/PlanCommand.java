package dev.ecslocal.cli;

import dev.ecslocal.simulator.plan.Plan;
import dev.ecslocal.simulator.plan.PlanJson;
import dev.ecslocal.simulator.plan.PlanText;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the order in which ECS would start and stop the task's containers, with every "
                + "dependency and its cause (dependsOn, or one ECS adds: FireLens, links, volumesFrom, awsvpc). No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned", "2:usage error, or the file cannot be read", "3:invalid task definition"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    EcsLocal root;

    @Mixin
    TaskDefinitionOptions options;

    @Override
    public Integer call() throws Exception {
        TaskDefinitionCheck.Result result = options.check();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Style style = new Style(root.colour());
        ProblemText text = new ProblemText(options.file, result.source(), style);
        if (!result.isValid()) {
            if (options.output == TaskDefinitionOptions.Output.json) {
                JsonOutput.write(out, JsonOutput.CheckView.of(options.file.toString(), result));
            } else {
                err.print(text.invalid(result));
                err.flush();
            }
            return ExitCodes.INVALID_TASK_DEFINITION;
        }
        Plan plan = Plan.of(result.taskDefinition(), result.source().revision());
        if (options.output == TaskDefinitionOptions.Output.json) {
            JsonOutput.write(out, PlanJson.of(plan));
        } else {
            out.print(PlanText.render(plan));
            out.flush();
            // Warnings go to stderr so that stdout is the plan alone.
            err.print(text.warnings(result.warnings()));
            err.flush();
        }
        return ExitCodes.OK;
    }
}
