package org.roam6.mnd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roam6.net.CommandRunner;
import org.roam6.net.NetException;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets what the kernel learnt on the link the mobile node just left (RFC 6275 11.5.1: after a
 * movement, the old routers and prefixes are no longer on-link). The kernel keeps the routes of
 * Router Advertisements until their lifetimes run out, and measured on the testbed both hurt:
 * the home prefix's on-link route left on the access interface made the Binding Update to the
 * home agent wait for Neighbor Discovery on the foreign link and never leave, and the default
 * route through the old router (its neighbour entry still STALE, so the kernel kept choosing it)
 * held the Binding Update back for seconds until Neighbor Unreachability Detection gave up.
 *
 * <p>So: when the link goes ({@link #left}), the routes the kernel learnt from Router
 * Advertisements on the interface (flag RTF_ADDRCONF in {@code /proc/net/ipv6_route}) are noted;
 * on the next attachment ({@link #forget}), before the Binding Update, those of them that the new
 * link did not advertise (another router, another prefix) are deleted, and away from home also
 * the home prefix's on-link route and the kernel's addresses on the home prefix, in one
 * {@code ip -force -batch} run (one process, a few milliseconds). What is already gone is no
 * error.
 */
final class PreviousLink {

    private static final Logger LOG = LoggerFactory.getLogger(PreviousLink.class);
    static final Path ROUTES = Path.of("/proc/net/ipv6_route");
    /** include/uapi/linux/ipv6_route.h: learnt from a Router Advertisement. */
    static final int RTF_ADDRCONF = 0x00040000;
    static final int RTF_GATEWAY = 0x0002;

    /** One line of {@code /proc/net/ipv6_route}. */
    record KernelRoute(Ipv6Prefix destination, Ipv6Address gateway, int flags, String device) {
        boolean learnt() {
            return (flags & RTF_ADDRCONF) != 0;
        }

        boolean isDefault() {
            return destination.length() == 0 && (flags & RTF_GATEWAY) != 0;
        }
    }

    private final CommandRunner runner;
    private final Ipv6Prefix homePrefix;
    private final Ipv6Address homeAddress;
    private final Path routes;
    private List<KernelRoute> oldLink;

    PreviousLink(CommandRunner runner, Ipv6Prefix homePrefix, Ipv6Address homeAddress) {
        this(runner, homePrefix, homeAddress, ROUTES);
    }

    PreviousLink(CommandRunner runner, Ipv6Prefix homePrefix, Ipv6Address homeAddress, Path routes) {
        this.runner = runner;
        this.homePrefix = homePrefix;
        this.homeAddress = homeAddress;
        this.routes = routes;
    }

    /** Parses {@code /proc/net/ipv6_route}; lines that do not fit are skipped. */
    static List<KernelRoute> parse(String text) {
        List<KernelRoute> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].length() != 32 || f[4].length() != 32) {
                continue;
            }
            try {
                Ipv6Address dst = hex(f[0]);
                int len = Integer.parseInt(f[1], 16);
                out.add(new KernelRoute(new Ipv6Prefix(dst, len), hex(f[4]), (int) Long.parseLong(f[8], 16), f[9]));
            } catch (IllegalArgumentException e) {
                // not a route line
            }
        }
        return out;
    }

    private static Ipv6Address hex(String s) {
        return new Ipv6Address(Long.parseUnsignedLong(s.substring(0, 16), 16), Long.parseUnsignedLong(s.substring(16), 16));
    }

    /** The routes learnt from Router Advertisements on {@code device} now. */
    List<KernelRoute> learnt(String device) {
        try {
            return parse(Files.readString(routes)).stream().filter(r -> r.learnt() && r.device().equals(device)).toList();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", routes, e.getMessage());
            return List.of();
        }
    }

    /**
     * The link on {@code device} is gone: what the kernel learnt there now belongs to the old
     * link, and its neighbour entries go at once. Measured: packets the kernel had queued on the
     * old router's entry waited there for Neighbor Unreachability Detection to give up (about
     * 3 s), and while a TCP segment sits in a host queue the kernel does not retransmit it, so
     * a connection stalled for those seconds after the move; flushed, the segment is freed and
     * the next retransmission takes the new path.
     */
    void left(String device) {
        List<KernelRoute> old = learnt(device);
        synchronized (this) {
            oldLink = old;
        }
        try {
            runner.run(List.of("ip", "-6", "neigh", "flush", "dev", device), null);
        } catch (NetException e) {
            LOG.warn("could not flush the neighbours of {}: {}", device, e.getMessage());
        }
    }

    /**
     * The {@code ip -6 -batch} lines that forget the old link now that the node is attached at
     * {@code now}: the routes in {@code oldLink} that {@code now} does not advertise and, away
     * from home, the home prefix's route and {@code homeSlaacAddresses} (the kernel's addresses
     * on the home prefix other than the home address, which the tunnel part manages); last the
     * interface's neighbour entries.
     */
    List<String> commands(Attachment now, List<KernelRoute> oldLink, List<Ipv6Address> homeSlaacAddresses) {
        List<String> lines = new ArrayList<>();
        String dev = now.interfaceName();
        for (KernelRoute r : oldLink) {
            if (r.isDefault()) {
                if (!r.gateway().equals(now.router())) {
                    lines.add("route del default via " + r.gateway() + " dev " + dev);
                }
            } else if (!r.destination().equals(now.prefix()) && !r.destination().address().isLinkLocal()
                    && !(now.atHome() && r.destination().equals(homePrefix))) {
                lines.add("route del " + r.destination() + " dev " + dev);
            }
        }
        if (!now.atHome()) {
            String home = "route del " + homePrefix + " dev " + dev;
            if (!lines.contains(home)) {
                lines.add(home);
            }
            for (Ipv6Address a : homeSlaacAddresses) {
                if (!a.equals(homeAddress)) {
                    lines.add("addr del " + a + "/" + homePrefix.length() + " dev " + dev);
                }
            }
        }
        // what the kernel queued on the old routers' entries since the link went (sockets'
        // cached routes still led there) would wait out Neighbor Unreachability Detection, and
        // TCP does not retransmit a segment still in a host queue: measured, a 3 s stall
        lines.add("neigh flush dev " + dev);
        return lines;
    }

    /**
     * Runs {@link #commands} for the routes noted when the link went (or, when no loss of the
     * link was seen, those learnt so far); failures are logged, never thrown (the movement goes
     * on).
     */
    void forget(Attachment now, List<Ipv6Address> homeSlaacAddresses) {
        List<KernelRoute> old;
        synchronized (this) {
            old = oldLink != null ? oldLink : learnt(now.interfaceName());
            oldLink = null;
        }
        List<String> lines = commands(now, old, homeSlaacAddresses);
        try {
            CommandRunner.Result r = runner.run(List.of("ip", "-6", "-force", "-batch", "-"), String.join("\n", lines) + "\n");
            LOG.debug("forgot the previous link: {} (exit {})", lines, r.exitCode());
        } catch (NetException e) {
            LOG.warn("could not forget the previous link's routes: {}", e.getMessage());
        }
    }
}
