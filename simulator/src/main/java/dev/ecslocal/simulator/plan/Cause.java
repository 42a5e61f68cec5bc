package dev.ecslocal.simulator.plan;

/** Why an edge of the dependency graph exists: the user wrote it, or ECS adds it (ECS-SEMANTICS §1.5). */
public enum Cause {
    DEPENDS_ON("dependsOn"),
    LINKS("links"),
    VOLUMES_FROM("volumesFrom"),
    FIRELENS("FireLens"),
    AWSVPC("awsvpc network namespace"),
    TASK_NAMESPACE("pidMode/ipcMode task");

    private final String label;

    Cause(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isImplicit() {
        return this != DEPENDS_ON;
    }
}
