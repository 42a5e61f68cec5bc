package dev.ecslocal.simulator.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.report.TaskReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole of a run as the library assembles it, on the fake runtime and a manual clock: what it checks before
 * Docker, what it decides about FireLens and the endpoints (and says), the containers it starts, and what it leaves.
 */
class TaskLaunchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTER_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";
    private static final String FIRELENS_TASK = ("{'family':'shop','networkMode':'awsvpc','containerDefinitions':["
            + "{'name':'router','image':'" + ROUTER_IMAGE + "','memory':64,'essential':true,"
            + "'firelensConfiguration':{'type':'fluentbit'}},"
            + "{'name':'app','image':'app:1','memory':64,'portMappings':[{'containerPort':8080}],"
            + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog','apikey':'k'}}},"
            + "{'name':'worker','image':'worker:1','memory':64,'essential':false,"
            + "'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'/shop','awslogs-region':'eu-west-1',"
            + "'awslogs-stream-prefix':'shop'}}}]}").replace('\'', '"');

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<dev.ecslocal.simulator.event.RoutedRecord> routed = Collections.synchronizedList(new ArrayList<>());
    private final List<dev.ecslocal.simulator.event.ContainerLog> lines = Collections.synchronizedList(new ArrayList<>());

    /** The run's events, lines and routed records, each kept: what every launch in this class hears. */
    private final dev.ecslocal.simulator.event.TaskListener everything = new dev.ecslocal.simulator.event.TaskListener() {
        @Override
        public void event(TaskEvent event) {
            events.add(event);
        }

        @Override
        public void log(dev.ecslocal.simulator.event.ContainerLog line) {
            lines.add(line);
        }

        @Override
        public void routed(dev.ecslocal.simulator.event.RoutedRecord record) {
            routed.add(record);
        }
    };
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningTask running;

    TaskLaunchTest() {
        runtime.withBridgeGateway("127.0.0.1"); // the receivers the run opens for the task listen where tests can bind
    }

    @AfterEach
    void theRunEnds() {
        if (running != null && !running.outcome().isDone()) {
            running.kill();
            drive(Duration.ofMinutes(1));
        }
    }

    private RunningTask launch(String json, RunOptions options) throws Exception {
        TaskLaunch launch = TaskLaunch.prepare(EcsLocal.parse(json, "taskdef.json"), options);
        running = launch.start(runtime, everything, new Clockwork(loop::add, Runnable::run, scheduler, () -> { }));
        drive(Duration.ZERO);
        return running;
    }

    /** Runs the engine's loop and moves the clock by {@code duration}, firing the timers due on the way. */
    private void drive(Duration duration) {
        scheduler.run(loop, duration);
    }

    private List<Notice> notices() {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof TaskEvent.Noticed).map(e -> ((TaskEvent.Noticed) e).notice()).toList();
        }
    }

    private static RunOptions offline() {
        return RunOptions.defaults().withEndpoints("127.0.0.1", 0).withUserEnvironment(java.util.Map.of(), java.nio.file.Path.of("/nonexistent"));
    }

    @Test
    void the_endpoints_start_on_a_worker_and_what_they_say_still_follows_FireLens() throws Exception {
        runtime.withoutImage(ROUTER_IMAGE);
        runtime.script("app").exits(0, Duration.ofSeconds(5));
        // Each worker's job runs to its end on a thread of its own before the set-up goes on: the endpoints are made
        // (and speak) before FireLens's receiver, the worst order for what the run says.
        List<Integer> noticesBeforeEachJob = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.Executor finishedFirst = job -> {
            noticesBeforeEachJob.add(notices().size());
            Thread worker = new Thread(job, "worker");
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        TaskLaunch launch = TaskLaunch.prepare(EcsLocal.parse(FIRELENS_TASK, "taskdef.json"), offline());
        running = launch.start(runtime, everything, new Clockwork(loop::add, finishedFirst, scheduler, () -> { }));
        drive(Duration.ZERO);

        assertThat(noticesBeforeEachJob).as("the first worker's job (the endpoints) began before FireLens's receiver was made")
                .first().isEqualTo(1);
        assertThat(notices()).extracting(Notice::getClass).containsExactly(Notice.RunStarting.class, Notice.FirelensStandIn.class,
                Notice.EndpointsServed.class, Notice.LogDestination.class);
        drive(Duration.ofSeconds(10));
        assertThat(running.outcome().join().stopCode()).isEqualTo(StopCode.EssentialContainerExited);
    }

    @Test
    void a_run_says_its_decisions_before_the_first_container_and_starts_them_in_ECS_order() throws Exception {
        runtime.withoutImage(ROUTER_IMAGE);
        runtime.script("app").exits(0, Duration.ofSeconds(5));
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(10));

        assertThat(notices()).extracting(Notice::getClass).containsExactly(Notice.RunStarting.class, Notice.FirelensStandIn.class,
                Notice.EndpointsServed.class, Notice.LogDestination.class);
        assertThat(notices().get(1).text()).contains("because its image " + ROUTER_IMAGE + " is not on this machine");
        assertThat(((Notice.LogDestination) notices().get(3)).container()).isEqualTo("worker");
        assertThat(runtime.calls()).as("the stand-in's route is proven before any of the task's containers starts")
                .filteredOn(call -> call.startsWith("start ")).containsExactly(
                "start ~firelens-probe", "start ~internal~ecs~pause", "start router", "start worker", "start app");
        assertThat(runtime.calls()).contains("remove ~firelens-probe");
        TaskOutcome outcome = running.outcome().join();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(outcome.stoppedBy()).isEqualTo("app");
        assertThat(runtime.containerNames()).as("everything the run created is gone").isEmpty();
    }

    @Test
    void auto_runs_the_router_container_when_its_image_is_here_and_the_daemon_sees_this_machine() throws Exception {
        runtime.runsOn(Hostname.local());
        launch(FIRELENS_TASK, offline());
        assertThat(notices()).filteredOn(n -> n instanceof Notice.FirelensRouter).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("router runs " + ROUTER_IMAGE + " (fluentbit)"));
        assertThat(notices()).filteredOn(n -> n instanceof Notice.FirelensOutputKeptLocal).singleElement()
                .satisfies(n -> assertThat(n.text()).startsWith("app's output \"datadog\" is not sent"));
    }

    @Test
    void auto_stands_in_for_the_router_when_the_daemon_runs_elsewhere_and_reads_the_lines_back_instead_of_losing_them()
            throws Exception {
        runtime.runsOn("docker-desktop");
        runtime.withoutImage(ROUTER_IMAGE);
        runtime.script("app").logs("paid 42", "DEBUG noise");
        // At ECS's endpoint address, so that FireLens, the endpoint and the notices all need to know where the daemon is.
        launch(FIRELENS_TASK, RunOptions.defaults().withUserEnvironment(java.util.Map.of(),
                java.nio.file.Path.of("/nonexistent")));
        drive(Duration.ofSeconds(1));
        assertThat(notices()).filteredOn(n -> n instanceof Notice.FirelensStandIn).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("reads back through the Docker API"));
        assertThat(notices()).anySatisfy(n -> assertThat(n.text()).startsWith("the awsfirelens containers log as json-file here")
                .contains("because the daemon, on docker-desktop, cannot reach ecs-local's receiver"));
        assertThat(runtime.calls()).as("where the daemon runs is asked once, for FireLens, the endpoint and the notices")
                .containsOnlyOnce("info");
        assertThat(runtime.specOf("app").log().type()).isEqualTo("json-file");
        assertThat(routed).as("the app's lines, as the router would pass them on").extracting(r -> r.container() + " → "
                + r.output() + " | " + r.log()).containsExactly("app → datadog | paid 42", "app → datadog | DEBUG noise");
        assertThat(routed.get(0).record()).containsEntry("container_name", "/" + running.identity().dockerName("app"))
                .containsEntry("container_id", "id-app").containsEntry("source", "stdout");
        assertThat(lines).as("not shown raw as well").noneMatch(line -> line.container().equals("app"));
    }

    @Test
    void a_route_the_probe_record_cannot_prove_is_said_loudly_before_the_app_starts_and_the_lines_are_read_back()
            throws Exception {
        runtime.runsOn(Hostname.local());
        runtime.withoutImage(ROUTER_IMAGE);
        runtime.fluentdDeliversNothing(); // e.g. a rootless daemon, whose 127.0.0.1 is not this machine's
        runtime.script("app").logs("paid 42");
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(1));
        assertThat(notices()).filteredOn(n -> n.text().startsWith("WARNING: the awsfirelens containers log as json-file here"))
                .singleElement().satisfies(n -> assertThat(n.text()).contains("a probe record sent through Docker's fluentd driver"));
        assertThat(((Notice.FirelensStandIn) notices().stream().filter(n -> n instanceof Notice.FirelensStandIn).findFirst()
                .orElseThrow()).driverAddress()).as("no address is said that nothing would answer").isNull();
        assertThat(runtime.specOf("app").log().type()).isEqualTo("json-file");
        assertThat(routed).extracting(dev.ecslocal.simulator.event.RoutedRecord::log).containsExactly("paid 42");
        assertThat(runtime.containerNames()).doesNotContain("~firelens-probe");
    }

    @Test
    void on_podman_which_has_no_fluentd_driver_the_stand_in_reads_the_lines_back_and_the_router_container_is_refused()
            throws Exception {
        runtime.runsOn(Hostname.local());
        runtime.withLogDrivers("k8s-file", "journald", "none");
        assertThatThrownBy(() -> launch(FIRELENS_TASK, offline().withFirelens(FirelensMode.CONTAINER)))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> assertThat(refused.getMessage())
                        .startsWith("--firelens container: the Docker daemon has no fluentd log driver (Podman has none)"));
        runtime.script("app").logs("paid 42");
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(1));
        assertThat(notices()).anySatisfy(n -> assertThat(n.text()).contains("because the daemon has no fluentd log driver"));
        assertThat(runtime.specOf("app").log().type()).isEqualTo("json-file");
        assertThat(routed).extracting(dev.ecslocal.simulator.event.RoutedRecord::log).containsExactly("paid 42");
    }

    @Test
    void a_daemon_elsewhere_is_said_with_each_host_path_it_would_read_on_its_own_machine() throws Exception {
        runtime.runsOn("colima");
        launch(("{'family':'logs','volumes':[{'name':'data','host':{'sourcePath':'/srv/data'}}],'containerDefinitions':["
                + "{'name':'app','image':'app:1','memory':64,'mountPoints':[{'sourceVolume':'data','containerPath':'/data'}]}]}")
                .replace('\'', '"'), offline());
        assertThat(notices()).extracting(Notice::text)
                .anySatisfy(text -> assertThat(text).startsWith("the Docker daemon runs on colima, not on this machine"))
                .anySatisfy(text -> assertThat(text).startsWith("volume data: host.sourcePath /srv/data is read on colima"))
                .anySatisfy(text -> assertThat(text).contains("ports are published in its VM, on its 127.0.0.1"));
    }

    @Test
    void a_daemon_on_another_host_says_where_its_published_ports_can_be_reached() throws Exception {
        String task = "{'family':'web','containerDefinitions':[{'name':'app','image':'app:1','memory':64,"
                + "'portMappings':[{'containerPort':80}]}]}";
        runtime.runsOn("build-box");
        runtime.reachedOverTcpAt("build-box.internal");
        launch(task.replace('\'', '"'), offline());
        assertThat(notices()).extracting(Notice::text).anySatisfy(text -> assertThat(text).contains(
                "ports are published on build-box.internal's 127.0.0.1, which only build-box.internal reaches: use "
                        + "`ssh -L PORT:127.0.0.1:PORT build-box.internal`, or give --publish-address 0.0.0.0"));
        running.kill();
        drive(Duration.ofMinutes(1));
        events.clear();
        launch(task.replace('\'', '"'), offline().withPublishAddress("0.0.0.0"));
        assertThat(notices()).extracting(Notice::text).anySatisfy(text -> assertThat(text).contains(
                "ports are published on build-box.internal (0.0.0.0): use build-box.internal:PORT"));
    }

    @Test
    void the_router_container_runs_on_a_daemon_elsewhere_with_its_files_put_in_through_the_API_and_its_socket_in_a_volume()
            throws Exception {
        runtime.runsOn("docker-desktop");
        launch(FIRELENS_TASK, offline().withFirelens(FirelensMode.CONTAINER));
        drive(Duration.ofSeconds(1));
        String volume = "ecs-local-fl-" + running.identity().taskId();
        assertThat(runtime.calls()).containsSubsequence("create volume " + volume,
                "put files router /fluent-bit/etc/fluent-bit.conf", "start router");
        assertThat(runtime.specOf("router").mounts()).extracting(m -> m.source() + " -> " + m.target()).contains(volume + " -> /var/run/");
        assertThat(runtime.specOf("app").log().options()).containsEntry("fluentd-address",
                "unix:///var/lib/docker/volumes/" + volume + "/_data/fluent.sock");
        assertThat(new String(runtime.specOf("router").files().get("/fluent-bit/etc/fluent-bit.conf")))
                .as("the daemon's machine reaches no receiver of ours: the router writes the outputs to its stdout, shown here")
                .contains("records go to the router's stdout");
        running.stop();
        drive(Duration.ofMinutes(1));
        running.outcome().join();
        assertThat(runtime.calls()).as("the socket volume goes after the containers").endsWith("remove volume " + volume);
    }

    @Test
    void a_windows_task_definition_is_refused_before_docker_is_asked() {
        assertThatThrownBy(() -> launch(("{'family':'win','runtimePlatform':{'operatingSystemFamily':'WINDOWS_SERVER_2022_CORE'},"
                + "'containerDefinitions':[{'name':'app','image':'mcr.microsoft.com/windows/servercore:ltsc2022','memory':512}]}")
                .replace('\'', '"'), offline()))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RunRefusedException.Kind.CANNOT_START);
                    assertThat(refused.getMessage()).startsWith("this is a Windows task definition (runtimePlatform."
                            + "operatingSystemFamily is WINDOWS_SERVER_2022_CORE): its containers need a Windows Docker daemon");
                });
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void a_missing_pause_image_refuses_the_run_with_how_to_build_it_before_anything_is_created() {
        runtime.withoutImage(RunOptions.DEFAULT_PAUSE_IMAGE);
        assertThatThrownBy(() -> launch(FIRELENS_TASK, offline()))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RunRefusedException.Kind.CANNOT_START);
                    assertThat(refused.getMessage()).contains("cannot run the task's pause container").contains("./scripts/setup.sh");
                });
        assertThat(runtime.calls()).isEmpty();
    }

    /** A bridge task whose web and proxy find the others by their links, or (without) by nothing. */
    private static String bridgeTask(boolean links) {
        return ("{'family':'shop','networkMode':'bridge','containerDefinitions':["
                + "{'name':'db','image':'db:1','memory':64,'essential':false},"
                + "{'name':'web','image':'web:1','memory':64" + (links ? ",'links':['db:database']" : "") + "},"
                + "{'name':'proxy','image':'proxy:1','memory':64" + (links ? ",'links':['web','db:database']" : "") + "}]}")
                .replace('\'', '"');
    }

    @Test
    void links_on_podman_are_refused_before_anything_is_created_naming_each_linking_container_and_what_to_do() {
        runtime.asPodman();
        assertThatThrownBy(() -> launch(bridgeTask(true), offline()))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).as("the daemon cannot do it: exit code 1, as a task that could not start")
                            .isEqualTo(RunRefusedException.Kind.CANNOT_START);
                    assertThat(refused.getMessage())
                            .startsWith("this task cannot run on Podman 4.3.1 (a fake): 2 containers use links, which Podman's "
                                    + "Docker-compatible API refuses (\"link is not supported\")\n"
                                    + "  web › links: db:database\n"
                                    + "  proxy › links: web, db:database\n")
                            .contains("run it on Docker Engine")
                            .contains("make it networkMode awsvpc, remove links, and call the other containers at 127.0.0.1");
                });
        assertThat(runtime.calls()).as("nothing created, nothing asked of the daemon").isEmpty();
        assertThat(events).as("not even the run's first line: the run did not begin").isEmpty();
    }

    @Test
    void a_bridge_task_without_links_runs_on_podman() throws Exception {
        runtime.asPodman();
        launch(bridgeTask(false), offline());
        drive(Duration.ofSeconds(1));
        assertThat(runtime.calls()).filteredOn(call -> call.startsWith("start ")).containsExactly("start db", "start web", "start proxy");
    }

    @Test
    void links_run_on_docker_engine() throws Exception {
        launch(bridgeTask(true), offline());
        drive(Duration.ofSeconds(1));
        assertThat(runtime.calls()).filteredOn(call -> call.startsWith("start ")).containsExactly("start db", "start web", "start proxy");
    }

    @Test
    void options_that_name_what_the_task_does_not_have_are_refused_before_docker_is_asked() throws Exception {
        TaskDefinitionFile task = EcsLocal.parse(FIRELENS_TASK, "taskdef.json");
        assertThatThrownBy(() -> EcsLocal.prepare(task, offline().withKill("envoy@5s")))
                .hasMessage("--kill envoy@5s: no container envoy. Containers: router, app, worker");
        assertThatThrownBy(() -> EcsLocal.prepare(task, offline().withTaskRoleCredentials("vault")))
                .hasMessage("--task-role-credentials vault: say env, profile:NAME, assume or none");
        assertThatThrownBy(() -> EcsLocal.prepare(task, offline().withEnvironmentFile("arn:aws:s3:::b/app.env",
                java.nio.file.Path.of("app.env")))).hasMessageStartingWith("--env-file-map arn:aws:s3:::b/app.env: no container");
        assertThat(runtime.calls()).isEmpty();
    }

    private static final String ROLE_TASK = ("{'family':'shop','networkMode':'NETWORK','taskRoleArn':'arn:aws:iam::1:role/shop',"
            + "'containerDefinitions':[{'name':'app','image':'app:1','memory':64},"
            + "{'name':'worker','image':'worker:1','memory':64,'essential':false}]}").replace('\'', '"');

    private static RunOptions atEcsAddress() {
        return RunOptions.defaults().withUserEnvironment(java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret"), java.nio.file.Path.of("/nonexistent")).withTaskRoleCredentials("env");
    }

    private static java.util.Map<String, String> environment(dev.ecslocal.simulator.docker.ContainerSpec spec) {
        java.util.Map<String, String> variables = new java.util.HashMap<>();
        spec.process().environment().forEach(v -> variables.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1)));
        return variables;
    }

    private static String status(String http) {
        return http.substring(0, http.indexOf("\r\n"));
    }

    private static JsonNode body(String http) throws Exception {
        return JSON.readTree(http.substring(http.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void at_ECS_s_address_the_relay_in_docker_answers_for_the_task_even_when_the_daemon_runs_elsewhere() throws Exception {
        runtime.runsOn("docker-desktop");
        launch(ROLE_TASK.replace("NETWORK", "awsvpc"), atEcsAddress());
        drive(Duration.ofSeconds(1));
        String taskId = running.identity().taskId();

        assertThat(runtime.calls()).as("the relay's network and container, then this run's serving").containsSubsequence(
                "network ecs-local-endpoints 169.254.170.0/24 169.254.170.1", "create ecs-local-endpoints",
                "start ecs-local-endpoints", "converse ecs-local-endpoints serve " + taskId, "create ~internal~ecs~pause");
        assertThat(runtime.specOf("ecs-local-endpoints").network().address()).isEqualTo("169.254.170.2");
        assertThat(runtime.specOf("~internal~ecs~pause").network().alsoOn()).as("the task's namespace joins the relay's network")
                .containsExactly("ecs-local-endpoints");
        assertThat(notices()).filteredOn(n -> n instanceof Notice.EndpointsServed).singleElement()
                .satisfies(n -> assertThat(n.text()).startsWith("http://169.254.170.2/v4/<id> for each container (relayed inside Docker by container ecs-local-endpoints"));

        java.util.Map<String, String> app = environment(runtime.specOf("app"));
        assertThat(app.get("ECS_CONTAINER_METADATA_URI_V4")).startsWith("http://169.254.170.2/v4/" + taskId + "-");
        String v4 = app.get("ECS_CONTAINER_METADATA_URI_V4").substring("http://169.254.170.2".length());
        String metadata = runtime.relayGet(taskId, v4 + "/task", "169.254.170.99");
        assertThat(status(metadata)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(body(metadata).path("TaskARN").asText()).isEqualTo(running.identity().taskArn());

        String credentials = app.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        String pauseAddress = runtime.networkMembers("ecs-local-endpoints").get("id-~internal~ecs~pause");
        String answered = runtime.relayGet(taskId, credentials, pauseAddress);
        assertThat(status(answered)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(body(answered).path("AccessKeyId").asText()).isEqualTo("AKIAEXAMPLE");
        assertThat(status(runtime.relayGet(taskId, credentials, "169.254.170.1")))
                .as("an address that is not the task's gets no credentials").isEqualTo("HTTP/1.1 403 Forbidden");
    }

    @Test
    void two_runs_share_the_relay_each_answers_for_its_own_ids_and_the_last_to_end_removes_it_and_its_network() throws Exception {
        launch(ROLE_TASK.replace("NETWORK", "bridge"), atEcsAddress());
        RunningTask first = running;
        launch(ROLE_TASK.replace("NETWORK", "bridge"), atEcsAddress());
        RunningTask second = running;
        drive(Duration.ofSeconds(1));
        assertThat(runtime.calls()).as("one relay for both").containsOnlyOnce("create ecs-local-endpoints");
        assertThat(runtime.specOf("app").network().alsoOn()).as("in bridge mode each container joins").containsExactly("ecs-local-endpoints");

        String firstId = first.identity().taskId();
        String secondId = second.identity().taskId();
        JsonNode firstTask = body(runtime.relayGet(firstId, "/v4/" + firstId + "-x/task", "169.254.170.99"));
        assertThat(firstTask.asText()).as("an id the run does not have is the agent's 404").contains("no container for id");

        first.stop();
        drive(Duration.ofMinutes(1));
        first.outcome().join();
        assertThat(runtime.serving(firstId).closed()).isTrue();
        assertThat(runtime.containerNames()).as("the second run still needs the relay").contains("ecs-local-endpoints");
        assertThat(runtime.calls()).doesNotContain("remove network ecs-local-endpoints");

        second.stop();
        drive(Duration.ofMinutes(1));
        second.outcome().join();
        assertThat(runtime.containerNames()).as("the last run out takes the relay").isEmpty();
        assertThat(runtime.calls()).endsWith("remove ecs-local-endpoints", "remove network ecs-local-endpoints");
        assertThat(runtime.networks(dev.ecslocal.simulator.event.RunIdentity.ENDPOINTS_LABEL)).isEmpty();
        assertThat(secondId).isNotEqualTo(firstId);
    }

    @Test
    void a_relay_that_stops_serving_a_running_task_is_made_to_serve_it_again() throws Exception {
        launch(ROLE_TASK.replace("NETWORK", "awsvpc"), atEcsAddress());
        drive(Duration.ofSeconds(1));
        String taskId = running.identity().taskId();
        runtime.serving(taskId).close(); // the exec stream ended: another run's end took the relay, say
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (runtime.calls().stream().filter(c -> c.equals("converse ecs-local-endpoints serve " + taskId)).count() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runtime.serving(taskId).closed()).as("served again").isFalse();
        assertThat(status(runtime.relayGet(taskId, environment(runtime.specOf("app")).get("ECS_CONTAINER_METADATA_URI_V4")
                .substring("http://169.254.170.2".length()), "169.254.170.99"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(notices()).noneMatch(n -> n.text().startsWith("WARNING"));
    }

    @Test
    void in_host_mode_nothing_joins_the_relay_s_network_and_the_daemon_machine_s_address_on_it_is_the_task_s() throws Exception {
        launch(ROLE_TASK.replace("NETWORK", "host"), atEcsAddress());
        drive(Duration.ofSeconds(1));
        assertThat(runtime.specOf("app").network().alsoOn()).isEmpty();
        String credentials = environment(runtime.specOf("app")).get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        String taskId = running.identity().taskId();
        assertThat(status(runtime.relayGet(taskId, credentials, "169.254.170.1"))).isEqualTo("HTTP/1.1 200 OK");
        assertThat(status(runtime.relayGet(taskId, credentials, "169.254.170.7"))).isEqualTo("HTTP/1.1 403 Forbidden");
    }

    @Test
    void a_relay_that_cannot_start_is_said_with_how_to_get_its_image_and_no_URI_is_given() throws Exception {
        runtime.script("ecs-local-endpoints").failsToStart("No such image: ecs-local/pause:latest");
        launch(ROLE_TASK.replace("NETWORK", "bridge"), atEcsAddress());
        assertThat(notices()).filteredOn(n -> n instanceof Notice.EndpointsNotServed).singleElement()
                .satisfies(n -> assertThat(n.text()).contains("could not start (No such image: ecs-local/pause:latest)")
                        .contains("./scripts/setup.sh builds offline"));
        assertThat(runtime.specOf("app").process().environment()).noneMatch(v -> v.startsWith("ECS_CONTAINER_METADATA_URI"));
        assertThat(runtime.specOf("app").network().alsoOn()).isEmpty();
        assertThat(runtime.calls()).as("what it made for the relay is gone").contains("remove network ecs-local-endpoints");
    }

    @Test
    void the_endpoints_are_not_served_to_a_task_that_nothing_could_reach_and_its_containers_get_no_URI() throws Exception {
        launch("{'family':'quiet','networkMode':'none','containerDefinitions':[{'name':'app','image':'app:1','memory':64}]}"
                .replace('\'', '"'), offline());
        assertThat(notices()).filteredOn(n -> n instanceof Notice.EndpointsNotServed).singleElement()
                .satisfies(n -> assertThat(n.text()).isEqualTo("not served, the task has networkMode none (nothing could reach it)"));
        assertThat(runtime.specOf("app").process().environment()).noneMatch(v -> v.startsWith("ECS_CONTAINER_METADATA_URI"));
    }

    @Test
    void a_container_has_one_ARN_in_its_metadata_the_task_metadata_and_the_describe_tasks_report() throws Exception {
        runtime.withoutImage(ROUTER_IMAGE);
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(1));
        String uri = metadataUri("app");
        String fromContainer = get(uri).path("ContainerARN").asText();
        String fromTask = null;
        for (JsonNode container : get(uri + "/task").path("Containers")) {
            if (container.path("Name").asText().equals("app")) {
                fromTask = container.path("ContainerARN").asText();
            }
        }
        running.stop();
        drive(Duration.ofMinutes(1));
        TaskOutcome outcome = running.outcome().join();
        String fromReport = TaskReport.of(EcsLocal.parse(FIRELENS_TASK, "taskdef.json").definition(), running.identity(),
                running.startedAt(), running.events(), outcome, outcome.exitCode()).containers().stream()
                .filter(c -> c.name().equals("app")).findFirst().orElseThrow().containerArn();
        assertThat(fromContainer).startsWith("arn:aws:ecs:" + running.identity().region() + ":000000000000:container/ecs-local/"
                        + running.identity().taskId() + "/")
                .isEqualTo(fromTask).isEqualTo(fromReport).isEqualTo(running.identity().containerArn("app"));
    }

    @Test
    void the_task_metadata_answers_and_the_engine_goes_on_while_docker_is_slow_to_answer_the_endpoint() throws Exception {
        runtime.withoutImage(ROUTER_IMAGE);
        runtime.script("worker").exits(3, Duration.ofSeconds(5));
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(1));
        assertThat(running.view().status()).isEqualTo(TaskStatus.RUNNING);
        String uri = metadataUri("app");
        CountDownLatch docker = new CountDownLatch(1);
        runtime.inspectsWaitFor(docker);
        // A request whose inspects hang in Docker: it holds nothing the engine needs.
        CompletableFuture<JsonNode> task = CompletableFuture.supplyAsync(() -> get(uri + "/task"));
        Thread.sleep(200);
        drive(Duration.ofSeconds(10)); // the worker (not essential) exits 3: the engine hears it while the request hangs
        assertThat(running.view().container("worker").orElseThrow().known()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(running.view().container("worker").orElseThrow().exitCode()).isEqualTo(3);
        assertThat(task).as("the request still waits for Docker").isNotDone();
        docker.countDown();
        JsonNode answered = task.get(10, TimeUnit.SECONDS);
        assertThat(answered.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(answered.path("TaskARN").asText()).isEqualTo(running.identity().taskArn());
    }

    @Test
    void awaiting_a_health_waits_through_UNHEALTHY_and_fails_when_the_container_stops_with_its_last_lines() throws Exception {
        String json = ("{'family':'shop','networkMode':'bridge','containerDefinitions':["
                + "{'name':'app','image':'app:1','memory':64},"
                + "{'name':'cache','image':'cache:1','memory':64,'essential':false,'healthCheck':{'command':['CMD','true']}}]}")
                .replace('\'', '"');
        runtime.script("cache").unhealthyAfter(Duration.ofSeconds(5), "connection refused").exits(1, Duration.ofSeconds(20))
                .logs("cache: out of memory");
        launch(json, offline());
        CompletableFuture<Object> healthy = CompletableFuture.supplyAsync(() -> {
            try {
                return running.awaitHealthy("cache", Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        drive(Duration.ofSeconds(10));
        Thread.sleep(100);
        assertThat(healthy).as("UNHEALTHY may turn HEALTHY again: not the end of the wait").isNotDone();
        drive(Duration.ofSeconds(15));
        assertThatThrownBy(() -> healthy.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.ecslocal.simulator.api.TaskFailedException.class)
                .cause().hasMessageContaining("cache stopped with exit code 1 before it was HEALTHY")
                .hasMessageContaining("cache: out of memory");
    }

    @Test
    void a_host_port_is_asked_of_a_port_the_container_maps() throws Exception {
        runtime.withoutImage(ROUTER_IMAGE);
        launch(FIRELENS_TASK, offline());
        drive(Duration.ofSeconds(1));
        assertThatThrownBy(() -> running.hostPort("worker", 8080)).hasMessage("worker maps no containerPort 8080 (its portMappings)");
        assertThatThrownBy(() -> running.hostPort("app", 8080)).hasMessageContaining("not published yet");
    }

    private String metadataUri(String container) {
        return runtime.specOf(container).process().environment().stream()
                .filter(v -> v.startsWith("ECS_CONTAINER_METADATA_URI_V4=")).findFirst().orElseThrow()
                .substring("ECS_CONTAINER_METADATA_URI_V4=".length());
    }

    private JsonNode get(String uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
