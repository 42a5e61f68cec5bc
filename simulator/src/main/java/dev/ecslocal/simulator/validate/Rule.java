package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.TaskDefinition;

/** One subject of ECS's rules. Reports every problem it finds, and may assume nothing was checked before it. */
interface Rule {
    void check(TaskDefinition task, Findings findings);
}
