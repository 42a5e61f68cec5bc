package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.docker.VolumeSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskResourcesTest {
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(new ManualScheduler());
    private final TaskVolume scratch = new TaskVolume("scratch", TaskVolume.Kind.TASK_VOLUME, "ecs-local-t-scratch",
            new VolumeSpec("ecs-local-t-scratch", "local", Map.of(), Map.of()), true, false);

    @Test
    void a_task_released_before_its_volumes_were_made_gets_none() throws Exception {
        // A Ctrl-C in the run's first second: the engine stops and releases the task while its set-up has not begun.
        TaskResources resources = new TaskResources(runtime, List.of(scratch), List.of(), message -> { });
        resources.release(Map.of(), "t", List.of(), false);
        resources.create();
        assertThat(runtime.volumeNames()).isEmpty();
    }

    @Test
    void a_task_released_after_its_volumes_were_made_has_them_removed() throws Exception {
        TaskResources resources = new TaskResources(runtime, List.of(scratch), List.of(), message -> { });
        resources.create();
        assertThat(runtime.volumeNames()).containsExactly("ecs-local-t-scratch");
        resources.release(Map.of(), "t", List.of(), false);
        assertThat(runtime.volumeNames()).isEmpty();
    }
}
