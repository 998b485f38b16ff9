package org.roam6.wire;

/**
 * Flyweight over an options extension header, the shared layout of the Hop-by-Hop Options and
 * Destination Options headers (RFC 8200 4.3, 4.6):
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * .                            Options                            .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The header is {@code (Hdr Ext Len + 1) * 8} bytes; the options are TLVs (RFC 8200 4.2):
 * an 8-bit Option Type, an 8-bit Opt Data Len and that many data bytes, except Pad1 which is a
 * single zero byte. {@link #validate(boolean)} walks them once. An option this header does not
 * know is handled as its two high-order type bits say (RFC 8200 4.2):
 * <ul>
 *   <li>00: skip it and go on ({@link WireError.Answer#IGNORE}, no error);
 *   <li>01: discard the packet ({@link WireError.Answer#DISCARD});
 *   <li>10: discard and send Parameter Problem code 2 pointing at the Option Type
 *       ({@link WireError.Answer#PARAMETER_PROBLEM_OPTION});
 *   <li>11: the same, but only when the destination is not multicast; discard silently otherwise.
 * </ul>
 *
 * Options are read without allocation through a cursor of absolute buffer positions:
 * <pre>
 * for (int p = h.firstOption(); p &lt; h.end(); p = h.nextOption(p)) { h.optionType(p) ... }
 * </pre>
 * The cursor is only meaningful on a header that {@link #validate(boolean) validated}.
 */
public abstract sealed class OptionsHeader permits HopByHopOptions, DestinationOptions {
    public static final int OFF_NEXT_HEADER = 0;
    public static final int OFF_HDR_EXT_LEN = 1;
    public static final int OFF_OPTIONS = 2;
    /** The smallest options header: 8 bytes. */
    public static final int MIN_LENGTH = 8;

    /** Pad1 option type (RFC 8200 4.2): one zero byte, no length field. */
    public static final int PAD1 = 0;
    /** PadN option type (RFC 8200 4.2): N-2 zero data bytes. */
    public static final int PADN = 1;

    protected byte[] buf;
    protected int off;
    protected int limit;
    private int homeAddressOption = -1;

    OptionsHeader() {}

