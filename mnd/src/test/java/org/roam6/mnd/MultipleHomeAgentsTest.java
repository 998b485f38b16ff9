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

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.mnd.BindingUpdateList.UnreachableVerdict;
import org.roam6.mnd.HomeRegistrationFixture.SentUpdate;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;
import org.roam6.wire.icmp.HomeAgentUnreachable;

/** The Binding Update List with several home agents (roam6's multi-HA, DESIGN.md section 3, paper 001). */
class MultipleHomeAgentsTest {
    static final Ipv6Address HA3 = Ipv6Address.parse("2001:db8:1::13");
    static final String TWO_HOME_AGENTS = HomeRegistrationFixture.KEYED.replace("HomeAgentAddress 2001:db8:1::11;",
            "HomeAgentAddress 2001:db8:1::11;\n    HomeAgentAddress 2001:db8:1::12;");
    static final int M = MobilityExtensions.DEFAULT.mFlag();

    static HomeRegistrationFixture twoHomeAgents() throws Exception {
        return new HomeRegistrationFixture(TWO_HOME_AGENTS, 1000);
    }

    static List<Ipv6Address> listed(SentUpdate u) {
        List<Ipv6Address> found = null;
        for (MobilityOption o : u.bu().options()) {
            if (o instanceof MobilityOption.MultipleHomeAgents m) {
                assertNull(found, "one Multiple Home Agents option");
                found = m.homeAgents();
            }
        }
        return found;
    }

    /** The length of the option of {@code type} in the BU's raw bytes (walking the TLVs), -1 if absent. */
    static int rawOptionLength(SentUpdate u, int type) {
        byte[] b = u.mh();
        int at = u.mhOff() + 12; // RFC 6275 6.1.7: the options follow the 12-byte fixed part
        int end = u.mhOff() + u.mhLen();
        while (at < end) {
            int t = b[at] & 0xff;
            if (t == 0) {
                at++;
                continue;
            }
            int len = b[at + 1] & 0xff;
            if (t == type) {
                return len;
            }
            at += 2 + len;
        }
        return -1;
    }

    /** Both registered at COA_A. */
    static HomeRegistrationFixture registeredWithBoth() throws Exception {
        HomeRegistrationFixture f = twoHomeAgents();
        f.bul.onAttached(away(COA_A));
        f.acknowledgeFrom(HA, 0, 105);
        f.acknowledgeFrom(HA2, 0, 105);
        return f;
    }

