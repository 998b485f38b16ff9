package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.net.CommandNetworkControl;
import org.roam6.net.CommandRunner;
import org.roam6.net.NetException;
import org.roam6.net.NetworkNamespace;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;

/**
 * The home link in two network namespaces joined by a veth pair: in "peer", radvd plays a second
 * home agent (H flag, Home Agent Information with preference 20, its global address in a Prefix
 * Information option with the R flag) and Scapy plays a mobile node; in "had", this home agent
 * (preference 10) runs {@link HomeAgentList} and {@link DhaadResponder} on real sockets. The list
 * must learn the peer from radvd's advertisements, and Scapy's DHAAD Request to the Home-Agents
 * anycast address must be answered from this home agent's unicast address with both home agents,
 * the peer first. Both ways of holding the anycast address are exercised.
 *
 * <p>Needs root, radvd and Debian's Scapy: skipped without them, failed without them when
 * {@code CI=true}. The namespaces have a unique per-run name and are always deleted.
 */
class DhaadResponderNamespaceTest {
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address HA_OWN = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA_PEER = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address MN = Ipv6Address.parse("2001:db8:1::99");
    static final String PYTHON = "/usr/bin/python3";

    static final String SCAPY_DHAAD = String.join("\n",
            "import sys",
            "from scapy.all import IPv6, ICMPv6HAADRequest, sr1, conf",
            "conf.verb = 0",
            "conf.checkIPaddr = False",   // the reply comes from a unicast address, the request went to anycast
            "a = sr1(IPv6(src=sys.argv[1], dst=sys.argv[2]) / ICMPv6HAADRequest(id=int(sys.argv[3]), R=0), timeout=5)",
            "if a is None:",
            "    print('NO-REPLY'); sys.exit(2)",
            "print(a['IPv6'].src)",
            "print(bytes(a['IPv6'].payload).hex())",
            "");

