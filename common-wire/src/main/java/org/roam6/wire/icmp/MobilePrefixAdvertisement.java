package org.roam6.wire.icmp;

import java.util.List;

/**
 * Mobile Prefix Advertisement (RFC 6275 6.8), type 147, code 0: the home agent's list of home
 * prefixes as Prefix Information options (other options are kept but have no meaning here).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |            Checksum           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |M|O|        Reserved           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Options ...
 * </pre>
 *
 * @param identifier the solicitation's identifier, or any value when unsolicited
 * @param managed    M: the home link uses stateful address configuration (RFC 6275 6.8)
 * @param other      O: other stateful configuration is available (RFC 6275 6.8)
 */
public record MobilePrefixAdvertisement(int identifier, boolean managed, boolean other, List<NdOption> options)
        implements Icmpv6Message {
    public static final int TYPE = 147;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_FLAGS = 6;
    public static final int OFF_OPTIONS = 8;
    public static final int FLAG_MANAGED = 0x8000;
    public static final int FLAG_OTHER = 0x4000;

    public MobilePrefixAdvertisement {
        Icmpv6Message.u16("identifier", identifier);
        options = List.copyOf(options);
    }

    /** The Prefix Information options, in order. */
    public List<PrefixInformation> prefixes() {
        return options.stream().filter(PrefixInformation.class::isInstance).map(PrefixInformation.class::cast).toList();
    }
}
