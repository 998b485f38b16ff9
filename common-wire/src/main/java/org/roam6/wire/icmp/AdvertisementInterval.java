package org.roam6.wire.icmp;

/**
 * Advertisement Interval option (RFC 6275 7.3), type 7, length 1: the longest time in
 * milliseconds between the router's unsolicited advertisements, which a mobile node uses for
 * movement detection.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Advertisement Interval                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public record AdvertisementInterval(long intervalMillis) implements NdOption {
    public static final int TYPE = 7;
    public static final int LENGTH = 8;
    public static final int OFF_RESERVED = 2;
    public static final int OFF_INTERVAL = 4;

    public AdvertisementInterval {
        Icmpv6Message.u32("advertisement interval", intervalMillis);
    }
}
