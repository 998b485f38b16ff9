package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.mnd.HomeRegistrationFixture.COA_A;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.cli.ShowCommand;
import org.roam6.runtime.admin.AdminServer;
import picocli.CommandLine;

/** {@code roam6 show bul --socket PATH}: the list's view through the admin socket and the CLI. */
class ShowBulTest {

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ShowCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void theBindingUpdateListPrintsAsATableAndAsJson() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        Map<String, Object> cn = new LinkedHashMap<>();
        cn.put("peer", "2001:db8:c::10");
        cn.put("role", "correspondent");
        cn.put("hoa", "2001:db8:1::100");
        cn.put("coa", null);
        cn.put("seq", 9);
        cn.put("state", "registering");
        cn.put("lifetime_s", 420);
        cn.put("remaining_s", 0);
        cn.put("retransmissions", 2);
        cn.put("last_status", null);
        cn.put("last_rtt_ms", null);
        f.bul.includeRows(() -> List.of(cn));
        f.bul.onAttached(HomeRegistrationFixture.away(COA_A));
        f.advanceMillis(4);
        f.acknowledge(0, 105);
        Path sock = dir.resolve("mnd.sock");
        AdminServer server = new AdminServer(sock);
        server.registerShow("bul", f.bul::view);
        server.start();
        try {
            String[] r = run("bul", "--socket", sock.toString());
            assertEquals("0", r[0], r[2]);
            List<String> lines = r[1].lines().toList();
            assertEquals(4, lines.size(), r[1]);
            assertTrue(lines.get(0).startsWith("PEER            ROLE"), lines.get(0));
            assertEquals(List.of("2001:db8:1::11", "home-agent", "2001:db8:1::100", COA_A.toString(), "registered",
                    "1001", "419/420", "s", "0", "0", "4.0", "ms"), List.of(lines.get(1).split(" +")));
            assertEquals(List.of("2001:db8:c::10", "correspondent", "2001:db8:1::100", "-", "registering", "9",
                    "0/420", "s", "2", "-", "-"), List.of(lines.get(2).split(" +")));
            assertEquals("2 entries", lines.get(3));
            assertEquals(lines.get(0).indexOf("STATE"), lines.get(1).indexOf("registered"));

            String[] j = run("bul", "--json", "--socket", sock.toString());
            assertEquals("0", j[0], j[2]);
            assertTrue(j[1].contains("\"role\" : \"home-agent\""), j[1]);
            assertTrue(j[1].contains("\"last_rtt_ms\" : 4.0"), j[1]);
        } finally {
            server.close();
        }
    }

    @Test
    void theHelpNamesTheMobileNodesSocket() {
        String[] r = run("--help");
        assertTrue(r[1].contains("bul"), r[1]);
        assertTrue(r[1].contains("/run/roam6/mnd.sock"), r[1]);
    }

    @Test
    void anUnknownViewNamesBul() {
        String[] r = run("nope", "--socket", dir.resolve("x.sock").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("bul (mobile node)"), r[2]);
    }
}
