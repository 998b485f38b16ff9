package org.roam6.net;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The native address of a direct {@link ByteBuffer}, remembered for the buffer last asked about:
 * a data-plane loop passes the same buffer every time, so the lookup (which makes a JNA
 * {@code Pointer}) happens once and a packet costs nothing here. Not thread-safe: one per
 * sending or receiving side, used under that side's lock.
 */
final class DirectBufferAddress {
    private ByteBuffer last;
    private long address;

    /** The address of {@code buf}'s element 0 (add its position); {@code buf} must be direct. */
    long of(ByteBuffer buf) {
        if (buf != last) {
            if (!buf.isDirect()) {
                throw new IllegalArgumentException("not a direct buffer: " + buf);
            }
            address = Pointer.nativeValue(Native.getDirectBufferPointer(buf));
            last = buf;
        }
        return address;
    }
}
