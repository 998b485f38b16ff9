package org.roam6.mad;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.TunDevice;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.RoutingHeaderType2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the border router hands the Mobility Agent its packets, and takes them back, with no kernel
 * Mobile IPv6: one TUN device and one nftables table ({@code roam6_mad}).
 *
 * <pre>
 * table ip6 roam6_mad {
 *   set served { type ipv6_addr; flags interval; elements = { MaServedPrefix ... } }
 *   set bound  { type ipv6_addr . ipv6_addr; }       # correspondent . home address, one per binding
 *   chain prerouting {
 *     type filter hook prerouting priority mangle; policy accept;
 *     iifname "mad0" return                             # what the agent gives back is forwarded as is
 *     ip6 daddr @served meta l4proto mobility-header meta mark set MARK   # HoTI, CoTI, BU, ...
 *     ip6 daddr @served exthdr dst exists meta mark set MARK              # Home Address option
 *     ip6 saddr . ip6 daddr @bound meta mark set MARK                     # correspondent to bound home address
 *   }
 *   chain output { ... drops the kernel's own Parameter Problems ... }
 * }
 * ip -6 rule add fwmark MARK table 6275 priority 6275
 * ip -6 route add default dev mad0 table 6275
 * </pre>
 *
 * A marked packet is routed into the TUN instead of on; {@link BorderPath} reads it there and
 * writes back what goes on (translated, routed with a Type 2 routing header, unchanged, or the
 * agent's answer), which the kernel forwards by its main table ({@code forwarding=1}). Packets
 * nobody marked never leave the kernel: the correspondents' other traffic is plain forwarding.
 * The {@code bound} set follows the agent's bindings ({@link CorrespondentAgent.BindingListener}),
 * updated off the packet thread. Everything is undone by the {@link NetworkControl} on stop.
 */
public final class BorderInterception implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BorderInterception.class);

    /** The firewall mark of packets steered to the agent ("mad"). */
    public static final int MARK = 0x6d6164;
    /** The routing table (and rule priority) that sends marked packets into the TUN. */
    public static final int TABLE = 6275;
    /** The TUN device's name by default. */
    public static final String DEFAULT_TUN = "mad0";
    /** The nftables set of correspondent . home address pairs with a binding. */
    public static final String BOUND_SET = "bound";
    private static final int READ_TIMEOUT_MILLIS = 200;

    private final CorrespondentAgent agent;
    private final BorderPath path;
    private final TunDevice tun;
    private final NetworkControl control;
    private final List<Ipv6Prefix> served;
    private final int mtu;
    private final ExecutorService setUpdates = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mad-bound-set");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder setFailures = new LongAdder();
    private final BorderPath.Output output = this::write;
    private volatile boolean running;
    private Thread reader;

    /**
     * @param mtu the TUN's MTU: the largest packet the border forwards (the link MTU), so nothing
     *            the kernel steers here is refused for size
     */
    public BorderInterception(CorrespondentAgent agent, BorderPath path, TunDevice tun, NetworkControl control,
                              List<Ipv6Prefix> served, int mtu) {
        this.agent = agent;
        this.path = path;
        this.tun = tun;
        this.control = control;
        this.served = List.copyOf(served);
        this.mtu = mtu;
    }

    /** The nftables declarations of the table (the sets and the prerouting chain). */
    static String declarations(String tunName, List<Ipv6Prefix> served) {
        StringBuilder elements = new StringBuilder();
        for (Ipv6Prefix p : served) {
            if (elements.length() > 0) {
                elements.append(", ");
            }
            elements.append(p);
        }
        String mark = String.format("0x%08x", MARK);
        return "  set served { type ipv6_addr; flags interval; elements = { " + elements + " } }\n"
                + "  set " + BOUND_SET + " { type ipv6_addr . ipv6_addr; }\n"
                + "  chain prerouting {\n"
                + "    type filter hook prerouting priority mangle; policy accept;\n"
                + "    iifname \"" + tunName + "\" return\n"
                + "    ip6 daddr @served meta l4proto 135 counter meta mark set " + mark + "\n"
                + "    ip6 daddr @served exthdr dst exists counter meta mark set " + mark + "\n"
                + "    ip6 saddr . ip6 daddr @" + BOUND_SET + " counter meta mark set " + mark + "\n"
                + "  }\n";
    }

    /** Installs the table, the rule and the route, brings the TUN up and starts reading. */
    public synchronized void start() throws NetException {
        if (running) {
            throw new IllegalStateException("already started");
        }
        control.linkUp(tun.name(), mtu);
        control.setSysctl("net.ipv6.conf.all.forwarding", "1");
        control.installTable(declarations(tun.name(), served));
        control.addRoute(Ipv6Prefix.parse("::/0"), tun.name(), null, TABLE);
        control.addMarkRule(MARK, TABLE, TABLE);
        agent.setListener(new CorrespondentAgent.BindingListener() {
            @Override
            public void bound(Ipv6Address correspondent, Ipv6Address homeAddress, Ipv6Address careOfAddress) {
                update(true, correspondent, homeAddress);
            }

            @Override
            public void unbound(Ipv6Address correspondent, Ipv6Address homeAddress) {
                update(false, correspondent, homeAddress);
            }
        });
        running = true;
        reader = new Thread(this::readLoop, "mad-border");
        reader.setDaemon(true);
        reader.start();
        LOG.info("intercepting for {} through {} (mark 0x{}, table {})", served, tun.name(),
                Integer.toHexString(MARK), TABLE);
    }

    private void update(boolean add, Ipv6Address correspondent, Ipv6Address homeAddress) {
        String element = correspondent + " . " + homeAddress;
        setUpdates.execute(() -> {
            try {
                if (add) {
                    control.addSetElement(BOUND_SET, element);
                } else {
                    control.removeSetElement(BOUND_SET, element);
                }
            } catch (NetException | RuntimeException e) {
                setFailures.increment();
                LOG.warn("{} {} in the nftables set {}: {}", add ? "adding" : "removing", element, BOUND_SET,
                        e.getMessage());
            }
        });
    }

    private void readLoop() {
        byte[] buf = new byte[65_536 + RoutingHeaderType2.LENGTH];
        BorderPath.Output out = output;
        while (running) {
            int n;
            try {
                n = tun.read(buf, 0, buf.length - RoutingHeaderType2.LENGTH, READ_TIMEOUT_MILLIS);
            } catch (NetException e) {
                if (running) {
                    LOG.warn("reading {}: {}", tun.name(), e.getMessage());
                    sleepQuietly(100);
                }
                continue;
            }
            if (n <= 0) {
                continue;
            }
            try {
                path.handle(buf, n, out);
            } catch (RuntimeException e) {
                LOG.warn("packet of {} bytes from {} not handled: {}", n, tun.name(), e.toString());
            }
        }
    }

    private void write(byte[] b, int off, int len) {
        try {
            tun.write(b, off, len);
        } catch (NetException e) {
            LOG.debug("write into {}: {}", tun.name(), e.getMessage());
        }
    }

    /** Where packets go back to the kernel (for the agent's own messages, e.g. Binding Refresh Requests). */
    public BorderPath.Output output() {
        return output;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** nftables set updates that failed (each logged). */
    public long setUpdateFailures() {
        return setFailures.sum();
    }

    /** Stops reading and closes the TUN; the kernel state goes with the NetworkControl. */
    @Override
    public synchronized void close() {
        running = false;
        agent.setListener(null);
        Thread r = reader;
        if (r != null) {
            try {
                r.join(2 * READ_TIMEOUT_MILLIS + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        setUpdates.shutdown();
        try {
            setUpdates.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tun.close();
    }
}
