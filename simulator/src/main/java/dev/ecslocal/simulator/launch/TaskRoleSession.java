package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RoleCredentials;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.platform.SecretMask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The task role's keys under {@code --task-role-credentials assume}, kept as ECS keeps a task's: the role is assumed
 * with the user's credentials (sts:AssumeRole) before anything is created, so that a role the user cannot have
 * refuses the run; and assumed again at the first request once fewer than {@link #RENEW_BEFORE} remain, before the
 * SDKs in the containers come back for new keys (they ask again some minutes before the Expiration served).
 *
 * <p>A renewal that fails is said once (until one succeeds); the keys in hand are served while they are valid, and
 * never after their expiration: then the endpoint answers with the reason, which the container's SDK shows.
 */
final class TaskRoleSession {
    /** STS's default session lasts an hour: renewed in its last quarter. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(15);
    /**
     * Until this close to their end, the keys in hand are served at once while the renewal runs aside: the containers'
     * SDKs give up on the endpoint within seconds, and STS may take longer.
     */
    static final Duration SERVE_WHILE_RENEWING = Duration.ofMinutes(1);

    private final CredentialsSource.Assumed role;
    private final AwsAccess aws;
    private final String region;
    private final SecretMask mask;
    private final Supplier<Instant> now;
    private final Consumer<Notice> say;
    private final java.util.concurrent.Executor renewer;
    private RoleCredentials current;
    /** A renewal is running aside. */
    private boolean renewing;
    /** A failed renewal has been said, and none has succeeded since. */
    private boolean failureSaid;

    private TaskRoleSession(CredentialsSource.Assumed role, AwsAccess aws, String region, SecretMask mask, Supplier<Instant> now,
                            Consumer<Notice> say, java.util.concurrent.Executor renewer) {
        this.renewer = renewer;
        this.role = role;
        this.aws = aws;
        this.region = region;
        this.mask = mask;
        this.now = now;
        this.say = say;
    }

    /**
     * The role, assumed for the first time.
     *
     * @param runRegion the run's: STS is called there (unless the role is in another partition)
     * @param renewer    where a renewal runs while the keys in hand are still served (the run's workers)
     * @throws RunRefusedException the account would not give the role: its words, and what to change
     */
    static TaskRoleSession open(CredentialsSource.Assumed role, AwsAccess aws, String runRegion, SecretMask mask,
                                Supplier<Instant> now, Consumer<Notice> say, java.util.concurrent.Executor renewer)
            throws RunRefusedException {
        String region = stsRegion(role.roleArn(), runRegion);
        TaskRoleSession session = new TaskRoleSession(role, aws, region, mask, now, say, renewer);
        try {
            session.current = session.assume();
        } catch (AwsCallFailure failure) {
            throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, "--task-role-credentials assume: "
                    + "cannot assume the task role " + role.roleArn() + " (sts:AssumeRole in " + region + "): "
                    + failure.getMessage() + "\n" + fix(failure));
        }
        return session;
    }

    /**
     * The run's region, unless the role is in another partition (China, GovCloud), whose STS the run's region cannot
     * reach: then that partition's first region.
     */
    static String stsRegion(String roleArn, String runRegion) {
        if (roleArn.startsWith("arn:aws-cn:") && !runRegion.startsWith("cn-")) {
            return "cn-north-1";
        }
        if (roleArn.startsWith("arn:aws-us-gov:") && !runRegion.startsWith("us-gov-")) {
            return "us-gov-west-1";
        }
        return runRegion;
    }

    /**
     * The keys to serve now. Near their end they are renewed: aside while they have more than
     * {@link #SERVE_WHILE_RENEWING} left (these are served meanwhile), else before answering.
     */
    synchronized CredentialsSource.Result keys() {
        Instant at = now.get();
        if (!at.isBefore(current.expiration().minus(RENEW_BEFORE))) {
            if (at.isBefore(current.expiration().minus(SERVE_WHILE_RENEWING))) {
                if (!renewing) {
                    renewing = true;
                    renewer.execute(this::renew);
                }
            } else {
                renew();
            }
        }
        if (!at.isBefore(current.expiration())) {
            return new CredentialsSource.Result(null, "--task-role-credentials assume: the keys of " + role.roleArn()
                    + " expired at " + current.expiration() + " and the role could not be assumed again"
                    + (lastFailure == null ? "" : ": " + lastFailure.getMessage()));
        }
        return new CredentialsSource.Result(new CredentialsSource.Keys(current.accessKeyId(), current.secretAccessKey(),
                current.sessionToken(), current.expiration()), null);
    }

    /** The last renewal's failure, until one succeeds. */
    private AwsCallFailure lastFailure;

    /** One renewal: the new keys replace the old, or the failure is said once (until a renewal succeeds). */
    private void renew() {
        try {
            RoleCredentials fresh = assume();
            synchronized (this) {
                current = fresh;
                failureSaid = false;
                lastFailure = null;
            }
        } catch (AwsCallFailure failure) {
            synchronized (this) {
                lastFailure = failure;
                if (!failureSaid) {
                    failureSaid = true;
                    say.accept(new Notice.Remark(Notice.Topic.ENDPOINTS, "WARNING: the task role " + role.roleArn()
                            + " could not be assumed again (" + failure.getMessage() + "): its keys are served until they "
                            + "expire at " + current.expiration() + ", and the containers get none after that. " + fix(failure)));
                }
            }
        } finally {
            synchronized (this) {
                renewing = false;
            }
        }
    }

    /** One sts:AssumeRole; the new secret key and token are masked before anything can show them. */
    private RoleCredentials assume() throws AwsCallFailure {
        RoleCredentials assumed = aws.account().assumeRole(region, role.roleArn(), role.sessionName());
        mask.add(List.of(assumed.secretAccessKey(), assumed.sessionToken()));
        return assumed;
    }

    /** What the user can change, by what went wrong. */
    private static String fix(AwsCallFailure failure) {
        return switch (failure.kind()) {
            case NO_CREDENTIALS -> "ecs-local assumes the role with your AWS credentials, found as the AWS CLI finds them.";
            case UNREACHABLE -> "Check that STS can be reached from this machine (a proxy, or AWS_ENDPOINT_URL if you set it).";
            case REFUSED -> failure.credentialsRejected() ? "Your " + AwsCallFailure.CREDENTIALS_FIX.substring("your ".length()) + "."
                    : "AccessDenied".equals(failure.errorCode())
                    ? "The role's trust policy must allow your AWS identity (`aws sts get-caller-identity` shows it) to call "
                    + "sts:AssumeRole, and your identity's IAM policies must allow the action sts:AssumeRole on the role."
                    : "AWS's answer is about your AWS credentials (`aws sts get-caller-identity` checks them) or the task "
                    + "definition's taskRoleArn.";
        };
    }
}
