package org.roam6.wire;

/**
 * Flyweight over the Home Address destination option (RFC 6275 6.3): sent by a mobile node away
 * from home to carry its home address while the packet's source is its care-of address.
 *
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |  Option Type  | Option Length |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Home Address (128 bits)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Option Type 201 (0xC9: action bits 11, so a node that does not know it answers with a
 * Parameter Problem), Option Length 16, alignment 8n+6 so the address is 8-byte aligned.
 * The position wrapped is the Option Type byte; {@link DestinationOptions#validate(boolean)}
 * has checked length and alignment.
 */
public final class HomeAddressOption {
    public static final int TYPE = 0xC9;
    public static final int DATA_LENGTH = 16;
    /** Option Type + Option Length + Home Address. */
    public static final int LENGTH = 18;
    public static final int ALIGN_MULTIPLE = 8;
    public static final int ALIGN_OFFSET = 6;
    public static final int OFF_TYPE = 0;
    public static final int OFF_LENGTH = 1;
    public static final int OFF_HOME_ADDRESS = 2;

    private byte[] buf;
    private int off;

    public HomeAddressOption wrap(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    public Ipv6Address homeAddress() {
        return Ipv6Address.read(buf, off + OFF_HOME_ADDRESS);
    }

    public long homeAddressHi() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS);
    }

    public long homeAddressLo() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS + 8);
    }

    /** Writes the 18-byte option at {@code off} (the caller places it at 8n+6); returns 18. */
    public static int write(byte[] b, int off, Ipv6Address homeAddress) {
        b[off + OFF_TYPE] = (byte) TYPE;
        b[off + OFF_LENGTH] = DATA_LENGTH;
        homeAddress.write(b, off + OFF_HOME_ADDRESS);
        return LENGTH;
    }
}
