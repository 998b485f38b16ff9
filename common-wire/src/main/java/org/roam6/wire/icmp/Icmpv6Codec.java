package org.roam6.wire.icmp;

import java.util.ArrayList;
import java.util.List;
import org.roam6.wire.Bytes;
import org.roam6.wire.Checksum;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.WireError;

/**
 * Decodes and encodes {@link Icmpv6Message}s (RFC 4443, RFC 4861, RFC 6275 6.5-6.8 and 7,
 * and roam6's {@link HomeAgentUnreachable}).
 *
 * <p>{@link #decode} checks lengths once and never throws on malformed bytes: every fault comes
 * back as a {@link WireError} whose offset is relative to the start of the buffer. Rules:
 * <ul>
 *   <li>A message shorter than its fixed part is {@code TRUNCATED}; bytes after a fixed-size
 *       message (DHAAD Request, Mobile Prefix Solicitation) are ignored.
 *   <li>A message roam6 decodes must have Code 0 (RFC 4861 6.1, 7.1; RFC 6275 6.5-6.8), except
 *       Parameter Problem, whose code is kept; other codes are {@code BAD_VALUE} at the Code.
 *   <li>An ND option of Length 0 is {@code BAD_LENGTH} (RFC 4861 4.6); an option running past
 *       the end is {@code TRUNCATED} at its Length; a known option of the wrong Length is
 *       {@code BAD_LENGTH}; an unknown option is kept as {@link UnknownOption}.
 *   <li>Types roam6 does not decode become {@link UnknownMessage}, not errors.
 * </ul>
 * The Home Agent Unreachable type comes from {@link MobilityExtensions} and is matched before
 * the standard types, so a configuration that reuses a standard type takes it over.
 *
 * <p>The checksum is neither checked by {@code decode} nor written by {@code encode} (it needs
 * the pseudo-header): use {@link #checksumValid} and {@link #fillChecksum}, or
 * {@link org.roam6.wire.Ipv6PacketBuilder} which fills it for a whole packet. Hop limit 255 on
 * ND messages (RFC 4861 6.1) is likewise the caller's check.
 */
public final class Icmpv6Codec {
    private Icmpv6Codec() {}

    // ------------------------------------------------------------------ decode

    /** Decodes the ICMPv6 message at {@code b[off..off+len)}. */
    public static Decoded<Icmpv6Message> decode(byte[] b, int off, int len, MobilityExtensions ext) {
        if (b == null || off < 0 || len < 0 || off + len > b.length || off + len < 0) {
            return Decoded.err(WireError.discard("ICMPv6 header", Math.max(0, off), WireError.Reason.TRUNCATED,
                    "range off=" + off + " len=" + len + " is outside the buffer"));
        }
        if (len < Icmpv6Message.HEADER_LENGTH) {
            return truncated("ICMPv6 header", off, Icmpv6Message.HEADER_LENGTH, len);
        }
        int type = b[off] & 0xff;
        int code = b[off + 1] & 0xff;
        int end = off + len;
        if (type == ext.haUnreachableIcmpType()) {
            WireError e = codeZero(code, off, "Home Agent Unreachable");
            return e != null ? Decoded.err(e) : decodeHomeAgentUnreachable(b, off, end);
        }
        switch (type) {
            case ParameterProblem.TYPE:
                if (len < ParameterProblem.OFF_INVOKING_PACKET) {
                    return truncated("Parameter Problem", off, ParameterProblem.OFF_INVOKING_PACKET, len);
                }
                return Decoded.ok(new ParameterProblem(code, Bytes.u32(b, off + ParameterProblem.OFF_POINTER),
                        Octets.copyOf(b, off + ParameterProblem.OFF_INVOKING_PACKET, len - ParameterProblem.OFF_INVOKING_PACKET)));
            case EchoRequest.TYPE:
            case EchoReply.TYPE:
                return decodeEcho(b, off, len, type, code);
            case RouterSolicitation.TYPE:
            case RouterAdvertisement.TYPE:
            case NeighborSolicitation.TYPE:
            case NeighborAdvertisement.TYPE:
                return decodeNd(b, off, end, type, code);
            case DhaadRequest.TYPE:
            case DhaadReply.TYPE:
            case MobilePrefixSolicitation.TYPE:
            case MobilePrefixAdvertisement.TYPE:
                return decodeMobility(b, off, end, type, code);
            default:
                return Decoded.ok(new UnknownMessage(type, code,
                        Octets.copyOf(b, off + UnknownMessage.OFF_BODY, len - UnknownMessage.OFF_BODY)));
        }
    }

