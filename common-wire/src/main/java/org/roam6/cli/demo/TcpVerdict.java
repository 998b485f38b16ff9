package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one JSON line {@code deploy/testbed/tcpcheck.py} prints for its side of the connection:
 * bytes each way, whether every byte arrived intact (its own direction, and the peer's verdict
 * on the other), the longest stall and how many stalls over 100 ms.
 */
public record TcpVerdict(boolean ok, long bytesSent, long bytesReceived, boolean verified, boolean peerVerified,
                         Long firstMismatch, double longestStallMs, String longestStallStart, int stallsOver100ms,
                         String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the line; a line that is not tcpcheck's JSON is an {@link IOException}. */
    public static TcpVerdict parse(String line) throws IOException {
        JsonNode j = JSON.readTree(line);
        if (j == null || !j.isObject() || !j.has("ok") || !j.has("bytes_sent")) {
            throw new IOException("not a tcpcheck result: " + line);
        }
        return new TcpVerdict(j.path("ok").asBoolean(), j.path("bytes_sent").asLong(), j.path("bytes_received").asLong(),
                j.path("verified").asBoolean(), j.path("peer_verified").asBoolean(false),
                j.path("first_mismatch").isNumber() ? j.get("first_mismatch").asLong() : null,
                j.path("longest_stall_ms").asDouble(), j.path("longest_stall_start").isTextual()
                        ? j.get("longest_stall_start").asText() : null,
                j.path("stalls_over_100ms").asInt(), j.path("error").isTextual() ? j.get("error").asText() : null);
    }

    /** A result that stands for a client that printed nothing usable. */
    public static TcpVerdict failed(String error) {
        return new TcpVerdict(false, 0, 0, false, false, null, 0, null, 0, error);
    }
}
