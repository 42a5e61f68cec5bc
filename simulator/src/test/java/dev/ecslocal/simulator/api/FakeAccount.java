package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.aws.AccountAnswering;
import dev.ecslocal.simulator.aws.AwsCallFailure;

import java.util.ArrayList;
import java.util.List;

/**
 * An AWS account that answers ecs:DescribeTaskDefinition with one canned answer, or one failure, and records what it
 * was asked. Any other call is a test's mistake.
 */
public final class FakeAccount extends AccountAnswering {
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
    public void close() {
        closed = true;
    }
}
