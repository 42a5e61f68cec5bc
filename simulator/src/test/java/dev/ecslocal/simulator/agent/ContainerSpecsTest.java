package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.engine.SpecFactory;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What Docker is asked to create for a container definition (ECS-SEMANTICS §4.1, §5.5, §6.2, §8.6). */
class ContainerSpecsTest {
    private static final String TASK = ("{'family':'payments','networkMode':'awsvpc','containerDefinitions':[{'name':'app',"
            + "'image':'app:1','memory':64,'entryPoint':['sh','-c'],'command':['exec httpd -f'],"
            + "'environment':[{'name':'MODE','value':'local'},{'name':'EMPTY','value':''}],"
            + "'dockerLabels':{'team':'pay','com.amazonaws.ecs.cluster':'mine'},"
            + "'portMappings':[{'containerPort':8080}],"
            + "'healthCheck':{'command':['CMD-SHELL','wget -q -O- localhost:8080'],'interval':10}}]}").replace('\'', '"');

    private final TaskDefinition task = Fixtures.check(TASK).taskDefinition();
    private final DependencyGraph graph = DependencyGraph.of(task);
    private final ContainerSpecs specs = new ContainerSpecs(task, new RunIdentity("payments", 3, "a1b2c3"),
            TaskVolumes.of(task, new RunIdentity("payments", 3, "a1b2c3")),
            new ContainerSpecs.Settings("ecs-local/pause:latest", "127.0.0.1", Map.of("ecs-local.pid", "42")));

    private static RunIdentity run(TaskDefinition definition) {
        return new RunIdentity(definition.family(), 1, "r1");
    }

    private static ContainerSpec spec(String json, String container) {
        TaskDefinition definition = Fixtures.check(json.replace('\'', '"')).taskDefinition();
        ContainerSpecs specs = new ContainerSpecs(definition, run(definition),
                TaskVolumes.of(definition, run(definition)), new ContainerSpecs.Settings("pause", "0.0.0.0", Map.of()));
        return specs.spec(DependencyGraph.of(definition).node(container).orElseThrow(), SpecFactory.Started.ids(name -> "id-" + name));
    }

    @Test
    void a_container_in_awsvpc_joins_the_netns_holder_and_carries_ECS_and_ecs_local_labels() {
        ContainerSpec app = specs.spec(graph.node("app").orElseThrow(), SpecFactory.Started.ids(name -> "id-" + name));
        assertThat(app.name()).isEqualTo("ecs-local-payments-3-app-a1b2c3");
        assertThat(app.image()).isEqualTo("app:1");
        assertThat(app.process().entryPoint()).containsExactly("sh", "-c");
        assertThat(app.process().command()).containsExactly("exec httpd -f");
        assertThat(app.process().environment()).containsExactly("AWS_EXECUTION_ENV=AWS_ECS_EC2", "MODE=local", "EMPTY=");
        assertThat(app.network().mode()).isEqualTo("container:id-~internal~ecs~pause");
        assertThat(app.labels()).containsEntry("team", "pay")
                .containsEntry("com.amazonaws.ecs.cluster", "ecs-local") // ECS's label wins over the user's
                .containsEntry("com.amazonaws.ecs.task-arn", "arn:aws:ecs:us-east-1:000000000000:task/ecs-local/a1b2c3")
                .containsEntry("com.amazonaws.ecs.container-name", "app")
                .containsEntry("com.amazonaws.ecs.task-definition-family", "payments")
                .containsEntry("com.amazonaws.ecs.task-definition-version", "3")
                .containsEntry("ecs-local.task-id", "a1b2c3")
                .containsEntry("ecs-local.container", "app")
                .containsEntry("ecs-local.pid", "42");
    }

