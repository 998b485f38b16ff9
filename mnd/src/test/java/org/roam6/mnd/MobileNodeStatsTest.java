package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.metrics.Metrics;

class MobileNodeStatsTest {

    @Test
    void countsShowInTheSnapshotAndInPrometheus() {
        Metrics metrics = new Metrics("roam6_mnd");
        MobileNodeStats s = new MobileNodeStats(metrics);
        s.bindingUpdateSent(MobileNodeStats.UpdateKind.REGISTRATION);
        s.bindingUpdateSent(MobileNodeStats.UpdateKind.RETRANSMISSION);
        s.bindingUpdateSent(MobileNodeStats.UpdateKind.RETRANSMISSION);
        s.bindingAck(0);
        s.bindingAck(135);
        s.bindingError(1);
        s.bindingRefreshRequest();
        s.homeAgentSilent();
        s.registrationFailed();
        s.drop(MobileNodeStats.Drop.BAD_AUTHENTICATOR);

        Map<String, Object> m = s.snapshot();
        assertEquals(Map.of("registration", 1L, "retransmission", 2L, "deregistration", 0L),
                m.get("binding_updates_sent"));
        assertEquals(Map.of("0", 1L, "135", 1L), m.get("binding_acks"));
        assertEquals(Map.of("1", 1L), m.get("binding_errors"));
        assertEquals(1L, m.get("binding_refresh_requests"));
        assertEquals(1L, m.get("home_agent_silent"));
        assertEquals(1L, m.get("registration_failures"));
        assertEquals(1L, ((Map<?, ?>) m.get("drops")).get("bad_authenticator"));

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("roam6_mnd_binding_updates_total{kind=\"retransmission\"} 2"), scrape);
        assertTrue(scrape.contains("roam6_mnd_binding_acks_total{status=\"135\"} 1"), scrape);
        assertTrue(scrape.contains("roam6_mnd_binding_errors_total{status=\"1\"} 1"), scrape);
        assertTrue(scrape.contains("roam6_mnd_binding_refresh_requests_total 1"), scrape);
        assertTrue(scrape.contains("roam6_mnd_home_agent_silent_total 1"), scrape);
        assertTrue(scrape.contains("roam6_mnd_registration_failures_total 1"), scrape);
        assertTrue(scrape.contains("roam6_mnd_drops_total{reason=\"bad_authenticator\"} 1"), scrape);
    }

    @Test
    void withoutMetricsOnlyTheSnapshotCounts() {
        MobileNodeStats s = new MobileNodeStats();
        s.drop(MobileNodeStats.Drop.MALFORMED);
        assertEquals(1, s.drops(MobileNodeStats.Drop.MALFORMED));
        assertEquals(Map.of(), s.snapshot().get("binding_acks"));
    }
}
