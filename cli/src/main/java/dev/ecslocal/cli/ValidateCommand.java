package dev.ecslocal.cli;

import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task definition against ECS's own rules and list every problem at once. No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings may be listed)",
                "2:usage error: an unknown option, a bad option value, a missing argument",
                "3:the task definition cannot be used: the file cannot be read, is not JSON or not a task definition, AWS "
                        + "does not give the registered one (--task-definition), "
                        + "or is invalid"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    TaskDefinitionOptions options;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Where --task-definition looks for a family (an ARN names its own region), and a template's "
                    + "AWS::Region. Default: $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's region, else us-east-1.")
    String region;

    @Override
    public Integer call() throws Exception {
        options.runRegion(region);
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
