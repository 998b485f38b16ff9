package org.roam6.had;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Home Agents List of RFC 6275 10.1 and 10.5.1: every home agent on the home link, learned
 * from the Router Advertisements they send with the Home Agent (H) flag (RFC 6275 7.1), plus
 * this home agent itself, with its configured address, preference and lifetime.
 *
 * <h2>Processing a Router Advertisement (RFC 6275 10.5.1)</h2>
 * <ol>
 *   <li>Validity (RFC 4861 6.1.2): hop limit 255, link-local source, Code 0, at least 16 octets,
 *       every option of non-zero length that fits. Anything else is dropped and counted in
 *       {@link #malformed()}. The ICMPv6 checksum is the kernel's check on a raw socket.
 *   <li>Without the H flag, the sender's entry is deleted, if there is one.
 *   <li>Preference and lifetime come from the Home Agent Information option (RFC 6275 7.4);
 *       without it the preference is 0 and the lifetime is the Router Lifetime.
 *   <li>Lifetime 0 deletes the sender's entry (and creates none); otherwise the entry, keyed by
 *       the link-local source, is created or gets the new preference and lifetime.
 *   <li>Each Prefix Information option with the Router Address (R) flag (RFC 6275 7.2) adds its
 *       Prefix field, the router's whole global address, to the entry; one with a Valid Lifetime
 *       of 0 takes that address away again. Link-local, multicast and unspecified addresses
 *       are not global and are skipped, and so is a bare prefix (interface identifier 0, the
 *       Subnet-Router anycast address), which is what radvd sends when {@code AdvRouterAddr}
 *       is set on a prefix rather than on the router's address.
 *   <li>The R bit of the option's Reserved field (RFC 3963, radvd's {@code AdvMobRtrSupportFlag})
 *       says the home agent supports mobile routers.
 * </ol>
 * Entries expire when their lifetime runs out on the injected {@link MonotonicClock}: every read
 * drops expired entries first, and {@link #expire()} does the same for a periodic timer.
 *
 * <h2>Order</h2>
 * Higher preference first. Home agents of equal preference are put in a new random order on
 * every call (RFC 6275 10.5: "randomized ... every time a Home Agent Address Discovery Reply
 * message is returned"), and so are the several global addresses of one home agent. The
 * randomness comes from the {@link Random} given to the constructor, so a seeded one makes every
 * order reproducible in tests. Equal preference is not broken in favour of this home agent: the
 * RFC asks for load sharing among equals.
 *
 * <h2>Threads</h2>
 * All methods are synchronized: the receiving thread writes while the DHAAD responder reads.
 */
public final class HomeAgentList implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeAgentList.class);

    /** The hop limit every Neighbor Discovery message must arrive with (RFC 4861 6.1.2). */
    public static final int ND_HOP_LIMIT = 255;
    /** The R bit of the Home Agent Information option's Reserved field (RFC 3963). */
    public static final int HAI_FLAG_MOBILE_ROUTER = 0x80;
    private static final long RECEIVE_TIMEOUT_MILLIS = 500;
    private static final int RECEIVE_BUFFER = 65_535;

    /**
     * This home agent's own entry, from its configuration ({@code HomeAgentPreference},
     * {@code HomeAgentLifetime}, its address on the home link, NEMO support).
     *
     * @param address             the home agent's global address on the home link
     * @param preference          signed 16-bit (RFC 6275 7.4)
     * @param lifetimeSeconds     1-65535: what the home agent advertises as its lifetime
     * @param mobileRouterSupport the home agent serves mobile routers (RFC 3963)
     */
    public record Own(Ipv6Address address, int preference, int lifetimeSeconds, boolean mobileRouterSupport) {
        public Own {
            Objects.requireNonNull(address, "address");
            if (preference < Short.MIN_VALUE || preference > Short.MAX_VALUE) {
                throw new IllegalArgumentException("home agent preference " + preference + " is not a signed 16-bit value");
            }
            if (lifetimeSeconds < 1 || lifetimeSeconds > 0xffff) {
                throw new IllegalArgumentException("home agent lifetime " + lifetimeSeconds + " is not 1-65535 s");
            }
        }
    }

    /** What one Router Advertisement did to the list. */
    public enum Outcome {
        /** A new home agent entry. */
        ADDED,
        /** An existing entry got a new preference, lifetime or addresses. */
        UPDATED,
        /** The sender's entry was deleted (H flag clear, or lifetime 0). */
        REMOVED,
        /** A router that is not a home agent, or lifetime 0 for a home agent not in the list. */
        IGNORED,
        /** Not a valid Router Advertisement (RFC 4861 6.1.2); counted in {@link #malformed()}. */
        MALFORMED
    }

    private static final class Learned {
        final Ipv6Address linkLocal;
        final List<Ipv6Address> addresses = new ArrayList<>();
        int preference;
        int lifetimeSeconds;
        long expiresAtNanos;
        boolean mobileRouterSupport;

        Learned(Ipv6Address linkLocal) {
            this.linkLocal = linkLocal;
        }

        HomeAgentEntry snapshot() {
            return new HomeAgentEntry(linkLocal, addresses, preference, lifetimeSeconds, expiresAtNanos,
                    mobileRouterSupport, false);
        }
    }

    private final Own own;
    private final MonotonicClock clock;
    private final Random random;
    private final PacketSocket socket;
    private final MobilityExtensions extensions = MobilityExtensions.DEFAULT;
    /** Learned entries by link-local address, in order of first appearance. */
    private final Map<Ipv6Address, Learned> learned = new LinkedHashMap<>();
    private long received;
    private long malformed;
    private String lastMalformed = "";
    private volatile boolean closed;
    private Thread receiver;

    /**
     * A list fed by hand through {@link #onRouterAdvertisement} (no socket).
     *
     * @param own    this home agent's entry
     * @param clock  the time lifetimes run on
     * @param random orders home agents of equal preference; seed it in tests
     */
    public HomeAgentList(Own own, MonotonicClock clock, Random random) {
        this(null, own, clock, random);
    }

    /**
     * A list that {@link #start()} feeds from {@code raSocket}: an ICMPv6 socket passing Router
     * Advertisements (type 134) from the home link, reporting the hop limit.
     */
    public HomeAgentList(PacketSocket raSocket, Own own, MonotonicClock clock, Random random) {
        this.socket = raSocket;
        this.own = Objects.requireNonNull(own, "own");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The real thing: a raw ICMPv6 socket with an ICMP6_FILTER passing only type 134, bound to
     * {@code homeInterface}, the system clock, and a fresh random source.
     */
    public static HomeAgentList open(String homeInterface, Own own) throws NetException {
        RawIpv6Socket s = RawIpv6Socket.open(PacketSocketConfig.icmpv6(RouterAdvertisement.TYPE).withDevice(homeInterface));
        return new HomeAgentList(s, own, MonotonicClock.SYSTEM, new Random());
    }

    public Own own() {
        return own;
    }

    /** Starts the thread that reads Router Advertisements from the socket. */
    public synchronized void start() {
        if (socket == null) {
            throw new IllegalStateException("this Home Agents List has no socket; feed it with onRouterAdvertisement");
        }
        if (receiver != null) {
            return;
        }
        receiver = new ReceiveLoop("had-home-agents-list", socket, RECEIVE_BUFFER, RECEIVE_TIMEOUT_MILLIS)
                .pauseAfterFailure(RECEIVE_TIMEOUT_MILLIS).receiving("Router Advertisements").onTimeout(this::expire)
                .start(() -> !closed, this::onReceived);
    }

    private void onReceived(byte[] buf, int off, int len, PacketInfo info) {
        if (info.truncated()) {
            countMalformed("Router Advertisement longer than " + RECEIVE_BUFFER + " bytes");
            return;
        }
        onRouterAdvertisement(buf, off, len, info.source(), info.hopLimit());
    }

    /**
     * Processes one ICMPv6 message {@code b[off, off+len)} received on the home link from
     * {@code source} with {@code hopLimit} (RFC 6275 10.5.1, RFC 4861 6.1.2). Never throws on
     * bad bytes.
     */
    public synchronized Outcome onRouterAdvertisement(byte[] b, int off, int len, Ipv6Address source, int hopLimit) {
        received++;
        if (hopLimit != ND_HOP_LIMIT) {
            return countMalformed("hop limit " + hopLimit + ", must be 255 (RFC 4861 6.1.2)");
        }
        if (source == null || !source.isLinkLocal()) {
            return countMalformed("source " + source + " is not link-local (RFC 4861 6.1.2)");
        }
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (d instanceof Decoded.Err<Icmpv6Message> e) {
            return countMalformed(e.error().toString());
        }
        if (!(((Decoded.Ok<Icmpv6Message>) d).value() instanceof RouterAdvertisement ra)) {
            return countMalformed("ICMPv6 type " + (b[off] & 0xff) + " is not a Router Advertisement");
        }
        long now = clock.nanoTime();
        dropExpired(now);
        if (!ra.homeAgent()) {
            return learned.remove(source) != null ? Outcome.REMOVED : Outcome.IGNORED;
        }
        int preference = 0;
        int lifetime = ra.routerLifetime();
        boolean mobileRouter = false;
        var hai = ra.homeAgentInformation();
        if (hai.isPresent()) {
            HomeAgentInformation h = hai.get();
            preference = h.preference();
            lifetime = h.lifetime();
            mobileRouter = mobileRouterFlag(b, off, len);
        }
        if (lifetime == 0) {
            return learned.remove(source) != null ? Outcome.REMOVED : Outcome.IGNORED;
        }
        Learned entry = learned.get(source);
        Outcome outcome = Outcome.UPDATED;
        if (entry == null) {
            entry = new Learned(source);
            learned.put(source, entry);
            outcome = Outcome.ADDED;
        }
        entry.preference = preference;
        entry.lifetimeSeconds = lifetime;
        entry.expiresAtNanos = now + TimeUnit.SECONDS.toNanos(lifetime);
        entry.mobileRouterSupport = mobileRouter;
        for (PrefixInformation p : ra.prefixes()) {
            Ipv6Address a = p.prefix();
            if (!p.routerAddress() || a.isLinkLocal() || a.isMulticast() || a.isUnspecified() || isSubnetRouterAnycast(p)) {
                continue;
            }
            if (p.validLifetime() == 0) {
                entry.addresses.remove(a);
            } else if (!entry.addresses.contains(a)) {
                entry.addresses.add(a);
            }
        }
        return outcome;
    }

    /**
     * Whether the Prefix field is only the prefix, its interface identifier all zero: the
     * Subnet-Router anycast address (RFC 4291 2.6.1), not the router's address. radvd sends
     * exactly that when {@code AdvRouterAddr on} is given a prefix ({@code 2001:db8:1::/64})
     * instead of the router's address ({@code 2001:db8:1::12/64}).
     */
    private static boolean isSubnetRouterAnycast(PrefixInformation p) {
        return p.prefixLength() < 128 && p.asPrefix().address().equals(p.prefix());
    }

    /** The R bit of the Home Agent Information option in an already validated advertisement. */
    private static boolean mobileRouterFlag(byte[] b, int off, int len) {
        int p = off + RouterAdvertisement.OFF_OPTIONS;
        int end = off + len;
        while (end - p >= 2) {
            int size = (b[p + NdOption.OFF_LENGTH] & 0xff) * NdOption.UNIT;
            if (size == 0 || size > end - p) {
                return false;
            }
            if ((b[p] & 0xff) == HomeAgentInformation.TYPE) {
                return (b[p + HomeAgentInformation.OFF_RESERVED] & HAI_FLAG_MOBILE_ROUTER) != 0;
            }
            p += size;
        }
        return false;
    }

    private Outcome countMalformed(String why) {
        synchronized (this) {
            malformed++;
            lastMalformed = why;
        }
        LOG.debug("Router Advertisement dropped: {}", why);
        return Outcome.MALFORMED;
    }

    private void dropExpired(long now) {
        learned.values().removeIf(e -> now - e.expiresAtNanos >= 0);
    }

    /** Deletes entries whose lifetime is over; returns how many. For a periodic timer. */
    public synchronized int expire() {
        int before = learned.size();
        dropExpired(clock.nanoTime());
        return before - learned.size();
    }

    /**
     * The home agents, this one included, higher preference first, equal preferences in a fresh
     * random order (see the class comment). Learned entries with no global address are listed
     * too; {@link #addresses} skips them.
     */
    public synchronized List<HomeAgentEntry> entries() {
        long now = clock.nanoTime();
        dropExpired(now);
        List<HomeAgentEntry> all = new ArrayList<>(learned.size() + 1);
        all.add(new HomeAgentEntry(null, List.of(own.address()), own.preference(), own.lifetimeSeconds(),
                Long.MAX_VALUE, own.mobileRouterSupport(), true));
        for (Learned l : learned.values()) {
            all.add(l.snapshot());
        }
        Collections.shuffle(all, random);
        all.sort(Comparator.comparingInt(HomeAgentEntry::preference).reversed());
        return all;
    }

    /**
     * The global addresses to put in a DHAAD Reply (RFC 6275 10.5): home agents in the order of
     * {@link #entries()}, the addresses of one home agent in random order, each address once
     * (so this home agent, also learned from its own advertisements, is not listed twice), at
     * most {@code max}: the most preferred are kept.
     *
     * @param mobileRoutersOnly only home agents that support mobile routers (RFC 3963)
     */
    public synchronized List<Ipv6Address> addresses(boolean mobileRoutersOnly, int max) {
        List<Ipv6Address> out = new ArrayList<>();
        Set<Ipv6Address> seen = new HashSet<>();
        for (HomeAgentEntry e : entries()) {
            if (mobileRoutersOnly && !e.mobileRouterSupport()) {
                continue;
            }
            List<Ipv6Address> mine = new ArrayList<>(e.globalAddresses());
            Collections.shuffle(mine, random);
            for (Ipv6Address a : mine) {
                if (out.size() >= max) {
                    return out;
                }
                if (seen.add(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Learned home agents now in the list (this one not counted). */
    public synchronized int learnedCount() {
        dropExpired(clock.nanoTime());
        return learned.size();
    }

    /** Messages handed to {@link #onRouterAdvertisement}, valid or not. */
    public synchronized long received() {
        return received;
    }

    /** Router Advertisements dropped as invalid (RFC 4861 6.1.2). */
    public synchronized long malformed() {
        return malformed;
    }

    /** Why the last invalid Router Advertisement was dropped, "" if none was. */
    public synchronized String lastMalformed() {
        return lastMalformed;
    }

    /** Stops the receiving thread and closes the socket. */
    @Override
    public void close() {
        closed = true;
        if (socket != null) {
            socket.close();
        }
        Thread t;
        synchronized (this) {
            t = receiver;
        }
        ReceiveLoop.join(t, 2 * RECEIVE_TIMEOUT_MILLIS);
    }
}
