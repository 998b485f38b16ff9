package org.roam6.net;

import org.roam6.wire.Ipv6Address;

/**
 * Per-packet choices for {@link PacketSocket#send}: the source address and outgoing interface
 * ({@code IPV6_PKTINFO}), the hop limit ({@code IPV6_HOPLIMIT}), a Destination Options header
 * to insert ({@code IPV6_DSTOPTS}, e.g. one carrying a Home Address option, RFC 6275 6.3), and
 * whether the kernel fills the checksum configured with {@code IPV6_CHECKSUM}.
 *
 * <p>With a Home Address option the kernel would compute the Mobility Header checksum over the
 * care-of address; RFC 6275 6.1.1 wants the home address, so such packets are sent with
 * {@code kernelChecksum=false} and a checksum computed by the caller.
 *
 * @param source             source address, or null to let the kernel choose
 * @param interfaceIndex     outgoing interface, 0 for any
 * @param hopLimit           hop limit, or -1 for the socket's default
 * @param destinationOptions a whole Destination Options header (its Next Header byte is
 *                           overwritten by the kernel), or null
 * @param kernelChecksum     false to send this packet with the checksum as the caller wrote it
 */
public record SendOptions(Ipv6Address source, int interfaceIndex, int hopLimit,
                          byte[] destinationOptions, boolean kernelChecksum) {

    public static final SendOptions NONE = new SendOptions(null, 0, -1, null, true);

    public SendOptions {
        if (hopLimit < -1 || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit " + hopLimit + " is not -1 or 0..255");
        }
        if (destinationOptions != null
                && (destinationOptions.length < 8 || destinationOptions.length % 8 != 0
                || destinationOptions.length != (Byte.toUnsignedInt(destinationOptions[1]) + 1) * 8)) {
            throw new IllegalArgumentException("a Destination Options header is a multiple of 8 bytes"
                    + " that matches its Hdr Ext Len; got " + destinationOptions.length + " bytes");
        }
    }

    public SendOptions withSource(Ipv6Address src) {
        return new SendOptions(src, interfaceIndex, hopLimit, destinationOptions, kernelChecksum);
    }

    public SendOptions withInterface(int ifindex) {
        return new SendOptions(source, ifindex, hopLimit, destinationOptions, kernelChecksum);
    }

    public SendOptions withHopLimit(int h) {
        return new SendOptions(source, interfaceIndex, h, destinationOptions, kernelChecksum);
    }

    public SendOptions withDestinationOptions(byte[] header) {
        return new SendOptions(source, interfaceIndex, hopLimit, header, kernelChecksum);
    }

    public SendOptions withKernelChecksum(boolean k) {
        return new SendOptions(source, interfaceIndex, hopLimit, destinationOptions, k);
    }
}
