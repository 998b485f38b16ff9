package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The mobile node daemon's log lines the demo's timeline reads (texts as the daemon's parts log them). */
class MndLogLineTest {

    static final String PREFIX = "2026-11-23T20:09:34.123+00:00 INFO  [mnd-movement] o.r.mnd.MovementDetector - ";
    static final Instant AT = Instant.parse("2026-11-23T20:09:34.123Z");

    static MndEvent parse(String message) {
        return MndLogLine.parse(PREFIX + message).orElseThrow(() -> new AssertionError("not parsed: " + message));
    }

    @Test
    void anAttachmentAwayGivesPrefixCareOfAddressAndRouter() {
        MndEvent.AttachedAway a = assertInstanceOf(MndEvent.AttachedAway.class, parse(
                "attached to link 2001:db8:a::/64: care-of address 2001:db8:a::52:36ff:fe00:1, router fe80::1"));
        assertEquals(AT, a.at());
        assertEquals("2001:db8:a::/64", a.prefix());
        assertEquals("2001:db8:a::52:36ff:fe00:1", a.careOf());
        assertEquals("fe80::1", a.router());
    }

    @Test
    void theHomeLinkAttachmentGivesPrefixAndRouter() {
        MndEvent.AttachedHome a = assertInstanceOf(MndEvent.AttachedHome.class,
                parse("attached to the home link 2001:db8:1::/64: router fe80::c0a8:1"));
        assertEquals("2001:db8:1::/64", a.prefix());
        assertEquals("fe80::c0a8:1", a.router());
    }

    @Test
    void aDetachmentNamesTheInterface() {
        assertEquals("eth0", assertInstanceOf(MndEvent.Detached.class, parse("detached from eth0")).iface());
    }

    @Test
    void aBindingUpdateGivesSequenceHomeAgentCareOfAndLifetime() {
        MndEvent.BindingUpdateSent bu = assertInstanceOf(MndEvent.BindingUpdateSent.class, parse(
                "BU seq 4213 sent to 2001:db8:1::11: care-of address 2001:db8:a::52:36ff:fe00:1, lifetime 420 s"));
        assertEquals(4213, bu.seq());
        assertEquals("2001:db8:1::11", bu.peer());
        assertEquals("2001:db8:a::52:36ff:fe00:1", bu.careOf());
        assertEquals(420, bu.lifetimeS());
        assertEquals(0, bu.retransmission());
        assertFalse(bu.deregistration());
    }

    @Test
    void aRetransmittedBindingUpdateCountsItsRetransmission() {
        MndEvent.BindingUpdateSent bu = assertInstanceOf(MndEvent.BindingUpdateSent.class, parse(
                "BU seq 7 sent to 2001:db8:1::11: care-of address 2001:db8:b::52:36ff:fe00:1, lifetime 420 s, retransmission 2"));
        assertEquals(7, bu.seq());
        assertEquals(2, bu.retransmission());
    }

    @Test
    void aDeregistrationHasNoCareOfAddress() {
        MndEvent.BindingUpdateSent bu = assertInstanceOf(MndEvent.BindingUpdateSent.class,
                parse("BU seq 4216 sent to 2001:db8:1::11: de-registration"));
        assertTrue(bu.deregistration());
        assertNull(bu.careOf());
        assertEquals(4216, bu.seq());
        MndEvent.BindingUpdateSent again = assertInstanceOf(MndEvent.BindingUpdateSent.class,
                parse("BU seq 4216 sent to 2001:db8:1::11: de-registration, retransmission 1"));
        assertEquals(1, again.retransmission());
    }

    @Test
    void aBindingAckGivesStatusTextLifetimeAndRoundTrip() {
        MndEvent.BindingAck ba = assertInstanceOf(MndEvent.BindingAck.class, parse(
                "BA seq 4213 from 2001:db8:1::11: status 0 (Binding Update accepted), lifetime 420 s, round trip 2.917 ms"));
        assertEquals(4213, ba.seq());
        assertEquals("2001:db8:1::11", ba.peer());
        assertEquals(0, ba.status());
        assertEquals("Binding Update accepted", ba.statusText());
        assertEquals(420, ba.lifetimeS());
        assertEquals(2.917, ba.roundTripMs(), 1e-9);
        assertTrue(ba.accepted());
    }

    @Test
    void aRejectingBindingAckIsNotAccepted() {
        MndEvent.BindingAck ba = assertInstanceOf(MndEvent.BindingAck.class, parse(
                "BA seq 9 from 2001:db8:1::11: status 135 (Sequence number out of window), lifetime 0 s, round trip 1.000 ms"));
        assertEquals(135, ba.status());
        assertEquals("Sequence number out of window", ba.statusText());
        assertFalse(ba.accepted());
    }

    @Test
    void anAcceptedHomeAgentUnreachableNamesTheSenderAndTheDead() {
        MndEvent.HomeAgentUnreachable u = assertInstanceOf(MndEvent.HomeAgentUnreachable.class,
                parse("Home Agent Unreachable from 2001:db8:1::12: home agent [2001:db8:1::11] dead, dropped"));
        assertEquals(AT, u.at());
        assertEquals("2001:db8:1::12", u.source());
        assertEquals(java.util.List.of("2001:db8:1::11"), u.dead());
        MndEvent.HomeAgentUnreachable two = assertInstanceOf(MndEvent.HomeAgentUnreachable.class, parse(
                "Home Agent Unreachable from 2001:db8:1::12: home agents [2001:db8:1::11, 2001:db8:1::13] dead, dropped"));
        assertEquals(java.util.List.of("2001:db8:1::11", "2001:db8:1::13"), two.dead());
    }

    @Test
    void anIgnoredHomeAgentUnreachableGivesItsReason() {
        MndEvent.HomeAgentUnreachableIgnored u = assertInstanceOf(MndEvent.HomeAgentUnreachableIgnored.class, parse(
                "Home Agent Unreachable from 2001:db8:1::99 to 2001:db8:a::1 naming [2001:db8:1::11] ignored: "
                        + "not_from_home_agent"));
        assertEquals("2001:db8:1::99", u.source());
        assertEquals(java.util.List.of("2001:db8:1::11"), u.naming());
        assertEquals("not_from_home_agent", u.reason());
    }

    @Test
    void aNewPrimaryHomeAgentNamesTheOldOne() {
        MndEvent.PrimaryHomeAgent p = assertInstanceOf(MndEvent.PrimaryHomeAgent.class,
                parse("primary home agent 2001:db8:1::12 (was 2001:db8:1::11)"));
        assertEquals("2001:db8:1::12", p.homeAgent());
        assertEquals("2001:db8:1::11", p.was());
    }

    @Test
    void theStartOfReturnRoutabilityNamesTheCorrespondent() {
        MndEvent.CorrespondentRegistrationStarted r = assertInstanceOf(MndEvent.CorrespondentRegistrationStarted.class,
                parse("starting return routability with correspondent 2001:db8:c::10"));
        assertEquals(AT, r.at());
        assertEquals("2001:db8:c::10", r.correspondent());
        assertFalse(r.preSharedKey());
        assertTrue(assertInstanceOf(MndEvent.CorrespondentRegistrationStarted.class,
                parse("starting pre-shared-key registration with correspondent 2001:db8:c::10")).preSharedKey());
    }

    @Test
    void aBindingUpdateToACorrespondentIsNotOneToAHomeAgent() {
        MndEvent.CorrespondentBindingUpdateSent bu = assertInstanceOf(MndEvent.CorrespondentBindingUpdateSent.class, parse(
                "BU seq 31337 sent to correspondent 2001:db8:c::10: care-of address 2001:db8:a::52:36ff:fe00:1, lifetime 420 s"));
        assertEquals(31337, bu.seq());
        assertEquals("2001:db8:c::10", bu.correspondent());
        assertEquals("2001:db8:a::52:36ff:fe00:1", bu.careOf());
        assertEquals(420, bu.lifetimeS());
        assertEquals(0, bu.retransmission());
        assertFalse(bu.deregistration());
    }

    @Test
    void aCorrespondentBindingUpdateMayCarryThePreSharedKeyMarkAndARetransmission() {
        MndEvent.CorrespondentBindingUpdateSent bu = assertInstanceOf(MndEvent.CorrespondentBindingUpdateSent.class, parse(
                "BU seq 8 sent to correspondent 2001:db8:c::10: care-of address 2001:db8:b::1, lifetime 420 s, pre-shared key,"
                        + " retransmission 2"));
        assertEquals(2, bu.retransmission());
        MndEvent.CorrespondentBindingUpdateSent dereg = assertInstanceOf(MndEvent.CorrespondentBindingUpdateSent.class,
                parse("BU seq 9 sent to correspondent 2001:db8:c::10: de-registration, pre-shared key"));
        assertTrue(dereg.deregistration());
        assertNull(dereg.careOf());
    }

    @Test
    void aHeldDownCorrespondentGivesTheReasonAndHowLong() {
        MndEvent.CorrespondentHeldDown d = assertInstanceOf(MndEvent.CorrespondentHeldDown.class, parse(
                "correspondent 2001:db8:c::10 held down for 60 s (no_mipv6_support): ICMPv6 Parameter Problem code 1"));
        assertEquals("2001:db8:c::10", d.correspondent());
        assertEquals(60, d.seconds());
        assertEquals("no_mipv6_support", d.reason());
        assertEquals("ICMPv6 Parameter Problem code 1", d.why());
    }

    @Test
    void theRunningLineIsRecognised() {
        assertInstanceOf(MndEvent.Running.class, MndLogLine.parse(
                "2026-11-23T20:09:30.001+01:00 INFO  [main] org.roam6.runtime.Daemon - roam6-mnd running (timers, movement)")
                .orElseThrow());
    }

    @Test
    void theTimestampKeepsItsOffset() {
        MndEvent e = MndLogLine.parse("2026-11-23T21:09:34.123+01:00 INFO  [x] a.B - detached from eth0").orElseThrow();
        assertEquals(AT, e.at());
    }

    @Test
    void otherLinesAndNonLogLinesGiveNothing() {
        assertTrue(MndLogLine.parse(PREFIX + "metrics on http://127.0.0.1:9467/metrics").isEmpty());
        assertTrue(MndLogLine.parse("Exception in thread \"main\" java.lang.IllegalStateException").isEmpty());
        assertTrue(MndLogLine.parse("").isEmpty());
        assertTrue(MndLogLine.parse("yesterday INFO  [x] a.B - detached from eth0").isEmpty());
        assertTrue(MndLogLine.parse(PREFIX + "BU seq x sent to 2001:db8:1::11: de-registration").isEmpty());
        assertTrue(MndLogLine.parse(PREFIX + "BU seq 99999999999 sent to 2001:db8:1::11: de-registration").isEmpty());
        assertTrue(MndLogLine.parse(PREFIX + "home agents [2001:db8:1::11, 2001:db8:1::12] (added [2001:db8:1::12])")
                .isEmpty());
        assertTrue(MndLogLine.parse(PREFIX + "Home Agent Unreachable from 2001:db8:1::12: home agent 2001:db8:1::11 dead,"
                + " dropped").isEmpty(), "the dead home agents come as a list");
    }
}
