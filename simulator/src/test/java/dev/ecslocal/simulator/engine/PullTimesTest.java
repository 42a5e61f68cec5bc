package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.event.TaskView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.ecslocal.simulator.engine.EngineHarness.container;
import static dev.ecslocal.simulator.engine.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task's pull times are the pulls the run did (docs/ecs-semantics.md §8.3): from the start of the first container's
 * pull to the end of the last one's, and none at all when every image was used as it was, as the agent leaves them out
 * when it pulled nothing.
 */
class PullTimesTest {
    private static final String TWO = task(container("db", "'healthCheck':{'command':['CMD','true'],'interval':5}"),
            container("app", "'dependsOn':[{'containerName':'db','condition':'HEALTHY'}]"));

    @Test
    void pulled_images_span_the_first_pull_s_start_to_the_last_one_s_end() {
        EngineHarness run = new EngineHarness(TWO).pull(ContainerRuntime.PullPolicy.ALWAYS);
        run.runtime.script("db").healthyAfter(Duration.ofSeconds(10));
        Instant start = run.scheduler.now();
        run.start();
        TaskView first = run.view();
        assertThat(first.pullStartedAt()).isEqualTo(start);
        assertThat(first.pullStoppedAt()).isEqualTo(start);
        run.advanceSeconds(30); // db healthy: app is launched, and pulled, later
        TaskView later = run.view();
        assertThat(later.pullStartedAt()).isEqualTo(start);
        assertThat(later.pullStoppedAt()).isEqualTo(start.plusSeconds(10));
    }

    @Test
    void images_used_as_they_were_give_no_pull_times() {
        EngineHarness run = new EngineHarness(TWO).pull(ContainerRuntime.PullPolicy.MISSING).start();
        run.advanceSeconds(30);
        assertThat(run.view().pullStartedAt()).isNull();
        assertThat(run.view().pullStoppedAt()).isNull();
    }
}
