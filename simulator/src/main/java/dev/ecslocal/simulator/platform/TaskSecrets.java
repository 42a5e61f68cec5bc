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

    /** Whether the run was given anywhere to look for secrets: without, a repositoryCredentials secret is not fetched. */
    public boolean anywhere() {
        return account != null || !local.isEmpty();
    }

    /** The values known before the run starts: the local store's. The account's are masked as they are fetched. */
    public java.util.Set<String> knownValues() {
        return local.values();
    }
}
