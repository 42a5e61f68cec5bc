package dev.ecslocal.simulator.docker;

/**
 * What a run brings to an image's pull beyond Docker's own credentials (docs/ecs-semantics.md §3.1, "Credentials for a pull"): ECS pulls a
 * private registry's image with the task's {@code repositoryCredentials}, and an Amazon ECR image with a token from the
 * execution role. Locally, Docker's config comes first for ECR, since that is what the user logged in with; the token is
 * asked for only when Docker has nothing for the registry, or what it had was refused.
 *
 * @param task      the container's repositoryCredentials, used instead of Docker's; null: none
 * @param ecrTokens gives a token for an ECR registry; null: the run was not asked to
 */
public record PullCredentials(PullAuth task, EcrLogin ecrTokens) {
    /** Docker's own credentials only. */
    public static final PullCredentials DOCKER = new PullCredentials(null, null);

    /** A token for an Amazon ECR registry. */
    @FunctionalInterface
    public interface EcrLogin {
        /** @throws RuntimeFailure {@link RuntimeFailure.Kind#CANNOT_PULL}, in ECS's words, when no token can be had */
        PullAuth token(Registry registry) throws RuntimeFailure;
    }
}
