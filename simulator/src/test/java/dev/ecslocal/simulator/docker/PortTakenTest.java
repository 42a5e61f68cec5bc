package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PortTakenTest {
    private static List<ContainerSpec.PortBinding> holderPublishing(ContainerSpec.PortBinding... ports) {
        return List.of(ports);
    }

    @Test
    void the_daemons_words_for_a_taken_port_name_the_mapping_that_asked_for_it() {
        List<ContainerSpec.PortBinding> spec = holderPublishing(new ContainerSpec.PortBinding(80, "tcp", "127.0.0.1", 80, "proxy", 0),
                new ContainerSpec.PortBinding(18080, "tcp", "127.0.0.1", 18080, "web", 1));
        String proxy = "driver failed programming external connectivity on endpoint x (y): Error starting userland proxy: "
                + "listen tcp4 127.0.0.1:18080: bind: address already in use";
        RuntimeFailure named = PortTaken.named(spec, new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, proxy));
        assertThat(named.reason()).isEqualTo("CannotStartContainerError: the host port of web's portMappings[1] (containerPort "
                + "18080/tcp → 127.0.0.1:18080) is taken by another program: " + proxy);
        assertThat(PortTaken.binding(spec, "Bind for 0.0.0.0:80 failed: port is already allocated"))
                .map(ContainerSpec.PortBinding::askedBy).contains("proxy");
    }

    @Test
    void other_failures_and_ports_of_no_binding_are_left_as_they_are() {
        List<ContainerSpec.PortBinding> spec = holderPublishing(new ContainerSpec.PortBinding(80, "tcp", "127.0.0.1", 80, "proxy", 0));
        RuntimeFailure other = new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "exec: \"x\": executable file not found");
        assertThat(PortTaken.named(spec, other)).isSameAs(other);
        assertThat(PortTaken.binding(spec, "listen tcp4 127.0.0.1:9999: bind: address already in use")).isEmpty();
    }
}
