package org.roam6.mnd;

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
 * movement, the old router and prefixes are no longer on-link). The kernel keeps the routes of
 * Router Advertisements until their lifetimes run out: measured on the testbed, a home prefix
 * route left on the access interface made the Binding Update to the home agent wait for Neighbor
 * Discovery on the foreign link and never leave, and a default route through the old router
 * sends traffic into the void until the router's lifetime ends. So on each attachment, before the
 * Binding Update: the on-link routes of the home prefix (when away) and of the previous link's
 * prefix, the default route through the previous router, and (when away) the addresses on the
 * home prefix go, in one {@code ip -batch} run (one process, a few milliseconds). Routes and
 * addresses that are already gone are no error ({@code -force}).
 */
final class PreviousLink {

    private static final Logger LOG = LoggerFactory.getLogger(PreviousLink.class);

    private final CommandRunner runner;
    private final Ipv6Prefix homePrefix;
    private final Ipv6Address homeAddress;

    PreviousLink(CommandRunner runner, Ipv6Prefix homePrefix, Ipv6Address homeAddress) {
        this.runner = runner;
        this.homePrefix = homePrefix;
        this.homeAddress = homeAddress;
    }

    /**
     * The {@code ip -6 -batch} lines that forget {@code previous} (null: nothing known) now that
     * the node is attached at {@code now}; {@code homeSlaacAddresses} are the kernel's
     * addresses on the home prefix (not the home address, which the tunnel part manages).
     */
    List<String> commands(Attachment previous, Attachment now, List<Ipv6Address> homeSlaacAddresses) {
        List<String> lines = new ArrayList<>();
        String dev = now.interfaceName();
        if (!now.atHome()) {
            lines.add("route del " + homePrefix + " dev " + dev);
            for (Ipv6Address a : homeSlaacAddresses) {
                if (!a.equals(homeAddress)) {
                    lines.add("addr del " + a + "/" + homePrefix.length() + " dev " + dev);
                }
            }
        }
        if (previous != null && previous.interfaceName().equals(dev)) {
            if (!previous.prefix().equals(now.prefix()) && !previous.prefix().equals(homePrefix)) {
                lines.add("route del " + previous.prefix() + " dev " + dev);
            }
            if (previous.router() != null && !previous.router().equals(now.router())) {
                lines.add("route del default via " + previous.router() + " dev " + dev);
            }
        }
        return lines;
    }

    /** Runs {@link #commands}; failures are logged, never thrown (the movement goes on). */
    void forget(Attachment previous, Attachment now, List<Ipv6Address> homeSlaacAddresses) {
        List<String> lines = commands(previous, now, homeSlaacAddresses);
        if (lines.isEmpty()) {
            return;
        }
        try {
            CommandRunner.Result r = runner.run(List.of("ip", "-6", "-force", "-batch", "-"), String.join("\n", lines) + "\n");
            LOG.debug("forgot the previous link: {} (exit {})", lines, r.exitCode());
        } catch (NetException e) {
            LOG.warn("could not forget the previous link's routes: {}", e.getMessage());
        }
    }
}
