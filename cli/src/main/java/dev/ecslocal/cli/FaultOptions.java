package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The faults to inject into a run, in the command line's words; the library checks them against the task. */
final class FaultOptions {
    @Option(names = "--kill", paramLabel = "NAME@WHEN[:SIGNAL]",
            description = "Inject a crash: signal the container (default SIGKILL) at WHEN: 5s (after the task started), "
                    + "running+2s or healthy+5s (after it became RUNNING or HEALTHY), e.g. --kill envoy@healthy+5s. "
                    + "Repeatable; what follows is ECS's (an essential container's exit stops the task).")
    List<String> kills = new ArrayList<>();

    @Option(names = "--stop", paramLabel = "NAME@WHEN",
            description = "Inject a graceful `docker stop` of the container at WHEN (its stop signal, SIGKILL after its "
                    + "stopTimeout). Repeatable.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--pause", paramLabel = "'NAME@WHEN[ for DURATION]'",
            description = "Freeze the container at WHEN (docker pause: every process stops, sockets stay open), for "
                    + "DURATION or until the task stops: a hung sidecar, e.g. --pause 'log-router@running+2s for 10s'. "
                    + "Repeatable.")
    List<String> pauses = new ArrayList<>();

    @Option(names = "--fail-health", paramLabel = "NAME@WHEN",
            description = "Make the container's health checks fail from WHEN on, without touching its image: it is created "
                    + "with its own check behind a switch (a file in its /tmp; the check needs /bin/sh), which ecs-local turns "
                    + "on at WHEN; Docker's probes then fail and, after its retries, it is UNHEALTHY. Repeatable.")
    List<String> failHealths = new ArrayList<>();

    RunOptions apply(RunOptions run) {
        Map<RunOptions.FaultSpec.Kind, List<String>> given = new LinkedHashMap<>();
        given.put(RunOptions.FaultSpec.Kind.KILL, kills);
        given.put(RunOptions.FaultSpec.Kind.STOP, stops);
        given.put(RunOptions.FaultSpec.Kind.PAUSE, pauses);
        given.put(RunOptions.FaultSpec.Kind.FAIL_HEALTH, failHealths);
        RunOptions applied = run;
        for (Map.Entry<RunOptions.FaultSpec.Kind, List<String>> kind : given.entrySet()) {
            for (String text : kind.getValue()) {
                applied = applied.withFault(new RunOptions.FaultSpec(kind.getKey(), text));
            }
        }
        return applied;
    }
}
