package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.roam6.it.testbed.JsonLines;

/** What the interop scenarios check with: bounded waits, tshark rows, flags and addresses. */
final class InteropChecks {

    private InteropChecks() {
    }

    static List<String[]> awaitRows(Path pcap, String filter, String... fields) {
        List<List<String[]>> box = new ArrayList<>();
        await(() -> {
            List<String[]> r = Tshark.rows(pcap, filter, fields);
            box.clear();
            box.add(r);
            return !r.isEmpty();
        }, Duration.ofSeconds(10));
        assertFalse(box.isEmpty() || box.get(0).isEmpty(), "no packet in " + pcap.getFileName() + " for " + filter);
        return box.get(0);
    }

    static int awaitCount(Path pcap, String filter) {
        int[] n = new int[1];
        await(() -> (n[0] = Tshark.count(pcap, filter)) > 10, Duration.ofSeconds(10));
        return n[0];
    }

    static boolean isFalse(String flag) {
        return flag == null || flag.isEmpty() || flag.equals("0") || flag.equalsIgnoreCase("false");
    }

    static boolean await(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    static JsonNode lastJson(String output) throws Exception {
        return JsonLines.last(output);
    }

    static String norm(String address) {
        return UmipConsole.norm(address);
    }

    static String tail(String log) {
        return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
    }
}
