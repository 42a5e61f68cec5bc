package dev.ecslocal.simulator.docker;

/**
 * One network a container is attached to, as Docker's inspect gives it ({@code NetworkSettings.Networks}): what the
 * metadata endpoint says of an awsvpc task's interface (ECS-SEMANTICS §8.4).
 *
 * @param network      the network's name ({@code bridge} for Docker's default bridge)
 * @param ipAddress    the container's IPv4 address on it; null when it has none
 * @param prefixLength the length of that address's network prefix (16 for 172.17.0.2/16); 0 when unknown
 * @param macAddress   the interface's MAC address; null when Docker gives none
 * @param gateway      the network's IPv4 gateway as the container sees it; null when it has none
 */
public record NetworkAttachment(String network, String ipAddress, int prefixLength, String macAddress, String gateway) {

    /** The subnet its address is in, as CIDR ({@code 172.17.0.0/16}); null without an address or prefix. */
    public String subnet() {
        return ipAddress == null || prefixLength <= 0 ? null : dotted(network(ipAddress, prefixLength)) + "/" + prefixLength;
    }

    /** The network address of an IPv4 address under a prefix length, as a number. */
    static long network(String ipv4, int prefixLength) {
        long address = 0;
        for (String octet : ipv4.split("\\.")) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        return prefixLength == 0 ? 0 : address & (0xFFFFFFFFL << (32 - prefixLength)) & 0xFFFFFFFFL;
    }

    static String dotted(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }
}
