package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

/** struct cmsghdr and sockaddr_in6 in the Linux x86_64 layout (RFC 3542 section 20). */
class ControlMessagesTest {
    static final Ipv6Address ADDR = Ipv6Address.parse("2001:db8::1");

    @Test
    void spaceAndLengthFollowCmsgSpaceAndCmsgLenOn64Bit() {
        assertEquals(16, ControlMessages.length(0));
        assertEquals(20, ControlMessages.length(4));
        assertEquals(24, ControlMessages.space(4));
        assertEquals(40, ControlMessages.space(20), "in6_pktinfo");
        assertEquals(40, ControlMessages.space(24), "a 24-byte Destination Options header");
    }

    @Test
    void packetInfoIsEncodedAsTheKernelExpects() {
        byte[] b = new byte[64];
        Arrays.fill(b, (byte) 0x55);
        int next = ControlMessages.putPacketInfo(b, 0, ADDR.hi(), ADDR.lo(), 7);
        assertEquals(40, next);
        byte[] expected = Bytes.fromHex(
                "2400000000000000" // cmsg_len 36, size_t little-endian
                + "29000000"       // level IPPROTO_IPV6 (41)
                + "32000000"       // type IPV6_PKTINFO (50)
                + "20010db8000000000000000000000001" // address, network order
                + "07000000"       // ifindex, host order
                + "00000000");     // padding to CMSG_SPACE
        assertArrayEquals(expected, Arrays.copyOf(b, 40));
        assertEquals(0x55, b[40] & 0xff, "nothing written past the message");
    }

    @Test
    void parsesPacketInfoHopLimitAndExtensionHeadersAsWritten() {
        byte[] b = new byte[256];
        int o = ControlMessages.putPacketInfo(b, 0, ADDR.hi(), ADDR.lo(), 3);
        o = ControlMessages.putHopLimit(b, o, 17);
        byte[] dst = new byte[24];
        dst[0] = (byte) 135;
        dst[1] = 2;
        dst[6] = (byte) 0xc9;
        o = ControlMessages.putDestinationOptions(b, o, dst);
        int rthdrAt = o;
        o = ControlMessages.putHeader(b, o, 41, 57, 24); // IPV6_RTHDR
        b[rthdrAt + 16 + 2] = 2;
        PacketInfo info = new PacketInfo();
        ControlMessages.parse(b, 0, o, info);
        assertEquals(ADDR, info.destination());
        assertEquals(3, info.interfaceIndex());
        assertEquals(17, info.hopLimit());
        assertArrayEquals(dst, Arrays.copyOf(info.destinationOptions(), info.destinationOptionsLength()));
        assertEquals(24, info.routingHeaderLength());
        assertEquals(2, info.routingHeader()[2]);
    }

    @Test
    void aLengthPastTheBufferStopsParsingWithoutReadingBeyondIt() {
        byte[] b = new byte[64];
        int o = ControlMessages.putHopLimit(b, 0, 9);
        ControlMessages.putLongLe(b, o, 1000); // a second header claiming 1000 bytes
        PacketInfo info = new PacketInfo();
        ControlMessages.parse(b, 0, 64, info);
        assertEquals(9, info.hopLimit());
        assertNull(info.destination());
        ControlMessages.putLongLe(b, 0, 3); // shorter than a header
        info.reset();
        ControlMessages.parse(b, 0, 64, info);
        assertEquals(-1, info.hopLimit());
    }

    @Test
    void messagesAtOtherLevelsAreSkipped() {
        byte[] b = new byte[64];
        int o = ControlMessages.putHeader(b, 0, 1, 29, 8); // SOL_SOCKET, SO_TIMESTAMP-like
        o = ControlMessages.putHopLimit(b, o, 5);
        PacketInfo info = new PacketInfo();
        ControlMessages.parse(b, 0, o, info);
        assertEquals(5, info.hopLimit());
        assertFalse(info.hasDestination());
    }

    @Test
    void sockaddrIn6HasFamilyInHostOrderAndAddressInNetworkOrder() {
        byte[] b = new byte[28];
        ControlMessages.putSockaddrIn6(b, 0, ADDR.hi(), ADDR.lo(), 4);
        assertArrayEquals(Bytes.fromHex("0a00 0000 00000000 20010db8000000000000000000000001 04000000"), b);
    }
}
