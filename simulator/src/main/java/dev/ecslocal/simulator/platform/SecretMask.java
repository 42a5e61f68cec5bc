package dev.ecslocal.simulator.platform;

import java.util.Collection;

/**
 * The secret values a run knows so far, which everything it shows is masked with. It grows while the run goes: values
 * fetched from the account when the task's resources are made, the task role's keys at each refresh. A value is added
 * before it is handed to anything that could show it.
 */
public final class SecretMask {
    private volatile Redaction redaction;

    public SecretMask(Collection<String> known) {
        this.redaction = Redaction.of(known);
    }

    public synchronized void add(Collection<String> values) {
        redaction = redaction.and(values);
    }

    public Redaction current() {
        return redaction;
    }
}