    private static Decoded<Icmpv6Message> decodeEcho(byte[] b, int off, int len, int type, int code) {
        String name = type == EchoRequest.TYPE ? "Echo Request" : "Echo Reply";
        WireError e = codeZero(code, off, name);
        if (e != null) {
            return Decoded.err(e);
        }
        if (len < EchoRequest.OFF_DATA) {
            return truncated(name, off, EchoRequest.OFF_DATA, len);
        }
        int id = Bytes.u16(b, off + EchoRequest.OFF_IDENTIFIER);
        int seq = Bytes.u16(b, off + EchoRequest.OFF_SEQUENCE);
        Octets data = Octets.copyOf(b, off + EchoRequest.OFF_DATA, len - EchoRequest.OFF_DATA);
        return Decoded.ok(type == EchoRequest.TYPE ? new EchoRequest(id, seq, data) : new EchoReply(id, seq, data));
    }

    private static Decoded<Icmpv6Message> decodeNd(byte[] b, int off, int end, int type, int code) {
        String name;
        int fixed;
        switch (type) {
            case RouterSolicitation.TYPE:
                name = "Router Solicitation";
                fixed = RouterSolicitation.OFF_OPTIONS;
                break;
            case RouterAdvertisement.TYPE:
                name = "Router Advertisement";
                fixed = RouterAdvertisement.OFF_OPTIONS;
                break;
            case NeighborSolicitation.TYPE:
                name = "Neighbor Solicitation";
                fixed = NeighborSolicitation.OFF_OPTIONS;
                break;
            default:
                name = "Neighbor Advertisement";
                fixed = NeighborAdvertisement.OFF_OPTIONS;
                break;
        }
        WireError e = codeZero(code, off, name);
        if (e != null) {
            return Decoded.err(e);
        }
        if (end - off < fixed) {
            return truncated(name, off, fixed, end - off);
        }
        List<NdOption> options = new ArrayList<>();
        e = decodeOptions(b, off + fixed, end, options);
        if (e != null) {
            return Decoded.err(e);
        }
        switch (type) {
            case RouterSolicitation.TYPE:
                return Decoded.ok(new RouterSolicitation(options));
            case RouterAdvertisement.TYPE:
                return Decoded.ok(new RouterAdvertisement(
                        b[off + RouterAdvertisement.OFF_CUR_HOP_LIMIT] & 0xff,
                        b[off + RouterAdvertisement.OFF_FLAGS] & 0xff,
                        Bytes.u16(b, off + RouterAdvertisement.OFF_ROUTER_LIFETIME),
                        Bytes.u32(b, off + RouterAdvertisement.OFF_REACHABLE_TIME),
                        Bytes.u32(b, off + RouterAdvertisement.OFF_RETRANS_TIMER),
                        options));
            case NeighborSolicitation.TYPE:
                return Decoded.ok(new NeighborSolicitation(
                        Ipv6Address.read(b, off + NeighborSolicitation.OFF_TARGET), options));
            default: {
                int flags = b[off + NeighborAdvertisement.OFF_FLAGS] & 0xff;
                return Decoded.ok(new NeighborAdvertisement(
                        (flags & NeighborAdvertisement.FLAG_ROUTER) != 0,
                        (flags & NeighborAdvertisement.FLAG_SOLICITED) != 0,
                        (flags & NeighborAdvertisement.FLAG_OVERRIDE) != 0,
                        Ipv6Address.read(b, off + NeighborAdvertisement.OFF_TARGET), options));
            }
        }
    }

