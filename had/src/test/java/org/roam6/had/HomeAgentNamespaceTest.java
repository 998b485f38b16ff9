package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.cli.Roam6;
import org.roam6.net.CommandRunner;
import org.roam6.net.NetworkNamespace;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.runtime.admin.AdminJson;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import picocli.CommandLine;

/**
 * The home agent daemon for real, in a network namespace: Scapy in a second namespace plays a
 * mobile node away from home, sends a home Binding Update with a Home Address option and an
 * Alternate Care-of Address option, and must get a BA with status 0 through a Type 2 routing
 * header; {@code roam6 show bindings --json} then shows the binding. Needs root (skipped
 * otherwise, unless CI=true, where it must run).
 */
class HomeAgentNamespaceTest {

    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::5");

    @TempDir
    Path dir;

    static boolean root() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().equals("0");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void scapyMobileNodeRegistersAndGetsBaThroughType2RoutingHeader() throws Exception {
        assumeTrue(root() || "true".equals(System.getenv("CI")), "needs root (network namespaces, raw sockets)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs /usr/bin/python3 with Scapy");
        String prefix = "r6h" + ProcessHandle.current().pid() + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        String nsHa = prefix + "a";
        String nsMn = prefix + "b";
        CommandRunner host = new CommandRunner(null, 10_000);
        Thread hook = new Thread(() -> delete(host, nsHa, nsMn));
        Runtime.getRuntime().addShutdownHook(hook);
        HomeAgentDaemon daemon = new HomeAgentDaemon(nsHa);
        int[] exit = {-1};
        Thread runner = null;
        try {
            host.check("ip", "netns", "add", nsHa);
            host.check("ip", "netns", "add", nsMn);
            host.check("ip", "-n", nsHa, "link", "add", "lan0", "type", "veth", "peer", "name", "eth0", "netns", nsMn);
            setUp(new CommandRunner(nsHa, 10_000), "lan0", HA, "2001:db8:a::/64");
            setUp(new CommandRunner(nsMn, 10_000), "eth0", COA, "2001:db8:1::/64");
            waitForLink(new CommandRunner(nsMn, 10_000), "eth0");

            Path sock = dir.resolve("had.sock");
            Path conf = dir.resolve("had.conf");
            Files.writeString(conf, """
                    NodeConfig HA;
                    Interface "lan0";
                    HaServedPrefix 2001:db8:1::/64;
                    HaMaxBindingLife 420;
                    MnUnprotected 2001:db8:1::100;
                    MetricsPort 0;
                    AdminSocket "%s";
                    """.formatted(sock));
            try (NetworkNamespace in = NetworkNamespace.enter(nsHa)) {
                runner = in.call(() -> {
                    Thread t = new Thread(() -> exit[0] = daemon.run("--config", conf.toString()), "had-under-test");
                    t.start(); // a thread started here is in the namespace too
                    return t;
                });
            }
            assertTrue(daemon.awaitRunning(Duration.ofSeconds(20)), "the daemon started");
            new CommandRunner(nsHa, 10_000).check("nft", "list", "table", "ip6", "roam6_had");

            Path script = dir.resolve("scapy_mn.py");
            try (var in = HomeAgentNamespaceTest.class.getResourceAsStream("scapy_mn.py")) {
                Files.write(script, in.readAllBytes());
            }
            CommandRunner.Result r = new CommandRunner(nsMn, 30_000).run(List.of("/usr/bin/python3", script.toString(),
                    "eth0", HA.toString(), HOA.toString(), COA.toString(), "7", "100"), null);
            assertEquals(0, r.exitCode(), "Scapy got a BA: " + r.stdout() + r.stderr());
            assertTrue(r.stdout().contains("STATUS 0"), r.stdout());
            String hex = r.stdout().lines().filter(l -> l.startsWith("HEX ")).findFirst().orElseThrow().substring(4);
            byte[] ba = Bytes.fromHex(hex);
            Ipv6Packet p = new Ipv6Packet();
            assertNull(p.parse(ba, 0, ba.length));
            assertEquals(HA, p.source());
            assertEquals(COA, p.destination());
            assertTrue(p.hasRoutingHeaderType2());
            assertEquals(HOA, p.routingAddress());
            assertTrue(p.upperLayerChecksumValid(), "MH checksum over HA -> HoA");
            MobilityMessage.BindingAcknowledgement m = (MobilityMessage.BindingAcknowledgement)
                    MobilityHeaderCodec.decode(ba, p.upperLayerOffset(), p.upperLayerLength()).value();
            assertEquals(0, m.status());
            assertEquals(7, m.sequence());
            assertEquals(100, m.lifetime());

            JsonNode bindings = AdminClient.call(sock, "show", "what", "bindings");
            assertEquals(1, bindings.size());
            assertEquals(HOA.toString(), bindings.get(0).get("hoa").asText());
            assertEquals(COA.toString(), bindings.get(0).get("coa").asText());
            assertEquals(400, bindings.get(0).get("lifetime_s").asInt());

            CommandLine cli = Roam6.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertEquals(0, cli.execute("show", "bindings", "--json", "--socket", sock.toString()));
            JsonNode shown = AdminJson.mapper().readTree(out.toString());
            assertEquals(HOA.toString(), shown.get(0).get("hoa").asText());
            assertEquals("AH", shown.get(0).get("flags").asText());
        } finally {
            daemon.requestStop();
            if (runner != null) {
                runner.join(15_000);
            }
            delete(host, nsHa, nsMn);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
        assertEquals(0, exit[0], "clean stop");
    }

    private static void setUp(CommandRunner in, String dev, Ipv6Address addr, String peerPrefix) throws Exception {
        in.check("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
        in.check("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
        in.check("sysctl", "-q", "-w", "net.ipv6.conf." + dev + ".accept_dad=0");
        in.check("ip", "link", "set", "lo", "up");
        in.check("ip", "-6", "addr", "add", addr + "/64", "dev", dev, "nodad");
        in.check("ip", "link", "set", dev, "up");
        in.check("ip", "-6", "route", "add", peerPrefix, "dev", dev);
    }

    private static void waitForLink(CommandRunner in, String dev) throws Exception {
        for (int i = 0; i < 50; i++) {
            String s = in.check("ip", "-6", "addr", "show", "dev", dev);
            if (s.contains("UP") && !s.contains("NO-CARRIER") && !s.contains("tentative")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(dev + " did not come up within 5 s");
    }

    private static void delete(CommandRunner host, String... names) {
        for (String n : names) {
            try {
                host.run(List.of("ip", "netns", "del", n), null);
            } catch (Exception ignored) {
                // gone already
            }
        }
    }
}
