package org.roam6.wire.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads classic libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html) in either
 * byte order, with microsecond or nanosecond timestamps, and extracts the IPv6 packets from the
 * link types of {@link LinkType}.
 *
 * <p>The file header is checked when the reader is opened: a bad magic number, a missing header
 * or an unknown link type raise {@link PcapFormatException} naming the offset. After that, every
 * fault is a value: {@link #next()} returns a {@link PcapRecord.Bad} naming the record number and
 * offset. A record whose link header is short is reported and reading goes on; a truncated or
 * absurd record ends the file, since the following records cannot be found.
 */
public final class PcapReader implements Closeable {

    /** Size of a record header: ts_sec, ts_usec/nsec, incl_len, orig_len. */
    public static final int RECORD_HEADER_LENGTH = 16;

    /** Largest captured length accepted whatever the snap length says (as libpcap's 256 KiB). */
    public static final int MAX_RECORD_LENGTH = 262_144;

    static final int ETHERNET_HEADER_LENGTH = 14;
    static final int ETHERTYPE_OFFSET = 12;
    static final int VLAN_TAG_LENGTH = 4;
    static final int MAX_VLAN_TAGS = 4;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_8021Q = 0x8100;
    static final int ETHERTYPE_8021AD = 0x88A8;
    static final int ETHERTYPE_QINQ_OLD = 0x9100;
    static final int SLL_HEADER_LENGTH = 16;
    static final int SLL_PROTOCOL_OFFSET = 14;
    static final int SLL2_HEADER_LENGTH = 20;
    static final int SLL2_PROTOCOL_OFFSET = 0;

    private final InputStream in;
    private final PcapFileHeader header;
    private long position = PcapFileHeader.LENGTH;
    private int recordNumber;
    private boolean finished;

    private PcapReader(InputStream in, PcapFileHeader header) {
        this.in = in;
        this.header = header;
    }

    /** Reads the file header from {@code in}; the stream is owned by the reader from then on. */
    public static PcapReader open(InputStream in) throws IOException {
        InputStream bin = in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
        byte[] h = new byte[PcapFileHeader.LENGTH];
        int n = bin.readNBytes(h, 0, h.length);
        if (n < h.length) {
            throw new PcapFormatException(new PcapError(PcapError.Reason.TRUNCATED_FILE_HEADER, 0, n,
                    "file has " + n + " bytes, a pcap file header needs " + PcapFileHeader.LENGTH));
        }
        int magicBe = getInt(h, 0, ByteOrder.BIG_ENDIAN);
        int magicLe = getInt(h, 0, ByteOrder.LITTLE_ENDIAN);
        ByteOrder order;
        boolean nano;
        if (magicBe == PcapFileHeader.MAGIC_MICROSECONDS || magicBe == PcapFileHeader.MAGIC_NANOSECONDS) {
            order = ByteOrder.BIG_ENDIAN;
            nano = magicBe == PcapFileHeader.MAGIC_NANOSECONDS;
        } else if (magicLe == PcapFileHeader.MAGIC_MICROSECONDS || magicLe == PcapFileHeader.MAGIC_NANOSECONDS) {
            order = ByteOrder.LITTLE_ENDIAN;
            nano = magicLe == PcapFileHeader.MAGIC_NANOSECONDS;
        } else {
            String what = magicBe == 0x0A0D0D0A ? " (a pcapng file; convert it with editcap -F pcap)" : "";
            throw new PcapFormatException(new PcapError(PcapError.Reason.BAD_MAGIC, 0, 0,
                    String.format("magic 0x%08x is not a classic pcap magic%s", magicBe, what)));
        }
        int major = getShort(h, 4, order);
        int minor = getShort(h, 6, order);
        long snap = getInt(h, 16, order) & 0xffffffffL;
        // The upper 16 bits of the link-type word may carry an FCS length (pcap-savefile(5)).
        int linkCode = getInt(h, 20, order) & 0xffff;
        LinkType linkType = LinkType.of(linkCode);
        if (linkType == null) {
            throw new PcapFormatException(new PcapError(PcapError.Reason.UNSUPPORTED_LINK_TYPE, 0, 20,
                    "link type " + linkCode + " is not one of " + Arrays.toString(LinkType.values())));
        }
        return new PcapReader(bin, new PcapFileHeader(order, nano, major, minor, snap, linkType));
    }

    /** Opens {@code file}; close the reader to close the file. */
    public static PcapReader open(Path file) throws IOException {
        InputStream s = Files.newInputStream(file);
        try {
            return open(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Every record of {@code file}. */
    public static List<PcapRecord> readAll(Path file) throws IOException {
        try (PcapReader r = open(file)) {
            return r.readAll();
        }
    }

    /**
     * The IPv6 packets of {@code file}, in order; frames that are not IPv6 are left out. Any bad
     * record raises {@link PcapFormatException} naming it.
     */
    public static List<byte[]> readIpv6Packets(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (PcapRecord r : readAll(file)) {
            if (r instanceof PcapRecord.Bad bad) {
                throw new PcapFormatException(bad.error());
            }
            if (r instanceof PcapRecord.Ipv6 p) {
                out.add(p.packet());
            }
        }
        return out;
    }

    /** The file header. */
    public PcapFileHeader header() {
        return header;
    }

    /** The remaining records. */
    public List<PcapRecord> readAll() throws IOException {
        List<PcapRecord> out = new ArrayList<>();
        for (PcapRecord r = next(); r != null; r = next()) {
            out.add(r);
        }
        return out;
    }

    /**
     * The next record, or {@code null} at the end of the file (also after a record that ended it:
     * a truncated record or an absurd length). I/O errors of the stream itself propagate.
     */
    public PcapRecord next() throws IOException {
        if (finished) {
            return null;
        }
        long recordOffset = position;
        int number = ++recordNumber;
        byte[] rh = new byte[RECORD_HEADER_LENGTH];
        int n = in.readNBytes(rh, 0, rh.length);
        position += n;
        if (n == 0) {
            finished = true;
            return null;
        }
        if (n < rh.length) {
            finished = true;
            return new PcapRecord.Bad(number, recordOffset, new PcapError(PcapError.Reason.TRUNCATED_RECORD_HEADER,
                    number, recordOffset, "file ends " + n + " bytes into the 16-byte record header"));
        }
        ByteOrder o = header.byteOrder();
        long seconds = getInt(rh, 0, o) & 0xffffffffL;
        long fraction = getInt(rh, 4, o) & 0xffffffffL;
        long included = getInt(rh, 8, o) & 0xffffffffL;
        long original = getInt(rh, 12, o) & 0xffffffffL;
        long limit = Math.max(header.snapLength(), 65_535L);
        if (included > MAX_RECORD_LENGTH || included > limit) {
            finished = true;
            return new PcapRecord.Bad(number, recordOffset, new PcapError(PcapError.Reason.BAD_RECORD_LENGTH,
                    number, recordOffset + 8, "captured length " + included + " exceeds the snap length "
                            + header.snapLength() + " or the " + MAX_RECORD_LENGTH + "-byte limit"));
        }
        byte[] frame = new byte[(int) included];
        int got = in.readNBytes(frame, 0, frame.length);
        position += got;
        if (got < frame.length) {
            finished = true;
            return new PcapRecord.Bad(number, recordOffset, new PcapError(PcapError.Reason.TRUNCATED_RECORD_DATA,
                    number, recordOffset + RECORD_HEADER_LENGTH,
                    "file ends after " + got + " of the record's " + included + " captured bytes"));
        }
        long nanos = header.nanosecond() ? fraction : fraction * 1000L;
        Instant ts = Instant.ofEpochSecond(seconds, 0).plusNanos(nanos);
        int origLen = (int) Math.min(original, Integer.MAX_VALUE);
        return extract(number, recordOffset, ts, origLen, frame);
    }

    private PcapRecord extract(int number, long recordOffset, Instant ts, int origLen, byte[] frame) {
        long dataOffset = recordOffset + RECORD_HEADER_LENGTH;
        switch (header.linkType()) {
            case ETHERNET: {
                if (frame.length < ETHERNET_HEADER_LENGTH) {
                    return shortLinkHeader(number, recordOffset, dataOffset, frame.length, ETHERNET_HEADER_LENGTH, "Ethernet");
                }
                int typeAt = ETHERTYPE_OFFSET;
                int type = u16(frame, typeAt);
                int tags = 0;
                while (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD || type == ETHERTYPE_QINQ_OLD) {
                    if (++tags > MAX_VLAN_TAGS) {
                        return new PcapRecord.NotIpv6(number, recordOffset, ts, origLen,
                                "more than " + MAX_VLAN_TAGS + " VLAN tags");
                    }
                    typeAt += VLAN_TAG_LENGTH;
                    if (frame.length < typeAt + 2) {
                        return shortLinkHeader(number, recordOffset, dataOffset, frame.length, typeAt + 2,
                                "Ethernet with " + tags + " VLAN tag(s)");
                    }
                    type = u16(frame, typeAt);
                }
                if (type != ETHERTYPE_IPV6) {
                    return new PcapRecord.NotIpv6(number, recordOffset, ts, origLen, String.format("ethertype 0x%04x", type));
                }
                return ipv6(number, recordOffset, ts, origLen, frame, typeAt + 2);
            }
            case RAW:
            case DLT_RAW: {
                if (frame.length == 0) {
                    return shortLinkHeader(number, recordOffset, dataOffset, 0, 1, "raw IP");
                }
                int version = (frame[0] & 0xff) >>> 4;
                if (version != 6) {
                    return new PcapRecord.NotIpv6(number, recordOffset, ts, origLen, "IP version " + version);
                }
                return ipv6(number, recordOffset, ts, origLen, frame, 0);
            }
            case IPV6:
                return ipv6(number, recordOffset, ts, origLen, frame, 0);
            case LINUX_SLL: {
                if (frame.length < SLL_HEADER_LENGTH) {
                    return shortLinkHeader(number, recordOffset, dataOffset, frame.length, SLL_HEADER_LENGTH, "Linux cooked (SLL)");
                }
                int proto = u16(frame, SLL_PROTOCOL_OFFSET);
                if (proto != ETHERTYPE_IPV6) {
                    return new PcapRecord.NotIpv6(number, recordOffset, ts, origLen, String.format("SLL protocol 0x%04x", proto));
                }
                return ipv6(number, recordOffset, ts, origLen, frame, SLL_HEADER_LENGTH);
            }
            case LINUX_SLL2: {
                if (frame.length < SLL2_HEADER_LENGTH) {
                    return shortLinkHeader(number, recordOffset, dataOffset, frame.length, SLL2_HEADER_LENGTH, "Linux cooked v2 (SLL2)");
                }
                int proto = u16(frame, SLL2_PROTOCOL_OFFSET);
                if (proto != ETHERTYPE_IPV6) {
                    return new PcapRecord.NotIpv6(number, recordOffset, ts, origLen, String.format("SLL2 protocol 0x%04x", proto));
                }
                return ipv6(number, recordOffset, ts, origLen, frame, SLL2_HEADER_LENGTH);
            }
            default:
                throw new IllegalStateException("link type " + header.linkType() + " has no extractor");
        }
    }

    private static PcapRecord ipv6(int number, long recordOffset, Instant ts, int origLen, byte[] frame, int start) {
        return new PcapRecord.Ipv6(number, recordOffset, ts, origLen, frame.length,
                Arrays.copyOfRange(frame, start, frame.length));
    }

    private static PcapRecord shortLinkHeader(int number, long recordOffset, long dataOffset, int have, int need, String what) {
        return new PcapRecord.Bad(number, recordOffset, new PcapError(PcapError.Reason.TRUNCATED_LINK_HEADER, number,
                dataOffset, "captured " + have + " bytes, the " + what + " header needs " + need));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static int getShort(byte[] b, int off, ByteOrder o) {
        return o == ByteOrder.BIG_ENDIAN ? u16(b, off) : ((b[off + 1] & 0xff) << 8) | (b[off] & 0xff);
    }

    private static int getInt(byte[] b, int off, ByteOrder o) {
        if (o == ByteOrder.BIG_ENDIAN) {
            return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
        }
        return ((b[off + 3] & 0xff) << 24) | ((b[off + 2] & 0xff) << 16) | ((b[off + 1] & 0xff) << 8) | (b[off] & 0xff);
    }
}
