package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The user's faults, each checked against the task before anything starts. */
final class Faults {
    private Faults() {
    }

    /**
     * Each fault names a container of the task, and HEALTHY (or a failed health) only for one with a health check.
     *
     * @throws RunRefusedException naming the option, the fault and the fix
     */
    static List<Fault> of(TaskDefinition task, List<RunOptions.FaultSpec> specs) throws RunRefusedException {
        List<Fault> faults = new ArrayList<>();
        for (RunOptions.FaultSpec spec : specs) {
            Fault.Kind kind = Fault.Kind.valueOf(spec.kind().name());
            Fault fault;
            try {
                fault = Fault.parse(kind, spec.text());
            } catch (IllegalArgumentException e) {
                throw new RunRefusedException(e.getMessage());
            }
            Optional<ContainerDefinition> container = task.container(fault.container());
            String option = kind.option() + " " + spec.text();
            if (container.isEmpty()) {
                throw new RunRefusedException(option + ": no container " + fault.container() + ". Containers: " + String.join(", ",
                        task.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
            }
            if (kind == Fault.Kind.FAIL_HEALTH && container.get().healthCheck() == null) {
                throw new RunRefusedException(option + ": " + fault.container() + " has no healthCheck to fail");
            }
            if (fault.anchor() == Fault.Anchor.HEALTHY && container.get().healthCheck() == null) {
                throw new RunRefusedException(option + ": " + fault.container()
                        + " has no healthCheck, so it never becomes HEALTHY; use running+DURATION");
            }
            faults.add(fault);
        }
        return faults;
    }
}