    private static Decoded<Icmpv6Message> decodeMobility(byte[] b, int off, int end, int type, int code) {
        int len = end - off;
        switch (type) {
            case DhaadRequest.TYPE: {
                WireError e = codeZero(code, off, "DHAAD Request");
                if (e != null) {
                    return Decoded.err(e);
                }
                if (len < DhaadRequest.LENGTH) {
                    return truncated("DHAAD Request", off, DhaadRequest.LENGTH, len);
                }
                return Decoded.ok(new DhaadRequest(Bytes.u16(b, off + DhaadRequest.OFF_IDENTIFIER),
                        (Bytes.u16(b, off + DhaadRequest.OFF_RESERVED) & DhaadRequest.FLAG_MOBILE_ROUTER) != 0));
            }
            case DhaadReply.TYPE: {
                WireError e = codeZero(code, off, "DHAAD Reply");
                if (e != null) {
                    return Decoded.err(e);
                }
                if (len < DhaadReply.OFF_HOME_AGENTS) {
                    return truncated("DHAAD Reply", off, DhaadReply.OFF_HOME_AGENTS, len);
                }
                int rest = len - DhaadReply.OFF_HOME_AGENTS;
                if (rest % Ipv6Address.LENGTH != 0) {
                    return Decoded.err(WireError.discard("Home Agent Addresses", off + DhaadReply.OFF_HOME_AGENTS
                                    + rest - rest % Ipv6Address.LENGTH, WireError.Reason.BAD_LENGTH,
                            rest + " bytes of addresses is not a multiple of 16"));
                }
                return Decoded.ok(new DhaadReply(Bytes.u16(b, off + DhaadReply.OFF_IDENTIFIER),
                        (Bytes.u16(b, off + DhaadReply.OFF_RESERVED) & DhaadRequest.FLAG_MOBILE_ROUTER) != 0,
                        addresses(b, off + DhaadReply.OFF_HOME_AGENTS, rest / Ipv6Address.LENGTH)));
            }
            case MobilePrefixSolicitation.TYPE: {
                WireError e = codeZero(code, off, "Mobile Prefix Solicitation");
                if (e != null) {
                    return Decoded.err(e);
                }
                if (len < MobilePrefixSolicitation.LENGTH) {
                    return truncated("Mobile Prefix Solicitation", off, MobilePrefixSolicitation.LENGTH, len);
                }
                return Decoded.ok(new MobilePrefixSolicitation(Bytes.u16(b, off + MobilePrefixSolicitation.OFF_IDENTIFIER)));
            }
            default: {
                WireError e = codeZero(code, off, "Mobile Prefix Advertisement");
                if (e != null) {
                    return Decoded.err(e);
                }
                if (len < MobilePrefixAdvertisement.OFF_OPTIONS) {
                    return truncated("Mobile Prefix Advertisement", off, MobilePrefixAdvertisement.OFF_OPTIONS, len);
                }
                List<NdOption> options = new ArrayList<>();
                e = decodeOptions(b, off + MobilePrefixAdvertisement.OFF_OPTIONS, end, options);
                if (e != null) {
                    return Decoded.err(e);
                }
                int flags = Bytes.u16(b, off + MobilePrefixAdvertisement.OFF_FLAGS);
                return Decoded.ok(new MobilePrefixAdvertisement(Bytes.u16(b, off + MobilePrefixAdvertisement.OFF_IDENTIFIER),
                        (flags & MobilePrefixAdvertisement.FLAG_MANAGED) != 0,
                        (flags & MobilePrefixAdvertisement.FLAG_OTHER) != 0, options));
            }
        }
    }

    private static Decoded<Icmpv6Message> decodeHomeAgentUnreachable(byte[] b, int off, int end) {
        int len = end - off;
        if (len < HomeAgentUnreachable.OFF_HOME_AGENTS) {
            return truncated("Home Agent Unreachable", off, HomeAgentUnreachable.OFF_HOME_AGENTS, len);
        }
        int count = Bytes.u16(b, off + HomeAgentUnreachable.OFF_COUNT);
        if (count == 0) {
            return Decoded.err(WireError.discard("Number of Addresses", off + HomeAgentUnreachable.OFF_COUNT,
                    WireError.Reason.BAD_VALUE, "Home Agent Unreachable lists no address"));
        }
        int expected = HomeAgentUnreachable.OFF_HOME_AGENTS + count * Ipv6Address.LENGTH;
        if (len != expected) {
            return Decoded.err(WireError.discard("Number of Addresses", off + HomeAgentUnreachable.OFF_COUNT,
                    len < expected ? WireError.Reason.TRUNCATED : WireError.Reason.BAD_LENGTH,
                    count + " addresses need " + expected + " bytes, message has " + len));
        }
        return Decoded.ok(new HomeAgentUnreachable(addresses(b, off + HomeAgentUnreachable.OFF_HOME_AGENTS, count)));
    }

