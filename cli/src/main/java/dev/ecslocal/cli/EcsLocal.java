package dev.ecslocal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

@Command(name = "ecs-local",
        mixinStandardHelpOptions = true,
        versionProvider = EcsLocal.Version.class,
        description = "Runs an Amazon ECS task definition on the local Docker daemon with ECS's own semantics.",
        subcommands = {RunCommand.class, ValidateCommand.class, PlanCommand.class, TimelineCommand.class, PsCommand.class,
                StopCommand.class, KillCommand.class, DownCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the task ran and failed",
                "2:usage error, or the file cannot be read",
                "3:invalid task definition (nothing was started)",
                "4:Docker is not reachable",
                "70:internal error (a bug in ecs-local)",
                "130:interrupted (Ctrl-C, SIGTERM)"})
final class EcsLocal implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the Java stack trace of an unexpected error (for bug reports).")
    boolean stacktrace;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never colour the output (also: NO_COLOR).")
    boolean noColor;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: run, validate, plan, timeline, ps, stop, kill or down");
    }

    static CommandLine commandLine() {
        EcsLocal root = new EcsLocal();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true); // --pull missing, --output json
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            // A file that cannot be read or written is the user's to fix, not a bug.
            boolean unreadable = error instanceof UnreadableFile || error instanceof UnwritableFile;
            err.println("ecs-local: " + (unreadable ? error.getMessage() : "internal error: " + error));
            if (root.stacktrace) {
                error.printStackTrace(err);
            } else if (!unreadable) {
                err.println("This is a bug in ecs-local: please report it with the output of --stacktrace.");
            }
            err.flush();
            return unreadable ? ExitCodes.USAGE : ExitCodes.INTERNAL_ERROR;
        });
        return commandLine;
    }

    boolean colour() {
        return !noColor && System.getenv("NO_COLOR") == null && System.console() != null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = EcsLocal.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"ecs-local " + properties.getProperty("version", "unknown")};
        }
    }
}
