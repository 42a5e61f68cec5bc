package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.aws.AwsAccount;

import java.util.function.Supplier;

/**
 * A run's way to the user's AWS account: connected at the first call that needs it (a run that asks nothing of AWS
 * never loads the SDK), and closed with the run.
 */
final class AwsAccess implements AutoCloseable {
    private final Supplier<AwsAccount> connect;
    private AwsAccount account;

    AwsAccess(Supplier<AwsAccount> connect) {
        this.connect = connect;
    }

    synchronized AwsAccount account() {
        if (account == null) {
            account = connect.get();
        }
        return account;
    }

    @Override
    public synchronized void close() {
        if (account != null) {
            account.close();
            account = null;
        }
    }
}
