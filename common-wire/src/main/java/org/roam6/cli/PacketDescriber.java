package org.roam6.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.wire.Bytes;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.WireError;
import org.roam6.wire.icmp.AdvertisementInterval;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.EchoReply;
import org.roam6.wire.icmp.EchoRequest;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.MtuOption;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.NeighborAdvertisement;
import org.roam6.wire.icmp.NeighborSolicitation;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import org.roam6.wire.icmp.RouterSolicitation;
import org.roam6.wire.icmp.SourceLinkLayerAddress;
import org.roam6.wire.icmp.TargetLinkLayerAddress;
import org.roam6.wire.icmp.UnknownMessage;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;

/**
 * Turns the bytes of one IPv6 packet into a {@link PacketDescription} with roam6's decoders:
 * {@link Ipv6Packet} walks the header chain (RFC 8200 4, with the Home Address option and the
 * Type 2 routing header of RFC 6275 6.3/6.4), then {@link MobilityHeaderCodec} or
 * {@link Icmpv6Codec} decodes the upper layer. A fault at any step becomes the description's
 * {@code error}, with the offset counted from the packet's first byte; nothing is thrown for
 * malformed bytes.
 *
 * <p>An IPv6-in-IPv6 payload (RFC 2473) and the invoking packet quoted by an ICMPv6 error
 * (RFC 4443 3) are described in turn as {@code inner}, at most {@link #MAX_DEPTH} levels deep.
 */
final class PacketDescriber {
    /** Nesting limit for tunnels and quoted packets. */
    static final int MAX_DEPTH = 4;

    /** Offset of the invoking packet in an ICMPv6 error message (RFC 4443 3.1-3.4). */
    private static final int ICMP_ERROR_INVOKING_PACKET = 8;

    private final MobilityExtensions ext;

    PacketDescriber(MobilityExtensions ext) {
        this.ext = ext;
    }

    /** Describes the packet {@code packet}, which starts with the IPv6 header. */
    PacketDescription describe(int index, byte[] packet) {
        return describe(index, packet, 0, packet.length, 0);
    }

    private PacketDescription describe(int index, byte[] b, int off, int len, int depth) {
        PacketDescription.Builder d = new PacketDescription.Builder(index);
        if (len >= Ipv6Header.LENGTH && (b[off] & 0xf0) == 0x60) {
            d.src = Ipv6Address.read(b, off + Ipv6Header.OFF_SOURCE).toString();
            d.dst = Ipv6Address.read(b, off + Ipv6Header.OFF_DESTINATION).toString();
        }
        Ipv6Packet w = new Ipv6Packet();
        WireError e = w.parse(b, off, len);
        if (e != null) {
            d.error = error(e);
            return d.build();
        }
        d.length = w.end() - off;
        d.hoa = w.hasHomeAddressOption() ? w.homeAddress().toString() : null;
        d.rh2 = w.hasRoutingHeaderType2() ? w.routingAddress().toString() : null;
        d.nextHeaders = nextHeaders(b, off, w);
        int protocol = w.upperLayerProtocol();
        d.proto = protocolName(protocol);
        if (w.isFragment()) {
            d.fragment = new PacketDescription.Fragment(w.fragmentOffset(), w.moreFragments(), w.fragmentIdentification());
            if (!w.upperLayerComplete()) {
                return d.build();
            }
        }
        if (Ipv6PacketBuilder.checksumFieldOffset(protocol) >= 0) {
            d.checksumOk = w.upperLayerChecksumValid();
        }
        int u = w.upperLayerOffset();
        int ul = w.upperLayerLength();
        switch (protocol) {
            case IpProtocol.MOBILITY -> mobility(d, b, u, ul);
            case IpProtocol.ICMPV6 -> icmp(d, b, u, ul, depth);
            case IpProtocol.IPV6 -> {
                if (depth < MAX_DEPTH) {
                    d.inner = describe(index, b, u, ul, depth + 1);
                }
            }
            case IpProtocol.UDP, IpProtocol.TCP -> {
                if (ul >= 4) {
                    d.srcPort = Bytes.u16(b, u);
                    d.dstPort = Bytes.u16(b, u + 2);
                }
            }
            default -> { }
        }
        return d.build();
    }

