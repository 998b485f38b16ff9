package org.roam6.wire.icmp;

/**
 * A Neighbor Discovery option (RFC 4861 4.6) as a value: 8-bit Type, 8-bit Length in units of
 * 8 bytes (including Type and Length; 0 is invalid), then the option's data.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |              ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Options roam6 does not know are kept as {@link UnknownOption} (RFC 4861 4.6: receivers skip
 * them); options that do not belong in a message are decoded anyway and left to the caller to
 * ignore.
 */
public sealed interface NdOption
        permits SourceLinkLayerAddress, TargetLinkLayerAddress, PrefixInformation, MtuOption,
                AdvertisementInterval, HomeAgentInformation, UnknownOption {
    int OFF_TYPE = 0;
    int OFF_LENGTH = 1;
    /** The Length field counts units of this many bytes. */
    int UNIT = 8;
}
