package dev.ecslocal.simulator.validate;

/**
 * @param fargate apply the Fargate launch type's restrictions as well (ECS-SEMANTICS §10); also on when
 *                the task definition's requiresCompatibilities names FARGATE
 */
public record ValidationOptions(boolean fargate) {
    public static final ValidationOptions DEFAULT = new ValidationOptions(false);
}
