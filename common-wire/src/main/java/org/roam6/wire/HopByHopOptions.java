package org.roam6.wire;

/**
 * Flyweight over the Hop-by-Hop Options header (RFC 8200 4.3; Next Header value 0), which may
 * only follow the IPv6 header immediately (RFC 8200 4.1). roam6 knows Pad1, PadN and Router
 * Alert (RFC 2711, type 5); other options are handled by their action bits as
 * {@link OptionsHeader} describes. A Home Address option here is unknown: it belongs in a
 * Destination Options header (RFC 6275 6.3).
 */
public final class HopByHopOptions extends OptionsHeader {
    /** Router Alert option type (RFC 2711): two data bytes. */
    public static final int ROUTER_ALERT = 5;

    @Override
    public HopByHopOptions wrap(byte[] buf, int off, int len) {
        super.wrap(buf, off, len);
        return this;
    }

    @Override
    boolean knows(int type) {
        return type == ROUTER_ALERT;
    }

    @Override
    WireError checkKnown(int type, int pos, int dataLength) {
        if (dataLength != 2) {
            return WireError.discard("Opt Data Len", pos + 1, WireError.Reason.BAD_LENGTH,
                    "Router Alert has 2 data bytes, not " + dataLength);
        }
        return null;
    }
}
