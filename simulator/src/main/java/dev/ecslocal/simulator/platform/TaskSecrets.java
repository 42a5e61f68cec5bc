package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.model.Secret;

import java.util.Optional;

/**
 * Where a run finds its task's secrets: the user's local store first, whose values win per secret, then the account
 * when the run was told to look there ({@code --secrets aws}). A secret neither has fails as ECS fails it.
 */
public final class TaskSecrets {
    private final SecretStore local;
    private final SecretSource account;

    /** @param account null: the run may not ask the account */
    public TaskSecrets(SecretStore local, SecretSource account) {
        this.local = local;
        this.account = account;
    }

    public static TaskSecrets local(SecretStore store) {
        return new TaskSecrets(store, null);
    }

    /** @throws UnresolvedSecret in the agent's words, with the fix */
    public String resolve(Secret secret) throws UnresolvedSecret {
        Optional<String> value = local.find(secret);
        if (value.isEmpty() && account != null) {
            value = account.find(secret);
        }
        if (value.isPresent()) {
            return value.get();
        }
        throw local.notFound(secret, account == null ? "run with --secrets aws (from your account) or --secrets FILE, a file "
                + "that holds" : "the account has no such secret; check valueFrom, or put a local value in a --secrets file under");
    }

    /**
     * A container's repositoryCredentials secret, from the local store, else the account when the run may ask it.
     *
     * @return empty when the store does not hold it and the account may not be asked: then the image is pulled with
     * Docker's own credentials (the run says so), as before ecs-local knew of repositoryCredentials
     * @throws UnresolvedSecret in the agent's words when the account was asked and did not give it
     */
    public Optional<String> registryCredentials(String credentialsParameter) throws UnresolvedSecret {
        Optional<String> value = local.findRegistryCredentials(credentialsParameter);
        return value.isEmpty() && account != null ? account.findRegistryCredentials(credentialsParameter) : value;
    }

    /** Whether {@link #registryCredentials} would give a value without asking the account (or the account may be asked). */
    public boolean mayGiveRegistryCredentials(String credentialsParameter) {
        try {
            return account != null || local.findRegistryCredentials(credentialsParameter).isPresent();
        } catch (UnresolvedSecret unusable) {
            return true; // held, and its failure is said when the task's resources are made
        }
    }
}
