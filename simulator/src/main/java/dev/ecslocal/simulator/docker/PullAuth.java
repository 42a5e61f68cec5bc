package dev.ecslocal.simulator.docker;

/**
 * Credentials for a pull that come from the run rather than Docker's config: a task's {@code repositoryCredentials}
 * secret, or an Amazon ECR token. Never shown.
 *
 * @param source for the user: {@code repositoryCredentials (arn:aws:secretsmanager:…)}
 */
public record PullAuth(String username, String password, String source) {
    /** How an ECR token's source starts: a refused token is not asked for again. */
    public static final String ECR_TOKEN = "an ECR token";

    @Override
    public String toString() {
        return source; // never the credentials
    }
}
