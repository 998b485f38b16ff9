package org.roam6.wire.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;

/** Reading classic pcap files (pcap-savefile(5)) into IPv6 packets. */
class PcapReaderTest {

    static final byte[] IPV6 = Bytes.fromHex("6000000000083b40" + "20010db8000000000000000000000001"
            + "20010db8000000000000000000000002" + "0102030405060708");
    static final byte[] IPV4 = Bytes.fromHex("4500001c000000004011000000000000c0000201c0000202");

    /** A pcap file built field by field, in either byte order and resolution. */
    static final class File {
        final ByteBuffer b = ByteBuffer.allocate(4096);

        File(ByteOrder order, boolean nano, int linkType) {
            b.order(order);
            b.putInt(nano ? PcapFileHeader.MAGIC_NANOSECONDS : PcapFileHeader.MAGIC_MICROSECONDS);
            b.putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(linkType);
        }

        File record(long sec, long frac, byte[] frame) {
            return record(sec, frac, frame.length, frame.length, frame);
        }

        File record(long sec, long frac, int incl, int orig, byte[] frame) {
            b.putInt((int) sec).putInt((int) frac).putInt(incl).putInt(orig).put(frame);
            return this;
        }

        File raw(byte[] bytes) {
            b.put(bytes);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            System.arraycopy(b.array(), 0, out, 0, out.length);
            return out;
        }

        List<PcapRecord> read() throws IOException {
            try (PcapReader r = PcapReader.open(new ByteArrayInputStream(bytes()))) {
                return r.readAll();
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static final byte[] MACS = Bytes.fromHex("020000000002020000000001");

    @Test
    void readsLittleEndianMicrosecondRawIpv6() throws IOException {
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 101).record(1_700_000_000L, 250_000, IPV6).read();
        assertEquals(1, recs.size());
        PcapRecord.Ipv6 p = assertInstanceOf(PcapRecord.Ipv6.class, recs.get(0));
        assertArrayEquals(IPV6, p.packet());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 250_000_000L), p.timestamp());
        assertEquals(1, p.number());
        assertEquals(24, p.offset());
    }

    @Test
    void readsBigEndianNanosecondEthernet() throws IOException {
        File f = new File(ByteOrder.BIG_ENDIAN, true, 1).record(5, 123_456_789, concat(MACS, Bytes.fromHex("86dd"), IPV6));
        PcapRecord.Ipv6 p = assertInstanceOf(PcapRecord.Ipv6.class, f.read().get(0));
        assertArrayEquals(IPV6, p.packet());
        assertEquals(Instant.ofEpochSecond(5, 123_456_789), p.timestamp());
        assertEquals(IPV6.length + 14, p.originalLength());
        try (PcapReader r = PcapReader.open(new ByteArrayInputStream(f.bytes()))) {
            assertEquals(ByteOrder.BIG_ENDIAN, r.header().byteOrder());
            assertTrue(r.header().nanosecond());
            assertEquals(LinkType.ETHERNET, r.header().linkType());
        }
    }

