package org.roam6.wire.pcap;

import java.nio.ByteOrder;

/**
 * The 24-byte classic pcap file header (https://www.tcpdump.org/manpages/pcap-savefile.5.html),
 * as read: the byte order the writer used, whether timestamps are in nanoseconds, the format
 * version, the snap length and the link type.
 */
public record PcapFileHeader(ByteOrder byteOrder, boolean nanosecond, int versionMajor, int versionMinor,
                             long snapLength, LinkType linkType) {

    /** Size of the file header in bytes. */
    public static final int LENGTH = 24;

    /** Magic number of a microsecond-resolution file, as written in the writer's byte order. */
    public static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;

    /** Magic number of a nanosecond-resolution file, as written in the writer's byte order. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
}
