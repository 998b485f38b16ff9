package org.roam6.it.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The JSON report the testbed's tools (tcpcheck.py, udpstream.py) print as their last JSON line. */
public final class JsonLines {

    private JsonLines() {
    }

    /** The last line of {@code output} that starts with '{', parsed; an AssertionError without one. */
    public static JsonNode last(String output) throws IOException {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("{")) {
                return new ObjectMapper().readTree(lines[i]);
            }
        }
        throw new AssertionError("no JSON line in:\n" + output);
    }
}
