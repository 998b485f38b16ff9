package org.roam6.net;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * {@link PacketCapture} through libpcap (pcap4j's raw-bytes API: {@code getNextRawPacket},
 * {@code sendPacket(byte[])}). Handles Ethernet (with one 802.1Q tag), raw IP (TUN) and Linux
 * cooked links. Open it on a thread in the interface's network namespace.
 */
public final class PcapPacketCapture implements PacketCapture {
    static final int DLT_EN10MB = 1;
    static final int DLT_RAW_LINUX = 12;
    static final int DLT_RAW = 101;
    static final int DLT_LINUX_SLL = 113;
    static final int ETHER_HEADER = 14;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_VLAN = 0x8100;
    /**
     * A TPACKET_V3 capture (libpcap 1.10 on Linux) blocks in pcap_next until a packet comes,
     * whatever its read timeout, so the handle is non-blocking and {@link #receive} waits between
     * empty reads, 1 ms at first, doubling to this many milliseconds while the link stays quiet.
     */
    private static final int MAX_IDLE_MILLIS = 8;
    private static final int LEARNED_MAX = 4096;

    private final String device;
    private final PcapHandle handle;
    private final int dlt;
    private final MacAddress ownMac;
    private final byte[] frame = new byte[ETHER_HEADER + RawIpv6Socket.MAX_PACKET];
    private final Map<Ipv6Address, MacAddress> learned = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Ipv6Address, MacAddress> e) {
            return size() > LEARNED_MAX;
        }
    };
    private volatile boolean closed;

    private PcapPacketCapture(String device, PcapHandle handle, MacAddress ownMac) {
        this.device = device;
        this.handle = handle;
        this.dlt = handle.getDlt().value();
        this.ownMac = ownMac;
    }

    /**
     * Opens a capture on {@code device} with BPF {@code filter} (e.g. {@code "ip6 protochain 135"},
     * null for everything); {@code inboundOnly} skips packets this host sends.
     */
    public static PcapPacketCapture open(String device, String filter, boolean inboundOnly) throws NetException {
        PcapHandle h;
        try {
            PcapHandle.Builder b = new PcapHandle.Builder(device)
                    .snaplen(65_535 + 64)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(1)
                    .immediateMode(true);
            if (inboundOnly) {
                b.direction(PcapHandle.PcapDirection.IN);
            }
            h = b.build();
        } catch (PcapNativeException e) {
            throw new NetException("pcap open " + device + ": " + e.getMessage(), 0,
                    Errno.whatToFix("pcap", 0, device));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new NetException("loading libpcap", "install libpcap (apt-get install libpcap0.8)", e);
        }
        try {
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            if (filter != null) {
                h.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            return new PcapPacketCapture(device, h, hardwareAddress(device));
        } catch (PcapNativeException e) {
            h.close();
            throw new NetException("pcap filter '" + filter + "': " + e.getMessage(), 0,
                    "fix the BPF expression (see man pcap-filter)");
        } catch (NotOpenException | NetException | RuntimeException e) {
            h.close();
            throw e instanceof NetException ne ? ne : new NetException("pcap open " + device, "see the cause", e);
        }
    }

    /**
     * The interface's Ethernet address (ioctl SIOCGIFHWADDR) in the calling thread's network
     * namespace, or null when the link has none (TUN).
     */
    public static MacAddress hardwareAddress(String device) throws NetException {
        int fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errno.fail("socket(AF_INET6, SOCK_DGRAM)", device);
        }
        try {
            Memory ifr = new Memory(LinuxTunDevice.IFREQ_LENGTH);
            ifr.clear();
            byte[] n = device.getBytes(StandardCharsets.US_ASCII);
            ifr.write(0, n, 0, Math.min(n.length, LinuxTunDevice.IFNAMSIZ - 1));
            if (LibC.ioctl(fd, LibC.SIOCGIFHWADDR, ifr) < 0) {
                throw Errno.fail("ioctl SIOCGIFHWADDR " + device, device);
            }
            int family = ifr.getShort(16) & 0xffff;
            if (family != 1) { // ARPHRD_ETHER
                return null;
            }
            byte[] mac = ifr.getByteArray(18, 6);
            return MacAddress.read(mac, 0);
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public String device() {
        return device;
    }

    /** This interface's own MAC address, null on links without one. */
    public MacAddress ownAddress() {
        return ownMac;
    }

    /** The MAC address learned for {@code ip}, or null. */
    public MacAddress learned(Ipv6Address ip) {
        synchronized (learned) {
            return learned.get(ip);
        }
    }

    @Override
    public int receive(byte[] buf, int off, int len, CaptureInfo info, long timeoutMillis) throws NetException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        long idleNanos = 1_000_000L;
        while (!closed) {
            byte[] raw;
            try {
                raw = handle.getNextRawPacket();
            } catch (NotOpenException e) {
                return CLOSED;
            }
            if (raw != null) {
                int n = unframe(raw, buf, off, len, info);
                if (n >= 0) {
                    return n;
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return TIMEOUT;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(idleNanos, left));
            idleNanos = Math.min(idleNanos * 2, MAX_IDLE_MILLIS * 1_000_000L);
        }
        return CLOSED;
    }

    /** Strips the link header; returns the IPv6 length, or -1 for a frame that is not IPv6. */
    private int unframe(byte[] raw, byte[] buf, int off, int len, CaptureInfo info) {
        int start;
        MacAddress src = null;
        MacAddress dst = null;
        switch (dlt) {
            case DLT_EN10MB -> {
                if (raw.length < ETHER_HEADER) {
                    return -1;
                }
                int type = Bytes.u16(raw, 12);
                start = ETHER_HEADER;
                if (type == ETHERTYPE_VLAN && raw.length >= ETHER_HEADER + 4) {
                    type = Bytes.u16(raw, 16);
                    start += 4;
                }
                if (type != ETHERTYPE_IPV6) {
                    return -1;
                }
                dst = MacAddress.read(raw, 0);
                src = MacAddress.read(raw, 6);
            }
            case DLT_LINUX_SLL -> {
                if (raw.length < 16 || Bytes.u16(raw, 14) != ETHERTYPE_IPV6) {
                    return -1;
                }
                start = 16;
            }
            default -> start = 0;
        }
        if (raw.length - start < Ipv6Header.LENGTH || (raw[start] & 0xf0) != 0x60) {
            return -1;
        }
        int n = Math.min(raw.length - start, len);
        System.arraycopy(raw, start, buf, off, n);
        if (src != null && !src.isMulticast()) {
            Ipv6Address ipSrc = Ipv6Address.read(raw, start + Ipv6Header.OFF_SOURCE);
            if (!ipSrc.isUnspecified()) {
                synchronized (learned) {
                    learned.put(ipSrc, src);
                }
            }
        }
        if (info != null) {
            Timestamp ts = handle.getTimestamp();
            long micros = ts == null ? 0 : ts.getTime() / 1000 * 1_000_000L + ts.getNanos() / 1000;
            Integer orig = handle.getOriginalLength();
            info.set(src, dst, micros, orig == null ? raw.length : orig);
        }
        return n;
    }

    @Override
    public void inject(byte[] buf, int off, int len) throws NetException {
        if (dlt != DLT_EN10MB) {
            inject(buf, off, len, null, null);
            return;
        }
        if (len < Ipv6Header.LENGTH) {
            throw new IllegalArgumentException("an IPv6 packet has at least 40 bytes, not " + len);
        }
        Ipv6Address dst = Ipv6Address.read(buf, off + Ipv6Header.OFF_DESTINATION);
        MacAddress dmac = dst.isMulticast() ? MacAddress.ofMulticast(dst) : learned(dst);
        if (dmac == null) {
            throw new NetException("inject to " + dst + " on " + device, 0,
                    "no MAC address known for " + dst + ": give the MAC addresses, or capture a packet from it first");
        }
        if (ownMac == null) {
            throw new NetException("inject on " + device, 0, device + " has no MAC address of its own: give the source MAC");
        }
        inject(buf, off, len, ownMac, dmac);
    }

    @Override
    public void inject(byte[] buf, int off, int len, MacAddress source, MacAddress destination) throws NetException {
        try {
            synchronized (frame) {
                if (dlt == DLT_EN10MB) {
                    destination.write(frame, 0);
                    source.write(frame, 6);
                    Bytes.put16(frame, 12, ETHERTYPE_IPV6);
                    System.arraycopy(buf, off, frame, ETHER_HEADER, len);
                    handle.sendPacket(frame, ETHER_HEADER + len);
                } else {
                    System.arraycopy(buf, off, frame, 0, len);
                    handle.sendPacket(frame, len);
                }
            }
        } catch (PcapNativeException e) {
            throw new NetException("pcap inject on " + device + ": " + e.getMessage(), 0,
                    "check that " + device + " is up and the packet fits its MTU");
        } catch (NotOpenException e) {
            throw new NetException("inject on closed capture " + device, 0, "open the capture again");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        handle.close();
    }
}
