package dev.ecslocal.cli;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task definition against ECS's own rules and list every problem at once. No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings may be listed)", "2:usage error, or the file cannot be read",
                "3:invalid task definition"})
final class ValidateCommand implements Callable<Integer> {
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
        if (options.output == TaskDefinitionOptions.Output.json) {
            JsonOutput.write(out, JsonOutput.CheckView.of(options.file.toString(), result));
            return result.isValid() ? ExitCodes.OK : ExitCodes.INVALID_TASK_DEFINITION;
        }
        Style style = new Style(root.colour());
        ProblemText text = new ProblemText(options.file, result.source(), style);
        if (!result.isValid()) {
            err.print(text.invalid(result));
            err.flush();
            return ExitCodes.INVALID_TASK_DEFINITION;
        }
        var task = result.taskDefinition();
        out.println(style.green(options.file + ": valid") + " (" + result.source().shape().description()
                + "; family " + task.family() + ", revision " + result.source().revision()
                + ", networkMode " + task.effectiveNetworkMode().ecsName() + ", "
                + ProblemText.count(task.containerDefinitions().size(), "container") + ")");
        out.print(text.warnings(result.warnings()));
        out.flush();
        return ExitCodes.OK;
    }
}
