package dev.ecslocal.bench;

import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Edge;
import dev.ecslocal.simulator.plan.Node;


import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What ecs-local itself adds to a task's timeline on a real daemon (issue 3's targets):
 * <ul>
 *   <li>orchestration overhead: from the moment a container's last dependency is met (the daemon's time of
 *   the die or health event, or the return of the dependency's start call) to ecs-local's start call for it
 *   (and, apart, to its create call: the start call also waits for the image check and Docker's create).
 *   Target: median at most 150 ms.</li>
 *   <li>stop latency: from an essential container's exit (the daemon's time of its die event) to the first
 *   stop call on the others. Target: median at most 50 ms.</li>
 * </ul>
 * Scenarios: the payments sample (the real thing, ~16 s a run), a chain of SUCCESS/START dependencies, and
 * an essential exit with two sidecars, each run several times. Prints every figure; asserts nothing.
 */
public final class EngineLatency {
    private static final String IMAGE = "ecs-local-samples/busybox:latest";

    private record Sample(String scenario, String container, Duration toCreate, Duration toStart) {
    }

    /** Each run's cost of its endpoints: from the run's first notice to the relay serving it. */
    private static final List<Duration> endpointStartup = new ArrayList<>();

    /** The payments sample's local secrets, as `run --secrets samples/payments/secrets.json` gives them. */
    private static Path paymentsSecrets;

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : ".");
        int paymentsRuns = Integer.parseInt(System.getenv().getOrDefault("PAYMENTS_RUNS", "3"));
        int quickRuns = Integer.parseInt(System.getenv().getOrDefault("QUICK_RUNS", "15"));
        DockerJavaRuntime docker = DockerJavaRuntime.connect();
        System.out.println("ecs-local engine latency on " + docker.description() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));

        String payments = Files.readString(project.resolve("samples/payments/taskdef.json"));
        paymentsSecrets = project.resolve("samples/payments/secrets.json");
        String chain = ("{'family':'bench-chain','containerDefinitions':["
                + "{'name':'init1','image':'IMG','memory':16,'essential':false,'command':['sh','-c','exit 0']},"
                + "{'name':'init2','image':'IMG','memory':16,'essential':false,'command':['sh','-c','exit 0'],"
                + "'dependsOn':[{'containerName':'init1','condition':'SUCCESS'}]},"
                + "{'name':'db','image':'IMG','memory':16,'essential':false,'command':['sh','-c','trap \\'exit 0\\' TERM; while :; do sleep 1; done'],"
                + "'dependsOn':[{'containerName':'init2','condition':'COMPLETE'}]},"
                + "{'name':'app','image':'IMG','memory':16,'command':['sh','-c','exit 0'],"
                + "'dependsOn':[{'containerName':'db','condition':'START'}]}]}").replace("IMG", IMAGE).replace('\'', '"');
        String exit = ("{'family':'bench-exit','containerDefinitions':["
                + "{'name':'app','image':'IMG','memory':16,'command':['sh','-c','sleep 1; exit 0']},"
                + "{'name':'sidecar1','image':'IMG','memory':16,'essential':false,'command':['sh','-c','trap \\'exit 0\\' TERM; while :; do sleep 1; done']},"
                + "{'name':'sidecar2','image':'IMG','memory':16,'essential':false,'command':['sh','-c','trap \\'exit 0\\' TERM; while :; do sleep 1; done']}]}")
                .replace("IMG", IMAGE).replace('\'', '"');

        List<Sample> overhead = new ArrayList<>();
        List<Duration> stopLatency = new ArrayList<>();
        List<Duration> stopLatencyFromExit = new ArrayList<>();
        for (int i = 0; i < paymentsRuns; i++) {
            run(docker, "payments", payments, overhead, stopLatency, stopLatencyFromExit, "app");
        }
        for (int i = 0; i < quickRuns; i++) {
            run(docker, "chain", chain, overhead, null, null, null);
            run(docker, "exit", exit, null, stopLatency, stopLatencyFromExit, "app");
        }

        System.out.println();
        System.out.println("Orchestration overhead: last dependency met -> ecs-local's call for the container");
        for (String scenario : List.of("payments", "chain")) {
            List<Sample> samples = overhead.stream().filter(s -> s.scenario().equals(scenario)).toList();
            print("  " + scenario + ", to the create call", samples.stream().map(Sample::toCreate).toList());
            print("  " + scenario + ", to the start call", samples.stream().map(Sample::toStart).toList());
        }
        List<Duration> allToStart = overhead.stream().map(Sample::toStart).toList();
        print("  all, to the start call (target <= 150 ms)", allToStart);
        System.out.println("  per container (median to the start call):");
        overhead.stream().map(s -> s.scenario() + "/" + s.container()).distinct().forEach(key -> {
            List<Duration> mine = overhead.stream().filter(s -> (s.scenario() + "/" + s.container()).equals(key))
                    .map(Sample::toStart).toList();
            System.out.printf(Locale.ROOT, "    %-28s %6.1f ms (n=%d)%n", key, median(mine), mine.size());
        });
        System.out.println();
        System.out.println("Stop latency: essential container's exit (daemon's die) -> first stop call on the others");
        print("  from the daemon's die event (target <= 50 ms)", stopLatency);
        print("  from the process's exit (State.FinishedAt)", stopLatencyFromExit);
        System.out.println();
        System.out.println("Endpoints' start-up: the run's first notice -> the relay serves it (network, relay container and exec;");
        System.out.println("each run here makes them, since the last run out removes them)");
        print("  per run", endpointStartup);
        System.out.printf(Locale.ROOT, "%nTargets: overhead median %.1f ms (<= 150: %s), stop latency median %.1f ms from the exit (<= 50: %s)%n",
                median(allToStart), median(allToStart) <= 150 ? "met" : "NOT met",
                median(stopLatencyFromExit), median(stopLatencyFromExit) <= 50 ? "met" : "NOT met");
    }

    private static void run(DockerJavaRuntime docker, String scenario, String json, List<Sample> overhead,
                            List<Duration> stopLatency, List<Duration> stopLatencyFromExit, String essential) throws Exception {
        TaskDefinitionFile task = EcsLocal.parse(json, scenario + ".json");
        TimedRuntime timed = new TimedRuntime(docker);
        DependencyGraph graph = DependencyGraph.of(task.definition());
        // As `ecs-local run` runs a FireLens task offline: the embedded stand-in, its records discarded.
        RunOptions options = RunOptions.defaults().withFirelens(FirelensMode.EMBEDDED);
        if (scenario.equals("payments")) {
            options = options.withSecretsFile(paymentsSecrets);
        }
        TaskOutcome outcome;
        List<TaskEvent.Noticed> notices = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RunningTask running = EcsLocal.prepare(task, options).start(timed, event -> {
            if (event instanceof TaskEvent.Noticed noticed) {
                notices.add(noticed);
            }
        })) {
            outcome = running.awaitOutcome(Duration.ofMinutes(3));
        }
        Duration starting = notices.stream().filter(n -> n.notice() instanceof Notice.RunStarting).map(TaskEvent.Noticed::t).findFirst()
                .orElse(null);
        notices.stream().filter(n -> n.notice() instanceof Notice.EndpointsServed).map(TaskEvent.Noticed::t).findFirst()
                .ifPresent(served -> endpointStartup.add(served.minus(starting)));
        System.out.printf(Locale.ROOT, "%-9s %s in %.2f s%n", scenario, outcome.stopCode(), outcome.duration().toMillis() / 1000.0);
        if (overhead != null) {
            for (Node node : graph.nodes()) {
                Instant met = dependenciesMet(graph, node, timed);
                TimedRuntime.Times t = timed.times.get(node.name());
                if (met != null && t != null && t.startCalled != null) {
                    overhead.add(new Sample(scenario, node.name(), Duration.between(met, t.createCalled),
                            Duration.between(met, t.startCalled)));
                }
            }
        }
        if (stopLatency != null) {
            TimedRuntime.Times exited = timed.of(essential);
            timed.times.entrySet().stream()
                    .filter(e -> !e.getKey().equals(essential) && !e.getKey().startsWith("~") && e.getValue().firstStopCalled != null)
                    .map(e -> e.getValue().firstStopCalled).min(Instant::compareTo)
                    .ifPresent(first -> {
                        stopLatency.add(Duration.between(exited.died, first));
                        stopLatencyFromExit.add(Duration.between(exited.finishedAt, first));
                    });
        }
    }

    /** When the last of the node's dependencies was met, by the engine's own rule for each condition; null if it has none. */
    private static Instant dependenciesMet(DependencyGraph graph, Node node, TimedRuntime timed) {
        Instant last = null;
        for (Edge edge : graph.dependenciesOf(node.name())) {
            TimedRuntime.Times dep = timed.times.get(edge.dependency());
            if (dep == null) {
                return null;
            }
            Instant met = switch (edge.gate()) {
                case START, RESOURCES_PROVISIONED -> dep.startReturned;
                case COMPLETE, SUCCESS -> dep.died;
                case HEALTHY -> dep.healthy;
                case CREATE -> dep.createReturned;
            };
            if (met == null) {
                return null;
            }
            last = last == null || met.isAfter(last) ? met : last;
        }
        return last;
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }

    private static double median(List<Duration> values) {
        List<Double> sorted = values.stream().map(EngineLatency::millis).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void print(String label, List<Duration> values) {
        List<Double> sorted = values.stream().map(EngineLatency::millis).sorted().toList();
        if (sorted.isEmpty()) {
            System.out.println(label + ": no samples");
            return;
        }
        double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        System.out.printf(Locale.ROOT, "%-50s median %6.1f ms   p90 %6.1f   min %6.1f   max %6.1f   (n=%d)%n", label,
                median(values), p90, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
