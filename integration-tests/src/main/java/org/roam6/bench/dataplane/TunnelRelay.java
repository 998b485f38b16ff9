package org.roam6.bench.dataplane;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.roam6.wire.Ipv6Address;

/**
 * The Java relay of the data-plane benchmark ({@code integration-tests/bench/dataplane/run.sh}):
 * attaches to a TUN device, tunnels every packet read from it to a peer IPv6-in-IPv6 and, when
 * stopped (SIGTERM, SIGINT or after {@code --max-seconds}), prints its counters and how many
 * bytes the relay thread allocated while relaying.
 *
 * <pre>
 * TunnelRelay --tun NAME --src OUTER_SRC --dst OUTER_DST [--encap hdrincl|raw41] [--io api|direct|channel]
 *             [--max-seconds N]
 * </pre>
 *
 * {@code --io api} (default) goes through {@code org.roam6.net} ({@link NetApiForwardTunnel});
 * {@code --io direct} is the zero-copy prototype on JNA alone ({@link DirectForwardTunnel}),
 * {@code --io channel} the same with the TUN read through the JDK ({@link ChannelForwardTunnel}). Prints
 * {@code ready} on stdout once the TUN and the socket are open. Needs root (CAP_NET_ADMIN,
 * CAP_NET_RAW) and runs in the namespace it is started in ({@code ip netns exec}).
 */
public final class TunnelRelay {
    private TunnelRelay() {}

    private static volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        String tun = null;
        String io = "api";
        Ipv6Address src = null;
        Ipv6Address dst = null;
        Encapsulation encap = Encapsulation.HDRINCL;
        long maxSeconds = 600;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--tun" -> tun = value;
                case "--src" -> src = Ipv6Address.parse(value);
                case "--dst" -> dst = Ipv6Address.parse(value);
                case "--encap" -> encap = Encapsulation.parse(value);
                case "--io" -> io = value;
                case "--max-seconds" -> maxSeconds = Long.parseLong(value);
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (tun == null || src == null || dst == null) {
            usage("--tun, --src and --dst are required");
        }
        ForwardTunnel tunnel = switch (io) {
            case "api" -> new NetApiForwardTunnel(tun, src, dst, encap);
            case "direct" -> new DirectForwardTunnel(tun, src, dst, encap);
            case "channel" -> new ChannelForwardTunnel(tun, src, dst, encap);
            default -> throw new IllegalArgumentException("--io must be api, direct or channel, not " + io);
        };

        String label = "io " + io + " encap " + encap.name().toLowerCase(Locale.ROOT);
        long limitMillis = maxSeconds * 1000;
        RelayCounters counters = new RelayCounters();
        Thread loop = Thread.currentThread();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocatedAtStart = {threads.getThreadAllocatedBytes(loop.getId())};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running = false;
            long allocated = threads.getThreadAllocatedBytes(loop.getId()) - allocatedAtStart[0];
            long skipped = counters.skipped
                    + (tunnel instanceof NetApiForwardTunnel api ? api.skipped() : 0);
            System.out.println("relayed " + counters.relayed + " errors " + counters.errors + " skipped " + skipped
                    + " allocated-bytes " + allocated + " " + label);
            System.out.flush();
        }, "relay-report"));
        Thread limit = new Thread(() -> {
            try {
                Thread.sleep(limitMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(0);
        }, "relay-time-limit");
        limit.setDaemon(true);
        limit.start();

        System.out.println("ready");
        System.out.flush();
        allocatedAtStart[0] = threads.getThreadAllocatedBytes(loop.getId());
        try {
            tunnel.run(counters, () -> running);
        } finally {
            tunnel.close();
        }
    }

    private static void usage(String why) {
        System.err.println(why);
        System.err.println("usage: TunnelRelay --tun NAME --src OUTER_SRC --dst OUTER_DST"
                + " [--encap hdrincl|raw41] [--io api|direct|channel] [--max-seconds N]");
        System.exit(2);
    }
}
