package org.roam6.bench.had;

import java.util.List;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.wire.Bytes;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;
import org.roam6.wire.mh.MobilityOptions;

/**
 * One mobile node's home Binding Update as a whole IPv6 packet, built once with roam6's encoders
 * (value layer and {@link Ipv6PacketBuilder}): IPv6 header from the care-of address to the home
 * agent, Destination Options with the Home Address option (RFC 6275 6.3), and the Mobility
 * Header with A and H set, a Mobility Message Replay Protection option and an RFC 4285 MN-HA
 * Mobility Message Authentication option. {@link #sign} then rewrites Sequence #, Lifetime and
 * the timestamp in place and recomputes the authenticator and the MH checksum, allocating
 * nothing, so one buffer serves every BU the node sends.
 *
 * <p>Views of the same buffer: the whole packet ({@code [0, length())}, for a header-included
 * socket), the copy the home agent's protocol-60 socket receives ({@link #DESTINATION_OPTIONS_OFFSET}
 * on) and the Mobility Header alone ({@link #MH_OFFSET} on).
 */
public final class SignedBindingUpdate {
    /** Where the Destination Options header starts. */
    public static final int DESTINATION_OPTIONS_OFFSET = Ipv6Header.LENGTH;
    /** Where the Mobility Header starts. */
    public static final int MH_OFFSET = DESTINATION_OPTIONS_OFFSET + DestinationOptions.LENGTH_WITH_HOME_ADDRESS;
    /** A and H: a home registration that asks for an acknowledgement. */
    public static final int FLAGS = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;

    private final byte[] packet;
    private final int mhLength;
    private final int timestampOffset;
    private final int authenticatorOffset;
    private final int coveredLength;
    private final Ipv6Address homeAddress;
    private final Ipv6Address careOfAddress;
    private final Ipv6Address homeAgent;
    private final byte[] secret;

    private SignedBindingUpdate(byte[] packet, int mhLength, int timestampOffset, int authenticatorOffset,
                                int coveredLength, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                                Ipv6Address homeAgent, byte[] secret) {
        this.packet = packet;
        this.mhLength = mhLength;
        this.timestampOffset = timestampOffset;
        this.authenticatorOffset = authenticatorOffset;
        this.coveredLength = coveredLength;
        this.homeAddress = homeAddress;
        this.careOfAddress = careOfAddress;
        this.homeAgent = homeAgent;
        this.secret = secret;
    }

    /** The BU of {@link MobileNodes} node {@code i}, from {@code careOfAddress} to {@code homeAgent}. */
    public static SignedBindingUpdate of(int i, Ipv6Address careOfAddress, Ipv6Address homeAgent,
                                         MobilityExtensions ext) {
        Ipv6Address hoa = MobileNodes.homeAddress(i);
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(0, FLAGS, 0, List.of(
                new MobilityOption.MobilityMessageReplayProtection(0),
                new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA,
                        Integer.toUnsignedLong(MobileNodes.spi(i)), new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH])));
        byte[] mh = MobilityHeaderCodec.encode(bu, ext);
        byte[] packet = new Ipv6PacketBuilder().source(careOfAddress).destination(homeAgent).hopLimit(64)
                .homeAddressOption(hoa).payload(IpProtocol.MOBILITY, mh).build();
        if (packet.length != MH_OFFSET + mh.length || (packet[Ipv6Header.LENGTH] & 0xff) != IpProtocol.MOBILITY) {
            throw new IllegalStateException("unexpected BU packet layout (" + packet.length + " bytes)");
        }
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(packet,
                MH_OFFSET, mh.length, MnHaAuthentication.SUBTYPE_MN_HA, ext);
        int timestamp = -1;
        MobilityOptions options = new MobilityOptions();
        new MobilityHeader().wrap(packet, MH_OFFSET, mh.length).options(options);
        while (options.next()) {
            if (MobilityOptionType.canonical(options.type(), ext) == MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION) {
                timestamp = options.valueOffset();
            }
        }
        if (at == null || timestamp < 0) {
            throw new IllegalStateException("BU without its authentication or replay protection option");
        }
        return new SignedBindingUpdate(packet, mh.length, timestamp, at.authenticatorOffset(), at.coveredLength(),
                hoa, careOfAddress, homeAgent, MobileNodes.secret(i));
    }

    /**
     * Writes Sequence #, Lifetime (4-second units; 0 de-registers) and the replay protection
     * timestamp, then the MN-HA authenticator (RFC 4285 5: over care-of address, home address
     * and the MH up to the authenticator) and the checksum (pseudo-source the home address).
     */
    public void sign(int sequence, int lifetimeUnits, long ntpTimestamp) {
        Bytes.put16(packet, MH_OFFSET + BindingUpdate.OFF_SEQUENCE, sequence);
        Bytes.put16(packet, MH_OFFSET + BindingUpdate.OFF_LIFETIME, lifetimeUnits);
        Bytes.putLong(packet, timestampOffset, ntpTimestamp);
        MnHaAuthentication.authenticator(MacAlgorithm.MN_HA_DEFAULT, secret, careOfAddress, homeAddress, packet,
                MH_OFFSET, coveredLength, packet, authenticatorOffset);
        MobilityHeaderCodec.fillChecksum(packet, MH_OFFSET, mhLength, homeAddress, homeAgent);
    }

    /** The buffer (the whole packet from index 0). */
    public byte[] packet() {
        return packet;
    }

    /** The whole IPv6 packet's length. */
    public int length() {
        return MH_OFFSET + mhLength;
    }

    public int mhLength() {
        return mhLength;
    }

    public Ipv6Address homeAddress() {
        return homeAddress;
    }

    public Ipv6Address careOfAddress() {
        return careOfAddress;
    }
}
