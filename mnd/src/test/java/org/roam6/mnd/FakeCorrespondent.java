package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.roam6.crypto.CorrespondentKey;
import org.roam6.crypto.NonceTable;
import org.roam6.crypto.PreSharedKeyRr;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.runtime.ManualClock;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/**
 * A correspondent node as RFC 6275 9.4 and 9.5 describe it, made of common-wire's crypto: its
 * own Kcn and nonce table, Home and Care-of Tests from them, and the Binding Update check of
 * 9.5.1 (nonce indices looked up, tokens remade, Kbm, authenticator verified), independent of
 * the mobile node's code path.
 */
final class FakeCorrespondent {
    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;

    /** A Binding Update as the correspondent saw and checked it. */
    record CheckedUpdate(MobilityMessage.BindingUpdate update, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                         byte[] kbm, boolean authentic, int nonceStatus) {}

    final Ipv6Address address;
    final ManualClock clock;
    final CorrespondentKey key;
    final NonceTable nonces;

    FakeCorrespondent(Ipv6Address address, ManualClock clock) {
        this.address = address;
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        this.key = new CorrespondentKey(random, clock::nanoTime);
        this.nonces = new NonceTable(key, clock::nanoTime, random);
    }

    static MobilityMessage decode(byte[] mh) {
        return MobilityHeaderCodec.decode(mh, 0, mh.length, EXT).value();
    }

    /** The Home Test answering a Home Test Init the mobile node sent (RFC 6275 9.4.3). */
    MobilityMessage.HomeTest homeTest(RecordingSignallingOutput.Sent hoti) {
        assertEquals(RecordingSignallingOutput.Kind.MOBILITY_HEADER, hoti.kind());
        assertEquals(address, hoti.destination());
        MobilityMessage.HomeTestInit m = (MobilityMessage.HomeTestInit) decode(hoti.bytes());
        NonceTable.Nonce n = nonces.current();
        return new MobilityMessage.HomeTest(n.index(), m.homeInitCookie(), n.homeKeygenToken(hoti.source()), List.of());
    }

    /** The Care-of Test answering a Care-of Test Init (RFC 6275 9.4.4). */
    MobilityMessage.CareOfTest careOfTest(RecordingSignallingOutput.Sent coti) {
        assertEquals(RecordingSignallingOutput.Kind.MOBILITY_HEADER, coti.kind());
        assertEquals(address, coti.destination());
        MobilityMessage.CareOfTestInit m = (MobilityMessage.CareOfTestInit) decode(coti.bytes());
        NonceTable.Nonce n = nonces.current();
        return new MobilityMessage.CareOfTest(n.index(), m.careOfInitCookie(), n.careOfKeygenToken(coti.source()), List.of());
    }