    /** Views the header at {@code off}; {@code len} is the number of bytes available there. */
    public OptionsHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.limit = off + len;
        this.homeAddressOption = -1;
        return this;
    }

    /** Whether this header understands option {@code type} (other than Pad1/PadN). */
    abstract boolean knows(int type);

    /** Checks a known option's length and alignment; {@code pos} is its Option Type byte. */
    abstract WireError checkKnown(int type, int pos, int dataLength);

    /** Same as {@code validate(false)}: a unicast destination. */
    public WireError validate() {
        return validate(false);
    }

    /**
     * Checks that the header fits the bytes available and walks its options once (RFC 8200 4.2).
     * Returns {@code null} when the header is good; unknown options whose type starts with bits
     * 00 are skipped. {@code multicastDestination} decides the answer for types starting 11.
     */
    public WireError validate(boolean multicastDestination) {
        homeAddressOption = -1;
        if (limit - off < MIN_LENGTH) {
            return WireError.discard(name(), off, WireError.Reason.TRUNCATED,
                    "needs at least " + MIN_LENGTH + " bytes, has " + Math.max(0, limit - off));
        }
        int end = end();
        if (end > limit) {
            return WireError.discard("Hdr Ext Len", off + OFF_HDR_EXT_LEN, WireError.Reason.TRUNCATED,
                    name() + " of " + length() + " bytes but only " + (limit - off) + " remain");
        }
        int p = off + OFF_OPTIONS;
        while (p < end) {
            int type = buf[p] & 0xff;
            if (type == PAD1) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return WireError.discard("Opt Data Len", p, WireError.Reason.BAD_LENGTH,
                        "option type " + type + " has no length byte before the header ends");
            }
            int dataLength = buf[p + 1] & 0xff;
            if (p + 2 + dataLength > end) {
                return WireError.discard("Opt Data Len", p + 1, WireError.Reason.BAD_LENGTH,
                        "option type " + type + " of " + dataLength + " data bytes runs "
                                + (p + 2 + dataLength - end) + " bytes past the header end");
            }
            if (type != PADN) {
                if (knows(type)) {
                    WireError e = checkKnown(type, p, dataLength);
                    if (e != null) {
                        return e;
                    }
                    if (type == HomeAddressOption.TYPE) {
                        homeAddressOption = p;
                    }
                } else {
                    WireError.Answer answer = unknownOptionAnswer(type, multicastDestination);
                    if (answer != WireError.Answer.IGNORE) {
                        return new WireError("Option Type", p, WireError.Reason.UNKNOWN_TYPE,
                                "unrecognised option type 0x" + Integer.toHexString(type) + " (action bits "
                                        + Integer.toBinaryString(0b100 | (type >>> 6)).substring(1) + ")", answer);
                    }
                }
            }
            p += 2 + dataLength;
        }
        return null;
    }

    /**
     * What to do with a packet carrying an unrecognised option {@code type}, from its two
     * high-order bits (RFC 8200 4.2).
     */
    public static WireError.Answer unknownOptionAnswer(int type, boolean multicastDestination) {
        switch ((type >>> 6) & 3) {
            case 0:
                return WireError.Answer.IGNORE;
            case 1:
                return WireError.Answer.DISCARD;
            case 2:
                return WireError.Answer.PARAMETER_PROBLEM_OPTION;
            default:
                return multicastDestination ? WireError.Answer.DISCARD : WireError.Answer.PARAMETER_PROBLEM_OPTION;
        }
    }

    /** Whether an option of this type may change en route (third-highest type bit, RFC 8200 4.2). */
    public static boolean mayChangeEnRoute(int type) {
        return (type & 0x20) != 0;
    }

    String name() {
        return getClass().getSimpleName();
    }

    public int nextHeader() {
        return buf[off + OFF_NEXT_HEADER] & 0xff;
    }

    public int hdrExtLen() {
        return buf[off + OFF_HDR_EXT_LEN] & 0xff;
    }

    /** Length of the whole header in bytes: {@code (Hdr Ext Len + 1) * 8}. */
    public int length() {
        return (hdrExtLen() + 1) * 8;
    }

    public int offset() {
        return off;
    }

    /** Absolute position just past the header. */
    public int end() {
        return off + length();
    }

    /** Absolute position of the first option. */
    public int firstOption() {
        return off + OFF_OPTIONS;
    }

    /** Absolute position of the option after the one at {@code p}. */
    public int nextOption(int p) {
        return (buf[p] & 0xff) == PAD1 ? p + 1 : p + 2 + (buf[p + 1] & 0xff);
    }

    public int optionType(int p) {
        return buf[p] & 0xff;
    }

    /** Opt Data Len of the option at {@code p}; 0 for Pad1. */
    public int optionDataLength(int p) {
        return (buf[p] & 0xff) == PAD1 ? 0 : buf[p + 1] & 0xff;
    }

    /**
     * Absolute position of the Home Address option's type byte found by the last successful
     * {@link #validate(boolean)}, or -1 when there is none.
     */
    public int homeAddressOptionOffset() {
        return homeAddressOption;
    }

    /**
     * Writes PadN (or Pad1 when {@code n == 1}) filling {@code n} bytes at {@code p}; nothing when
     * {@code n == 0}. Returns {@code n}.
     */
    public static int writePadding(byte[] b, int p, int n) {
        if (n == 1) {
            b[p] = PAD1;
        } else if (n >= 2) {
            b[p] = PADN;
            b[p + 1] = (byte) (n - 2);
            for (int i = 2; i < n; i++) {
                b[p + i] = 0;
            }
        }
        return n;
    }
}
