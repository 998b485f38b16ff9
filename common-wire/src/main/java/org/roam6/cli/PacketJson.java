package org.roam6.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link PacketDescription}: one object per packet, printed on one line.
 *
 * <p>Null policy: every object has all the keys of {@link #KEYS}, in that order, on every line;
 * a key that does not apply to the packet (or could not be read because it did not decode) is
 * {@code null}, never left out. Lists are {@code null} when they do not apply and {@code []} when
 * they apply and are empty (an MH without options). {@code inner} has the same shape.
 */
final class PacketJson {
    private PacketJson() {}

    /** The keys of every packet object, in print order. */
    static final List<String> KEYS = List.of("index", "src", "dst", "hoa", "rh2", "next_headers", "proto", "length",
            "fragment", "mh_type", "mh_name", "icmp_type", "icmp_code", "icmp_name", "seq", "flags", "lifetime_s",
            "status", "status_name", "home_address", "cookie", "keygen_token", "nonce_index", "identifier",
            "ha_addresses", "prefixes", "pointer", "target", "src_port", "dst_port", "options", "checksum_ok",
            "inner", "error", "skipped");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String line(PacketDescription d) {
        try {
            return MAPPER.writeValueAsString(object(d));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(PacketDescription d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("index", d.index());
        o.put("src", d.src());
        o.put("dst", d.dst());
        o.put("hoa", d.hoa());
        o.put("rh2", d.rh2());
        o.set("next_headers", d.nextHeaders() == null ? null : MAPPER.valueToTree(d.nextHeaders()));
        o.put("proto", d.proto());
        o.put("length", d.length());
        if (d.fragment() == null) {
            o.putNull("fragment");
        } else {
            ObjectNode f = o.putObject("fragment");
            f.put("offset", d.fragment().offset());
            f.put("more", d.fragment().more());
            f.put("identification", d.fragment().identification());
        }
        o.put("mh_type", d.mhType());
        o.put("mh_name", d.mhName());
        o.put("icmp_type", d.icmpType());
        o.put("icmp_code", d.icmpCode());
        o.put("icmp_name", d.icmpName());
        o.put("seq", d.seq());
        o.put("flags", d.flags());
        o.put("lifetime_s", d.lifetimeS());
        o.put("status", d.status());
        o.put("status_name", d.statusName());
        o.put("home_address", d.homeAddress());
        o.put("cookie", d.cookie());
        o.put("keygen_token", d.keygenToken());
        o.put("nonce_index", d.nonceIndex());
        o.put("identifier", d.identifier());
        o.set("ha_addresses", d.haAddresses() == null ? null : MAPPER.valueToTree(d.haAddresses()));
        o.set("prefixes", d.prefixes() == null ? null : MAPPER.valueToTree(d.prefixes()));
        o.put("pointer", d.pointer());
        o.put("target", d.target());
        o.put("src_port", d.srcPort());
        o.put("dst_port", d.dstPort());
        if (d.options() == null) {
            o.putNull("options");
        } else {
            ArrayNode a = o.putArray("options");
            for (PacketDescription.Option opt : d.options()) {
                ObjectNode x = a.addObject();
                x.put("type", opt.type());
                x.put("name", opt.name());
                for (Map.Entry<String, Object> f : opt.fields().entrySet()) {
                    x.set(f.getKey(), MAPPER.<JsonNode>valueToTree(f.getValue()));
                }
            }
        }
        o.put("checksum_ok", d.checksumOk());
        o.set("inner", d.inner() == null ? null : object(d.inner()));
        if (d.error() == null) {
            o.putNull("error");
        } else {
            ObjectNode e = o.putObject("error");
            e.put("field", d.error().field());
            e.put("offset", d.error().offset());
            e.put("reason", d.error().reason());
            e.put("detail", d.error().detail());
            e.put("answer", d.error().answer());
        }
        o.put("skipped", d.skipped());
        return o;
    }
}
