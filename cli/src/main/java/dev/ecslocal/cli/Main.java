package dev.ecslocal.cli;

import picocli.CommandLine;

/** Everything happens in {@link EcsLocal}; main only hands over the arguments and the exit status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(EcsLocal.commandLine().execute(args));
    }
}
