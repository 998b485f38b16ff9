package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.WireError;

/** The HA-to-HA heartbeat datagram (had/docs/multiha.md). */
class PeerHeartbeatTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");

    @Test
    void aHeartbeatIsMagicVersionReservedSequenceAndSenderIn28Bytes() {
        byte[] b = new byte[40];
        assertEquals(28, PeerHeartbeat.write(b, 4, 0x01020304, HA));
        assertEquals("R6HB", new String(b, 4, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b[8]);
        assertEquals(0, b[9] | b[10] | b[11], "reserved");
        assertEquals(0x01020304L, Bytes.u32(b, 12));
        assertEquals(HA, Ipv6Address.read(b, 16));
        PeerHeartbeat h = new PeerHeartbeat().wrap(b, 4, 28);
        assertNull(h.validate());
        assertEquals(0x01020304L, h.sequence());
        assertEquals(HA, h.sender());
    }

    @Test
    void theSequenceNumberReadsUnsigned() {
        byte[] b = new byte[28];
        PeerHeartbeat.write(b, 0, -1, HA);
        assertEquals(0xffffffffL, new PeerHeartbeat().wrap(b, 0, 28).sequence());
    }

    @Test
    void aShortDatagramIsTruncated() {
        byte[] b = new byte[28];
        PeerHeartbeat.write(b, 0, 1, HA);
        WireError e = new PeerHeartbeat().wrap(b, 0, 27).validate();
        assertNotNull(e);
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
    }

    @Test
    void anotherMagicOrVersionIsNotAHeartbeat() {
        byte[] b = new byte[28];
        PeerHeartbeat.write(b, 0, 1, HA);
        b[3] = 'X';
        WireError e = new PeerHeartbeat().wrap(b, 0, 28).validate();
        assertEquals("Magic", e.field());
        PeerHeartbeat.write(b, 0, 1, HA);
        b[4] = 2;
        e = new PeerHeartbeat().wrap(b, 0, 28).validate();
        assertEquals("Version", e.field());
        assertEquals(4, e.offset());
    }

    @Test
    void extraBytesAfterTheSenderAreIgnored() {
        byte[] b = Arrays.copyOf(new byte[0], 64);
        PeerHeartbeat.write(b, 0, 7, HA);
        PeerHeartbeat h = new PeerHeartbeat().wrap(b, 0, 64);
        assertNull(h.validate());
        assertEquals(HA, h.sender());
    }
}
