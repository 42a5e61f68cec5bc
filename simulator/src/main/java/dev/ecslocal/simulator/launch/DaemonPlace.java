package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.DaemonFacts;
import dev.ecslocal.simulator.docker.RuntimeFailure;

/**
 * Where the daemon runs, asked once per run (docker info): a daemon on another machine (a VM of Docker Desktop,
 * colima or Podman, or another host) sees neither this machine's files nor its addresses, which decides FireLens's
 * router, the endpoint and what the run says at its start.
 *
 * @param daemon         the daemon's host name; null when it would not say
 * @param here           this machine's
 * @param unknownBecause the daemon's words when it would not say; null otherwise
 * @param fluentd        whether the daemon has Docker's fluentd log driver (Podman has none); true when it would not say
 * @param tcpHost        the other host ecs-local reaches the daemon on over TCP; null for a socket
 */
record DaemonPlace(String daemon, String here, String unknownBecause, boolean fluentd, String tcpHost) {
    static DaemonPlace of(ContainerRuntime runtime) {
        try {
            DaemonFacts facts = runtime.daemonFacts();
            return new DaemonPlace(facts.hostname(), Hostname.local(), null, facts.hasLogDriver("fluentd"), facts.tcpHost());
        } catch (RuntimeFailure failure) {
            return new DaemonPlace(null, Hostname.local(), failure.getMessage(), true, null);
        }
    }

    /** The daemon's machine when it is not this one; null when it is, or it would not say. */
    String elsewhere() {
        return daemon == null || daemon.equals(here) ? null : daemon;
    }
}
