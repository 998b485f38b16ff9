package org.roam6.it.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.wire.Ipv6Address;

/**
 * A mobile node configured without a home agent (RFC 6275 11.4.1): away from home it asks the
 * Home-Agents anycast address of its home prefix with DHAAD, gets ha1 (preference 20, the one
 * running {@code had}) before ha2 (preference 10, announced by radvd only), and registers with
 * it; the correspondent then reaches the home address through ha1's tunnel.
 */
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MobileNodeDiscoveryScenarioTest {

    static final Duration STEP = Duration.ofSeconds(30);
    static Path dir;
    static Path mndSocket;
    static TestbedProcess mnd;

    @BeforeAll
    static void startTheHomeAgentAndAMobileNodeThatKnowsNoHomeAgent(Testbed tb) throws Exception {
        dir = Files.createTempDirectory("r6mnd-dhaad");
        mndSocket = dir.resolve("mnd.sock");
        Daemons.startHomeAgent(tb, dir, dir.resolve("had.sock"));
        mnd = Daemons.startMobileNode(tb, dir, mndSocket, "");
    }

    @AfterAll
    static void removeTheConfigs() throws Exception {
        Directories.deleteTree(dir);
    }

    @Test
    @Order(1)
    void atHomeWithoutAHomeAgentNothingIsSent(Testbed tb) throws Exception {
        assertTrue(mnd.awaitOutput("attached to the home link", STEP), mnd::output);
        assertTrue(mnd.output().contains("home agent to be discovered (DHAAD)"), mnd::output);
        JsonNode stats = AdminClient.call(mndSocket, "show", "what", "stats");
        assertEquals(0, stats.get("binding_updates_sent").get("registration").asLong(), stats::toString);
        assertEquals(0, stats.get("dhaad").get("requests_sent").asLong(), stats::toString);
    }

    @Test
    @Order(2)
    void awayItFindsHa1WithDhaadRegistersThereAndTheHomeAddressAnswers(Testbed tb) throws Exception {
        String ha1 = Ipv6Address.parse(tb.address("ha1").getHostAddress()).toString();
        tb.move("a");
        assertTrue(mnd.awaitOutput("registering with " + ha1, STEP), mnd::output);
        assertTrue(mnd.awaitOutput("from " + ha1 + ": status 0", STEP), mnd::output);
        JsonNode stats = AdminClient.call(mndSocket, "show", "what", "stats");
        assertTrue(stats.get("dhaad").get("requests_sent").asLong() >= 1, stats::toString);
        assertEquals(1, stats.get("dhaad").get("replies_accepted").asLong(), stats::toString);
        JsonNode bul = AdminClient.call(mndSocket, "show", "what", "bul");
        assertEquals(ha1, Ipv6Address.parse(bul.get(0).get("peer").asText()).toString(), bul::toString);
        assertEquals("registered", bul.get(0).get("state").asText(), bul::toString);
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), Testbed.parse(Daemons.HOA), Duration.ofSeconds(10)),
                "the correspondent reaches the home address through ha1");
    }
}
