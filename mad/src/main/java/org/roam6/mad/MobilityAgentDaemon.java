package org.roam6.mad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.roam6.net.CommandNetworkControl;
import org.roam6.net.CommandRunner;
import org.roam6.net.LinuxTunDevice;
import org.roam6.net.NetException;
import org.roam6.runtime.Daemon;
import org.roam6.runtime.DaemonContext;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.runtime.Timers;
import org.roam6.runtime.config.ConfigException;
import org.roam6.runtime.config.ConfigSchema;
import org.roam6.runtime.metrics.LabelledGauge;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code roam6-mad}, the Mobility Agent on the correspondents' border router (paper 003): reads
 * {@code mad.conf} ({@link MobilityAgentConfig}) and wires, in start order: the
 * {@link CommandNetworkControl} (nftables table {@code roam6_mad}, undone last), the
 * {@link BorderInterception} (TUN, marking rules, the steering route) over the
 * {@link BorderPath} and the {@link CorrespondentAgent}; the expiry sweep and the Binding Refresh
 * Requests (every second); the metrics refresh.
 *
 * <p>Admin: {@code show bindings} (rows of {@code cn, hoa, coa, seq, lifetime_s, remaining_s,
 * in_use}) and {@code show stats} (the data path's and the agent's counters). Metrics:
 * {@code roam6_mad_bindings}, {@code roam6_mad_packets{what=...}} and
 * {@code roam6_mad_signalling{what=...}}.
 */
public final class MobilityAgentDaemon extends Daemon {

    private static final Logger LOG = LoggerFactory.getLogger(MobilityAgentDaemon.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final String namespace;
    private volatile CorrespondentAgent agent;
    private volatile BorderPath path;

    public MobilityAgentDaemon() {
        this(null);
    }

    /** @param namespace the network namespace the kernel commands run in, null for the process's own */
    public MobilityAgentDaemon(String namespace) {
        super("mad", MobilityAgentConfig.DEFAULT_METRICS_PORT);
        this.namespace = namespace;
    }

    @Override
    protected ConfigSchema schema() {
        return MobilityAgentConfig.schema();
    }

    @Override
    protected void validate(org.roam6.runtime.config.ConfigSection config) throws ConfigException {
        MobilityAgentConfig.from(config);
    }

    @Override
    protected void compose(DaemonContext ctx) throws Exception {
        MobilityAgentConfig config = MobilityAgentConfig.from(ctx.config());
        MonotonicClock clock = ctx.timers().clock();
        MobilityExtensions ext = MobilityExtensions.DEFAULT;
        CorrespondentAgent a = new CorrespondentAgent(config.servedPrefixes(), config.legacyPolicy(),
                config.preSharedKeys(), config.maxBindingLifetime(), config.maxBindings(), clock::nanoTime,
                () -> clock.nanoTime() / 1_000_000, new SecureRandom(), ext);
        this.agent = a;
        CommandNetworkControl network = new CommandNetworkControl("mad", namespace);
        Ipv6Address own = ownAddress(config, network.runner());
        BorderPath p = new BorderPath(a, ext, own, config.linkMtu(), new RateLimiter(BorderPath.ERRORS_PER_SECOND, 10, clock));
        this.path = p;
        LOG.info("answering for {} (legacy mobile nodes: {}, {} pre-shared keys), border address {}",
                config.servedPrefixes(), config.legacyPolicy(), config.preSharedKeys().size(), own);

        BorderInterception[] border = new BorderInterception[1];
        ctx.lifecycle().add("kernel state", () -> { }, network::close);
        ctx.lifecycle().add("border interception", () -> {
            LinuxTunDevice tun = LinuxTunDevice.open(config.tunnelInterface(), true);
            border[0] = new BorderInterception(a, p, tun, network, config.servedPrefixes(), config.linkMtu());
            border[0].start();
        }, () -> {
            if (border[0] != null) {
                border[0].close();
            }
        });
        Timers.Timer[] tick = new Timers.Timer[1];
        tick[0] = ctx.timers().timer("binding expiry and refresh", () -> {
            try {
                a.expire();
                BorderPath.Output out = border[0] == null ? null : border[0].output();
                for (CorrespondentAgent.Reply r : a.refreshRequests()) {
                    if (out != null) {
                        p.send(r, out);
                    }
                }
            } finally {
                tick[0].schedule(TICK);
            }
        });
        ctx.lifecycle().add("binding expiry and refresh", () -> tick[0].schedule(TICK), tick[0]::cancel);

        ctx.metrics().gauge("bindings", "Bindings held for the correspondents", a::size);
        LabelledGauge packets = ctx.metrics().gauge("packets", "Packets through the border path, by what was done", "what");
        LabelledGauge signalling = ctx.metrics().gauge("signalling", "Mobility Headers handled for the correspondents, by outcome", "what");
        Timers.Timer[] refresh = new Timers.Timer[1];
        refresh[0] = ctx.timers().timer("metrics refresh", () -> {
            try {
                p.counts().forEach((k, v) -> packets.labels(k).set(v));
                a.counts().forEach((k, v) -> signalling.labels(k).set(v));
            } finally {
                refresh[0].schedule(Duration.ofSeconds(5));
            }
        });
        ctx.lifecycle().add("metrics refresh", () -> refresh[0].schedule(Duration.ZERO), refresh[0]::cancel);

        ctx.admin().registerShow("bindings", a::bindings);
        ctx.admin().registerShow("stats", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bindings", a.size());
            m.put("border", p.counts());
            m.put("signalling", new java.util.TreeMap<>(a.counts()));
            m.put("bound_set_update_failures", border[0] == null ? 0 : border[0].setUpdateFailures());
            return m;
        });
    }

    /**
     * The border's own global address on {@code Interface} (the source of its Packet Too Big
     * messages), read with {@code ip -j -6 addr show dev IF scope global}.
     */
    static Ipv6Address ownAddress(MobilityAgentConfig config, CommandRunner runner) throws ConfigException {
        String json;
        try {
            json = runner.check("ip", "-j", "-6", "addr", "show", "dev", config.interfaceName(), "scope", "global");
        } catch (NetException e) {
            throw new ConfigException(config.interfacePosition(), "cannot read the addresses of Interface \""
                    + config.interfaceName() + "\": " + e.getMessage(), "an existing interface towards the correspondents");
        }
        try {
            for (JsonNode link : new ObjectMapper().readTree(json)) {
                for (JsonNode a : link.path("addr_info")) {
                    if ("inet6".equals(a.path("family").asText()) && !a.path("tentative").asBoolean(false)
                            && !a.path("dadfailed").asBoolean(false)) {
                        return Ipv6Address.parse(a.path("local").asText());
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(config.interfacePosition(), "unexpected output of ip -j addr: " + e.getMessage(),
                    "iproute2 with JSON output");
        }
        throw new ConfigException(config.interfacePosition(), "Interface \"" + config.interfaceName()
                + "\" has no global IPv6 address", "a global address on the interface towards the correspondents");
    }

    /** The agent, once composed (tests). */
    public CorrespondentAgent agent() {
        return agent;
    }

    /** The data path, once composed (tests). */
    public BorderPath path() {
        return path;
    }

    public static void main(String[] args) {
        System.exit(new MobilityAgentDaemon().run(args));
    }
}
