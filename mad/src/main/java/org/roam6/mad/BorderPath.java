package org.roam6.mad;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.binding.Binding;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Bytes;
import org.roam6.wire.HomeAddressOption;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mobility Agent's work on one packet the border steered to it ({@link BorderInterception}):
 * every packet handed in is either given back to the kernel to forward (changed or not) or
 * answered and consumed. Nothing here does I/O; {@link Output} takes what goes back.
 *
 * <h2>Towards a served correspondent</h2>
 * <ul>
 *   <li>Home Test Init, Care-of Test Init and Binding Update (Mobility Header types 1, 2, 5)
 *       are the agent's ({@link CorrespondentAgent}): its Home Test, Care-of Test, Binding
 *       Acknowledgement, or an ICMPv6 Parameter Problem code 1 pointing at the Next Header
 *       field that announced the Mobility Header (a legacy mobile node, paper 003), go back out
 *       with the correspondent's address as source. They never reach the correspondent. Other
 *       Mobility Header types pass.
 *   <li>A packet with a Home Address option (RFC 6275 9.3.1): with a binding of that home address
 *       at that correspondent whose care-of address is the packet's source, the option is taken
 *       out (the whole Destination Options header when it held nothing else, else the option
 *       becomes a PadN of the same size), the home address becomes the source and the packet goes
 *       on. Its upper-layer checksum was computed by the mobile node over the home address
 *       (RFC 6275 11.3.1), so it is right as it stands. Without such a binding: a Binding Error
 *       status 1 to the source (rate-limited, {@link #ERRORS_PER_SECOND} per second) and the
 *       packet is dropped.
 *   <li>Anything else passes unchanged.
 * </ul>
 *
 * <h2>From a served correspondent</h2>
 * To a home address it has a binding for: the destination becomes the care-of address and a Type
 * 2 routing header (inserted after a Hop-by-Hop Options header, else first) carries the home
 * address (RFC 6275 6.4, 9.3.2). The correspondent computed its checksum over the home address,
 * the final destination, so it stays right. A packet that would then exceed the link MTU gets an
 * ICMPv6 Packet Too Big for MTU - 24 back to the correspondent, its own packet (to the home
 * address) as the invoking packet, so the correspondent's path MTU for the home address shrinks,
 * as a tunnel entry point does (RFC 4459). Without a binding it passes unchanged.
 */
public final class BorderPath {

    private static final Logger LOG = LoggerFactory.getLogger(BorderPath.class);

    /** The link MTU assumed on the way to care-of addresses unless told otherwise. */
    public static final int DEFAULT_LINK_MTU = 1500;
    /** Binding Errors, Parameter Problems and Packet Too Bigs the border sends per second at most (burst 10). */
    public static final double ERRORS_PER_SECOND = 10;

    /** Where packets go back to the kernel (the TUN). */
    public interface Output {
        void send(byte[] b, int off, int len);
    }

    /** Counter names of {@link #counts()}. */
    public enum Count {
        /** MN to CN: Home Address option taken out, home address as source. */
        TRANSLATED_TO_CORRESPONDENT,
        /** CN to MN: Type 2 routing header added, care-of address as destination. */
        ROUTED_TO_CARE_OF,
        /** Given back unchanged. */
        PASSED,
        /** Return Routability and Binding Updates handled by the agent. */
        SIGNALLING,
        /** Replies of the agent sent (HoT, CoT, BA, BRR). */
        SIGNALLING_SENT,
        /** Parameter Problems sent to legacy mobile nodes. */
        PARAMETER_PROBLEM_SENT,
        /** Binding Errors status 1 sent (Home Address option without binding). */
        BINDING_ERROR_SENT,
        /** Packet Too Big sent to a correspondent. */
        PACKET_TOO_BIG_SENT,
        /** Dropped: Home Address option without a binding. */
        DROP_NO_BINDING,
        /** Dropped: not an IPv6 packet, or headers that do not hold together. */
        DROP_MALFORMED,
        /** Dropped: an error answer was due but over the rate limit. */
        DROP_RATE_LIMITED
    }

    private final CorrespondentAgent agent;
    private final MobilityExtensions ext;
    private final Ipv6Address ownAddress;
    private final int linkMtu;
    private final RateLimiter errors;
    private final Map<Count, LongAdder> packets = new ConcurrentHashMap<>();
    private final LongAdder translatedBytes = new LongAdder();
    private final LongAdder routedBytes = new LongAdder();

    /**
     * @param ownAddress the border's own address, source of Packet Too Big messages
     * @param linkMtu    the MTU on the way to care-of addresses (at least 1280 + 24)
     */
    public BorderPath(CorrespondentAgent agent, MobilityExtensions ext, Ipv6Address ownAddress, int linkMtu,
                      RateLimiter errors) {
        if (linkMtu < 1280 + RoutingHeaderType2.LENGTH || linkMtu > 65_535) {
            throw new IllegalArgumentException("link MTU " + linkMtu + " is not 1304-65535");
        }
        this.agent = agent;
        this.ext = ext;
        this.ownAddress = ownAddress;
        this.linkMtu = linkMtu;
        this.errors = errors;
        for (Count c : Count.values()) {
            packets.put(c, new LongAdder());
        }
    }

    /** One packet, {@code p[0..len)}, as read from the TUN; {@code p} may be changed and must have 24 spare bytes. */
    public void handle(byte[] p, int len, Output out) {
        if (len < Ipv6Header.LENGTH || (p[0] & 0xf0) != 0x60
                || Ipv6Header.LENGTH + Bytes.u16(p, Ipv6Header.OFF_PAYLOAD_LENGTH) != len) {
            count(Count.DROP_MALFORMED);
            return;
        }
        Ipv6Address source = Ipv6Address.read(p, Ipv6Header.OFF_SOURCE);
        Ipv6Address destination = Ipv6Address.read(p, Ipv6Header.OFF_DESTINATION);
        if (agent.serves(destination)) {
            towardsCorrespondent(p, len, source, destination, out);
        } else if (agent.serves(source)) {
            fromCorrespondent(p, len, source, destination, out);
        } else {
            pass(p, len, out);
        }
    }

    // ------------------------------------------------------------------ MN -> CN

    private void towardsCorrespondent(byte[] p, int len, Ipv6Address source, Ipv6Address cn, Output out) {
        // walk: [Hop-by-Hop] [Routing] [Destination Options] then the upper layer
        int nextField = Ipv6Header.OFF_NEXT_HEADER;
        int next = p[nextField] & 0xff;
        int off = Ipv6Header.LENGTH;
        int dstOptsField = -1;
        int dstOptsOff = -1;
        int haoOff = -1;
        for (int hops = 0; hops < 8; hops++) {
            if (next != IpProtocol.HOP_BY_HOP && next != IpProtocol.ROUTING && next != IpProtocol.DESTINATION_OPTIONS) {
                break;
            }
            if (off + 8 > len) {
                count(Count.DROP_MALFORMED);
                return;
            }
            int hlen = ((p[off + 1] & 0xff) + 1) * 8;
            if (off + hlen > len) {
                count(Count.DROP_MALFORMED);
                return;
            }
            if (next == IpProtocol.DESTINATION_OPTIONS && dstOptsOff < 0) {
                dstOptsField = nextField;
                dstOptsOff = off;
                haoOff = findHomeAddressOption(p, off, hlen);
                if (haoOff == -2) {
                    count(Count.DROP_MALFORMED);
                    return;
                }
            }
            nextField = off;
            next = p[off] & 0xff;
            off += hlen;
        }
        Ipv6Address hoa = haoOff >= 0 ? Ipv6Address.read(p, haoOff + HomeAddressOption.OFF_HOME_ADDRESS) : null;
        if (next == IpProtocol.MOBILITY && off + 4 <= len) {
            int type = p[off + MobilityHeader.OFF_MH_TYPE] & 0xff;
            if (type == MhType.HOME_TEST_INIT || type == MhType.CARE_OF_TEST_INIT || type == MhType.BINDING_UPDATE) {
                count(Count.SIGNALLING);
                signalling(p, len, source, cn, hoa, off, nextField, out);
                return;
            }
        }
        if (hoa == null) {
            pass(p, len, out);
            return;
        }
        Optional<Binding> b = agent.binding(cn, hoa);
        if (b.isEmpty() || !b.get().careOfAddress().equals(source)) {
            count(Count.DROP_NO_BINDING);
            LOG.debug("{} -> {}: Home Address option {} without a binding{}", source, cn, hoa,
                    b.isPresent() ? " from this care-of address (bound to " + b.get().careOfAddress() + ")" : "");
            bindingError(cn, source, hoa, out);
            return;
        }
        int newLen = removeHomeAddressOption(p, len, dstOptsField, dstOptsOff, haoOff);
        hoa.write(p, Ipv6Header.OFF_SOURCE);
        agent.used(cn, hoa);
        count(Count.TRANSLATED_TO_CORRESPONDENT);
        translatedBytes.add(newLen);
        out.send(p, 0, newLen);
    }

    /**
     * Offset of the Home Address option in the Destination Options header at {@code p[off..off+hlen)},
     * -1 when there is none, -2 when the options do not hold together.
     */
    static int findHomeAddressOption(byte[] p, int off, int hlen) {
        int at = off + 2;
        int end = off + hlen;
        while (at < end) {
            int type = p[at] & 0xff;
            if (type == 0) { // Pad1
                at++;
                continue;
            }
            if (at + 2 > end) {
                return -2;
            }
            int olen = p[at + 1] & 0xff;
            if (at + 2 + olen > end) {
                return -2;
            }
            if (type == HomeAddressOption.TYPE) {
                return olen == HomeAddressOption.DATA_LENGTH ? at : -2;
            }
            at += 2 + olen;
        }
        return -1;
    }

    /** Takes the option out; returns the new length. */
    private static int removeHomeAddressOption(byte[] p, int len, int dstOptsField, int dstOptsOff, int haoOff) {
        int hlen = ((p[dstOptsOff + 1] & 0xff) + 1) * 8;
        boolean onlyPadding = true;
        int at = dstOptsOff + 2;
        while (at < dstOptsOff + hlen) {
            int type = p[at] & 0xff;
            if (type == 0) {
                at++;
                continue;
            }
            if (at != haoOff && type != 1) {
                onlyPadding = false;
            }
            at += 2 + (p[at + 1] & 0xff);
        }
        if (!onlyPadding) {
            // keep the header and its other options: the option becomes PadN of the same 18 bytes
            p[haoOff] = 1;
            p[haoOff + 1] = (byte) HomeAddressOption.DATA_LENGTH;
            java.util.Arrays.fill(p, haoOff + 2, haoOff + HomeAddressOption.LENGTH, (byte) 0);
            return len;
        }
        p[dstOptsField] = p[dstOptsOff];
        System.arraycopy(p, dstOptsOff + hlen, p, dstOptsOff, len - dstOptsOff - hlen);
        int newLen = len - hlen;
        Bytes.put16(p, Ipv6Header.OFF_PAYLOAD_LENGTH, newLen - Ipv6Header.LENGTH);
        return newLen;
    }

    private void signalling(byte[] p, int len, Ipv6Address source, Ipv6Address cn, Ipv6Address hoa, int mhOff,
                            int nextField, Output out) {
        CorrespondentAgent.Answer a = agent.onMobilityHeader(source, cn, hoa, p, mhOff, len - mhOff);
        if (a instanceof CorrespondentAgent.Reply r) {
            send(r, out);
            count(Count.SIGNALLING_SENT);
        } else if (a instanceof CorrespondentAgent.ParameterProblem pp) {
            if (!errors.tryAcquire()) {
                count(Count.DROP_RATE_LIMITED);
                return;
            }
            ParameterProblem m = new ParameterProblem(pp.code(), nextField,
                    Octets.copyOf(p, 0, Math.min(len, ParameterProblem.MAX_INVOKING_PACKET)));
            byte[] icmp = Icmpv6Codec.encode(m, ext);
            sendIcmp(cn, source, icmp, out);
            count(Count.PARAMETER_PROBLEM_SENT);
        }
    }

    /** Sends one of the agent's Mobility Headers as a whole packet. */
    void send(CorrespondentAgent.Reply r, Output out) {
        Ipv6PacketBuilder b = new Ipv6PacketBuilder().source(r.source()).destination(r.destination())
                .payload(IpProtocol.MOBILITY, r.mh()).fillChecksum(false);
        if (r.routingHeader() != null) {
            b.routingHeaderType2(r.routingHeader());
        }
        byte[] pkt = b.build();
        out.send(pkt, 0, pkt.length);
    }

    private void bindingError(Ipv6Address cn, Ipv6Address careOf, Ipv6Address hoa, Output out) {
        if (!errors.tryAcquire()) {
            count(Count.DROP_RATE_LIMITED);
            return;
        }
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingError(
                BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, hoa, java.util.List.of()), ext);
        byte[] pkt = new Ipv6PacketBuilder().source(cn).destination(careOf).payload(IpProtocol.MOBILITY, mh).build();
        out.send(pkt, 0, pkt.length);
        count(Count.BINDING_ERROR_SENT);
    }

    /** An ICMPv6 message as a whole packet; the builder fills its checksum. */
    private void sendIcmp(Ipv6Address source, Ipv6Address destination, byte[] icmp, Output out) {
        byte[] pkt = new Ipv6PacketBuilder().source(source).destination(destination).hopLimit(64)
                .payload(IpProtocol.ICMPV6, icmp).build();
        out.send(pkt, 0, pkt.length);
    }

    // ------------------------------------------------------------------ CN -> MN

    private void fromCorrespondent(byte[] p, int len, Ipv6Address cn, Ipv6Address destination, Output out) {
        Optional<Binding> b = agent.binding(cn, destination);
        if (b.isEmpty()) {
            pass(p, len, out);
            return;
        }
        if (len + RoutingHeaderType2.LENGTH > linkMtu) {
            packetTooBig(p, len, cn, out);
            return;
        }
        if (p.length < len + RoutingHeaderType2.LENGTH) {
            count(Count.DROP_MALFORMED);
            return;
        }
        int at = Ipv6Header.LENGTH;
        int nextField = Ipv6Header.OFF_NEXT_HEADER;
        if ((p[nextField] & 0xff) == IpProtocol.HOP_BY_HOP) {
            if (len < at + 8 || at + ((p[at + 1] & 0xff) + 1) * 8 > len) {
                count(Count.DROP_MALFORMED);
                return;
            }
            nextField = at;
            at += ((p[at + 1] & 0xff) + 1) * 8;
        }
        System.arraycopy(p, at, p, at + RoutingHeaderType2.LENGTH, len - at);
        RoutingHeaderType2.write(p, at, p[nextField] & 0xff, destination);
        p[nextField] = (byte) IpProtocol.ROUTING;
        int newLen = len + RoutingHeaderType2.LENGTH;
        Bytes.put16(p, Ipv6Header.OFF_PAYLOAD_LENGTH, newLen - Ipv6Header.LENGTH);
        b.get().careOfAddress().write(p, Ipv6Header.OFF_DESTINATION);
        agent.used(cn, destination);
        count(Count.ROUTED_TO_CARE_OF);
        routedBytes.add(newLen);
        out.send(p, 0, newLen);
    }

    private void packetTooBig(byte[] p, int len, Ipv6Address cn, Output out) {
        if (!errors.tryAcquire()) {
            count(Count.DROP_RATE_LIMITED);
            return;
        }
        int invoking = Math.min(len, 1280 - Ipv6Header.LENGTH - 8);
        byte[] icmp = new byte[8 + invoking];
        icmp[0] = 2; // Packet Too Big (RFC 4443 3.2)
        Bytes.putInt(icmp, 4, linkMtu - RoutingHeaderType2.LENGTH);
        System.arraycopy(p, 0, icmp, 8, invoking);
        sendIcmp(ownAddress, cn, icmp, out);
        count(Count.PACKET_TOO_BIG_SENT);
    }

    // ------------------------------------------------------------------

    private void pass(byte[] p, int len, Output out) {
        count(Count.PASSED);
        out.send(p, 0, len);
    }

    private void count(Count c) {
        packets.get(c).increment();
    }

    /** Packets by {@link Count}, lower-case names. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        packets.forEach((k, v) -> m.put(k.name().toLowerCase(java.util.Locale.ROOT), v.sum()));
        m.put("translated_to_correspondent_bytes", translatedBytes.sum());
        m.put("routed_to_care_of_bytes", routedBytes.sum());
        return m;
    }

    public long count(String name) {
        return counts().getOrDefault(name, 0L);
    }
}
