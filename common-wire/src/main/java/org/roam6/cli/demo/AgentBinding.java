package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One row of the Mobility Agent's {@code show bindings} ({@code roam6-mad}'s admin socket): the
 * binding it keeps on behalf of correspondent {@code cn} for a mobile node's home address
 * (RFC 6275 9.5, paper 003), its care-of address and sequence number, the lifetime granted and
 * left, and whether packets used it lately.
 */
public record AgentBinding(String cn, String hoa, String coa, int seq, long lifetimeS, long remainingS, boolean inUse) {

    /**
     * The binding of {@code homeAddress} at {@code correspondent} in a {@code show bindings}
     * answer (addresses compared as addresses, not as text); empty when there is none or the
     * answer is not an array of rows.
     */
    public static Optional<AgentBinding> find(JsonNode bindings, String correspondent, String homeAddress) {
        if (bindings == null || !bindings.isArray()) {
            return Optional.empty();
        }
        for (JsonNode b : bindings) {
            if (Demo.sameAddress(b.path("cn").asText(), correspondent) && Demo.sameAddress(b.path("hoa").asText(), homeAddress)
                    && b.path("coa").isTextual() && b.path("seq").canConvertToInt()) {
                return Optional.of(new AgentBinding(b.path("cn").asText(), b.path("hoa").asText(), b.path("coa").asText(),
                        b.path("seq").asInt(), b.path("lifetime_s").asLong(), b.path("remaining_s").asLong(),
                        b.path("in_use").asBoolean()));
            }
        }
        return Optional.empty();
    }

    /** Whether the binding's care-of address is {@code address}. */
    public boolean careOf(String address) {
        return Demo.sameAddress(coa, address);
    }
}