    static void requireOrSkip(boolean ok, String what) {
        if (!ok) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but " + what);
            }
            assumeTrue(false, what);
        }
    }

    static boolean commandWorks(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @Timeout(120)
    void aHomeAgentLearnsItsPeerFromRadvdAndAnswersScapysDhaadRequestWithBothInPreferenceOrder() throws Exception {
        String uid;
        try {
            uid = new CommandRunner(null, 10_000).check("id", "-u").trim();
        } catch (NetException e) {
            uid = "?";
        }
        requireOrSkip("0".equals(uid), "needs root (network namespaces, raw sockets): run as root, as CI does");
        requireOrSkip(new File("/usr/sbin/radvd").canExecute(), "needs radvd (Debian package radvd)");
        requireOrSkip(commandWorks(PYTHON, "-c", "import scapy.all"), "needs Debian's python3-scapy at " + PYTHON);

        String base = "r6d" + ProcessHandle.current().pid() + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String peer = base + "p";
        String had = base + "h";
        CommandRunner root = new CommandRunner(null, 10_000);
        Path dir = Files.createTempDirectory("roam6-dhaad");
        Thread hook = new Thread(() -> deleteQuietly(root, peer, had), "delete-" + base);
        Runtime.getRuntime().addShutdownHook(hook);
        Process radvd = null;
        try {
            root.check("ip", "netns", "add", peer);
            root.check("ip", "netns", "add", had);
            root.check("ip", "-n", peer, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", had);
            CommandRunner inPeer = new CommandRunner(peer, 10_000);
            CommandRunner inHad = new CommandRunner(had, 10_000);
            for (Object[] s : new Object[][] {{inPeer, "va", List.of(HA_PEER, MN)}, {inHad, "vb", List.of(HA_OWN)}}) {
                CommandRunner in = (CommandRunner) s[0];
                String dev = (String) s[1];
                in.check("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
                in.check("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
                in.check("sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0");
                in.check("ip", "link", "set", "lo", "up");
                for (Object a : (List<?>) s[2]) {
                    in.check("ip", "-6", "addr", "add", a + "/64", "dev", dev, "nodad");
                }
                in.check("ip", "link", "set", dev, "up");
            }
            inPeer.check("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
            waitForLinkLocal(inPeer, "va");
            waitForLinkLocal(inHad, "vb");

            Path conf = dir.resolve("radvd.conf");
            Files.writeString(conf, String.join("\n",
                    "interface va {",
                    "  AdvSendAdvert on;",
                    "  MinRtrAdvInterval 0.5;",
                    "  MaxRtrAdvInterval 1.5;",
                    "  AdvHomeAgentFlag on;",
                    "  AdvHomeAgentInfo on;",
                    "  HomeAgentPreference 20;",
                    "  HomeAgentLifetime 1800;",
                    "  prefix 2001:db8:1::12/64 { AdvRouterAddr on; };",   // the router's address, not the bare prefix
                    "};", ""), StandardCharsets.US_ASCII);

            try (NetworkNamespace ns = NetworkNamespace.enter(had);
                 CommandNetworkControl control = new CommandNetworkControl("dhaadtest", had)) {
                HomeAgentList list = ns.call(() -> HomeAgentList.open("vb", new HomeAgentList.Own(HA_OWN, 10, 1800, false)));
                try (list) {
                    list.start();
                    radvd = new ProcessBuilder("ip", "netns", "exec", peer, "/usr/sbin/radvd", "-n", "-C", conf.toString(),
                            "-p", dir.resolve("radvd.pid").toString(), "-m", "stderr")
                            .redirectErrorStream(true).redirectOutput(dir.resolve("radvd.log").toFile()).start();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (list.learnedCount() == 0 && System.nanoTime() < deadline && radvd.isAlive()) {
                        Thread.sleep(100);
                    }
                    assertEquals(1, list.learnedCount(), () -> "no home agent learned; radvd log: " + readQuietly(dir.resolve("radvd.log")));
                    HomeAgentEntry learned = list.entries().stream().filter(e -> !e.self()).findFirst().orElseThrow();
                    assertTrue(learned.linkLocal().isLinkLocal());
                    assertEquals(20, learned.preference());
                    assertEquals(1800, learned.lifetimeSeconds());
                    assertEquals(List.of(HA_PEER, HA_OWN), list.addresses(false, 10));

                    for (DhaadResponder.AnycastMembership m : DhaadResponder.AnycastMembership.values()) {
                        DhaadResponder r = ns.call(() -> DhaadResponder.open("vb", list, HOME, control, m));
                        String anycast = r.anycastAddress().toString();
                        try (r) {
                            r.start();
                            assertEquals(Ipv6Address.parse("2001:db8:1:0:fdff:ffff:ffff:fffe"), r.anycastAddress());
                            int id = m == DhaadResponder.AnycastMembership.SOCKET_JOIN ? 1234 : 4321;
                            String out = new CommandRunner(peer, 30_000).check(PYTHON, "-c", SCAPY_DHAAD, MN.toString(), anycast, Integer.toString(id));
                            String[] lines = out.trim().split("\n");
                            assertEquals(2, lines.length, () -> m + ": Scapy said " + out);
                            assertEquals(HA_OWN, Ipv6Address.parse(lines[0].trim()), m + ": reply from the unicast address");
                            byte[] icmp = HexFormat.of().parseHex(lines[1].trim());
                            assertTrue(Icmpv6Codec.checksumValid(HA_OWN, MN, icmp, 0, icmp.length), m + ": checksum");
                            Decoded<Icmpv6Message> d = Icmpv6Codec.decode(icmp, 0, icmp.length, MobilityExtensions.DEFAULT);
                            DhaadReply reply = (DhaadReply) ((Decoded.Ok<Icmpv6Message>) d).value();
                            assertEquals(id, reply.identifier());
                            assertEquals(List.of(HA_PEER, HA_OWN), reply.homeAgents(), m + ": preference 20 before 10");
                            assertEquals(1, r.replies());
                            if (m == DhaadResponder.AnycastMembership.SOCKET_JOIN) {
                                assertTrue(inHad.check("cat", "/proc/net/anycast6").contains("20010db800010000fdfffffffffffffe"), "joined as anycast");
                            } else {
                                assertTrue(inHad.check("ip", "-6", "addr", "show", "dev", "vb").contains(anycast + "/128"));
                            }
                        }
                        assertFalse(inHad.check("cat", "/proc/net/anycast6").contains("20010db800010000fdfffffffffffffe"),
                                m + ": anycast membership left on close");
                        assertFalse(inHad.check("ip", "-6", "addr", "show", "dev", "vb").contains(anycast),
                                m + ": anycast address removed on close");
                    }
                }
            }
        } finally {
            if (radvd != null) {
                radvd.destroy();
                if (!radvd.waitFor(5, TimeUnit.SECONDS)) {
                    radvd.destroyForcibly();
                }
            }
            deleteQuietly(root, peer, had);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    static void waitForLinkLocal(CommandRunner in, String dev) throws Exception {
        for (int i = 0; i < 50; i++) {
            String s = in.check("ip", "-6", "addr", "show", "dev", dev, "scope", "link");
            if (s.contains("fe80") && !s.contains("tentative") && !s.contains("NO-CARRIER")) {
                return;
            }
            Thread.sleep(100);
        }
        fail(dev + " has no usable link-local address after 5 s");
    }

    static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void deleteQuietly(CommandRunner root, String... names) {
        for (String n : names) {
            try {
                root.run(List.of("ip", "netns", "del", n), null);
            } catch (NetException ignored) {
                // best effort: already gone
            }
        }
    }
}
