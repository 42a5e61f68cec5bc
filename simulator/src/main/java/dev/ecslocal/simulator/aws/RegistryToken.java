package dev.ecslocal.simulator.aws;

import java.time.Instant;

/**
 * An Amazon ECR registry's credentials from ecr:GetAuthorizationToken: the token is base64 of {@code AWS:password},
 * valid for 12 hours.
 *
 * @param endpoint  the registry's URL ({@code https://123456789012.dkr.ecr.eu-west-1.amazonaws.com})
 * @param expiresAt null when not said
 */
public record RegistryToken(String username, String password, String endpoint, Instant expiresAt) {
    @Override
    public String toString() {
        return "RegistryToken[" + username + ", ****, " + endpoint + ", " + expiresAt + "]";
    }
}