    @Test
    void stripsIeee8021qAnd8021adTagsFromEthernetFrames() throws IOException {
        byte[] qinq = concat(MACS, Bytes.fromHex("88a8 0009 8100 0005 86dd"), IPV6);
        byte[] dot1q = concat(MACS, Bytes.fromHex("8100 0005 86dd"), IPV6);
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 1).record(0, 0, qinq).record(0, 1, dot1q).read();
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) recs.get(0)).packet());
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) recs.get(1)).packet());
    }

    @Test
    void keepsOnlyIpv6FramesAndSaysWhatTheOthersCarry() throws IOException {
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 1)
                .record(0, 0, concat(MACS, Bytes.fromHex("0800"), IPV4))
                .record(0, 0, concat(MACS, Bytes.fromHex("86dd"), IPV6)).read();
        PcapRecord.NotIpv6 n = assertInstanceOf(PcapRecord.NotIpv6.class, recs.get(0));
        assertEquals("ethertype 0x0800", n.what());
        assertInstanceOf(PcapRecord.Ipv6.class, recs.get(1));
        List<PcapRecord> raw = new File(ByteOrder.LITTLE_ENDIAN, false, 101).record(0, 0, IPV4).read();
        assertEquals("IP version 4", assertInstanceOf(PcapRecord.NotIpv6.class, raw.get(0)).what());
    }

    @Test
    void readsLinuxCookedSllAndSll2() throws IOException {
        byte[] sll = concat(Bytes.fromHex("0000 0001 0006 020000000001 0000 86dd"), IPV6);
        byte[] sll2 = concat(Bytes.fromHex("86dd 0000 00000002 0001 00 06 020000000001 0000"), IPV6);
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) new File(ByteOrder.LITTLE_ENDIAN, false, 113).record(0, 0, sll).read().get(0)).packet());
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) new File(ByteOrder.LITTLE_ENDIAN, false, 276).record(0, 0, sll2).read().get(0)).packet());
        byte[] sllArp = concat(Bytes.fromHex("0000 0001 0006 020000000001 0000 0806"), new byte[28]);
        assertEquals("SLL protocol 0x0806", ((PcapRecord.NotIpv6) new File(ByteOrder.LITTLE_ENDIAN, false, 113)
                .record(0, 0, sllArp).read().get(0)).what());
    }

    @Test
    void readsLinktypeIpv6AndBsdDltRaw() throws IOException {
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) new File(ByteOrder.LITTLE_ENDIAN, false, 229).record(0, 0, IPV6).read().get(0)).packet());
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) new File(ByteOrder.LITTLE_ENDIAN, false, 12).record(0, 0, IPV6).read().get(0)).packet());
    }

    @Test
    void rejectsABadMagicNumberAtOffsetZero() {
        byte[] f = new File(ByteOrder.LITTLE_ENDIAN, false, 101).bytes();
        f[0] = 0x42;
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(f)));
        assertEquals(PcapError.Reason.BAD_MAGIC, e.error().reason());
        assertEquals(0, e.error().offset());
        assertEquals(0, e.error().recordNumber());
    }

    @Test
    void rejectsPcapngSayingHowToConvertIt() {
        byte[] ng = Bytes.fromHex("0a0d0d0a 1c000000 4d3c2b1a 01000000 ffffffffffffffff 1c000000");
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(ng)));
        assertEquals(PcapError.Reason.BAD_MAGIC, e.error().reason());
        assertTrue(e.getMessage().contains("pcapng"), e.getMessage());
    }

    @Test
    void rejectsLinkTypesWithoutIpv6Extraction() {
        for (int lt : new int[] {228, 105, 0, 147}) {
            byte[] f = new File(ByteOrder.LITTLE_ENDIAN, false, lt).bytes();
            PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapReader.open(new ByteArrayInputStream(f)));
            assertEquals(PcapError.Reason.UNSUPPORTED_LINK_TYPE, e.error().reason());
            assertEquals(20, e.error().offset());
            assertTrue(e.getMessage().contains("link type " + lt), e.getMessage());
        }
    }

    @Test
    void rejectsAFileShorterThanItsHeader() {
        PcapFormatException e = assertThrows(PcapFormatException.class,
                () -> PcapReader.open(new ByteArrayInputStream(Bytes.fromHex("d4c3b2a10200"))));
        assertEquals(PcapError.Reason.TRUNCATED_FILE_HEADER, e.error().reason());
    }

    @Test
    void reportsATruncatedRecordHeaderWithItsNumberAndOffset() throws IOException {
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 101).record(0, 0, IPV6).raw(new byte[7]).read();
        assertEquals(2, recs.size());
        PcapRecord.Bad bad = assertInstanceOf(PcapRecord.Bad.class, recs.get(1));
        assertEquals(PcapError.Reason.TRUNCATED_RECORD_HEADER, bad.error().reason());
        assertEquals(2, bad.error().recordNumber());
        assertEquals(24 + 16 + IPV6.length, bad.error().offset());
    }

    @Test
    void reportsTruncatedRecordDataAndStops() throws IOException {
        File f = new File(ByteOrder.LITTLE_ENDIAN, false, 101).record(0, 0, 100, 100, new byte[30]);
        List<PcapRecord> recs = f.read();
        assertEquals(1, recs.size());
        PcapRecord.Bad bad = assertInstanceOf(PcapRecord.Bad.class, recs.get(0));
        assertEquals(PcapError.Reason.TRUNCATED_RECORD_DATA, bad.error().reason());
        assertEquals(1, bad.error().recordNumber());
        assertEquals(40, bad.error().offset());
        assertTrue(bad.error().toString().contains("record 1"), bad.error().toString());
    }

    @Test
    void reportsAnAbsurdCapturedLengthInsteadOfAllocatingIt() throws IOException {
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 101).record(0, 0, -1, 60, new byte[0]).read();
        PcapRecord.Bad bad = assertInstanceOf(PcapRecord.Bad.class, recs.get(0));
        assertEquals(PcapError.Reason.BAD_RECORD_LENGTH, bad.error().reason());
        assertEquals(24 + 8, bad.error().offset());
    }

    @Test
    void reportsAShortLinkHeaderAndReadsTheNextRecord() throws IOException {
        List<PcapRecord> recs = new File(ByteOrder.LITTLE_ENDIAN, false, 1)
                .record(0, 0, Bytes.fromHex("0200000000020200"))
                .record(0, 0, concat(MACS, Bytes.fromHex("8100 0005"))) // tag, then nothing
                .record(0, 0, concat(MACS, Bytes.fromHex("86dd"), IPV6)).read();
        assertEquals(PcapError.Reason.TRUNCATED_LINK_HEADER, ((PcapRecord.Bad) recs.get(0)).error().reason());
        assertEquals(PcapError.Reason.TRUNCATED_LINK_HEADER, ((PcapRecord.Bad) recs.get(1)).error().reason());
        assertEquals(2, recs.get(1).number());
        assertArrayEquals(IPV6, ((PcapRecord.Ipv6) recs.get(2)).packet());
    }

    @Test
    void keepsTheOriginalLengthOfASnappedRecord() throws IOException {
        PcapRecord.Ipv6 p = (PcapRecord.Ipv6) new File(ByteOrder.LITTLE_ENDIAN, false, 101)
                .record(0, 0, 20, 1500, java.util.Arrays.copyOf(IPV6, 20)).read().get(0);
        assertTrue(p.snapped());
        assertEquals(1500, p.originalLength());
        assertEquals(20, p.packet().length);
        assertNull(PcapReader.open(new ByteArrayInputStream(new File(ByteOrder.LITTLE_ENDIAN, false, 101).bytes())).next());
    }

    @Property(tries = 300)
    void neverThrowsAnythingButPcapFormatExceptionOnArbitraryBytes(@ForAll @Size(max = 300) byte[] tail,
                                                                  @ForAll boolean validHeader) {
        byte[] head = validHeader ? new File(ByteOrder.LITTLE_ENDIAN, false, 1).bytes() : new byte[0];
        byte[] all = concat(head, tail);
        try (PcapReader r = PcapReader.open(new ByteArrayInputStream(all))) {
            List<PcapRecord> recs = r.readAll();
            for (int i = 0; i < recs.size(); i++) {
                assertEquals(i + 1, recs.get(i).number());
            }
        } catch (PcapFormatException expected) {
            assertTrue(expected.error().recordNumber() == 0);
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O error on in-memory input", e);
        }
    }
}
