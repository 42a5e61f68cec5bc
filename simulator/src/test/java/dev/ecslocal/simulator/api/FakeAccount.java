package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RegistryToken;
import dev.ecslocal.simulator.aws.RoleCredentials;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An AWS account that answers ecs:DescribeTaskDefinition with one canned answer, or one failure, and records what it
 * was asked. Any other call is a test's mistake.
 */
public final class FakeAccount implements AwsAccount {
    private final String answer;
    private final AwsCallFailure failure;
    /** {@code region taskDefinition} of each call, in order. */
    public final List<String> asked = new ArrayList<>();
    public boolean closed;

    private FakeAccount(String answer, AwsCallFailure failure) {
        this.answer = answer;
        this.failure = failure;
    }

    public static FakeAccount answering(String describeResponse) {
        return new FakeAccount(describeResponse, null);
    }

    public static FakeAccount failing(AwsCallFailure failure) {
        return new FakeAccount(null, failure);
    }

    @Override
    public String describeTaskDefinition(String region, String taskDefinition) throws AwsCallFailure {
        asked.add(region + " " + taskDefinition);
        if (failure != null) {
            throw failure;
        }
        return answer;
    }

    @Override
    public String secretString(String region, String secretId, String versionStage, String versionId) {
        throw new AssertionError("not asked of this fake");
    }

    @Override
    public Map<String, String> parameters(String region, Collection<String> names) {
        throw new AssertionError("not asked of this fake");
    }

    @Override
    public RegistryToken registryToken(String region, String registryId) {
        throw new AssertionError("not asked of this fake");
    }

    @Override
    public byte[] object(String region, String bucket, String key) {
        throw new AssertionError("not asked of this fake");
    }

    @Override
    public RoleCredentials assumeRole(String region, String roleArn, String sessionName) {
        throw new AssertionError("not asked of this fake");
    }

    @Override
    public void close() {
        closed = true;
    }
}
