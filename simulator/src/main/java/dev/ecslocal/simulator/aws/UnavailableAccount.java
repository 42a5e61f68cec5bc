package dev.ecslocal.simulator.aws;

import java.util.Collection;
import java.util.Map;

/**
 * An account every call to which fails, saying why there is none: the SDK is not here, or the run has ended. The
 * failure is said where the call's failure is said, in the words of the input that needed it.
 */
public record UnavailableAccount(String why) implements AwsAccount {
    private AwsCallFailure failure(String operation) {
        return new AwsCallFailure(AwsCallFailure.Kind.UNREACHABLE, operation, null, why);
    }

    @Override
    public String secretString(String region, String secretId, String versionStage, String versionId) throws AwsCallFailure {
        throw failure("secretsmanager:GetSecretValue");
    }

    @Override
    public Map<String, String> parameters(String region, Collection<String> names) throws AwsCallFailure {
        throw failure("ssm:GetParameters");
    }

    @Override
    public RegistryToken registryToken(String region, String registryId) throws AwsCallFailure {
        throw failure("ecr:GetAuthorizationToken");
    }

    @Override
    public byte[] object(String region, String bucket, String key) throws AwsCallFailure {
        throw failure("s3:GetObject");
    }

    @Override
    public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
        throw failure("ecs:DescribeTaskDefinition");
    }

    @Override
    public RoleCredentials assumeRole(String region, String roleArn, String sessionName) throws AwsCallFailure {
        throw failure("sts:AssumeRole");
    }

    @Override
    public void close() {
    }
}
