package org.roam6.net;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.roam6.wire.Ipv6Address;

/**
 * A destination of the zero-copy send ({@link PacketSocket#send(ByteBuffer, Destination)}) with
 * its {@code struct sockaddr_in6} built once in native memory: a send to it is a single
 * {@code sendto(2)} with nothing to fill per packet. Make one per peer (a data-plane loop keeps
 * it, e.g. one per tunnel endpoint); it belongs to no socket and is immutable and thread-safe.
 * The memory is freed by the garbage collector.
 */
public final class Destination {
    /** sockaddr_in6 (Linux x86_64): family (host order), port, flow info, address, scope id. */
    private static final int OFF_FAMILY = 0;
    private static final int OFF_ADDRESS = 8;
    private static final int OFF_SCOPE_ID = 24;

    private final Ipv6Address address;
    private final int scopeId;
    private final ByteBuffer sockaddr;
    private final long sockaddrAddress;

    private Destination(Ipv6Address address, int scopeId) {
        this.address = address;
        this.scopeId = scopeId;
        this.sockaddr = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
        sockaddr.putShort(OFF_FAMILY, (short) LibC.AF_INET6);
        sockaddr.order(ByteOrder.BIG_ENDIAN).putLong(OFF_ADDRESS, address.hi()).putLong(OFF_ADDRESS + 8, address.lo());
        sockaddr.order(ByteOrder.nativeOrder()).putInt(OFF_SCOPE_ID, scopeId);
        this.sockaddrAddress = Pointer.nativeValue(Native.getDirectBufferPointer(sockaddr));
    }

    /** {@code address} with no scope (a global or unique-local address). */
    public static Destination of(Ipv6Address address) {
        return new Destination(address, 0);
    }

    /**
     * {@code address} reached through interface {@code interfaceIndex}: the scope id a link-local
     * or multicast destination needs (ignored by the kernel for a global one).
     */
    public static Destination of(Ipv6Address address, int interfaceIndex) {
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("interface index " + interfaceIndex + " is negative");
        }
        return new Destination(address, interfaceIndex);
    }

    public Ipv6Address address() {
        return address;
    }

    /** The sockaddr_in6 scope id (interface index), 0 for none. */
    public int scopeId() {
        return scopeId;
    }

    /** The native sockaddr_in6 (28 bytes). */
    long sockaddrAddress() {
        return sockaddrAddress;
    }

    @Override
    public String toString() {
        return scopeId == 0 ? address.toString() : address + "%" + scopeId;
    }
}
