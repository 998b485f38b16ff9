package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.mnd.HomeRegistrationFixture.COA_A;
import static org.roam6.mnd.HomeRegistrationFixture.HA;
import static org.roam6.mnd.HomeRegistrationFixture.HOA;
import static org.roam6.mnd.HomeRegistrationFixture.away;
import static org.roam6.mnd.HomeRegistrationFixture.home;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.MnHaKey;
import org.roam6.crypto.MnHaKeyStore;
import org.roam6.crypto.ReplayProtection;
import org.roam6.mnd.HomeRegistrationFixture.SentUpdate;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityOptionType;
import org.roam6.wire.mh.MobilityOptions;

/**
 * The Binding Updates the list sends, checked the way roam6's home agent checks them: the MH
 * checksum over home address -> home agent (had's MobilitySignalling), then had's
 * HomeRegistration steps 1-2 done with the same common-wire calls on the same inputs (options
 * walked with {@link MobilityOptions}, care-of address = Alternate Care-of Address else the IPv6
 * source, home address = the Home Address option else the source, {@link MnHaKeyStore#verify}
 * with the key had.conf's {@code MnKey 2001:db8:1::100 1000 "4a6f..." sha256;} makes, then
 * {@link ReplayProtection#check}). had itself is not a dependency of mnd; the testbed proves it
 * against the running daemon.
 */
class HomeAgentAcceptanceTest {

    /** What had.conf's MnKey line for this mobile node binds to (HomeAgentConfig). */
    static final MnHaKeyStore HAD_KEYS = new MnHaKeyStore(List.of(new MnHaKey(1000, HOA, MacAlgorithm.HMAC_SHA256,
            Bytes.fromHex("4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b"))));

    /** had's verdict on a BU: "AUTHENTIC" and the replay verdict, or why not. */
    static String hadVerdict(SentUpdate u, ReplayProtection replay) {
        Ipv6Address source = u.ipSource();
        Ipv6Address hoa = u.homeAddressOption() != null ? u.homeAddressOption() : source;
        MobilityHeader header = new MobilityHeader().wrap(u.mh(), u.mhOff(), u.mhLen());
        if (header.validate(HomeRegistrationFixture.EXT) != null) {
            return "invalid";
        }
        BindingUpdate update = new BindingUpdate().wrap(u.mh(), u.mhOff());
        if ((update.flags() & BindingUpdate.FLAG_H) == 0) {
            return "not a home registration";
        }
        Ipv6Address altCoa = null;
        int authSpi = 0;
        int authDataOffset = -1;
        int authDataLength = 0;
        Long timestamp = null;
        MobilityOptions options = new MobilityOptions();
        header.options(options);
        while (options.next()) {
            switch (MobilityOptionType.canonical(options.type(), HomeRegistrationFixture.EXT)) {
                case MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS -> altCoa = new Ipv6Address(
                        options.alternateCareOfAddressHi(), options.alternateCareOfAddressLo());
                case MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION -> {
                    if (options.authenticationSubtype() == MnHaAuthentication.SUBTYPE_MN_HA) {
                        authSpi = (int) options.mobilitySpi();
                        authDataOffset = options.authenticationDataOffset();
                        authDataLength = options.authenticationDataLength();
                    }
                }
                case MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION -> timestamp = options.timestamp();
                default -> { }
            }
        }
        Ipv6Address coa = altCoa != null ? altCoa : source;
        if (authDataOffset < 0 || authDataLength != MnHaAuthentication.AUTHENTICATOR_LENGTH) {
            return "no authenticator";
        }
        MnHaKeyStore.Verdict v = HAD_KEYS.verify(authSpi, hoa, coa, u.mh(), u.mhOff(), authDataOffset - u.mhOff(),
                u.mh(), authDataOffset);
        if (v != MnHaKeyStore.Verdict.AUTHENTIC) {
            return v.toString();
        }
        if (timestamp == null) {
            return "no replay protection";
        }
        return v + " " + replay.check(hoa, timestamp);
    }

