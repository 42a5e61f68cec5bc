package dev.ecslocal.simulator.api;

/**
 * What a run may fetch from the user's AWS account, as ECS fetches it with the task's execution role: each only when
 * asked ({@link RunOptions#withFromAccount}), and a local copy of the same thing always wins.
 */
public enum AccountInput {
    /** Secrets and secret log options: secretsmanager:GetSecretValue, ssm:GetParameters (`run --secrets aws`). */
    SECRETS,
    /** environmentFiles objects: s3:GetObject (`run --env-files aws`). */
    ENVIRONMENT_FILES,
    /** The FireLens router's config-file-type s3 object: s3:GetObject (`run --firelens-s3 aws`). */
    FIRELENS_CONFIG,
    /** A token for an Amazon ECR image Docker has no credentials for: ecr:GetAuthorizationToken (`run --pull-credentials aws`). */
    REGISTRY_TOKENS
}
