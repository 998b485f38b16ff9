package org.roam6.it.testbed;

import java.util.List;

/**
 * One link of the testbed as {@code testbed.sh env} describes it.
 *
 * @param name             link name: home, a, b, c (bridged) or core-home, core-a, core-b, core-c (point-to-point)
 * @param kind             "bridge" or "p2p"
 * @param prefix           the link's /64, e.g. 2001:db8:1::/64
 * @param namespace        namespace holding the capture point (the switch namespace, or the core's)
 * @param captureInterface interface that sees all the link's traffic (br0, or the core's veth end)
 * @param nodes            nodes with a fixed attachment to the link (the MN moves and is not listed)
 */
public record LinkInfo(String name, String kind, String prefix, String namespace, String captureInterface,
                       List<String> nodes) {
    public LinkInfo {
        nodes = List.copyOf(nodes);
    }

    public boolean bridged() {
        return "bridge".equals(kind);
    }
}
