package org.roam6.had;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.binding.Binding;
import org.roam6.net.Icmp6Filter;
import org.roam6.net.MacAddress;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.PcapPacketCapture;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.SendOptions;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.NeighborAdvertisement;
import org.roam6.wire.icmp.TargetLinkLayerAddress;
import org.roam6.wire.mh.BindingUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy Neighbor Discovery for registered home addresses (RFC 6275 10.4.1): while a mobile node
 * is away, the home agent answers Neighbor Solicitations for its home address with its own
 * link-layer address, so packets for the home address on the home link come to the home agent,
 * and it defends the address against Duplicate Address Detection by other nodes.
 *
 * <h2>Who answers the solicitations: the kernel</h2>
 * For each registered home address a proxy neighbour entry ({@code ip -6 neigh add proxy HOA dev
 * IF}) is installed and {@code proxy_ndp=1} set on the home interface. Measured in namespaces
 * (see {@code had/docs/dataplane.md}): the kernel then answers a Neighbor Solicitation for the
 * home address with a solicited Neighbor Advertisement carrying the interface's MAC as Target
 * Link-Layer Address, Router flag clear (RFC 6275 10.4.1: "the Router (R) bit ... MUST be set to
 * zero") and Override clear (RFC 4861 7.2.8 for proxies), and answers a DAD probe (source ::)
 * with an advertisement to ff02::1 that makes the prober's DAD fail. The kernel only answers for
 * proxied addresses on an interface with {@code forwarding=1}, so that is set on the home
 * interface as well, and {@code proxy_delay=0}: the kernel otherwise waits up to 0.8 s (measured
 * 0.7 s) before a proxy answer, a delay RFC 4861 asks of anycast responders; a home address has
 * one responder only, and an immediate answer keeps DAD defence well inside the prober's
 * RetransTimer. Doing this in the kernel rather than on a raw socket costs no thread, no
 * per-packet Java work and no race with the kernel's own answers.
 *
 * <h2>What this class sends itself</h2>
 * On a new registration, RFC 6275 10.4.1's unsolicited Neighbor Advertisement: to ff02::1, hop
 * limit 255, Router and Solicited clear, Override set, target the home address, Target
 * Link-Layer Address the home interface's MAC; sent {@link #UNSOLICITED_ADVERTISEMENTS} times
 * {@link #RETRANS_TIMER} apart (RFC 4861 7.2.6, MAX_NEIGHBOR_ADVERTISEMENT). The source is left
 * to the kernel (the home interface's link-local address, RFC 4861 4.4 wants an address of the
 * interface) and so is the ICMPv6 checksum (a raw ICMPv6 socket always has the kernel fill it).
 * With the L flag in the binding (RFC 6275 6.1.7, 10.4.1) the link-local address made from the
 * home address's interface identifier is proxied and advertised as well.
 *
 * <h2>Removal</h2>
 * {@link #onDeregistered} (de-registration or expiry) and {@link #close()} remove the proxy
 * entries through the {@link NetworkControl}'s undo journal and cancel pending advertisements;
 * the sysctls go back to their old values when that {@link NetworkControl} is closed.
 *
 * <p>Thread-safety: the listener methods and {@link #close()} may be called from any thread;
 * they are serialised on this object.
 */
public final class ProxyNeighbor implements BindingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyNeighbor.class);

    /** MAX_NEIGHBOR_ADVERTISEMENT (RFC 4861 section 10): unsolicited advertisements per registration. */
    public static final int UNSOLICITED_ADVERTISEMENTS = 3;
    /** RETRANS_TIMER (RFC 4861 section 10): the gap between two unsolicited advertisements. */
    public static final Duration RETRANS_TIMER = Duration.ofMillis(1000);
    /** The hop limit every Neighbor Discovery message carries (RFC 4861 7.1.2). */
    public static final int ND_HOP_LIMIT = 255;
    /** ff02::1, where unsolicited advertisements go (RFC 4861 7.2.6). */
    public static final Ipv6Address ALL_NODES = Ipv6Address.parse("ff02::1");

    private static final Ipv6Address LINK_LOCAL_PREFIX = Ipv6Address.parse("fe80::");

    private final NetworkControl control;
    private final PacketSocket icmp;
    private final Timers timers;
    private final String homeInterface;
    private final MacAddress homeLinkAddress;
    private final SendOptions sendOptions;
    /** Home address to what is proxied for it; guarded by this. */
    private final Map<Ipv6Address, Proxied> proxied = new HashMap<>();
    private final LongAdder advertisementsSent = new LongAdder();
    private final LongAdder advertisementFailures = new LongAdder();
    private final LongAdder controlFailures = new LongAdder();
    private boolean started;
    private boolean closed;

    /** What one registration installed: the proxied addresses and the advertisement timer. */
    private final class Proxied {
        final List<Ipv6Address> addresses;
        final Timers.Timer timer;
        int advertisementsLeft = UNSOLICITED_ADVERTISEMENTS;

        Proxied(Ipv6Address homeAddress, List<Ipv6Address> addresses) {
            this.addresses = addresses;
            this.timer = timers.timer("UnsolicitedNeighborAdvertisement " + homeAddress, () -> advertise(this));
        }
    }

    /**
     * @param control         installs the proxy entries and sysctls (shared with the daemon)
     * @param icmp            an ICMPv6 socket on the home link, used to send only; owned by this
     *                        object from now on and closed by {@link #close()}
     * @param timers          the daemon's timers, for the repeated unsolicited advertisements
     * @param homeInterface   the home link interface ({@code Interface "eth0";})
     * @param homeInterfaceIndex its index, for {@code IPV6_PKTINFO} on the sends
     * @param homeLinkAddress its MAC, the Target Link-Layer Address of the advertisements
     */
    public ProxyNeighbor(NetworkControl control, PacketSocket icmp, Timers timers, String homeInterface,
            int homeInterfaceIndex, MacAddress homeLinkAddress) {
        this.control = Objects.requireNonNull(control, "control");
        this.icmp = Objects.requireNonNull(icmp, "icmp");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.homeInterface = Objects.requireNonNull(homeInterface, "homeInterface");
        this.homeLinkAddress = Objects.requireNonNull(homeLinkAddress, "homeLinkAddress");
        this.sendOptions = SendOptions.NONE.withInterface(homeInterfaceIndex).withHopLimit(ND_HOP_LIMIT);
    }

    /**
     * Opens the real I/O in the calling thread's network namespace: an ICMPv6 socket bound to
     * {@code homeInterface} that receives nothing (every type blocked), the interface's index and
     * its MAC (SIOCGIFHWADDR).
     *
     * @throws NetException when the socket cannot be opened (no CAP_NET_RAW), the interface does
     *     not exist, or it has no Ethernet address
     */
    public static ProxyNeighbor open(NetworkControl control, Timers timers, String homeInterface) throws NetException {
        MacAddress mac = PcapPacketCapture.hardwareAddress(homeInterface);
        if (mac == null) {
            throw new NetException("proxy neighbour discovery on " + homeInterface, 0,
                    "the home link interface '" + homeInterface + "' has no Ethernet address; "
                            + "Interface must name an Ethernet-like link");
        }
        int index = control.interfaceIndex(homeInterface);
        RawIpv6Socket s = RawIpv6Socket.open(PacketSocketConfig.of(58)
                .withIcmpFilter(Icmp6Filter.passOnly()).withDevice(homeInterface));
        try {
            // looped back, the advertisements would teach this host's own neighbour cache that
            // the home address is at its own MAC, and it would keep sending the mobile node's
            // packets to itself once the node is home again
            s.multicastLoop(false);
        } catch (NetException e) {
            s.close();
            throw e;
        }
        return new ProxyNeighbor(control, s, timers, homeInterface, index, mac);
    }

    /**
     * Sets on the home interface what the kernel needs to answer for proxied addresses:
     * {@code proxy_ndp=1}, {@code forwarding=1} and {@code proxy_delay=0}.
     */
    public synchronized void start() throws NetException {
        if (started) {
            return;
        }
        control.setSysctl(sysctlKey("net.ipv6.conf.", homeInterface, ".proxy_ndp"), "1");
        control.setSysctl(sysctlKey("net.ipv6.conf.", homeInterface, ".forwarding"), "1");
        control.setSysctl(sysctlKey("net.ipv6.neigh.", homeInterface, ".proxy_delay"), "0");
        started = true;
    }

    /**
     * A sysctl key for an interface; with a '.' in the name (a VLAN such as eth0.100) the key is
     * written with '/' separators, as sysctl(8) reads them.
     */
    static String sysctlKey(String before, String device, String after) {
        if (device.indexOf('.') < 0) {
            return before + device + after;
        }
        return before.replace('.', '/') + device + after.replace('.', '/');
    }

    /**
     * Starts proxying for the binding's home address (and its link-local address with the L flag)
     * and sends the unsolicited advertisements. A refresh or a new care-of address for an address
     * already proxied changes nothing on the home link.
     */
    @Override
    public synchronized void onRegistered(Binding binding) {
        if (closed) {
            return;
        }
        Ipv6Address hoa = binding.homeAddress();
        List<Ipv6Address> wanted = new ArrayList<>(2);
        wanted.add(hoa);
        if ((binding.flags() & BindingUpdate.FLAG_L) != 0) {
            wanted.add(linkLocalOf(hoa));
        }
        Proxied old = proxied.get(hoa);
        if (old != null && old.addresses.equals(wanted)) {
            return;
        }
        if (old != null) {
            remove(hoa, old);
        }
        List<Ipv6Address> installed = new ArrayList<>(2);
        for (Ipv6Address a : wanted) {
            try {
                control.addProxyNeighbour(a, homeInterface);
                installed.add(a);
            } catch (NetException e) {
                controlFailures.increment();
                LOG.warn("cannot proxy {} on {}: {}", a, homeInterface, e.getMessage());
            }
        }
        if (installed.isEmpty()) {
            return;
        }
        Proxied p = new Proxied(hoa, List.copyOf(installed));
        proxied.put(hoa, p);
        LOG.info("proxying {} on {} for the mobile node", installed, homeInterface);
        advertise(p);
    }

    /** Stops proxying for {@code homeAddress}: entries removed, pending advertisements cancelled. */
    @Override
    public synchronized void onDeregistered(Ipv6Address homeAddress) {
        Proxied p = proxied.remove(homeAddress);
        if (p != null) {
            remove(homeAddress, p);
        }
    }

    private void remove(Ipv6Address hoa, Proxied p) {
        p.timer.cancel();
        for (Ipv6Address a : p.addresses) {
            try {
                control.removeProxyNeighbour(a, homeInterface);
            } catch (NetException e) {
                controlFailures.increment();
                LOG.warn("cannot remove the proxy entry for {} on {}: {}", a, homeInterface, e.getMessage());
            }
        }
        LOG.info("no longer proxying {} on {}", p.addresses, homeInterface);
    }

    /** Sends one round of unsolicited advertisements for {@code p} and arms the next, if any. */
    private synchronized void advertise(Proxied p) {
        if (closed || proxied.get(p.addresses.get(0)) != p || p.advertisementsLeft <= 0) {
            return;
        }
        byte[] buf = new byte[Icmpv6Codec.encodedLength(unsolicitedAdvertisement(p.addresses.get(0)))];
        for (Ipv6Address target : p.addresses) {
            int len = Icmpv6Codec.encode(unsolicitedAdvertisement(target), buf, 0, MobilityExtensions.DEFAULT);
            try {
                icmp.send(buf, 0, len, ALL_NODES, sendOptions);
                advertisementsSent.increment();
            } catch (NetException e) {
                advertisementFailures.increment();
                LOG.warn("unsolicited Neighbor Advertisement for {} on {} not sent: {}", target, homeInterface,
                        e.getMessage());
            }
        }
        p.advertisementsLeft--;
        if (p.advertisementsLeft > 0) {
            p.timer.schedule(RETRANS_TIMER);
        }
    }

    /** RFC 6275 10.4.1: R and S clear, O set, TLLA the home agent's MAC on the home link. */
    NeighborAdvertisement unsolicitedAdvertisement(Ipv6Address target) {
        byte[] mac = new byte[MacAddress.LENGTH];
        homeLinkAddress.write(mac, 0);
        return new NeighborAdvertisement(false, false, true, target,
                List.of(new TargetLinkLayerAddress(Octets.of(mac))));
    }

    /** fe80:: with the interface identifier (low 64 bits) of {@code address} (RFC 4291 2.5.6). */
    static Ipv6Address linkLocalOf(Ipv6Address address) {
        return new Ipv6Address(LINK_LOCAL_PREFIX.hi(), address.lo());
    }

    /** The addresses proxied now (home addresses and, with the L flag, their link-local twins). */
    public synchronized List<Ipv6Address> proxiedAddresses() {
        List<Ipv6Address> all = new ArrayList<>();
        proxied.values().forEach(p -> all.addAll(p.addresses));
        all.sort(null);
        return all;
    }

    /** Unsolicited Neighbor Advertisements sent. */
    public long advertisementsSent() {
        return advertisementsSent.sum();
    }

    /** Unsolicited Neighbor Advertisements the socket refused. */
    public long advertisementFailures() {
        return advertisementFailures.sum();
    }

    /** Proxy entries that could not be installed or removed. */
    public long controlFailures() {
        return controlFailures.sum();
    }

    /** Removes every proxy entry, cancels pending advertisements and closes the socket. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (Map.Entry<Ipv6Address, Proxied> e : proxied.entrySet()) {
            remove(e.getKey(), e.getValue());
        }
        proxied.clear();
        closed = true;
        icmp.close();
    }
}
