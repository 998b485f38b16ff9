package org.roam6.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code deploy/testbed/udpstream.py}: a fixed-rate UDP stream (sequence number and send time in
 * each datagram) and what arrived of it. The command lines of its two sides, and the one JSON line
 * each prints: the sender's count, the receiver's packets, loss and outages (gaps between two
 * consecutive arrivals longer than its threshold).
 */
public final class UdpStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UdpStream() {
    }

    /** {@code python udpstream.py receive --bind ADDR --port P --duration S --report FILE}. */
    public static List<String> receiveCommand(String python, String script, String bind, int port, double durationS,
                                              String report) {
        return List.of(python, script, "receive", "--bind", bind, "--port", Integer.toString(port),
                "--duration", seconds(durationS), "--report", report);
    }

    /** {@code python udpstream.py send --to ADDR --port P --rate PPS --duration S --report FILE}. */
    public static List<String> sendCommand(String python, String script, String to, int port, int rate, double durationS,
                                           String report) {
        return List.of(python, script, "send", "--to", to, "--port", Integer.toString(port),
                "--rate", Integer.toString(rate), "--duration", seconds(durationS), "--report", report);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f", s);
    }

    /** One outage: arrivals stopped at {@code start} for {@code ms}; {@code missing} sequence numbers across it. */
    public record Outage(Instant start, double ms, long afterSeq, long resumedSeq, long missing) {
        /** When the first packet after the outage arrived. */
        public Instant end() {
            return start.plusNanos(Math.round(ms * 1_000_000));
        }
    }

    /** The receiver's result. */
    public record Received(long received, long highestSeq, long lost, long duplicates, long reordered,
                           double thresholdMs, List<Outage> outages) {

        public Received {
            outages = List.copyOf(outages);
        }

        /**
         * The longest outage that began between {@code beforeMs} before and {@code afterMs} after
         * {@code event} (the last arrival before an outage an event causes is just before it).
         */
        public Optional<Outage> longestAround(Instant event, long beforeMs, long afterMs) {
            Instant from = event.minusMillis(beforeMs);
            Instant to = event.plusMillis(afterMs);
            Outage best = null;
            for (Outage o : outages) {
                if (!o.start().isBefore(from) && !o.start().isAfter(to) && (best == null || o.ms() > best.ms())) {
                    best = o;
                }
            }
            return Optional.ofNullable(best);
        }
    }

    /** Reads the receiver's JSON line; anything else is an {@link IOException}. */
    public static Received parseReceived(String line) throws IOException {
        JsonNode j = JSON.readTree(line);
        if (j == null || !j.isObject() || !"receiver".equals(j.path("role").asText()) || !j.path("received").isNumber()
                || !j.path("outages").isArray()) {
            throw new IOException("not a udpstream receiver result: " + line);
        }
        List<Outage> outages = new ArrayList<>();
        for (JsonNode o : j.get("outages")) {
            try {
                outages.add(new Outage(OffsetDateTime.parse(o.path("start").asText()).toInstant(), o.path("ms").asDouble(),
                        o.path("after_seq").asLong(-1), o.path("resumed_seq").asLong(-1), o.path("missing").asLong()));
            } catch (DateTimeParseException e) {
                throw new IOException("udpstream outage with a bad start time: " + o, e);
            }
        }
        return new Received(j.get("received").asLong(), j.path("highest_seq").asLong(-1), j.path("lost").asLong(),
                j.path("duplicates").asLong(), j.path("reordered").asLong(), j.path("outage_threshold_ms").asDouble(),
                outages);
    }

    /** Reads the sender's JSON line: how many datagrams it sent. */
    public static long parseSent(String line) throws IOException {
        JsonNode j = JSON.readTree(line);
        if (j == null || !j.isObject() || !"sender".equals(j.path("role").asText()) || !j.path("sent").isNumber()) {
            throw new IOException("not a udpstream sender result: " + line);
        }
        return j.get("sent").asLong();
    }
}
