package dev.ecslocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.api.RegisteredTaskDefinitions;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command in this JVM, as a user meets it: its exit code, what it wrote to stdout and to stderr. */
record CommandRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CommandRun of(String... args) {
        return of(InputStream.nullInputStream(), args);
    }

    static CommandRun of(InputStream stdin, String... args) {
        return of(stdin, RegisteredTaskDefinitions.ofUserAccount(), args);
    }

    /** @param registered where --task-definition reads: a fake account, in tests */
    static CommandRun of(RegisteredTaskDefinitions registered, String... args) {
        return of(InputStream.nullInputStream(), registered, args);
    }

    private static CommandRun of(InputStream stdin, RegisteredTaskDefinitions registered, String... args) {
        CommandLine commandLine = EcsLocal.commandLine(stdin, registered);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** Stdout as the one JSON document {@code -o json} promises. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON document:\n" + out + "\nstderr:\n" + err, e);
        }
    }
}
