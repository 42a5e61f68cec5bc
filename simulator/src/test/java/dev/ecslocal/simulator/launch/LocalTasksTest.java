package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.agent.RouterFiles;
import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.LocalTask;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What `ecs-local ps` and `down` see and remove: only what carries ecs-local's labels. */
class LocalTasksTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);

    private void leftover(String taskId, String container, boolean running) {
        Map<String, String> labels = new HashMap<>(RunIdentity.ownerLabels(4242, "laptop"));
        labels.put(RunIdentity.TASK_LABEL, taskId);
        labels.put("com.amazonaws.ecs.task-definition-family", "payments");
        labels.put("com.amazonaws.ecs.task-definition-version", "3");
        runtime.withLeftover(ContainerSpec.simple(container + "-" + taskId, "img", List.of(), labels, "bridge"), running);
    }

    @Test
    void containers_and_volumes_are_grouped_by_task_with_the_process_that_ran_it() throws Exception {
        leftover("t1", "app", true);
        leftover("t1", "envoy", false);
        runtime.withVolume("ecs-local-payments-3-shared-t1", Map.of(RunIdentity.TASK_LABEL, "t1"));
        leftover("t2", "app", true);
        runtime.withLeftover(ContainerSpec.simple("someone-else", "img", List.of(), Map.of("team", "x"), "bridge"), true);
        runtime.withVolume("cache", Map.of("ecs-local.shared-volume", "true"));

        List<LocalTask> tasks = LocalTasks.list(runtime);
        assertThat(tasks).extracting(LocalTask::taskId).containsExactly("t1", "t2");
        LocalTask first = tasks.get(0);
        assertThat(first.family()).isEqualTo("payments");
        assertThat(first.revision()).isEqualTo("3");
        assertThat(first.ownerPid()).isEqualTo(4242L);
        assertThat(first.ownerHost()).isEqualTo("laptop");
        assertThat(first.running()).isEqualTo(1);
        assertThat(first.volumes()).containsExactly("ecs-local-payments-3-shared-t1");
    }

    @Test
    void remove_takes_the_task_containers_and_volumes_and_nothing_else() throws Exception {
        leftover("t1", "app", true);
        runtime.withVolume("ecs-local-payments-3-shared-t1", Map.of(RunIdentity.TASK_LABEL, "t1"));
        leftover("t2", "app", true);
        runtime.withVolume("cache", Map.of("ecs-local.shared-volume", "true"));

        Daemon.Removal removal = LocalTasks.remove(runtime, LocalTasks.list(runtime).get(0));
        assertThat(removal.containers()).containsExactly("app-t1");
        assertThat(removal.volumes()).containsExactly("ecs-local-payments-3-shared-t1");
        assertThat(removal.failures()).isEmpty();
        assertThat(runtime.containerNames()).containsExactlyInAnyOrder("app-t2");
        assertThat(runtime.volumeNames()).as("a shared volume outlives its tasks (ECS-SEMANTICS §6.1)").containsExactly("cache");
    }

    @Test
    void remove_also_takes_the_router_files_a_killed_run_left_and_only_that_task_s() throws Exception {
        String mine = "rf" + java.util.UUID.randomUUID().toString().replace("-", "");
        String other = "rf" + java.util.UUID.randomUUID().toString().replace("-", "");
        leftover(mine, "router", false);
        java.nio.file.Path myFiles = java.nio.file.Files.createDirectories(RouterFiles.directoryFor(mine).resolve("socket"));
        java.nio.file.Files.writeString(myFiles.resolve("fluent.sock"), "left by a killed run");
        java.nio.file.Path otherFiles = java.nio.file.Files.createDirectories(RouterFiles.directoryFor(other));
        try {
            Daemon.Removal removal = LocalTasks.remove(runtime, LocalTasks.list(runtime).get(0));
            assertThat(removal.failures()).isEmpty();
            assertThat(RouterFiles.directoryFor(mine)).doesNotExist();
            assertThat(otherFiles).exists();
        } finally {
            RouterFiles.removeDirectory(RouterFiles.directoryFor(mine), problem -> { });
            RouterFiles.removeDirectory(otherFiles, problem -> { });
        }
    }

    @Test
    void a_task_with_only_a_volume_left_is_still_listed() throws Exception {
        runtime.withVolume("ecs-local-t-1-data-t9", Map.of(RunIdentity.TASK_LABEL, "t9"));
        assertThat(LocalTasks.list(runtime)).singleElement().satisfies(task -> {
            assertThat(task.taskId()).isEqualTo("t9");
            assertThat(task.containers()).isEmpty();
            assertThat(task.ownerPid()).isNull();
        });
    }

    @Test
    void the_endpoints_relay_a_killed_run_left_is_listed_and_goes_only_once_no_task_is_left() throws Exception {
        String relay = EndpointRelay.ensure(runtime);
        leftover("t1", "app", true);
        assertThat(LocalTasks.shared(runtime)).containsExactly("container ecs-local-endpoints", "network ecs-local-endpoints");
        assertThat(LocalTasks.removeSharedIfUnused(runtime)).as("a task is left: it may be run again").isEmpty();

        LocalTasks.remove(runtime, LocalTasks.list(runtime).get(0));
        runtime.converse(relay, List.of("sh", "relay", "serve", "t9"), line -> { }, () -> { });
        assertThat(LocalTasks.removeSharedIfUnused(runtime)).as("another run is being served").isEmpty();

        runtime.serving("t9").close();
        assertThat(LocalTasks.removeSharedIfUnused(runtime)).containsExactly("container ecs-local-endpoints",
                "network ecs-local-endpoints");
        assertThat(LocalTasks.shared(runtime)).isEmpty();
    }
}
