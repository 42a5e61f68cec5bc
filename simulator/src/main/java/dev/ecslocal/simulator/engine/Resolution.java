package dev.ecslocal.simulator.engine;

import java.time.Instant;

/** Every wait ends as satisfied, not yet, or never; "never" says why at once (STYLE.md, habit 5). */
sealed interface Resolution {
    record Satisfied() implements Resolution {
    }

    /** @param deadline when this could turn into {@link Never} by itself (a startTimeout), or null */
    record Waiting(String why, Instant deadline) implements Resolution {
    }

    /** @param reason the dependent container's reason, in the agent's words (ECS-SEMANTICS §1.3) */
    record Never(String reason) implements Resolution {
    }

    Satisfied SATISFIED = new Satisfied();
}