    private static List<Ipv6Address> addresses(byte[] b, int p, int n) {
        List<Ipv6Address> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Ipv6Address.read(b, p + i * Ipv6Address.LENGTH));
        }
        return list;
    }

    /** Decodes ND options from {@code p} to {@code end} into {@code out}; null when good. */
    static WireError decodeOptions(byte[] b, int p, int end, List<NdOption> out) {
        while (p < end) {
            if (end - p < 2) {
                return WireError.discard("ND option", p, WireError.Reason.TRUNCATED,
                        "option of " + (end - p) + " byte(s) has no Length");
            }
            int type = b[p] & 0xff;
            int units = b[p + NdOption.OFF_LENGTH] & 0xff;
            if (units == 0) {
                return WireError.discard("Length", p + NdOption.OFF_LENGTH, WireError.Reason.BAD_LENGTH,
                        "option type " + type + " has length 0 (RFC 4861 4.6)");
            }
            int size = units * NdOption.UNIT;
            if (size > end - p) {
                return WireError.discard("Length", p + NdOption.OFF_LENGTH, WireError.Reason.TRUNCATED,
                        "option type " + type + " of " + size + " bytes but only " + (end - p) + " remain");
            }
            switch (type) {
                case SourceLinkLayerAddress.TYPE:
                    out.add(new SourceLinkLayerAddress(Octets.copyOf(b, p + 2, size - 2)));
                    break;
                case TargetLinkLayerAddress.TYPE:
                    out.add(new TargetLinkLayerAddress(Octets.copyOf(b, p + 2, size - 2)));
                    break;
                case PrefixInformation.TYPE: {
                    if (units != PrefixInformation.LENGTH_UNITS) {
                        return wrongLength(p, "Prefix Information", units, PrefixInformation.LENGTH_UNITS);
                    }
                    int flags = b[p + PrefixInformation.OFF_FLAGS] & 0xff;
                    out.add(new PrefixInformation(b[p + PrefixInformation.OFF_PREFIX_LENGTH] & 0xff,
                            (flags & PrefixInformation.FLAG_ON_LINK) != 0,
                            (flags & PrefixInformation.FLAG_AUTONOMOUS) != 0,
                            (flags & PrefixInformation.FLAG_ROUTER_ADDRESS) != 0,
                            Bytes.u32(b, p + PrefixInformation.OFF_VALID_LIFETIME),
                            Bytes.u32(b, p + PrefixInformation.OFF_PREFERRED_LIFETIME),
                            Ipv6Address.read(b, p + PrefixInformation.OFF_PREFIX)));
                    break;
                }
                case MtuOption.TYPE:
                    if (units != 1) {
                        return wrongLength(p, "MTU", units, 1);
                    }
                    out.add(new MtuOption(Bytes.u32(b, p + MtuOption.OFF_MTU)));
                    break;
                case AdvertisementInterval.TYPE:
                    if (units != 1) {
                        return wrongLength(p, "Advertisement Interval", units, 1);
                    }
                    out.add(new AdvertisementInterval(Bytes.u32(b, p + AdvertisementInterval.OFF_INTERVAL)));
                    break;
                case HomeAgentInformation.TYPE:
                    if (units != 1) {
                        return wrongLength(p, "Home Agent Information", units, 1);
                    }
                    out.add(new HomeAgentInformation((short) Bytes.u16(b, p + HomeAgentInformation.OFF_PREFERENCE),
                            Bytes.u16(b, p + HomeAgentInformation.OFF_LIFETIME)));
                    break;
                default:
                    out.add(new UnknownOption(type, Octets.copyOf(b, p + 2, size - 2)));
                    break;
            }
            p += size;
        }
        return null;
    }

    private static WireError wrongLength(int p, String name, int units, int expected) {
        return WireError.discard("Length", p + NdOption.OFF_LENGTH, WireError.Reason.BAD_LENGTH,
                name + " option has length " + units + ", must be " + expected);
    }

    private static WireError codeZero(int code, int off, String name) {
        if (code == 0) {
            return null;
        }
        return WireError.discard("Code", off + Icmpv6Message.OFF_CODE, WireError.Reason.BAD_VALUE,
                name + " with code " + code + ", must be 0");
    }

    private static <T> Decoded<T> truncated(String field, int off, int needed, int has) {
        return Decoded.err(WireError.discard(field, off, WireError.Reason.TRUNCATED,
                "needs " + needed + " bytes, has " + has));
    }

    // ------------------------------------------------------------------ encode

    /** Bytes {@link #encode} writes for {@code m}. */
    public static int encodedLength(Icmpv6Message m) {
        if (m instanceof EchoRequest e) {
            return EchoRequest.OFF_DATA + e.data().length();
        } else if (m instanceof EchoReply e) {
            return EchoReply.OFF_DATA + e.data().length();
        } else if (m instanceof ParameterProblem pp) {
            return ParameterProblem.OFF_INVOKING_PACKET + pp.invokingPacket().length();
        } else if (m instanceof RouterSolicitation rs) {
            return RouterSolicitation.OFF_OPTIONS + optionsLength(rs.options());
        } else if (m instanceof RouterAdvertisement ra) {
            return RouterAdvertisement.OFF_OPTIONS + optionsLength(ra.options());
        } else if (m instanceof NeighborSolicitation ns) {
            return NeighborSolicitation.OFF_OPTIONS + optionsLength(ns.options());
        } else if (m instanceof NeighborAdvertisement na) {
            return NeighborAdvertisement.OFF_OPTIONS + optionsLength(na.options());
        } else if (m instanceof DhaadRequest) {
            return DhaadRequest.LENGTH;
        } else if (m instanceof DhaadReply r) {
            return DhaadReply.OFF_HOME_AGENTS + Ipv6Address.LENGTH * r.homeAgents().size();
        } else if (m instanceof MobilePrefixSolicitation) {
            return MobilePrefixSolicitation.LENGTH;
        } else if (m instanceof MobilePrefixAdvertisement mpa) {
            return MobilePrefixAdvertisement.OFF_OPTIONS + optionsLength(mpa.options());
        } else if (m instanceof HomeAgentUnreachable h) {
            return HomeAgentUnreachable.OFF_HOME_AGENTS + Ipv6Address.LENGTH * h.homeAgents().size();
        } else {
            return UnknownMessage.OFF_BODY + ((UnknownMessage) m).body().length();
        }
    }

    /** Encodes {@code m} at {@code out[off]} with checksum 0; returns the length written. */
    public static int encode(Icmpv6Message m, byte[] out, int off, MobilityExtensions ext) {
        int len = encodedLength(m);
        if (off < 0 || out.length - off < len) {
            throw new IllegalArgumentException("buffer has " + (out.length - off) + " bytes from " + off
                    + ", message needs " + len);
        }
        java.util.Arrays.fill(out, off, off + len, (byte) 0);
        if (m instanceof EchoRequest e) {
            header(out, off, EchoRequest.TYPE, 0);
            Bytes.put16(out, off + EchoRequest.OFF_IDENTIFIER, e.identifier());
            Bytes.put16(out, off + EchoRequest.OFF_SEQUENCE, e.sequence());
            e.data().copyTo(out, off + EchoRequest.OFF_DATA);
        } else if (m instanceof EchoReply e) {
            header(out, off, EchoReply.TYPE, 0);
            Bytes.put16(out, off + EchoReply.OFF_IDENTIFIER, e.identifier());
            Bytes.put16(out, off + EchoReply.OFF_SEQUENCE, e.sequence());
            e.data().copyTo(out, off + EchoReply.OFF_DATA);
        } else if (m instanceof ParameterProblem pp) {
            header(out, off, ParameterProblem.TYPE, pp.code());
            Bytes.putInt(out, off + ParameterProblem.OFF_POINTER, (int) pp.pointer());
            pp.invokingPacket().copyTo(out, off + ParameterProblem.OFF_INVOKING_PACKET);
        } else if (m instanceof RouterSolicitation rs) {
            header(out, off, RouterSolicitation.TYPE, 0);
            encodeOptions(rs.options(), out, off + RouterSolicitation.OFF_OPTIONS);
        } else if (m instanceof RouterAdvertisement ra) {
            header(out, off, RouterAdvertisement.TYPE, 0);
            out[off + RouterAdvertisement.OFF_CUR_HOP_LIMIT] = (byte) ra.curHopLimit();
            out[off + RouterAdvertisement.OFF_FLAGS] = (byte) ra.flags();
            Bytes.put16(out, off + RouterAdvertisement.OFF_ROUTER_LIFETIME, ra.routerLifetime());
            Bytes.putInt(out, off + RouterAdvertisement.OFF_REACHABLE_TIME, (int) ra.reachableTime());
            Bytes.putInt(out, off + RouterAdvertisement.OFF_RETRANS_TIMER, (int) ra.retransTimer());
            encodeOptions(ra.options(), out, off + RouterAdvertisement.OFF_OPTIONS);
        } else if (m instanceof NeighborSolicitation ns) {
            header(out, off, NeighborSolicitation.TYPE, 0);
            ns.target().write(out, off + NeighborSolicitation.OFF_TARGET);
            encodeOptions(ns.options(), out, off + NeighborSolicitation.OFF_OPTIONS);
        } else if (m instanceof NeighborAdvertisement na) {
            header(out, off, NeighborAdvertisement.TYPE, 0);
            out[off + NeighborAdvertisement.OFF_FLAGS] = (byte) ((na.router() ? NeighborAdvertisement.FLAG_ROUTER : 0)
                    | (na.solicited() ? NeighborAdvertisement.FLAG_SOLICITED : 0)
                    | (na.override() ? NeighborAdvertisement.FLAG_OVERRIDE : 0));
            na.target().write(out, off + NeighborAdvertisement.OFF_TARGET);
            encodeOptions(na.options(), out, off + NeighborAdvertisement.OFF_OPTIONS);
        } else if (m instanceof DhaadRequest r) {
            header(out, off, DhaadRequest.TYPE, 0);
            Bytes.put16(out, off + DhaadRequest.OFF_IDENTIFIER, r.identifier());
            Bytes.put16(out, off + DhaadRequest.OFF_RESERVED, r.mobileRouter() ? DhaadRequest.FLAG_MOBILE_ROUTER : 0);
        } else if (m instanceof DhaadReply r) {
            header(out, off, DhaadReply.TYPE, 0);
            Bytes.put16(out, off + DhaadReply.OFF_IDENTIFIER, r.identifier());
            Bytes.put16(out, off + DhaadReply.OFF_RESERVED, r.mobileRouter() ? DhaadRequest.FLAG_MOBILE_ROUTER : 0);
            writeAddresses(r.homeAgents(), out, off + DhaadReply.OFF_HOME_AGENTS);
        } else if (m instanceof MobilePrefixSolicitation s) {
            header(out, off, MobilePrefixSolicitation.TYPE, 0);
            Bytes.put16(out, off + MobilePrefixSolicitation.OFF_IDENTIFIER, s.identifier());
        } else if (m instanceof MobilePrefixAdvertisement a) {
            header(out, off, MobilePrefixAdvertisement.TYPE, 0);
            Bytes.put16(out, off + MobilePrefixAdvertisement.OFF_IDENTIFIER, a.identifier());
            Bytes.put16(out, off + MobilePrefixAdvertisement.OFF_FLAGS,
                    (a.managed() ? MobilePrefixAdvertisement.FLAG_MANAGED : 0)
                            | (a.other() ? MobilePrefixAdvertisement.FLAG_OTHER : 0));
            encodeOptions(a.options(), out, off + MobilePrefixAdvertisement.OFF_OPTIONS);
        } else if (m instanceof HomeAgentUnreachable h) {
            header(out, off, ext.haUnreachableIcmpType(), 0);
            Bytes.put16(out, off + HomeAgentUnreachable.OFF_COUNT, h.homeAgents().size());
            writeAddresses(h.homeAgents(), out, off + HomeAgentUnreachable.OFF_HOME_AGENTS);
        } else {
            UnknownMessage u = (UnknownMessage) m;
            header(out, off, u.type(), u.code());
            u.body().copyTo(out, off + UnknownMessage.OFF_BODY);
        }
        return len;
    }

    /** Encodes {@code m} into a new array, checksum 0. */
    public static byte[] encode(Icmpv6Message m, MobilityExtensions ext) {
        byte[] out = new byte[encodedLength(m)];
        encode(m, out, 0, ext);
        return out;
    }

    private static void header(byte[] out, int off, int type, int code) {
        out[off + Icmpv6Message.OFF_TYPE] = (byte) type;
        out[off + Icmpv6Message.OFF_CODE] = (byte) code;
        Bytes.put16(out, off + Icmpv6Message.OFF_CHECKSUM, 0);
    }

    private static void writeAddresses(List<Ipv6Address> list, byte[] out, int p) {
        for (Ipv6Address a : list) {
            a.write(out, p);
            p += Ipv6Address.LENGTH;
        }
    }

    /** Length in bytes of {@code o} on the wire (a multiple of 8). */
    public static int optionLength(NdOption o) {
        if (o instanceof SourceLinkLayerAddress s) {
            return padded(2 + s.address().length());
        } else if (o instanceof TargetLinkLayerAddress t) {
            return padded(2 + t.address().length());
        } else if (o instanceof PrefixInformation) {
            return PrefixInformation.LENGTH;
        } else if (o instanceof UnknownOption u) {
            return padded(2 + u.data().length());
        } else {
            return 8; // MTU, Advertisement Interval, Home Agent Information
        }
    }

    private static int optionsLength(List<NdOption> options) {
        int n = 0;
        for (NdOption o : options) {
            n += optionLength(o);
        }
        return n;
    }

    private static int padded(int n) {
        return (n + 7) & ~7;
    }

    /** Writes the options at {@code p} (bytes assumed zero); returns the bytes written. */
    static int encodeOptions(List<NdOption> options, byte[] out, int p) {
        int start = p;
        for (NdOption o : options) {
            int size = optionLength(o);
            out[p + NdOption.OFF_LENGTH] = (byte) (size / NdOption.UNIT);
            if (o instanceof SourceLinkLayerAddress s) {
                out[p] = SourceLinkLayerAddress.TYPE;
                s.address().copyTo(out, p + 2);
            } else if (o instanceof TargetLinkLayerAddress t) {
                out[p] = TargetLinkLayerAddress.TYPE;
                t.address().copyTo(out, p + 2);
            } else if (o instanceof PrefixInformation pi) {
                out[p] = PrefixInformation.TYPE;
                out[p + PrefixInformation.OFF_PREFIX_LENGTH] = (byte) pi.prefixLength();
                out[p + PrefixInformation.OFF_FLAGS] = (byte) ((pi.onLink() ? PrefixInformation.FLAG_ON_LINK : 0)
                        | (pi.autonomous() ? PrefixInformation.FLAG_AUTONOMOUS : 0)
                        | (pi.routerAddress() ? PrefixInformation.FLAG_ROUTER_ADDRESS : 0));
                Bytes.putInt(out, p + PrefixInformation.OFF_VALID_LIFETIME, (int) pi.validLifetime());
                Bytes.putInt(out, p + PrefixInformation.OFF_PREFERRED_LIFETIME, (int) pi.preferredLifetime());
                pi.prefix().write(out, p + PrefixInformation.OFF_PREFIX);
            } else if (o instanceof MtuOption mtu) {
                out[p] = MtuOption.TYPE;
                Bytes.putInt(out, p + MtuOption.OFF_MTU, (int) mtu.mtu());
            } else if (o instanceof AdvertisementInterval ai) {
                out[p] = AdvertisementInterval.TYPE;
                Bytes.putInt(out, p + AdvertisementInterval.OFF_INTERVAL, (int) ai.intervalMillis());
            } else if (o instanceof HomeAgentInformation hai) {
                out[p] = HomeAgentInformation.TYPE;
                Bytes.put16(out, p + HomeAgentInformation.OFF_PREFERENCE, hai.preference() & 0xffff);
                Bytes.put16(out, p + HomeAgentInformation.OFF_LIFETIME, hai.lifetime());
            } else {
                UnknownOption u = (UnknownOption) o;
                out[p] = (byte) u.type();
                u.data().copyTo(out, p + 2);
            }
            p += size;
        }
        return p - start;
    }

    // ------------------------------------------------------------------ checksum

    /** Writes the ICMPv6 checksum (RFC 4443 2.3) of the message at {@code b[off..off+len)}. */
    public static void fillChecksum(Ipv6Address src, Ipv6Address dst, byte[] b, int off, int len) {
        Bytes.put16(b, off + Icmpv6Message.OFF_CHECKSUM, 0);
        Bytes.put16(b, off + Icmpv6Message.OFF_CHECKSUM,
                Checksum.compute(src, dst, IpProtocol.ICMPV6, b, off, len, Icmpv6Message.OFF_CHECKSUM));
    }

    /** Whether the message's checksum verifies for the given pseudo-header addresses. */
    public static boolean checksumValid(Ipv6Address src, Ipv6Address dst, byte[] b, int off, int len) {
        return len >= Icmpv6Message.HEADER_LENGTH && Checksum.verify(src, dst, IpProtocol.ICMPV6, b, off, len);
    }
}
