package dev.ecslocal.simulator.engine;

import java.time.Instant;

/** Every wait ends as satisfied, not yet, or never; "never" says why at once. */
sealed interface Resolution {
    record Satisfied() implements Resolution {
    }

    /**
     * @param deadline when this could turn into {@link Never} by itself (a startTimeout), or null
     * @param stuck    nothing will end this wait: ECS would leave the task PENDING for ever (§1.3)
     */
    record Waiting(String why, Instant deadline, boolean stuck) implements Resolution {
    }

    /** @param reason the dependent container's reason, in the agent's words (ECS-SEMANTICS §1.3) */
    record Never(String reason) implements Resolution {
    }

    Satisfied SATISFIED = new Satisfied();
}
