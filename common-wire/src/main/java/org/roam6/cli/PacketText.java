package org.roam6.cli;

import java.util.List;

/**
 * The one-line, human-readable form of a {@link PacketDescription}, in the manner of tcpdump:
 * <pre>
 * 1  2001:db8:a::100 > 2001:db8:1::11 hoa 2001:db8:1::100: MH BU seq 1 flags AHLM lifetime 420s [alt-coa 2001:db8:a::100, ...]
 * 2  2001:db8:1::11 > 2001:db8:a::100 rh2 2001:db8:1::100: MH BA status 0 (Binding Update accepted) seq 1 lifetime 420s
 * 9  2001:db8:a::100 > 2001:db8:1::11 hoa 2001:db8:1::100: MH BU error BAD_LENGTH at offset 98 (Option Length): ...
 * </pre>
 */
final class PacketText {
    private PacketText() {}

    static String line(PacketDescription d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.index()).append("  ");
        if (d.skipped() != null) {
            return sb.append("skipped: ").append(d.skipped()).toString();
        }
        body(sb, d);
        return sb.toString();
    }

    private static void body(StringBuilder sb, PacketDescription d) {
        if (d.src() != null) {
            sb.append(d.src()).append(" > ").append(d.dst());
            if (d.rh2() != null) {
                sb.append(" rh2 ").append(d.rh2());
            }
            if (d.hoa() != null) {
                sb.append(" hoa ").append(d.hoa());
            }
            sb.append(':');
        }
        if (d.fragment() != null) {
            PacketDescription.Fragment f = d.fragment();
            sb.append(" frag id ").append(f.identification()).append(" offset ").append(f.offset());
            if (f.more()) {
                sb.append(" more");
            }
            sb.append(';');
        }
        if (d.proto() != null) {
            sb.append(' ').append(d.proto());
        }
        if (d.mhName() != null) {
            sb.append(' ').append(d.mhName());
        }
        if (d.icmpName() != null) {
            sb.append(' ').append(d.icmpName());
            if (d.icmpCode() != null && d.icmpCode() != 0) {
                sb.append(" code ").append(d.icmpCode());
                String codeName = icmpCodeName(d.icmpType(), d.icmpCode());
                if (codeName != null) {
                    sb.append(" (").append(codeName).append(')');
                }
            }
        }
        if (d.error() != null) {
            PacketDescription.DecodeError e = d.error();
            if (sb.charAt(sb.length() - 1) != ' ') {
                sb.append(' ');
            }
            sb.append("error ").append(e.reason()).append(" at offset ").append(e.offset())
                    .append(" (").append(e.field()).append("): ").append(e.detail());
            if (e.answer() != null) {
                sb.append("; answer ").append(e.answer());
            }
            return;
        }
        field(sb, "status", d.status());
        if (d.statusName() != null) {
            sb.append(" (").append(d.statusName()).append(')');
        }
        field(sb, "home", d.homeAddress());
        field(sb, "id", d.identifier());
        field(sb, "seq", d.seq());
        if (d.flags() != null && !d.flags().isEmpty()) {
            field(sb, "flags", d.flags());
        }
        if (d.lifetimeS() != null) {
            sb.append(d.icmpType() != null ? " router-lifetime " : " lifetime ").append(d.lifetimeS()).append('s');
        }
        field(sb, "nonce", d.nonceIndex());
        field(sb, "cookie", d.cookie());
        field(sb, "token", d.keygenToken());
        field(sb, "target", d.target());
        field(sb, "pointer", d.pointer());
        if (d.srcPort() != null) {
            sb.append(' ').append(d.srcPort()).append(" > ").append(d.dstPort());
        }
        if (d.haAddresses() != null && d.icmpType() != null) {
            sb.append(" ha ").append(String.join(" ", d.haAddresses()));
        }
        List<PacketDescription.Option> options = d.options();
        if (options != null && !options.isEmpty()) {
            sb.append(" [");
            for (int i = 0; i < options.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(options.get(i).summary());
            }
            sb.append(']');
        }
        if (Boolean.FALSE.equals(d.checksumOk())) {
            sb.append(" [bad checksum]");
        }
        if (d.inner() != null) {
            sb.append(d.icmpType() != null ? " invoking (" : " (");
            body(sb, d.inner());
            sb.append(')');
        }
    }

    private static void field(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(' ').append(name).append(' ').append(value);
        }
    }

    /** Parameter Problem codes (RFC 4443 3.4); null for other types. */
    private static String icmpCodeName(int type, int code) {
        if (type != 4) {
            return null;
        }
        return switch (code) {
            case 0 -> "erroneous header field";
            case 1 -> "unrecognized Next Header";
            case 2 -> "unrecognized IPv6 option";
            default -> null;
        };
    }
}
