package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.it.interop.InteropChecks.await;
import static org.roam6.it.interop.InteropChecks.awaitCount;
import static org.roam6.it.interop.InteropChecks.awaitRows;
import static org.roam6.it.interop.InteropChecks.isFalse;
import static org.roam6.it.interop.InteropChecks.norm;
import static org.roam6.it.interop.InteropChecks.tail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Interop scenario 1: UMIP's mobile node (mip6d in the guest, home address 2001:db8:1::101)
 * with roam6's home agent ({@code had} in ha1). Registration from link A, both views compared
 * ({@code roam6 show bindings} and UMIP's {@code bul}), ping and a TCP transfer from the
 * correspondent to the home address through had's tunnel, a handover to B, the return home
 * with de-registration. Unprotected Binding Updates (UMIP {@code UseMnHaIPsec disabled}, had
 * {@code MnUnprotected 2001:db8:1::101}).
 */
@RequiresMip6d
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UmipMobileNodeInteropTest {

    static final String HA = "2001:db8:1::11";
    static final String HOA = "2001:db8:1::101";
    static final String MIP6D = """
            NodeConfig MN;
            DebugLevel 10;
            Interface "eth0";
            UseMnHaIPsec disabled;
            KeyMngMobCapability disabled;
            DoRouteOptimizationMN disabled;
            DoRouteOptimizationCN disabled;
            MnRouterProbes 1;
            MnHomeLink "eth0" {
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::101/64;
            }
            """;

    static UmipGuest guest;
    static TestbedProcess had;
    static Path dir;
    static Path hadSocket;
    static final List<String> timings = new ArrayList<>();
    static long started;

    @BeforeAll
    static void hadIsTheHomeAgentAndUmipTheMobileNode(Testbed tb) throws Exception {
        started = System.nanoTime();
        dir = Files.createTempDirectory("r6umipmn");
        hadSocket = dir.resolve("had.sock");
        had = Roam6Daemons.homeAgent(tb, "ha1", dir, hadSocket, HOA);
        guest = UmipGuest.boot(tb, GuestImage.build(Mip6dBinary.require()), "umip-mn", "home", "02:52:36:00:01:01");
        InteropChecks.startUmipMobileNodeAtHome(guest, MIP6D, HOA);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (guest != null) {
            guest.close();
        }
        if (had != null) {
            had.stop();
        }
        System.out.println("UMIP mobile node interop: " + String.join("; ", timings) + "; run "
                + (System.nanoTime() - started) / 1_000_000_000 + " s");
        if (dir != null) {
            Directories.deleteTree(dir);
        }
    }

    static String careOf(String link) {
        return norm("2001:db8:" + link + ":0:52:36ff:fe00:101");
    }

    @Test
    @Order(1)
    void fromLinkAHadAcceptsUmipsBindingUpdateAndBothViewsAgree(Testbed tb) throws Exception {
        guest.move("a");
        awaitBinding(careOf("a"));
        // both views settle on the same registration: had's binding and UMIP's list entry
        JsonNode[] b = new JsonNode[1];
        UmipConsole.Entry[] e = new UmipConsole.Entry[1];
        assertTrue(await(() -> {
            b[0] = awaitBinding(careOf("a"));
            e[0] = awaitUmipBul(careOf("a"));
            return b[0].path("seq").asInt() == e[0].sequence();
        }, Duration.ofSeconds(20)), () -> "had " + b[0] + " vs UMIP " + e[0]);
        System.out.println("had: " + b[0] + "\nUMIP bul: " + e[0]);
        assertEquals(HA, e[0].peer(), "UMIP's list names had");
        assertEquals(norm(HOA), norm(b[0].path("hoa").asText()));
        assertTrue(Math.abs(b[0].path("lifetime_s").asInt() - e[0].lifetime()) <= 4,
                () -> "lifetimes: had " + b[0] + ", UMIP " + e[0]);
        int seq = e[0].sequence();
        List<String[]> bu = awaitRows(tb.pcap("a"), "mipv6 && mip6.mhtype == 5 && ipv6.dst == " + HA
                + " && mip6.bu.seqnr == " + seq, "frame.time_epoch", "mip6.bu.h_flag");
        assertFalse(isFalse(bu.get(0)[1]), "UMIP's BU has the H flag");
        List<String[]> ba = awaitRows(tb.pcap("a"), "mipv6 && mip6.mhtype == 6 && ipv6.src == " + HA
                + " && mip6.ba.seqnr == " + seq, "frame.time_epoch", "mip6.ba.status");
        assertEquals("0", ba.get(0)[1], "had accepts UMIP's BU");
        timings.add(String.format(java.util.Locale.ROOT, "BU->BA from A %.1f ms",
                (Double.parseDouble(ba.get(0)[0]) - Double.parseDouble(bu.get(0)[0])) * 1000));
    }

    @Test
    @Order(2)
    void theCorrespondentReachesUmipsHomeAddressThroughHadsTunnel(Testbed tb) throws Exception {
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(20)),
                "cn -> UMIP's home address through had");
        // 200 kB from the correspondent to a listener on the home address, checked by MD5
        guest.run("nc -l -p 47200 > /tmp/rx 2>/dev/null &\nsleep 1").requireOk();
        ExecResult sent = tb.exec("cn", Duration.ofSeconds(60), "/usr/bin/python3", "-c", """
                import hashlib, os, socket, sys
                data = bytes((i * 7 + i // 256) % 256 for i in range(200000))
                s = socket.create_connection((sys.argv[1], 47200), timeout=20)
                s.sendall(data); s.close()
                print(hashlib.md5(data).hexdigest())
                """, HOA).requireOk();
        String md5 = sent.stdout().strip();
        assertTrue(await(() -> guest.run("md5sum /tmp/rx").output().startsWith(md5), Duration.ofSeconds(20)),
                () -> "the guest received the 200 kB intact: " + guest.run("ls -l /tmp/rx; md5sum /tmp/rx").output()
                        + " expected " + md5);
        String coa = careOf("a");
        assertTrue(awaitCount(tb.pcap("home"), "ipv6.src == " + HA + " && ipv6.dst == " + coa + " && ipv6.nxt == 41") > 10,
                "had tunnels to UMIP's care-of address");
        assertTrue(awaitCount(tb.pcap("a"), "ipv6.src == " + coa + " && ipv6.dst == " + HA + " && ipv6.nxt == 41") > 10,
                "UMIP reverse-tunnels to had");
    }

    @Test
    @Order(3)
    void aHandoverToBMovesTheBindingAtHad(Testbed tb) throws Exception {
        guest.move("b");
        awaitBinding(careOf("b"));
        awaitUmipBul(careOf("b"));
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(20)));
    }

    @Test
    @Order(4)
    void backHomeUmipDeregistersAndHadForgetsTheBinding(Testbed tb) throws Exception {
        guest.move("home");
        assertTrue(await(() -> bindings().size() == 0, Duration.ofSeconds(30)),
                () -> "had still holds a binding: " + bindings() + "\n" + tail(guest.mip6dLog()));
        List<String[]> dereg = awaitRows(tb.pcap("home"), "mipv6 && mip6.mhtype == 5 && ipv6.dst == " + HA
                + " && mip6.bu.lifetime == 0", "mip6.bu.seqnr");
        List<String[]> ba = awaitRows(tb.pcap("home"), "mipv6 && mip6.mhtype == 6 && ipv6.src == " + HA
                + " && mip6.ba.seqnr == " + dereg.get(dereg.size() - 1)[0], "mip6.ba.status");
        assertEquals("0", ba.get(0)[0], "de-registration accepted");
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(20)),
                "the home address at home");
        JsonNode stats = AdminClient.call(hadSocket, "show", "what", "stats");
        System.out.println("had stats: " + stats);
    }

    static JsonNode bindings() {
        try {
            return AdminClient.call(hadSocket, "show", "what", "bindings");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode awaitBinding(String careOf) {
        JsonNode[] found = new JsonNode[1];
        boolean ok = await(() -> {
            for (JsonNode b : bindings()) {
                if (norm(b.path("hoa").asText()).equals(norm(HOA)) && careOf.equals(norm(b.path("coa").asText()))) {
                    found[0] = b;
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(40));
        assertTrue(ok, () -> "had has no binding of " + HOA + " to " + careOf + ": " + bindings() + "\n"
                + tail(guest.mip6dLog()));
        return found[0];
    }

    static UmipConsole.Entry awaitUmipBul(String careOf) {
        UmipConsole.Entry[] e = new UmipConsole.Entry[1];
        boolean ok = await(() -> {
            e[0] = UmipConsole.parse(guest.console("bul")).of(HOA);
            // "ack wait" until had's BA has reached the guest, then "ack ready"
            return e[0] != null && careOf.equals(e[0].careOf()) && "ack ready".equals(e[0].status());
        }, Duration.ofSeconds(30));
        assertNotNull(e[0], () -> "UMIP's bul: " + guest.console("bul"));
        assertTrue(ok, () -> "UMIP's bul has no acknowledged entry of " + HOA + " to " + careOf + ":\n"
                + guest.console("bul"));
        return e[0];
    }
}
