package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.it.interop.InteropChecks.await;
import static org.roam6.it.interop.InteropChecks.awaitRows;
import static org.roam6.it.interop.InteropChecks.isFalse;
import static org.roam6.it.interop.InteropChecks.norm;
import static org.roam6.it.interop.InteropChecks.tail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.ExecResult;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;

/**
 * Interop scenario 3: route optimisation between roam6's mobile node ({@code mnd} in mn, home
 * agent {@code had} in ha1) and UMIP as the correspondent (mip6d in the guest on link C,
 * 2001:db8:c::20). Traffic between the guest and the home address starts in the home agent's
 * tunnel; mnd runs Return Routability with UMIP (HoTI through the tunnel, CoTI direct), sends
 * the Binding Update and, with {@code UseCnBuAck}, takes the path only on UMIP's authenticated
 * Binding Acknowledgement; UMIP's cache holds the binding; afterwards the packets go directly,
 * with a Type 2 routing header towards the care-of address and a Home Address option from it,
 * and the home link carries none of them. A TCP transfer over the optimised path, checked by MD5.
 */
@RequiresMip6d
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UmipCorrespondentInteropTest {

    static final String CN = "2001:db8:c::20";
    static final String HA = "2001:db8:1::11";
    static final String HOA = "2001:db8:1::100";
    static final String MIP6D = """
            NodeConfig CN;
            DebugLevel 10;
            DoRouteOptimizationCN enabled;
            """;

    static UmipGuest guest;
    static TestbedProcess had;
    static TestbedProcess mnd;
    static Path dir;
    static Path mndSocket;
    static String coa;
    static double registeredAt;
    static final List<String> timings = new ArrayList<>();
    static long started;

    @BeforeAll
    static void umipIsTheCorrespondentAndTheMobileNodeIsOnLinkA(Testbed tb) throws Exception {
        started = System.nanoTime();
        dir = Files.createTempDirectory("r6umipcn");
        mndSocket = dir.resolve("mnd.sock");
        guest = UmipGuest.boot(tb, GuestImage.build(Mip6dBinary.require()), "umip-cn", "c", "02:52:36:00:01:03");
        guest.run("""
                ip link set eth0 up
                ip -6 addr add 2001:db8:c::20/64 dev eth0 nodad
                ip -6 route add default via 2001:db8:c::1
                """).requireOk();
        guest.startMip6d(MIP6D);
        had = Roam6Daemons.homeAgent(tb, "ha1", dir, dir.resolve("had.sock"), HOA);
        mnd = Roam6Daemons.mobileNode(tb, dir, mndSocket, HOA, "HomeAgentAddress " + HA + ";",
                "MnHomeAgents 1;\nDoRouteOptimizationMN enabled;\nUseCnBuAck enabled;");
        coa = norm(tb.move("a").getHostAddress());
        assertTrue(await(() -> rows().stream().anyMatch(r -> r.path("role").asText().equals("home-agent")
                && r.path("state").asText().equals("registered") && coa.equals(norm(r.path("coa").asText()))),
                Duration.ofSeconds(30)), () -> "registered with had: " + rows());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (guest != null) {
            guest.close();
        }
        if (mnd != null) {
            mnd.stop();
        }
        if (had != null) {
            had.stop();
        }
        System.out.println("UMIP correspondent interop: " + String.join("; ", timings) + "; run "
                + (System.nanoTime() - started) / 1_000_000_000 + " s");
        if (dir != null) {
            Directories.deleteTree(dir);
        }
    }

    @Test
    @Order(1)
    void trafficThroughTheTunnelStartsReturnRoutabilityAndUmipCachesTheBinding(Testbed tb) throws Exception {
        // the guest pings the home address: the echoes reach mnd through had's tunnel
        guest.run("ping -6 -c 100 -i 0.2 " + HOA + " > /share/ping.out 2>&1 &").requireOk();
        assertTrue(await(() -> rows().stream().anyMatch(r -> r.path("role").asText().equals("correspondent")
                && norm(r.path("peer").asText()).equals(CN) && r.path("state").asText().equals("registered")),
                Duration.ofSeconds(40)), () -> "mnd's list has no registered correspondent " + CN + ": " + rows()
                        + "\n" + tail(guest.mip6dLog()));
        UmipConsole.Entry[] e = new UmipConsole.Entry[1];
        assertTrue(await(() -> (e[0] = UmipConsole.parse(guest.console("bc")).of(HOA)) != null
                && coa.equals(e[0].careOf()), Duration.ofSeconds(20)), () -> "UMIP's bc: " + guest.console("bc"));
        System.out.println("UMIP bc: " + e[0]);
        assertFalse(e[0].flags().contains("H"), "a correspondent binding, not a home registration: " + e[0].flags());

        // on the wire (tshark): HoTI from the home address, CoTI from the care-of address, HoT and
        // CoT from UMIP, the BU from the care-of address with a Home Address option, UMIP's BA
        Path c = tb.pcap("c");
        String[] hoti = first(c, "mipv6 && mip6.mhtype == 1 && ipv6.src == " + HOA + " && ipv6.dst == " + CN);
        first(c, "mipv6 && mip6.mhtype == 2 && ipv6.src == " + coa + " && ipv6.dst == " + CN);
        first(c, "mipv6 && mip6.mhtype == 3 && ipv6.src == " + CN + " && ipv6.dst == " + HOA);
        first(c, "mipv6 && mip6.mhtype == 4 && ipv6.src == " + CN + " && ipv6.dst == " + coa);
        String[] bu = first(c, "mipv6 && mip6.mhtype == 5 && ipv6.src == " + coa + " && ipv6.dst == " + CN
                + " && ipv6.opt.mipv6.home_address == " + HOA, "mip6.bu.seqnr", "mip6.bu.a_flag", "mip6.bu.h_flag");
        assertFalse(isFalse(bu[2]), "A flag (UseCnBuAck)");
        assertTrue(isFalse(bu[3]), "no H flag");
        String[] ba = first(c, "mipv6 && mip6.mhtype == 6 && ipv6.src == " + CN + " && ipv6.dst == " + coa
                + " && mip6.ba.seqnr == " + bu[1], "mip6.ba.status");
        assertEquals("0", ba[1], "UMIP accepts the correspondent registration");
        double rr = Double.parseDouble(ba[0]) - Double.parseDouble(hoti[0]);
        registeredAt = Double.parseDouble(ba[0]);
        timings.add(String.format(Locale.ROOT, "HoTI to BA %.1f ms", rr * 1000));
    }

    @Test
    @Order(2)
    void afterwardsThePacketsGoDirectlyWithTheRoutingHeaderAndTheHomeAddressOption(Testbed tb) throws Exception {
        Thread.sleep(4000); // let the optimised path carry some of the pings
        String from = String.format(Locale.ROOT, "%.6f", registeredAt + 0.5);
        Path c = tb.pcap("c");
        int rh2 = Tshark.count(c, "frame.time_epoch > " + from + " && ipv6.src == " + CN + " && ipv6.dst == " + coa
                + " && ipv6.routing.type == 2 && ipv6.routing.mipv6.home_address == " + HOA + " && icmpv6.type == 128");
        int hao = Tshark.count(c, "frame.time_epoch > " + from + " && ipv6.src == " + coa + " && ipv6.dst == " + CN
                + " && ipv6.opt.mipv6.home_address == " + HOA + " && icmpv6.type == 129");
        int viaHome = Tshark.count(tb.pcap("home"), "frame.time_epoch > " + from + " && ipv6.nxt == 41 && "
                + "(icmpv6.type == 128 || icmpv6.type == 129) && (ipv6.src == " + CN + " || ipv6.dst == " + CN + ")");
        System.out.printf("after registration: %d echo requests with RH2, %d replies with HAO on link C, %d through the home link%n",
                rh2, hao, viaHome);
        assertTrue(rh2 >= 10, "UMIP sends to the care-of address with a Type 2 routing header: " + rh2);
        assertTrue(hao >= 10, "mnd answers from the care-of address with a Home Address option: " + hao);
        assertEquals(0, viaHome, "the home link carries none of the flow after the registration");

        // TCP over the optimised path: 200 kB from the home address to the guest, checked by MD5
        guest.run("nc -l -p 47300 > /tmp/rx 2>/dev/null &\nsleep 1").requireOk();
        ExecResult sent = tb.exec("mn", Duration.ofSeconds(60), "/usr/bin/python3", "-c", """
                import hashlib, socket, sys
                data = bytes((i * 13 + i // 512) % 256 for i in range(200000))
                s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                s.bind((sys.argv[1], 0)); s.settimeout(20); s.connect((sys.argv[2], 47300))
                s.sendall(data); s.close()
                print(hashlib.md5(data).hexdigest())
                """, HOA, CN).requireOk();
        String md5 = sent.stdout().strip();
        assertTrue(await(() -> guest.run("md5sum /tmp/rx").output().startsWith(md5), Duration.ofSeconds(20)),
                () -> "UMIP's host received 200 kB intact: " + guest.run("ls -l /tmp/rx; md5sum /tmp/rx").output());
        // tcpdump writes the burst out packet by packet: wait until the capture has it
        int tcpDirect = InteropChecks.awaitCount(c, "tcp.port == 47300 && ipv6.src == " + coa
                + " && ipv6.opt.mipv6.home_address == " + HOA);
        int tcpHome = Tshark.count(tb.pcap("home"), "tcp.port == 47300");
        System.out.printf("TCP: %d segments from the care-of address with HAO on link C, %d on the home link%n",
                tcpDirect, tcpHome);
        assertTrue(tcpDirect > 50, "the TCP segments go directly: " + tcpDirect);
        assertEquals(0, tcpHome, "and none through the home agent");
    }

    static List<JsonNode> rows() {
        List<JsonNode> out = new ArrayList<>();
        try {
            AdminClient.call(mndSocket, "show", "what", "bul").forEach(out::add);
        } catch (Exception e) {
            // not up yet
        }
        return out;
    }

    static String[] first(Path pcap, String filter, String... fields) {
        String[] all = new String[fields.length + 1];
        all[0] = "frame.time_epoch";
        System.arraycopy(fields, 0, all, 1, fields.length);
        return awaitRows(pcap, filter, all).get(0);
    }
}
