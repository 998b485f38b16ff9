package org.roam6.net;

import java.util.List;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The kernel state a roam6 daemon changes: addresses, routes (a /128 into a TUN, policy rules),
 * proxy neighbour entries (RFC 6275 10.4.1), sysctls and one nftables table. Everything
 * installed is recorded in an undo journal and removed again by {@link #close()} (also run from
 * a JVM shutdown hook), newest first; {@code remove*} undo one entry early.
 *
 * <p>The real one is {@link CommandNetworkControl} (iproute2, sysctl, nft); tests of protocol
 * code use {@link org.roam6.net.fake.FakeNetworkControl}.
 */
public interface NetworkControl extends AutoCloseable {
    /**
     * SO_MARK for roam6's own sockets that send ICMPv6 Parameter Problems (e.g. the Mobility
     * Agent's code 1 answer): {@link #dropKernelParameterProblems()} lets packets with this mark
     * through.
     */
    int OWN_PACKET_MARK = 0x726f6d36; // "rom6"

    /** Sets the link up, with {@code mtu} when it is positive. Not journaled. */
    void linkUp(String device, int mtu) throws NetException;

    /** The interface index of {@code device}. */
    int interfaceIndex(String device) throws NetException;

    /** Adds {@code address/prefixLength} on {@code device}; {@code nodad} skips duplicate address detection. */
    void addAddress(String device, Ipv6Address address, int prefixLength, boolean nodad) throws NetException;

    void removeAddress(String device, Ipv6Address address, int prefixLength) throws NetException;

    /**
     * Adds (or replaces) a route for {@code destination} out of {@code device}, via
     * {@code gateway} when not null, in routing {@code table} (0: main).
     */
    void addRoute(Ipv6Prefix destination, String device, Ipv6Address gateway, int table) throws NetException;

    void removeRoute(Ipv6Prefix destination, String device, int table) throws NetException;

    /** Adds a policy rule: packets from {@code source} look up {@code table}, at {@code priority}. */
    void addSourceRule(Ipv6Prefix source, int table, int priority) throws NetException;

    void removeSourceRule(Ipv6Prefix source, int table, int priority) throws NetException;

    /** Answers neighbour solicitations for {@code address} on {@code device} (needs proxy_ndp=1). */
    void addProxyNeighbour(Ipv6Address address, String device) throws NetException;

    void removeProxyNeighbour(Ipv6Address address, String device) throws NetException;

    /** Sets a sysctl (e.g. {@code net.ipv6.conf.all.forwarding}); close() restores the old value. */
    void setSysctl(String key, String value) throws NetException;

    /** Reads a sysctl. */
    String sysctl(String key) throws NetException;

    /**
     * Installs the nftables table {@code roam6_<name>} whose output rule drops ICMPv6 Parameter
     * Problem messages (type 4) not marked {@link #OWN_PACKET_MARK}: the errors a kernel without
     * Mobile IPv6 sends for Home Address options and Type 2 routing headers roam6 handles itself.
     */
    void dropKernelParameterProblems() throws NetException;

    /**
     * Installs the nftables table {@code roam6_<name>} as {@link #dropKernelParameterProblems()}
     * does, with {@code declarations} (sets and chains in nft's syntax, e.g. a prerouting chain
     * that marks packets for a {@link #addMarkRule mark rule}) in it as well. A table left by an
     * earlier run is replaced.
     */
    void installTable(String declarations) throws NetException;

    /** Adds {@code element} (nft syntax, e.g. {@code "2001:db8:c::10 . 2001:db8:1::100"}) to a set of this daemon's table. */
    void addSetElement(String set, String element) throws NetException;

    /** Removes {@code element} from a set of this daemon's table; an absent element is not an error. */
    void removeSetElement(String set, String element) throws NetException;

    /** Adds a policy rule: packets with firewall mark {@code mark} look up {@code table}, at {@code priority}. */
    void addMarkRule(int mark, int table, int priority) throws NetException;

    /** The name of this daemon's nftables table. */
    String nftablesTable();

    /** What is installed now, oldest first, one line each (e.g. {@code "route 2001:db8::1/128 dev tun0"}). */
    List<String> installed();

    /** Removes everything installed, newest first; failures are logged, not thrown. */
    @Override
    void close();
}
