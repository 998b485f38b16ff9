package org.roam6.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.roam6.wire.Ipv6Address;

/**
 * Two network namespaces with a unique per-run prefix, joined by a veth pair ("va" in A,
 * "vb" in B) with 2001:db8:1::1/64 and 2001:db8:1::2/64 (no DAD), loopback up, ICMPv6 error rate
 * limit off. Removed by {@link #close()} and, should the JVM be stopped, by a shutdown hook.
 *
 * <p>Code runs inside a namespace on a {@link NetworkNamespace} thread (setns(2) on one
 * dedicated thread): sockets, TUN devices and captures opened there stay in that namespace, and
 * the test reads them from its own thread; a child JVM per namespace would be slower and would
 * need a protocol between the processes.
 */
final class NamespacePair implements AutoCloseable {
    static final Ipv6Address A = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address B = Ipv6Address.parse("2001:db8:1::2");

    final String a;
    final String b;
    final NetworkNamespace inA;
    final NetworkNamespace inB;
    private final Thread hook;
    private final CommandRunner root = new CommandRunner(null, 10_000);
    private boolean closed;

    private NamespacePair(String a, String b, NetworkNamespace inA, NetworkNamespace inB, Thread hook) {
        this.a = a;
        this.b = b;
        this.inA = inA;
        this.inB = inB;
        this.hook = hook;
    }

    static void assumeRoot() {
        assumeTrue(LibC.geteuid() == 0,
                "needs root (raw sockets, TUN, network namespaces): run the tests as root, as CI does");
    }

    static NamespacePair create() throws NetException {
        assumeRoot();
        String prefix = "r6n" + ProcessHandle.current().pid() + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String a = prefix + "a";
        String b = prefix + "b";
        CommandRunner root = new CommandRunner(null, 10_000);
        Thread hook = new Thread(() -> deleteQuietly(root, a, b), "delete-" + prefix);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            root.check("ip", "netns", "add", a);
            root.check("ip", "netns", "add", b);
            root.check("ip", "-n", a, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b);
            for (String[] s : new String[][] {{a, "va", A.toString()}, {b, "vb", B.toString()}}) {
                CommandRunner in = new CommandRunner(s[0], 10_000);
                in.check("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
                in.check("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
                in.check("sysctl", "-q", "-w", "net.ipv6.conf." + s[1] + ".accept_dad=0");
                in.check("sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0");
                in.check("ip", "link", "set", "lo", "up");
                in.check("ip", "-6", "addr", "add", s[2] + "/64", "dev", s[1], "nodad");
                in.check("ip", "link", "set", s[1], "up");
            }
            NetworkNamespace na = NetworkNamespace.enter(a);
            NetworkNamespace nb = NetworkNamespace.enter(b);
            NamespacePair p = new NamespacePair(a, b, na, nb, hook);
            p.waitForLink();
            return p;
        } catch (NetException | RuntimeException e) {
            deleteQuietly(root, a, b);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /** Waits (bounded) until both veth ends are up and the addresses usable. */
    private void waitForLink() throws NetException {
        for (int i = 0; i < 50; i++) {
            String sa = new CommandRunner(a, 10_000).check("ip", "-6", "addr", "show", "dev", "va");
            String sb = new CommandRunner(b, 10_000).check("ip", "-6", "addr", "show", "dev", "vb");
            if (!sa.contains("tentative") && !sb.contains("tentative") && sa.contains("UP") && sb.contains("UP")
                    && !sa.contains("NO-CARRIER") && !sb.contains("NO-CARRIER")) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("veth pair did not come up within 5 s");
    }

    CommandRunner runIn(String ns) {
        return new CommandRunner(ns, 10_000);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(CommandRunner root, String... names) {
        for (String n : names) {
            try {
                root.run(List.of("ip", "netns", "del", n), null);
            } catch (NetException ignored) {
                // best effort: gone already or ip missing
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inA.close();
        inB.close();
        deleteQuietly(root, a, b);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down
        }
    }
}