    @Test
    void theBindingUpdatePacketIsWhatTheHomeAgentExpects() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        f.bul.onAttached(away(COA_A));
        SentUpdate u = f.lastUpdate();
        assertEquals("packet", u.out().kind(), "a whole packet on the header-included socket");
        assertEquals(HA, u.out().destination());
        byte[] p = u.out().bytes();
        assertEquals(6, (p[0] & 0xff) >>> 4);
        assertEquals(IpProtocol.DESTINATION_OPTIONS, p[6] & 0xff, "the Home Address option follows the IPv6 header");
        assertEquals(p.length - Ipv6Header.LENGTH, Bytes.u16(p, 4), "payload length");
        assertEquals(COA_A, u.ipSource());
        assertEquals(HA, u.ipDestination());
        assertEquals(HOA, u.homeAddressOption());
        assertTrue(MobilityHeaderCodec.verifyChecksum(u.mh(), u.mhOff(), u.mhLen(), HOA, HA),
                "MH checksum over home address -> home agent (RFC 6275 6.1.1)");
        assertTrue(!MobilityHeaderCodec.verifyChecksum(u.mh(), u.mhOff(), u.mhLen(), COA_A, HA),
                "and not over the care-of address");
        assertEquals(3, u.bu().options().size());
        assertEquals(COA_A, u.alternateCareOf());
    }

    @Test
    void theHomeAgentsChecksAcceptTheAuthenticatedBindingUpdate() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        ReplayProtection replay = new ReplayProtection(f.wall, ReplayProtection.DEFAULT_WINDOW);
        f.bul.onAttached(away(COA_A));
        assertEquals("AUTHENTIC ACCEPTED", hadVerdict(f.lastUpdate(), replay));
        f.advanceMillis(1500);
        assertEquals("AUTHENTIC ACCEPTED", hadVerdict(f.lastUpdate(), replay),
                "a retransmission carries a later timestamp");
        f.acknowledge(0, 105);
        f.advance(Duration.ofSeconds(399));
        assertEquals("AUTHENTIC ACCEPTED", hadVerdict(f.lastUpdate(), replay), "so does a refresh");
    }

    @Test
    void theHomeAgentsChecksAcceptTheDeregistrationFromHome() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture();
        ReplayProtection replay = new ReplayProtection(f.wall, ReplayProtection.DEFAULT_WINDOW);
        f.bul.onAttached(home());
        SentUpdate u = f.lastUpdate();
        assertEquals(HOA, u.ipSource());
        assertEquals(0, u.bu().lifetime());
        assertEquals("AUTHENTIC ACCEPTED", hadVerdict(u, replay),
                "care-of address = home address = the IPv6 source, as had takes it without a Home Address option");
    }

    @Test
    void aBindingUpdateUnderAnotherKeyIsRefusedByTheSameChecks() throws Exception {
        HomeRegistrationFixture f = new HomeRegistrationFixture(MobileNodeConfigTest.EXAMPLE
                .replace("4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b", "4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4c"), 1);
        f.bul.onAttached(away(COA_A));
        assertEquals("BAD_AUTHENTICATOR", hadVerdict(f.lastUpdate(),
                new ReplayProtection(f.wall, ReplayProtection.DEFAULT_WINDOW)), "the oracle can say no");
        HomeRegistrationFixture g = new HomeRegistrationFixture(MobileNodeConfigTest.EXAMPLE
                .replace("MnHaKey 1000", "MnHaKey 1001"), 1);
        g.bul.onAttached(away(COA_A));
        assertEquals("UNKNOWN_SPI", hadVerdict(g.lastUpdate(),
                new ReplayProtection(g.wall, ReplayProtection.DEFAULT_WINDOW)));
        assertNotNull(g.lastUpdate());
    }
}
