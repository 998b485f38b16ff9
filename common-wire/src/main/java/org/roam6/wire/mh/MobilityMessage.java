package org.roam6.wire.mh;

import java.util.List;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;

/**
 * A Mobility Header message as a value (RFC 6275 6.1), for control paths, tools and tests; the
 * hot path reads the flyweights instead. Fields carry the RFC's names; {@code options} holds
 * the meaningful options in wire order, without padding. 16-bit fields take 0-65535, 8-bit
 * fields 0-255; the constructors refuse anything else.
 */
public sealed interface MobilityMessage {

    /** The MH Type ({@link MhType}). */
    int mhType();

    List<MobilityOption> options();

    /** Binding Refresh Request (RFC 6275 6.1.2). */
    record BindingRefreshRequest(List<MobilityOption> options) implements MobilityMessage {
        public BindingRefreshRequest {
            options = List.copyOf(options);
        }

        @Override
        public int mhType() {
            return MhType.BINDING_REFRESH_REQUEST;
        }
    }

    /** Home Test Init (RFC 6275 6.1.3). */
    record HomeTestInit(long homeInitCookie, List<MobilityOption> options) implements MobilityMessage {
        public HomeTestInit {
            options = List.copyOf(options);
        }

        @Override
        public int mhType() {
            return MhType.HOME_TEST_INIT;
        }
    }

    /**
     * Care-of Test Init (RFC 6275 6.1.4). {@code reserved} is the 16-bit Reserved field; its
     * first octet is the Mobility-Agent-aware flag of paper 003 (see {@link #mobilityAgentAware}).
     */
    record CareOfTestInit(int reserved, long careOfInitCookie, List<MobilityOption> options)
            implements MobilityMessage {
        public CareOfTestInit {
            check16("Reserved", reserved);
            options = List.copyOf(options);
        }

        /** A CoTI whose Reserved first octet says the mobile node knows Mobility Agents. */
        public static CareOfTestInit mobilityAgentAware(long careOfInitCookie, List<MobilityOption> options) {
            return new CareOfTestInit(0x0100, careOfInitCookie, options);
        }

        /** The first octet of Reserved. */
        public int reservedFirstOctet() {
            return reserved >>> 8;
        }

        @Override
        public int mhType() {
            return MhType.CARE_OF_TEST_INIT;
        }
    }

    /** Home Test (RFC 6275 6.1.5). */
    record HomeTest(int homeNonceIndex, long homeInitCookie, long homeKeygenToken, List<MobilityOption> options)
            implements MobilityMessage {
        public HomeTest {
            check16("Home Nonce Index", homeNonceIndex);
            options = List.copyOf(options);
        }

        @Override
        public int mhType() {
            return MhType.HOME_TEST;
        }
    }

    /** Care-of Test (RFC 6275 6.1.6). */
    record CareOfTest(int careOfNonceIndex, long careOfInitCookie, long careOfKeygenToken,
                      List<MobilityOption> options) implements MobilityMessage {
        public CareOfTest {
            check16("Care-of Nonce Index", careOfNonceIndex);
            options = List.copyOf(options);
        }

        @Override
        public int mhType() {
            return MhType.CARE_OF_TEST;
        }
    }

    /**
     * Binding Update (RFC 6275 6.1.7). {@code flags} is the whole 16-bit flags-and-Reserved
     * field (masks in {@link org.roam6.wire.mh.BindingUpdate}, M from
     * {@link MobilityExtensions#mFlag()}); {@code lifetime} is in units of 4 seconds.
     */
    record BindingUpdate(int sequence, int flags, int lifetime, List<MobilityOption> options)
            implements MobilityMessage {
        public BindingUpdate {
            check16("Sequence #", sequence);
            check16("flags", flags);
            check16("Lifetime", lifetime);
            options = List.copyOf(options);
        }

        public boolean hasFlag(int mask) {
            return (flags & mask) != 0;
        }

        /** True when the M bit as {@code ext} defines it is set. */
        public boolean multipleHomeAgents(MobilityExtensions ext) {
            return hasFlag(ext.mFlag());
        }

        @Override
        public int mhType() {
            return MhType.BINDING_UPDATE;
        }
    }

    /**
     * Binding Acknowledgement (RFC 6275 6.1.8). {@code flags} is the octet holding K (0x80),
     * R (0x40) and Reserved; {@code lifetime} is in units of 4 seconds.
     */
    record BindingAcknowledgement(int status, int flags, int sequence, int lifetime, List<MobilityOption> options)
            implements MobilityMessage {
        public BindingAcknowledgement {
            check8("Status", status);
            check8("flags", flags);
            check16("Sequence #", sequence);
            check16("Lifetime", lifetime);
            options = List.copyOf(options);
        }

        public boolean hasFlag(int mask) {
            return (flags & mask) != 0;
        }

        @Override
        public int mhType() {
            return MhType.BINDING_ACKNOWLEDGEMENT;
        }
    }

    /** Binding Error (RFC 6275 6.1.9). */
    record BindingError(int status, Ipv6Address homeAddress, List<MobilityOption> options)
            implements MobilityMessage {
        public BindingError {
            check8("Status", status);
            if (homeAddress == null) {
                throw new IllegalArgumentException("Home Address is null");
            }
            options = List.copyOf(options);
        }

        @Override
        public int mhType() {
            return MhType.BINDING_ERROR;
        }
    }

    private static void check16(String field, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(field + " " + v + " is not a 16-bit value");
        }
    }

    private static void check8(String field, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(field + " " + v + " is not an 8-bit value");
        }
    }
}
