package dev.ecslocal.simulator.aws;

import java.util.function.Supplier;

/**
 * S3 objects a task names, from the user's account ({@code run --env-files aws}, {@code --firelens-s3 aws}): an
 * {@code environmentFiles} object or the FireLens router's {@code config-file-type s3} file, fetched with s3:GetObject
 * as ECS fetches them with the execution role.
 */
public final class AccountObjects {
    private final Supplier<AwsAccount> account;
    private final String taskRegion;

    /** @param taskRegion where the bucket is looked for first (an S3 ARN names no region; the SDK follows the bucket's) */
    public AccountObjects(Supplier<AwsAccount> account, String taskRegion) {
        this.account = account;
        this.taskRegion = taskRegion;
    }

    /**
     * @param s3Arn {@code arn:aws:s3:::bucket/path/key}
     * @throws AwsCallFailure in AWS's words ({@code NoSuchKey: The specified key does not exist.})
     * @throws IllegalArgumentException when the ARN names no bucket and key
     */
    public byte[] get(String s3Arn) throws AwsCallFailure {
        int resource = s3Arn.indexOf(":::");
        String bucketAndKey = s3Arn.startsWith("arn:") && resource > 0 ? s3Arn.substring(resource + 3) : "";
        int slash = bucketAndKey.indexOf('/');
        if (slash <= 0 || slash == bucketAndKey.length() - 1) {
            throw new IllegalArgumentException(s3Arn + " is not an S3 object's ARN (arn:aws:s3:::bucket/key)");
        }
        return account.get().object(taskRegion, bucketAndKey.substring(0, slash), bucketAndKey.substring(slash + 1));
    }

    /** What the user can do about a failed GetObject. */
    public static String fix(AwsCallFailure failure, String s3Arn, String localOption) {
        String object = s3Arn.substring(s3Arn.indexOf(":::") + 3);
        return switch (failure.kind()) {
            case NO_CREDENTIALS -> "ecs-local asks AWS with your credentials only; or give a local copy with " + localOption;
            case UNREACHABLE -> "check your network and AWS_ENDPOINT_URL settings, or give a local copy with " + localOption;
            case REFUSED -> failure.credentialsRejected() ? AwsCallFailure.CREDENTIALS_FIX + "; or give a local copy with "
                    + localOption
                    : failure.errorCode().startsWith("NoSuch")
                    ? "`aws s3 ls s3://" + object + "` shows whether it exists; or give a local copy with " + localOption
                    : "your AWS identity (on ECS: the task's execution role) needs s3:GetObject on arn:aws:s3:::" + object
                            + "; or give a local copy with " + localOption;
        };
    }
}