    @Test
    void eachHomeAgentGetsABindingUpdateWithTheMBitAndTheListOfBoth() throws Exception {
        HomeRegistrationFixture f = twoHomeAgents();
        f.bul.onAttached(away(COA_A));
        assertEquals(2, f.out.sent.size());
        for (Ipv6Address ha : List.of(HA, HA2)) {
            SentUpdate u = f.lastUpdateTo(ha);
            assertEquals(ha, u.ipDestination());
            assertEquals(COA_A, u.ipSource());
            assertEquals(HOA, u.homeAddressOption());
            assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | M, u.bu().flags(), "the M bit (0x0800)");
            assertEquals(List.of(HA, HA2), listed(u), "every home agent in use, the same order to each");
            assertEquals(1001, u.bu().sequence(), "each home agent its own Sequence #");
            // on the wire: an option of type 18 (MultiHaOption's default) holding the two addresses
            assertEquals(MobilityOptionType.MULTIPLE_HOME_AGENTS_FIXED_LENGTH + 32, rawOptionLength(u, 18), "two addresses");
            // RFC 4285: the authenticator covers the option too
            var at = MobilityHeaderCodec.mobilityMessageAuthentication(u.mh(), u.mhOff(), u.mhLen(), 1,
                    HomeRegistrationFixture.EXT);
            MobilityOption.MobilityMessageAuthentication auth = (MobilityOption.MobilityMessageAuthentication)
                    u.bu().options().get(u.bu().options().size() - 1);
            assertArrayEquals(MnHaAuthentication.authenticator(f.key.algorithm(), SECRET, COA_A, HOA, u.mh(), u.mhOff(),
                    at.coveredLength()), auth.authenticationData());
        }
        f.acknowledgeFrom(HA, 0, 105);
        f.acknowledgeFrom(HA2, 0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(HA));
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(HA2));
        assertEquals(List.of("registered " + HA + " " + COA_A + " 420", "registered " + HA2 + " " + COA_A + " 420"),
                f.listener.events);
        assertEquals(List.of("primary " + HA + " " + COA_A), f.listener.primaries, "the first of the list");
        assertEquals(HA, f.bul.primaryHomeAgent());
    }

    @Test
    void eachHomeAgentRetransmitsOnItsOwnSchedule() throws Exception {
        HomeRegistrationFixture f = twoHomeAgents();
        f.bul.onAttached(away(COA_A));
        f.advanceMillis(500);
        f.acknowledgeFrom(HA, 0, 105);
        f.advanceMillis(999);
        assertEquals(1, f.sentTo(HA2));
        f.advanceMillis(1);
        assertEquals(2, f.sentTo(HA2), "HA2 unanswered: retransmitted after 1.5 s");
        assertEquals(1002, f.lastUpdateTo(HA2).bu().sequence());
        f.advanceMillis(2999);
        assertEquals(2, f.sentTo(HA2));
        f.advanceMillis(1);
        assertEquals(3, f.sentTo(HA2), "then after 3 s");
        assertEquals(1, f.sentTo(HA), "HA answered: nothing more to it");
        assertEquals(1001, f.lastUpdateTo(HA).bu().sequence(), "HA's Sequence # did not move with HA2's");
        f.acknowledgeFrom(HA2, 0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(HA2));
        assertEquals(1, f.listener.primaries.size(), "HA stays the primary");
        // a BA from HA2 carrying HA's number is no answer for HA2
        SentUpdate toHa = f.lastUpdateTo(HA);
        f.deliver(f.ackHeader(0, toHa.bu().sequence() + 50, 105, toHa.timestamp(), COA_A, SECRET, List.of()), HA2);
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.UNEXPECTED_MESSAGE), "nothing outstanding at HA2");
    }

    @Test
    void aMoveRegistersTheNewCareOfAddressWithBothAndThePrimaryFollowsTheFirstAnswer() throws Exception {
        HomeRegistrationFixture f = registeredWithBoth();
        int before = f.out.sent.size();
        f.bul.onAttached(away(COA_B));
        assertEquals(before + 2, f.out.sent.size());
        for (Ipv6Address ha : List.of(HA, HA2)) {
            SentUpdate u = f.lastUpdateTo(ha);
            assertEquals(COA_B, u.alternateCareOf());
            assertEquals(COA_B, u.ipSource());
            assertEquals(List.of(HA, HA2), listed(u));
            assertTrue((u.bu().flags() & M) != 0);
        }
        f.acknowledgeFrom(HA2, 0, 105);
        assertEquals("primary " + HA2 + " " + COA_B, f.listener.primaries.get(f.listener.primaries.size() - 1),
                "the tunnel goes where the new care-of address is registered first");
        f.acknowledgeFrom(HA, 0, 105);
        assertEquals(List.of("primary " + HA + " " + COA_A, "primary " + HA2 + " " + COA_B, "primary " + HA + " " + COA_B),
                f.listener.primaries);
    }

    @Test
    void returningHomeDeregistersFromBoth() throws Exception {
        HomeRegistrationFixture f = registeredWithBoth();
        int before = f.out.sent.size();
        f.bul.onAttached(home());
        assertEquals(before + 2, f.out.sent.size());
        for (Ipv6Address ha : List.of(HA, HA2)) {
            SentUpdate u = f.lastUpdateTo(ha);
            assertEquals("mh", u.out().kind());
            assertEquals(HOA, u.ipSource());
            assertEquals(0, u.bu().lifetime());
            assertEquals(HOA, u.alternateCareOf());
            assertEquals(List.of(HA, HA2), listed(u));
            assertEquals(BindingUpdateList.State.DEREGISTERING, f.bul.state(ha));
        }
        assertNull(f.bul.primaryHomeAgent(), "nothing tunnelled at home");
        f.acknowledgeFrom(HA, 0, 0);
        f.acknowledgeFrom(HA2, 0, 0);
        assertTrue(f.listener.events.containsAll(List.of("deregistered " + HA, "deregistered " + HA2)));
        int sent = f.out.sent.size();
        f.advanceMillis(1_000_000);
        assertEquals(sent, f.out.sent.size(), "nothing more to send at home");
    }

    @Test
    void haUnreachableFromTheSecondNamingTheFirstDropsItAndSwitchesThePrimary() throws Exception {
        HomeRegistrationFixture f = registeredWithBoth();
        long toHa = f.sentTo(HA);
        UnreachableVerdict v = f.bul.onHomeAgentUnreachable(new HomeAgentUnreachable(List.of(HA)), HA2, COA_A);
        assertEquals(UnreachableVerdict.ACCEPTED, v);
        assertEquals(List.of(HA2), f.bul.homeAgents());
        assertFalse(f.bul.isHomeAgent(HA));
        assertEquals(HA2, f.bul.primaryHomeAgent());
        assertEquals("primary " + HA2 + " " + COA_A, f.listener.primaries.get(f.listener.primaries.size() - 1),
                "the tunnel switches at once");
        assertEquals(List.of(List.of(HA)), f.listener.lost, "a replacement is asked for");
        assertEquals(1, f.stats.homeAgentUnreachableCount(UnreachableVerdict.ACCEPTED));
        f.advanceMillis(1_000_000);
        assertEquals(toHa, f.sentTo(HA), "no de-registration, no refresh, nothing to a dead home agent");
        assertEquals(1, f.bul.view().size(), "one row, HA2's");
        assertEquals(HA2.toString(), f.bul.view().get(0).get("peer"));

        // the daemon's DHAAD found HA3 (the dead one left out): registered, and HA2 told the new list
        f.bul.onAttached(away(COA_B));
        f.acknowledgeFrom(HA2, 0, 105);
        int before = f.out.sent.size();
        f.bul.homeAgents(List.of(HA3));
        assertEquals(before + 2, f.out.sent.size());
        for (Ipv6Address ha : List.of(HA2, HA3)) {
            SentUpdate u = f.lastUpdateTo(ha);
            assertEquals(List.of(HA2, HA3), listed(u));
            assertEquals(COA_B, u.alternateCareOf());
        }
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(HA2), "a refresh of the same care-of address");
        assertEquals(BindingUpdateList.State.REGISTERING, f.bul.state(HA3));
        f.acknowledgeFrom(HA3, 0, 105);
        assertEquals(BindingUpdateList.State.REGISTERED, f.bul.state(HA3));
        assertEquals(HA2, f.bul.primaryHomeAgent(), "HA2 comes first in the list now");
    }

    @Test
    void haUnreachableFromAStrangerOrNamingAnUnknownHomeAgentIsIgnoredAndCounted() throws Exception {
        HomeRegistrationFixture f = twoHomeAgents();
        f.bul.onAttached(away(COA_A));
        assertEquals(UnreachableVerdict.NOT_FROM_HOME_AGENT,
                f.bul.onHomeAgentUnreachable(new HomeAgentUnreachable(List.of(HA)), HA2, COA_A),
                "HA2 holds no binding yet");
        f.acknowledgeFrom(HA, 0, 105);
        f.acknowledgeFrom(HA2, 0, 105);
        assertEquals(UnreachableVerdict.NOT_FROM_HOME_AGENT,
                f.bul.onHomeAgentUnreachable(new HomeAgentUnreachable(List.of(HA)), HA3, COA_A));
        assertEquals(UnreachableVerdict.UNKNOWN_HOME_AGENT,
                f.bul.onHomeAgentUnreachable(new HomeAgentUnreachable(List.of(HA, HA3)), HA2, COA_A),
                "every named home agent must be one in use");
        assertEquals(UnreachableVerdict.NAMES_SENDER,
                f.bul.onHomeAgentUnreachable(new HomeAgentUnreachable(List.of(HA2)), HA2, COA_A));
        assertEquals(2, f.stats.homeAgentUnreachableCount(UnreachableVerdict.NOT_FROM_HOME_AGENT));
        assertEquals(1, f.stats.homeAgentUnreachableCount(UnreachableVerdict.UNKNOWN_HOME_AGENT));
        assertEquals(1, f.stats.homeAgentUnreachableCount(UnreachableVerdict.NAMES_SENDER));
        assertEquals(0, f.stats.homeAgentUnreachableCount(UnreachableVerdict.ACCEPTED));
        assertEquals(Map.of("accepted", 0L, "not_from_home_agent", 2L, "unknown_home_agent", 1L, "names_sender", 1L),
                f.stats.snapshot().get("ha_unreachable"));
        assertEquals(List.of(HA, HA2), f.bul.homeAgents(), "nothing dropped");
        assertTrue(f.listener.lost.isEmpty());
        assertEquals(HA, f.bul.primaryHomeAgent());
    }

    @Test
    void withMnHomeAgents1TheBindingUpdateIsByteForByteThePlainOne() throws Exception {
        HomeRegistrationFixture plain = new HomeRegistrationFixture(HomeRegistrationFixture.KEYED, 1000);
        HomeRegistrationFixture one = new HomeRegistrationFixture(TWO_HOME_AGENTS + "MnHomeAgents 1;\n", 1000);
        plain.bul.onAttached(away(COA_A));
        one.bul.onAttached(away(COA_A));
        assertEquals(1, one.out.sent.size(), "only the first home agent");
        assertEquals(List.of(HA), one.bul.homeAgents());
        assertArrayEquals(plain.out.sent.get(0).bytes(), one.out.sent.get(0).bytes());
        SentUpdate u = one.lastUpdate();
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, u.bu().flags(), "no M bit");
        assertNull(listed(u), "no Multiple Home Agents option");
        assertEquals(-1, rawOptionLength(u, 18));
        one.bul.homeAgents(List.of(HA2, HA3));
        assertEquals(1, one.out.sent.size(), "DHAAD adds nobody: one home agent at a time");
        assertFalse(one.bul.wantsHomeAgents());
    }

    @Test
    void dhaadFillsTheListUpToMnHomeAgentsAndTheFirstHomeAgentLearnsTheNewList() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture(HomeRegistrationFixture.KEYED, 1000);
        f.bul.onAttached(away(COA_A));
        assertTrue(f.bul.wantsHomeAgents(), "MnHomeAgents 2 by default, one configured");
        assertEquals(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, f.lastUpdate().bu().flags(), "alone: plain");
        f.acknowledgeFrom(HA, 0, 105);
        f.bul.homeAgents(List.of(HA, HA2, HA3));
        assertEquals(List.of(HA, HA2), f.bul.homeAgents(), "the first N, those in use first");
        assertFalse(f.bul.wantsHomeAgents());
        assertEquals(0, f.sentTo(HA3));
        assertEquals(List.of(HA, HA2), listed(f.lastUpdateTo(HA2)));
        assertEquals(List.of(HA, HA2), listed(f.lastUpdateTo(HA)), "HA hears of HA2");
        assertEquals(2, f.sentTo(HA));
        assertEquals(2, f.bul.view().size());
        assertEquals(List.of(HA.toString(), HA2.toString()), f.bul.view().stream().map(r -> r.get("peer")).toList());
    }

    @Test
    void aHomeAgentThatRefusedGivesItsPlaceToTheNextOneFound() throws Exception {
        HomeRegistrationFixture f = twoHomeAgents();
        f.bul.onAttached(away(COA_A));
        f.acknowledgeFrom(HA, 0, 105);
        f.acknowledgeFrom(HA2, 129, 0);
        assertEquals(BindingUpdateList.State.FAILED, f.bul.state(HA2));
        f.bul.homeAgents(List.of(HA3));
        assertEquals(List.of(HA, HA3), f.bul.homeAgents());
        assertEquals(List.of(HA, HA3), listed(f.lastUpdateTo(HA3)));
    }

    @Test
    void bindingRefreshRequestsAndErrorsCountFromEveryHomeAgentInUse() throws Exception {
        HomeRegistrationFixture f = registeredWithBoth();
        long before = f.sentTo(HA2);
        f.bul.onBindingRefreshRequest(HA2);
        assertEquals(before + 1, f.sentTo(HA2));
        f.bul.onBindingRefreshRequest(HA3);
        assertEquals(1, f.stats.drops(MobileNodeStats.Drop.UNEXPECTED_MESSAGE), "not a home agent in use");
    }
}
