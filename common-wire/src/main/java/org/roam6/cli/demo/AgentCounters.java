package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;

/**
 * The Mobility Agent's packet counters from its {@code show stats}: packets from mobile nodes
 * turned into plain packets to the correspondents (Home Address option taken out, home address as
 * source), packets of the correspondents sent on to care-of addresses (Type 2 routing header
 * added), their bytes, the Parameter Problems sent to legacy mobile nodes, and the drops.
 */
public record AgentCounters(long bindings, long translatedToCorrespondent, long translatedBytes, long routedToCareOf,
                            long routedBytes, long parameterProblemSent, long dropNoBinding, long dropMalformed) {

    /** Reads {@code {bindings, border: {...}, signalling: {...}}}; anything else is an {@link IOException}. */
    public static AgentCounters parse(JsonNode stats) throws IOException {
        if (stats == null || !stats.isObject() || !stats.path("border").isObject()) {
            throw new IOException("not the Mobility Agent's show stats: " + stats);
        }
        JsonNode b = stats.get("border");
        return new AgentCounters(stats.path("bindings").asLong(), b.path("translated_to_correspondent").asLong(),
                b.path("translated_to_correspondent_bytes").asLong(), b.path("routed_to_care_of").asLong(),
                b.path("routed_to_care_of_bytes").asLong(), b.path("parameter_problem_sent").asLong(),
                b.path("drop_no_binding").asLong(), b.path("drop_malformed").asLong());
    }

    /** {@code 1234 packets (1.2 MB)}. */
    static String packets(long packets, long bytes) {
        return packets + " packets (" + bytes(bytes) + ")";
    }

    /** Bytes as B, kB or MB (decimal, one decimal place above 1000). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1_000_000.0);
    }
}
