package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Return Routability trigger's rate limit: each peer at most once per interval. */
class PeerSightingsTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void aPeerIsReportedOnceThenNotUntilTheIntervalHasPassed() {
        PeerSightings s = new PeerSightings(5 * SECOND, 16);
        assertTrue(s.shouldReport(1, 2, 0), "first sighting, even at time 0");
        assertFalse(s.shouldReport(1, 2, 1));
        assertFalse(s.shouldReport(1, 2, 5 * SECOND - 1));
        assertTrue(s.shouldReport(1, 2, 5 * SECOND));
        assertFalse(s.shouldReport(1, 2, 6 * SECOND));
    }

    @Test
    void peersAreCountedApartByBothHalvesOfTheAddress() {
        PeerSightings s = new PeerSightings(5 * SECOND, 16);
        assertTrue(s.shouldReport(1, 2, 0));
        assertTrue(s.shouldReport(1, 3, 0));
        assertTrue(s.shouldReport(2, 2, 0));
        assertFalse(s.shouldReport(1, 3, 1));
    }

    @Test
    void aFullTableForgetsOldPeersFirstAndKeepsRecentOnes() {
        PeerSightings s = new PeerSightings(5 * SECOND, 4); // 8 slots, half full at 4
        assertTrue(s.shouldReport(100, 1, 0));
        assertTrue(s.shouldReport(100, 2, 0));
        assertTrue(s.shouldReport(100, 3, 10 * SECOND));
        assertTrue(s.shouldReport(100, 4, 10 * SECOND));
        assertTrue(s.shouldReport(100, 5, 10 * SECOND), "a fifth peer makes room by forgetting the two old ones");
        assertFalse(s.shouldReport(100, 3, 11 * SECOND), "a recent one is still remembered");
        assertTrue(s.size() <= 4);
    }

    @Test
    void manyPeersNeverFailAndTheTableStaysBounded() {
        PeerSightings s = new PeerSightings(5 * SECOND, 8);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(s.shouldReport(7, i, i));
            assertTrue(s.size() <= 8);
        }
    }
}
