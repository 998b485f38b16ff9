package org.roam6.had;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingCacheCounters;
import org.roam6.crypto.ReplayProtection;
import org.roam6.net.CommandNetworkControl;
import org.roam6.net.NetworkControl;
import org.roam6.runtime.Daemon;
import org.roam6.runtime.DaemonContext;
import org.roam6.runtime.RateLimiter;
import org.roam6.runtime.Timers;
import org.roam6.runtime.config.ConfigSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roam6-had}, the home agent (RFC 6275 section 10): reads {@code had.conf}
 * ({@link HomeAgentConfig}) and wires the Binding Cache, {@link HomeRegistration},
 * {@link MobilitySignalling}, the expiry sweep, the nftables rule that silences the kernel's
 * Parameter Problems, the admin views and the metrics.
 *
 * <p>Admin: {@code show bindings} (a list of {@code hoa, coa, seq, flags, lifetime_s,
 * remaining_s, home_agents, prefixes}, as {@link HomeRegistration#bindingsView()}) and
 * {@code show stats}. Metrics: {@code roam6_had_bindings} and the counters of
 * {@link HomeAgentStats}.
 *
 * <p>Other parts plug in before {@link #run}: {@link #addBindingListener} for a part that only
 * follows registrations, {@link #addExtension} for one that also needs the config, the cache,
 * the network control or a place in the lifecycle (proxy ND, the tunnel, discovery).
 */
public final class HomeAgentDaemon extends Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(HomeAgentDaemon.class);
    /** How often expired bindings are swept out. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

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

    @Override
    protected ConfigSchema schema() {
        return HomeAgentConfig.schema();
    }

    @Override
    protected void compose(DaemonContext ctx) throws Exception {
        HomeAgentConfig config = HomeAgentConfig.from(ctx.config());
        config.logSecurityPosture(LOG);
        BindingCache cache = new BindingCache(config.maxBindings());
        HomeRegistration reg = new HomeRegistration(config, cache, new ReplayProtection(), Clock.systemUTC(),
                ctx.timers().clock());
        listeners.forEach(reg::addBindingListener);
        HomeAgentStats stats = new HomeAgentStats(ctx.metrics());
        ctx.metrics().gauge("bindings", "Bindings in the Binding Cache", cache::size);

        CommandNetworkControl network = new CommandNetworkControl("had", namespace);
        ctx.lifecycle().add("kernel Parameter Problem filter", network::dropKernelParameterProblems, network::close);

        // DESIGN.md section 4: answers to untrusted input are rate-limited (RFC 4443 2.4 (f))
        RateLimiter errors = new RateLimiter(10, 20, ctx.timers().clock());
        MobilitySignalling[] signalling = new MobilitySignalling[1];
        ctx.lifecycle().add("mobility signalling", () -> {
            signalling[0] = MobilitySignalling.open(reg, stats, errors);
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

        ctx.admin().registerShow("bindings", reg::bindingsView);
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
            return m;
        });
        Wiring w = new Wiring(ctx, config, cache, reg, network, stats);
        for (Extension e : extensions) {
            e.compose(w);
        }
        registration = reg;
        LOG.info("home agent on {} for {}; HaMaxBindingLife {} s; at most {} bindings", config.interfaceName(),
                config.homePrefixes(), config.maxBindingLifetime(), config.maxBindings());
    }

    public static void main(String[] args) {
        System.exit(new HomeAgentDaemon().run(args));
    }
}
