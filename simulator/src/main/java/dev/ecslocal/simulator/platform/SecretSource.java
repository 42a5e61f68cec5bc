package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.model.Secret;

import java.util.Optional;

/** Somewhere a secret's value may be: the user's local file, or the account (`run --secrets FILE`, `--secrets aws`). */
public interface SecretSource {
    /**
     * The value ECS would give the secret from here.
     *
     * @return empty when this source holds nothing for it (the next source is asked)
     * @throws UnresolvedSecret in the agent's words, when this source is where the value is and it cannot be had
     */
    Optional<String> find(Secret secret) throws UnresolvedSecret;

    /**
     * A container's {@code repositoryCredentials.credentialsParameter}: a Secrets Manager secret, by ARN or (in the
     * task's region) by name, whose SecretString holds {@code username} and {@code password}.
     *
     * @return empty when this source holds nothing for it
     */
    Optional<String> findRegistryCredentials(String credentialsParameter) throws UnresolvedSecret;
}
