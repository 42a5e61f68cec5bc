package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.api.TaskFailedException;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.model.ContainerDefinition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.time.Duration;
import java.util.Objects;

/** What a started task must reach before the tests get it. */
sealed interface Awaited {
    /** Refuses, before anything starts, what the task can never reach (a container it does not have, or no healthCheck). */
    void check(TaskDefinitionFile task);

    /**
     * Waits for it.
     *
     * @throws TaskFailedException the task stopped first, or a container became UNHEALTHY, or the time ran out
     */
    void await(RunningTask task, Duration timeout) throws InterruptedException;

    /** {@code RUNNING}, {@code envoy HEALTHY}: what the failure says the task did not reach. */
    String what();

    /** The task's derived status, as ECS reports it (RUNNING: every container started, or done: ECS-SEMANTICS §0.3). */
    record Status(TaskStatus status) implements Awaited {
        public Status {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public void check(TaskDefinitionFile task) {
        }

        @Override
        public void await(RunningTask task, Duration timeout) throws InterruptedException {
            task.awaitStatus(status, timeout);
        }

        @Override
        public String what() {
            return status.name();
        }
    }

    /** A container's healthCheck reports HEALTHY. */
    record Healthy(String container) implements Awaited {
        public Healthy {
            Objects.requireNonNull(container, "container");
        }

        @Override
        public void check(TaskDefinitionFile task) {
            ContainerDefinition definition = task.definition().container(container).orElseThrow(() ->
                    new ExtensionConfigurationException("awaitingHealthy(\"" + container + "\"): " + task.family()
                            + " has no container " + container + ". Containers: " + String.join(", ",
                            task.definition().containerDefinitions().stream().map(ContainerDefinition::name).toList())));
            if (definition.healthCheck() == null) {
                throw new ExtensionConfigurationException("awaitingHealthy(\"" + container + "\"): " + container
                        + " has no healthCheck, so it never becomes HEALTHY. Give it one, or await RUNNING.");
            }
        }

        @Override
        public void await(RunningTask task, Duration timeout) throws InterruptedException {
            task.awaitHealthy(container, timeout);
        }

        @Override
        public String what() {
            return container + " HEALTHY";
        }
    }

    /** Nothing: the tests get the task as soon as it was started, and wait themselves. */
    record Nothing() implements Awaited {
        @Override
        public void check(TaskDefinitionFile task) {
        }

        @Override
        public void await(RunningTask task, Duration timeout) {
        }

        @Override
        public String what() {
            return "nothing";
        }
    }
}
