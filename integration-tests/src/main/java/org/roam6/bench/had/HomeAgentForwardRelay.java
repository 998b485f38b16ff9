package org.roam6.bench.had;

import java.time.Duration;
import java.util.List;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.Registration;
import org.roam6.had.TunnelForwarder;
import org.roam6.net.CommandNetworkControl;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.mh.BindingUpdate;

/**
 * The {@code had} variant of {@code integration-tests/bench/had/forward.sh}: the home agent's
 * real forward tunnel, {@link TunnelForwarder} opened with {@link TunnelForwarder#open} (its own
 * TUN, a protocol-41 raw socket), driven by a {@link BindingCache} holding one binding, home
 * address {@code --hoa} at care-of address {@code --coa}, announced with
 * {@link TunnelForwarder#onRegistered} (which routes {@code HOA/128} into the TUN). Packets the
 * kernel routes to the home address are tunnelled to the care-of address exactly as in the
 * daemon.
 *
 * <pre>
 * HomeAgentForwardRelay --tun NAME --ha HA_ADDRESS --hoa HOME_ADDRESS --coa CARE_OF_ADDRESS [--max-seconds N]
 * </pre>
 *
 * Prints {@code ready} once the tunnel runs and the route is in; when stopped (SIGTERM, SIGINT,
 * or after {@code --max-seconds}) prints {@code relayed N errors SEND_FAILED skipped NO_BINDING}
 * (the kernel's own multicast on the TUN has no binding) and removes the route and the TUN.
 * Needs CAP_NET_ADMIN and CAP_NET_RAW, in the namespace it is started in.
 */
public final class HomeAgentForwardRelay {
    private HomeAgentForwardRelay() {}

    public static void main(String[] args) throws Exception {
        String tun = null;
        Ipv6Address ha = null;
        Ipv6Address hoa = null;
        Ipv6Address coa = null;
        long maxSeconds = 600;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--tun" -> tun = v;
                case "--ha" -> ha = Ipv6Address.parse(v);
                case "--hoa" -> hoa = Ipv6Address.parse(v);
                case "--coa" -> coa = Ipv6Address.parse(v);
                case "--max-seconds" -> maxSeconds = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (tun == null || ha == null || hoa == null || coa == null || args.length % 2 != 0) {
            System.err.println("usage: HomeAgentForwardRelay --tun NAME --ha HA_ADDRESS --hoa HOME_ADDRESS"
                    + " --coa CARE_OF_ADDRESS [--max-seconds N]");
            System.exit(2);
        }

        MonotonicClock clock = MonotonicClock.SYSTEM;
        BindingCache cache = new BindingCache(16);
        long now = clock.millis(); // the cache's expiry times are milliseconds of the forwarder's clock
        Registration r = cache.register(hoa, coa, 1, BindingUpdate.FLAG_H, now + Duration.ofDays(1).toMillis(),
                List.of(), List.of());
        if (r != Registration.CREATED) {
            throw new IllegalStateException("binding not created: " + r);
        }
        Binding binding = cache.binding(hoa, now).orElseThrow();
        CommandNetworkControl control = new CommandNetworkControl("had-bench", null);
        TunnelForwarder tunnels = TunnelForwarder.open(cache, control, clock, tun, ha, TunnelForwarder.DEFAULT_MTU);
        Object done = new Object();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("relayed " + tunnels.forwardedPackets()
                    + " errors " + tunnels.drops(TunnelForwarder.Drop.FORWARD_SEND_FAILED)
                    + " skipped " + tunnels.drops(TunnelForwarder.Drop.FORWARD_NO_BINDING)
                    + " malformed " + tunnels.drops(TunnelForwarder.Drop.FORWARD_MALFORMED) + " had TunnelForwarder");
            System.out.flush();
            tunnels.close();
            control.close();
        }, "relay-report"));
        tunnels.start();
        tunnels.onRegistered(binding);
        if (tunnels.controlFailures() != 0) {
            throw new IllegalStateException("the route into " + tun + " could not be installed");
        }
        System.out.println("ready");
        System.out.flush();
        synchronized (done) {
            done.wait(maxSeconds * 1000);
        }
        System.exit(0);
    }
}
