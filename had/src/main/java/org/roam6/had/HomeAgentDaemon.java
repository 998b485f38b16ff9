package org.roam6.had;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingCacheCounters;
import org.roam6.crypto.ReplayProtection;
import org.roam6.net.CommandNetworkControl;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.runtime.Daemon;
import org.roam6.runtime.DaemonContext;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.runtime.Timers;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.metrics.LabelledCounter;
import org.roam6.runtime.metrics.Metrics;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.icmp.PrefixInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roam6-had}, the home agent (RFC 6275 section 10): reads {@code had.conf}
 * ({@link HomeAgentConfig}) and wires, in start order: the nftables rule that silences the
 * kernel's Parameter Problems (its {@link CommandNetworkControl} undoes every kernel change when
 * it stops, last); {@link TunnelForwarder} (TUN, /128 routes, both tunnels, outer source the home
 * agent address); {@link ProxyNeighbor} on the home interface; the {@link PeerMonitor} with its
 * {@link PeerHeartbeatChannel} and the {@link InterceptionOwner} (multi-HA, had/docs/multiha.md);
 * {@link HomeAgentList},
 * {@link DhaadResponder} per home prefix and, with {@code SendMobPfxAdvs}, the
 * {@link MobilePrefixResponder}; {@link MobilitySignalling} over {@link HomeRegistration} (it hands
 * ICMPv6 behind a Home Address option to the Mobile Prefix responder); the expiry sweep, the
 * {@link BindingRefresh} requests (unless {@code BindingRefreshAdvance 0;}) and the metrics refresh. Parts stop in the reverse order: signalling first, then discovery, the proxy
 * entries, the tunnels, and the NetworkControl.
 *
 * <p>The home agent address is {@code HomeAgentAddress} or found on the home interface
 * ({@link HomeAgentAddressLookup}). The tunnel and the proxy follow the Binding Cache as one
 * {@link BindingListener}: route first, then proxy entry on registration; the other way round on
 * removal (had/docs/dataplane.md). The {@link InterceptionOwner} stands in front of it: a
 * binding listing several home agents is intercepted only by the first live one.
 *
 * <p>Admin: {@code show bindings} (a list of {@code hoa, coa, seq, flags, lifetime_s,
 * remaining_s, home_agents, prefixes}, as {@link HomeRegistration#bindingsView()}),
 * {@code show home-agents} and {@code show stats} (signalling, cache, tunnel, proxy, DHAAD,
 * Mobile Prefix counters). Metrics: {@code roam6_had_bindings}, the counters of
 * {@link HomeAgentStats}, and the data-plane and discovery counters (see had/README.md).
 *
 * <p>Other parts plug in before {@link #run}: {@link #addBindingListener} for a part that only
 * follows registrations, {@link #addExtension} for one that also needs the config, the cache,
 * the network control or a place in the lifecycle.
 */
public final class HomeAgentDaemon extends Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(HomeAgentDaemon.class);
    /** How often expired bindings are swept out. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** Binding Refresh Requests per second on average, and at once ({@link BindingRefresh}). */
    static final int BINDING_REFRESH_RATE = 100;
    static final int BINDING_REFRESH_BURST = 100;

    /** What an {@link Extension} gets to wire itself with. */
    public record Wiring(DaemonContext context, HomeAgentConfig config, BindingCache cache,
                         HomeRegistration registration, NetworkControl network, HomeAgentStats stats) {}

    /** A part added to the home agent at composition time. */
    @FunctionalInterface
    public interface Extension {
        /** Builds the part and adds it to {@code w.context().lifecycle()} and the registration's listeners. */
        void compose(Wiring w) throws Exception;
    }

    private final String namespace;
    private final List<BindingListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Extension> extensions = new CopyOnWriteArrayList<>();
    private volatile HomeRegistration registration;
    private volatile Ipv6Address homeAgentAddress;
    private volatile TunnelForwarder tunnels;
    private volatile ProxyNeighbor proxy;
    private volatile HomeAgentList homeAgents;
    private final List<DhaadResponder> dhaad = new CopyOnWriteArrayList<>();
    private volatile MobilePrefixResponder mobilePrefixes;
    private volatile PeerMonitor peerMonitor;
    private volatile PeerHeartbeatChannel peerChannel;
    private volatile InterceptionOwner interception;

    public HomeAgentDaemon() {
        this(null);
    }

    /**
     * @param namespace the network namespace the kernel commands (nft) run in, null for the
     *     process's own (tests run the daemon on a namespace thread)
     */
    public HomeAgentDaemon(String namespace) {
        super("had", 9466);
        this.namespace = namespace;
    }

    /** Adds a part told of every registration and de-registration. Call before {@link #run}. */
    public HomeAgentDaemon addBindingListener(BindingListener l) {
        listeners.add(l);
        return this;
    }

    /** Adds a part wired with the home agent's pieces. Call before {@link #run}. */
    public HomeAgentDaemon addExtension(Extension e) {
        extensions.add(e);
        return this;
    }

    /** The running home registration, null before composition. */
    public HomeRegistration registration() {
        return registration;
    }

    /** This home agent's address on the home link ({@code HomeAgentAddress} or found there), null before composition. */
    public Ipv6Address homeAgentAddress() {
        return homeAgentAddress;
    }

    /** The tunnels, once started. */
    public TunnelForwarder tunnelForwarder() {
        return tunnels;
    }

    /** Proxy Neighbor Discovery, once started. */
    public ProxyNeighbor proxyNeighbor() {
        return proxy;
    }

    /** The Home Agents List, once started. */
    public HomeAgentList homeAgentList() {
        return homeAgents;
    }

    /** The Mobile Prefix responder, once started; null when {@code SendMobPfxAdvs} is disabled. */
    public MobilePrefixResponder mobilePrefixResponder() {
        return mobilePrefixes;
    }

    /** The liveness of the peer home agents of multi-HA mobile nodes, null before composition. */
    public PeerMonitor peerMonitor() {
        return peerMonitor;
    }

    /** Which home agent intercepts for multi-HA mobile nodes, once the peer monitor part runs. */
    public InterceptionOwner interceptionOwner() {
        return interception;
    }

    @Override
    protected ConfigSchema schema() {
        return HomeAgentConfig.schema();
    }

    @Override
    protected void compose(DaemonContext ctx) throws Exception {
        HomeAgentConfig config = HomeAgentConfig.from(ctx.config());
        config.logSecurityPosture(LOG);
        MonotonicClock clock = ctx.timers().clock();
        BindingCache cache = new BindingCache(config.maxBindings());
        HomeRegistration reg = new HomeRegistration(config, cache, new ReplayProtection(), Clock.systemUTC(), clock);
        HomeAgentStats stats = new HomeAgentStats(ctx.metrics());
        ctx.metrics().gauge("bindings", "Bindings in the Binding Cache", cache::size);

        CommandNetworkControl network = new CommandNetworkControl("had", namespace);
        Ipv6Address haAddress = HomeAgentAddressLookup.resolve(config, network.runner());
        this.homeAgentAddress = haAddress;
        String home = config.interfaceName();
        ctx.lifecycle().add("kernel Parameter Problem filter", network::dropKernelParameterProblems, network::close);

        // the data plane (had/docs/dataplane.md): routes into the TUN before proxy entries
        ctx.lifecycle().add("tunnel forwarder", () -> {
            tunnels = TunnelForwarder.open(cache, network, clock, config.tunnelInterface(), haAddress,
                    TunnelForwarder.DEFAULT_MTU);
            tunnels.start();
        }, () -> closeQuietly(tunnels));
        ctx.lifecycle().add("proxy neighbour discovery", () -> {
            proxy = ProxyNeighbor.open(network, ctx.timers(), home);
            proxy.start();
        }, () -> closeQuietly(proxy));
        // several home agents per mobile node (had/docs/multiha.md): only the owner intercepts
        PeerMonitor monitor = new PeerMonitor(haAddress, config.peerProbeInterval(), config.peerProbeMisses(),
                PeerMonitor.FIRST_CONTACT);
        this.peerMonitor = monitor;
        Timers.Timer[] probe = new Timers.Timer[1];
        probe[0] = ctx.timers().timer("peer heartbeats", () -> {
            try {
                probePeers(monitor, clock);
            } finally {
                probe[0].schedule(config.peerProbeInterval());
            }
        });
        ctx.lifecycle().add("peer monitor", () -> {
            interception = new InterceptionOwner(haAddress, new Forwarding(), monitor, clock,
                    RawIpv6Socket.open(PacketSocketConfig.icmpv6().withMark(NetworkControl.OWN_PACKET_MARK)),
                    config.extensions(), stats);
            peerChannel = PeerHeartbeatChannel.open(monitor, clock,
                    new InetSocketAddress(PeerHeartbeatChannel.inetAddress(haAddress), config.peerPort()),
                    PeerHeartbeatChannel.atPort(config.peerPort()));
            probe[0].schedule(config.peerProbeInterval());
        }, () -> {
            probe[0].cancel();
            closeQuietly(peerChannel);
            closeQuietly(interception);
        });
        reg.addBindingListener(new Interception());
        listeners.forEach(reg::addBindingListener);

        // discovery (had/docs/discovery.md)
        HomeAgentList.Own own = new HomeAgentList.Own(haAddress, config.homeAgentPreference(),
                config.homeAgentLifetime(), config.acceptMobileRouters());
        ctx.lifecycle().add("home agents list", () -> {
            homeAgents = HomeAgentList.open(home, own);
            homeAgents.start();
        }, () -> closeQuietly(homeAgents));
        ctx.lifecycle().add("DHAAD responder", () -> {
            for (Ipv6Prefix p : config.homePrefixes()) {
                DhaadResponder r = DhaadResponder.open(home, homeAgents, p, network);
                dhaad.add(r);
                r.start();
            }
        }, () -> {
            for (DhaadResponder r : dhaad) {
                closeQuietly(r);
            }
        });
        if (config.sendMobilePrefixAdvertisements()) {
            List<PrefixInformation> prefixes = new ArrayList<>();
            for (Ipv6Prefix p : config.homePrefixes()) {
                prefixes.add(MobilePrefixResponder.homePrefix(p, MobilePrefixResponder.DEFAULT_VALID_LIFETIME,
                        MobilePrefixResponder.DEFAULT_PREFERRED_LIFETIME));
            }
            ctx.lifecycle().add("mobile prefix responder", () -> {
                mobilePrefixes = MobilePrefixResponder.open(cache, haAddress, prefixes);
                mobilePrefixes.start();
            }, () -> closeQuietly(mobilePrefixes));
        }

        // signalling last: Binding Updates come in only once their consequences can be carried out
        // DESIGN.md section 4: answers to untrusted input are rate-limited (RFC 4443 2.4 (f))
        RateLimiter errors = new RateLimiter(10, 20, clock);
        MobilitySignalling[] signalling = new MobilitySignalling[1];
        ctx.lifecycle().add("mobility signalling", () -> {
            signalling[0] = MobilitySignalling.open(reg, stats, errors);
            MobilePrefixResponder m = mobilePrefixes;
            if (m != null) {
                signalling[0].icmpv6BehindHomeAddress(m::onDestinationOptionsCopy);
            }
            signalling[0].start();
        }, () -> {
            if (signalling[0] != null) {
                signalling[0].close();
            }
        });

        Timers.Timer[] sweep = new Timers.Timer[1];
        sweep[0] = ctx.timers().timer("binding lifetime sweep", () -> {
            try {
                reg.expire();
            } finally {
                sweep[0].schedule(SWEEP_INTERVAL);
            }
        });
        ctx.lifecycle().add("binding lifetime sweep", () -> sweep[0].schedule(SWEEP_INTERVAL), sweep[0]::cancel);

        // RFC 6275 9.5.5: ask mobile nodes to refresh bindings about to expire, on the signalling socket
        BindingRefresh refreshRequests = new BindingRefresh(reg, clock, haAddress, config.bindingRefreshAdvance(),
                (packet, len, to) -> signalling[0] != null && signalling[0].sendPacket(packet, len, to),
                new RateLimiter(BINDING_REFRESH_RATE, BINDING_REFRESH_BURST, clock), stats);
        if (refreshRequests.enabled()) {
            Timers.Timer[] asking = new Timers.Timer[1];
            asking[0] = ctx.timers().timer("binding refresh requests", () -> {
                try {
                    refreshRequests.check();
                } finally {
                    asking[0].schedule(BindingRefresh.CHECK_INTERVAL);
                }
            });
            ctx.lifecycle().add("binding refresh requests", () -> asking[0].schedule(BindingRefresh.CHECK_INTERVAL),
                    asking[0]::cancel);
        }

        CounterMirror mirror = mirrorCounters(ctx.metrics());
        Timers.Timer[] refresh = new Timers.Timer[1];
        refresh[0] = ctx.timers().timer("metrics refresh", () -> {
            try {
                mirror.refresh();
            } finally {
                refresh[0].schedule(Duration.ofSeconds(CounterMirror.REFRESH_SECONDS));
            }
        });
        ctx.lifecycle().add("metrics refresh", () -> refresh[0].schedule(Duration.ofSeconds(CounterMirror.REFRESH_SECONDS)),
                () -> {
                    refresh[0].cancel();
                    mirror.refresh();
                });

        ctx.admin().registerShow("bindings", reg::bindingsView);
        ctx.admin().registerShow("home-agents", () -> homeAgentsView(clock.nanoTime()));
        ctx.admin().registerShow("stats", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            BindingCacheCounters c = cache.counters();
            m.put("bindings", c.size());
            m.put("max_bindings", c.maxBindings());
            m.put("created", c.created());
            m.put("refreshed", c.refreshed());
            m.put("refused_full", c.refused());
            m.put("deregistered", c.deregistered());
            m.put("expired", c.expired());
            m.putAll(stats.snapshot());
            m.putAll(dataPlaneStats());
            m.putAll(discoveryStats());
            m.put("peers", peerStats(monitor, clock.nanoTime()));
            return m;
        });
        Wiring w = new Wiring(ctx, config, cache, reg, network, stats);
        for (Extension e : extensions) {
            e.compose(w);
        }
        registration = reg;
        LOG.info("home agent {} on {} for {}; HaMaxBindingLife {} s; at most {} bindings; TUN {}", haAddress,
                home, config.homePrefixes(), config.maxBindingLifetime(), config.maxBindings(), config.tunnelInterface());
    }

    /** One probe interval: heartbeats out, then deaths handed to the interception owner (multiha.md). */
    private void probePeers(PeerMonitor monitor, MonotonicClock clock) {
        PeerHeartbeatChannel ch = peerChannel;
        if (ch != null) {
            ch.sendHeartbeats();
        }
        PeerMonitor.Changes changes = monitor.check(clock.nanoTime());
        for (Ipv6Address a : changes.revived()) {
            LOG.info("peer home agent {} is alive again (it takes bindings back only at their next Binding Update)", a);
        }
        if (!changes.died().isEmpty()) {
            LOG.warn("peer home agents {} sent no heartbeat for {} x {} ms: dead", changes.died(), monitor.misses(),
                    monitor.interval().toMillis());
            InterceptionOwner o = interception;
            if (o != null) {
                o.onPeersDied(changes.died());
            }
        }
    }

    /** The registered listener: the interception owner, once the peer monitor part runs. */
    private final class Interception implements BindingListener {
        private InterceptionOwner owner() {
            InterceptionOwner o = interception;
            if (o == null) {
                throw new IllegalStateException("the peer monitor is not running");
            }
            return o;
        }

        @Override
        public void onRegistered(Binding binding) {
            owner().onRegistered(binding);
        }

        @Override
        public void onRefreshed(Binding binding) {
            owner().onRefreshed(binding);
        }

        @Override
        public void onDeregistered(Ipv6Address homeAddress) {
            InterceptionOwner o = interception;
            if (o != null) {
                o.onDeregistered(homeAddress);
            }
        }
    }

    /**
     * Both data-plane parts as one listener: a new binding is routed into the TUN first and then
     * proxied on the home link (dataplane.md: a proxy entry without the route made the kernel
     * answer for the home address and then send Redirects); removal goes the other way round,
     * so the home link stops sending packets here before the route that carried them goes.
     */
    private final class Forwarding implements BindingListener {
        @Override
        public void onRegistered(Binding binding) {
            TunnelForwarder t = tunnels;
            ProxyNeighbor p = proxy;
            if (t == null || p == null) {
                throw new IllegalStateException("the data plane is not running");
            }
            t.onRegistered(binding);
            p.onRegistered(binding);
        }

        @Override
        public void onDeregistered(Ipv6Address homeAddress) {
            ProxyNeighbor p = proxy;
            TunnelForwarder t = tunnels;
            if (p != null) {
                p.onDeregistered(homeAddress);
            }
            if (t != null) {
                t.onDeregistered(homeAddress);
            }
        }
    }

    /**
     * The Prometheus counters of the data plane and discovery (their classes count in
     * {@code LongAdder}s; see {@link CounterMirror}).
     */
    private CounterMirror mirrorCounters(Metrics metrics) {
        CounterMirror m = new CounterMirror();
        LabelledCounter packets = metrics.counter("tunnelled_packets",
                "Packets through the bi-directional tunnels (RFC 6275 10.4.2, 10.4.5), by direction", "direction");
        LabelledCounter bytes = metrics.counter("tunnelled_bytes",
                "Bytes of the inner packets through the tunnels, by direction", "direction");
        m.add(() -> tunnels == null ? 0 : tunnels.forwardedPackets(), packets.labels("forward"));
        m.add(() -> tunnels == null ? 0 : tunnels.forwardedBytes(), bytes.labels("forward"));
        m.add(() -> tunnels == null ? 0 : tunnels.reverseTunnelledPackets(), packets.labels("reverse"));
        m.add(() -> tunnels == null ? 0 : tunnels.reverseTunnelledBytes(), bytes.labels("reverse"));
        LabelledCounter drops = metrics.counter("tunnel_drops",
                "Packets the tunnels dropped, by direction and reason (reverse care_of_mismatch and no_binding: spoofed sources)",
                "direction", "reason");
        for (TunnelForwarder.Drop d : TunnelForwarder.Drop.values()) {
            m.add(() -> tunnels == null ? 0 : tunnels.drops(d), drops.labels(d.direction(), d.reason()));
        }
        LabelledCounter control = metrics.counter("control_failures",
                "Routes and proxy entries the kernel refused to install or remove, by part", "part");
        m.add(() -> tunnels == null ? 0 : tunnels.controlFailures(), control.labels("tunnel"));
        m.add(() -> proxy == null ? 0 : proxy.controlFailures(), control.labels("proxy"));
        m.add(() -> proxy == null ? 0 : proxy.advertisementsSent(), metrics.counter("unsolicited_neighbor_advertisements",
                "Unsolicited Neighbor Advertisements sent for home addresses (RFC 6275 10.4.1)"));
        m.add(() -> dhaad.stream().mapToLong(DhaadResponder::replies).sum(), metrics.counter("dhaad_replies",
                "Home Agent Address Discovery Replies sent (RFC 6275 10.5)"));
        LabelledCounter dhaadDrops = metrics.counter("dhaad_requests_dropped",
                "DHAAD Requests not answered, by reason", "reason");
        m.add(() -> dhaad.stream().mapToLong(DhaadResponder::malformed).sum(), dhaadDrops.labels("malformed"));
        m.add(() -> dhaad.stream().mapToLong(DhaadResponder::notAnycast).sum(), dhaadDrops.labels("not_anycast"));
        m.add(() -> dhaad.stream().mapToLong(DhaadResponder::rateLimited).sum(), dhaadDrops.labels("rate_limited"));
        m.add(() -> dhaad.stream().mapToLong(DhaadResponder::sendFailures).sum(), dhaadDrops.labels("send_failed"));
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.advertised(), metrics.counter(
                "mobile_prefix_advertisements", "Mobile Prefix Advertisements sent (RFC 6275 10.6)"));
        LabelledCounter mpsDrops = metrics.counter("mobile_prefix_solicitations_dropped",
                "Mobile Prefix Solicitations not answered, by reason", "reason");
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.malformed(), mpsDrops.labels("malformed"));
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.noBinding(), mpsDrops.labels("no_binding"));
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.careOfMismatch(), mpsDrops.labels("care_of_mismatch"));
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.rateLimited(), mpsDrops.labels("rate_limited"));
        m.add(() -> mobilePrefixes == null ? 0 : mobilePrefixes.sendFailures(), mpsDrops.labels("send_failed"));
        metrics.gauge("peer_home_agents", "Peer home agents named in multi-HA bindings (heartbeats go to each)",
                () -> peerMonitor == null ? 0 : peerMonitor.peers().size());
        metrics.gauge("peer_home_agents_dead", "Peer home agents sending no heartbeats (multi-HA)",
                () -> peerMonitor == null ? 0 : peerMonitor.deadCount());
        metrics.gauge("home_agents", "Home agents in the Home Agents List, this one included",
                () -> homeAgents == null ? 0 : homeAgents.learnedCount() + 1);
        return m;
    }

    /** {@code show stats}: the tunnels and the proxy. */
    private Map<String, Object> dataPlaneStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        TunnelForwarder t = tunnels;
        if (t != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("forwarded_packets", t.forwardedPackets());
            m.put("forwarded_bytes", t.forwardedBytes());
            m.put("reverse_tunnelled_packets", t.reverseTunnelledPackets());
            m.put("reverse_tunnelled_bytes", t.reverseTunnelledBytes());
            Map<String, Map<String, Long>> drops = new LinkedHashMap<>();
            for (TunnelForwarder.Drop d : TunnelForwarder.Drop.values()) {
                drops.computeIfAbsent(d.direction(), k -> new LinkedHashMap<>()).put(d.reason(), t.drops(d));
            }
            m.put("drops", drops);
            m.put("routes", t.routedPrefixes().stream().map(Ipv6Prefix::toString).toList());
            m.put("control_failures", t.controlFailures());
            out.put("tunnel", m);
        }
        ProxyNeighbor p = proxy;
        if (p != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("proxied", p.proxiedAddresses().stream().map(Ipv6Address::toString).toList());
            m.put("unsolicited_advertisements_sent", p.advertisementsSent());
            m.put("advertisement_failures", p.advertisementFailures());
            m.put("control_failures", p.controlFailures());
            out.put("proxy", m);
        }
        return out;
    }

    /** {@code show stats}: DHAAD and Mobile Prefix Discovery. */
    private Map<String, Object> discoveryStats() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("replies", dhaad.stream().mapToLong(DhaadResponder::replies).sum());
        d.put("malformed", dhaad.stream().mapToLong(DhaadResponder::malformed).sum());
        d.put("not_anycast", dhaad.stream().mapToLong(DhaadResponder::notAnycast).sum());
        d.put("rate_limited", dhaad.stream().mapToLong(DhaadResponder::rateLimited).sum());
        d.put("send_failed", dhaad.stream().mapToLong(DhaadResponder::sendFailures).sum());
        d.put("anycast", dhaad.stream().map(r -> r.anycastAddress().toString()).toList());
        out.put("dhaad", d);
        MobilePrefixResponder mp = mobilePrefixes;
        if (mp != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("advertised", mp.advertised());
            m.put("malformed", mp.malformed());
            m.put("no_binding", mp.noBinding());
            m.put("care_of_mismatch", mp.careOfMismatch());
            m.put("rate_limited", mp.rateLimited());
            m.put("send_failed", mp.sendFailures());
            out.put("mobile_prefix", m);
        }
        return out;
    }

    /** {@code show stats}: the peer home agents of multi-HA mobile nodes (multiha.md). */
    private Map<String, Object> peerStats(PeerMonitor monitor, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probe_interval_ms", monitor.interval().toMillis());
        m.put("probe_misses", monitor.misses());
        m.put("home_agents", monitor.view(now));
        PeerHeartbeatChannel ch = peerChannel;
        m.put("heartbeats_sent", ch == null ? 0 : ch.sent());
        m.put("heartbeats_received", monitor.heartbeatsReceived());
        m.put("heartbeat_send_failures", ch == null ? 0 : ch.sendFailures());
        m.put("heartbeats_malformed", ch == null ? 0 : ch.malformed());
        m.put("heartbeats_mismatched_source", ch == null ? 0 : ch.mismatchedSources());
        m.put("heartbeats_unknown_sender", monitor.unknownSenders());
        m.put("deaths", monitor.deaths());
        m.put("revivals", monitor.revivals());
        InterceptionOwner o = interception;
        m.put("takeover_failures", o == null ? 0 : o.takeoverFailures());
        return m;
    }

    /** {@code show home-agents}: the Home Agents List, most preferred first. */
    private List<Map<String, Object>> homeAgentsView(long now) {
        List<Map<String, Object>> out = new ArrayList<>();
        HomeAgentList l = homeAgents;
        if (l == null) {
            return out;
        }
        for (HomeAgentEntry e : l.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("addresses", e.globalAddresses().stream().map(Ipv6Address::toString).toList());
            m.put("link_local", e.linkLocal() == null ? null : e.linkLocal().toString());
            m.put("preference", e.preference());
            m.put("lifetime_s", e.lifetimeSeconds());
            m.put("remaining_s", e.self() ? null : Math.max(0, (e.expiresAtNanos() - now) / 1_000_000_000L));
            m.put("mobile_routers", e.mobileRouterSupport());
            m.put("self", e.self());
            out.add(m);
        }
        return out;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    public static void main(String[] args) {
        System.exit(new HomeAgentDaemon().run(args));
    }
}
