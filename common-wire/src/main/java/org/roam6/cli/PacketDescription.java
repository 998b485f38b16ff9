package org.roam6.cli;

import java.util.List;
import java.util.Map;

/**
 * What {@code roam6 decode} says about one packet: the fields a reader of a Mobile IPv6 capture
 * looks for, already in the units people use (lifetimes in seconds, flags as letters, status
 * with its RFC name). {@link PacketDescriber} makes it from bytes; {@link PacketText} and
 * {@link PacketJson} print it. Every field that does not apply to the packet is {@code null}
 * (lists too), so the JSON form has the same keys on every line.
 *
 * @param index        1-based position in the input (the pcap record number for captures)
 * @param skipped      why a capture record was not decoded (not IPv6), else null
 * @param src          IPv6 source
 * @param dst          IPv6 destination
 * @param hoa          address of the Home Address destination option (RFC 6275 6.3)
 * @param rh2          address of the Type 2 routing header (RFC 6275 6.4)
 * @param nextHeaders  Next Header values of the chain, from the IPv6 header's to the upper layer's
 * @param proto        upper-layer protocol name ("MH", "ICMPv6", "IPv6-in-IPv6", "UDP" ...)
 * @param length       bytes of the IPv6 packet (header and payload, no link padding)
 * @param fragment     the Fragment header, if any
 * @param mhType       MH Type (RFC 6275 6.1)
 * @param mhName       its short name ("BU", "BA" ...)
 * @param icmpType     ICMPv6 type
 * @param icmpCode     ICMPv6 code
 * @param icmpName     ICMPv6 type name
 * @param seq          BU/BA Sequence #, or Echo sequence
 * @param flags        flag letters: BU "AHLKMR" (M as configured), BA "KR", RA "MOH", PIO "LAR"-style
 * @param lifetimeS    BU/BA lifetime in seconds (the 4-second units times 4); RA router lifetime
 * @param status       BA or BE Status
 * @param statusName   its name in the RFC's words
 * @param homeAddress  the Home Address field of a Binding Error
 * @param cookie       HoTI/CoTI/HoT/CoT init cookie, 16 hex digits
 * @param keygenToken  HoT/CoT keygen token, 16 hex digits
 * @param nonceIndex   HoT home nonce index or CoT care-of nonce index
 * @param identifier   DHAAD/MPS/MPA/Echo identifier
 * @param haAddresses  home agents: DHAAD Reply, Home Agent Unreachable, Multiple Home Agents option
 * @param prefixes     prefixes of Prefix Information options (RA, MPA) and Mobile Network Prefix options
 * @param pointer      Parameter Problem pointer
 * @param target       NS/NA target
 * @param srcPort      UDP/TCP source port
 * @param dstPort      UDP/TCP destination port
 * @param options      mobility options (MH) or ND options (ICMPv6), padding left out
 * @param checksumOk   whether the upper-layer checksum verifies (null: no checksum, or a fragment)
 * @param inner        the packet inside IPv6-in-IPv6, or the invoking packet of an ICMPv6 error
 * @param error        why the packet did not decode
 */
public record PacketDescription(
        int index, String skipped,
        String src, String dst, String hoa, String rh2, List<Integer> nextHeaders, String proto, Integer length,
        Fragment fragment,
        Integer mhType, String mhName, Integer icmpType, Integer icmpCode, String icmpName,
        Integer seq, String flags, Integer lifetimeS, Integer status, String statusName, String homeAddress,
        String cookie, String keygenToken, Integer nonceIndex, Integer identifier,
        List<String> haAddresses, List<String> prefixes, Long pointer, String target, Integer srcPort, Integer dstPort,
        List<Option> options, Boolean checksumOk, PacketDescription inner, DecodeError error) {

    /**
     * One mobility option or ND option.
     *
     * @param type    the option type as on the wire
     * @param name    its name in the RFC's words
     * @param fields  typed fields in print order (strings, numbers, booleans, lists of strings)
     * @param summary a short human-readable form for the one-line output
     */
    public record Option(int type, String name, Map<String, Object> fields, String summary) {
        public Option {
            fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        }
    }

    /**
     * Why a packet did not decode, as the decoders report it ({@link org.roam6.wire.WireError}),
     * or a capture record that could not be read ({@link org.roam6.wire.pcap.PcapError}).
     *
     * @param field  the field at fault
     * @param offset byte offset from the first byte of the packet on this line (from the file
     *               start for a capture record fault)
     * @param reason the kind of fault
     * @param detail a short explanation
     * @param answer what a receiver sends back (a {@link org.roam6.wire.WireError.Answer} name),
     *               null for capture record faults
     */
    public record DecodeError(String field, long offset, String reason, String detail, String answer) {}

    /** A Fragment header (RFC 8200 4.5): offset in bytes, M flag, identification. */
    public record Fragment(int offset, boolean more, long identification) {}

    /** Whether this packet, or the tunnelled packet inside it, did not decode. */
    public boolean failed() {
        if (error != null) {
            return true;
        }
        return inner != null && "IPv6-in-IPv6".equals(proto) && inner.failed();
    }

    /** A record of a capture that is not an IPv6 packet. */
    public static PacketDescription skipped(int index, String why) {
        Builder b = new Builder(index);
        b.skipped = why;
        return b.build();
    }

    /** Mutable collector of the fields, for {@link PacketDescriber}. */
    static final class Builder {
        final int index;
        String skipped;
        String src;
        String dst;
        String hoa;
        String rh2;
        List<Integer> nextHeaders;
        String proto;
        Integer length;
        Fragment fragment;
        Integer mhType;
        String mhName;
        Integer icmpType;
        Integer icmpCode;
        String icmpName;
        Integer seq;
        String flags;
        Integer lifetimeS;
        Integer status;
        String statusName;
        String homeAddress;
        String cookie;
        String keygenToken;
        Integer nonceIndex;
        Integer identifier;
        List<String> haAddresses;
        List<String> prefixes;
        Long pointer;
        String target;
        Integer srcPort;
        Integer dstPort;
        List<Option> options;
        Boolean checksumOk;
        PacketDescription inner;
        DecodeError error;

        Builder(int index) {
            this.index = index;
        }

        PacketDescription build() {
            return new PacketDescription(index, skipped, src, dst, hoa, rh2,
                    nextHeaders == null ? null : List.copyOf(nextHeaders), proto, length, fragment,
                    mhType, mhName, icmpType, icmpCode, icmpName, seq, flags, lifetimeS, status, statusName,
                    homeAddress, cookie, keygenToken, nonceIndex, identifier,
                    haAddresses == null ? null : List.copyOf(haAddresses),
                    prefixes == null ? null : List.copyOf(prefixes), pointer, target, srcPort, dstPort,
                    options == null ? null : List.copyOf(options), checksumOk, inner, error);
        }
    }
}
