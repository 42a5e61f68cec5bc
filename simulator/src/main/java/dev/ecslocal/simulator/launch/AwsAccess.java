package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.UnavailableAccount;

import java.util.function.Supplier;

/**
 * A run's way to the user's AWS account: connected at the first call that needs it (a run that asks nothing of AWS
 * never loads the SDK), and closed with the run.
 */
final class AwsAccess implements AutoCloseable {
    private final Supplier<AwsAccount> connect;
    private AwsAccount account;
    private boolean closed;

    AwsAccess(Supplier<AwsAccount> connect) {
        this.connect = connect;
    }

    /** After the run has ended, an account that says so: a late request must not connect again and leak it. */
    synchronized AwsAccount account() {
        if (closed) {
            return new UnavailableAccount("the run has ended");
        }
        if (account == null) {
            account = connect.get();
        }
        return account;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (account != null) {
            account.close();
            account = null;
        }
    }
}
