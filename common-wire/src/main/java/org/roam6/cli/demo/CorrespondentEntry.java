package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The mobile node's Binding Update List entry for a correspondent (a {@code show bul} row with
 * role {@code correspondent}, RFC 6275 11.1): the sequence number of its latest Binding Update,
 * its state ({@code registering}, {@code registered}, {@code failed}, ...), the status of the last
 * Binding Acknowledgement and that BU's round trip as the daemon measured it.
 */
public record CorrespondentEntry(String peer, String coa, int seq, String state, int lastStatus, double lastRttMs) {

    /** The entry of {@code correspondent} in a {@code show bul} answer, if there is one. */
    public static Optional<CorrespondentEntry> find(JsonNode bul, String correspondent) {
        if (bul == null || !bul.isArray()) {
            return Optional.empty();
        }
        for (JsonNode e : bul) {
            if ("correspondent".equals(e.path("role").asText()) && Demo.sameAddress(e.path("peer").asText(), correspondent)) {
                return Optional.of(new CorrespondentEntry(e.path("peer").asText(),
                        e.path("coa").isTextual() ? e.get("coa").asText() : null,
                        e.path("seq").isNumber() ? e.get("seq").asInt() : -1, e.path("state").asText(),
                        e.path("last_status").isNumber() ? e.get("last_status").asInt() : -1,
                        e.path("last_rtt_ms").isNumber() ? e.get("last_rtt_ms").asDouble() : Double.NaN));
            }
        }
        return Optional.empty();
    }

    /** Registered, and the last acknowledgement (RFC 6275 6.1.8: status below 128) answered BU {@code seq}. */
    public boolean acknowledged(int bindingSeq) {
        return "registered".equals(state) && seq == bindingSeq && lastStatus >= 0 && lastStatus < 128
                && !Double.isNaN(lastRttMs);
    }
}
