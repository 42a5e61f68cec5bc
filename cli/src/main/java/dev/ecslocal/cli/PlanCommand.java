package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.plan.Plan;
import dev.ecslocal.simulator.plan.PlanGraph;
import dev.ecslocal.simulator.plan.PlanJson;
import dev.ecslocal.simulator.plan.PlanText;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the order in which ECS would start and stop the task's containers, with every "
                + "dependency and its cause (dependsOn, or one ECS adds: FireLens, links, volumesFrom, awsvpc). No Docker needed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned", "2:usage error: an unknown option, a bad option value, a missing argument (or "
                + "--firelens-config for a task without a FireLens router)",
                "3:the task definition cannot be used: the file cannot be read, is not JSON or not a task definition, AWS "
                        + "does not give the registered one (--task-definition), "
                        + "or is invalid"})
final class PlanCommand implements Callable<Integer> {
    /** Stands for the run's task id, which a plan does not have. */
    static final String TASK_ID_PLACEHOLDER = "<task-id>";

    @Mixin
    TaskDefinitionOptions options;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Where --task-definition looks for a family (an ARN names its own region), and a template's "
                    + "AWS::Region. Default: $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's region, else us-east-1.")
    String region;

    @Option(names = "--firelens-config", description = "Print the configuration ECS would generate for the task's FireLens "
            + "log router (Fluent Bit or Fluentd), instead of the plan.")
    boolean firelensConfig;

    @Option(names = "--graph", paramLabel = "FORMAT", description = "Draw the dependency graph instead, as dot (Graphviz: "
            + "`| dot -Tsvg > plan.svg`) or mermaid (Markdown on GitHub renders it): conditions on the arrows, the edges ECS "
            + "adds dashed with their cause, essential containers with a heavy border.")
    PlanGraph.Format graph;

    @Override
    public Integer call() throws Exception {
        options.runRegion(region);
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        if (firelensConfig) {
            return printFirelensConfig(result);
        }
        Plan plan = Plan.of(result.taskDefinition(), result.source().revision());
        if (graph != null) {
            options.out().print(PlanGraph.render(plan, graph));
            options.out().flush();
            return ExitCodes.OK;
        }
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

    private int printFirelensConfig(TaskDefinitionCheck.Result result) {
        // The task ARN the router's records carry is in the region a run would take, as a run's is.
        RunIdentity run = RunIdentity.of(result.taskDefinition().family(), result.source().revision(), TASK_ID_PLACEHOLDER,
                EcsLocal.region(region != null ? region : options.taskRegion(), result.source().registeredArn()),
                result.taskDefinition().requiresFargate(),
                result.source().registeredArn());
        Optional<FirelensConfig> config = FirelensConfig.of(result.taskDefinition(), run.revision(), RunIdentity.CLUSTER,
                run.taskArn());
        if (config.isEmpty()) {
            return options.fail("--firelens-config: " + options.name() + " has no FireLens log router "
                    + "(no container has firelensConfiguration)", null, ExitCodes.USAGE);
        }
        FirelensConfig firelens = config.get();
        if (options.json()) {
            JsonOutput.write(options.out(), firelens);
            return ExitCodes.OK;
        }
        // Comments, which both Fluent Bit and Fluentd skip: the file below them is the one ECS would write.
        options.out().println("# FireLens configuration ECS would generate for " + firelens.router() + " ("
                + firelens.type().name().toLowerCase(java.util.Locale.ROOT) + "), mounted at " + firelens.configPath() + ".");
        options.out().println("# " + TASK_ID_PLACEHOLDER + " stands for the run's task id; outputs follow the task definition's "
                + "order (ECS writes them in random order).");
        options.out().print(firelens.text());
        options.out().flush();
        return ExitCodes.OK;
    }
}