    /**
     * Checks a Binding Update sent as a whole packet from the care-of address with a Home Address
     * option (RFC 6275 9.5.1, 5.2.5, 5.2.6): checksum over home address -> correspondent, Nonce
     * Indices, Binding Authorization Data last and verifying.
     */
    CheckedUpdate checkBindingUpdate(RecordingSignallingOutput.Sent sent) {
        assertEquals(RecordingSignallingOutput.Kind.PACKET, sent.kind());
        byte[] b = sent.bytes();
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(b, 0, b.length));
        assertEquals(address, p.destination());
        assertTrue(p.hasHomeAddressOption(), "a BU to a correspondent from away carries a Home Address option");
        assertEquals(IpProtocol.MOBILITY, p.upperLayerProtocol());
        assertTrue(p.upperLayerChecksumValid(), "MH checksum over home address -> correspondent");
        int off = p.upperLayerOffset();
        int len = p.upperLayerLength();
        MobilityMessage.BindingUpdate bu = (MobilityMessage.BindingUpdate) MobilityHeaderCodec.decode(b, off, len, EXT).value();
        return check(bu, b, off, len, p.homeAddress(), p.source(), false);
    }

    /** Checks a de-registration sent from the home address at home (no Home Address option, RFC 6275 11.5.5). */
    CheckedUpdate checkDeregistration(RecordingSignallingOutput.Sent sent) {
        assertEquals(RecordingSignallingOutput.Kind.MOBILITY_HEADER, sent.kind());
        assertEquals(address, sent.destination());
        byte[] b = sent.bytes();
        MobilityMessage.BindingUpdate bu = (MobilityMessage.BindingUpdate) decode(b);
        return check(bu, b, 0, b.length, sent.source(), sent.source(), true);
    }

    private CheckedUpdate check(MobilityMessage.BindingUpdate bu, byte[] b, int off, int len, Ipv6Address hoa,
                                Ipv6Address coa, boolean deregistration) {
        MobilityOption.NonceIndices ni = null;
        for (MobilityOption o : bu.options()) {
            if (o instanceof MobilityOption.NonceIndices x) {
                ni = x;
            }
        }
        assertNotNull(ni, "Nonce Indices option");
        assertTrue(bu.options().get(bu.options().size() - 1) instanceof MobilityOption.BindingAuthorizationData,
                "Binding Authorization Data last");
        NonceTable.Lookup home = nonces.lookup(ni.homeNonceIndex());
        NonceTable.Lookup careOf = deregistration ? null : nonces.lookup(ni.careOfNonceIndex());
        int status = NonceTable.bindingAckStatus(home.status(), careOf == null ? null : careOf.status());
        if (status != 0) {
            return new CheckedUpdate(bu, hoa, coa, null, false, status);
        }
        long homeToken = home.nonce().homeKeygenToken(hoa);
        byte[] kbm = deregistration ? ReturnRoutability.deregistrationKey(homeToken)
                : ReturnRoutability.bindingManagementKey(homeToken, careOf.nonce().careOfKeygenToken(coa));
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(b, off, len, EXT);
        assertNotNull(loc);
        boolean ok = ReturnRoutability.verifyAuthenticator(kbm, coa, address, b, off, loc.coveredLength(),
                b, loc.authenticatorOffset());
        return new CheckedUpdate(bu, hoa, coa, kbm, ok, 0);
    }

    /**
     * Checks a Binding Update of the two-message, pre-shared-key mode as mad's CorrespondentAgent
     * does (paper 003, {@link PreSharedKeyRr}): home address from the Home Address option (else
     * the source), care-of address the source; no Nonce Indices option; Binding Authorization
     * Data last; Kbm = PreSharedKeyRr(psk, home address, care-of address or, for a
     * de-registration (lifetime 0 or care-of = home address), the home address, correspondent,
     * sequence number); the authenticator verified with the care-of address.
     */
    CheckedUpdate checkPreSharedKeyUpdate(RecordingSignallingOutput.Sent sent, byte[] psk) {
        byte[] b = sent.bytes();
        int off;
        int len;
        Ipv6Address hoa;
        Ipv6Address coa;
        if (sent.kind() == RecordingSignallingOutput.Kind.PACKET) {
            Ipv6Packet p = new Ipv6Packet();
            assertNull(p.parse(b, 0, b.length));
            assertEquals(address, p.destination());
            assertEquals(IpProtocol.MOBILITY, p.upperLayerProtocol());
            assertTrue(p.upperLayerChecksumValid(), "MH checksum over home address -> correspondent");
            off = p.upperLayerOffset();
            len = p.upperLayerLength();
            coa = p.source();
            hoa = p.hasHomeAddressOption() ? p.homeAddress() : coa;
        } else {
            assertEquals(address, sent.destination());
            off = 0;
            len = b.length;
            coa = sent.source();
            hoa = coa;
        }
        MobilityMessage.BindingUpdate bu = (MobilityMessage.BindingUpdate) MobilityHeaderCodec.decode(b, off, len, EXT).value();
        for (MobilityOption o : bu.options()) {
            assertFalse(o instanceof MobilityOption.NonceIndices, "no Nonce Indices option in the pre-shared-key mode");
            if (o instanceof MobilityOption.AlternateCareOfAddress a) {
                coa = a.address();
            }
        }
        assertTrue(!bu.options().isEmpty()
                        && bu.options().get(bu.options().size() - 1) instanceof MobilityOption.BindingAuthorizationData,
                "Binding Authorization Data last");
        boolean deregistration = bu.lifetime() == 0 || coa.equals(hoa);
        byte[] kbm = PreSharedKeyRr.bindingManagementKey(psk, hoa, deregistration ? hoa : coa, address, bu.sequence());
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(b, off, len, EXT);
        assertNotNull(loc);
        assertEquals(ReturnRoutability.AUTHENTICATOR_LENGTH, loc.authenticatorLength());
        boolean ok = ReturnRoutability.verifyAuthenticator(kbm, coa, address, b, off, loc.coveredLength(),
                b, loc.authenticatorOffset());
        return new CheckedUpdate(bu, hoa, coa, kbm, ok, 0);
    }

    /** The Binding Acknowledgement a correspondent sends for {@code u} (RFC 6275 9.5.4, 6.1.8), authenticated with its Kbm. */
    MobilityMessage.BindingAcknowledgement ack(CheckedUpdate u, int status, int lifetimeUnits) {
        MobilityMessage.BindingAcknowledgement unsigned = new MobilityMessage.BindingAcknowledgement(status, 0,
                u.update().sequence(), lifetimeUnits,
                List.of(new MobilityOption.BindingAuthorizationData(new byte[ReturnRoutability.AUTHENTICATOR_LENGTH])));
        byte[] mh = MobilityHeaderCodec.encode(unsigned, EXT);
        MobilityHeaderCodec.AuthenticatorLocation loc = MobilityHeaderCodec.bindingAuthorizationData(mh, 0, mh.length, EXT);
        ReturnRoutability.authenticator(u.kbm(), u.careOfAddress(), address, mh, 0, loc.coveredLength(),
                mh, loc.authenticatorOffset());
        return (MobilityMessage.BindingAcknowledgement) decode(mh);
    }
}