    @Test
    void a_health_check_gets_ECS_defaults_not_Docker_ones() {
        ContainerSpec.HealthCheck check = specs.spec(graph.node("app").orElseThrow(), SpecFactory.Started.ids(name -> "x")).healthCheck();
        assertThat(check.test()).containsExactly("CMD-SHELL", "wget -q -O- localhost:8080");
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.retries()).isEqualTo(3);
        assertThat(check.startPeriod()).isEqualTo(Duration.ZERO);
    }

    @Test
    void the_netns_holder_runs_the_pause_image_as_it_is_on_the_bridge() {
        ContainerSpec pause = specs.spec(graph.node(DependencyGraph.NETWORK_PAUSE).orElseThrow(), SpecFactory.Started.ids(name -> "x"));
        assertThat(pause.image()).isEqualTo("ecs-local/pause:latest");
        assertThat(pause.network().mode()).isEqualTo("bridge");
        assertThat(pause.process().command()).as("the image's own entrypoint keeps it alive").isEmpty();
        assertThat(pause.process().entryPoint()).isEmpty();
        assertThat(pause.name()).isEqualTo("ecs-local-payments-3-internalecspause-a1b2c3");
        assertThat(pause.labels()).containsEntry("ecs-local.container", DependencyGraph.NETWORK_PAUSE);
        assertThat(pause.healthCheck()).isNull();
        assertThat(pause.process().environment()).isEqualTo(List.of());
    }

    @Test
    void in_awsvpc_ports_are_published_on_the_netns_holder_with_hostPort_equal_to_containerPort() {
        ContainerSpec pause = specs.spec(graph.node(DependencyGraph.NETWORK_PAUSE).orElseThrow(), SpecFactory.Started.ids(name -> "x"));
        ContainerSpec app = specs.spec(graph.node("app").orElseThrow(), SpecFactory.Started.ids(name -> "x"));
        assertThat(pause.network().ports()).containsExactly(new ContainerSpec.PortBinding(8080, "tcp", "127.0.0.1", 8080, "app", 0));
        assertThat(app.network().ports()).as("Docker refuses ports on a container: network member").isEmpty();
    }

    @Test
    void in_bridge_mode_ports_links_mounts_volumesFrom_and_limits_are_the_container_own() {
        ContainerSpec web = spec("{'family':'web','volumes':[{'name':'data'},{'name':'conf','host':{'sourcePath':'/etc/web'}}],"
                + "'containerDefinitions':[{'name':'db','image':'db:1','memory':64},"
                + "{'name':'web','image':'web:1','memory':128,'memoryReservation':64,'cpu':1,'hostname':'web','user':'1000',"
                + "'links':['db:database'],'volumesFrom':[{'sourceContainer':'db','readOnly':true}],"
                + "'mountPoints':[{'sourceVolume':'data','containerPath':'/data'},{'sourceVolume':'conf','containerPath':'/etc/web','readOnly':true}],"
                + "'portMappings':[{'containerPort':80},{'containerPort':53,'hostPort':5353,'protocol':'udp'}]}]}", "web");
        assertThat(web.network().mode()).isEqualTo("bridge");
        assertThat(web.network().ports()).containsExactly(new ContainerSpec.PortBinding(80, "tcp", "0.0.0.0", 0, "web", 0),
                new ContainerSpec.PortBinding(53, "udp", "0.0.0.0", 5353, "web", 1));
        assertThat(web.network().links()).containsExactly("ecs-local-web-1-db-r1:database");
        assertThat(web.volumesFrom()).containsExactly("id-db:ro");
        assertThat(web.mounts()).containsExactly(
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.VOLUME, "ecs-local-web-1-data-r1", "/data", false),
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.BIND, "/etc/web", "/etc/web", true));
        assertThat(web.resources()).isEqualTo(new ContainerSpec.Resources(128, 64, 2, null, null, null, List.of()));
        assertThat(web.network().hostname()).isEqualTo("web");
        assertThat(web.process().user()).isEqualTo("1000");
    }

    @Test
    void linuxParameters_map_to_init_capabilities_devices_shm_swap_and_tmpfs() {
        ContainerSpec app = spec("{'family':'t','containerDefinitions':[{'name':'app','image':'a','memory':256,"
                + "'linuxParameters':{'initProcessEnabled':true,'capabilities':{'add':['SYS_PTRACE'],'drop':['NET_RAW']},"
                + "'devices':[{'hostPath':'/dev/fuse','permissions':['read','write']},{'hostPath':'/dev/null','containerPath':'/dev/n'}],"
                + "'sharedMemorySize':64,'maxSwap':512,'swappiness':10,"
                + "'tmpfs':[{'containerPath':'/run','size':16,'mountOptions':['noexec','nosuid']}]}}]}", "app");
        assertThat(app.process().init()).isTrue();
        assertThat(app.isolation().capabilitiesAdded()).containsExactly("SYS_PTRACE");
        assertThat(app.isolation().capabilitiesDropped()).containsExactly("NET_RAW");
        assertThat(app.isolation().devices()).containsExactly(new ContainerSpec.Device("/dev/fuse", "/dev/fuse", "rw"),
                new ContainerSpec.Device("/dev/null", "/dev/n", "rwm"));
        assertThat(app.resources().sharedMemoryMiB()).isEqualTo(64);
        assertThat(app.resources().memorySwapMiB()).as("memory + maxSwap").isEqualTo(768);
        assertThat(app.resources().swappiness()).isEqualTo(10);
        assertThat(app.mounts()).containsExactly(new ContainerSpec.Mount(ContainerSpec.Mount.Type.TMPFS, null, "/run", false,
                "size=16m,noexec,nosuid"));
    }

    @Test
    void ulimits_sysctls_security_options_and_flags_are_passed_through() {
        ContainerSpec app = spec("{'family':'t','containerDefinitions':[{'name':'app','image':'a','memory':64,"
                + "'ulimits':[{'name':'nofile','softLimit':1024,'hardLimit':4096}],"
                + "'systemControls':[{'namespace':'net.core.somaxconn','value':'1024'}],"
                + "'dockerSecurityOptions':['no-new-privileges'],'privileged':true,'readonlyRootFilesystem':true,"
                + "'interactive':true,'pseudoTerminal':true,'extraHosts':[{'hostname':'db','ipAddress':'10.0.0.5'}],"
                + "'dnsServers':['10.0.0.2'],'dnsSearchDomains':['corp'],'workingDirectory':'/srv'}]}", "app");
        assertThat(app.resources().ulimits()).containsExactly(new ContainerSpec.Ulimit("nofile", 1024, 4096));
        assertThat(app.isolation().sysctls()).containsEntry("net.core.somaxconn", "1024");
        assertThat(app.isolation().securityOptions()).containsExactly("no-new-privileges");
        assertThat(app.isolation().privileged()).isTrue();
        assertThat(app.isolation().readonlyRootFilesystem()).isTrue();
        assertThat(app.process().tty()).isTrue();
        assertThat(app.process().openStdin()).isTrue();
        assertThat(app.process().workingDirectory()).isEqualTo("/srv");
        assertThat(app.network().extraHosts()).containsExactly("db:10.0.0.5");
        assertThat(app.network().dnsServers()).containsExactly("10.0.0.2");
        assertThat(app.network().dnsSearchDomains()).containsExactly("corp");
    }

    @Test
    void pidMode_and_ipcMode_task_join_the_namespace_holder_which_lends_its_ipc() {
        String json = "{'family':'t','pidMode':'task','ipcMode':'task','containerDefinitions':[{'name':'app','image':'a','memory':64}]}";
        assertThat(spec(json, "app").isolation().pidMode()).isEqualTo("container:id-" + DependencyGraph.NAMESPACE_PAUSE);
        assertThat(spec(json, "app").isolation().ipcMode()).isEqualTo("container:id-" + DependencyGraph.NAMESPACE_PAUSE);
        ContainerSpec holder = spec(json, DependencyGraph.NAMESPACE_PAUSE);
        assertThat(holder.isolation().ipcMode()).isEqualTo("shareable");
        assertThat(holder.network().mode()).isEqualTo("none");
        assertThat(spec(json.replace("'task','ipcMode':'task'", "'host','ipcMode':'none'"), "app").isolation())
                .extracting(ContainerSpec.Isolation::pidMode, ContainerSpec.Isolation::ipcMode).containsExactly("host", "none");
    }

    @Test
    void Fargate_tasks_say_so_in_AWS_EXECUTION_ENV_and_the_task_definition_can_override_it() {
        String json = "{'family':'t','requiresCompatibilities':['FARGATE'],'networkMode':'awsvpc','cpu':'256','memory':'512',"
                + "'containerDefinitions':[{'name':'app','image':'a','environment':[{'name':'AWS_EXECUTION_ENV','value':'mine'}]}]}";
        assertThat(spec(json, "app").process().environment())
                .containsExactly("AWS_EXECUTION_ENV=mine");
    }

    @Test
    void remote_log_drivers_run_as_json_file_locally_and_local_ones_as_they_are() {
        String json = "{'family':'t','containerDefinitions':["
                + "{'name':'a','image':'a','memory':64,'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'/ecs/t','awslogs-stream-prefix':'ecs'}}},"
                + "{'name':'b','image':'b','memory':64,'logConfiguration':{'logDriver':'json-file','options':{'max-size':'10m'}}},"
                + "{'name':'c','image':'c','memory':64}]}";
        assertThat(spec(json, "a").log()).isEqualTo(new ContainerSpec.LogDriver("json-file", Map.of()));
        assertThat(spec(json, "b").log()).isEqualTo(new ContainerSpec.LogDriver("json-file", Map.of("max-size", "10m")));
        assertThat(spec(json, "c").log()).as("the daemon's default, as ECS leaves it").isNull();
    }

    private static TaskDefinition firelensTask(String networkMode, String routerType) {
        return Fixtures.check(("{'family':'t','networkMode':'" + networkMode + "','containerDefinitions':["
                + "{'name':'router','image':'fluent-bit','memory':64,'firelensConfiguration':{'type':'" + routerType + "'}},"
                + "{'name':'app','image':'a','memory':64,'environment':[{'name':'FLUENT_PORT','value':'1'}],"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'" + (routerType.equals("fluentd") ? "@type" : "Name")
                + "':'stdout','log-driver-buffer-limit':'2048'}}}]}").replace('\'', '"')).taskDefinition();
    }

    private static RouterFiles routerFiles(TaskDefinition definition) {
        return new RouterFiles(Path.of("/tmp/ecs-local-firelens-r1"), FirelensConfig.of(definition, 1, "ecs-local",
                run(definition).taskArn()).orElseThrow(), null, null);
    }

    /** The router's files, written: the router's spec carries them. */
    private static RouterFiles writtenRouterFiles(TaskDefinition definition) {
        RouterFiles files = routerFiles(definition);
        files.remove(problem -> { });
        try {
            files.create();
        } catch (dev.ecslocal.simulator.docker.RuntimeFailure e) {
            throw new AssertionError(e);
        }
        return files;
    }

    private static ContainerSpec withStandIn(String networkMode, String pauseImage, String container) {
        TaskDefinition definition = firelensTask(networkMode, "fluentbit");
        ContainerSpecs specs = new ContainerSpecs(definition, run(definition), List.of(),
                new ContainerSpecs.Settings(pauseImage, "127.0.0.1", Map.of()),
                new FirelensSetup.StandIn(routerFiles(definition), "tcp://127.0.0.1:40000", "172.17.0.1", 40001),
                TaskPlatform.none(definition));
        return specs.spec(DependencyGraph.of(definition).node(container).orElseThrow(),
                SpecFactory.Started.ids(name -> "id-" + name));
    }

    /** The router container runs its image; in bridge mode it started at 172.17.0.5. */
    private static ContainerSpec withRouter(String networkMode, String routerType, String container) {
        TaskDefinition definition = firelensTask(networkMode, routerType);
        ContainerSpecs specs = new ContainerSpecs(definition, run(definition), List.of(),
                ContainerSpecs.Settings.defaults(), new FirelensSetup.Router(writtenRouterFiles(definition), "ecs-local-fl-r1",
                "/var/lib/docker/volumes/ecs-local-fl-r1/_data"), TaskPlatform.none(definition));
        return specs.spec(DependencyGraph.of(definition).node(container).orElseThrow(), new SpecFactory.Started() {
            @Override
            public String runtimeId(String name) {
                return "id-" + name;
            }

            @Override
            public String bridgeAddress(String name) {
                return name.equals("router") && networkMode.equals("bridge") ? "172.17.0.5" : null;
            }
        });
    }

    @Test
    void the_router_container_gets_ECS_files_where_ECS_mounts_them_and_the_driver_dials_its_socket() {
        // ECS-SEMANTICS §7.2 and §7.3.
        ContainerSpec router = withRouter("awsvpc", "fluentbit", "router");
        assertThat(router.image()).isEqualTo("fluent-bit");
        assertThat(router.labels()).doesNotContainKey(RunIdentity.FIRELENS_STAND_IN_LABEL);
        assertThat(router.mounts()).as("the socket directory is a volume: the daemon dials a path on its own machine")
                .containsExactly(new ContainerSpec.Mount(ContainerSpec.Mount.Type.VOLUME, "ecs-local-fl-r1", "/var/run/", false));
        assertThat(router.files()).as("the configuration goes in through the API, where ECS mounts it")
                .containsOnlyKeys("/fluent-bit/etc/fluent-bit.conf");
        assertThat(router.process().environment()).noneMatch(e -> e.startsWith("FLUENT_"));
        ContainerSpec app = withRouter("awsvpc", "fluentbit", "app");
        assertThat(app.log().options()).containsEntry("fluentd-address", "unix:///var/lib/docker/volumes/ecs-local-fl-r1/_data/fluent.sock")
                .containsEntry("tag", "app-firelens-r1");
        assertThat(app.process().environment()).contains("FLUENT_HOST=127.0.0.1", "FLUENT_PORT=24224");
    }

    @Test
    void with_the_router_container_bridge_gives_its_address_host_gives_none_and_fluentd_runs_as_root() {
        assertThat(withRouter("bridge", "fluentbit", "app").process().environment())
                .contains("FLUENT_HOST=172.17.0.5", "FLUENT_PORT=24224");
        assertThat(withRouter("host", "fluentbit", "app").process().environment()).noneMatch(e -> e.startsWith("FLUENT_HOST"));
        ContainerSpec fluentd = withRouter("awsvpc", "fluentd", "router");
        assertThat(fluentd.process().environment()).contains("FLUENT_UID=0");
        assertThat(fluentd.files()).containsOnlyKeys("/fluentd/etc/fluent.conf");
    }

    @Test
    void an_awsfirelens_container_gets_the_fluentd_driver_with_ECS_tag_and_options() {
        // ECS-SEMANTICS §7.3.
        assertThat(withStandIn("awsvpc", ContainerSpecs.DEFAULT_PAUSE_IMAGE, "app").log()).isEqualTo(new ContainerSpec.LogDriver(
                "fluentd", Map.of("fluentd-address", "tcp://127.0.0.1:40000", "tag", "app-firelens-r1",
                "fluentd-sub-second-precision", "true", "fluentd-async", "true", "fluentd-buffer-limit", "2048")));
    }

    @Test
    void in_awsvpc_FLUENT_HOST_is_the_task_loopback_and_the_router_place_holder_relays_it_to_the_stand_in() {
        ContainerSpec app = withStandIn("awsvpc", ContainerSpecs.DEFAULT_PAUSE_IMAGE, "app");
        assertThat(app.process().environment()).contains("FLUENT_HOST=127.0.0.1", "FLUENT_PORT=24224")
                .as("the agent's values win over the task definition's (§8.1)").doesNotContain("FLUENT_PORT=1");
        ContainerSpec router = withStandIn("awsvpc", ContainerSpecs.DEFAULT_PAUSE_IMAGE, "router");
        assertThat(router.image()).isEqualTo(ContainerSpecs.DEFAULT_PAUSE_IMAGE);
        assertThat(router.labels()).containsEntry(RunIdentity.FIRELENS_STAND_IN_LABEL, "true");
        assertThat(router.network().mode()).isEqualTo("container:id-" + DependencyGraph.NETWORK_PAUSE);
        assertThat(router.process().command()).singleElement().asString()
                .contains("/bin/busybox nc -ll -p 24224 -e /bin/busybox sh -c 'eval \"$FORWARD_GATE\"'").startsWith("trap 'exit 0' TERM INT;");
        assertThat(router.process().environment()).as("connections from 127.0.0.1 only are passed to the stand-in")
                .contains("FORWARD_GATE=" + ContainerSpecs.forwardGate("172.17.0.1", 40001));
        assertThat(ContainerSpecs.forwardGate("172.17.0.1", 40001)).contains("[ \"$from\" = 0100007F ] && exec /bin/busybox nc 172.17.0.1 40001");
    }

    @Test
    void in_bridge_FLUENT_HOST_is_where_the_stand_in_listens_and_other_pause_images_relay_nothing() {
        assertThat(withStandIn("bridge", ContainerSpecs.DEFAULT_PAUSE_IMAGE, "app").process().environment())
                .contains("FLUENT_HOST=172.17.0.1", "FLUENT_PORT=40001");
        assertThat(withStandIn("host", ContainerSpecs.DEFAULT_PAUSE_IMAGE, "app").process().environment())
                .as("ECS gives none in host mode").noneMatch(e -> e.startsWith("FLUENT_HOST"));
        ContainerSpec foreignPause = withStandIn("awsvpc", "registry.k8s.io/pause:3.9", "router");
        assertThat(foreignPause.process().command()).as("no busybox to relay with").isEmpty();
        assertThat(withStandIn("awsvpc", "registry.k8s.io/pause:3.9", "app").process().environment())
                .noneMatch(e -> e.startsWith("FLUENT_HOST"));
    }
}
