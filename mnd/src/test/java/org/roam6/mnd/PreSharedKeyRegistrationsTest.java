package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.mnd.CorrespondentRegistrationsTest.CN;
import static org.roam6.mnd.CorrespondentRegistrationsTest.CN2;
import static org.roam6.mnd.CorrespondentRegistrationsTest.COA;
import static org.roam6.mnd.CorrespondentRegistrationsTest.COA_B;
import static org.roam6.mnd.CorrespondentRegistrationsTest.HOA;
import static org.roam6.mnd.CorrespondentRegistrationsTest.only;
import static org.roam6.mnd.CorrespondentRegistrationsTest.typeOf;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/**
 * The two-message, pre-shared-key Return Routability of the Mobility Agent design (paper 003):
 * with an {@code MnCnPreSharedKey} for a correspondent, the Binding Update goes at once and the
 * agent's check ({@link FakeCorrespondent#checkPreSharedKeyUpdate}, mad's CorrespondentAgent's
 * rule) accepts it.
 */
class PreSharedKeyRegistrationsTest {
    static final byte[] PSK = Bytes.fromHex("00112233445566778899aabbccddeeff");
    static final byte[] PSK_HOST = Bytes.fromHex("ffeeddccbbaa99887766554433221100");
    static final Ipv6Address OTHER_CN = Ipv6Address.parse("2001:db8:d::30");

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("test", clock);
    final RecordingSignallingOutput out = new RecordingSignallingOutput();
    final RecordingPath path = new RecordingPath();
    final FakeCorrespondent cn = new FakeCorrespondent(CN, clock);

    /** A key for the correspondents' /64 and, more specific, one for {@link CorrespondentRegistrationsTest#CN2}. */
    static final CorrespondentPreSharedKeys KEYS = new CorrespondentPreSharedKeys(List.of(
            new CorrespondentPreSharedKeys.Key(Ipv6Prefix.parse("2001:db8:c::/64"), PSK),
            new CorrespondentPreSharedKeys.Key(Ipv6Prefix.parse("2001:db8:c::20/128"), PSK_HOST)));

    CorrespondentRegistrations registrations(boolean acks) {
        return new CorrespondentRegistrations(out, path, timers, HOA, true, 420, acks, true, KEYS, new Random(5));
    }

