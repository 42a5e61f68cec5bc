package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata's fields, rule by rule, as the agent gives them (docs/ecs-semantics.md §8.3–§8.6): the task's network
 * interface from Docker's view of the network holder, volumes from the mounts, labels without ecs-local's own, ARNs in
 * the run's region and one account, Fargate's own fields, and what is left out rather than given empty.
 */
class MetadataFieldsTest {
    private static final String PAUSE = DependencyGraph.NETWORK_PAUSE;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);

    /** A running task of one container {@code app} (and the holder in awsvpc), as the engine would publish it. */
    private TaskMetadata running(String networkMode, boolean fargate, String appExtra, RunIdentity run,
                                 List<ContainerSpec.Mount> mounts, String healthOutput) throws Exception {
        TaskDefinition task = Fixtures.check(("{'family':'shop','networkMode':'" + networkMode + "','cpu':'256','memory':'512',"
                + (fargate ? "'requiresCompatibilities':['FARGATE'],'ephemeralStorage':{'sizeInGiB':30}," : "")
                + "'containerDefinitions':[{'name':'app','image':'app:1','memory':64,'dockerLabels':{'team':'payments'}"
                + appExtra + "}]}").replace('\'', '"'), "taskdef.json", fargate).taskDefinition();
        List<TaskView.ContainerView> containers = new ArrayList<>();
        String holderId = null;
        if (networkMode.equals("awsvpc")) {
            holderId = create(run, PAUSE, "bridge", Map.of(), List.of());
            containers.add(new TaskView.ContainerView(PAUSE, true, ContainerStatus.RUNNING, false, holderId, null, null,
                    HealthStatus.UNKNOWN, null, null, 0));
        }
        String appId = create(run, "app", holderId != null ? "container:" + holderId : networkMode, Map.of("team", "payments"), mounts);
        containers.add(new TaskView.ContainerView("app", false, ContainerStatus.RUNNING, false, appId, null, null,
                healthOutput == null ? HealthStatus.UNKNOWN : HealthStatus.HEALTHY, healthOutput == null ? null : scheduler.now(),
                healthOutput, 0));
        TaskView view = new TaskView(TaskStatus.RUNNING, false, null, null, null, containers);
        return new TaskMetadata(task, run, runtime, () -> view);
    }

    private String create(RunIdentity run, String name, String mode, Map<String, String> dockerLabels, List<ContainerSpec.Mount> mounts)
            throws Exception {
        // As the agent's specs label them: the task's dockerLabels, ECS's labels, ecs-local's own.
        Map<String, String> labels = new LinkedHashMap<>(dockerLabels);
        labels.putAll(run.containerLabels(name));
        labels.putAll(RunIdentity.ownerLabels(42, "laptop"));
        String id = runtime.createContainer(new ContainerSpec(run.dockerName(name), "app:1", ContainerSpec.Process.command(List.of()),
                labels, ContainerSpec.Network.mode(mode), mounts, List.of(), ContainerSpec.Resources.NONE, ContainerSpec.Isolation.NONE,
                null, null));
        runtime.startContainer(id);
        return id;
    }

    private static RunIdentity run(String region, boolean fargate) {
        return new RunIdentity("shop", 3, "0123456789abcdef0123456789abcdef", region, RunIdentity.LOCAL_ACCOUNT, fargate, null);
    }

    private static JsonNode app(JsonNode task) {
        for (JsonNode container : task.path("Containers")) {
            if (container.path("Name").asText().equals("app")) {
                return container;
            }
        }
        throw new AssertionError("no app in " + task);
    }

    @Test
    void awsvpc_networks_describe_the_holder_s_interface_on_Docker_s_default_bridge() throws Exception {
        TaskMetadata metadata = running("awsvpc", false, "", run("eu-west-1", false), List.of(), null);
        JsonNode network = metadata.container("app").path("Networks").get(0);
        assertThat(network.path("NetworkMode").asText()).isEqualTo("awsvpc");
        assertThat(network.path("IPv4Addresses").toString()).isEqualTo("[\"172.17.0.2\"]");
        assertThat(network.path("AttachmentIndex").isInt()).isTrue();
        assertThat(network.path("AttachmentIndex").asInt()).isZero();
        assertThat(network.path("MACAddress").asText()).isEqualTo("02:42:ac:11:00:02");
        assertThat(network.path("IPv4SubnetCIDRBlock").asText()).isEqualTo("172.17.0.0/16");
        assertThat(network.path("PrivateDNSName").asText()).isEqualTo("ip-172-17-0-2.eu-west-1.compute.internal");
        assertThat(network.path("SubnetGatewayIpv4Address").asText()).isEqualTo("172.17.0.1/16");
        assertThat(network.has("DomainNameServers")).as("EC2's interface gives no resolver").isFalse();
        assertThat(network.has("DomainNameSearchList")).isFalse();
        assertThat(metadata.task(false).path("Containers").get(0).path("Networks").get(0).path("MACAddress").asText())
                .as("the holder itself").isEqualTo("02:42:ac:11:00:02");
    }

    @Test
    void us_east_1_names_an_address_as_EC2_does_there() {
        assertThat(TaskNetwork.privateDnsName("10.0.2.106", "us-east-1")).isEqualTo("ip-10-0-2-106.ec2.internal");
    }

    @Test
    void bridge_gives_the_mode_and_address_only_and_host_the_mode_alone() throws Exception {
        JsonNode bridge = running("bridge", false, "", run("eu-west-1", false), List.of(), null).container("app").path("Networks");
        assertThat(bridge.toString()).isEqualTo("[{\"NetworkMode\":\"bridge\",\"IPv4Addresses\":[\"172.17.0.2\"]}]");
        JsonNode host = running("host", false, "", run("eu-west-1", false), List.of(), null).container("app").path("Networks");
        assertThat(host.toString()).as("no IPv4Addresses rather than []").isEqualTo("[{\"NetworkMode\":\"host\"}]");
    }

    @Test
    void labels_are_the_task_s_dockerLabels_and_ECS_s_never_ecs_local_s_the_pause_container_s_too() throws Exception {
        TaskMetadata metadata = running("awsvpc", false, "", run("eu-west-1", false), List.of(), null);
        JsonNode task = metadata.task(false);
        String taskArn = "arn:aws:ecs:eu-west-1:000000000000:task/ecs-local/0123456789abcdef0123456789abcdef";
        assertThat(app(task).path("Labels").toString()).isEqualTo("{\"com.amazonaws.ecs.cluster\":\"ecs-local\","
                + "\"com.amazonaws.ecs.container-name\":\"app\",\"com.amazonaws.ecs.task-arn\":\"" + taskArn + "\","
                + "\"com.amazonaws.ecs.task-definition-family\":\"shop\",\"com.amazonaws.ecs.task-definition-version\":\"3\","
                + "\"team\":\"payments\"}");
        JsonNode pause = task.path("Containers").get(0);
        assertThat(pause.path("Name").asText()).isEqualTo(PAUSE);
        assertThat(pause.path("Labels").path("com.amazonaws.ecs.container-name").asText()).isEqualTo(PAUSE);
        pause.path("Labels").fieldNames().forEachRemaining(key -> assertThat(key).doesNotStartWith("ecs-local."));
    }

    @Test
    void every_ARN_is_in_the_run_s_region_and_one_account_and_a_registered_definition_keeps_its_own() throws Exception {
        String registered = "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:3";
        RunIdentity run = RunIdentity.newRun("shop", 3, "eu-west-1", false, registered);
        JsonNode task = running("bridge", false, "", run, List.of(), null).task(false);
        assertThat(task.path("TaskARN").asText()).startsWith("arn:aws:ecs:eu-west-1:123456789012:task/ecs-local/" + run.taskId());
        assertThat(app(task).path("ContainerARN").asText()).startsWith("arn:aws:ecs:eu-west-1:123456789012:container/ecs-local/");
        assertThat(run.clusterArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:cluster/ecs-local");
        assertThat(run.taskDefinitionArn()).isEqualTo(registered);
        RunIdentity file = RunIdentity.newRun("shop", 3, "cn-north-1", false, null);
        assertThat(file.taskDefinitionArn()).isEqualTo("arn:aws-cn:ecs:cn-north-1:000000000000:task-definition/shop:3");
        assertThat(file.taskArn()).startsWith("arn:aws-cn:ecs:cn-north-1:000000000000:task/");
    }

    @Test
    void on_EC2_the_task_gives_the_zone_and_VPC_and_no_service_and_none_of_Fargate_s_fields() throws Exception {
        JsonNode task = running("bridge", false, "", run("eu-west-1", false), List.of(), null).task(false);
        assertThat(task.path("Cluster").asText()).isEqualTo("ecs-local");
        assertThat(task.path("AvailabilityZone").asText()).isEqualTo("eu-west-1a");
        assertThat(task.path("VPCID").asText()).isEqualTo("vpc-00000000000000000");
        assertThat(task.has("ServiceName")).as("a local task is in no service").isFalse();
        assertThat(task.has("ClockDrift")).isFalse();
        assertThat(task.has("EphemeralStorageMetrics")).isFalse();
        assertThat(app(task).has("Snapshotter")).isFalse();
        assertThat(task.has("PullStartedAt")).as("nothing was pulled").isFalse();
        assertThat(task.has("PullStoppedAt")).isFalse();
    }

    @Test
    void on_Fargate_the_cluster_is_an_ARN_and_the_task_has_its_clock_storage_resolver_and_snapshotter() throws Exception {
        runtime.withResolvConf("search eu-west-1.compute.internal\nnameserver 10.0.0.2\noptions ndots:0\n");
        runtime.withWritableLayerBytes(5L * 1024 * 1024);
        JsonNode task = running("awsvpc", true, "", run("eu-west-1", true), List.of(), null).task(false);
        String cluster = "arn:aws:ecs:eu-west-1:000000000000:cluster/ecs-local";
        assertThat(task.path("Cluster").asText()).isEqualTo(cluster);
        assertThat(app(task).path("Labels").path("com.amazonaws.ecs.cluster").asText()).isEqualTo(cluster);
        assertThat(task.has("VPCID")).as("Fargate gives none").isFalse();
        assertThat(task.path("ClockDrift").path("ClockErrorBound").isNumber()).isTrue();
        assertThat(Instant.parse(task.path("ClockDrift").path("ReferenceTimestamp").asText())).isNotNull();
        assertThat(task.path("ClockDrift").path("ClockSynchronizationStatus").asText()).isEqualTo("SYNCHRONIZED");
        assertThat(task.path("EphemeralStorageMetrics").path("Reserved").asLong()).as("30 GiB").isEqualTo(30 * 1024);
        assertThat(task.path("EphemeralStorageMetrics").path("Utilized").asLong()).as("two containers' 5 MiB").isEqualTo(10);
        JsonNode app = app(task);
        assertThat(app.path("Snapshotter").asText()).isEqualTo("overlay2");
        JsonNode network = app.path("Networks").get(0);
        assertThat(network.path("DomainNameServers").toString()).isEqualTo("[\"10.0.0.2\"]");
        assertThat(network.path("DomainNameSearchList").toString()).isEqualTo("[\"eu-west-1.compute.internal\"]");
        assertThat(task.path("Containers")).as("Fargate lists the task's own containers").hasSize(1);
    }

    @Test
    void volumes_list_each_mount_and_a_bind_mount_has_no_Docker_name() throws Exception {
        JsonNode app = running("bridge", false, "", run("eu-west-1", false), List.of(
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.VOLUME, "ecs-local-shop-3-data-0123", "/data", false),
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.BIND, "/srv/config", "/etc/app", true)), null).container("app");
        assertThat(app.path("Volumes").toString()).isEqualTo("[{\"DockerName\":\"ecs-local-shop-3-data-0123\","
                + "\"Source\":\"/var/lib/docker/volumes/ecs-local-shop-3-data-0123/_data\",\"Destination\":\"/data\"},"
                + "{\"Source\":\"/srv/config\",\"Destination\":\"/etc/app\"}]");
        JsonNode none = running("bridge", false, "", run("eu-west-1", false), List.of(), null).container("app");
        assertThat(none.has("Volumes")).as("no mounts, no Volumes").isFalse();
    }

    @Test
    void an_empty_health_output_is_left_out() throws Exception {
        String health = ",'healthCheck':{'command':['CMD-SHELL','true']}";
        JsonNode empty = running("bridge", false, health, run("eu-west-1", false), List.of(), "").container("app").path("Health");
        assertThat(empty.path("status").asText()).isEqualTo("HEALTHY");
        assertThat(empty.has("output")).isFalse();
        JsonNode said = running("bridge", false, health, run("eu-west-1", false), List.of(), "ok").container("app").path("Health");
        assertThat(said.path("output").asText()).isEqualTo("ok");
    }

    @Test
    void stats_give_network_rates_over_the_time_since_the_last_reading_and_host_mode_none() throws Exception {
        TaskMetadata metadata = running("awsvpc", false, "", run("eu-west-1", false), List.of(), null);
        scheduler.run(new java.util.ArrayDeque<>(), Duration.ofSeconds(10));
        runtime.withNetworkBytes(10_000, 2_000);
        JsonNode first = metadata.stats("app").path("network_rate_stats");
        assertThat(first.path("rx_bytes_per_sec").asDouble()).as("since it started, 10 s ago").isEqualTo(1000.0);
        assertThat(first.path("tx_bytes_per_sec").asDouble()).isEqualTo(200.0);
        scheduler.run(new java.util.ArrayDeque<>(), Duration.ofSeconds(2));
        runtime.withNetworkBytes(14_000, 2_000);
        JsonNode second = metadata.stats("app").path("network_rate_stats");
        assertThat(second.path("rx_bytes_per_sec").asDouble()).as("since the first reading").isEqualTo(2000.0);
        assertThat(second.path("tx_bytes_per_sec").asDouble()).isZero();
        JsonNode host = running("host", false, "", run("eu-west-1", false), List.of(), null).stats("app");
        assertThat(host.path("memory_stats").isObject()).isTrue();
        assertThat(host.has("network_rate_stats")).isFalse();
    }
}
