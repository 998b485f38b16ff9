package org.roam6.mnd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.PrefixInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mobile Prefix Discovery, the mobile node's side (RFC 6275 11.4.2, 11.4.3).
 *
 * <h2>Solicitation</h2>
 * After a home registration ({@link #registered}) the mobile node asks its home agent for the
 * home prefixes with a Mobile Prefix Solicitation (ICMPv6 146, RFC 6275 6.7): from the care-of
 * address, with a Home Address option carrying the home address, built whole by
 * {@link Ipv6PacketBuilder} (so the ICMPv6 checksum covers home address -> home agent, RFC 6275
 * 6.3) and sent with {@link SignallingOutput#sendPacket}; the Identifier is random. Without an
 * answer the solicitation is sent again after INITIAL_SOLICIT_TIMER (3 s, RFC 6275 12), the
 * wait doubling each time up to MAX_BINDACK_TIMEOUT (32 s, as UMIP caps it), until an answer
 * comes or {@link #stop}. A solicitation is sent on the first registration with a home agent
 * and when the home agent changes; a registration that only moves the care-of address does not
 * ask again (the prefixes are no different) but later solicitations leave from the new one.
 *
 * <h2>Advertisement</h2>
 * A Mobile Prefix Advertisement (147, RFC 6275 6.8) reaches this class through the mobile
 * node's TUN as a plain packet from the home agent to the home address (the data path has
 * processed its Type 2 routing header). It is accepted only from the current home agent and to
 * the home address (when the destination is known); its Identifier either matches the
 * outstanding solicitation, which it answers (retransmissions stop), or it is taken as an
 * unsolicited advertisement from the home agent (RFC 6275 10.6.1, 11.4.3), which updates the
 * prefixes but does not end an outstanding solicitation. Anything else is dropped and counted.
 *
 * <p>The advertised prefixes are recorded with their lifetimes ({@link #prefixesView}), and a new
 * solicitation is scheduled before the shortest finite, non-zero preferred lifetime ends: at
 * {@value #RESOLICIT_PERCENT} % of it, and no sooner than INITIAL_SOLICIT_TIMER.
 *
 * <h2>Renumbering is out of scope</h2>
 * When an advertisement says the home address's prefix is going away (listed with a valid or
 * preferred lifetime of 0, or missing from an advertisement that lists prefixes) this is logged
 * at WARN; roam6 does not form a new home address (RFC 6275 11.4.3's renumbering), the
 * administrator does.
 */
public final class MobilePrefixDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(MobilePrefixDiscovery.class);

    /** INITIAL_SOLICIT_TIMER (RFC 6275 12): the first wait for an advertisement. */
    public static final Duration INITIAL_SOLICIT_TIMER = Duration.ofSeconds(3);
    /** The longest wait between solicitations: MAX_BINDACK_TIMEOUT (RFC 6275 12), as UMIP caps it. */
    public static final Duration MAX_SOLICIT_TIMEOUT = Duration.ofSeconds(32);
    /** A new solicitation goes out at this share of the shortest preferred lifetime. */
    public static final int RESOLICIT_PERCENT = 90;

    /**
     * A home prefix as the home agent last advertised it.
     *
     * @param receivedAtNanos when, on the daemon's clock
     */
    public record HomePrefix(Ipv6Prefix prefix, long validLifetime, long preferredLifetime, long receivedAtNanos) {}

    private final SignallingOutput out;
    private final MonotonicClock clock;
    private final Ipv6Address homeAddress;
    private final Ipv6Prefix homePrefix;
    private final RandomGenerator random;
    private final Timers.Timer retransmit;
    private final Timers.Timer resolicit;
    private final Ipv6PacketBuilder builder = new Ipv6PacketBuilder();
    private final byte[] message = new byte[MobilePrefixSolicitation.LENGTH];
    private final byte[] packet = new byte[128];

    private Ipv6Address homeAgent;
    private Ipv6Address careOf;
    private boolean soliciting;
    private int identifier;
    private Duration wait;
    private List<HomePrefix> prefixes = List.of();

    private long solicitationsSent;
    private long sendFailures;
    private long advertisementsAccepted;
    private long unsolicitedAccepted;
    private long advertisementsDropped;

    /**
     * @param out         where solicitations go ({@link SignallingOutput#sendPacket})
     * @param timers      the daemon's timers
     * @param homeAddress the mobile node's home address
     * @param homePrefix  its prefix
     * @param random      source of Identifiers
     */
    public MobilePrefixDiscovery(SignallingOutput out, Timers timers, Ipv6Address homeAddress, Ipv6Prefix homePrefix,
                                 RandomGenerator random) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = timers.clock();
        this.homeAddress = Objects.requireNonNull(homeAddress, "homeAddress");
        this.homePrefix = Objects.requireNonNull(homePrefix, "homePrefix");
        this.random = Objects.requireNonNull(random, "random");
        this.retransmit = timers.timer("INITIAL_SOLICIT_TIMER " + homeAddress, this::timeout);
        this.resolicit = timers.timer("Mobile Prefix Solicitation refresh " + homeAddress, this::refresh);
    }

    /** Takes Mobile Prefix Advertisements from {@code icmp}. */
    public void attach(MobileNodeIcmp icmp) {
        icmp.register(MobilePrefixAdvertisement.TYPE, (m, s, d) -> {
            if (m instanceof MobilePrefixAdvertisement a) {
                onAdvertisement(a, s, d);
            }
        });
    }

    /**
     * The home agent accepted a binding of the home address to {@code careOfAddress}: solicits
     * the prefixes when this home agent has not advertised them yet.
     */
    public synchronized void registered(Ipv6Address homeAgent, Ipv6Address careOfAddress) {
        Objects.requireNonNull(homeAgent, "homeAgent");
        this.careOf = Objects.requireNonNull(careOfAddress, "careOfAddress");
        boolean newAgent = !homeAgent.equals(this.homeAgent);
        this.homeAgent = homeAgent;
        if (newAgent) {
            prefixes = List.of();
            resolicit.cancel();
            startSoliciting();
        }
    }

    /** Stops soliciting (the mobile node is home, or has no home registration). Keeps the recorded prefixes. */
    public synchronized void stop() {
        soliciting = false;
        homeAgent = null;
        retransmit.cancel();
        resolicit.cancel();
    }

    private void startSoliciting() {
        soliciting = true;
        identifier = random.nextInt(1 << 16);
        wait = INITIAL_SOLICIT_TIMER;
        send();
    }

    private void send() {
        int n = Icmpv6Codec.encode(new MobilePrefixSolicitation(identifier), message, 0, MobilityExtensions.DEFAULT);
        int len = builder.source(careOf).destination(homeAgent).homeAddressOption(homeAddress)
                .payload(IpProtocol.ICMPV6, message, 0, n).build(packet, 0);
        solicitationsSent++;
        if (!out.sendPacket(packet, 0, len, homeAgent)) {
            sendFailures++;
        }
        retransmit.schedule(wait);
    }

    private synchronized void timeout() {
        if (!soliciting || homeAgent == null) {
            return;
        }
        Duration next = wait.multipliedBy(2);
        wait = next.compareTo(MAX_SOLICIT_TIMEOUT) > 0 ? MAX_SOLICIT_TIMEOUT : next;
        send();
    }

    private synchronized void refresh() {
        if (homeAgent != null && !soliciting) {
            startSoliciting();
        }
    }

    /** Handles a Mobile Prefix Advertisement from {@code source} to {@code destination} (null when unknown). */
    public synchronized void onAdvertisement(MobilePrefixAdvertisement mpa, Ipv6Address source, Ipv6Address destination) {
        if (homeAgent == null || !homeAgent.equals(source)
                || destination != null && !destination.equals(homeAddress)) {
            advertisementsDropped++;
            LOG.debug("Mobile Prefix Advertisement from {} to {} dropped: not from the home agent {} to the home address",
                    source, destination, homeAgent);
            return;
        }
        boolean answer = soliciting && mpa.identifier() == identifier;
        if (answer) {
            soliciting = false;
            retransmit.cancel();
            advertisementsAccepted++;
        } else {
            unsolicitedAccepted++;
        }
        long now = clock.nanoTime();
        List<HomePrefix> list = new ArrayList<>();
        boolean homeListed = false;
        long shortest = Long.MAX_VALUE;
        for (PrefixInformation pi : mpa.prefixes()) {
            Ipv6Prefix p = pi.asPrefix();
            list.add(new HomePrefix(p, pi.validLifetime(), pi.preferredLifetime(), now));
            if (p.contains(homeAddress) && p.length() == homePrefix.length()) {
                homeListed = true;
                if (pi.validLifetime() == 0 || pi.preferredLifetime() == 0) {
                    LOG.warn("the home agent {} says the home prefix {} is going away (valid {} s, preferred {} s);"
                            + " roam6 does not renumber the home address {}", source, p, pi.validLifetime(),
                            pi.preferredLifetime(), homeAddress);
                }
            }
            if (pi.preferredLifetime() > 0 && pi.preferredLifetime() != PrefixInformation.INFINITY) {
                shortest = Math.min(shortest, pi.preferredLifetime());
            }
        }
        if (!list.isEmpty() && !homeListed) {
            LOG.warn("the home agent {} no longer advertises the home prefix {}; roam6 does not renumber the home address {}",
                    source, homePrefix, homeAddress);
        }
        prefixes = List.copyOf(list);
        LOG.info("Mobile Prefix Advertisement from {}{}: {}", source, answer ? "" : " (unsolicited)", prefixes);
        if (shortest != Long.MAX_VALUE) {
            Duration at = Duration.ofSeconds(shortest).multipliedBy(RESOLICIT_PERCENT).dividedBy(100);
            resolicit.schedule(at.compareTo(INITIAL_SOLICIT_TIMER) < 0 ? INITIAL_SOLICIT_TIMER : at);
        } else {
            resolicit.cancel();
        }
    }

    /** The prefixes last advertised. */
    public synchronized List<HomePrefix> prefixes() {
        return prefixes;
    }

    /** Whether a solicitation is waiting for its advertisement. */
    public synchronized boolean soliciting() {
        return soliciting;
    }

    /** The recorded prefixes for {@code show stats}: prefix, lifetimes and what remains of them. */
    public synchronized List<Map<String, Object>> prefixesView() {
        long now = clock.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HomePrefix p : prefixes) {
            long age = (now - p.receivedAtNanos()) / 1_000_000_000L;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", p.prefix().toString());
            m.put("valid_lifetime_s", p.validLifetime());
            m.put("preferred_lifetime_s", p.preferredLifetime());
            m.put("valid_remaining_s", remaining(p.validLifetime(), age));
            m.put("preferred_remaining_s", remaining(p.preferredLifetime(), age));
            rows.add(m);
        }
        return rows;
    }

    private static Object remaining(long lifetime, long age) {
        return lifetime == PrefixInformation.INFINITY ? "infinity" : Math.max(0, lifetime - age);
    }

    public synchronized long solicitationsSent() {
        return solicitationsSent;
    }

    public synchronized long advertisementsDropped() {
        return advertisementsDropped;
    }

    public synchronized long unsolicitedAccepted() {
        return unsolicitedAccepted;
    }

    /** The counters and the prefixes for {@code show stats}. */
    public synchronized Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("solicitations_sent", solicitationsSent);
        m.put("send_failures", sendFailures);
        m.put("advertisements_accepted", advertisementsAccepted);
        m.put("unsolicited_accepted", unsolicitedAccepted);
        m.put("advertisements_dropped", advertisementsDropped);
        m.put("prefixes", prefixesView());
        return m;
    }
}