    /** The Next Header values from the IPv6 header's to the upper layer's (the walk already checked the chain). */
    private static List<Integer> nextHeaders(byte[] b, int off, Ipv6Packet w) {
        List<Integer> out = new ArrayList<>();
        int nh = w.header().nextHeader();
        int p = off + Ipv6Header.LENGTH;
        int upper = w.upperLayerOffset();
        while (p < upper) {
            out.add(nh);
            int length = switch (nh) {
                case IpProtocol.HOP_BY_HOP, IpProtocol.DESTINATION_OPTIONS, IpProtocol.ROUTING -> ((b[p + 1] & 0xff) + 1) * 8;
                case IpProtocol.FRAGMENT -> 8;
                case IpProtocol.AH -> ((b[p + 1] & 0xff) + 2) * 4;
                default -> upper - p;
            };
            nh = b[p] & 0xff;
            p += length;
        }
        out.add(w.upperLayerProtocol());
        return out;
    }

    private static PacketDescription.DecodeError error(WireError e) {
        return new PacketDescription.DecodeError(e.field(), e.offset(), e.reason().name(), e.detail(), e.answer().name());
    }

    // ------------------------------------------------------------------ Mobility Header

    private void mobility(PacketDescription.Builder d, byte[] b, int u, int ul) {
        if (ul > 2) {
            d.mhType = b[u + 2] & 0xff;
            d.mhName = MhType.name(d.mhType);
        }
        Decoded<MobilityMessage> r = MobilityHeaderCodec.decode(b, u, ul, ext);
        if (!r.isOk()) {
            d.error = error(r.error());
            return;
        }
        MobilityMessage m = r.value();
        if (m instanceof MobilityMessage.HomeTestInit v) {
            d.cookie = hex64(v.homeInitCookie());
        } else if (m instanceof MobilityMessage.CareOfTestInit v) {
            d.cookie = hex64(v.careOfInitCookie());
        } else if (m instanceof MobilityMessage.HomeTest v) {
            d.nonceIndex = v.homeNonceIndex();
            d.cookie = hex64(v.homeInitCookie());
            d.keygenToken = hex64(v.homeKeygenToken());
        } else if (m instanceof MobilityMessage.CareOfTest v) {
            d.nonceIndex = v.careOfNonceIndex();
            d.cookie = hex64(v.careOfInitCookie());
            d.keygenToken = hex64(v.careOfKeygenToken());
        } else if (m instanceof MobilityMessage.BindingUpdate v) {
            d.seq = v.sequence();
            d.flags = bindingUpdateFlags(v.flags(), ext);
            d.lifetimeS = v.lifetime() * org.roam6.wire.mh.BindingUpdate.LIFETIME_UNIT_SECONDS;
        } else if (m instanceof MobilityMessage.BindingAcknowledgement v) {
            d.status = v.status();
            d.statusName = bindingAckStatusName(v.status());
            d.flags = letters(v.flags(), new int[] {org.roam6.wire.mh.BindingAcknowledgement.FLAG_K,
                    org.roam6.wire.mh.BindingAcknowledgement.FLAG_R}, "KR");
            d.seq = v.sequence();
            d.lifetimeS = v.lifetime() * org.roam6.wire.mh.BindingUpdate.LIFETIME_UNIT_SECONDS;
        } else if (m instanceof MobilityMessage.BindingError v) {
            d.status = v.status();
            d.statusName = BindingErrorStatus.name(v.status());
            d.homeAddress = v.homeAddress().toString();
        }
        List<PacketDescription.Option> options = new ArrayList<>();
        for (MobilityOption o : m.options()) {
            options.add(mobilityOption(o, d));
        }
        d.options = options;
    }

    /**
     * BU flag letters, highest bit first: A, H, L, K (RFC 6275 6.1.7), M (the multi-HA bit,
     * {@link MobilityExtensions#mFlag()}), R (RFC 3963 4.1).
     */
    static String bindingUpdateFlags(int flags, MobilityExtensions ext) {
        int[][] known = {
            {org.roam6.wire.mh.BindingUpdate.FLAG_A, 'A'}, {org.roam6.wire.mh.BindingUpdate.FLAG_H, 'H'},
            {org.roam6.wire.mh.BindingUpdate.FLAG_L, 'L'}, {org.roam6.wire.mh.BindingUpdate.FLAG_K, 'K'},
            {ext.mFlag(), 'M'}, {org.roam6.wire.mh.BindingUpdate.FLAG_R, 'R'},
        };
        java.util.Arrays.sort(known, (x, y) -> Integer.compare(y[0], x[0]));
        StringBuilder sb = new StringBuilder();
        for (int[] k : known) {
            if ((flags & k[0]) != 0) {
                sb.append((char) k[1]);
            }
        }
        return sb.toString();
    }

