package dev.ecslocal.simulator.docker;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A start that failed because a host port is held by another program: which of the container's bindings it was. In
 * awsvpc the network holder publishes every member's ports, so the daemon's words name the holder's endpoint; the
 * binding names the container and port mapping that asked for the port.
 */
public final class PortTaken {
    // Docker: "listen tcp4 127.0.0.1:8080: bind: address already in use" (the userland proxy) and
    // "Bind for 0.0.0.0:8080 failed: port is already allocated" (the port allocator); Podman: "rootlessport listen
    // tcp 127.0.0.1:8080: bind: address already in use".
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]*]|::):(\\d{1,5})(?=: bind| failed)");

    private PortTaken() {
    }

    /** The binding the failure names; empty when it is not a taken port, or names none of the container's. */
    public static Optional<ContainerSpec.PortBinding> binding(List<ContainerSpec.PortBinding> ports, String message) {
        if (message == null || !(message.contains("address already in use") || message.contains("port is already allocated"))) {
            return Optional.empty();
        }
        Matcher matcher = HOST_PORT.matcher(message);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(matcher.group(1));
        return ports.stream().filter(binding -> binding.hostPort() == port).findFirst();
    }

    /** The failure, with the port mapping that asked for the port named first; unchanged when it is not a taken port. */
    public static RuntimeFailure named(List<ContainerSpec.PortBinding> ports, RuntimeFailure failure) {
        return binding(ports, failure.getMessage())
                .map(binding -> new RuntimeFailure(failure.kind(), "the host port of " + binding.describe()
                        + " is taken by another program: " + failure.getMessage(), failure))
                .orElse(failure);
    }
}
