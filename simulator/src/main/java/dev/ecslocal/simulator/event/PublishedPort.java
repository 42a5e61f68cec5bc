package dev.ecslocal.simulator.event;

/** A port the daemon published for a container: {@code 127.0.0.1:49153 -> 8080/tcp}. */
public record PublishedPort(int containerPort, String protocol, String hostIp, int hostPort) {
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }
}
