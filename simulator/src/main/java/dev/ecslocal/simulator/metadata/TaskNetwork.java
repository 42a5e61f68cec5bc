package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.NetworkAttachment;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.model.NetworkMode;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's entry in the metadata's {@code Networks} (ECS-SEMANTICS §8.4), from Docker's view of the network it is
 * on. In awsvpc, ECS describes the task's elastic network interface; here that interface is the network holder's on
 * Docker's default bridge, so its address, MAC address, subnet and gateway are the holder's there, and the names ECS
 * derives from them (the private DNS name) are derived the same way. In bridge mode the agent gives the mode and the
 * address only; in host and none modes the mode alone (no {@code IPv4Addresses}, not an empty list).
 */
final class TaskNetwork {
    /** Docker's default bridge: the network a bridge-mode container, and the awsvpc network holder, are on. */
    static final String DEFAULT_BRIDGE = "bridge";

    private final NetworkMode mode;
    private final String region;
    private final boolean fargate;
    private final ContainerRuntime runtime;
    /** The holder's resolver settings, read once: Docker writes them when it creates the container. */
    private volatile Resolver resolver;

    TaskNetwork(NetworkMode mode, String region, boolean fargate, ContainerRuntime runtime) {
        this.mode = mode;
        this.region = region;
        this.fargate = fargate;
        this.runtime = runtime;
    }

    /**
     * @param network  the entry to fill
     * @param on       what Docker says of the container whose network it is: the holder in awsvpc, else the container;
     *                 null when it does not exist (yet)
     */
    void describe(ObjectNode network, ContainerSnapshot on) {
        network.put("NetworkMode", mode.ecsName());
        NetworkAttachment attachment = on == null || mode == NetworkMode.HOST || mode == NetworkMode.NONE ? null
                : on.network(DEFAULT_BRIDGE).orElse(null);
        if (attachment == null || attachment.ipAddress() == null) {
            return;
        }
        network.putArray("IPv4Addresses").add(attachment.ipAddress());
        if (mode != NetworkMode.AWSVPC) {
            return;
        }
        network.put("AttachmentIndex", 0); // the agent's one interface per task is index 0
        if (attachment.macAddress() != null) {
            network.put("MACAddress", attachment.macAddress());
        }
        if (attachment.subnet() != null) {
            network.put("IPv4SubnetCIDRBlock", attachment.subnet());
        }
        if (fargate) {
            Resolver dns = resolver(on.id());
            if (!dns.servers().isEmpty()) {
                dns.servers().forEach(network.putArray("DomainNameServers")::add);
            }
            if (!dns.search().isEmpty()) {
                dns.search().forEach(network.putArray("DomainNameSearchList")::add);
            }
        }
        network.put("PrivateDNSName", privateDnsName(attachment.ipAddress(), region));
        if (attachment.gateway() != null && attachment.prefixLength() > 0) {
            network.put("SubnetGatewayIpv4Address", attachment.gateway() + "/" + attachment.prefixLength());
        }
    }

    private Resolver resolver(String holderId) {
        Resolver known = resolver;
        if (known == null) {
            String conf;
            try {
                conf = runtime.readFile(holderId, "/etc/resolv.conf");
            } catch (RuntimeFailure unreadable) {
                return new Resolver(List.of(), List.of()); // not kept: the next request asks again
            }
            known = Resolver.parse(conf == null ? "" : conf);
            resolver = known;
        }
        return known;
    }

    /**
     * EC2's private DNS name for an address, as an ENI gets it: {@code ip-10-0-2-106.us-west-2.compute.internal}, and
     * {@code ip-10-0-2-106.ec2.internal} in us-east-1.
     */
    static String privateDnsName(String ipv4, String region) {
        return "ip-" + ipv4.replace('.', '-') + (region.equals("us-east-1") ? ".ec2.internal" : "." + region + ".compute.internal");
    }

    /** The {@code nameserver} and {@code search} lines of a resolv.conf. */
    record Resolver(List<String> servers, List<String> search) {
        static Resolver parse(String conf) {
            List<String> servers = new ArrayList<>();
            List<String> search = new ArrayList<>();
            for (String line : conf.split("\n")) {
                String[] words = line.strip().split("\\s+");
                if (words.length > 1 && words[0].equals("nameserver")) {
                    servers.add(words[1]);
                } else if (words.length > 1 && words[0].equals("search")) {
                    search.clear(); // the last search line wins, as the resolver reads it
                    search.addAll(List.of(words).subList(1, words.length));
                }
            }
            return new Resolver(List.copyOf(servers), List.copyOf(search));
        }
    }
}
