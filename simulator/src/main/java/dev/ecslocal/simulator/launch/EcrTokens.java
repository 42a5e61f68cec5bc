package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.aws.RegistryToken;
import dev.ecslocal.simulator.docker.PullAuth;
import dev.ecslocal.simulator.docker.PullCredentials;
import dev.ecslocal.simulator.docker.Registry;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.platform.SecretMask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Amazon ECR tokens for a run's pulls ({@code run --pull-credentials aws}), as ECS gets them with the execution role:
 * ecr:GetAuthorizationToken in the registry's region, for the registry's account. One token per registry serves the
 * whole run while it is valid; the first is said once.
 */
final class EcrTokens implements PullCredentials.EcrLogin {
    /** A token this close to its end is not used for a new pull. */
    private static final Duration MARGIN = Duration.ofMinutes(5);

    private final AwsAccess aws;
    private final SecretMask mask;
    private final Consumer<String> say;
    private final Map<String, RegistryToken> tokens = new ConcurrentHashMap<>();

    EcrTokens(AwsAccess aws, SecretMask mask, Consumer<String> say) {
        this.aws = aws;
        this.mask = mask;
        this.say = say;
    }

    @Override
    public PullAuth token(Registry registry) throws RuntimeFailure {
        String region = registry.ecrRegion();
        String registryId = registry.host().substring(0, registry.host().indexOf('.'));
        String source = PullAuth.ECR_TOKEN + " from ecr:GetAuthorizationToken (your AWS credentials, " + region + ")";
        RegistryToken token;
        synchronized (this) {
            token = tokens.get(registry.host());
            boolean usable = token != null && (token.expiresAt() == null || token.expiresAt().isAfter(Instant.now().plus(MARGIN)));
            if (!usable) {
                try {
                    token = aws.account().registryToken(region, registryId);
                } catch (AwsCallFailure failure) {
                    throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "unable to retrieve ecr registry auth: "
                            + failure.getMessage() + " (ecs-local: registry " + registry.host() + "; " + fix(failure, registry) + ")");
                }
                mask.add(List.of(token.password()));
                if (tokens.put(registry.host(), token) == null) {
                    say.accept(registry.host() + ": pulling with " + source + ", since Docker has no working login for it");
                }
            }
        }
        return new PullAuth(token.username(), token.password(), source);
    }

    private static String fix(AwsCallFailure failure, Registry registry) {
        return switch (failure.kind()) {
            case NO_CREDENTIALS -> "or log Docker in yourself: " + registry.loginCommand();
            case UNREACHABLE -> "check your network and AWS_ENDPOINT_URL settings, or log Docker in: " + registry.loginCommand();
            case REFUSED -> failure.credentialsRejected() ? AwsCallFailure.CREDENTIALS_FIX + "; or log Docker in: "
                    + registry.loginCommand() : "your AWS identity (on ECS: the task's execution role) needs ecr:GetAuthorizationToken, and "
                    + "ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository";
        };
    }
}