    void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
        timers.runDue();
    }

    /** Moves to {@link CorrespondentRegistrationsTest#COA}, sends traffic to CN, returns the one message sent, checked. */
    FakeCorrespondent.CheckedUpdate bind(CorrespondentRegistrations r) {
        r.moved(COA);
        r.onTraffic(CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size(), "the Binding Update alone: no HoTI, no CoTI");
        return cn.checkPreSharedKeyUpdate(only(sent, MhType.BINDING_UPDATE), PSK);
    }

    @Test
    void trafficSendsTheBindingUpdateAtOnceWithoutTestsAndTheAgentAcceptsIt() {
        CorrespondentRegistrations r = registrations(false);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertTrue(u.authentic(), "Kbm = PreSharedKeyRr(psk, HoA, CoA, CN, seq) verifies the authenticator");
        assertEquals(HOA, u.homeAddress(), "the Home Address option as usual");
        assertEquals(COA, u.careOfAddress(), "sent from the care-of address");
        assertEquals(List.of(MobilityOption.BindingAuthorizationData.class),
                u.update().options().stream().map(Object::getClass).toList(), "no Nonce Indices option");
        assertFalse(u.update().hasFlag(BindingUpdate.FLAG_A));
        assertEquals(105, u.update().lifetime());
        assertEquals(COA, path.enabled.get(CN), "without UseCnBuAck the path is enabled at once");
        assertEquals(0L, r.stats().get("home_test_inits_sent"));
        assertEquals(0L, r.stats().get("care_of_test_inits_sent"));
        assertEquals(1L, r.stats().get("binding_updates_sent"));
        assertEquals(1L, r.stats().get("pre_shared_key_updates_sent"));
    }

    /** Kbm as PreSharedKeyRr's javadoc defines it, made here with the JDK's HMAC-SHA1 over the 50 bytes. */
    static byte[] kbmByTheBook(byte[] psk, Ipv6Address hoa, Ipv6Address coa, Ipv6Address correspondent, int sequence)
            throws Exception {
        ByteBuffer in = ByteBuffer.allocate(50);
        for (Ipv6Address a : List.of(hoa, coa, correspondent)) {
            in.putLong(a.hi()).putLong(a.lo());
        }
        in.putShort((short) sequence);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(psk, "HmacSHA1"));
        return mac.doFinal(in.array());
    }

    @Test
    void theKbmIsHmacSha1OfThePreSharedKeyOverHomeCareOfCorrespondentAndSequence() throws Exception {
        CorrespondentRegistrations r = registrations(false);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertArrayEquals(kbmByTheBook(PSK, HOA, COA, CN, u.update().sequence()), u.kbm());
        r.returnedHome();
        FakeCorrespondent.CheckedUpdate dereg = cn.checkPreSharedKeyUpdate(only(out.take(), MhType.BINDING_UPDATE), PSK);
        assertTrue(dereg.authentic());
        assertArrayEquals(kbmByTheBook(PSK, HOA, HOA, CN, dereg.update().sequence()), dereg.kbm(),
                "de-registration: the home address as care-of address");
    }

    @Test
    void withUseCnBuAckThePathWaitsForTheAgentsAcknowledgementAuthenticatedWithTheSameKbm() {
        CorrespondentRegistrations r = registrations(true);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        assertTrue(u.authentic());
        assertTrue(u.update().hasFlag(BindingUpdate.FLAG_A));
        assertTrue(path.events.isEmpty(), "not before the acknowledgement");
        MobilityMessage.BindingAcknowledgement good = cn.ack(u, 0, 105);
        byte[] forged = ((MobilityOption.BindingAuthorizationData) good.options().get(0)).authenticator();
        forged[11] ^= 1;
        r.onMobilityMessage(new MobilityMessage.BindingAcknowledgement(0, 0, good.sequence(), 105,
                List.of(new MobilityOption.BindingAuthorizationData(forged))), CN, HOA);
        assertTrue(path.events.isEmpty(), "a wrong authenticator is ignored");
        assertEquals(1L, r.stats().get("unauthenticated_acks"));
        r.onMobilityMessage(cn.ack(u, 0, 105), CN, HOA);
        assertEquals(COA, path.enabled.get(CN));
        assertEquals("registered", r.view().get(0).get("state"));
    }

    @Test
    void unauthenticatedNonceStatusesAreIgnoredSinceTheBindingUpdateCarriedNoNonceIndices() {
        CorrespondentRegistrations r = registrations(true);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        for (int status = 136; status <= 138; status++) {
            r.onMobilityMessage(new MobilityMessage.BindingAcknowledgement(status, 0, u.update().sequence(), 0, List.of()),
                    CN, HOA);
        }
        assertEquals(0, out.all().size(), "no tests started, no new BU");
        assertEquals(3L, r.stats().get("unauthenticated_acks"));
        assertFalse(r.isHeldDown(CN));
        r.onMobilityMessage(cn.ack(u, 0, 105), CN, HOA);
        assertTrue(r.isBound(CN));
    }

    @Test
    void anUnacknowledgedBindingUpdateIsSentAgainWithANewSequenceNumberAndItsOwnKbm() {
        CorrespondentRegistrations r = registrations(true);
        FakeCorrespondent.CheckedUpdate first = bind(r);
        advance(1000);
        FakeCorrespondent.CheckedUpdate second = cn.checkPreSharedKeyUpdate(only(out.take(), MhType.BINDING_UPDATE), PSK);
        assertTrue(second.authentic());
        assertEquals((first.update().sequence() + 1) & 0xffff, second.update().sequence());
        assertFalse(Arrays.equals(first.kbm(), second.kbm()), "the sequence number is in the Kbm");
        r.onMobilityMessage(cn.ack(first, 0, 105), CN, HOA);
        assertFalse(r.isBound(CN), "the acknowledgement of the older BU does not count");
        r.onMobilityMessage(cn.ack(second, 0, 105), CN, HOA);
        assertTrue(r.isBound(CN));
    }

    @Test
    void anAuthenticRefusalHoldsTheCorrespondentDown() {
        CorrespondentRegistrations r = registrations(true);
        FakeCorrespondent.CheckedUpdate u = bind(r);
        r.onMobilityMessage(cn.ack(u, 129, 0), CN, HOA);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.BA_REFUSED));
    }

    @Test
    void movingSendsANewBindingUpdateFromTheNewCareOfAddressAtOnce() {
        CorrespondentRegistrations r = registrations(false);
        bind(r);
        advance(30_000);
        r.moved(COA_B);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size());
        FakeCorrespondent.CheckedUpdate u = cn.checkPreSharedKeyUpdate(only(sent, MhType.BINDING_UPDATE), PSK);
        assertTrue(u.authentic());
        assertEquals(COA_B, u.careOfAddress());
        assertEquals(COA_B, path.enabled.get(CN));
    }

    @Test
    void aBindingRefreshRequestAndTheRefreshOfABindingInUseSendTheBindingUpdateAtOnce() {
        CorrespondentRegistrations r = registrations(false);
        bind(r);
        advance(60_000);
        r.onMobilityMessage(new MobilityMessage.BindingRefreshRequest(List.of()), CN, HOA);
        assertTrue(cn.checkPreSharedKeyUpdate(only(out.take(), MhType.BINDING_UPDATE), PSK).authentic());
        r.onTraffic(CN);
        advance(378_000);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size(), "refreshed at 90 % of 420 s");
        assertTrue(cn.checkPreSharedKeyUpdate(only(sent, MhType.BINDING_UPDATE), PSK).authentic());
    }

    @Test
    void returningHomeDeregistersAtOnceWithTheHomeAddressAsCareOfAddress() {
        CorrespondentRegistrations r = registrations(false);
        bind(r);
        advance(250_000);   // a home token would be too old by now; there is none to need
        r.returnedHome();
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size(), "no Home Test Init first");
        RecordingSignallingOutput.Sent dereg = sent.get(0);
        assertEquals(RecordingSignallingOutput.Kind.MOBILITY_HEADER, dereg.kind(), "from the home address, no Home Address option");
        assertEquals(HOA, dereg.source());
        FakeCorrespondent.CheckedUpdate u = cn.checkPreSharedKeyUpdate(dereg, PSK);
        assertEquals(0, u.update().lifetime());
        assertTrue(u.authentic());
        assertTrue(r.view().isEmpty());
    }

    @Test
    void aParameterProblemForThePreSharedKeyBindingUpdateHoldsTheCorrespondentDown() {
        CorrespondentRegistrations r = registrations(true);
        bind(r);
        advance(1000);
        RecordingSignallingOutput.Sent bu = only(out.take(), MhType.BINDING_UPDATE);
        r.onParameterProblem(new ParameterProblem(ParameterProblem.CODE_UNRECOGNIZED_NEXT_HEADER, 64,
                Octets.copyOf(bu.bytes(), 0, bu.bytes().length)), CN, COA);
        assertTrue(r.isHeldDown(CN));
        assertEquals(1, r.heldDown(CorrespondentRegistrations.HoldDownReason.NO_MIPV6_SUPPORT));
    }

    @Test
    void theLongestCoveringPrefixChoosesTheKeyAndUncoveredCorrespondentsRunReturnRoutability() {
        CorrespondentRegistrations r = registrations(false);
        r.moved(COA);
        r.onTraffic(CN2);
        FakeCorrespondent cn2 = new FakeCorrespondent(CN2, clock);
        assertTrue(cn2.checkPreSharedKeyUpdate(only(out.take(), MhType.BINDING_UPDATE), PSK_HOST).authentic(),
                "CN2's own /128 key, not the /64's");
        r.onTraffic(OTHER_CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(List.of(MhType.HOME_TEST_INIT, MhType.CARE_OF_TEST_INIT),
                sent.stream().map(CorrespondentRegistrationsTest::typeOf).sorted().toList());
    }

    @Test
    void aLegacyNodeDoesNotUseItsPreSharedKeys() {
        CorrespondentRegistrations r = new CorrespondentRegistrations(out, path, timers, HOA, true, 420, false, false,
                KEYS, new Random(5));
        r.moved(COA);
        r.onTraffic(CN);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(2, sent.size());
        RecordingSignallingOutput.Sent coti = only(sent, MhType.CARE_OF_TEST_INIT);
        assertEquals(0, ((MobilityMessage.CareOfTestInit) FakeCorrespondent.decode(coti.bytes())).reservedFirstOctet());
        assertEquals(1, sent.stream().filter(s -> typeOf(s) == MhType.HOME_TEST_INIT).count());
    }
}
