package dev.ecslocal.cli;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task definition against ECS's own rules and list every problem at once. No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings may be listed)",
                "2:usage error: an unknown option, a bad option value, a missing argument",
                "3:the task definition cannot be used: the file cannot be read, is not JSON or not a task definition, "
                        + "or is invalid"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    TaskDefinitionOptions options;

    @Override
    public Integer call() throws Exception {
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        PrintWriter out = options.out();
        if (options.json()) {
            JsonOutput.write(out, JsonOutput.CheckView.of(options.name(), result, ExitCodes.OK));
            return ExitCodes.OK;
        }
        ProblemText text = options.problemText(result);
        TaskDefinition task = result.taskDefinition();
        out.println(text.style().green(options.name() + ": valid") + " (" + result.source().shape().description()
                + "; family " + task.family() + ", revision " + result.source().revision()
                + ", networkMode " + task.effectiveNetworkMode().ecsName() + ", "
                + ProblemText.count(task.containerDefinitions().size(), "container") + ")");
        out.print(text.warnings(result.warnings()));
        out.flush();
        return ExitCodes.OK;
    }
}
