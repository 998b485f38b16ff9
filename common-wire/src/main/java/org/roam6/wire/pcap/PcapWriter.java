package org.roam6.wire.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes IPv6 packets to a classic little-endian microsecond pcap file
 * (https://www.tcpdump.org/manpages/pcap-savefile.5.html), either as raw IPv6
 * ({@link LinkType#RAW}, LINKTYPE_RAW 101) or inside Ethernet II frames ({@link LinkType#ETHERNET})
 * between two made-up, locally administered MAC addresses.
 */
public final class PcapWriter implements Closeable {

    /** Snap length written in the file header. */
    public static final int SNAP_LENGTH = 262_144;

    /** Destination MAC of the Ethernet frames written (locally administered, unicast). */
    public static final byte[] DESTINATION_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

    /** Source MAC of the Ethernet frames written (locally administered, unicast). */
    public static final byte[] SOURCE_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

    private final OutputStream out;
    private final LinkType linkType;
    private final byte[] recordHeader = new byte[PcapReader.RECORD_HEADER_LENGTH];

    private PcapWriter(OutputStream out, LinkType linkType) {
        this.out = out;
        this.linkType = linkType;
    }

    /**
     * Writes the file header to {@code out} and returns a writer for {@code linkType}, which must be
     * {@link LinkType#RAW} or {@link LinkType#ETHERNET}. The writer owns the stream from then on.
     */
    public static PcapWriter create(OutputStream out, LinkType linkType) throws IOException {
        if (linkType != LinkType.RAW && linkType != LinkType.ETHERNET) {
            throw new IllegalArgumentException("PcapWriter writes RAW or ETHERNET, not " + linkType);
        }
        OutputStream bout = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out);
        byte[] h = new byte[PcapFileHeader.LENGTH];
        putIntLe(h, 0, PcapFileHeader.MAGIC_MICROSECONDS);
        putShortLe(h, 4, 2);
        putShortLe(h, 6, 4);
        // thiszone and sigfigs stay 0
        putIntLe(h, 16, SNAP_LENGTH);
        putIntLe(h, 20, linkType.code());
        bout.write(h);
        return new PcapWriter(bout, linkType);
    }

    /** Creates (or replaces) {@code file} and returns a writer for it. */
    public static PcapWriter create(Path file, LinkType linkType) throws IOException {
        OutputStream s = Files.newOutputStream(file);
        try {
            return create(s, linkType);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Writes {@code packets} to {@code file}, one record each, timestamped one millisecond apart
     * from the Unix epoch so that the file is the same on every run.
     */
    public static void write(Path file, LinkType linkType, List<byte[]> packets) throws IOException {
        try (PcapWriter w = create(file, linkType)) {
            Instant t = Instant.EPOCH;
            for (byte[] p : packets) {
                w.write(p, 0, p.length, t);
                t = t.plusMillis(1);
            }
        }
    }

    /** The link type of this file. */
    public LinkType linkType() {
        return linkType;
    }

    /** Writes one IPv6 packet captured at {@code timestamp} (kept to the microsecond). */
    public void write(byte[] packet, int offset, int length, Instant timestamp) throws IOException {
        int frameLength = length + (linkType == LinkType.ETHERNET ? PcapReader.ETHERNET_HEADER_LENGTH : 0);
        if (frameLength > SNAP_LENGTH) {
            throw new IllegalArgumentException("packet of " + length + " bytes exceeds the snap length " + SNAP_LENGTH);
        }
        long seconds = timestamp.getEpochSecond();
        if (seconds < 0 || seconds > 0xffffffffL) {
            throw new IllegalArgumentException("timestamp " + timestamp + " does not fit a pcap record");
        }
        putIntLe(recordHeader, 0, (int) seconds);
        putIntLe(recordHeader, 4, timestamp.getNano() / 1000);
        putIntLe(recordHeader, 8, frameLength);
        putIntLe(recordHeader, 12, frameLength);
        out.write(recordHeader);
        if (linkType == LinkType.ETHERNET) {
            out.write(DESTINATION_MAC);
            out.write(SOURCE_MAC);
            out.write(PcapReader.ETHERTYPE_IPV6 >>> 8);
            out.write(PcapReader.ETHERTYPE_IPV6 & 0xff);
        }
        out.write(packet, offset, length);
    }

    /** Writes one IPv6 packet timestamped now. */
    public void write(byte[] packet) throws IOException {
        write(packet, 0, packet.length, Instant.now());
    }

    /** Pushes buffered records to the underlying stream. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putShortLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }
}
