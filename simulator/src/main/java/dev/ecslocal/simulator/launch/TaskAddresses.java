package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.firelens.ForwardReceiver;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The FireLens receivers' gate: a connection is the task's when it comes from the address of one of the task's
 * containers on Docker's bridge (the awsvpc pause container's for every member of the task), or, in host mode,
 * from this machine, where such a task's containers are. Any other container on the daemon's bridge can reach
 * ecs-local's receivers, and is refused.
 *
 * <p>Addresses are learnt from Docker as the task's containers start: an address not known yet makes it ask for the
 * containers created since it last looked, and again for all of them at most once per {@link #REFRESH_INTERVAL}, so
 * that a refused outsider knocking in a loop costs no flood of calls and a container just started is never refused.
 */
final class TaskAddresses implements ForwardReceiver.Gate {
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final Supplier<TaskView> view;
    private final ContainerRuntime runtime;
    private final boolean hostMode;
    private final LongSupplier nanoTime;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** The containers whose address has been asked for, by runtime id. */
    private final Set<String> inspected = new java.util.HashSet<>();
    private long lastRefresh;
    private boolean refreshed;

    /** @param hostMode the task's containers are on the host's network: their connections come from this machine */
    TaskAddresses(Supplier<TaskView> view, ContainerRuntime runtime, boolean hostMode, LongSupplier nanoTime) {
        this.view = view;
        this.runtime = runtime;
        this.hostMode = hostMode;
        this.nanoTime = nanoTime;
    }

    @Override
    public String refuses(InetAddress peer) {
        String address = peer.getHostAddress();
        if (known.contains(address) || (hostMode && ofThisMachine(peer))) {
            return null;
        }
        if (refresh() && known.contains(address)) {
            return null;
        }
        return "it is not a container of this task (its containers are at " + (known.isEmpty() ? "no address yet"
                : String.join(", ", new java.util.TreeSet<>(known))) + "); only they may send records to FireLens";
    }

    /**
     * Learns the addresses of containers started since the last look at once; asks again of those already seen (a
     * restarted container may have another address) at most once per {@link #REFRESH_INTERVAL}.
     *
     * @return whether Docker was asked
     */
    private synchronized boolean refresh() {
        long now = nanoTime.getAsLong();
        boolean again = !refreshed || now - lastRefresh >= REFRESH_INTERVAL.toNanos();
        boolean asked = false;
        for (TaskView.ContainerView container : view.get().containers()) {
            String id = container.runtimeId();
            if (id == null || (!again && inspected.contains(id))) {
                continue;
            }
            asked = true;
            try {
                String ip = runtime.inspect(id).ipAddress();
                if (ip != null) {
                    known.add(ip);
                }
                // A container created but not started yet has no address so far: asked again at the next connection
                // from an address not known. One that runs without one (host mode, an awsvpc member) keeps none.
                if (ip != null || container.known() == ContainerStatus.RUNNING) {
                    inspected.add(id);
                }
            } catch (RuntimeFailure gone) {
                // Removed, or Docker is away: its address, if it had one, stays known.
            }
        }
        if (again) {
            refreshed = true;
            lastRefresh = now;
        }
        return asked;
    }

    private static boolean ofThisMachine(InetAddress peer) {
        if (peer.isLoopbackAddress() || peer.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(peer) != null;
        } catch (SocketException unknown) {
            return false;
        }
    }
}
