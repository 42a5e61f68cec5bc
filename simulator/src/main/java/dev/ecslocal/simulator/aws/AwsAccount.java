package dev.ecslocal.simulator.aws;

import java.util.Collection;
import java.util.Map;

/**
 * The calls ecs-local makes to the user's AWS account, each the one ECS makes with the task's execution role or the
 * agent's credentials (docs/ecs-semantics.md §12): the narrow port that the run's inputs are fetched through.
 * {@link #connect()} gives the real one (the AWS SDK, the user's credentials); tests give a fake.
 *
 * <p>Nothing calls AWS unless a run asks for it (a {@code --secrets aws}-like option, {@code --task-definition},
 * {@code --task-role-credentials assume}): commands that do not ask never load the SDK.
 */
public interface AwsAccount extends AutoCloseable {
    /**
     * secretsmanager:GetSecretValue.
     *
     * @param region       the ARN's; for a secret named without an ARN, the task's
     * @param secretId     the secret's ARN (without json-key and version fields) or name
     * @param versionStage null: AWSCURRENT (unless a version id is given)
     * @param versionId    null: the stage's version
     * @return the SecretString (a binary secret's bytes read as UTF-8)
     */
    String secretString(String region, String secretId, String versionStage, String versionId) throws AwsCallFailure;

    /**
     * ssm:GetParameters with decryption, as the agent batches a region's parameters.
     *
     * @param names parameter names ({@code /prod/db}, {@code db}), not ARNs
     * @return the value of each parameter found; a name Parameter Store does not have is absent (the agent's "invalid
     * parameters")
     */
    Map<String, String> parameters(String region, Collection<String> names) throws AwsCallFailure;

    /** ecr:GetAuthorizationToken for the registry of account {@code registryId} in {@code region}. */
    RegistryToken registryToken(String region, String registryId) throws AwsCallFailure;

    /**
     * s3:GetObject. S3 ARNs carry no region: the bucket's own is found as the SDK finds it (cross-region access), starting
     * from {@code region}.
     */
    byte[] object(String region, String bucket, String key) throws AwsCallFailure;

    /**
     * ecs:DescribeTaskDefinition with its tags.
     *
     * @param taskDefinition {@code family}, {@code family:revision} or an ARN
     * @return the response as the API's JSON: {@code {"taskDefinition": {…}, "tags": […]}}
     */
    String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure;

    /**
     * sts:AssumeRole.
     *
     * @param sessionName what CloudTrail shows as the session: ecs-local's and the task's
     */
    RoleCredentials assumeRole(String region, String roleArn, String sessionName) throws AwsCallFailure;

    /** The HTTP client and the service clients go. */
    @Override
    void close();

    /**
     * The account the user's AWS settings give, as the AWS CLI finds them: the SDK's default credentials chain
     * (environment, profile and {@code AWS_PROFILE}, SSO, web identity, container and instance credentials) and its
     * standard endpoint settings ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}). Loads the SDK: call it
     * only for a run that asks for AWS.
     */
    static AwsAccount connect() {
        return SdkLoader.connect();
    }
}
