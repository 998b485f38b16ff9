package org.roam6.wire;

/**
 * Flyweight over the Destination Options header (RFC 8200 4.6; Next Header value 60), the header
 * that carries the Home Address option (RFC 6275 6.3). roam6 knows Pad1, PadN and the Home
 * Address option; {@link #validate(boolean)} checks that the latter has length 16, sits at
 * 8n+6 and appears once. Other options are handled by their action bits as
 * {@link OptionsHeader} describes (Tunnel Encapsulation Limit, type 4, is skipped as 00).
 *
 * <p>A mobile node sends the header that carries the Home Address option after any Routing
 * header and before a Fragment header (RFC 6275 6.3); {@link #writeWithHomeAddress} writes the
 * usual 24-byte form:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  | Hdr Ext Len=2 | PadN=1        | Opt Len=2     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0       |       0       | Type=0xC9     | Opt Len=16    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Home Address (16 bytes) ...                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class DestinationOptions extends OptionsHeader {
    /** Length of a Destination Options header holding just a padded Home Address option. */
    public static final int LENGTH_WITH_HOME_ADDRESS = 24;

    @Override
    public DestinationOptions wrap(byte[] buf, int off, int len) {
        super.wrap(buf, off, len);
        return this;
    }

    @Override
    boolean knows(int type) {
        return type == HomeAddressOption.TYPE;
    }

    @Override
    WireError checkKnown(int type, int pos, int dataLength) {
        if (dataLength != HomeAddressOption.DATA_LENGTH) {
            return WireError.discard("Opt Data Len", pos + 1, WireError.Reason.BAD_LENGTH,
                    "Home Address option length " + dataLength + ", must be 16 (RFC 6275 6.3)");
        }
        if ((pos - off) % 8 != HomeAddressOption.ALIGN_OFFSET) {
            return WireError.discard("Option Type", pos, WireError.Reason.BAD_ALIGNMENT,
                    "Home Address option at header offset " + (pos - off) + ", must be 8n+6 (RFC 6275 6.3)");
        }
        if (homeAddressOptionOffset() >= 0) {
            return WireError.discard("Option Type", pos, WireError.Reason.DUPLICATE_OPTION,
                    "second Home Address option in one header");
        }
        return null;
    }

    /**
     * Writes a Destination Options header holding PadN and a Home Address option at 8n+6, as the
     * layout above; returns {@link #LENGTH_WITH_HOME_ADDRESS}.
     */
    public static int writeWithHomeAddress(byte[] b, int off, int nextHeader, Ipv6Address homeAddress) {
        b[off + OFF_NEXT_HEADER] = (byte) nextHeader;
        b[off + OFF_HDR_EXT_LEN] = (byte) (LENGTH_WITH_HOME_ADDRESS / 8 - 1);
        writePadding(b, off + OFF_OPTIONS, HomeAddressOption.ALIGN_OFFSET - OFF_OPTIONS);
        HomeAddressOption.write(b, off + HomeAddressOption.ALIGN_OFFSET, homeAddress);
        return LENGTH_WITH_HOME_ADDRESS;
    }
}
