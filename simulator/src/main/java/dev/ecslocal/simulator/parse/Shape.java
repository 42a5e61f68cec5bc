package dev.ecslocal.simulator.parse;

/** The forms of task definition that people keep, recognised by their content (ECS-SEMANTICS §11). */
public enum Shape {
    /** {@code aws ecs register-task-definition --cli-input-json} input: {@code family} + {@code containerDefinitions}. */
    REGISTER("RegisterTaskDefinition JSON"),
    /** {@code aws ecs describe-task-definition --query taskDefinition}: the task definition with its read-only fields. */
    DESCRIBE("describe-task-definition output"),
    /** {@code aws ecs describe-task-definition} as printed: {@code {"taskDefinition": {...}}}. */
    DESCRIBE_WRAPPED("describe-task-definition output"),
    /**
     * A task definition registered in the user's account, read with ecs:DescribeTaskDefinition (tags included): no file,
     * so its paths are the task definition's own, and its tags (beside it in the answer) are read as its {@code tags}.
     */
    REGISTERED("registered task definition"),
    /** Terraform's {@code container_definitions}: a bare array of container definitions. */
    TERRAFORM("Terraform container_definitions array"),
    /** RegisterTaskDefinition input kept as YAML ({@code aws ecs register-task-definition --cli-input-yaml}). */
    REGISTER_YAML("RegisterTaskDefinition YAML"),
    /** An {@code AWS::ECS::TaskDefinition} of a CloudFormation template (JSON or YAML; CDK's and Copilot's output too). */
    CLOUDFORMATION("CloudFormation template"),
    /** The Properties of an {@code AWS::ECS::TaskDefinition} alone, PascalCase. */
    CLOUDFORMATION_PROPERTIES("CloudFormation AWS::ECS::TaskDefinition Properties"),
    /** {@code terraform show -json} of a state or a saved plan. */
    TERRAFORM_SHOW("terraform show -json output");

    private final String description;

    Shape(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Where a task-definition path stands in a file of this shape. */
    String documentPath(String taskDefinitionPath) {
        return switch (this) {
            // Converted shapes keep a source map keyed by the converted paths: see SourceMap#converted.
            case REGISTER, DESCRIBE, REGISTER_YAML, CLOUDFORMATION, CLOUDFORMATION_PROPERTIES, TERRAFORM_SHOW -> taskDefinitionPath;
            case REGISTERED -> taskDefinitionPath;
            // The tags stand beside the task definition in describe-task-definition output.
            case DESCRIBE_WRAPPED -> taskDefinitionPath.equals("tags") || taskDefinitionPath.startsWith("tags[") ? taskDefinitionPath
                    : taskDefinitionPath.isEmpty() ? "taskDefinition"
                    : taskDefinitionPath.startsWith("[") ? "taskDefinition" + taskDefinitionPath
                    : "taskDefinition." + taskDefinitionPath;
            case TERRAFORM -> taskDefinitionPath.startsWith("containerDefinitions")
                    ? taskDefinitionPath.substring("containerDefinitions".length())
                    : "";
        };
    }
}
