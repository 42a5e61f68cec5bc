package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.PortMapping;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.problem.ContainerLabel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ports, links and name-resolution fields, each allowed only in some network modes (ECS-SEMANTICS §5, §10). */
final class NetworkRules implements Rule {
    /** Up to 5 digits a side, so that a number too large for a port is "not a range", not an overflow. */
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    /** portMappings[].name, as the API documents it: it is the name a Service Connect service gives as its portName. */
    static final int MAX_PORT_NAME_LENGTH = 64;
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]{0," + (MAX_PORT_NAME_LENGTH - 1) + "}");
    static final int MAX_PORT_RANGES_PER_CONTAINER = 100;

    @Override
    public void check(TaskDefinition task, Findings findings) {
        NetworkMode mode = task.effectiveNetworkMode();
        List<String> names = Findings.containerNames(task);
        // Where a port is already taken: in awsvpc and host mode all containers share one network
        // namespace (containerPort); in bridge mode they share the host's ports (hostPort, when fixed).
        Map<String, String> portOwners = new HashMap<>();
        Map<String, String> portNameOwners = new HashMap<>();
        Findings.eachContainer(task, findings, (in, container) -> {
            for (int i = 0; i < container.portMappings().size(); i++) {
                checkPortMapping(in, container, i, mode, portOwners);
                checkPortName(in, container.portMappings().get(i).name(), "portMappings[" + i + "].name", portNameOwners);
            }
            checkOverlaps(in, container.portMappings());
            checkAppProtocols(in, container.portMappings());
            checkLinks(in, container, mode, names);
            if (mode == NetworkMode.AWSVPC) {
                forbidden(in, "hostname", container.hostname() != null);
                forbidden(in, "dnsServers", !container.dnsServers().isEmpty());
                forbidden(in, "dnsSearchDomains", !container.dnsSearchDomains().isEmpty());
                forbidden(in, "extraHosts", !container.extraHosts().isEmpty());
                forbidden(in, "disableNetworking", container.disableNetworking() != null);
            }
        });
    }

    private static void checkPortMapping(Findings.InContainer in, ContainerDefinition container, int index,
                                         NetworkMode mode, Map<String, String> portOwners) {
        PortMapping mapping = container.portMappings().get(index);
        String path = "portMappings[" + index + "]";
        if (mode == NetworkMode.NONE) {
            in.error(path, "networkMode none takes no portMappings", "Remove the port mappings, or choose another networkMode.");
            return;
        }
        if (mapping.containerPortRange() != null) {
            checkPortRange(in, path, mapping, mode);
            return;
        }
        if (mapping.containerPort() == null || mapping.containerPort() < 1 || mapping.containerPort() > 65535) {
            // ECS's own words.
            in.error(path + ".containerPort", "Invalid 'containerPort' setting for "
                            + ContainerLabel.container(in.index(), container.name(), '\'') + ".",
                    "containerPort must be a port number from 1 to 65535"
                            + (mapping.containerPort() == null ? "; it is missing." : ", found " + mapping.containerPort() + "."));
            return;
        }
        Integer hostPort = mapping.hostPort();
        if (hostPort != null && (hostPort < 0 || hostPort > 65535)) {
            in.error(path + ".hostPort", Findings.outside("hostPort", hostPort, 0, 65535, ""), null);
            return;
        }
        boolean sharedNamespace = mode == NetworkMode.AWSVPC || mode == NetworkMode.HOST;
        if (sharedNamespace && hostPort != null && !hostPort.equals(mapping.containerPort())) {
            in.error(path + ".hostPort", "When networkMode=" + mode.ecsName()
                            + ", the host ports and container ports in port mappings must match.",
                    "Found hostPort " + hostPort + " for containerPort " + mapping.containerPort()
                            + ": remove hostPort or make it " + mapping.containerPort() + ".");
            return;
        }
        Integer taken = sharedNamespace ? mapping.containerPort() : (hostPort == null || hostPort == 0 ? null : hostPort);
        if (taken != null) {
            String key = taken + "/" + mapping.effectiveProtocol().ecsName();
            String owner = portOwners.putIfAbsent(key, in.path(path));
            if (owner != null) {
                in.error(path, (sharedNamespace ? "port " : "host port ") + key + " is already mapped by " + owner,
                        sharedNamespace ? "In networkMode " + mode.ecsName() + " all containers share one network "
                                + "namespace, so only one of them can listen on a port."
                                : "Two containers cannot bind the same host port: give one of them another hostPort, or 0 for a dynamic one.");
            }
        }
    }

    private static void checkPortName(Findings.InContainer in, String name, String path, Map<String, String> owners) {
        if (name == null) {
            return;
        }
        if (!PORT_NAME.matcher(name).matches()) {
            in.error(path, "port mapping name \"" + name + "\" is not a valid name",
                    ("Use up to " + MAX_PORT_NAME_LENGTH + " lowercase letters, digits, underscores and hyphens, not starting with a hyphen")
                            + (name.toLowerCase(java.util.Locale.ROOT).equals(name) ? "." : ", e.g. \""
                            + name.toLowerCase(java.util.Locale.ROOT) + "\"."));
            return;
        }
        // A Service Connect service names its port by this name alone (portName), across all of the task's containers.
        String owner = owners.putIfAbsent(name, in.path(path));
        if (owner != null) {
            in.error(path, "port mapping name \"" + name + "\" is already used by " + owner,
                    "Port mapping names identify a port in the whole task: give this one another name.");
        }
    }

    private static void checkAppProtocols(Findings.InContainer in, List<PortMapping> mappings) {
        for (int i = 0; i < mappings.size(); i++) {
            Findings.oneOf(in::error, "portMappings[" + i + "].appProtocol", mappings.get(i).appProtocol(),
                    ApiEnums.APPLICATION_PROTOCOLS);
        }
    }

    /**
     * A port belongs to one port mapping of a container: ranges may not overlap, nor include a single containerPort
     * (ECS's rule for containerPortRange). Mappings of different protocols do not clash (dns on 53/tcp and 53/udp).
     */
    private static void checkOverlaps(Findings.InContainer in, List<PortMapping> mappings) {
        long ranges = mappings.stream().filter(m -> m.containerPortRange() != null).count();
        if (ranges > MAX_PORT_RANGES_PER_CONTAINER) {
            in.error("portMappings", "the container has " + ranges + " containerPortRanges; ECS allows at most "
                    + MAX_PORT_RANGES_PER_CONTAINER, "Merge adjacent ranges into one.");
        }
        for (int j = 0; j < mappings.size(); j++) {
            int[] later = ports(mappings.get(j));
            for (int i = 0; later != null && i < j; i++) {
                int[] earlier = ports(mappings.get(i));
                boolean eitherIsRange = mappings.get(i).containerPortRange() != null || mappings.get(j).containerPortRange() != null;
                if (earlier != null && eitherIsRange
                        && mappings.get(i).effectiveProtocol() == mappings.get(j).effectiveProtocol()
                        && earlier[0] <= later[1] && later[0] <= earlier[1]) {
                    in.error("portMappings[" + j + "]." + portField(mappings.get(j)), describe(mappings.get(j)) + " overlaps "
                                    + "portMappings[" + i + "]'s " + describe(mappings.get(i)),
                            "A port can be in only one port mapping of a container: make the ranges disjoint.");
                    break;
                }
            }
        }
    }

    /** The container ports a mapping covers, or null when it is not a valid port or range (reported elsewhere). */
    private static int[] ports(PortMapping mapping) {
        if (mapping.containerPortRange() != null) {
            Matcher range = PORT_RANGE.matcher(mapping.containerPortRange());
            return range.matches() ? new int[] {Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2))} : null;
        }
        Integer port = mapping.containerPort();
        return port == null || port < 1 || port > 65535 ? null : new int[] {port, port};
    }

    private static String portField(PortMapping mapping) {
        return mapping.containerPortRange() != null ? "containerPortRange" : "containerPort";
    }

    private static String describe(PortMapping mapping) {
        return mapping.containerPortRange() != null ? "containerPortRange \"" + mapping.containerPortRange() + "\""
                : "containerPort " + mapping.containerPort();
    }

    private static void checkPortRange(Findings.InContainer in, String path, PortMapping mapping, NetworkMode mode) {
        if (mode != NetworkMode.BRIDGE && mode != NetworkMode.AWSVPC) {
            in.error(path + ".containerPortRange", "containerPortRange is only supported with networkMode bridge or awsvpc", null);
        }
        if (mapping.containerPort() != null || mapping.hostPort() != null) {
            in.error(path, "containerPortRange cannot be combined with containerPort or hostPort", null);
        }
        Matcher range = PORT_RANGE.matcher(mapping.containerPortRange());
        if (!range.matches() || Integer.parseInt(range.group(1)) < 1 || Integer.parseInt(range.group(2)) > 65535
                || Integer.parseInt(range.group(1)) >= Integer.parseInt(range.group(2))) {
            in.error(path + ".containerPortRange", "containerPortRange \"" + mapping.containerPortRange()
                    + "\" is not a range of ports", "Write it as \"start-end\" with start < end, e.g. \"8000-8010\".");
        }
    }

    private static void checkLinks(Findings.InContainer in, ContainerDefinition container, NetworkMode mode, List<String> names) {
        for (int i = 0; i < container.links().size(); i++) {
            String link = container.links().get(i);
            String path = "links[" + i + "]";
            if (mode != NetworkMode.BRIDGE) {
                in.error(path, "links are not supported with networkMode " + mode.ecsName(),
                        mode == NetworkMode.AWSVPC ? "In awsvpc the containers share one network namespace: reach them on localhost."
                                : "Remove the links.");
                continue;
            }
            if (link.chars().filter(c -> c == ':').count() > 1) {
                in.error(path, "invalid link format \"" + link + "\"", "Write \"name\" or \"name:alias\".");
                continue;
            }
            String target = DependencyGraph.linkTarget(link);
            if (target.equals(container.name())) {
                in.error(path, "container \"" + target + "\" links to itself", null);
            } else if (!names.contains(target)) {
                in.error(path, Findings.unknownName("container", target, names), Findings.defined("containers", names));
            }
        }
    }

    private static void forbidden(Findings.InContainer in, String field, boolean present) {
        if (present) {
            in.error(field, field + " is not supported with networkMode awsvpc",
                    "The containers share the task's network namespace, whose name resolution ECS manages: remove " + field + ".");
        }
    }
}
