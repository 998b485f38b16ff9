package org.roam6.mnd;

import java.time.Duration;
import java.util.List;
import org.roam6.net.MacAddress;
import org.roam6.net.NetException;
import org.roam6.net.PcapPacketCapture;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.NeighborAdvertisement;
import org.roam6.wire.icmp.TargetLinkLayerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back on the home link, once the home agent has acknowledged the de-registration, the mobile
 * node claims its home address again (RFC 6275 11.5.5): unsolicited Neighbor Advertisements to
 * all-nodes with the Override flag and its own link-layer address, so the neighbours (the home
 * router above all) stop sending to the home agent's. Sent {@link #COUNT} times
 * {@link #INTERVAL} apart (RFC 4861 7.2.6: MAX_NEIGHBOR_ADVERTISEMENT, RETRANS_TIMER).
 */
final class HomeLinkAdvertisement {

    private static final Logger LOG = LoggerFactory.getLogger(HomeLinkAdvertisement.class);
    static final int COUNT = 3;
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Ipv6Address ALL_NODES = Ipv6Address.parse("ff02::1");

    private final Ipv6Address homeAddress;
    private final String interfaceName;
    private final Timers.Timer timer;
    private SignallingOutput out;
    private int left;
    private long sent;

    HomeLinkAdvertisement(Timers timers, Ipv6Address homeAddress, String interfaceName) {
        this.homeAddress = homeAddress;
        this.interfaceName = interfaceName;
        this.timer = timers.timer("UnsolicitedNeighborAdvertisement " + homeAddress, this::advertise);
    }

    /** Starts (or restarts) the advertisements through {@code out}. */
    synchronized void start(SignallingOutput out) {
        this.out = out;
        this.left = COUNT;
        timer.cancel();
        timer.schedule(Duration.ZERO);
    }

    synchronized long sent() {
        return sent;
    }

    /** The advertisement of {@code homeAddress} with {@code mac} as target link-layer address. */
    static NeighborAdvertisement advertisement(Ipv6Address homeAddress, MacAddress mac) {
        byte[] b = new byte[MacAddress.LENGTH];
        mac.write(b, 0);
        return new NeighborAdvertisement(false, false, true, homeAddress,
                List.of(new TargetLinkLayerAddress(Octets.of(b))));
    }

    private synchronized void advertise() {
        if (left <= 0 || out == null) {
            return;
        }
        left--;
        try {
            int index = java.net.NetworkInterface.getByName(interfaceName).getIndex();
            NeighborAdvertisement na = advertisement(homeAddress, PcapPacketCapture.hardwareAddress(interfaceName));
            byte[] buf = new byte[Icmpv6Codec.encodedLength(na)];
            int len = Icmpv6Codec.encode(na, buf, 0, MobilityExtensions.DEFAULT);
            if (out.sendIcmpv6(buf, 0, len, homeAddress, ALL_NODES, index)) {
                sent++;
                LOG.info("unsolicited Neighbor Advertisement for the home address {} on {}", homeAddress, interfaceName);
            }
        } catch (NetException | java.net.SocketException | RuntimeException e) {
            LOG.warn("cannot advertise the home address {} on {}: {}", homeAddress, interfaceName, e.getMessage());
        }
        if (left > 0) {
            timer.schedule(INTERVAL);
        }
    }
}
