package org.roam6.wire.pcap;

import java.time.Instant;

/**
 * One record of a pcap file: an IPv6 packet, a frame that carries something else, or a record
 * that could not be read. Each knows its 1-based number and the byte offset of its record header
 * in the file.
 */
public sealed interface PcapRecord permits PcapRecord.Ipv6, PcapRecord.NotIpv6, PcapRecord.Bad {

    /** 1-based position of the record in the file. */
    int number();

    /** Byte offset of the record's 16-byte header in the file. */
    long offset();

    /**
     * An IPv6 packet with its link-layer header removed.
     *
     * @param timestamp      capture time
     * @param originalLength length of the whole frame on the wire (link header included)
     * @param capturedLength bytes of the frame present in the file (link header included)
     * @param packet         the IPv6 packet from its fixed header on, as captured
     */
    record Ipv6(int number, long offset, Instant timestamp, int originalLength, int capturedLength,
                byte[] packet) implements PcapRecord {
        /** Whether the capture kept fewer bytes than the frame had (snap length reached). */
        public boolean snapped() {
            return capturedLength < originalLength;
        }
    }

    /**
     * A well-formed record whose frame is not IPv6 (another ethertype, or IPv4 on a raw link).
     *
     * @param what what the frame carries, e.g. {@code "ethertype 0x0800"}
     */
    record NotIpv6(int number, long offset, Instant timestamp, int originalLength, String what)
            implements PcapRecord {}

    /** A record that could not be read; {@link PcapError#recordNumber()} equals {@link #number()}. */
    record Bad(int number, long offset, PcapError error) implements PcapRecord {}
}
