package org.roam6.mad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.PreSharedKeyRr;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/**
 * The Mobility Agent's correspondent side (RFC 6275 5.2, 9.4, 9.5; paper 003) against a mobile
 * node made in the test from common-wire's crypto: tokens, Kbm and authenticators computed here,
 * independently of the agent's code path.
 */
class CorrespondentAgentTest {

    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final byte[] PSK = "0123456789abcdef0123".getBytes();

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    CorrespondentAgent agent(CorrespondentAgent.LegacyPolicy policy) {
        return new CorrespondentAgent(List.of(Ipv6Prefix.parse("2001:db8:c::/64")), policy, Map.of(HOA, PSK), 420, 1000,
                nanos::get, millis::get, new SecureRandom(), EXT);
    }

    void advanceSeconds(long s) {
        nanos.addAndGet(s * 1_000_000_000L);
        millis.addAndGet(s * 1000L);
    }

    static byte[] mh(MobilityMessage m, Ipv6Address pseudoSrc, Ipv6Address pseudoDst) {
        byte[] b = MobilityHeaderCodec.encode(m, EXT);
        MobilityHeaderCodec.fillChecksum(b, 0, b.length, pseudoSrc, pseudoDst);
        return b;
    }

    static MobilityMessage decode(CorrespondentAgent.Reply r) {
        return MobilityHeaderCodec.decode(r.mh(), 0, r.mh().length, EXT).value();
    }

    /** The mobile node's side of the tests: both tokens, as it learns them. */
    record Tokens(int homeIndex, long homeToken, int careOfIndex, long careOfToken) {
        byte[] kbm() {
            return ReturnRoutability.bindingManagementKey(homeToken, careOfToken);
        }
    }

    Tokens runTests(CorrespondentAgent a) {
        CorrespondentAgent.Reply hot = (CorrespondentAgent.Reply) a.onMobilityHeader(HOA, CN, null,
                mh(new MobilityMessage.HomeTestInit(0x1111L, List.of()), HOA, CN), 0, 16);
        assertEquals(CN, hot.source(), "sent as the correspondent");
        assertEquals(HOA, hot.destination());
        assertNull(hot.routingHeader());
        assertTrue(MobilityHeaderCodec.verifyChecksum(hot.mh(), 0, hot.mh().length, CN, HOA));
        MobilityMessage.HomeTest ht = (MobilityMessage.HomeTest) decode(hot);
        assertEquals(0x1111L, ht.homeInitCookie());
        byte[] coti = mh(new MobilityMessage.CareOfTestInit(0x0100, 0x2222L, List.of()), COA, CN);
        CorrespondentAgent.Reply cot = (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, null, coti, 0, coti.length);
        assertEquals(COA, cot.destination());
        MobilityMessage.CareOfTest ct = (MobilityMessage.CareOfTest) decode(cot);
        assertEquals(0x2222L, ct.careOfInitCookie());
        return new Tokens(ht.homeNonceIndex(), ht.homeKeygenToken(), ct.careOfNonceIndex(), ct.careOfKeygenToken());
    }

