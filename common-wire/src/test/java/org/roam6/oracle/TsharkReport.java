package org.roam6.oracle;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What tshark made of a list of packets (one entry per packet, in order), read from its PDML
 * output.
 *
 * @param tsharkVersion first line of {@code tshark --version}
 * @param packets       one report per packet given, in the same order
 */
public record TsharkReport(String tsharkVersion, List<Packet> packets) {

    /** Severity of an expert item, as Wireshark's PI_ levels. */
    public enum Severity {
        COMMENT(0x00100000), CHAT(0x00200000), NOTE(0x00400000), WARNING(0x00600000), ERROR(0x00800000);

        final int code;

        Severity(int code) {
            this.code = code;
        }

        static Severity of(int code) {
            Severity best = COMMENT;
            for (Severity s : values()) {
                if (code >= s.code) {
                    best = s;
                }
            }
            return best;
        }
    }

    /**
     * One expert-info item.
     *
     * @param severity  its level
     * @param group     Wireshark's group ("Malformed", "Checksum", "Protocol", "Undecoded" ...)
     * @param message   the message, e.g. "Bad checksum [should be 0x9446]"
     * @param protocol  the PDML protocol it sits in ({@code _ws.malformed} for a malformed packet)
     */
    public record ExpertItem(Severity severity, String group, String message, String protocol) {
        @Override
        public String toString() {
            return severity + "/" + group + " in " + protocol + ": " + message;
        }
    }

    /**
     * One packet as tshark decoded it.
     *
     * @param index     0-based position in the list given to {@link Oracles#tshark}
     * @param protocols PDML protocol names in document order, nested ones included (e.g. "raw",
     *                  "ipv6", "ipv6.dstopts", "mipv6"; "ipv6", "icmpv6", "ipv6" for an ICMPv6
     *                  error with its invoking packet); "geninfo" and "frame" left out
     * @param fields    every field's {@code show} text by field name, in document order
     *                  (e.g. "mip6.mhtype" -> ["5"], "ipv6.opt.mipv6.home_address" -> [...])
     * @param values    the same fields' {@code value} attribute (raw bytes as hex), where present
     * @param problems  expert items of severity WARNING or ERROR, and a malformed-packet marker:
     *                  the failures. A checksum tshark does not verify ("Checksum Status:
     *                  Unverified") is a plain field, not an expert item, so it never lands here
     * @param notes     expert items below WARNING (e.g. NOTE "IE data not dissected yet" for an
     *                  unknown mobility option): informative, not failures
     */
    public record Packet(int index, List<String> protocols, Map<String, List<String>> fields,
                         Map<String, List<String>> values, List<ExpertItem> problems, List<ExpertItem> notes) {

        /** Whether tshark found nothing malformed and raised no warning or error. */
        public boolean clean() {
            return problems.isEmpty();
        }

        /** Whether tshark marked the packet malformed. */
        public boolean malformed() {
            return protocols.contains("_ws.malformed")
                    || problems.stream().anyMatch(p -> p.protocol().equals("_ws.malformed"));
        }

        /** The single value of {@code field}, or {@code null} when absent; fails on several. */
        public String field(String field) {
            List<String> v = fields.get(field);
            if (v == null || v.isEmpty()) {
                return null;
            }
            if (v.size() > 1) {
                throw new IllegalStateException(field + " occurs " + v.size() + " times: " + v);
            }
            return v.get(0);
        }

        /** All values of {@code field} (empty when absent). */
        public List<String> all(String field) {
            return fields.getOrDefault(field, List.of());
        }
    }

    /** The packets that are not {@link Packet#clean() clean}, as "index: problems" lines. */
    public String problemSummary() {
        return packets.stream().filter(p -> !p.clean())
                .map(p -> p.index() + ": " + p.problems())
                .collect(Collectors.joining("\n"));
    }
}
