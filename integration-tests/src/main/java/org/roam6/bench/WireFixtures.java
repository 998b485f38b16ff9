package org.roam6.bench;

import java.util.ArrayList;
import java.util.List;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOption.AlternateCareOfAddress;
import org.roam6.wire.mh.MobilityOption.BindingAuthorizationData;
import org.roam6.wire.mh.MobilityOption.MobilityMessageAuthentication;
import org.roam6.wire.mh.MobilityOption.MultipleHomeAgents;
import org.roam6.wire.mh.MobilityOption.NonceIndices;

/**
 * Packets the benchmarks decode, built once with roam6's own encoders (the value layer and
 * {@link Ipv6PacketBuilder}), so each benchmark starts from bytes a peer could have sent.
 */
final class WireFixtures {
    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;

    static final Ipv6Address HOME_ADDRESS = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address CARE_OF_ADDRESS = Ipv6Address.parse("2001:db8:77::100");
    static final Ipv6Address HOME_AGENT = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address SECOND_HOME_AGENT = Ipv6Address.parse("2001:db8:1::2");
    static final Ipv6Address CORRESPONDENT = Ipv6Address.parse("2001:db8:cafe::5");

    /** A home registration as a multi-HA mobile node sends it: A, H, L and M set. */
    static final int BU_SEQUENCE = 0x1234;
    static final int BU_FLAGS = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_L
            | EXT.mFlag();
    /** 420 s in units of 4 s. */
    static final int BU_LIFETIME = 105;

    private WireFixtures() {}

    /**
     * The home Binding Update: Alternate Care-of Address and Multiple Home Agents (two HAs) as
     * mobility options (Header Len 8, 72 octets).
     */
    static MobilityMessage.BindingUpdate homeBindingUpdate() {
        return new MobilityMessage.BindingUpdate(BU_SEQUENCE, BU_FLAGS, BU_LIFETIME, List.of(
                new AlternateCareOfAddress(CARE_OF_ADDRESS),
                new MultipleHomeAgents(List.of(HOME_AGENT, SECOND_HOME_AGENT))));
    }

    /**
     * The whole IPv6 packet carrying {@link #homeBindingUpdate()} from the care-of address to the
     * home agent with a Home Address option, checksum filled over the home address
     * (40 + 24 + 72 = 136 octets).
     */
    static byte[] homeBindingUpdatePacket() {
        return packetWithHomeAddressOption(MobilityHeaderCodec.encode(homeBindingUpdate(), EXT), HOME_AGENT);
    }

    /** {@code mh} from the care-of address to {@code destination}, with a Home Address option. */
    static byte[] packetWithHomeAddressOption(byte[] mh, Ipv6Address destination) {
        return new Ipv6PacketBuilder()
                .source(CARE_OF_ADDRESS)
                .destination(destination)
                .homeAddressOption(HOME_ADDRESS)
                .payload(IpProtocol.MOBILITY, mh)
                .build();
    }

    /**
     * {@link #homeBindingUpdate()} protected by an RFC 4285 MN-HA Mobility Message
     * Authentication option (subtype 1, a zeroed 12-octet authenticator to be computed).
     */
    static MobilityMessage.BindingUpdate homeBindingUpdateWithMnHaAuthentication(long spi) {
        MobilityMessage.BindingUpdate bu = homeBindingUpdate();
        List<MobilityOption> options = new ArrayList<>(bu.options());
        options.add(new MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA, spi,
                new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]));
        return new MobilityMessage.BindingUpdate(bu.sequence(), bu.flags(), bu.lifetime(), options);
    }

    /**
     * A route-optimisation Binding Update to a correspondent after Return Routability (RFC 6275
     * 5.2.6): A set, Nonce Indices, and Binding Authorization Data with a zeroed authenticator.
     */
    static MobilityMessage.BindingUpdate correspondentBindingUpdate() {
        return new MobilityMessage.BindingUpdate(BU_SEQUENCE, BindingUpdate.FLAG_A, 7, List.of(
                new NonceIndices(0x0102, 0x0304),
                new BindingAuthorizationData(new byte[ReturnRoutability.AUTHENTICATOR_LENGTH])));
    }
}