    /** A BU as the mobile node sends it from the care-of address with a Home Address option; authenticator with kbm. */
    static byte[] bindingUpdate(int seq, int flags, int lifetimeUnits, MobilityOption.NonceIndices ni, byte[] kbm,
                                Ipv6Address coa) {
        List<MobilityOption> options = new ArrayList<>();
        if (ni != null) {
            options.add(ni);
        }
        options.add(new MobilityOption.BindingAuthorizationData(new byte[12]));
        byte[] b = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq, flags, lifetimeUnits, options), EXT);
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(b, 0, b.length, EXT);
        ReturnRoutability.authenticator(kbm, coa, CN, b, 0, loc.coveredLength(), b, loc.authenticatorOffset());
        MobilityHeaderCodec.fillChecksum(b, 0, b.length, HOA, CN);
        return b;
    }

    @Test
    void aFullReturnRoutabilityExchangeEndsInAnAuthenticatedAcknowledgementAndABinding() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        CorrespondentAgent.Reply r = (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        assertEquals(CN, r.source());
        assertEquals(COA, r.destination(), "the BA goes to the care-of address");
        assertEquals(HOA, r.routingHeader(), "with a Type 2 routing header for the home address");
        assertTrue(MobilityHeaderCodec.verifyChecksum(r.mh(), 0, r.mh().length, CN, HOA),
                "checksum over correspondent -> home address, the final destination");
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement) decode(r);
        assertEquals(BindingAckStatus.ACCEPTED, ba.status());
        assertEquals(7, ba.sequence());
        assertEquals(100, ba.lifetime(), "400 s asked, under MAX_RR_BINDING_LIFETIME");
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(r.mh(), 0,
                r.mh().length, EXT);
        assertTrue(ReturnRoutability.verifyAuthenticator(t.kbm(), COA, CN, r.mh(), 0, loc.coveredLength(), r.mh(),
                loc.authenticatorOffset()), "BA authenticated with the mobile node's Kbm (RFC 6275 6.1.8)");
        assertEquals(COA, a.binding(CN, HOA).orElseThrow().careOfAddress());
        assertEquals(1L, a.counts().get("sent_mh_type_6"));
    }

    @Test
    void theLifetimeIsCappedAtMaxRrBindingLifetime() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 0xffff,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement) decode(
                (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length));
        assertEquals(105, ba.lifetime(), "420 s in 4-second units");
    }

    @Test
    void aBindingUpdateWithAWrongAuthenticatorIsDroppedAndCounted() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] wrong = ReturnRoutability.bindingManagementKey(t.homeToken() ^ 1, t.careOfToken());
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), wrong, COA);
        assertEquals(new CorrespondentAgent.Drop("bad_authenticator"), a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length));
        assertTrue(a.binding(CN, HOA).isEmpty());
        assertEquals(1L, a.counts().get("drop_bad_authenticator"));
    }

    @Test
    void aBindingUpdateBoundToAnotherCareOfAddressDoesNotVerify() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        Ipv6Address elsewhere = Ipv6Address.parse("2001:db8:b::1");
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), elsewhere);
        assertInstanceOf(CorrespondentAgent.Drop.class, a.onMobilityHeader(elsewhere, CN, HOA, bu, 0, bu.length),
                "the care-of token was made for another address");
    }

    @Test
    void expiredNoncesAreAnsweredWith138UnauthenticatedAndNoBinding() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        advanceSeconds(241); // MAX_NONCE_LIFETIME 240 s
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        CorrespondentAgent.Reply r = (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement) decode(r);
        assertEquals(BindingAckStatus.EXPIRED_NONCES, ba.status());
        assertTrue(ba.options().isEmpty(), "no Kbm to authenticate with");
        assertTrue(a.binding(CN, HOA).isEmpty());
    }

    @Test
    void anExpiredHomeNonceAloneGives136() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens old = runTests(a);
        advanceSeconds(200);
        Tokens fresh = runTests(a); // a new nonce is made after 30 s
        advanceSeconds(50);         // the first is now 250 s old, the second 50 s
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(old.homeIndex(), fresh.careOfIndex()),
                ReturnRoutability.bindingManagementKey(old.homeToken(), fresh.careOfToken()), COA);
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement) decode(
                (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length));
        assertEquals(BindingAckStatus.EXPIRED_HOME_NONCE_INDEX, ba.status());
    }

    @Test
    void aSequenceNumberNotAfterTheCachedOneGets135WithTheCachedNumber() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        MobilityOption.NonceIndices ni = new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex());
        byte[] first = bindingUpdate(65535, BindingUpdate.FLAG_A, 100, ni, t.kbm(), COA);
        a.onMobilityHeader(COA, CN, HOA, first, 0, first.length);
        byte[] wrapped = bindingUpdate(3, BindingUpdate.FLAG_A, 100, ni, t.kbm(), COA);
        assertEquals(BindingAckStatus.ACCEPTED, ((MobilityMessage.BindingAcknowledgement) decode(
                (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, wrapped, 0, wrapped.length))).status(),
                "3 follows 65535 modulo 2^16");
        byte[] replay = bindingUpdate(3, BindingUpdate.FLAG_A, 100, ni, t.kbm(), COA);
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement) decode(
                (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, replay, 0, replay.length));
        assertEquals(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, ba.status());
        assertEquals(3, ba.sequence(), "carries the last accepted number");
    }

    @Test
    void theHomeRegistrationFlagIsRefusedWith131() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        assertEquals(BindingAckStatus.HOME_REGISTRATION_NOT_SUPPORTED, ((MobilityMessage.BindingAcknowledgement) decode(
                (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length))).status());
    }

    @Test
    void aLegacyCareOfTestInitGetsParameterProblemCode1UnderTheDefaultPolicy() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        byte[] coti = mh(new MobilityMessage.CareOfTestInit(0x0000, 0x2222L, List.of()), COA, CN);
        CorrespondentAgent.Answer answer = a.onMobilityHeader(COA, CN, null, coti, 0, coti.length);
        assertEquals(new CorrespondentAgent.ParameterProblem(1, "legacy_mobile_node"), answer);
        assertEquals(1L, a.counts().get("parameter_problem_legacy_mobile_node"));
    }

    @Test
    void aLegacyCareOfTestInitIsAnsweredWhenLegacyRouteOptimisationIsAllowed() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.ALLOW);
        byte[] coti = mh(new MobilityMessage.CareOfTestInit(0x0000, 0x2222L, List.of()), COA, CN);
        CorrespondentAgent.Reply r = (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, null, coti, 0, coti.length);
        assertEquals(0x2222L, ((MobilityMessage.CareOfTest) decode(r)).careOfInitCookie());
    }

    @Test
    void withAPreSharedKeyTheBindingUpdateNeedsNoTests() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        byte[] kbm = PreSharedKeyRr.bindingManagementKey(PSK, HOA, COA, CN, 9);
        byte[] bu = bindingUpdate(9, BindingUpdate.FLAG_A, 100, null, kbm, COA);
        CorrespondentAgent.Reply r = (CorrespondentAgent.Reply) a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        assertEquals(BindingAckStatus.ACCEPTED, ((MobilityMessage.BindingAcknowledgement) decode(r)).status());
        assertEquals(COA, a.binding(CN, HOA).orElseThrow().careOfAddress());
        byte[] otherKey = PreSharedKeyRr.bindingManagementKey("another key 01234567".getBytes(), HOA, COA, CN, 10);
        byte[] forged = bindingUpdate(10, BindingUpdate.FLAG_A, 100, null, otherKey, COA);
        assertEquals(new CorrespondentAgent.Drop("bad_authenticator"), a.onMobilityHeader(COA, CN, HOA, forged, 0,
                forged.length));
    }

    @Test
    void withoutPreSharedKeyABindingUpdateWithoutNonceIndicesIsDropped() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Ipv6Address other = Ipv6Address.parse("2001:db8:1::200");
        byte[] b = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(1, BindingUpdate.FLAG_A, 10,
                List.of(new MobilityOption.BindingAuthorizationData(new byte[12]))), EXT);
        MobilityHeaderCodec.fillChecksum(b, 0, b.length, other, CN);
        assertEquals(new CorrespondentAgent.Drop("no_nonce_indices"), a.onMobilityHeader(COA, CN, other, b, 0, b.length));
    }

    @Test
    void aDeregistrationWithTheHomeTokenAloneRemovesTheBinding() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        // back home: from the home address, lifetime 0, Kbm from the home token alone (RFC 6275 5.2.5)
        List<MobilityOption> options = List.of(new MobilityOption.NonceIndices(t.homeIndex(), 0),
                new MobilityOption.BindingAuthorizationData(new byte[12]));
        byte[] d = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(8, BindingUpdate.FLAG_A, 0, options), EXT);
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(d, 0, d.length, EXT);
        ReturnRoutability.authenticator(ReturnRoutability.deregistrationKey(t.homeToken()), HOA, CN, d, 0,
                loc.coveredLength(), d, loc.authenticatorOffset());
        MobilityHeaderCodec.fillChecksum(d, 0, d.length, HOA, CN);
        CorrespondentAgent.Reply r = (CorrespondentAgent.Reply) a.onMobilityHeader(HOA, CN, null, d, 0, d.length);
        assertEquals(BindingAckStatus.ACCEPTED, ((MobilityMessage.BindingAcknowledgement) decode(r)).status());
        assertEquals(HOA, r.destination(), "at home: to the home address, no routing header");
        assertNull(r.routingHeader());
        assertTrue(a.binding(CN, HOA).isEmpty());
    }

    @Test
    void aHomeTestInitWithAHomeAddressOptionIsDropped() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        byte[] hoti = mh(new MobilityMessage.HomeTestInit(1L, List.of()), HOA, CN);
        assertEquals(new CorrespondentAgent.Drop("hoti_with_home_address_option"),
                a.onMobilityHeader(COA, CN, HOA, hoti, 0, hoti.length));
    }

    @Test
    void messagesForCorrespondentsNotServedAndWithBadChecksumsAreDropped() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Ipv6Address elsewhere = Ipv6Address.parse("2001:db8:d::10");
        byte[] hoti = mh(new MobilityMessage.HomeTestInit(1L, List.of()), HOA, elsewhere);
        assertEquals(new CorrespondentAgent.Drop("not_served"), a.onMobilityHeader(HOA, elsewhere, null, hoti, 0, hoti.length));
        byte[] bad = mh(new MobilityMessage.HomeTestInit(1L, List.of()), HOA, CN);
        bad[4] ^= 0x55;
        assertEquals(new CorrespondentAgent.Drop("bad_checksum"), a.onMobilityHeader(HOA, CN, null, bad, 0, bad.length));
    }

    @Test
    void aBindingInUseNearItsEndGetsOneBindingRefreshRequest() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, 0, 75, new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        assertEquals(new CorrespondentAgent.Drop("accepted_no_ack"), a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length),
                "accepted; no BA without the A flag");
        advanceSeconds(150);
        a.used(CN, HOA);
        assertTrue(a.refreshRequests().isEmpty(), "150 of 300 s left");
        advanceSeconds(60);
        a.used(CN, HOA);
        List<CorrespondentAgent.Reply> brr = a.refreshRequests();
        assertEquals(1, brr.size(), "90 of 300 s left and in use");
        assertInstanceOf(MobilityMessage.BindingRefreshRequest.class, decode(brr.get(0)));
        assertEquals(COA, brr.get(0).destination());
        assertEquals(HOA, brr.get(0).routingHeader());
        assertTrue(a.refreshRequests().isEmpty(), "once per registration");
    }

    @Test
    void aBindingNotInUseGetsNoRefreshRequest() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, 0, 75, new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        a.used(CN, HOA);
        advanceSeconds(250);
        assertTrue(a.refreshRequests().isEmpty(), "last used 250 s ago");
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrowAndNeverBind(@ForAll @Size(max = 120) byte[] bytes) {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.ALLOW);
        CorrespondentAgent.Answer answer = a.onMobilityHeader(COA, CN, HOA, bytes, 0, bytes.length);
        assertFalse(answer instanceof CorrespondentAgent.ParameterProblem);
        assertTrue(a.binding(CN, HOA).isEmpty());
    }

    @Test
    void aSecondCorrespondentBehindTheAgentKeepsItsOwnCache() {
        CorrespondentAgent a = agent(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM);
        Tokens t = runTests(a);
        byte[] bu = bindingUpdate(7, BindingUpdate.FLAG_A, 100,
                new MobilityOption.NonceIndices(t.homeIndex(), t.careOfIndex()), t.kbm(), COA);
        a.onMobilityHeader(COA, CN, HOA, bu, 0, bu.length);
        assertTrue(a.binding(Ipv6Address.parse("2001:db8:c::11"), HOA).isEmpty());
        assertArrayEquals(COA.toString().getBytes(), a.binding(CN, HOA).orElseThrow().careOfAddress().toString().getBytes());
    }
}
