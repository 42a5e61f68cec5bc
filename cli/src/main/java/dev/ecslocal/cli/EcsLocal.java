package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RegisteredTaskDefinitions;
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
                "2:usage error: an unknown option, a bad option value, a missing argument (or a file given to an "
                        + "option that cannot be read or written)",
                "3:the task definition cannot be used: its file cannot be read, is not JSON or YAML or not a task definition, "
                        + "AWS does not give the registered one (--task-definition), or it is invalid (nothing was started)",
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

    /** Where {@code -} as FILE reads the task definition from. */
    private InputStream stdin = System.in;

    InputStream stdin() {
        return stdin;
    }

    /** Where --task-definition reads from: the user's AWS account, connected only when the flag is given. */
    private RegisteredTaskDefinitions registeredTaskDefinitions = RegisteredTaskDefinitions.ofUserAccount();

    RegisteredTaskDefinitions registeredTaskDefinitions() {
        return registeredTaskDefinitions;
    }

    static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /** @param stdin what {@code -} as FILE reads (tests give their own) */
    static CommandLine commandLine(InputStream stdin) {
        return commandLine(stdin, RegisteredTaskDefinitions.ofUserAccount());
    }

    /** @param registered where --task-definition reads (tests give a fake account) */
    static CommandLine commandLine(InputStream stdin, RegisteredTaskDefinitions registered) {
        EcsLocal root = new EcsLocal();
        root.stdin = stdin;
        root.registeredTaskDefinitions = registered;
        CommandLine commandLine = new CommandLine(root);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true); // --pull missing, --output json
        commandLine.setParameterExceptionHandler(EcsLocal::badUsage);
        commandLine.setExecutionExceptionHandler((error, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            // A file given to an option that cannot be read or written is the user's to fix, not a bug.
            boolean unreadable = error instanceof UnreadableFile || error instanceof UnwritableFile;
            String message = unreadable ? error.getMessage() : "internal error: " + error;
            String hint = unreadable ? null : "This is a bug in ecs-local: please report it with the output of --stacktrace.";
            int exitCode = unreadable ? ExitCodes.USAGE : ExitCodes.INTERNAL_ERROR;
            err.println("ecs-local: " + message);
            if (root.stacktrace) {
                error.printStackTrace(err);
            } else if (hint != null) {
                err.println(hint);
            }
            err.flush();
            if (outputsJson(cmd, parseResult.originalArgs())) {
                JsonOutput.write(cmd.getOut(), JsonOutput.CheckView.failure(fileArgument(parseResult), exitCode, message, hint));
            }
            return exitCode;
        });
        return commandLine;
    }

    /**
     * A command line picocli could not parse, or that a command refused: the message and the usage on stderr, as
     * picocli says them, and with {@code -o json} a JSON document on stdout as well. Exit code 2.
     */
    private static int badUsage(CommandLine.ParameterException error, String[] args) {
        CommandLine cmd = error.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(error.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(error, err)) {
            cmd.usage(err, cmd.getColorScheme());
        }
        err.flush();
        if (outputsJson(cmd, java.util.Arrays.asList(args))) {
            JsonOutput.write(cmd.getOut(), JsonOutput.CheckView.failure(fileArgument(cmd.getParseResult()), ExitCodes.USAGE,
                    error.getMessage(),
                    "See ecs-local " + cmd.getCommandName() + " --help."));
        }
        return ExitCodes.USAGE;
    }

    /** The command has the task definition's {@code -o/--output}, and the arguments ask it for json. */
    private static boolean outputsJson(CommandLine cmd, java.util.List<String> args) {
        CommandLine.Model.OptionSpec output = cmd.getCommandSpec().findOption("--output");
        return output != null && output.type() == TaskDefinitionOptions.Output.class && JsonOutput.requested(args);
    }

    /**
     * The FILE as messages name it, when the command line got as far as giving one (picocli stops at the first
     * argument it cannot take); else null.
     */
    private static String fileArgument(CommandLine.ParseResult parsed) {
        if (parsed == null) {
            return null;
        }
        CommandLine.ParseResult command = parsed;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        if (command.hasMatchedOption("--task-definition")) {
            return RegisteredTaskDefinitions.sourceName(command.matchedOptionValue("--task-definition", null));
        }
        if (!command.hasMatchedPositional(0)) {
            return null;
        }
        Object value = command.matchedPositional(0).getValue();
        String file = String.valueOf(value);
        return file.equals(TaskDefinitionOptions.STDIN) ? TaskDefinitionOptions.STDIN_NAME : file;
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
