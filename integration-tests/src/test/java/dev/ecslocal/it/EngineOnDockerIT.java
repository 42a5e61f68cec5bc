package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.agent.ContainerSpecs;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The engine on the real daemon, through the docker-java adapter: one ECS behaviour per test, read from
 * the events the engine emitted. Images: the samples' busybox, built by scripts/setup.sh (no registry).
 */
class EngineOnDockerIT {
    private static final String IMAGE = "ecs-local-samples/busybox:latest";
    private static final String PAUSE = RunOptions.DEFAULT_PAUSE_IMAGE;
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();

    private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<ContainerLog> logs = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void the_samples_images_are_there() {
        for (String image : List.of(IMAGE, PAUSE)) {
            try {
                DOCKER.inspectImageCmd(image).exec();
            } catch (RuntimeException e) {
                fail(image + " is missing: run ./scripts/setup.sh first (it builds it from the local busybox)");
            }
        }
    }

    /** The task ids this test ran: only their containers and volumes are looked for (the daemon may be shared). */
    private final List<String> taskIds = new ArrayList<>();

    @AfterEach
    void nothing_is_left_behind() {
        List<Container> left = new ArrayList<>();
        List<String> leftVolumes = new ArrayList<>();
        for (String taskId : taskIds) {
            String label = RunIdentity.TASK_LABEL + "=" + taskId;
            left.addAll(DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec());
            var volumes = DOCKER.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
            if (volumes != null) {
                volumes.forEach(v -> leftVolumes.add(v.getName()));
            }
        }
        // Remove by label before asserting, so that one failure does not leave litter for the next test.
        left.forEach(c -> DOCKER.removeContainerCmd(c.getId()).withForce(true).exec());
        leftVolumes.forEach(name -> DOCKER.removeVolumeCmd(name).exec());
        assertThat(left).as("containers left behind by the run").isEmpty();
        assertThat(leftVolumes).as("volumes left behind by the run").isEmpty();
    }

    private TaskOutcome run(String singleQuotedJson) throws Exception {
        return run(singleQuotedJson, engine -> { });
    }

    /** Runs the task; {@code whileRunning} gets the engine once it is started, on the test's thread. */
    private TaskOutcome run(String singleQuotedJson, ThrowingConsumer<RunningTask> whileRunning) throws Exception {
        return run(singleQuotedJson, DockerJavaRuntime.connect(), whileRunning);
    }

