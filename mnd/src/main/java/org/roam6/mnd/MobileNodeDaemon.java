package org.roam6.mnd;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roam6.net.CommandNetworkControl;
import org.roam6.runtime.Daemon;
import org.roam6.runtime.DaemonContext;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roam6-mnd}, the mobile node (RFC 6275 section 11): reads {@code mnd.conf}
 * ({@link MobileNodeConfig}) and wires, in start order: the nftables rule that silences the
 * kernel's Parameter Problems for Type 2 routing headers (its {@link CommandNetworkControl}
 * undoes every kernel change when it stops, last); the data plane {@link MobileNodeTunnel} (the
 * home address on a TUN, reverse tunnel, Type 2 routing header packets in); the signalling:
 * {@link MobileNodeSignalling} over the {@link BindingUpdateList}, the ICMPv6 receiver
 * {@link MobileNodeIcmp} for {@link HomeAgentDiscovery}, {@link MobilePrefixDiscovery} (with
 * {@code SendMobPfxSols}) and, with {@code DoRouteOptimizationMN}, the Return Routability of
 * {@link CorrespondentRegistrations}; and movement detection ({@link MovementDetector}) last, so
 * the first attachment finds everything running.
 *
 * <p>How the parts follow each other:
 * <ul>
 *   <li>An attachment away from home: the previous link's routes go ({@link PreviousLink}), then
 *       the Binding Update to the home agent (none configured: DHAAD first); its acceptance moves
 *       the reverse tunnel to the new care-of address ({@link MobileNodeTunnel#away}), solicits
 *       the home prefixes and reruns the care-of test with each bound correspondent.</li>
 *   <li>The first packets tunnelled to or from a correspondent start Return Routability with it
 *       (or, with an {@code MnCnPreSharedKey} for it, a Binding Update at once); a correspondent
 *       that answers gets a binding and direct packets, one that does not (or answers with a
 *       Parameter Problem, as a Mobility Agent does for a legacy node's Care-of Test Init) stays
 *       behind the tunnel.</li>
 *   <li>The home link: the tunnel stops and the home address is back on the access interface
 *       ({@link MobileNodeTunnel#atHome}), correspondents are de-registered, then the
 *       de-registration with the home agent; its acknowledgement is followed by unsolicited
 *       Neighbor Advertisements for the home address ({@link HomeLinkAdvertisement}, RFC 6275
 *       11.5.5).</li>
 *   <li>A home agent that refuses the registration or stops answering (no BA after the longest
 *       wait): DHAAD, and the next home agent it names.</li>
 *   <li>Several home agents ({@code MnHomeAgents}, roam6's multi-HA): DHAAD fills the list up
 *       when away; the reverse tunnel follows the primary home agent
 *       ({@link HomeRegistrationListener#onPrimaryHomeAgent}); a Home Agent Unreachable from a
 *       live one drops the dead ones, the tunnel switches at once, and DHAAD looks for
 *       replacements.</li>
 * </ul>
 *
 * <p>Admin: {@code show bul} ({@link BindingUpdateList#view()} with the correspondents' rows),
 * {@code show stats}. Metrics: {@code roam6_mnd_*} ({@link MobileNodeStats}).
 */
public final class MobileNodeDaemon extends Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(MobileNodeDaemon.class);

    private final String namespace;
    private volatile MobileNodeTunnel tunnel;
    private volatile MobileNodeSignalling signalling;
    private volatile MovementDetector movement;
    private volatile BindingUpdateList bul;
    private volatile MobileNodeIcmp icmp;
    private volatile HomeAgentDiscovery discovery;
    private volatile MobilePrefixDiscovery prefixes;
    private volatile CorrespondentRegistrations correspondents;
    private volatile Ipv6Address lastFailedHomeAgent;
    private volatile List<Ipv6Address> lostHomeAgents = List.of();

    public MobileNodeDaemon() {
        this(null);
    }

    /** @param namespace the network namespace the kernel commands run in, null for the process's own */
    public MobileNodeDaemon(String namespace) {
        super("mnd", 9467);
        this.namespace = namespace;
    }

    /**
     * The home agent does not answer or refused the registration: with DHAAD, look for the
     * home agents of the home prefix (RFC 6275 11.4.1) from the current care-of address; the
     * first one found other than {@code failed} takes over ({@link #homeAgentsFound}).
     */
    private void lookForHomeAgent(Ipv6Address failed) {
        Attachment now = movement == null ? null : movement.current();
        HomeAgentDiscovery d = discovery;
        if (d != null && now != null && !now.atHome() && !d.inProgress()) {
            lastFailedHomeAgent = failed;
            d.discover(now.careOfAddress());
        }
    }

    /** The tunnel takes packets tunnelled by every home agent in use (several with MnHomeAgents). */
    private void followHomeAgents() {
        MobileNodeTunnel t = tunnel;
        BindingUpdateList b = bul;
        if (t != null && b != null) {
            t.homeAgents(b.homeAgents());
        }
    }

    /**
     * A live home agent reported others dead (Home Agent Unreachable): look for replacements with
     * DHAAD from the current care-of address ({@link #homeAgentsFound} leaves the dead ones out).
     */
    private void replaceHomeAgents(List<Ipv6Address> dead) {
        lostHomeAgents = List.copyOf(dead);
        Attachment now = movement == null ? null : movement.current();
        HomeAgentDiscovery d = discovery;
        if (d != null && now != null && !now.atHome() && !d.inProgress()) {
            d.discover(now.careOfAddress());
        }
    }

    /**
     * DHAAD's answer, in preference order. With one home agent at a time: register with the first
     * that is not the one that failed. With several ({@code MnHomeAgents}): the list takes those it
     * does not use yet, without the one that failed and those reported dead.
     */
    private void homeAgentsFound(List<Ipv6Address> homeAgents) {
        BindingUpdateList b = bul;
        if (b == null) {
            return;
        }
        if (b.maxHomeAgents() > 1) {
            List<Ipv6Address> candidates = new ArrayList<>(homeAgents);
            candidates.removeAll(lostHomeAgents);
            Ipv6Address failed = lastFailedHomeAgent;
            if (failed != null && candidates.size() > 1) {
                candidates.remove(failed);
            }
            List<Ipv6Address> before = b.homeAgents();
            b.homeAgents(candidates);
            List<Ipv6Address> added = new ArrayList<>(b.homeAgents());
            added.removeAll(before);
            if (added.isEmpty()) {
                LOG.info("DHAAD: home agents {}; none to add to {}", homeAgents, b.homeAgents());
            } else {
                LOG.info("DHAAD: home agents {}; registering with {}", homeAgents,
                        String.join(", ", added.stream().map(Ipv6Address::toString).toList()));
            }
            return;
        }
        for (Ipv6Address ha : homeAgents) {
            if (!ha.equals(lastFailedHomeAgent) || homeAgents.size() == 1) {
                LOG.info("DHAAD: home agents {}; registering with {}", homeAgents, ha);
                b.homeAgent(ha);
                return;
            }
        }
        LOG.warn("DHAAD found no home agent for {}", b.homeAddress());
    }

    /**
     * The router reachability probe: {@code MnRouterProbes} echo requests, each waiting
     * {@code MnRouterProbeTimeout}; as in UMIP, a timeout of 0 (the default) leaves the choice to
     * the node, here {@link RouterProbe#DEFAULT}'s.
     */
    static RouterProbe routerProbe(MobileNodeConfig config) {
        return new RouterProbe(config.routerProbes(), config.routerProbeTimeout().isZero()
                ? RouterProbe.DEFAULT.timeout() : config.routerProbeTimeout());
    }

    @Override
    protected ConfigSchema schema() {
        return MobileNodeConfig.schema();
    }

    @Override
    protected void compose(DaemonContext ctx) throws Exception {
        MobileNodeConfig config = MobileNodeConfig.from(ctx.config());
        config.logSecurityPosture(LOG);
        MonotonicClock clock = ctx.timers().clock();
        MobileNodeStats stats = new MobileNodeStats(ctx.metrics());
        MobilityExtensions ext = config.extensions();
        CommandNetworkControl network = new CommandNetworkControl("mnd", namespace);
        String access = config.homeLinkInterface();
        Ipv6Address hoa = config.homeAddress();
        PreviousLink previousLink = new PreviousLink(network.runner(), config.homePrefix(), hoa);
        AccessAddresses addresses = AccessAddresses.procfs();

        ctx.lifecycle().add("kernel Parameter Problem filter", network::dropKernelParameterProblems, network::close);
        ctx.lifecycle().add("tunnel", () -> tunnel = MobileNodeTunnel.open(network, config.tunnelInterface(),
                config.tunnelMtu(), hoa, config.homePrefix(), access, config.policyTable(),
                MobileNodeTunnel.DEFAULT_RULE_PRIORITY, clock), () -> {
                    if (tunnel != null) {
                        tunnel.close();
                    }
                });

        HomeLinkAdvertisement advertisement = new HomeLinkAdvertisement(ctx.timers(), hoa, access);
        HomeRegistrationListener registration = new HomeRegistrationListener() {
            @Override
            public void onPrimaryHomeAgent(Ipv6Address homeAgent, Ipv6Address careOfAddress) {
                followHomeAgents();
                MobileNodeTunnel t = tunnel;
                Attachment now = movement == null ? null : movement.current();
                if (t != null && now != null && !now.atHome() && careOfAddress.equals(now.careOfAddress())) {
                    t.away(careOfAddress, homeAgent);
                }
            }

            @Override
            public void onHomeAgentLost(List<Ipv6Address> dead) {
                followHomeAgents();
                replaceHomeAgents(dead);
            }

            @Override
            public void onRegistered(Ipv6Address homeAgent, Ipv6Address careOfAddress, int lifetimeSeconds,
                                     long roundTripNanos) {
                followHomeAgents();
                BindingUpdateList b = bul;
                if (b != null && !homeAgent.equals(b.primaryHomeAgent())) {
                    return; // another home agent of several: the tunnel and the rest follow the primary
                }
                onPrimaryHomeAgent(homeAgent, careOfAddress);
                MobilePrefixDiscovery p = prefixes;
                if (p != null) {
                    p.registered(homeAgent, careOfAddress);
                }
                // RFC 6275 11.6.1: the Home Test Init goes through the home agent, which must
                // know the new care-of address first
                CorrespondentRegistrations c = correspondents;
                if (c != null) {
                    c.moved(careOfAddress);
                }
            }

            @Override
            public void onDeregistered(Ipv6Address homeAgent) {
                MobileNodeSignalling s = signalling;
                if (s != null) {
                    advertisement.start(s);
                }
            }

            @Override
            public void onRegistrationFailed(Ipv6Address homeAgent, int status) {
                LOG.warn("home agent {} refused the registration with status {}", homeAgent, status);
                CorrespondentRegistrations c = correspondents;
                BindingUpdateList b = bul;
                if (c != null && (b == null || b.primaryHomeAgent() == null)) {
                    c.homeRegistrationLost(); // with several home agents, only when none holds a binding
                }
                lookForHomeAgent(homeAgent);
            }

            @Override
            public void onHomeAgentSilent(Ipv6Address homeAgent) {
                LOG.warn("home agent {} does not answer", homeAgent);
                lookForHomeAgent(homeAgent);
            }
        };

        ctx.lifecycle().add("mobility signalling", () -> {
            signalling = MobileNodeSignalling.open(stats, ext);
            bul = new BindingUpdateList(config, signalling, ctx.timers(), Clock.systemUTC(), new SecureRandom(), stats,
                    registration, ext);
            icmp = MobileNodeIcmp.open(ext);
            discovery = new HomeAgentDiscovery(signalling, ctx.timers(), config.homePrefix(), this::homeAgentsFound,
                    new SecureRandom());
            discovery.attach(icmp);
            icmp.register(ext.haUnreachableIcmpType(), (m, source, destination) -> {
                if (m instanceof HomeAgentUnreachable u) {
                    bul.onHomeAgentUnreachable(u, source, destination);
                }
            });
            if (config.sendMobilePrefixSolicitations()) {
                prefixes = new MobilePrefixDiscovery(signalling, ctx.timers(), hoa, config.homePrefix(), new SecureRandom());
                prefixes.attach(icmp);
            }
            CorrespondentSignalling toCorrespondents = CorrespondentSignalling.NONE;
            if (config.routeOptimisation()) {
                correspondents = new CorrespondentRegistrations(signalling, tunnel, ctx.timers(), hoa, true,
                        config.maxCorrespondentBindingLifetime(), config.correspondentBindingAcks(),
                        config.mobilityAgentAware(), config.preSharedKeys(), new SecureRandom());
                correspondents.attach(icmp);
                tunnel.onTunnelledTo(correspondents::onTraffic);
                tunnel.onTunnelledFrom(correspondents::onTraffic);
                bul.includeRows(correspondents::view);
                toCorrespondents = correspondents;
            }
            icmp.start();
            signalling.start(bul, toCorrespondents);
        }, () -> {
            if (signalling != null) {
                signalling.close();
            }
            if (icmp != null) {
                icmp.close();
            }
        });

        MovementListener moved = new MovementListener() {
            @Override
            public void onAttached(Attachment a) {
                List<Ipv6Address> homeAddresses = new ArrayList<>();
                if (!a.atHome()) {
                    try {
                        for (AccessAddresses.Entry e : addresses.addresses()) {
                            if (e.interfaceIndex() == a.interfaceIndex() && e.global()
                                    && config.homePrefix().contains(e.address())) {
                                homeAddresses.add(e.address());
                            }
                        }
                    } catch (IOException e) {
                        LOG.warn("cannot read the kernel's addresses: {}", e.getMessage());
                    }
                }
                previousLink.forget(a, homeAddresses);
                MobileNodeTunnel t = tunnel;
                if (t != null) {
                    if (a.atHome()) {
                        t.atHome();
                    } else {
                        t.announceCareOf(a.careOfAddress());
                    }
                }
                if (a.atHome()) {
                    MobilePrefixDiscovery p = prefixes;
                    if (p != null) {
                        p.stop();
                    }
                    CorrespondentRegistrations c = correspondents;
                    if (c != null) {
                        c.returnedHome();
                    }
                }
                BindingUpdateList b = bul;
                if (b != null) {
                    b.onAttached(a);
                    // no home agent configured, or fewer than MnHomeAgents: find them (RFC 6275 11.4.1)
                    if (!a.atHome() && b.wantsHomeAgents() && discovery != null) {
                        discovery.discover(a.careOfAddress());
                    }
                }
            }

            @Override
            public void onDetached(String interfaceName) {
                previousLink.left(interfaceName);
                BindingUpdateList b = bul;
                if (b != null) {
                    b.onDetached(interfaceName);
                }
            }
        };
        ctx.lifecycle().add("movement detection", () -> {
            movement = MovementDetector.open(access, hoa, config.homePrefix(),
                    routerProbe(config), ctx.timers(), moved);
            movement.start();
        }, () -> {
            if (movement != null) {
                movement.close();
            }
        });

        ctx.admin().registerShow("bul", () -> bul == null ? List.of() : bul.view());
        ctx.admin().registerShow("stats", () -> {
            Map<String, Object> m = new LinkedHashMap<>(stats.snapshot());
            MobileNodeTunnel t = tunnel;
            if (t != null) {
                m.put("tunnel", t.counters());
            }
            MovementDetector d = movement;
            if (d != null) {
                m.put("movement", d.counters());
            }
            if (icmp != null) {
                m.put("icmpv6", icmp.stats());
            }
            if (discovery != null) {
                m.put("dhaad", discovery.stats());
            }
            if (prefixes != null) {
                m.put("mobile_prefix", prefixes.stats());
                m.put("home_prefixes", prefixes.prefixesView());
            }
            if (correspondents != null) {
                m.put("correspondents", correspondents.stats());
            }
            m.put("neighbor_advertisements_sent", advertisement.sent());
            return m;
        });
        LOG.info("mobile node {} on {}, home prefix {}, home agent {}", hoa, access, config.homePrefix(),
                config.homeAgentAddress().map(Ipv6Address::toString).orElse("to be discovered (DHAAD)"));
        if (config.homeAgentCount() > 1) {
            LOG.info("registering with up to {} home agents at once (configured: {}; DHAAD finds the others)",
                    config.homeAgentCount(), config.homeAgentAddresses());
        }
    }
}
