package org.roam6.had;

import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.WireError;

/**
 * The heartbeat one home agent sends another ({@link PeerMonitor}; DESIGN.md section 3,
 * paper 001, which asks home agents to probe each other but gives no format). One UDP datagram
 * to port {@code HaPeerPort} (5475 by default), from the sender's home agent address and that
 * same port:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     'R'       |     '6'       |     'H'       |     'B'       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Version = 1  |                   Reserved                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                 Sender (home agent address, 128)              |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li>Magic: the ASCII bytes {@code R6HB}; anything else is not a heartbeat.
 *   <li>Version: {@value #VERSION}; a receiver discards other versions.
 *   <li>Reserved: 0 on sending, ignored on receipt.
 *   <li>Sequence Number: 32 bits, one more per heartbeat the sender sends (to any peer),
 *       wrapping; for packet captures and loss counts, never for liveness.
 *   <li>Sender: the home agent address the sender is known by in mobile nodes' Multiple Home
 *       Agents options, the identity the receiver records the heartbeat under.
 * </ul>
 * The datagram is exactly {@value #LENGTH} bytes; longer ones are accepted and the extra bytes
 * ignored (room for a later version's fields), shorter ones discarded.
 */
public final class PeerHeartbeat {
    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION = 4;
    public static final int OFF_RESERVED = 5;
    public static final int OFF_SEQUENCE = 8;
    public static final int OFF_SENDER = 12;
    public static final int LENGTH = OFF_SENDER + Ipv6Address.LENGTH;
    /** "R6HB" as a big-endian 32-bit number. */
    public static final int MAGIC = ('R' << 24) | ('6' << 16) | ('H' << 8) | 'B';
    public static final int VERSION = 1;

    private byte[] b;
    private int off;
    private int len;

    /** Points this view at {@code len} bytes at {@code buf[off]}; call {@link #validate} before reading. */
    public PeerHeartbeat wrap(byte[] buf, int off, int len) {
        this.b = buf;
        this.off = off;
        this.len = len;
        return this;
    }

    /** Null when the bytes are a heartbeat this version reads; else what is wrong and where. */
    public WireError validate() {
        if (len < LENGTH) {
            return WireError.discard("heartbeat", off, WireError.Reason.TRUNCATED,
                    len + " bytes, a heartbeat has " + LENGTH);
        }
        if (Bytes.getInt(b, off + OFF_MAGIC) != MAGIC) {
            return WireError.discard("Magic", off + OFF_MAGIC, WireError.Reason.BAD_VALUE, "not R6HB");
        }
        if (Bytes.u8(b, off + OFF_VERSION) != VERSION) {
            return WireError.discard("Version", off + OFF_VERSION, WireError.Reason.BAD_VALUE,
                    "version " + Bytes.u8(b, off + OFF_VERSION) + ", this is " + VERSION);
        }
        return null;
    }

    /** The sender's Sequence Number, unsigned. */
    public long sequence() {
        return Bytes.u32(b, off + OFF_SEQUENCE);
    }

    /** The sender's home agent address. */
    public Ipv6Address sender() {
        return Ipv6Address.read(b, off + OFF_SENDER);
    }

    /** Writes a heartbeat at {@code out[off]} and returns its length, {@value #LENGTH}. */
    public static int write(byte[] out, int off, int sequence, Ipv6Address sender) {
        Bytes.putInt(out, off + OFF_MAGIC, MAGIC);
        Bytes.put8(out, off + OFF_VERSION, VERSION);
        Bytes.put8(out, off + OFF_RESERVED, 0);
        Bytes.put16(out, off + OFF_RESERVED + 1, 0);
        Bytes.putInt(out, off + OFF_SEQUENCE, sequence);
        sender.write(out, off + OFF_SENDER);
        return LENGTH;
    }
}
