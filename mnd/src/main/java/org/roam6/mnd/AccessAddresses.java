package org.roam6.mnd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * The kernel's IPv6 addresses, as movement detection needs them (RFC 6275 11.5.1: the care-of
 * address is the one stateless autoconfiguration, RFC 4862, formed on the new link's prefix).
 * The real source is {@code /proc/net/if_inet6}; tests give a fake.
 */
@FunctionalInterface
public interface AccessAddresses {
    /** The file the kernel lists its IPv6 addresses in. */
    Path PROC_IF_INET6 = Path.of("/proc/net/if_inet6");

    /** Every address the kernel has now, on every interface. */
    List<Entry> addresses() throws IOException;

    /** {@link #addresses()} read from {@code /proc/net/if_inet6}. */
    static AccessAddresses procfs() {
        return procfs(PROC_IF_INET6);
    }

    /** {@link #addresses()} read from a file in the format of {@code /proc/net/if_inet6}. */
    static AccessAddresses procfs(Path file) {
        Objects.requireNonNull(file, "file");
        return () -> parse(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /**
     * Parses the text of {@code /proc/net/if_inet6}: per line the address as 32 hex digits, then
     * in hex the interface index, the prefix length, the scope and the flags, then the interface
     * name. Lines that do not fit are skipped (a later kernel may add columns: those are ignored).
     */
    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[0].length() != 32) {
                continue;
            }
            try {
                long hi = Long.parseUnsignedLong(f[0].substring(0, 16), 16);
                long lo = Long.parseUnsignedLong(f[0].substring(16), 16);
                out.add(new Entry(new Ipv6Address(hi, lo), Integer.parseInt(f[1], 16), Integer.parseInt(f[2], 16),
                        Integer.parseInt(f[3], 16), Integer.parseInt(f[4], 16), f[5]));
            } catch (NumberFormatException e) {
                // not an address line
            }
        }
        return out;
    }

    /**
     * One line of {@code /proc/net/if_inet6}.
     *
     * @param scope the kernel's scope: {@link #SCOPE_GLOBAL}, {@link #SCOPE_LINK}, ...
     * @param flags the {@code IFA_F_*} flags
     */
    record Entry(Ipv6Address address, int interfaceIndex, int prefixLength, int scope, int flags,
                 String interfaceName) {
        public static final int SCOPE_GLOBAL = 0x00;
        public static final int SCOPE_HOST = 0x10;
        public static final int SCOPE_LINK = 0x20;
        /** IFA_F_SECONDARY, also IFA_F_TEMPORARY (RFC 8981 temporary address). */
        public static final int FLAG_TEMPORARY = 0x01;
        public static final int FLAG_NODAD = 0x02;
        public static final int FLAG_OPTIMISTIC = 0x04;
        public static final int FLAG_DADFAILED = 0x08;
        public static final int FLAG_DEPRECATED = 0x20;
        public static final int FLAG_TENTATIVE = 0x40;
        public static final int FLAG_PERMANENT = 0x80;

        public Entry {
            Objects.requireNonNull(address, "address");
        }

        /**
         * Whether the address can be a source now: not failed Duplicate Address Detection, and
         * either past it or optimistic (RFC 4429: usable while DAD runs).
         */
        public boolean usable() {
            if ((flags & FLAG_DADFAILED) != 0) {
                return false;
            }
            return (flags & FLAG_TENTATIVE) == 0 || (flags & FLAG_OPTIMISTIC) != 0;
        }

        public boolean global() {
            return scope == SCOPE_GLOBAL;
        }

        /** The kernel's preference among usable addresses on one prefix: neither deprecated nor temporary. */
        boolean preferred() {
            return (flags & (FLAG_DEPRECATED | FLAG_TEMPORARY)) == 0;
        }
    }

    /**
     * The usable global address on {@code prefix} on interface {@code interfaceIndex}, preferring
     * one that is neither deprecated nor temporary; null if there is none.
     */
    static Ipv6Address find(List<Entry> entries, int interfaceIndex, Ipv6Prefix prefix) {
        Ipv6Address fallback = null;
        for (Entry e : entries) {
            if (e.interfaceIndex() != interfaceIndex || !e.global() || !e.usable() || !prefix.contains(e.address())) {
                continue;
            }
            if (e.preferred()) {
                return e.address();
            }
            if (fallback == null) {
                fallback = e.address();
            }
        }
        return fallback;
    }
}
