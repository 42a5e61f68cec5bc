package com.example.payments;

import dev.ecslocal.junit.EcsLocalExtension;
import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payments task as ECS would run it, on the local Docker daemon: secrets-init writes the API key, envoy turns
 * healthy, then the app authorises five payments through envoy, logging through FireLens, and exits.
 */
class PaymentsTaskTest {
    /** Started before the class's tests once it is RUNNING; stopped and removed after them. */
    @RegisterExtension
    static EcsLocalExtension payments = EcsLocalExtension.task(Path.of("../payments/taskdef.json"))
            .withOptions(RunOptions.defaults()
                    // Local values for the task's Secrets Manager and SSM secrets.
                    .withSecretsFile(Path.of("../payments/secrets.json"))
                    // ecs-local receives the app's FireLens records itself: no router image to pull.
                    .withFirelens(FirelensMode.EMBEDDED));

    @Test
    void the_app_authorises_payments_through_envoy_and_exits_0(RunningTask task) throws Exception {
        TaskOutcome outcome = task.awaitOutcome(Duration.ofMinutes(1));

        assertThat(outcome.container("app").orElseThrow().exitCode()).as(() -> task.describeFailure(outcome)).isZero();
        assertThat(task.logs("app")).contains("payments: payment 1 authorised by envoy");
    }
}
