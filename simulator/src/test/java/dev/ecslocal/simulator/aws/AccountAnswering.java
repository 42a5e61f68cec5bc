package dev.ecslocal.simulator.aws;

import java.util.Collection;
import java.util.Map;

/** A fake account for tests that expect one kind of call: every call a test does not override fails the test. */
public abstract class AccountAnswering implements AwsAccount {
    @Override
    public String secretString(String region, String secretId, String versionStage, String versionId) throws AwsCallFailure {
        throw new AssertionError("unexpected GetSecretValue " + secretId);
    }

    @Override
    public Map<String, String> parameters(String region, Collection<String> names) throws AwsCallFailure {
        throw new AssertionError("unexpected GetParameters " + names);
    }

    @Override
    public RegistryToken registryToken(String region, String registryId) throws AwsCallFailure {
        throw new AssertionError("unexpected GetAuthorizationToken " + registryId);
    }

    @Override
    public byte[] object(String region, String bucket, String key) throws AwsCallFailure {
        throw new AssertionError("unexpected GetObject " + bucket + "/" + key);
    }

    @Override
    public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
        throw new AssertionError("unexpected DescribeTaskDefinition " + taskDefinition);
    }

    @Override
    public RoleCredentials assumeRole(String region, String roleArn, String sessionName) throws AwsCallFailure {
        throw new AssertionError("unexpected AssumeRole " + roleArn);
    }

    @Override
    public void close() {
    }
}
