package org.roam6.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.runtime.admin.AdminServer;

/** {@code roam6 show bindings}: the home agent's Binding Cache as a table or as JSON. */
class ShowCommandTest {

    @TempDir
    Path dir;
    Path sock;
    AdminServer server;
    final List<Map<String, Object>> bindings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sock = dir.resolve("had.sock");
        server = new AdminServer(sock);
        server.registerShow("bindings", () -> bindings);
        server.registerShow("stats", () -> Map.of("bindings", bindings.size()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Map<String, Object> binding(String hoa, String coa, int seq, String flags, int life, int left,
                                       List<String> has, List<String> prefixes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hoa", hoa);
        m.put("coa", coa);
        m.put("seq", seq);
        m.put("flags", flags);
        m.put("lifetime_s", life);
        m.put("remaining_s", left);
        m.put("home_agents", has);
        m.put("prefixes", prefixes);
        return m;
    }

    @Test
    void bindingsPrintAsATableWithLifetimeLeftOverGranted() {
        bindings.add(binding("2001:db8:1::100", "2001:db8:a::5", 7, "AHL", 420, 395, List.of(), List.of()));
        bindings.add(binding("2001:db8:1::200", "2001:db8:b::9", 65535, "AHMR", 100, 3,
                List.of("2001:db8:1::11", "2001:db8:1::12"), List.of("2001:db8:10:1::/64")));
        CliRun r = CliRun.run("show", "bindings", "--socket", sock.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.lines();
        assertEquals(4, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("HOME ADDRESS     CARE-OF ADDRESS  LIFETIME"), lines.get(0));
        assertEquals(List.of("2001:db8:1::100", "2001:db8:a::5", "395/420", "s", "7", "AHL", "-", "-"),
                List.of(lines.get(1).split(" +")));
        assertEquals(List.of("2001:db8:1::200", "2001:db8:b::9", "3/100", "s", "65535", "AHMR",
                "2001:db8:1::11,2001:db8:1::12", "2001:db8:10:1::/64"), List.of(lines.get(2).split(" +")));
        assertEquals("2 bindings", lines.get(3));
        // columns line up: the CoA column starts at the same place in every row
        assertEquals(lines.get(0).indexOf("CARE-OF"), lines.get(1).indexOf("2001:db8:a::5"));
    }

    @Test
    void jsonIsTheDaemonsAnswer() {
        bindings.add(binding("2001:db8:1::100", "2001:db8:a::5", 7, "AH", 420, 395, List.of(), List.of()));
        CliRun r = CliRun.run("show", "bindings", "--json", "--socket", sock.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"hoa\" : \"2001:db8:1::100\""), r.out());
        assertTrue(r.out().contains("\"remaining_s\" : 395"), r.out());
    }

    @Test
    void emptyCacheSaysSo() {
        CliRun r = CliRun.run("show", "bindings", "--socket", sock.toString());
        assertEquals("no bindings\n", r.out());
    }

    @Test
    void noDaemonIsAClearErrorWithExit1() {
        CliRun r = CliRun.run("show", "bindings", "--socket", dir.resolve("none.sock").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no daemon listening on"), r.err());
    }

    @Test
    void unknownViewIsAUsageError() {
        CliRun r = CliRun.run("show", "nope", "--socket", sock.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("expected bindings or stats"), r.err());
    }

    @Test
    void theMobilityAgentsBindingsPrintWithTheirCorrespondent() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cn", "2001:db8:c::10");
        m.put("hoa", "2001:db8:1::100");
        m.put("coa", "2001:db8:a::52:36ff:fe00:1");
        m.put("seq", 12);
        m.put("lifetime_s", 420);
        m.put("remaining_s", 300);
        m.put("in_use", true);
        bindings.add(m);
        CliRun r = CliRun.run("show", "bindings", "--socket", sock.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("CORRESPONDENT"), r.out());
        assertTrue(r.out().contains("2001:db8:c::10  2001:db8:1::100  2001:db8:a::52:36ff:fe00:1  300/420 s  12   yes"),
                r.out());
        assertTrue(r.out().endsWith("1 binding\n"), r.out());
    }

    @Test
    void anUnknownDaemonNameIsAUsageError() {
        CliRun r = CliRun.run("show", "bindings", "--daemon", "umip");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("had, mnd or mad"), r.err());
    }
}
