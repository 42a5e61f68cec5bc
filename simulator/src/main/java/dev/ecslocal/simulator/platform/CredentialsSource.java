package dev.ecslocal.simulator.platform;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the task role's credentials come from ({@code run --task-role-credentials}): keys the user already has, passed
 * on as read when a container asks and never kept, printed or written; or, when asked for, the task's own role
 * assumed with the user's credentials, as ECS gives it.
 */
public sealed interface CredentialsSource {
    /**
     * What the credentials endpoint serves.
     *
     * @param sessionToken null for long-term keys
     * @param expiration   when STS says they expire; null for keys passed on, whose end ecs-local does not know
     */
    record Keys(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        @Override
        public String toString() {
            return "Keys[" + accessKeyId + ", ****]";
        }
    }

    /** The keys, or why there are none (said to the container that asked). */
    Result keys();

    record Result(Keys keys, String whyNone) {
    }

    /** The endpoint answers with an error that says how to give keys: it never invents them. */
    record None() implements CredentialsSource {
        @Override
        public Result keys() {
            return new Result(null, "ecs-local serves the task role's credentials only when asked to: run with "
                    + "--task-role-credentials env (your AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or "
                    + "--task-role-credentials profile:NAME (from your AWS credentials file) or --task-role-credentials "
                    + "assume (the task's role, assumed with your AWS credentials)");
        }
    }

    /** ecs-local's own environment's keys. */
    record Environment(Map<String, String> environment) implements CredentialsSource {
        @Override
        public Result keys() {
            String id = environment.get("AWS_ACCESS_KEY_ID");
            String secret = environment.get("AWS_SECRET_ACCESS_KEY");
            if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
                return new Result(null, "--task-role-credentials env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both "
                        + "set in ecs-local's environment");
            }
            return new Result(new Keys(id, secret, environment.get("AWS_SESSION_TOKEN"), null), null);
        }
    }

    /** A profile of the credentials file, read at each request (the user may refresh it while the task runs). */
    record Profile(String name, Supplier<Optional<AwsProfiles>> credentialsFile) implements CredentialsSource {
        @Override
        public Result keys() {
            Optional<AwsProfiles> file = credentialsFile.get();
            Optional<String> id = file.flatMap(f -> f.credentials(name, "aws_access_key_id"));
            Optional<String> secret = file.flatMap(f -> f.credentials(name, "aws_secret_access_key"));
            if (id.isEmpty() || secret.isEmpty()) {
                return new Result(null, "--task-role-credentials profile:" + name + ": the AWS credentials file has no "
                        + "aws_access_key_id and aws_secret_access_key for [" + name + "]");
            }
            return new Result(new Keys(id.get(), secret.get(), file.flatMap(f -> f.credentials(name, "aws_session_token"))
                    .orElse(null), null), null);
        }
    }

    /**
     * The task's own role ({@code --task-role-credentials assume}): assumed with the user's credentials (sts:AssumeRole,
     * as session {@code sessionName}) before the task starts, and again before the keys expire, by {@code session},
     * which says why when it has none to give.
     */
    record Assumed(String roleArn, String sessionName, Supplier<Result> session) implements CredentialsSource {
        @Override
        public Result keys() {
            return session.get();
        }
    }
}
