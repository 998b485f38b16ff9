package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.CareOfTestInit;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

class CorrespondentRegistrationsTest {
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address CN2 = Ipv6Address.parse("2001:db8:c::20");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address COA_B = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("test", clock);
    final RecordingSignallingOutput out = new RecordingSignallingOutput();
    final RecordingPath path = new RecordingPath();
    final FakeCorrespondent cn = new FakeCorrespondent(CN, clock);

    CorrespondentRegistrations registrations(boolean acks, int maxLifetime) {
        return new CorrespondentRegistrations(out, path, timers, HOA, true, maxLifetime, acks, true,
                CorrespondentPreSharedKeys.NONE, new Random(5));
    }

    /** A legacy mobile node ({@code MnMobilityAgentAware disabled}). */
    CorrespondentRegistrations legacy() {
        return new CorrespondentRegistrations(out, path, timers, HOA, true, 420, false, false,
                CorrespondentPreSharedKeys.NONE, new Random(5));
    }

    void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
        timers.runDue();
    }

    static int typeOf(RecordingSignallingOutput.Sent s) {
        return s.kind() == RecordingSignallingOutput.Kind.PACKET ? MhType.BINDING_UPDATE
                : FakeCorrespondent.decode(s.bytes()).mhType();
    }

    static RecordingSignallingOutput.Sent only(List<RecordingSignallingOutput.Sent> sent, int mhType) {
        List<RecordingSignallingOutput.Sent> l = sent.stream().filter(s -> typeOf(s) == mhType).toList();
        assertEquals(1, l.size(), "one " + MhType.name(mhType) + " in " + sent.size() + " messages");
        return l.get(0);
    }

    /** Answers the Home and Care-of Test Inits among {@code sent} as the correspondent does. */
    void answerTests(CorrespondentRegistrations r, List<RecordingSignallingOutput.Sent> sent) {
        for (RecordingSignallingOutput.Sent s : sent) {
            if (typeOf(s) == MhType.HOME_TEST_INIT) {
                r.onMobilityMessage(cn.homeTest(s), CN, HOA);
            } else if (typeOf(s) == MhType.CARE_OF_TEST_INIT) {
                r.onMobilityMessage(cn.careOfTest(s), CN, s.source());
            }
        }
    }

    /** From traffic to a route-optimised binding, without acknowledgements; returns the BU as the correspondent checked it. */
    FakeCorrespondent.CheckedUpdate bind(CorrespondentRegistrations r) {
        r.moved(COA);
        r.onTraffic(CN);
        answerTests(r, out.take());
        return cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
    }

    @Test
    void trafficStartsAHomeTestInitFromTheHomeAddressAndACareOfTestInitFromTheCareOfAddress() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.moved(COA);
        r.onTraffic(CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(2, sent.size());
        RecordingSignallingOutput.Sent hoti = only(sent, MhType.HOME_TEST_INIT);
        RecordingSignallingOutput.Sent coti = only(sent, MhType.CARE_OF_TEST_INIT);
        assertEquals(HOA, hoti.source());
        assertEquals(CN, hoti.destination());
        assertEquals(COA, coti.source());
        assertEquals(CN, coti.destination());
        assertEquals(1, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(coti.bytes())).reservedFirstOctet());
        r.onTraffic(CN);
        assertEquals(0, out.all().size(), "one registration at a time");
    }

    @Test
    void byDefaultTheCareOfTestInitSaysTheNodeKnowsMobilityAgents() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.moved(COA);
        r.onTraffic(CN);
        RecordingSignallingOutput.Sent coti = only(out.take(), MhType.CARE_OF_TEST_INIT);
        assertEquals(0x0100, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(coti.bytes())).reserved(),
                "paper 003: Reserved first octet 1, second octet 0");
        assertEquals(0x01, coti.bytes()[CareOfTestInit.OFF_RESERVED], "on the wire: octet 6 of the Mobility Header");
        assertEquals(0x00, coti.bytes()[CareOfTestInit.OFF_RESERVED + 1]);
    }

    @Test
    void aLegacyNodesCareOfTestInitHasAZeroReservedField() {
        CorrespondentRegistrations r = legacy();
        r.moved(COA);
        r.onTraffic(CN);
        RecordingSignallingOutput.Sent coti = only(out.take(), MhType.CARE_OF_TEST_INIT);
        assertEquals(0, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(coti.bytes())).reserved());
        assertEquals(0, coti.bytes()[CareOfTestInit.OFF_RESERVED]);
    }

    @Test
    void aLegacyNodeStillBindsWithACorrespondentThatAnswersItsTests() {
        CorrespondentRegistrations r = legacy();
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertTrue(u.authentic());
        assertEquals(COA, path.enabled.get(CN));
    }

    @Test
    void theBindingUpdateVerifiesAtTheCorrespondentAndEnablesTheRouteOptimisedPath() {
        CorrespondentRegistrations r = registrations(false, 420);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertEquals(0, u.nonceStatus());
        assertTrue(u.authentic(), "the correspondent's own Kbm verifies the authenticator (RFC 6275 9.5.1)");
        assertEquals(HOA, u.homeAddress());
        assertEquals(COA, u.careOfAddress());
        assertFalse(u.update().hasFlag(BindingUpdate.FLAG_A), "no A without UseCnBuAck");
        assertFalse(u.update().hasFlag(BindingUpdate.FLAG_H));
        assertEquals(105, u.update().lifetime(), "MAX_RR_BINDING_LIFETIME 420 s in 4 s units");
        assertEquals(COA, path.enabled.get(CN));
        Map<String, Object> row = r.view().get(0);
        assertEquals(CN.toString(), row.get("peer"));
        assertEquals("correspondent", row.get("role"));
        assertEquals("registered", row.get("state"));
        assertEquals(u.update().sequence(), row.get("seq"));
        assertEquals(420, row.get("lifetime_s"));
    }

    @Test
    void theLifetimeIsTheConfiguredMaximumWhenShorter() {
        CorrespondentRegistrations r = registrations(false, 200);
        assertEquals(50, bind(r).update().lifetime());
    }

    @Test
    void nothingStartsWithoutRouteOptimisationOrAHomeRegistration() {
        CorrespondentRegistrations off = new CorrespondentRegistrations(out, path, timers, HOA, false, 420, false, true,
                CorrespondentPreSharedKeys.NONE, new Random(1));
        off.moved(COA);
        off.onTraffic(CN);
        CorrespondentRegistrations unregistered = registrations(false, 420);
        unregistered.onTraffic(CN);
        CorrespondentRegistrations lost = registrations(false, 420);
        lost.moved(COA);
        lost.homeRegistrationLost();
        lost.onTraffic(CN);
        lost.moved(COA);
        lost.onTraffic(Ipv6Address.parse("ff02::1"));
        lost.onTraffic(Ipv6Address.parse("fe80::1"));
        lost.onTraffic(HOA);
        assertEquals(0, out.all().size());
    }

    @Test
    void trafficSeenBeforeTheFirstRegistrationStartsReturnRoutabilityWhenItCompletes() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.onTraffic(CN); // the tunnel's one report for this sighting interval, before the home agent's BA
        assertEquals(0, out.all().size(), "nothing before the home registration");
        r.moved(COA);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(2, sent.size(), "the registration's completion starts the tests at once");
        only(sent, MhType.HOME_TEST_INIT);
        only(sent, MhType.CARE_OF_TEST_INIT);
    }

    @Test
    void trafficSeenLongBeforeTheRegistrationIsForgotten() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.onTraffic(CN);
        clock.advance(Duration.ofSeconds(11));
        r.moved(COA);
        assertEquals(0, out.all().size(), "a sighting older than 10 s starts nothing");
    }

    @Test
    void aHomeTestWithAnotherCookieIsDropped() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.moved(COA);
        r.onTraffic(CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        MobilityMessage.HomeTest good = cn.homeTest(only(sent, MhType.HOME_TEST_INIT));
        r.onMobilityMessage(new MobilityMessage.HomeTest(good.homeNonceIndex(), good.homeInitCookie() + 1,
                good.homeKeygenToken(), List.of()), CN, HOA);
        r.onMobilityMessage(good, CN2, HOA);
        r.onMobilityMessage(cn.careOfTest(only(sent, MhType.CARE_OF_TEST_INIT)), CN, COA);
        assertEquals(0, out.all().size(), "no BU without the home token");
        assertEquals(2L, r.stats().get("dropped"));
        r.onMobilityMessage(good, CN, HOA);
        assertTrue(cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE)).authentic());
    }

    @Test
    void unansweredTestsAreSentAgainAfter1And2sThenTheCorrespondentIsHeldDown() {
        CorrespondentRegistrations r = registrations(false, 420);
        r.moved(COA);
        r.onTraffic(CN);
        assertEquals(2, out.take().size());
        advance(999);
        assertEquals(0, out.all().size());
        advance(1);
        assertEquals(2, out.take().size(), "both again after 1 s");
        advance(1999);
        assertEquals(0, out.all().size());
        advance(1);
        assertEquals(2, out.take().size(), "both again after 2 s more");
        advance(3999);
        assertFalse(r.isHeldDown(CN));
        advance(1);
        assertTrue(r.isHeldDown(CN), "given up 4 s after the third try");
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.RR_TIMEOUT));
        assertEquals("failed", r.view().get(0).get("state"));
        assertEquals(2, r.view().get(0).get("retransmissions"));
        r.onTraffic(CN);
        advance(59_000);
        r.onTraffic(CN);
        assertEquals(0, out.all().size(), "held down: nothing sent for 60 s");
        advance(1_000);
        assertTrue(r.view().isEmpty());
        r.onTraffic(CN);
        assertEquals(2, out.take().size(), "after the hold-down the next traffic starts again");
    }

    @Test
    void withUseCnBuAckThePathWaitsForAnAuthenticAcknowledgement() {
        CorrespondentRegistrations r = registrations(true, 420);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertTrue(u.authentic());
        assertTrue(u.update().hasFlag(BindingUpdate.FLAG_A));
        assertTrue(path.events.isEmpty(), "not before the acknowledgement");
        assertEquals("registering", r.view().get(0).get("state"));
        MobilityMessage.BindingAcknowledgement good = cn.ack(u, 0, 100);
        byte[] forged = ((MobilityOption.BindingAuthorizationData) good.options().get(0)).authenticator();
        forged[0] ^= 1;
        r.onMobilityMessage(new MobilityMessage.BindingAcknowledgement(0, 0, good.sequence(), 100,
                List.of(new MobilityOption.BindingAuthorizationData(forged))), CN, HOA);
        assertTrue(path.events.isEmpty(), "a wrong authenticator is ignored");
        assertEquals(1L, r.stats().get("unauthenticated_acks"));
        advance(20);
        r.onMobilityMessage(good, CN, HOA);
        assertEquals(COA, path.enabled.get(CN));
        Map<String, Object> row = r.view().get(0);
        assertEquals("registered", row.get("state"));
        assertEquals(400, row.get("lifetime_s"), "the lesser of the asked and the granted lifetime");
        assertEquals(0, row.get("last_status"));
        assertEquals(20.0, row.get("last_rtt_ms"));
    }

    @Test
    void anUnacknowledgedBindingUpdateIsSentAgainThenTheCorrespondentIsHeldDown() {
        CorrespondentRegistrations r = registrations(true, 420);
        FakeCorrespondent.CheckedUpdate first = bind(r);
        advance(1000);
        FakeCorrespondent.CheckedUpdate second = cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
        assertTrue(second.authentic());
        assertEquals((first.update().sequence() + 1) & 0xffff, second.update().sequence());
        advance(2000);
        cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
        advance(3999);
        assertFalse(r.isHeldDown(CN));
        advance(1);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.BA_TIMEOUT));
        assertEquals(0, out.all().size());
    }

    @Test
    void status137RerunsOnlyTheCareOfTest() {
        CorrespondentRegistrations r = registrations(true, 420);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        r.onMobilityMessage(new MobilityMessage.BindingAcknowledgement(137, 0, u.update().sequence(), 0, List.of()), CN, HOA);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size());
        RecordingSignallingOutput.Sent coti = only(sent, MhType.CARE_OF_TEST_INIT);
        r.onMobilityMessage(cn.careOfTest(coti), CN, COA);
        FakeCorrespondent.CheckedUpdate again = cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
        assertTrue(again.authentic());
        r.onMobilityMessage(cn.ack(again, 0, 105), CN, HOA);
        assertEquals(COA, path.enabled.get(CN));
    }

    @Test
    void anAuthenticRefusalHoldsTheCorrespondentDown() {
        CorrespondentRegistrations r = registrations(true, 420);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        r.onMobilityMessage(cn.ack(u, 129, 0), CN, HOA);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.BA_REFUSED));
        assertEquals(129, r.view().get(0).get("last_status"));
        assertTrue(path.enabled.isEmpty());
    }

    @Test
    void aBindingRefreshRequestRerunsBothTestsAndSendsANewBindingUpdate() {
        CorrespondentRegistrations r = registrations(false, 420);
        FakeCorrespondent.CheckedUpdate first = bind(r);
        advance(60_000);
        r.onMobilityMessage(new MobilityMessage.BindingRefreshRequest(List.of()), CN, HOA);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(2, sent.size());
        answerTests(r, sent);
        FakeCorrespondent.CheckedUpdate second = cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
        assertTrue(second.authentic());
        assertTrue(second.update().sequence() != first.update().sequence());
        assertEquals(1L, r.stats().get("refresh_requests"));
    }

    @Test
    void aBindingErrorForTheHomeAddressOptionDisablesThePathAndHoldsDown() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        assertTrue(r.isBound(CN));
        r.onMobilityMessage(new MobilityMessage.BindingError(1, HOA, List.of()), CN, HOA);
        assertFalse(r.isBound(CN));
        assertEquals("disable " + CN, path.events.get(path.events.size() - 1));
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.BINDING_ERROR));
    }

    @Test
    void aBindingErrorFromAnotherNodeChangesNothing() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        r.onMobilityMessage(new MobilityMessage.BindingError(2, HOA, List.of()), CN2, HOA);
        assertTrue(r.isBound(CN));
    }

    /** The Parameter Problem code 1 a node without Mobile IPv6 sends for {@code invoking}, as ICMPv6 bytes. */
    static byte[] parameterProblemFor(byte[] invokingPacket) {
        ParameterProblem pp = new ParameterProblem(ParameterProblem.CODE_UNRECOGNIZED_NEXT_HEADER, 6,
                Octets.copyOf(invokingPacket, 0, invokingPacket.length));
        return Icmpv6Codec.encode(pp, MobilityExtensions.DEFAULT);
    }

    @Test
    void aParameterProblemForOurCareOfTestInitMeansNoMobileIpv6AndHoldsDown() {
        CorrespondentRegistrations r = registrations(false, 420);
        MobileNodeIcmp icmp = new MobileNodeIcmp(new FakePacketSocket(58, COA), MobilityExtensions.DEFAULT);
        r.attach(icmp);
        r.moved(COA);
        r.onTraffic(CN);
        RecordingSignallingOutput.Sent coti = only(out.take(), MhType.CARE_OF_TEST_INIT);
        byte[] asSent = new Ipv6PacketBuilder().source(COA).destination(CN).payload(IpProtocol.MOBILITY, coti.bytes()).build();
        byte[] other = asSent.clone();
        other[40 + 8] ^= 1;   // another cookie
        byte[] m = parameterProblemFor(other);
        icmp.dispatch(m, 0, m.length, CN, COA);
        assertFalse(r.isHeldDown(CN), "not our message");
        m = parameterProblemFor(asSent);
        icmp.dispatch(m, 0, m.length, CN, COA);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1L, r.stats().get("no_mipv6_support"));
        advance(10_000);
        assertEquals(0, out.all().size(), "no more tests: the traffic stays in the tunnel");
        assertTrue(path.events.isEmpty());
        icmp.close();
    }

    /**
     * A Mobility Agent's answer to a legacy node's Care-of Test Init (paper 003, mad's
     * CorrespondentAgent under its default policy): ICMPv6 Parameter Problem code 1 from the
     * correspondent's address to the care-of address, pointing at the Next Header field that
     * announced the Mobility Header (byte 6 of the IPv6 header: the CoTI has no extension
     * header), the invoking packet being the CoTI as sent. Its HoTI was answered with a Home Test.
     */
    @Test
    void aMobilityAgentsParameterProblemForALegacyCareOfTestInitKeepsTheCorrespondentInTheTunnel() {
        CorrespondentRegistrations r = legacy();
        MobileNodeIcmp icmp = new MobileNodeIcmp(new FakePacketSocket(58, COA), MobilityExtensions.DEFAULT);
        r.attach(icmp);
        r.moved(COA);
        r.onTraffic(CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        RecordingSignallingOutput.Sent hoti = only(sent, MhType.HOME_TEST_INIT);
        RecordingSignallingOutput.Sent coti = only(sent, MhType.CARE_OF_TEST_INIT);
        assertEquals(0, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(coti.bytes())).reservedFirstOctet(),
                "the agent sees a legacy node");
        MobilityMessage.HomeTest hot = cn.homeTest(hoti);
        r.onMobilityMessage(hot, CN, HOA);
        byte[] asSent = new Ipv6PacketBuilder().source(COA).destination(CN).payload(IpProtocol.MOBILITY, coti.bytes()).build();
        assertEquals(IpProtocol.MOBILITY, asSent[6] & 0xff, "the pointer's target announces the Mobility Header");
        byte[] m = parameterProblemFor(asSent);
        icmp.dispatch(m, 0, m.length, CN, COA);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.NO_MIPV6_SUPPORT));
        assertEquals("failed", r.view().get(0).get("state"));
        r.onMobilityMessage(hot, CN, HOA);
        advance(30_000);
        r.onTraffic(CN);
        assertEquals(0, out.all().size(), "no Binding Update, no more tests: the traffic stays in the home agent's tunnel");
        assertTrue(path.events.isEmpty(), "the route-optimised path was never enabled");
        advance(30_000);
        r.onTraffic(CN);
        RecordingSignallingOutput.Sent again = only(out.take(), MhType.CARE_OF_TEST_INIT);
        assertEquals(0, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(again.bytes())).reservedFirstOctet(),
                "after the hold-down a legacy node tries again, still as a legacy node");
        icmp.close();
    }

    @Test
    void anAgentAwareNodeHoldsDownOnAParameterProblemForItsCareOfTestInitToo() {
        CorrespondentRegistrations r = registrations(true, 420);
        r.moved(COA);
        r.onTraffic(CN);
        RecordingSignallingOutput.Sent coti = only(out.take(), MhType.CARE_OF_TEST_INIT);
        byte[] asSent = new Ipv6PacketBuilder().source(COA).destination(CN).payload(IpProtocol.MOBILITY, coti.bytes()).build();
        r.onParameterProblem(new ParameterProblem(ParameterProblem.CODE_UNRECOGNIZED_NEXT_HEADER, 6,
                Octets.copyOf(asSent, 0, asSent.length)), CN, COA);
        assertTrue(r.isHeldDown(CN), "a correspondent without Mobile IPv6 answers any CoTI so (RFC 6275 11.3.5)");
        assertTrue(path.events.isEmpty());
    }

    @Test
    void aParameterProblemForOurBindingUpdateWithItsHomeAddressOptionAlsoCounts() {
        CorrespondentRegistrations r = registrations(true, 420);
        bind(r);
        advance(1000);
        RecordingSignallingOutput.Sent bu = only(out.take(), MhType.BINDING_UPDATE);
        r.onParameterProblem(new ParameterProblem(1, 64, Octets.copyOf(bu.bytes(), 0, bu.bytes().length)), CN, COA);
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.NO_MIPV6_SUPPORT));
        r.onParameterProblem(new ParameterProblem(0, 64, Octets.copyOf(bu.bytes(), 0, bu.bytes().length)), CN, COA);
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.NO_MIPV6_SUPPORT));
    }

    @Test
    void movingRerunsTheCareOfTestFromTheNewAddressAndRebinds() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(30_000);
        r.moved(COA_B);
        assertFalse(path.enabled.containsKey(CN), "the old care-of address is no longer reachable");
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size(), "the home token is still fresh: only the care-of test");
        RecordingSignallingOutput.Sent coti = only(sent, MhType.CARE_OF_TEST_INIT);
        assertEquals(COA_B, coti.source());
        r.onMobilityMessage(cn.careOfTest(coti), CN, COA_B);
        FakeCorrespondent.CheckedUpdate u = cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE));
        assertTrue(u.authentic());
        assertEquals(COA_B, u.careOfAddress());
        assertEquals(COA_B, path.enabled.get(CN));
    }

    @Test
    void afterMaxTokenLifetimeAMoveRerunsBothTests() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(211_000);
        r.moved(COA_B);
        assertEquals(2, out.take().size());
    }

    @Test
    void returningHomeDeregistersFromTheHomeAddressWithTheHomeTokenOnly() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(10_000);
        r.returnedHome();
        assertTrue(path.enabled.isEmpty());
        RecordingSignallingOutput.Sent dereg = only(out.take(), MhType.BINDING_UPDATE);
        assertEquals(HOA, dereg.source());
        FakeCorrespondent.CheckedUpdate u = cn.checkDeregistration(dereg);
        assertEquals(0, u.update().lifetime());
        assertTrue(u.authentic(), "Kbm = SHA1(home token), the home address as care-of address (RFC 6275 5.2.5, 5.2.6)");
        assertTrue(r.view().isEmpty());
        r.onTraffic(CN);
        assertEquals(0, out.all().size(), "at home nothing starts");
    }

    @Test
    void returningHomeWithAnOldHomeTokenRunsTheHomeTestFirst() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(250_000);   // still bound (until 420 s), but the home token is older than MAX_TOKEN_LIFETIME
        r.returnedHome();
        RecordingSignallingOutput.Sent hoti = only(out.take(), MhType.HOME_TEST_INIT);
        assertEquals(HOA, hoti.source());
        assertEquals("deregistering", r.view().get(0).get("state"));
        r.onMobilityMessage(cn.homeTest(hoti), CN, HOA);
        FakeCorrespondent.CheckedUpdate u = cn.checkDeregistration(only(out.take(), MhType.BINDING_UPDATE));
        assertTrue(u.authentic());
        assertTrue(r.view().isEmpty());
    }

    @Test
    void aBindingInUseIsRefreshedAt90PercentOfItsLifetime() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(100_000);
        r.onTraffic(CN);
        advance(277_999);
        assertEquals(0, out.all().size());
        advance(1);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(2, sent.size(), "both tokens are older than MAX_TOKEN_LIFETIME");
        answerTests(r, sent);
        assertTrue(cn.checkBindingUpdate(only(out.take(), MhType.BINDING_UPDATE)).authentic());
        advance(100_000);
        assertTrue(r.isBound(CN), "the refreshed binding runs from its own BU");
    }

    @Test
    void aBindingNotInUseLapsesAndThePathReturnsToTheTunnel() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(419_999);
        assertEquals(0, out.all().size());
        assertTrue(r.isBound(CN));
        advance(1);
        assertFalse(r.isBound(CN));
        assertTrue(path.enabled.isEmpty());
        assertTrue(r.view().isEmpty());
        assertEquals(1L, r.stats().get("expired"));
    }

    @Test
    void viewRowsCarryTheBindingUpdateListFields() {
        CorrespondentRegistrations r = registrations(false, 420);
        bind(r);
        advance(20_000);
        Map<String, Object> row = r.view().get(0);
        assertEquals(List.of("peer", "role", "hoa", "coa", "seq", "state", "lifetime_s", "remaining_s",
                "retransmissions", "last_status", "last_rtt_ms"), List.copyOf(row.keySet()));
        assertEquals(HOA.toString(), row.get("hoa"));
        assertEquals(COA.toString(), row.get("coa"));
        assertEquals(400L, row.get("remaining_s"));
        assertNull(row.get("last_status"));
    }
}
