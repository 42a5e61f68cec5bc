package dev.ecslocal.simulator.aws;

import java.time.Instant;

/** Temporary credentials of a role (sts:AssumeRole), as the credentials endpoint serves them. */
public record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    @Override
    public String toString() {
        return "RoleCredentials[" + accessKeyId + ", ****, ****, " + expiration + "]";
    }
}
