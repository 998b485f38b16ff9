package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.mnd.HomeRegistrationFixture.COA_A;
import static org.roam6.mnd.HomeRegistrationFixture.COA_B;
import static org.roam6.mnd.HomeRegistrationFixture.HA;
import static org.roam6.mnd.HomeRegistrationFixture.HA2;
import static org.roam6.mnd.HomeRegistrationFixture.HOA;
import static org.roam6.mnd.HomeRegistrationFixture.SECRET;
import static org.roam6.mnd.HomeRegistrationFixture.away;
import static org.roam6.mnd.HomeRegistrationFixture.home;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roam6.mnd.HomeRegistrationFixture.SentUpdate;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

class BindingUpdateListTest {

    @Test
    void anAttachmentAwaySendsABindingUpdateWithTheNextSequenceNumber() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        assertEquals(1, f.out.sent.size());
        SentUpdate u = f.lastUpdate();
        assertEquals(1001, u.bu().sequence(), "one more than the random start");
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, u.bu().flags());
        assertEquals(105, u.bu().lifetime(), "MnMaxHaBindingLife 420 in 4-second units");
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
    }

    @Test
    void retransmissionsBackOffFromFirstRegDoublingToMaxBindackTimeout() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        long[] waitsMillis = {1500, 3000, 6000, 12000, 24000, 32000, 32000};
        int seq = f.lastUpdate().bu().sequence();
        for (int i = 0; i < waitsMillis.length; i++) {
            int before = f.out.sent.size();
            f.advanceMillis(waitsMillis[i] - 1);
            assertEquals(before, f.out.sent.size(), "no retransmission before " + waitsMillis[i] + " ms");
            f.advanceMillis(1);
            assertEquals(before + 1, f.out.sent.size(), "retransmission after exactly " + waitsMillis[i] + " ms");
            SentUpdate u = f.lastUpdate();
            assertEquals((seq + i + 1) & 0xffff, u.bu().sequence(), "each retransmission has a new Sequence #");
            boolean silentYet = i >= 5;
            assertEquals(silentYet, f.listener.events.contains("silent " + HA),
                    "silent only once a 32 s wait went unanswered (step " + i + ")");
        }
        f.advanceMillis(32000);
        assertEquals(waitsMillis.length + 2, f.out.sent.size(), "it keeps trying every 32 s");
        assertEquals(3, f.stats.homeAgentSilentCount(), "told after each unanswered 32 s wait");
        assertEquals(8, f.stats.bindingUpdatesSent(MobileNodeStats.UpdateKind.RETRANSMISSION));
    }

    @Test
    void sequenceNumbersWrapModulo65536() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture(HomeRegistrationFixture.KEYED, 65534);
        f.bul.onAttached(away(COA_A));
        assertEquals(65535, f.lastUpdate().bu().sequence());
        f.advanceMillis(1500);
        assertEquals(0, f.lastUpdate().bu().sequence());
    }

    @Test
    void anAcceptedAckRegistersAndTellsTheRoundTrip() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.advanceMillis(7);
        f.acknowledge(0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state());
        assertEquals(List.of("registered " + HA + " " + COA_A + " 420"), f.listener.events);
        assertEquals(Duration.ofMillis(7).toNanos(), f.listener.lastRoundTripNanos);
        assertEquals(420, f.bul.grantedLifetime());
        int sent = f.out.sent.size();
        f.advanceMillis(60_000);
        assertEquals(sent, f.out.sent.size(), "no retransmission once acknowledged");
    }

    @Test
    void theGrantedLifetimeIsTheLesserOfAskedAndGranted() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 50);
        assertEquals(200, f.bul.grantedLifetime());
        HomeRegistrationFixture g = new HomeRegistrationFixture();
        g.bul.onAttached(away(COA_A));
        g.acknowledge(0, 1000);
        assertEquals(420, g.bul.grantedLifetime(), "never more than asked (RFC 6275 11.7.3)");
    }

    @Test
    void theBindingIsRefreshedAt95PercentOfItsLifetimeWithReRegTiming() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        int sent = f.out.sent.size();
        f.advanceMillis(399_000 - 1);
        assertEquals(sent, f.out.sent.size());
        f.advanceMillis(1);
        assertEquals(sent + 1, f.out.sent.size(), "refresh at 0.95 * 420 s = 399 s");
        assertEquals(COA_A, f.lastUpdate().alternateCareOf());
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(), "still registered while refreshing");
        f.advanceMillis(999);
        assertEquals(sent + 1, f.out.sent.size());
        f.advanceMillis(1);
        assertEquals(sent + 2, f.out.sent.size(), "a refresh waits InitialBindackTimeoutReReg (1 s) first");
    }

    @Test
    void bindingRefreshAdviceBringsTheRefreshForward() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105, new MobilityOption.BindingRefreshAdvice(15));
        int sent = f.out.sent.size();
        f.advanceMillis(60_000 - 1);
        assertEquals(sent, f.out.sent.size());
        f.advanceMillis(1);
        assertEquals(sent + 1, f.out.sent.size(), "refresh after the advised 15 * 4 s");
    }

    @Test
    void aBindingNotRefreshedInTimeExpires() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        f.advanceMillis(420_000);
        assertEquals(0, f.bul.grantedLifetime());
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state(), "the refresh is still outstanding");
    }

    @Test
    void aMoveToANewCareOfAddressReRegistersWithReRegTiming() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        f.bul.onAttached(away(COA_B));
        assertEquals(COA_B, f.lastUpdate().alternateCareOf());
        assertEquals(COA_B, f.lastUpdate().ipSource());
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
        int sent = f.out.sent.size();
        f.advanceMillis(1000);
        assertEquals(sent + 1, f.out.sent.size(), "InitialBindackTimeoutReReg: the home agent has a binding");
    }

    @Test
    void status135ResendsAtOnceWithTheHomeAgentsNumberPlusOne() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        f.deliver(f.ackHeader(135, 40000, 0, u.timestamp(), COA_A, SECRET, List.of()), HA);
        assertEquals(2, f.out.sent.size(), "resent at once");
        assertEquals(40001, f.lastUpdate().bu().sequence());
        assertEquals(135, f.bul.lastStatus());
        f.acknowledge(0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state());
        assertEquals(40001, f.bul.sequence());
    }

    @Test
    void status144ResendsAtOnceWithTimestampsOnTheHomeAgentsClock() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        long ahead = 30L << 32; // the home agent's clock is 30 s ahead (RFC 4285 6)
        f.deliver(f.ackHeader(144, u.bu().sequence(), 0, u.timestamp() + ahead, COA_A, SECRET, List.of()), HA);
        assertEquals(2, f.out.sent.size(), "resent at once");
        long skew = f.lastUpdate().timestamp() - u.timestamp();
        assertTrue(Math.abs(skew - ahead) < (1L << 32) / 1000, "timestamps now follow the home agent: " + skew);
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
        f.acknowledge(0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state());
    }

    @Test
    void repeatedImmediateResendsAreBounded() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        for (int i = 0; i < 10; i++) {
            SentUpdate u = f.lastUpdate();
            f.deliver(f.ackHeader(135, 40000, 0, u.timestamp(), COA_A, SECRET, List.of()), HA);
        }
        assertEquals(1 + BindingUpdateList.MAX_IMMEDIATE_RESENDS, f.out.sent.size(),
                "a home agent that keeps answering 135 does not make the node flood it");
    }

    @Test
    void aRefusalFailsTheRegistrationAndTellsTheListener() throws Exception {
        for (int status : new int[] {129, 132, 133}) {
            HomeRegistrationFixture f = new HomeRegistrationFixture();
            f.bul.onAttached(away(COA_A));
            f.acknowledge(status, 0);
            assertEquals(BindingUpdateList.State.FAILED, f.bul.state());
            assertEquals(List.of("failed " + HA + " " + status), f.listener.events);
            assertEquals(1, f.stats.registrationFailures());
            assertEquals(1, f.stats.bindingAcks(status));
            int sent = f.out.sent.size();
            f.advanceMillis(100_000);
            assertEquals(sent, f.out.sent.size(), "no retransmission after a refusal");
        }
    }

    @Test
    void aBadAuthenticatorIsDroppedAndCounted() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        byte[] wrongKey = SECRET.clone();
        wrongKey[0] ^= 1;
        f.deliver(f.ackHeader(0, u.bu().sequence(), 105, u.timestamp(), COA_A, wrongKey, List.of()), HA);
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.BAD_AUTHENTICATOR));
        assertTrue(f.listener.events.isEmpty());
        byte[] tampered = f.ackHeader(0, u.bu().sequence(), 105, u.timestamp(), COA_A, SECRET, List.of());
        tampered[10] ^= 0x01; // the Lifetime, after the authenticator was computed
        f.deliver(tampered, HA);
        assertEquals(2, f.stats.drops(MobileNodeStats.Drop.BAD_AUTHENTICATOR));
        f.deliver(f.ackHeader(0, u.bu().sequence(), 105, 0, COA_A, null, List.of()), HA);
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.UNAUTHENTICATED), "a keyed node needs an authenticated BA");
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
        f.acknowledge(0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(), "the genuine one still counts");
    }

    @Test
    void anAckWithAnotherTimestampIsDropped() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        f.deliver(f.ackHeader(0, u.bu().sequence(), 105, u.timestamp() - 1, COA_A, SECRET, List.of()), HA);
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
    }

    @Test
    void anAckFromElsewhereOrForAnotherSequenceIsDropped() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        f.deliver(f.ackHeader(0, u.bu().sequence(), 105, u.timestamp(), COA_A, SECRET, List.of()), HA2);
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.UNEXPECTED_MESSAGE));
        f.deliver(f.ackHeader(0, u.bu().sequence() + 5, 105, u.timestamp(), COA_A, SECRET, List.of()), HA);
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.UNEXPECTED_SEQUENCE));
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state());
    }

    @Test
    void anAckForAnEarlierTransmissionOfTheAttemptCounts() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate first = f.lastUpdate();
        f.advanceMillis(1500);
        f.deliver(f.ackHeader(0, first.bu().sequence(), 105, first.timestamp(), COA_A, SECRET, List.of()), HA);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state());
        assertEquals(1500_000_000L, f.listener.lastRoundTripNanos, "the round trip of the BU it answers");
    }

    @Test
    void aBindingRefreshRequestFromTheHomeAgentSendsABindingUpdateAtOnce() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        int sent = f.out.sent.size();
        f.bul.onBindingRefreshRequest(HA2);
        assertEquals(sent, f.out.sent.size(), "not from the home agent: ignored");
        f.bul.onBindingRefreshRequest(HA);
        assertEquals(sent + 1, f.out.sent.size());
        assertEquals(1, f.stats.bindingRefreshRequests());
    }

    @Test
    void bindingErrorStatus1RegistersAgain() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        int sent = f.out.sent.size();
        f.bul.onBindingError(new MobilityMessage.BindingError(1, HOA, List.of()), HA);
        assertEquals(sent + 1, f.out.sent.size());
        assertEquals(1, f.stats.bindingErrors(1));
        f.advanceMillis(1499);
        assertEquals(sent + 1, f.out.sent.size());
        f.advanceMillis(1);
        assertEquals(sent + 2, f.out.sent.size(), "the home agent lost the binding: first-registration timing");
        f.bul.onBindingError(new MobilityMessage.BindingError(2, HOA, List.of()), HA);
        assertEquals(sent + 2, f.out.sent.size(), "status 2 is only logged and counted");
        assertEquals(1, f.stats.bindingErrors(2));
    }

    @Test
    void returningHomeDeregistersFromTheHomeAddressWithoutHomeAddressOption() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        f.bul.onAttached(home());
        SentUpdate u = f.lastUpdate();
        assertEquals("mh", u.out().kind(), "sent as a Mobility Header, the kernel fills the checksum");
        assertEquals(HOA, u.ipSource());
        assertEquals(HA, u.ipDestination());
        assertEquals(0, u.bu().lifetime());
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, u.bu().flags());
        assertEquals(HOA, u.alternateCareOf());
        assertEquals(BindingUpdateList.State.DEREGISTERING, f.bul.state());
        int sent = f.out.sent.size();
        f.advanceMillis(1000);
        assertEquals(sent + 1, f.out.sent.size(), "retransmitted like any BU");
        f.acknowledge(0, 0);
        assertEquals(BindingUpdateList.State.IDLE, f.bul.state());
        assertEquals("deregistered " + HA, f.listener.events.get(f.listener.events.size() - 1));
        sent = f.out.sent.size();
        f.advanceMillis(1_000_000);
        assertEquals(sent, f.out.sent.size(), "nothing more to send at home");
    }

    @Test
    void aDeregistrationAnsweredWith133IsDone() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(home());
        f.acknowledge(133, 0);
        assertEquals(List.of("deregistered " + HA), f.listener.events, "the home agent holds no binding");
    }

    @Test
    void detachingPausesRetransmissions() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.bul.onDetached("eth0");
        f.advanceMillis(100_000);
        assertEquals(1, f.out.sent.size());
        f.bul.onAttached(away(COA_B));
        assertEquals(2, f.out.sent.size());
    }

    @Test
    void aHomeAgentFoundLaterStartsTheRegistration() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture(HomeRegistrationFixture.UNPROTECTED
                .replace("HomeAgentAddress 2001:db8:1::11;", ""), 7);
        f.bul.onAttached(away(COA_A));
        assertTrue(f.out.sent.isEmpty(), "no home agent yet (DHAAD)");
        assertNull(f.bul.homeAgent());
        f.bul.homeAgent(HA2);
        assertEquals(1, f.out.sent.size());
        assertEquals(HA2, f.lastUpdate().ipDestination());
        f.bul.homeAgent(HA2);
        assertEquals(1, f.out.sent.size(), "the same home agent again changes nothing");
    }

    @Test
    void anUnprotectedNodeTakesAnUnauthenticatedAck() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture(HomeRegistrationFixture.UNPROTECTED, 7);
        f.bul.onAttached(away(COA_A));
        assertEquals(List.of(new MobilityOption.AlternateCareOfAddress(COA_A)), f.lastUpdate().bu().options());
        f.acknowledge(0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state());
    }

    @Test
    void theLogLinesReadAsTheTimelineExpects() throws Exception {
        try (LogCapture log = new LogCapture(BindingUpdateList.class)) {
            HomeRegistrationFixture f = new HomeRegistrationFixture();
            f.bul.onAttached(away(COA_A));
            f.advanceMillis(1500);
            f.clock.advance(Duration.ofNanos(2_345_678));
            f.acknowledge(0, 105);
            f.bul.onAttached(home());
            assertEquals(List.of(
                    "BU seq 1001 sent to 2001:db8:1::11: care-of address 2001:db8:a:0:52:36ff:fe00:1, lifetime 420 s",
                    "BU seq 1002 sent to 2001:db8:1::11: care-of address 2001:db8:a:0:52:36ff:fe00:1, lifetime 420 s,"
                            + " retransmission 1",
                    "BA seq 1002 from 2001:db8:1::11: status 0 (Binding Update accepted), lifetime 420 s,"
                            + " round trip 2.346 ms",
                    "BU seq 1003 sent to 2001:db8:1::11: de-registration"), log.messages(Level.INFO));
        }
    }

    @Test
    void theViewShowsTheHomeEntryAndTheExtraRows() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.includeRows(() -> List.of(Map.of("peer", "2001:db8:c::10", "role", "correspondent")));
        f.bul.onAttached(away(COA_A));
        f.advanceMillis(3);
        f.acknowledge(0, 105);
        f.advanceMillis(20_000);
        List<Map<String, Object>> v = f.bul.view();
        assertEquals(2, v.size());
        Map<String, Object> h = v.get(0);
        assertEquals(List.of("peer", "role", "hoa", "coa", "seq", "state", "lifetime_s", "remaining_s",
                "retransmissions", "last_status", "last_rtt_ms"), List.copyOf(h.keySet()));
        assertEquals(HA.toString(), h.get("peer"));
        assertEquals("home-agent", h.get("role"));
        assertEquals(HOA.toString(), h.get("hoa"));
        assertEquals(COA_A.toString(), h.get("coa"));
        assertEquals(1001, h.get("seq"));
        assertEquals("registered", h.get("state"));
        assertEquals(420, h.get("lifetime_s"));
        assertEquals(399L, h.get("remaining_s"), "420 s from the BU, 20.003 s gone");
        assertEquals(0, h.get("retransmissions"));
        assertEquals(0, h.get("last_status"));
        assertEquals(3.0, h.get("last_rtt_ms"));
        assertEquals("correspondent", v.get(1).get("role"));
    }

    @Test
    void aDifferentHomeAgentIsAFirstRegistration() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        f.acknowledge(0, 105);
        f.bul.homeAgent(HA2);
        assertEquals(HA2, f.lastUpdate().ipDestination());
        int sent = f.out.sent.size();
        f.advanceMillis(1499);
        assertEquals(sent, f.out.sent.size());
        f.advanceMillis(1);
        assertEquals(sent + 1, f.out.sent.size());
        assertFalse(f.listener.events.contains("silent " + HA2));
    }

    @Test
    void theAuthenticatorCoversTheCareOfAddressTheBuRegisters() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        MobilityOption.MobilityMessageAuthentication auth = (MobilityOption.MobilityMessageAuthentication)
                u.bu().options().get(u.bu().options().size() - 1);
        assertEquals(1, auth.subtype());
        assertEquals(1000, auth.spi());
        var at = org.roam6.wire.mh.MobilityHeaderCodec.mobilityMessageAuthentication(u.mh(), u.mhOff(), u.mhLen(), 1,
                HomeRegistrationFixture.EXT);
        assertArrayEquals(org.roam6.crypto.MnHaAuthentication.authenticator(f.key.algorithm(), SECRET, COA_A, HOA,
                u.mh(), u.mhOff(), at.coveredLength()), auth.authenticationData());
        assertEquals(HOA, u.homeAddressOption());
    }
}