    private static String letters(int flags, int[] masks, String names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < masks.length; i++) {
            if ((flags & masks[i]) != 0) {
                sb.append(names.charAt(i));
            }
        }
        return sb.toString();
    }

    /** RFC 6275 6.1.8 names, and the RFC 3963 (140-143) and RFC 4285 (144-146) additions. */
    static String bindingAckStatusName(int status) {
        return switch (status) {
            case 140 -> "Mobile Router Operation not permitted";
            case 141 -> "Invalid Prefix";
            case 142 -> "Not Authorized for Prefix";
            case 143 -> "Forwarding Setup failed";
            case 144 -> "MIPV6-ID-MISMATCH";
            case 145 -> "MIPV6-MESG-ID-REQD";
            case 146 -> "MIPV6-AUTH-FAIL";
            default -> BindingAckStatus.name(status);
        };
    }

    private PacketDescription.Option mobilityOption(MobilityOption o, PacketDescription.Builder d) {
        Map<String, Object> f = new LinkedHashMap<>();
        int type;
        String summary;
        if (o instanceof MobilityOption.BindingRefreshAdvice v) {
            type = MobilityOptionType.BINDING_REFRESH_ADVICE;
            int s = v.refreshInterval() * org.roam6.wire.mh.BindingUpdate.LIFETIME_UNIT_SECONDS;
            f.put("refresh_interval_s", s);
            summary = "refresh " + s + "s";
        } else if (o instanceof MobilityOption.AlternateCareOfAddress v) {
            type = MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS;
            f.put("address", v.address().toString());
            summary = "alt-coa " + v.address();
        } else if (o instanceof MobilityOption.NonceIndices v) {
            type = MobilityOptionType.NONCE_INDICES;
            f.put("home_nonce_index", v.homeNonceIndex());
            f.put("care_of_nonce_index", v.careOfNonceIndex());
            summary = "nonces home " + v.homeNonceIndex() + " care-of " + v.careOfNonceIndex();
        } else if (o instanceof MobilityOption.BindingAuthorizationData v) {
            type = MobilityOptionType.BINDING_AUTHORIZATION_DATA;
            f.put("authenticator", Bytes.toHex(v.authenticator()));
            summary = "auth-data " + Bytes.toHex(v.authenticator());
        } else if (o instanceof MobilityOption.MobileNetworkPrefix v) {
            type = MobilityOptionType.MOBILE_NETWORK_PREFIX;
            String p = v.prefix() + "/" + v.prefixLength();
            f.put("prefix", p);
            addTo(d, "prefixes", p);
            summary = "mnp " + p;
        } else if (o instanceof MobilityOption.MobileNodeIdentifier v) {
            type = MobilityOptionType.MOBILE_NODE_IDENTIFIER;
            f.put("subtype", v.subtype());
            String id = v.subtype() == MobilityOptionType.MN_IDENTIFIER_SUBTYPE_NAI
                    ? v.identifierText() : Bytes.toHex(v.identifier());
            f.put("identifier", id);
            summary = "mn-id " + id;
        } else if (o instanceof MobilityOption.MobilityMessageAuthentication v) {
            type = MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION;
            String sub = v.subtype() == MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_HA ? "MN-HA"
                    : v.subtype() == MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_AAA ? "MN-AAA" : "subtype " + v.subtype();
            f.put("subtype", v.subtype());
            f.put("subtype_name", sub);
            f.put("spi", v.spi());
            f.put("authenticator", Bytes.toHex(v.authenticationData()));
            summary = sub + " auth spi " + v.spi();
        } else if (o instanceof MobilityOption.MobilityMessageReplayProtection v) {
            type = MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION;
            String time = NtpTimestamp.toInstant(v.timestamp()).toString();
            f.put("timestamp", hex64(v.timestamp()));
            f.put("time", time);
            summary = "replay " + time;
        } else if (o instanceof MobilityOption.MultipleHomeAgents v) {
            type = ext.multiHaOptionType();
            List<String> has = v.homeAgents().stream().map(Ipv6Address::toString).toList();
            f.put("ha_addresses", has);
            for (String a : has) {
                addTo(d, "ha_addresses", a);
            }
            summary = "multi-ha " + String.join(" ", has);
        } else {
            MobilityOption.UnknownOption v = (MobilityOption.UnknownOption) o;
            type = v.type();
            f.put("data", Bytes.toHex(v.data()));
            summary = "option " + v.type() + " (" + v.data().length + " bytes)";
        }
        return new PacketDescription.Option(type, MobilityOptionType.name(type, ext), f, summary);
    }

    private static void addTo(PacketDescription.Builder d, String list, String value) {
        if (list.equals("prefixes")) {
            if (d.prefixes == null) {
                d.prefixes = new ArrayList<>();
            }
            d.prefixes.add(value);
        } else {
            if (d.haAddresses == null) {
                d.haAddresses = new ArrayList<>();
            }
            d.haAddresses.add(value);
        }
    }

    // ------------------------------------------------------------------ ICMPv6

    private void icmp(PacketDescription.Builder d, byte[] b, int u, int ul, int depth) {
        if (ul >= 2) {
            d.icmpType = b[u] & 0xff;
            d.icmpCode = b[u + 1] & 0xff;
            d.icmpName = icmpName(d.icmpType, ext);
        }
        Decoded<Icmpv6Message> r = Icmpv6Codec.decode(b, u, ul, ext);
        if (!r.isOk()) {
            d.error = error(r.error());
            return;
        }
        Icmpv6Message m = r.value();
        List<NdOption> nd = null;
        if (m instanceof ParameterProblem v) {
            d.pointer = v.pointer();
            quoted(d, b, u, ul, depth);
        } else if (m instanceof EchoRequest v) {
            d.identifier = v.identifier();
            d.seq = v.sequence();
        } else if (m instanceof EchoReply v) {
            d.identifier = v.identifier();
            d.seq = v.sequence();
        } else if (m instanceof RouterSolicitation v) {
            nd = v.options();
        } else if (m instanceof RouterAdvertisement v) {
            d.flags = letters(v.flags(), new int[] {RouterAdvertisement.FLAG_MANAGED, RouterAdvertisement.FLAG_OTHER,
                    RouterAdvertisement.FLAG_HOME_AGENT}, "MOH");
            d.lifetimeS = v.routerLifetime();
            nd = v.options();
        } else if (m instanceof NeighborSolicitation v) {
            d.target = v.target().toString();
            nd = v.options();
        } else if (m instanceof NeighborAdvertisement v) {
            d.target = v.target().toString();
            d.flags = (v.router() ? "R" : "") + (v.solicited() ? "S" : "") + (v.override() ? "O" : "");
            nd = v.options();
        } else if (m instanceof DhaadRequest v) {
            d.identifier = v.identifier();
            d.flags = v.mobileRouter() ? "R" : "";
        } else if (m instanceof DhaadReply v) {
            d.identifier = v.identifier();
            d.flags = v.mobileRouter() ? "R" : "";
            d.haAddresses = v.homeAgents().stream().map(Ipv6Address::toString).toList();
        } else if (m instanceof MobilePrefixSolicitation v) {
            d.identifier = v.identifier();
        } else if (m instanceof MobilePrefixAdvertisement v) {
            d.identifier = v.identifier();
            d.flags = (v.managed() ? "M" : "") + (v.other() ? "O" : "");
            nd = v.options();
        } else if (m instanceof HomeAgentUnreachable v) {
            d.haAddresses = v.homeAgents().stream().map(Ipv6Address::toString).toList();
        } else if (m instanceof UnknownMessage v && v.type() < 128) {
            quoted(d, b, u, ul, depth);
        }
        if (nd != null) {
            List<PacketDescription.Option> options = new ArrayList<>();
            for (NdOption o : nd) {
                options.add(ndOption(o, d));
            }
            d.options = options;
        }
    }

    /** Describes the invoking packet an ICMPv6 error message quotes (RFC 4443 2.4 c). */
    private void quoted(PacketDescription.Builder d, byte[] b, int u, int ul, int depth) {
        if (depth < MAX_DEPTH && ul - ICMP_ERROR_INVOKING_PACKET >= Ipv6Header.LENGTH) {
            d.inner = describe(d.index, b, u + ICMP_ERROR_INVOKING_PACKET, ul - ICMP_ERROR_INVOKING_PACKET, depth + 1);
        }
    }

    private static PacketDescription.Option ndOption(NdOption o, PacketDescription.Builder d) {
        Map<String, Object> f = new LinkedHashMap<>();
        int type;
        String name;
        String summary;
        if (o instanceof SourceLinkLayerAddress v) {
            type = SourceLinkLayerAddress.TYPE;
            name = "Source Link-Layer Address";
            f.put("address", mac(v.address()));
            summary = "src-lladdr " + mac(v.address());
        } else if (o instanceof TargetLinkLayerAddress v) {
            type = 2;
            name = "Target Link-Layer Address";
            f.put("address", mac(v.address()));
            summary = "dst-lladdr " + mac(v.address());
        } else if (o instanceof PrefixInformation v) {
            type = PrefixInformation.TYPE;
            name = "Prefix Information";
            String p = v.asPrefix().toString();
            String flags = (v.onLink() ? "L" : "") + (v.autonomous() ? "A" : "") + (v.routerAddress() ? "R" : "");
            f.put("prefix", p);
            f.put("flags", flags);
            f.put("valid_lifetime_s", v.validLifetime());
            f.put("preferred_lifetime_s", v.preferredLifetime());
            if (v.routerAddress()) {
                f.put("router_address", v.prefix().toString());
            }
            addTo(d, "prefixes", p);
            summary = "prefix " + (v.routerAddress() ? v.prefix() + "/" + v.prefixLength() : p)
                    + (flags.isEmpty() ? "" : " " + flags) + " valid " + v.validLifetime() + "s";
        } else if (o instanceof MtuOption v) {
            type = MtuOption.TYPE;
            name = "MTU";
            f.put("mtu", v.mtu());
            summary = "mtu " + v.mtu();
        } else if (o instanceof AdvertisementInterval v) {
            type = AdvertisementInterval.TYPE;
            name = "Advertisement Interval";
            f.put("interval_ms", v.intervalMillis());
            summary = "adv-interval " + v.intervalMillis() + "ms";
        } else if (o instanceof HomeAgentInformation v) {
            type = HomeAgentInformation.TYPE;
            name = "Home Agent Information";
            f.put("preference", v.preference());
            f.put("lifetime_s", v.lifetime());
            summary = "ha-info pref " + v.preference() + " lifetime " + v.lifetime() + "s";
        } else {
            org.roam6.wire.icmp.UnknownOption v = (org.roam6.wire.icmp.UnknownOption) o;
            type = v.type();
            name = "ND option " + v.type();
            f.put("data", v.data().toString());
            summary = "nd-option " + v.type();
        }
        return new PacketDescription.Option(type, name, f, summary);
    }

    private static String mac(Octets o) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < o.length(); i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", o.get(i)));
        }
        return sb.toString();
    }

    /** ICMPv6 type names (IANA "ICMPv6 Parameters"); the configured Home Agent Unreachable type first. */
    static String icmpName(int type, MobilityExtensions ext) {
        if (type == ext.haUnreachableIcmpType()) {
            return "Home Agent Unreachable";
        }
        return switch (type) {
            case 1 -> "Destination Unreachable";
            case 2 -> "Packet Too Big";
            case 3 -> "Time Exceeded";
            case ParameterProblem.TYPE -> "Parameter Problem";
            case EchoRequest.TYPE -> "Echo Request";
            case EchoReply.TYPE -> "Echo Reply";
            case 130 -> "Multicast Listener Query";
            case 131 -> "Multicast Listener Report";
            case 132 -> "Multicast Listener Done";
            case RouterSolicitation.TYPE -> "Router Solicitation";
            case RouterAdvertisement.TYPE -> "Router Advertisement";
            case NeighborSolicitation.TYPE -> "Neighbor Solicitation";
            case NeighborAdvertisement.TYPE -> "Neighbor Advertisement";
            case 137 -> "Redirect";
            case 143 -> "Multicast Listener Report v2";
            case DhaadRequest.TYPE -> "DHAAD Request";
            case DhaadReply.TYPE -> "DHAAD Reply";
            case MobilePrefixSolicitation.TYPE -> "Mobile Prefix Solicitation";
            case MobilePrefixAdvertisement.TYPE -> "Mobile Prefix Advertisement";
            default -> "ICMPv6 type " + type;
        };
    }

    /** Upper-layer protocol names as tcpdump prints them. */
    static String protocolName(int protocol) {
        return switch (protocol) {
            case IpProtocol.MOBILITY -> "MH";
            case IpProtocol.ICMPV6 -> "ICMPv6";
            case IpProtocol.IPV6 -> "IPv6-in-IPv6";
            case IpProtocol.UDP -> "UDP";
            case IpProtocol.TCP -> "TCP";
            case IpProtocol.ESP -> "ESP";
            case IpProtocol.NO_NEXT_HEADER -> "No Next Header";
            case 4 -> "IPv4-in-IPv6";
            default -> "protocol " + protocol;
        };
    }

    private static String hex64(long v) {
        return String.format(Locale.ROOT, "%016x", v);
    }
}
