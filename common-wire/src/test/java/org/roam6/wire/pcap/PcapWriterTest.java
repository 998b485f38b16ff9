package org.roam6.wire.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.wire.Bytes;

/** Writing IPv6 packets as pcap, and reading them back. */
class PcapWriterTest {

    @Test
    void writesALittleEndianMicrosecondHeaderForRawIpv6() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter.create(out, LinkType.RAW).close();
        assertEquals("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "65000000",
                Bytes.toHex(out.toByteArray()));
    }

    @Test
    void rawIpv6RoundTripsWithTimestampsToTheMicrosecond() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant t = Instant.ofEpochSecond(1_700_000_000L, 987_654_321L);
        try (PcapWriter w = PcapWriter.create(out, LinkType.RAW)) {
            w.write(PcapReaderTest.IPV6, 0, PcapReaderTest.IPV6.length, t);
            w.write(PcapReaderTest.IPV6, 0, 16, t.plusSeconds(1));
        }
        List<PcapRecord> recs = PcapReader.open(new ByteArrayInputStream(out.toByteArray())).readAll();
        PcapRecord.Ipv6 a = (PcapRecord.Ipv6) recs.get(0);
        assertArrayEquals(PcapReaderTest.IPV6, a.packet());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 987_654_000L), a.timestamp());
        assertEquals(PcapReaderTest.IPV6.length, a.originalLength());
        assertEquals(16, ((PcapRecord.Ipv6) recs.get(1)).packet().length);
    }

    @Test
    void ethernetFramesCarryTheMadeUpMacsAndEthertype86dd(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("e.pcap");
        PcapWriter.write(f, LinkType.ETHERNET, List.of(PcapReaderTest.IPV6, PcapReaderTest.IPV6));
        List<PcapRecord> recs = PcapReader.readAll(f);
        assertEquals(2, recs.size());
        PcapRecord.Ipv6 p = (PcapRecord.Ipv6) recs.get(1);
        assertArrayEquals(PcapReaderTest.IPV6, p.packet());
        assertEquals(PcapReaderTest.IPV6.length + 14, p.originalLength());
        assertEquals(Instant.EPOCH.plusMillis(1), p.timestamp());
        byte[] file = java.nio.file.Files.readAllBytes(f);
        assertEquals("020000000002" + "020000000001" + "86dd", Bytes.toHex(file, 24 + 16, 14));
        assertEquals(List.of(PcapReaderTest.IPV6.length, PcapReaderTest.IPV6.length),
                PcapReader.readIpv6Packets(f).stream().map(b -> b.length).toList());
    }

    @Test
    void refusesLinkTypesItCannotFrame() {
        assertThrows(IllegalArgumentException.class, () -> PcapWriter.create(new ByteArrayOutputStream(), LinkType.LINUX_SLL));
    }

    @Test
    void refusesTimestampsBeforeTheEpoch() throws IOException {
        try (PcapWriter w = PcapWriter.create(new ByteArrayOutputStream(), LinkType.RAW)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(new byte[40], 0, 40, Instant.ofEpochSecond(-1)));
        }
    }
}
