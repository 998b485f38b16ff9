package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.had.SignallingFixture.COA;
import static org.roam6.had.SignallingFixture.COA2;
import static org.roam6.had.SignallingFixture.HA;
import static org.roam6.had.SignallingFixture.HOA;
import static org.roam6.had.SignallingFixture.HOA_DENIED;
import static org.roam6.had.SignallingFixture.HOA_FOREIGN;
import static org.roam6.had.SignallingFixture.HOA_KEYED;
import static org.roam6.had.SignallingFixture.HOA_UNKNOWN;
import static org.roam6.had.SignallingFixture.MR;
import static org.roam6.had.SignallingFixture.SECRET;
import static org.roam6.had.SignallingFixture.timestamp;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.binding.Binding;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/** RFC 6275 10.3 home registration, RFC 3963 and RFC 4285, driven through in-memory sockets. */
class HomeRegistrationTest {

    static final int AH = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;
    static final MobilityOption ALT_COA = new MobilityOption.AlternateCareOfAddress(COA);

    @Test
    void homeRegistrationIsAcceptedWithBaThroughType2RoutingHeaderAndStored() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(7, AH | BindingUpdate.FLAG_L, 100, ALT_COA), COA, HOA);

        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA);
        assertEquals(BindingAckStatus.ACCEPTED, ba.status());
        assertEquals(7, ba.sequence());
        assertEquals(100, ba.lifetime());
        assertEquals(0, ba.flags(), "neither K nor R");
        Binding b = f.cache.binding(HOA, f.clock.millis()).orElseThrow();
        assertEquals(COA, b.careOfAddress());
        assertEquals(7, b.sequence());
        assertTrue((b.flags() & BindingUpdate.FLAG_L) != 0, "L flag kept for the proxy neighbour part");
        assertEquals(List.of("registered " + HOA + " at " + COA), f.events);
        assertEquals(1, f.stats.bindingUpdates(0));
        assertEquals(1, f.stats.bindingAcksSent(0));
    }

    @Test
    void alternateCareOfAddressIsTheOneRegistered() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10, new MobilityOption.AlternateCareOfAddress(COA2)), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status(), "BA goes to the IPv6 source");
        assertEquals(COA2, f.cache.binding(HOA, 0).orElseThrow().careOfAddress());
    }

    @Test
    void lifetimeIsCappedAtHaMaxBindingLife() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 1000, ALT_COA), COA, HOA);
        assertEquals(420 / 4, f.nextAck(COA, HOA).lifetime());
        assertEquals(420, f.registration.grantedLifetime(HOA));
    }

    @Test
    void kFlagIsIgnoredWithoutIpsec() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_K, 10, ALT_COA), COA, HOA);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA);
        assertEquals(0, ba.status());
        assertFalse(ba.hasFlag(BindingAcknowledgement.FLAG_K));
    }

    @Test
    void acceptedUpdateWithoutAckFlagGetsNoBa() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_H, 10, ALT_COA), COA, HOA);
        assertTrue(f.nothingSent());
        assertTrue(f.cache.binding(HOA, 0).isPresent());
    }

    @Test
    void refusedUpdateWithoutAckFlagStillGetsBa() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_H, 10, ALT_COA), COA, HOA_FOREIGN);
        assertEquals(BindingAckStatus.NOT_HOME_SUBNET, f.nextAck(COA, HOA_FOREIGN).status());
    }

    @Test
    void refreshFromANewCareOfAddressTellsTheListenersAndAnIdenticalOneDoesNot() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        f.sendWithHomeAddressOption(f.bu(2, AH, 10), COA, HOA);
        f.sendWithHomeAddressOption(f.bu(3, AH, 10), COA2, HOA);
        assertEquals(List.of("registered " + HOA + " at " + COA, "registered " + HOA + " at " + COA2), f.events);
        assertEquals(3, f.stats.bindingAcksSent(0));
    }

    @Test
    void sequenceNumberNotAfterTheLastIsRefusedWith135CarryingTheLastAccepted() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(10, AH, 10), COA, HOA);
        f.nextAck(COA, HOA);
        f.sendWithHomeAddressOption(f.bu(10, AH, 10), COA, HOA);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA);
        assertEquals(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW, ba.status());
        assertEquals(10, ba.sequence());
        assertEquals(0, ba.lifetime());
        // 10 + 32768 is "before" 10 modulo 2^16
        f.sendWithHomeAddressOption(f.bu(10 + 32768, AH, 10), COA, HOA);
        assertEquals(135, f.nextAck(COA, HOA).status());
        f.sendWithHomeAddressOption(f.bu(9, AH, 10), COA2, HOA);
        assertEquals(135, f.nextAck(COA2, HOA).status(), "BA to the BU's source");
        assertEquals(COA, f.cache.binding(HOA, 0).orElseThrow().careOfAddress(), "refused BU changed nothing");
    }

    @Test
    void sequenceNumberWrapsModulo65536() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(65535, AH, 10), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        f.sendWithHomeAddressOption(f.bu(0, AH, 10), COA2, HOA);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA2, HOA);
        assertEquals(0, ba.status());
        assertEquals(0, f.cache.binding(HOA, 0).orElseThrow().sequence());
        f.sendWithHomeAddressOption(f.bu(32767, AH, 10), COA2, HOA);
        assertEquals(0, f.nextAck(COA2, HOA).status(), "32767 ahead is still in the window");
    }

    @Test
    void anySequenceNumberIsAcceptedWithoutABinding() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(40000, AH, 10), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
    }

    @Test
    void deregistrationWithLifetimeZeroRemovesTheBinding() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        f.nextAck(COA, HOA);
        f.sendWithHomeAddressOption(f.bu(2, AH, 0), COA, HOA);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA);
        assertEquals(0, ba.status());
        assertEquals(0, ba.lifetime());
        assertTrue(f.cache.binding(HOA, 0).isEmpty());
        assertEquals("deregistered " + HOA, f.events.get(f.events.size() - 1));
    }

    @Test
    void deregistrationFromHomeGoesToTheHomeAddressWithoutRoutingHeader() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        f.nextAck(COA, HOA);
        // back home: source is the home address, no Home Address option, socket 135
        byte[] m = f.bu(2, AH, 0);
        MobilityHeaderCodec.fillChecksum(m, 0, m.length, HOA, HA);
        f.sendPlain(m, HOA);
        assertEquals(0, f.nextAck(HOA, HOA).status());
        assertTrue(f.cache.binding(HOA, 0).isEmpty());
    }

    @Test
    void deregistrationWithoutBindingIsRefusedWith133() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 0), COA, HOA);
        assertEquals(BindingAckStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE, f.nextAck(COA, HOA).status());
    }

    @Test
    void homeAddressWithoutKeyOrMnUnprotectedIsRefusedWith133() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA_UNKNOWN);
        assertEquals(133, f.nextAck(COA, HOA_UNKNOWN).status());
        assertTrue(f.cache.bindings(0).isEmpty());
    }

    @Test
    void homeAddressOutsideTheHomePrefixIsRefusedWith132() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA_FOREIGN);
        assertEquals(132, f.nextAck(COA, HOA_FOREIGN).status());
    }

    @Test
    void accessListDenyIsRefusedWith129AndANumberAsWritten() throws Exception {
        SignallingFixture f = new SignallingFixture("""
                MnUnprotected 2001:db8:1::301;
                BindingAclPolicy 2001:db8:1::301 133;
                """);
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA_DENIED);
        assertEquals(BindingAckStatus.ADMINISTRATIVELY_PROHIBITED, f.nextAck(COA, HOA_DENIED).status());
        Ipv6Address other = Ipv6Address.parse("2001:db8:1::301");
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, other);
        assertEquals(133, f.nextAck(COA, other).status());
    }

    @Test
    void defaultAclDenyRefusesEveryoneNotListed() throws Exception {
        SignallingFixture f = new SignallingFixture("DefaultBindingAclPolicy deny;\n");
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        assertEquals(129, f.nextAck(COA, HOA).status());
    }

    @Test
    void fullCacheIsRefusedWith130() throws Exception {
        SignallingFixture f = new SignallingFixture("MaxBindings 1;\n");
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, MR);
        assertEquals(BindingAckStatus.INSUFFICIENT_RESOURCES, f.nextAck(COA, MR).status());
        assertEquals(1, f.stats.bindingUpdates(130));
    }

    @Test
    void hFlagClearForAnExistingHomeRegistrationIsRefusedWith139() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        f.nextAck(COA, HOA);
        f.sendWithHomeAddressOption(f.bu(2, BindingUpdate.FLAG_A, 10), COA, HOA);
        assertEquals(BindingAckStatus.REGISTRATION_TYPE_CHANGE_DISALLOWED, f.nextAck(COA, HOA).status());
    }

    @Test
    void correspondentRegistrationWithoutReturnRoutabilityOptionsIsDiscardedSilently() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_A, 10), COA, HOA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.DISCARDED));
    }

    @Test
    void correspondentRegistrationIsRefusedWith129() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_A, 10, new MobilityOption.NonceIndices(1, 2),
                new MobilityOption.BindingAuthorizationData(new byte[12])), COA, HOA);
        assertEquals(129, f.nextAck(COA, HOA).status());
    }

    @Test
    void authenticatedUpdateIsAcceptedAndTheBaIsAuthenticatedWithTheBuTimestamp() throws Exception {
        SignallingFixture f = new SignallingFixture();
        long ts = timestamp(1);
        f.sendWithHomeAddressOption(f.authenticatedBu(5, AH, 50, HOA_KEYED, COA, ts, SECRET, ALT_COA), COA, HOA_KEYED);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA_KEYED);
        assertEquals(0, ba.status());
        assertEquals(ts, ((MobilityOption.MobilityMessageReplayProtection) ba.options().get(0)).timestamp());
        MobilityOption.MobilityMessageAuthentication auth = (MobilityOption.MobilityMessageAuthentication) ba.options().get(1);
        assertEquals(SignallingFixture.SPI, auth.spi());
        // recompute over the BA as sent: care-of = BA destination, home = RH2 address
        byte[] m = MobilityHeaderCodec.encode(ba, f.ext());
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(m, 0, m.length,
                MnHaAuthentication.SUBTYPE_MN_HA, f.ext());
        assertArrayEquals(MnHaAuthentication.authenticator(f.key.algorithm(), SECRET, COA, HOA_KEYED, m, 0,
                at.coveredLength()), auth.authenticationData());
    }

    @Test
    void wrongKeyIsRefusedWith146() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] wrong = SECRET.clone();
        wrong[0] ^= 1;
        f.sendWithHomeAddressOption(f.authenticatedBu(5, AH, 50, HOA_KEYED, COA, timestamp(0), wrong), COA, HOA_KEYED);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA_KEYED);
        assertEquals(BindingAckStatus.MIPV6_AUTH_FAIL, ba.status());
        assertTrue(ba.options().isEmpty(), "no authenticator on a BA to an unauthenticated peer");
        assertTrue(f.cache.bindings(0).isEmpty());
    }

    @Test
    void missingAuthenticationForAKeyedHomeAddressIsRefusedWith146() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(5, AH, 50), COA, HOA_KEYED);
        assertEquals(146, f.nextAck(COA, HOA_KEYED).status());
    }

    @Test
    void keyOfAnotherHomeAddressIsRefusedWith146() throws Exception {
        SignallingFixture f = new SignallingFixture("MnUnprotected 2001:db8:1::102;\n");
        f.sendWithHomeAddressOption(f.authenticatedBu(5, AH, 50, HOA_UNKNOWN, COA, timestamp(0), SECRET),
                COA, HOA_UNKNOWN);
        assertEquals(146, f.nextAck(COA, HOA_UNKNOWN).status());
    }

    @Test
    void authenticatedUpdateWithoutReplayProtectionIsRefusedWith145() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(5, AH, 50, List.of(
                new MobilityOption.MobilityMessageAuthentication(1, SignallingFixture.SPI, new byte[12]))), f.ext());
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(m, 0, m.length,
                1, f.ext());
        MnHaAuthentication.authenticator(f.key.algorithm(), SECRET, COA, HOA_KEYED, m, 0, at.coveredLength(), m,
                at.authenticatorOffset());
        f.sendWithHomeAddressOption(m, COA, HOA_KEYED);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA_KEYED);
        assertEquals(BindingAckStatus.MIPV6_MESG_ID_REQD, ba.status());
        assertEquals(2, ba.options().size(), "authenticated answer to an authentic BU");
    }

    @Test
    void replayedOrStaleTimestampIsRefusedWith144CarryingTheHomeAgentTime() throws Exception {
        SignallingFixture f = new SignallingFixture();
        long ts = timestamp(0);
        byte[] m = f.authenticatedBu(5, AH, 50, HOA_KEYED, COA, ts, SECRET);
        f.sendWithHomeAddressOption(m, COA, HOA_KEYED);
        assertEquals(0, f.nextAck(COA, HOA_KEYED).status());
        f.sendWithHomeAddressOption(f.authenticatedBu(6, AH, 50, HOA_KEYED, COA, ts, SECRET), COA, HOA_KEYED);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, HOA_KEYED);
        assertEquals(BindingAckStatus.MIPV6_ID_MISMATCH, ba.status());
        assertEquals(NtpTimestamp.fromInstant(SignallingFixture.NOW),
                ((MobilityOption.MobilityMessageReplayProtection) ba.options().get(0)).timestamp());
        f.sendWithHomeAddressOption(f.authenticatedBu(7, AH, 50, HOA_KEYED, COA, timestamp(-60), SECRET), COA, HOA_KEYED);
        assertEquals(144, f.nextAck(COA, HOA_KEYED).status());
        assertEquals(5, f.cache.binding(HOA_KEYED, 0).orElseThrow().sequence());
    }

    @Test
    void mobileRouterRegistersItsAuthorisedPrefixes() throws Exception {
        SignallingFixture f = new SignallingFixture();
        Ipv6Prefix mnp = Ipv6Prefix.parse("2001:db8:10:1::/64");
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10,
                MobilityOption.MobileNetworkPrefix.of(mnp)), COA, MR);
        MobilityMessage.BindingAcknowledgement ba = f.nextAck(COA, MR);
        assertEquals(0, ba.status());
        assertTrue(ba.hasFlag(BindingAcknowledgement.FLAG_R));
        assertEquals(List.of(mnp), f.cache.binding(MR, 0).orElseThrow().mobileNetworkPrefixes());
    }

    @Test
    void mobileRouterWithoutPrefixOptionsGetsTheConfiguredOnes() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10), COA, MR);
        assertEquals(0, f.nextAck(COA, MR).status());
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:10::/48")),
                f.cache.binding(MR, 0).orElseThrow().mobileNetworkPrefixes());
    }

    @Test
    void mobileRouterOperationNotPermittedIs140() throws Exception {
        SignallingFixture f = SignallingFixture.withConfig(SignallingFixture.CONFIG.replace("HaAcceptMobRtr enabled;", ""));
        assertFalse(f.config.acceptMobileRouters());
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10), COA, MR);
        assertEquals(BindingAckStatus.MOBILE_ROUTER_OPERATION_NOT_PERMITTED, f.nextAck(COA, MR).status());
    }

    @Test
    void invalidPrefixIs141() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10,
                new MobilityOption.MobileNetworkPrefix(0, Ipv6Address.parse("2001:db8:10::"))), COA, MR);
        assertEquals(BindingAckStatus.INVALID_PREFIX, f.nextAck(COA, MR).status());
        f.sendWithHomeAddressOption(f.bu(2, AH | BindingUpdate.FLAG_R, 10,
                MobilityOption.MobileNetworkPrefix.of(Ipv6Prefix.parse("2001:db8:1::/64"))), COA, MR);
        assertEquals(141, f.nextAck(COA, MR).status(), "the home prefix is not a mobile network");
    }

    @Test
    void prefixOutsideTheAuthorisedOnesIs142() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10,
                MobilityOption.MobileNetworkPrefix.of(Ipv6Prefix.parse("2001:db8:20::/64"))), COA, MR);
        assertEquals(BindingAckStatus.NOT_AUTHORIZED_FOR_PREFIX, f.nextAck(COA, MR).status());
    }

    @Test
    void failedForwardingSetUpIs143ForAMobileRouterAnd128ForAMobileNode() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.registration.addBindingListener(new BindingListener() {
            @Override
            public void onRegistered(Binding binding) {
                throw new IllegalStateException("no route");
            }

            @Override
            public void onDeregistered(Ipv6Address homeAddress) {
            }
        });
        f.sendWithHomeAddressOption(f.bu(1, AH | BindingUpdate.FLAG_R, 10), COA, MR);
        assertEquals(BindingAckStatus.FORWARDING_SETUP_FAILED, f.nextAck(COA, MR).status());
        f.sendWithHomeAddressOption(f.bu(1, AH, 10), COA, HOA);
        assertEquals(BindingAckStatus.REASON_UNSPECIFIED, f.nextAck(COA, HOA).status());
        assertTrue(f.cache.bindings(0).isEmpty(), "rolled back");
        assertTrue(f.events.contains("deregistered " + HOA), "listeners told to undo");
    }

    @Test
    void multipleHomeAgentsListIsStoredWithTheMBit() throws Exception {
        SignallingFixture f = new SignallingFixture("MultiHaFlag 0x0800; MultiHaOption 18;\n");
        List<Ipv6Address> has = List.of(HA, Ipv6Address.parse("2001:db8:1::12"));
        f.sendWithHomeAddressOption(f.bu(1, AH | 0x0800, 10, new MobilityOption.MultipleHomeAgents(has)), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        assertEquals(has, f.cache.binding(HOA, 0).orElseThrow().homeAgents());
        assertEquals("AHM", f.registration.bindingsView().get(0).get("flags"));
        f.sendWithHomeAddressOption(f.bu(2, AH, 10, new MobilityOption.MultipleHomeAgents(has)), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        assertEquals(List.of(), f.cache.binding(HOA, 0).orElseThrow().homeAgents(), "no M bit, no list");
    }

    @Test
    void aRefreshAtTheSameCareOfAddressIsToldAsARefreshNotARegistration() throws Exception {
        SignallingFixture f = new SignallingFixture("MultiHaFlag 0x0800; MultiHaOption 18;\n");
        List<String> refreshed = new java.util.ArrayList<>();
        f.registration.addBindingListener(new BindingListener() {
            @Override
            public void onRegistered(Binding b) {
            }

            @Override
            public void onRefreshed(Binding b) {
                refreshed.add(b.homeAddress() + " at " + b.careOfAddress() + " " + b.homeAgents());
            }

            @Override
            public void onDeregistered(Ipv6Address hoa) {
            }
        });
        List<Ipv6Address> has = List.of(Ipv6Address.parse("2001:db8:1::12"), HA);
        f.sendWithHomeAddressOption(f.bu(1, AH | 0x0800, 10, new MobilityOption.MultipleHomeAgents(has)), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        assertEquals(List.of(), refreshed, "a new binding is a registration");
        f.sendWithHomeAddressOption(f.bu(2, AH | 0x0800, 10, new MobilityOption.MultipleHomeAgents(has)), COA, HOA);
        assertEquals(0, f.nextAck(COA, HOA).status());
        assertEquals(List.of(HOA + " at " + COA + " " + has), refreshed);
        assertEquals(List.of("registered " + HOA + " at " + COA), f.events, "the data plane is not told again");
        f.sendWithHomeAddressOption(f.bu(3, AH | 0x0800, 10, new MobilityOption.MultipleHomeAgents(has)), COA2, HOA);
        assertEquals(0, f.nextAck(COA2, HOA).status());
        assertEquals(1, refreshed.size(), "a move is a registration");
    }

    @Test
    void expiredBindingsAreSweptAndTheListenersTold() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 25), COA, HOA); // 100 s
        f.clock.advance(Duration.ofSeconds(99));
        assertEquals(0, f.registration.expire());
        assertEquals(1, f.registration.bindingsView().size());
        assertEquals(1L, f.registration.bindingsView().get(0).get("remaining_s"));
        assertEquals(100, f.registration.bindingsView().get(0).get("lifetime_s"));
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(1, f.registration.expire());
        assertTrue(f.cache.bindings(f.clock.millis()).isEmpty());
        assertEquals("deregistered " + HOA, f.events.get(f.events.size() - 1));
    }

    @Test
    void multicastCareOfAddressIsDiscarded() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.sendWithHomeAddressOption(f.bu(1, AH, 10, new MobilityOption.AlternateCareOfAddress(
                Ipv6Address.parse("ff02::1"))), COA, HOA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.DISCARDED));
    }
}
