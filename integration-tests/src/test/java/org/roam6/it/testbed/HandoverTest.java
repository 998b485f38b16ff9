package org.roam6.it.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Layer 2 handovers of the mobile node: home -> A -> B -> home. After each, the kernel's SLAAC
 * gives the MN the new link's address and the correspondent answers from it.
 */
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HandoverTest {
    private static final List<String> TOUR = List.of("a", "b", "home");

    @Test
    @Order(1)
    void aCleanHandoverGivesTheNewLinksAddressAndReachesTheCorrespondentAtOnce(Testbed tb) {
        for (String link : TOUR) {
            Inet6Address addr = tb.move(link, MoveMode.CLEAN);
            System.out.printf("move %-4s (clean):  %5d ms -> %s%n", link, tb.lastMoveDuration().toMillis(),
                    addr.getHostAddress());
            assertEquals(tb.mnExpectedAddress(link), addr, "SLAAC address on " + link);
            assertEquals(link, tb.mnLink());
            assertEquals(addr, tb.address("mn"));
            // the old link's address is gone, the new one is the only global address
            String all = tb.exec("mn", "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global")
                    .requireOk().stdout();
            assertEquals(1, all.strip().split("\n").length, all);
            assertTrue(tb.awaitPing("mn", addr, tb.cnAddress(), Duration.ofSeconds(5)),
                    () -> "CN unreachable from " + addr + " on " + link + "\n" + tb.status());
        }
    }

    @Test
    @Order(2)
    void aLayer2HandoverGivesTheNewLinksAddressAndReachesTheCorrespondentOnceOldRoutesExpire(Testbed tb) {
        for (String link : TOUR) {
            Inet6Address addr = tb.move(link, MoveMode.LAYER2);
            System.out.printf("move %-4s (layer2): %5d ms -> %s%n", link, tb.lastMoveDuration().toMillis(),
                    addr.getHostAddress());
            assertEquals(tb.mnExpectedAddress(link), addr, "SLAAC address on " + link);
            // the new access router answers at once; the correspondent once the old default
            // router's 4 s lifetime has run out
            assertTrue(tb.ping("mn", addr, tb.address(tb.link(link).nodes().get(0))), "router on " + link);
            assertTrue(tb.awaitPing("mn", addr, tb.cnAddress(), Duration.ofSeconds(12)),
                    () -> "CN unreachable from " + addr + " on " + link + "\n" + tb.status());
        }
    }

    @Test
    @Order(3)
    void theMobileNodesPortIsOnExactlyOneBridgeAfterEachMove(Testbed tb) {
        for (String link : List.of("b", "a", "home")) {
            tb.move(link, MoveMode.CLEAN);
            for (String l : List.of("home", "a", "b")) {
                ExecResult r = tb.exec("sw-" + l, "ip", "-o", "link", "show", "master", "br0").requireOk();
                boolean here = r.stdout().contains(" mn@");
                assertEquals(l.equals(link), here, () -> "MN port on " + l + " after moving to " + link + ": " + r.stdout());
            }
        }
    }

    @Test
    @Order(4)
    void movingToTheLinkItIsOnKeepsItsAddress(Testbed tb) {
        Inet6Address before = tb.address("mn");
        Inet6Address after = tb.move(tb.mnLink(), MoveMode.LAYER2);
        assertEquals(before, after);
    }
}