    /** Through the library's entry point, as `ecs-local run` runs a task: the engine on this daemon. */
    private TaskOutcome run(String singleQuotedJson, ContainerRuntime runtime, ThrowingConsumer<RunningTask> whileRunning)
            throws Exception {
        TaskDefinitionFile task = EcsLocal.parse(singleQuotedJson.replace('\'', '"'), "taskdef.json");
        PreparedRun prepared = EcsLocal.prepare(task, RunOptions.defaults());
        taskIds.add(prepared.identity().taskId());
        try (RunningTask running = prepared.start(runtime, new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                events.add(event);
            }

            @Override
            public void log(ContainerLog line) {
                logs.add(line);
            }
        })) {
            whileRunning.accept(running);
            return running.awaitOutcome(Duration.ofMinutes(2));
        }
    }

    interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }

    private static String container(String name, String extra) {
        return "{'name':'" + name + "','image':'" + IMAGE + "','memory':32" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String task(String networkMode, String... containers) {
        return "{'family':'it','networkMode':'" + networkMode + "','containerDefinitions':[" + String.join(",", containers) + "]}";
    }

    private List<String> timeline() {
        synchronized (events) {
            List<String> lines = new ArrayList<>();
            for (TaskEvent event : events) {
                if (event instanceof TaskEvent.ContainerChanged c && (c.status() == ContainerStatus.RUNNING || c.status() == ContainerStatus.STOPPED)) {
                    lines.add(c.container() + " " + c.status() + (c.exitCode() == null ? "" : " " + c.exitCode()));
                } else if (event instanceof TaskEvent.HealthChanged h) {
                    lines.add(h.container() + " " + h.health());
                }
            }
            return lines;
        }
    }

    private Duration when(String container, ContainerStatus status) {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof TaskEvent.ContainerChanged c && c.container().equals(container)
                    && c.status() == status).findFirst().orElseThrow().t();
        }
    }

    @Test
    void a_SUCCESS_dependency_exiting_1_leaves_the_dependent_never_started_with_143() throws Exception {
        TaskOutcome outcome = run(task("bridge",
                container("init", "'essential':false,'command':['sh','-c','exit 1']"),
                container("app", "'command':['sh','-c','exit 0'],'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]")));
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        TaskOutcome.ContainerOutcome app = outcome.container("app").orElseThrow();
        assertThat(app.exitCode()).isEqualTo(143);
        assertThat(app.reason()).isEqualTo("CannotStartContainerError: dependency graph: failed to resolve container "
                + "ordering dependency [init] for target [app] as dependency did not exit successfully.");
        assertThat(timeline()).doesNotContain("app RUNNING");
    }

    @Test
    void an_essential_exit_stops_the_task_and_the_sidecar_gets_its_stop_signal() throws Exception {
        TaskOutcome outcome = run(task("bridge",
                container("app", "'command':['sh','-c','sleep 1; exit 0']"),
                container("sidecar", "'essential':false,'command':['sh','-c','trap \\'exit 143\\' TERM; while :; do sleep 1; done']")));
        assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.container("sidecar").orElseThrow().exitCode()).isEqualTo(143);
        assertThat(timeline()).containsSubsequence("app STOPPED 0", "sidecar STOPPED 143");
    }

    @Test
    void a_container_ignoring_SIGTERM_is_killed_after_its_stopTimeout() throws Exception {
        // A shell as PID 1 without a trap ignores SIGTERM: only SIGKILL ends it.
        TaskOutcome outcome = run(task("bridge",
                container("app", "'command':['sh','-c','sleep 1; exit 3']"),
                container("stubborn", "'essential':false,'stopTimeout':2,'command':['sh','-c','while :; do sleep 1; done']")));
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.container("stubborn").orElseThrow().exitCode()).isEqualTo(137);
        Duration grace = when("stubborn", ContainerStatus.STOPPED).minus(when("app", ContainerStatus.STOPPED));
        assertThat(grace).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(10));
    }

    @Test
    void HEALTHY_waits_for_Docker_to_report_the_dependency_healthy() throws Exception {
        TaskOutcome outcome = run(task("bridge",
                container("envoy", "'command':['sh','-c','trap \\'exit 0\\' TERM; touch /tmp/ready; while :; do sleep 1; done'],"
                        + "'healthCheck':{'command':['CMD-SHELL','test -f /tmp/ready'],'interval':5,'timeout':2,'retries':2}"),
                container("app", "'command':['sh','-c','exit 0'],'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        assertThat(timeline()).containsSubsequence("envoy RUNNING", "envoy HEALTHY", "app RUNNING", "app STOPPED 0", "envoy STOPPED 0");
        assertThat(outcome.container("envoy").orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void in_awsvpc_containers_reach_each_other_on_127_0_0_1() throws Exception {
        TaskOutcome outcome = run(task("awsvpc",
                container("server", "'stopTimeout':1,'command':['sh','-c','mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www']"),
                container("client", "'command':['sh','-c','for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://127.0.0.1:8080/ && exit 0; sleep 0.3; done; exit 1'],"
                        + "'dependsOn':[{'containerName':'server','condition':'START'}]")));
        assertThat(outcome.stoppedBy()).isEqualTo("client");
        assertThat(outcome.container("client").orElseThrow().exitCode()).as("the client reached the server on 127.0.0.1").isZero();
        assertThat(timeline()).containsSubsequence(DependencyGraph.NETWORK_PAUSE + " RUNNING", "server RUNNING", "client RUNNING",
                "client STOPPED 0", "server STOPPED 137", DependencyGraph.NETWORK_PAUSE + " STOPPED 0");
    }

    @Test
    void a_task_volume_written_by_an_init_container_is_read_read_only_by_the_app() throws Exception {
        TaskOutcome outcome = run("{'family':'it','volumes':[{'name':'shared'}],'containerDefinitions':["
                + container("secrets-init", "'essential':false,'command':['sh','-c','echo KEY=local > /shared/.env'],"
                + "'mountPoints':[{'sourceVolume':'shared','containerPath':'/shared'}]") + ","
                + container("app", "'command':['sh','-c','grep -qx KEY=local /shared/.env || exit 1; touch /shared/x 2>/dev/null && exit 2; exit 0'],"
                + "'mountPoints':[{'sourceVolume':'shared','containerPath':'/shared','readOnly':true}],"
                + "'dependsOn':[{'containerName':'secrets-init','condition':'SUCCESS'}]") + "]}");
        // 0: read what init wrote; 1 would be a missing file, 2 a writable read-only mount.
        assertThat(outcome.container("app").orElseThrow().exitCode()).isZero();
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void a_port_published_on_the_netns_holder_answers_on_127_0_0_1() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int published = port;
        String[] body = new String[1];
        TaskOutcome outcome = run(task("awsvpc",
                container("web", "'stopTimeout':1,'portMappings':[{'containerPort':" + published + "}],"
                        + "'command':['sh','-c','echo published > /www/index.html && exec httpd -f -p " + published + " -h /www']")),
                engine -> {
                    body[0] = fetch("http://127.0.0.1:" + published + "/", Duration.ofSeconds(30));
                    engine.stop();
                });
        assertThat(body[0]).isEqualTo("published\n");
        assertThat(outcome.stopCode()).isEqualTo(StopCode.UserInitiated);
    }

    /** GET with retries until it answers: the server is up once Docker has started it and httpd listens. */
    private static String fetch(String url, Duration patience) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void every_line_of_stdout_and_stderr_arrives_once_with_its_container_name() throws Exception {
        run(task("bridge", container("app", "'command':['sh','-c','echo one; echo two >&2; printf last']")));
        synchronized (logs) {
            assertThat(logs).extracting(ContainerLog::container, ContainerLog::stream, ContainerLog::text).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("app", ContainerLog.Stream.STDOUT, "one"),
                    org.assertj.core.groups.Tuple.tuple("app", ContainerLog.Stream.STDERR, "two"),
                    org.assertj.core.groups.Tuple.tuple("app", ContainerLog.Stream.STDOUT, "last"));
        }
    }

    @Test
    void in_bridge_mode_a_port_without_hostPort_gets_one_from_the_daemon_and_it_is_told() throws Exception {
        TaskOutcome outcome = run(task("bridge",
                container("web", "'stopTimeout':1,'portMappings':[{'containerPort':8080}],"
                        + "'command':['sh','-c','echo dynamic > /www/index.html && exec httpd -f -p 8080 -h /www']")),
                engine -> {
                    TaskEvent.PortsPublished ports = awaitEvent(TaskEvent.PortsPublished.class, Duration.ofSeconds(30));
                    assertThat(ports.ports()).hasSize(1);
                    var port = ports.ports().get(0);
                    assertThat(port.containerPort()).isEqualTo(8080);
                    assertThat(port.hostPort()).isPositive();
                    assertThat(fetch("http://127.0.0.1:" + port.hostPort() + "/", Duration.ofSeconds(30))).isEqualTo("dynamic\n");
                    engine.stop();
                });
        assertThat(outcome.stopCode()).isEqualTo(StopCode.UserInitiated);
    }

    @Test
    void linuxParameters_and_limits_reach_the_container() throws Exception {
        // init: PID 1 is Docker's init, so the shell is not PID 1; tmpfs is mounted; the root is read-only; nofile applies.
        TaskOutcome outcome = run(task("bridge", container("app", "'readonlyRootFilesystem':true,"
                + "'ulimits':[{'name':'nofile','softLimit':1111,'hardLimit':2222}],"
                + "'linuxParameters':{'initProcessEnabled':true,'tmpfs':[{'containerPath':'/scratch','size':8}]},"
                + "'command':['sh','-c','test $$ != 1 || exit 11; touch /scratch/x || exit 12; touch /x 2>/dev/null && exit 13; "
                + "test $(ulimit -n) = 1111 || exit 14; grep -q \\' /scratch \\' /proc/mounts || exit 15; exit 0']")));
        assertThat(outcome.container("app").orElseThrow().exitCode()).isZero();
    }

    @Test
    void in_none_mode_a_container_has_only_loopback_and_in_host_mode_the_host_network() throws Exception {
        TaskOutcome none = run(task("none", container("app", "'command':['sh','-c','test $(ls /sys/class/net) = lo']")));
        assertThat(none.container("app").orElseThrow().exitCode()).as("only lo in /sys/class/net").isZero();
        TaskOutcome host = run(task("host", container("app", "'command':['sh','-c','ls /sys/class/net | grep -qx docker0']")));
        assertThat(host.container("app").orElseThrow().exitCode()).as("the host's docker0 is visible").isZero();
    }

    @Test
    void an_empty_host_volume_is_a_named_volume_so_image_content_is_copied_in() throws Exception {
        // ECS-SEMANTICS §6.1, §12.13: unlike a bind mount, the first mount of a named volume over /bin copies
        // the image's /bin into it; a second container sees busybox there.
        TaskOutcome outcome = run("{'family':'it','volumes':[{'name':'tools'}],'containerDefinitions':["
                + container("first", "'essential':false,'command':['sh','-c','exit 0'],"
                + "'mountPoints':[{'sourceVolume':'tools','containerPath':'/bin'}]") + ","
                + container("second", "'command':['sh','-c','test -x /copied/busybox'],"
                + "'mountPoints':[{'sourceVolume':'tools','containerPath':'/copied'}],"
                + "'dependsOn':[{'containerName':'first','condition':'SUCCESS'}]") + "]}");
        assertThat(outcome.container("second").orElseThrow().exitCode()).isZero();
    }

    @Test
    void pidMode_task_lets_containers_see_each_other_processes() throws Exception {
        TaskOutcome outcome = run("{'family':'it','pidMode':'task','containerDefinitions':["
                + container("worker", "'essential':false,'command':['sh','-c','exec sleep 4242']") + ","
                + container("observer", "'command':['sh','-c','for i in 1 2 3 4 5 6 7 8 9 10; do ps | grep -q [s]leep.4242 && exit 0; sleep 0.3; done; exit 1'],"
                + "'dependsOn':[{'containerName':'worker','condition':'START'}]") + "]}");
        assertThat(outcome.container("observer").orElseThrow().exitCode()).as("observer saw worker's sleep").isZero();
        assertThat(timeline()).containsSubsequence(DependencyGraph.NAMESPACE_PAUSE + " RUNNING", "worker RUNNING",
                "observer RUNNING", "worker STOPPED 143", DependencyGraph.NAMESPACE_PAUSE + " STOPPED 0");
    }

    @Test
    void an_exit_while_the_events_stream_is_down_is_learned_when_it_comes_back() throws Exception {
        // docs/docker-notes.md: events missed while the stream is down are gone unless replayed (since) or reconciled (inspect).
        Path socket = Path.of(System.getProperty("java.io.tmpdir"), "ecs-local-it-" + UUID.randomUUID() + ".sock");
        try (UnixSocketProxy proxy = new UnixSocketProxy(socket, Path.of("/var/run/docker.sock"))) {
            TaskOutcome outcome = run(task("bridge", container("app", "'command':['sh','-c','sleep 3; exit 7']")),
                    DockerJavaRuntime.connect("unix://" + socket), engine -> {
                        awaitEvent(TaskEvent.TaskChanged.class, Duration.ofSeconds(30));
                        while (timeline().stream().noneMatch(line -> line.equals("app RUNNING"))) {
                            Thread.sleep(20);
                        }
                        proxy.down();
                        Thread.sleep(5000); // the app exits meanwhile, unseen
                        assertThat(timeline()).doesNotContain("app STOPPED 7");
                        proxy.up();
                    });
            assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
            assertThat(outcome.container("app").orElseThrow().exitCode()).isEqualTo(7);
            synchronized (events) {
                assertThat(events).anyMatch(e -> e instanceof TaskEvent.Progress p && p.message().startsWith("lost Docker's events stream"));
                assertThat(events).anyMatch(e -> e instanceof TaskEvent.Progress p && p.message().startsWith("Docker's events stream is back"));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(socket);
        }
    }

    @Test
    void lines_written_while_the_daemon_connection_is_down_arrive_once_it_is_back_and_only_once() throws Exception {
        Path socket = Path.of(System.getProperty("java.io.tmpdir"), "ecs-local-it-" + UUID.randomUUID() + ".sock");
        try (UnixSocketProxy proxy = new UnixSocketProxy(socket, Path.of("/var/run/docker.sock"))) {
            run(task("bridge", container("app", "'command':['sh','-c','for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i; sleep 0.5; done']")),
                    DockerJavaRuntime.connect("unix://" + socket), engine -> {
                        while (logs.stream().noneMatch(line -> line.text().equals("line 2"))) {
                            Thread.sleep(20);
                        }
                        proxy.down();
                        Thread.sleep(2500);
                        proxy.up();
                    });
            synchronized (logs) {
                assertThat(logs).extracting(ContainerLog::text).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5",
                        "line 6", "line 7", "line 8", "line 9", "line 10", "line 11", "line 12");
            }
        } finally {
            java.nio.file.Files.deleteIfExists(socket);
        }
    }

    private <T extends TaskEvent> T awaitEvent(Class<T> type, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (events) {
                for (TaskEvent event : events) {
                    if (type.isInstance(event)) {
                        return type.cast(event);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + patience + "; events: " + events);
    }
}
